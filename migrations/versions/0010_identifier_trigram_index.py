"""A trigram index of work-item identifiers, so a search inside an identifier uses an index
(SQLite: an FTS5 table with the trigram tokenizer; PostgreSQL: pg_trgm's GIN index).

Revision ID: 0010
Revises: 0009
"""
from alembic import op

from roadmap import search_index

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    search_index.create_identifier_index(op.get_bind())


def downgrade() -> None:
    search_index.drop_identifier_index(op.get_bind())
