"""A result one worker computes at a revision, another worker or host loads instead."""
from __future__ import annotations

import os
import time
import uuid

import pytest
from sqlalchemy import select, text, update

from roadmap import create_app, revision, shared_results
from roadmap.db import engine, get_session
from roadmap.models import SharedResult
from roadmap.read import gap_report, live_analysis
from roadmap.read.revision_cache import per_revision
from tests.read.test_live_analysis import arrange

REDIS_URL = os.environ.get("ROADMAP_TEST_REDIS_URL")
STORES = ["database", "redis"] if REDIS_URL else ["database"]


@pytest.fixture(params=STORES)
def two_workers(request, app, database_url):
    """The test's app and a second one on the same database, sharing results as configured."""
    extra = {"SHARED_RESULTS_AFTER_MS": "0"}  # share whatever it cost
    if request.param == "redis":
        extra |= {"REDIS_URL": REDIS_URL, "REDIS_KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    first = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "x",
                        **extra})
    second = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "x",
                         **extra})
    yield first, second, request.param
    for each in (first, second):
        each.extensions["roadmap.engine"].dispose()


def test_a_second_worker_loads_the_report_the_first_computed(two_workers):
    first, second, store = two_workers
    with first.app_context():
        arrange(get_session())
        computed = gap_report.gap_report(get_session())
    with second.app_context():
        loaded = gap_report.gap_report(get_session())
        assert loaded == computed
        shared = store == "redis" or engine().dialect.name == "postgresql"
        assert (engine() not in live_analysis._held) == shared  # built nothing of its own


def test_a_stored_result_that_does_not_load_is_computed_again(app):
    with app.app_context():
        if engine().dialect.name != "postgresql":
            pytest.skip("results are kept in the database on PostgreSQL only")
        session = get_session()
        arrange(session)
        computed = gap_report.compute_gap_report(session)
        shared_results.put(engine(), "gap_report", revision.current(session), computed)
        session.commit()  # a new snapshot: the result was stored on another connection
        session.execute(update(SharedResult).values(payload=b"not a result"))
        session.commit()
    other = create_app({"TESTING": True, "DATABASE_URL": app.config["DATABASE_URL"],
                        "SECRET_KEY": "x"})
    try:
        with other.app_context():
            assert gap_report.gap_report(get_session()) == computed
    finally:
        other.extensions["roadmap.engine"].dispose()


def test_a_result_cheaper_than_its_loading_is_not_shared(two_workers):
    first, second, _ = two_workers
    shared_results.configure(first.extensions["roadmap.engine"], enabled=True, worth=60.0)
    with first.app_context():
        arrange(get_session())
        gap_report.gap_report(get_session())
    with second.app_context():
        gap_report.gap_report(get_session())
        assert engine() in live_analysis._held  # it found nothing to load


def test_a_result_not_signed_with_the_apps_secret_is_not_loaded(two_workers):
    first, second, _ = two_workers
    shared_results.configure(first.extensions["roadmap.engine"], enabled=True,
                             secret=b"another app", worth=0.0)
    with first.app_context():
        arrange(get_session())
        gap_report.gap_report(get_session())
    with second.app_context():
        gap_report.gap_report(get_session())
        assert engine() in live_analysis._held  # it computed its own


def test_sharing_can_be_turned_off(app):
    other = create_app({"TESTING": True, "DATABASE_URL": app.config["DATABASE_URL"],
                        "SECRET_KEY": "x", "SHARED_RESULTS": "off"})
    try:
        assert not shared_results.enabled(other.extensions["roadmap.engine"])
    finally:
        other.extensions["roadmap.engine"].dispose()


def test_a_result_is_judged_by_what_its_thread_ran_and_waited_on_the_database(two_workers):
    """Under load a cheap result's wall time swells with the other threads' turns; what
    its own thread ran, and what it waited on the database, count towards storing it for
    the others, and nothing else."""
    first, _, store = two_workers
    with first.app_context():
        session = get_session()
        if store == "database" and engine().dialect.name != "postgresql":
            pytest.skip("results are kept in the database on PostgreSQL only")
        arrange(session)
        shared_results.configure(engine(), **shared_results.settings_of(engine())
                                 | {"worth": 0.05})
        stored = revision.current(session)

        def waits():
            time.sleep(0.15)  # three times the threshold, on the wall clock alone
            return "waited"

        def works():
            start = time.thread_time()
            while time.thread_time() - start < 0.06:
                pass
            return "worked"
        def queries():  # a statement the database takes its time over counts, as it waited
            session.execute(text("SELECT pg_sleep(0.06)"))
            return "queried"
        assert per_revision(session, f"waits-{uuid.uuid4().hex}", waits, shared=True)
        names = {kind: f"{kind}-{uuid.uuid4().hex}" for kind in ("works", "queries")}
        per_revision(session, names["works"], works, shared=True)
        if engine().dialect.name == "postgresql":
            per_revision(session, names["queries"], queries, shared=True)
        session.commit()  # a new snapshot: stored on another connection
        assert shared_results.get(session, names["works"], stored) == "worked"
        if engine().dialect.name == "postgresql":
            assert shared_results.get(session, names["queries"], stored) == "queried"
        assert not any(key.startswith("waits-") for key in _stored_names(session, first))


def _stored_names(session, app) -> list[str]:
    """The names of the results stored for this test's app, without the code digest."""
    config = app.config
    if config.get("REDIS_URL"):
        client = shared_results._client(config["REDIS_URL"])
        keys = client.keys(f"{config['REDIS_KEY_PREFIX']}:result:*")
        return [k.decode().split(":", 3)[-1] for k in keys]
    return [name.split(":", 1)[1] for name in session.scalars(select(SharedResult.name))]
