"""token_created_at was never read; tokens are rotated by a job instead

Revision ID: c682ef478e45
Revises: 3e5106ee570c
Create Date: 2024-03-15 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c682ef478e45'
down_revision = '3e5106ee570c'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_column('user', 'token_created_at')


def downgrade():
    op.add_column('user', sa.Column('token_created_at', sa.DateTime(), nullable=True))
