"""Engine, declarative base and the per-request session."""
from __future__ import annotations

from flask import current_app, g
from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

WRITE_OPTION = "roadmap_write"
# What the web layer answers without importing SQLAlchemy: the database cannot be reached
# (503), or it refused a value that slipped past the checks (400).
UNREACHABLE = (OperationalError, InterfaceError)
REFUSED_VALUE = DataError

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
    maker = sessionmaker(engine, expire_on_commit=False)
    from . import revision  # it reads the models, which import this module
    revision.watch(maker)
    app.extensions["roadmap.sessionmaker"] = maker
    app.teardown_appcontext(_close_session)
    app.register_error_handler(OperationalError, _unavailable)
    app.register_error_handler(InterfaceError, _unavailable)


def _unavailable(error):
    """The database cannot be reached: say so plainly, and let the next request retry.

    The pool pre-pings connections (PostgreSQL), so once the database is back the next
    request gets a fresh connection; nothing needs restarting.
    """
    from flask import render_template
    forget_session(error)
    return render_template("errors/unavailable.html"), 503, {"Retry-After": "5"}


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


def commit(session: Session) -> None:
    """Commit; a row that changed under us since it was read becomes a Conflict.

    Services check the version a form was opened at; two saves that both pass that check
    still cannot both win, because the UPDATE carries the version too (version_id_col).
    """
    from sqlalchemy.orm.exc import StaleDataError

    from .errors import Conflict
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        raise Conflict("the record was changed by someone else while it was being saved") from None
