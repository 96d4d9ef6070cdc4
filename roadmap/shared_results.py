"""Whole-roadmap results shared by every worker and host, under the revision they were
computed at: in Redis when `ROADMAP_REDIS_URL` is set, else in PostgreSQL
(`shared_results`, one row per result, the newest). What one process computes at a
revision, the others load instead of computing it again (roadmap/read/revision_cache.py).

Not in SQLite: a result stored on a second connection commits after the reader's own
snapshot began, and SQLite's WAL then refuses that reader's later write in the same
transaction ("database is locked"); one host's workers catch up item by item instead.

Values are pickled (the app's own frozen rows), signed with an HMAC of the app's secret
key, so nothing else that can write to the store can make the app unpickle it. Each name
carries a digest of the app's code, so one release never loads what another stored while
both run during an upgrade. A value that fails to load is computed again. Storing is
best effort: on its own connection, never waiting for a writer's lock.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import hmac
import logging
import pickle
import threading
import time
import weakref
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from .models import SharedResult

# Share only what cost more to compute (a `Cost`) than storing and loading it takes:
# at 50,000 items a gap report is about 230 KiB compressed, 25 ms to store and 15 ms to
# load, while a worker catches up after a status change in a few milliseconds
# (bench/gaps.py).
WORTH = 0.05  # seconds; ROADMAP_SHARED_RESULTS_AFTER_MS sets another
SIGNATURE = 32  # bytes of HMAC-SHA256 before each payload
log = logging.getLogger(__name__)
_redis: dict[str, Any] = {}  # one client per URL and process


@dataclass(frozen=True)
class Settings:
    enabled: bool = False
    secret: bytes = b""
    redis_url: str | None = None
    prefix: str = "roadmap"
    worth: float = WORTH


_settings: "weakref.WeakKeyDictionary[Engine, Settings]" = weakref.WeakKeyDictionary()


def configure(engine: Engine, **settings) -> None:
    """Say where `engine`'s app shares its results (the app factory calls this)."""
    _settings[engine] = Settings(**settings)
    if _settings[engine].enabled and not event.contains(engine, "before_cursor_execute",
                                                        _statement_starts):
        event.listen(engine, "before_cursor_execute", _statement_starts)
        event.listen(engine, "after_cursor_execute", _statement_ends)


class Cost:
    """What computing a result cost, to weigh against storing and loading it: the time its
    thread ran, with the time it waited on the database in place of what it ran meanwhile.
    Under load the wall clock also counts the other threads' turns (a 10,000-item matrix,
    8 ms alone, looked dear at every revision and was stored for workers that never loaded
    it), while the thread's CPU time alone would miss what its queries cost.

    >>> with Cost() as cost:
    ...     _ = sum(range(10_000))
    >>> 0 < cost.seconds < 1
    True
    """

    def __enter__(self) -> "Cost":
        self._start = (time.thread_time(), *_waited())
        return self

    def __exit__(self, *exc) -> None:
        ran, waited, ran_waiting = (now - then for now, then in zip(
            (time.thread_time(), *_waited()), self._start))
        self.seconds = ran - ran_waiting + waited


_in_statements = threading.local()  # this thread's totals: wall time, and CPU time, inside


def _waited() -> tuple[float, float]:
    return (getattr(_in_statements, "wall", 0.0), getattr(_in_statements, "cpu", 0.0))


def _statement_starts(*_args) -> None:
    _in_statements.started = (time.perf_counter(), time.thread_time())


def _statement_ends(*_args) -> None:
    wall, cpu = _waited()
    started = getattr(_in_statements, "started", (time.perf_counter(), time.thread_time()))
    _in_statements.wall = wall + time.perf_counter() - started[0]
    _in_statements.cpu = cpu + time.thread_time() - started[1]


def settings_of(engine: Engine) -> dict | None:
    """`engine`'s settings, for a process of its own to `configure` alike."""
    settings = _settings.get(engine)
    return dataclasses.asdict(settings) if settings else None


def enabled(engine: Engine) -> bool:
    return _settings.get(engine, Settings()).enabled


def worth_sharing(engine: Engine, seconds: float) -> bool:
    """Whether a result that cost `seconds` to compute (a `Cost`) is worth storing for the
    others."""
    settings = _settings.get(engine, Settings())
    return settings.enabled and seconds >= settings.worth


@functools.cache
def code_digest() -> str:
    """A digest of the app's code: a release loads only what the same release stored."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def get(session: Session, name: str, revision: str) -> Any:
    """The value stored for `name` at `revision`, or None."""
    settings = _settings.get(session.get_bind(), Settings())
    key = f"{code_digest()}:{name}"
    try:
        if settings.redis_url:
            blob = _client(settings.redis_url).get(f"{settings.prefix}:result:{key}")
            stamp = revision.encode()  # the value is stored after the revision it holds
            if not blob or not blob.startswith(stamp):
                return None
            blob = blob[len(stamp):]
        else:
            blob = session.scalar(select(SharedResult.payload).where(
                SharedResult.name == key, SharedResult.revision == revision))
            if blob is None:
                return None
        signature, payload = bytes(blob[:SIGNATURE]), bytes(blob[SIGNATURE:])
        if not hmac.compare_digest(signature, _sign(settings, payload)):
            log.warning("shared result %s is not signed by this app: ignored", name)
            return None
        return pickle.loads(zlib.decompress(payload))
    except Exception:  # noqa: BLE001 - a result that does not load is computed again
        log.warning("shared result %s could not be read", name, exc_info=True)
        return None


def put(engine: Engine, name: str, revision: str, value: Any) -> None:
    """Store `value` for `name` at `revision` for the others; give up rather than wait."""
    settings = _settings.get(engine, Settings())
    key = f"{code_digest()}:{name}"
    payload = zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)
    blob = _sign(settings, payload) + payload
    try:
        if settings.redis_url:
            _client(settings.redis_url).set(f"{settings.prefix}:result:{key}",
                                            revision.encode() + blob)
        elif engine.dialect.name == "postgresql":
            _store(engine, key, revision, blob)
    except Exception:  # noqa: BLE001 - the next reader computes it, as without a store
        log.info("shared result %s was not stored", name, exc_info=True)


def _sign(settings: Settings, payload: bytes) -> bytes:
    return hmac.new(settings.secret, payload, hashlib.sha256).digest()


def _store(engine: Engine, key: str, revision: str, blob: bytes) -> None:
    from sqlalchemy.dialects.postgresql import insert
    stmt = insert(SharedResult).values(name=key, revision=revision, payload=blob)
    with engine.begin() as conn:
        conn.exec_driver_sql("SET LOCAL lock_timeout = '50ms'")
        conn.execute(stmt.on_conflict_do_update(
            index_elements=["name"], set_={"revision": revision, "payload": blob}))


def _client(url: str):
    if url not in _redis:
        import redis
        _redis[url] = redis.Redis.from_url(url, socket_timeout=0.5)
    return _redis[url]
