"""API tokens, unique, with the time they were issued

Revision ID: 3e5106ee570c
Revises: 366e5694a9ad
Create Date: 2024-03-01 11:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3e5106ee570c'
down_revision = '366e5694a9ad'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('user', sa.Column('api_token', sa.String(length=255), nullable=True))
    op.add_column('user', sa.Column('token_created_at', sa.DateTime(), nullable=True))
    op.create_index('ix_user_api_token', 'user', ['api_token'], unique=True)


def downgrade():
    op.drop_index('ix_user_api_token', table_name='user')
    op.drop_column('user', 'token_created_at')
    op.drop_column('user', 'api_token')
