"""Full-text search over work items (SQLite FTS5 or a PostgreSQL text-search index).

Revision ID: 0003
Revises: 0002
"""
from alembic import op

from roadmap import search_index

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    search_index.create(op.get_bind())


def downgrade() -> None:
    search_index.drop(op.get_bind())
