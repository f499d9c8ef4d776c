"""initial: the user table, then password_hash widened for bcrypt's longer hashes

Revision ID: 6793349c088c
Revises:
Create Date: 2024-01-05 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6793349c088c'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'user',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('username', sa.String(length=64), nullable=False),
        sa.Column('email', sa.String(length=120), nullable=False),
        sa.Column('fullname', sa.String(length=100), nullable=True),
        sa.Column('password_hash', sa.String(length=128), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('email'),
        sa.UniqueConstraint('username'),
    )
    op.alter_column(
        'user', 'password_hash', existing_type=sa.String(length=128), type_=sa.String(length=255), existing_nullable=True
    )


def downgrade():
    op.drop_table('user')
