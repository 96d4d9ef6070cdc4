"""Full-text search over work items: SQLite FTS5, or PostgreSQL's text search.

The index objects live outside the models' metadata (a virtual table and triggers on
SQLite, an expression index on PostgreSQL); the migration and the test fixtures both
create them through `create()`. User input never reaches a query parser as syntax: it
is reduced to words first, so no search can raise an error.
"""
from __future__ import annotations

import re

from sqlalchemy import func, literal_column, or_, select, text
from sqlalchemy.engine import Connection

from .models import WorkItem

FTS_TABLE = "work_items_fts"  # SQLite
PG_INDEX = "ix_work_items_search"  # PostgreSQL
_WORDS = re.compile(r"[^\W_]+", re.UNICODE)  # letters and digits only: never syntax
MAX_WORDS = 10

_SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(identifier, title, summary, "
    "content='work_items', content_rowid='id', tokenize='porter unicode61')",
    f"CREATE TRIGGER {FTS_TABLE}_ai AFTER INSERT ON work_items BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, identifier, title, summary) "
    "VALUES (new.id, new.identifier, new.title, new.summary); END",
    f"CREATE TRIGGER {FTS_TABLE}_ad AFTER DELETE ON work_items BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, identifier, title, summary) "
    "VALUES ('delete', old.id, old.identifier, old.title, old.summary); END",
    f"CREATE TRIGGER {FTS_TABLE}_au AFTER UPDATE ON work_items BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, identifier, title, summary) "
    "VALUES ('delete', old.id, old.identifier, old.title, old.summary); "
    f"INSERT INTO {FTS_TABLE}(rowid, identifier, title, summary) "
    "VALUES (new.id, new.identifier, new.title, new.summary); END",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
_SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{t}" for t in ("ai", "ad", "au")] + [
    f"DROP TABLE IF EXISTS {FTS_TABLE}"]
_PG_DOCUMENT = ("to_tsvector('english', coalesce(identifier, '') || ' ' || coalesce(title, '') "
                "|| ' ' || coalesce(summary, ''))")


def create(connection: Connection) -> None:
    """Create the search index for this database (and fill it from existing rows)."""
    if connection.dialect.name == "sqlite":
        for statement in _SQLITE_CREATE:
            connection.exec_driver_sql(statement)
    else:
        connection.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON work_items USING gin ({_PG_DOCUMENT})")


def drop(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        for statement in _SQLITE_DROP:
            connection.exec_driver_sql(statement)
    else:
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {PG_INDEX}")


def is_search_object(name: str | None) -> bool:
    """Tell Alembic's autogenerate which reflected objects belong to the search index."""
    return bool(name) and (name.startswith(FTS_TABLE) or name == PG_INDEX)


def words(q: str) -> list[str]:
    """Reduce user input to plain words.

    >>> words('digital "twin* OR (NOT) ISO/IEC 30145-1')
    ['digital', 'twin', 'OR', 'NOT', 'ISO', 'IEC', '30145', '1']
    """
    return _WORDS.findall(q)[:MAX_WORDS]


def condition(dialect: str, q: str):
    """Return a WHERE condition: every word matches the text, or the identifier contains q."""
    terms = words(q)
    identifier = WorkItem.identifier.ilike(
        "%" + q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",
        escape="\\")
    if not terms:
        return identifier
    if dialect == "sqlite":
        # each word a quoted FTS5 string ("..." with "" for a quote), the last one a prefix
        match = " ".join(f'"{t}"' for t in terms[:-1]) + f' "{terms[-1]}"*'
        ids = select(literal_column("rowid")).select_from(text(FTS_TABLE)).where(
            text(f"{FTS_TABLE} MATCH :fts_query").bindparams(fts_query=match.strip()))
        return or_(WorkItem.id.in_(ids), identifier)
    query = " & ".join(f"{t}:*" for t in terms)  # words only, so this is always valid
    document = func.to_tsvector("english", func.coalesce(WorkItem.identifier, "") + " "
                                + func.coalesce(WorkItem.title, "") + " "
                                + func.coalesce(WorkItem.summary, ""))
    return or_(document.op("@@")(func.to_tsquery("english", query)), identifier)
