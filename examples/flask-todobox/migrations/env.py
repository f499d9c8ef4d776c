import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

from todobox.models import Base

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)

# The app's own setting, as on Heroku-style hosts: mysql://user:password@host:port/database.
url = os.environ["DATABASE_URL"].replace("mysql://", "mysql+pymysql://", 1)
config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))

target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
