"""Whole-roadmap results shared by every worker and host, under the revision they were
computed at: in Redis when `ROADMAP_REDIS_URL` is set, else in PostgreSQL
(`shared_results`, one row per result, the newest). What one process computes at a
revision, the others load instead of computing it again (roadmap/read/revision_cache.py).

Not in SQLite: a result stored on a second connection commits after the reader's own
snapshot began, and SQLite's WAL then refuses that reader's later write in the same
transaction ("database is locked"); one host's workers catch up item by item instead.

Values are pickled: they are the app's own frozen rows, written and read only by the app
through its own database or Redis. FORMAT is part of each name, so a new version of the
app never unpickles what an older one stored; a value that fails to load is recomputed.
Storing is best effort: on its own connection, never waiting for a writer's lock.
"""
from __future__ import annotations

import logging
import pickle
import weakref
import zlib
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from .models import SharedResult

FORMAT = 1
# Share only what took longer to compute than storing and loading it takes: at 50,000
# items a gap report is about 230 KiB compressed, 25 ms to store and 15 ms to load, while
# a worker catches up after a status change in a few milliseconds (bench/gaps.py).
WORTH = 0.05  # seconds; ROADMAP_SHARED_RESULTS_AFTER_MS sets another
log = logging.getLogger(__name__)
_redis: dict[str, Any] = {}  # one client per URL and process
_settings: "weakref.WeakKeyDictionary[Engine, tuple[bool, str | None, str, float]]" = \
    weakref.WeakKeyDictionary()
_OFF = (False, None, "", WORTH)


def configure(engine: Engine, *, enabled: bool = True, redis_url: str | None = None,
              prefix: str = "roadmap", worth: float = WORTH) -> None:
    """Say where `engine`'s app shares its results (the app factory calls this)."""
    _settings[engine] = (enabled, redis_url, prefix, worth)


def enabled(engine: Engine) -> bool:
    return _settings.get(engine, _OFF)[0]


def worth_sharing(engine: Engine, seconds: float) -> bool:
    """Whether a result that took `seconds` to compute is worth storing for the others."""
    settings = _settings.get(engine, _OFF)
    return settings[0] and seconds >= settings[3]


def get(session: Session, name: str, revision: str) -> Any:
    """The value stored for `name` at `revision`, or None."""
    _, redis_url, prefix, _ = _settings.get(session.get_bind(), _OFF)
    key = f"{FORMAT}:{name}"
    try:
        if redis_url:
            blob = _client(redis_url).get(f"{prefix}:result:{key}")
            if not blob or blob[:32] != revision.encode():
                return None
            blob = blob[32:]
        else:
            blob = session.scalar(select(SharedResult.payload).where(
                SharedResult.name == key, SharedResult.revision == revision))
            if blob is None:
                return None
        return pickle.loads(zlib.decompress(blob))
    except Exception:  # noqa: BLE001 - a result that does not load is computed again
        log.warning("shared result %s could not be read", name, exc_info=True)
        return None


def put(engine: Engine, name: str, revision: str, value: Any) -> None:
    """Store `value` for `name` at `revision` for the others; give up rather than wait."""
    _, redis_url, prefix, _ = _settings.get(engine, _OFF)
    key = f"{FORMAT}:{name}"
    blob = zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)
    try:
        if redis_url:
            _client(redis_url).set(f"{prefix}:result:{key}", revision.encode() + blob)
        elif engine.dialect.name == "postgresql":
            _store(engine, key, revision, blob)
    except Exception:  # noqa: BLE001 - the next reader computes it, as without a store
        log.info("shared result %s was not stored", name, exc_info=True)


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
