"""Full-text search over work items: SQLite FTS5, or PostgreSQL's text search; and the
identifiers' own index, by trigrams, for a search inside an identifier ("30145" in
"ISO/IEC 30145-1").

The index objects live outside the models' metadata (virtual tables and triggers on
SQLite, a text-search and a trigram index on PostgreSQL); the migrations (0003, 0010) and
the test fixtures both create them through `create()` and `create_identifier_index()`.
User input never reaches a query parser as syntax: words are reduced to letters and
digits, and an identifier's fragment is one quoted FTS5 string, so no search can raise
an error.
"""
from __future__ import annotations

import re

from sqlalchemy import false, func, literal_column, or_, select, text, union
from sqlalchemy.engine import Connection
from sqlalchemy.orm import aliased

from .models import WorkItem

FTS_TABLE = "work_items_fts"  # SQLite
PG_INDEX = "ix_work_items_search"  # PostgreSQL
IDS_TABLE = "work_items_identifiers"  # SQLite: FTS5 with the trigram tokenizer
PG_IDS_INDEX = "ix_work_items_identifier_trgm"  # PostgreSQL: pg_trgm
TRIGRAM = 3  # a fragment shorter than a trigram cannot use a trigram index
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


_SQLITE_IDS_CREATE = [
    f"CREATE VIRTUAL TABLE {IDS_TABLE} USING fts5(identifier, content='work_items', "
    "content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER {IDS_TABLE}_ai AFTER INSERT ON work_items BEGIN "
    f"INSERT INTO {IDS_TABLE}(rowid, identifier) VALUES (new.id, new.identifier); END",
    f"CREATE TRIGGER {IDS_TABLE}_ad AFTER DELETE ON work_items BEGIN "
    f"INSERT INTO {IDS_TABLE}({IDS_TABLE}, rowid, identifier) "
    "VALUES ('delete', old.id, old.identifier); END",
    f"CREATE TRIGGER {IDS_TABLE}_au AFTER UPDATE OF identifier ON work_items BEGIN "
    f"INSERT INTO {IDS_TABLE}({IDS_TABLE}, rowid, identifier) "
    "VALUES ('delete', old.id, old.identifier); "
    f"INSERT INTO {IDS_TABLE}(rowid, identifier) VALUES (new.id, new.identifier); END",
    f"INSERT INTO {IDS_TABLE}({IDS_TABLE}) VALUES ('rebuild')",
]
_PG_TRGM_SCHEMA = ("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n "
                   "ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'")


def create_identifier_index(connection: Connection) -> None:
    """Create the identifiers' trigram index (and fill it from existing rows).

    On PostgreSQL the pg_trgm extension is created in `public` when no schema has it yet,
    so that a schema dropped later (a test's, a benchmark's) never takes it along.
    """
    if connection.dialect.name == "sqlite":
        for statement in _SQLITE_IDS_CREATE:
            connection.exec_driver_sql(statement)
        return
    connection.exec_driver_sql("SELECT pg_advisory_xact_lock(hashtext('pg_trgm'))")
    if connection.exec_driver_sql(_PG_TRGM_SCHEMA).scalar() is None:
        connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public")
    schema = connection.exec_driver_sql(_PG_TRGM_SCHEMA).scalar()
    connection.exec_driver_sql(f'CREATE INDEX IF NOT EXISTS {PG_IDS_INDEX} ON work_items '
                               f'USING gin (identifier "{schema}".gin_trgm_ops)')


def drop_identifier_index(connection: Connection) -> None:
    """Drop the identifiers' index; the pg_trgm extension stays, others may use it."""
    if connection.dialect.name == "sqlite":
        for statement in [f"DROP TRIGGER IF EXISTS {IDS_TABLE}_{t}" for t in ("ai", "ad", "au")]:
            connection.exec_driver_sql(statement)
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {IDS_TABLE}")
    else:
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {PG_IDS_INDEX}")


def is_search_object(name: str | None) -> bool:
    """Tell Alembic's autogenerate which reflected objects belong to the search indexes."""
    return bool(name) and (name.startswith((FTS_TABLE, IDS_TABLE))
                           or name in (PG_INDEX, PG_IDS_INDEX))


def words(q: str) -> list[str]:
    """Reduce user input to plain words.

    >>> words('digital "twin* OR (NOT) ISO/IEC 30145-1')
    ['digital', 'twin', 'OR', 'NOT', 'ISO', 'IEC', '30145', '1']
    """
    return _WORDS.findall(q)[:MAX_WORDS]


def condition(dialect: str, q: str):
    """Return a WHERE condition over WorkItem: every word matches the text, or the
    identifier contains q.

    Shaped for the indexes: on SQLite the ids of both searches, each answered by its FTS5
    table, in one UNION; on PostgreSQL an OR of the text-search and trigram conditions,
    which the planner answers with both GIN indexes at once (a BitmapOr) when the
    identifier's fragment holds a word of three characters or more, and otherwise a UNION,
    so that the short fragment scans the identifiers alone and never computes every row's
    text-search document.
    """
    terms, fragment = words(q), q.strip()
    found = aliased(WorkItem)  # the searches' own rows, never correlated with the outer query
    if dialect == "sqlite":
        searches = [_sqlite_text(terms)] if terms else []
        searches.append(_sqlite_identifier(fragment) if len(fragment) >= TRIGRAM
                        and "\x00" not in fragment else
                        select(found.id).where(_contains(found.identifier, fragment)))
        return WorkItem.id.in_(union(*searches) if len(searches) > 1 else searches[0])
    if not terms:
        return _contains(WorkItem.identifier, fragment)
    query = func.to_tsquery("english", " & ".join(f"{t}:*" for t in terms))  # words only: valid
    if any(len(t) >= TRIGRAM for t in terms):
        return or_(_pg_document(WorkItem).op("@@")(query),
                   _contains(WorkItem.identifier, fragment))
    return WorkItem.id.in_(union(select(found.id).where(_pg_document(found).op("@@")(query)),
                                 select(found.id).where(_contains(found.identifier, fragment))))


def _contains(column, fragment: str):
    """`column` holds `fragment`, in any case; nothing holds a NUL (PostgreSQL refuses one)."""
    if "\x00" in fragment:
        return false()
    escaped = fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


def _sqlite_text(terms: list[str]):
    # each word a quoted FTS5 string ("..." with "" for a quote), the last one a prefix
    match = " ".join(f'"{t}"' for t in terms[:-1]) + f' "{terms[-1]}"*'
    return select(literal_column("rowid")).select_from(text(FTS_TABLE)).where(
        text(f"{FTS_TABLE} MATCH :fts_query").bindparams(fts_query=match.strip()))


def _sqlite_identifier(fragment: str):
    """The ids whose identifier contains `fragment`: one FTS5 string of trigrams, in order."""
    phrase = '"' + fragment.replace('"', '""') + '"'
    return select(literal_column("rowid")).select_from(text(IDS_TABLE)).where(
        text(f"{IDS_TABLE} MATCH :ids_query").bindparams(ids_query=phrase))


def _pg_document(item):
    """The expression the text-search index holds (see _PG_DOCUMENT)."""
    return func.to_tsvector("english", func.coalesce(item.identifier, "") + " "
                            + func.coalesce(item.title, "") + " "
                            + func.coalesce(item.summary, ""))
