"""The sign-in limits' stores: the database (both kinds) and Redis keep the same counts.

Each behaviour runs against every store through the `limits` strategies web/throttle.py
uses, so the database store is held to what the library's own Redis store does.
"""
import os
import threading
import time
import uuid

import pytest
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter

from roadmap import limit_store
from roadmap.db import make_engine
from roadmap.limit_store import DatabaseStorage
from tests.conftest import BACKENDS, _truncate, create_schema

REDIS_URL = os.environ.get("ROADMAP_TEST_REDIS_URL")
STORES = [*BACKENDS, "redis"] if REDIS_URL else BACKENDS


@pytest.fixture(params=STORES)
def storage(request, tmp_path):
    """Each store as web/throttle.py makes it: by URI, the database one with the engine."""
    if request.param == "redis":
        yield storage_from_string(REDIS_URL)
        return
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'limits.sqlite'}"
        create_schema(url)
    else:
        url = request.getfixturevalue("pg_roadmap_url")
        _truncate(url)
    engine = make_engine(url)
    yield storage_from_string(f"{limit_store.SCHEME}://", engine=engine)
    engine.dispose()


@pytest.fixture
def key():
    return f"test-{uuid.uuid4().hex}"  # Redis is shared by every run: keys of our own


class Clock:
    """time.time() for the database store, moved by hand."""

    def __init__(self):
        self.now = time.time()

    def time(self) -> float:
        return self.now


def test_a_moving_window_takes_the_limit_and_no_more(storage, key):
    counter, item = MovingWindowRateLimiter(storage), parse("3 per 15 minutes")
    assert [counter.hit(item, key) for _ in range(5)] == [True, True, True, False, False]
    assert not counter.test(item, key)
    assert counter.test(item, key + "-other")
    stats = counter.get_window_stats(item, key)
    assert stats.remaining == 0 and 0 < stats.reset_time - time.time() <= 15 * 60


def test_clearing_a_key_starts_it_again(storage, key):
    counter, item = MovingWindowRateLimiter(storage), parse("2 per hour")
    counter.hit(item, key), counter.hit(item, key)
    counter.clear(item, key)
    assert counter.get_window_stats(item, key).remaining == 2
    assert counter.hit(item, key)


def test_hits_older_than_the_window_no_longer_count(app, monkeypatch, key):
    clock = Clock()
    monkeypatch.setattr(limit_store, "time", clock)
    counter = MovingWindowRateLimiter(DatabaseStorage(engine=app.extensions["roadmap.engine"]))
    item = parse("2 per minute")
    assert counter.hit(item, key) and counter.hit(item, key) and not counter.hit(item, key)
    clock.now += 30
    assert not counter.hit(item, key)
    assert counter.get_window_stats(item, key).reset_time == pytest.approx(clock.now - 30 + 60)
    clock.now += 31  # the first two hits are older than the minute now
    assert counter.test(item, key) and counter.hit(item, key)


def test_expired_hits_are_removed_from_the_table(app, monkeypatch, key):
    from sqlalchemy import func, select
    from roadmap.models import LimitHit
    clock = Clock()
    monkeypatch.setattr(limit_store, "time", clock)
    storage = DatabaseStorage(engine=app.extensions["roadmap.engine"])
    for name in ("a", "b", "c"):
        storage.acquire_entry(f"{key}-{name}", 5, 60)
    clock.now += 61
    storage.acquire_entry(f"{key}-d", 5, 60)
    with app.extensions["roadmap.engine"].connect() as conn:
        assert conn.scalar(select(func.count()).select_from(LimitHit)) == 1


def test_a_fixed_window_counts_and_ends(storage, key):
    counter, item = FixedWindowRateLimiter(storage), parse("2 per hour")
    assert [counter.hit(item, key) for _ in range(3)] == [True, True, False]
    stats = counter.get_window_stats(item, key)
    assert stats.remaining == 0 and 0 < stats.reset_time - time.time() <= 3600
    counter.clear(item, key)
    assert counter.hit(item, key)


def test_the_database_store_resets_and_checks(app, key):
    storage = DatabaseStorage(engine=app.extensions["roadmap.engine"])
    storage.acquire_entry(key, 5, 60), storage.incr(key, 60)
    assert storage.check()
    assert storage.reset() == 2
    assert storage.get(key) == 0 and storage.get_moving_window(key, 5, 60)[1] == 0


def test_hits_arriving_together_never_pass_the_limit(storage, key):
    """Twelve threads at once, each on its own connection: exactly five get a place."""
    counter, item = MovingWindowRateLimiter(storage), parse("5 per 15 minutes")
    start, taken = threading.Barrier(12), []

    def hit():
        start.wait()
        taken.append(counter.hit(item, key))

    threads = [threading.Thread(target=hit) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(taken) == [False] * 7 + [True] * 5
