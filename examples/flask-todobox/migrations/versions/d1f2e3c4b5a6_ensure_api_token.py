"""make sure api_token and its unique index exist

Databases that ran an older c682ef478e45, which also dropped api_token, lost both; on the others this does
nothing.

Revision ID: d1f2e3c4b5a6
Revises: c682ef478e45
Create Date: 2024-03-20 13:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd1f2e3c4b5a6'
down_revision = 'c682ef478e45'
branch_labels = None
depends_on = None


def upgrade():
    inspector = sa.inspect(op.get_bind())
    if 'api_token' not in [column['name'] for column in inspector.get_columns('user')]:
        op.add_column('user', sa.Column('api_token', sa.String(length=255), nullable=True))
    if 'ix_user_api_token' not in [index['name'] for index in inspector.get_indexes('user')]:
        op.create_index('ix_user_api_token', 'user', ['api_token'], unique=True)


def downgrade():
    # Nothing to undo: upgrade only restores what earlier revisions were meant to leave.
    pass
