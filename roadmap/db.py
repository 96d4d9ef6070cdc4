"""Engine, declarative base and the per-request session."""
from __future__ import annotations

from flask import current_app, g
from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.exc import DataError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from .errors import Conflict

WRITE_OPTION = "roadmap_write"
# What the web layer answers without importing SQLAlchemy: the database cannot be reached
# (503), it refused a value that slipped past the checks (400), or a concurrent writer got
# there first (409; see `lost_race`).
UNREACHABLE = (OperationalError, InterfaceError)
REFUSED_VALUE = DataError
RACED = (IntegrityError, StaleDataError)
STALE = "the record was changed by someone else while it was being saved"
RACED_WRITE = ("someone else saved a change to the same records at the same time; nothing of "
               "yours was written")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL and a busy timeout for several users."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling skips BEGIN before reads, which breaks
        # SAVEPOINT and repeatable reads; emit BEGIN ourselves (SQLAlchemy's recipe).
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def make_read_only_engine(path: str) -> Engine:
    """An engine on a SQLite file that no connection of it can change (an edition's copy)."""
    engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    event.listen(engine, "connect", _read_only_pragmas)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _read_only_pragmas(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA query_only=ON")


def _sqlite_begin(conn) -> None:
    # A writer takes the write lock at once (BEGIN IMMEDIATE) and waits its turn under the
    # busy timeout; a deferred writer could fail mid-way with "database is locked".
    immediate = conn.get_execution_options().get(WRITE_OPTION)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def begin_write(session: Session) -> None:
    """Start `session`'s transaction as a writer; call it before the first statement."""
    if not session.in_transaction():
        session.connection(execution_options={WRITE_OPTION: True})


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    if not _is_memory(dbapi_connection):
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _is_memory(dbapi_connection) -> bool:
    rows = dbapi_connection.execute("PRAGMA database_list").fetchall()
    return all(not row[2] for row in rows)


def init_app(app) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["roadmap.engine"] = engine
    app.extensions["roadmap.sessionmaker"] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def lost_race(error: Exception) -> bool:
    """Say whether a database error means that a concurrent writer got there first.

    The services check every rule before writing, so a unique or foreign-key violation
    is another transaction's row appearing or going after the check; an UPDATE that finds
    its row at another version (StaleDataError) lost to a concurrent save; a deadlock or
    a serialization failure (SQLSTATE class 40) is PostgreSQL choosing one of two writers.
    """
    if isinstance(error, RACED):
        return True
    return str(getattr(getattr(error, "orig", None), "sqlstate", None) or "").startswith("40")


def as_conflict(error: Exception) -> Conflict:
    """The Conflict a lost race (see `lost_race`) means, in the words people read."""
    return Conflict(STALE if isinstance(error, StaleDataError) else RACED_WRITE)


def forget_session(error) -> None:
    """Log an unreachable database and drop this request's session with its connection."""
    current_app.logger.warning("database unavailable: %s", str(error).splitlines()[0])
    session = g.pop("db_session", None)
    if session is not None:
        session.invalidate()  # drop a connection that may be dead


def engine() -> Engine:
    return current_app.extensions["roadmap.engine"]


def new_session() -> Session:
    return current_app.extensions["roadmap.sessionmaker"]()


def get_session() -> Session:
    """Return this request's (or CLI command's) session, opening it on first use."""
    if "db_session" not in g:
        g.db_session = new_session()
    return g.db_session


def _close_session(_exc) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def plain(session: Session, statement, params: dict | None = None):
    """Run a column select on the session's connection, in its transaction, and return the
    rows as the database gave them. The hot pages read plain rows only; the ORM's layer
    (its per-statement context and per-row processing) costs more than some of their
    queries do. Pending changes are flushed first, as the ORM's own execution would (a
    writer that reads stored records back sees its own changes)."""
    if session.autoflush:
        session.flush()  # nothing to do, and next to no cost, in a reading request
    return session.connection().execute(statement, params or {})


def commit(session: Session) -> None:
    """Commit; a write that lost a race with another one becomes a Conflict.

    Services check the version a form was opened at; two saves that both pass that check
    still cannot both win, because the UPDATE carries the version too (version_id_col).
    Every writer commits through here: the web, the API, the command line and imports.
    """
    try:
        session.commit()
    except (StaleDataError, IntegrityError, OperationalError) as error:
        session.rollback()
        if not lost_race(error):
            raise
        raise as_conflict(error) from None
