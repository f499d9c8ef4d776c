"""sign-in with an OAuth provider

Revision ID: 366e5694a9ad
Revises: 6793349c088c
Create Date: 2024-02-12 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '366e5694a9ad'
down_revision = '6793349c088c'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('user', sa.Column('oauth_provider', sa.String(length=50), nullable=True))
    op.add_column('user', sa.Column('oauth_id', sa.String(length=255), nullable=True))


def downgrade():
    op.drop_column('user', 'oauth_id')
    op.drop_column('user', 'oauth_provider')
