"""The sign-in limits' counts in the roadmap's own database, as a `limits` storage.

web/throttle.py counts sign-ins with the `limits` package, whose own stores are memory
(one process), Redis, Memcached or MongoDB. The embedded default must
hold across workers and hosts without another server, so this module adds one more store
to `limits`: the tables of models/throttle.py, reached as `roadmap-database://` with the
app's engine in the storage options. It runs its own short transactions on its own
connection, so a count survives the request's rollback and never waits on its lock.
"""
from __future__ import annotations

import hashlib
import time
from contextlib import contextmanager
from typing import Iterator

from limits.storage import MovingWindowSupport, Storage
from sqlalchemy import delete, func, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from .db import WRITE_OPTION
from .models import LimitCounter, LimitHit

SCHEME = "roadmap-database"


class DatabaseStorage(Storage, MovingWindowSupport):
    """Fixed-window counters and moving-window hits, kept in the database every worker shares."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, *,
                 engine: Engine, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.engine = engine

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    # -- the moving window: what the sign-in limits use --------------------------------

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        """Record `amount` hits of `key` unless that would pass `limit` within `expiry` s."""
        if amount > limit:
            return False
        now = time.time()
        with self._writing(key) as conn:
            conn.execute(delete(LimitHit).where(LimitHit.expires <= now))
            held = conn.scalar(select(func.count()).select_from(LimitHit).where(
                LimitHit.key == key, LimitHit.at > now - expiry))
            if held + amount > limit:
                return False
            conn.execute(LimitHit.__table__.insert(),
                         [{"key": key, "at": now, "expires": now + expiry}] * amount)
        return True

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        """(when the oldest hit still counted was made, how many are counted); now and 0 if none."""
        now = time.time()
        with self.engine.connect() as conn:
            oldest, held = conn.execute(select(func.min(LimitHit.at), func.count()).where(
                LimitHit.key == key, LimitHit.at > now - expiry)).one()
        return (oldest, held) if held else (now, 0)

    # -- the fixed window: the rest of what a `limits` storage offers -------------------

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        with self._writing(key) as conn:
            row = conn.execute(select(LimitCounter.count, LimitCounter.expires).where(
                LimitCounter.key == key)).one_or_none()
            if row is None or row.expires <= now:
                count = amount
                conn.execute(delete(LimitCounter).where(LimitCounter.key == key))
                conn.execute(LimitCounter.__table__.insert(),
                             {"key": key, "count": count, "expires": now + expiry})
            else:
                count = row.count + amount
                conn.execute(LimitCounter.__table__.update().where(
                    LimitCounter.key == key).values(count=count))
        return count

    def get(self, key: str) -> int:
        with self.engine.connect() as conn:
            count = conn.scalar(select(LimitCounter.count).where(
                LimitCounter.key == key, LimitCounter.expires > time.time()))
        return count or 0

    def get_expiry(self, key: str) -> float:
        with self.engine.connect() as conn:
            expires = conn.scalar(select(LimitCounter.expires).where(LimitCounter.key == key))
        return expires if expires and expires > time.time() else time.time()

    def check(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int:
        with self.engine.begin() as conn:
            return sum(conn.execute(delete(table)).rowcount
                       for table in (LimitCounter, LimitHit))

    def clear(self, key: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(LimitCounter).where(LimitCounter.key == key))
            conn.execute(delete(LimitHit).where(LimitHit.key == key))

    @contextmanager
    def _writing(self, key: str) -> Iterator[Connection]:
        """A transaction that counts `key` alone: on SQLite the write lock (BEGIN IMMEDIATE),
        on PostgreSQL an advisory lock on the key, so two workers cannot both take the last
        place in a window."""
        with self.engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, \
                conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": _lock_id(key)})
            yield conn


def _lock_id(key: str) -> int:
    """A signed 64-bit number for `key`, as PostgreSQL's advisory locks take."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
