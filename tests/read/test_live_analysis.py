"""The gap report caught up item by item equals one built afresh, on both databases."""
from __future__ import annotations

from collections import Counter

from hypothesis import given, strategies as st
from sqlalchemy import func, select, text

from roadmap import create_app, revision
from roadmap.db import engine, get_session
from roadmap.models import Mapping, Organization, Topic, WorkItem
from roadmap.read import gap_report, live_analysis
from roadmap.vocab import ACTIVE_STATUSES, STATUSES
from tests.factories import make_leaves, make_organization, make_topic, make_work_item
from tests.budget import recorded
from tests.read.test_revision_cache import statements_of

LEAVES = ("S1", "S2", "S3", "S4")
KINDS = ("status", "identifier", "map", "unmap", "relevance", "new", "organization", "topic")
EDITS = st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 40),
                           st.sampled_from(STATUSES), st.sampled_from(LEAVES)),
                 min_size=1, max_size=6)


def arrange(session):
    if session.scalar(select(Organization.id)) is None:
        make_organization(session)
        make_organization(session, "ISO", kind="international_sdo")
        make_leaves(session, *LEAVES)
        make_work_item(session, "Y.4600", topic_codes=["S1"])
        make_work_item(session, "ISO 37120", organization="ISO", status="in_development",
                       topic_codes=["S1", "S2"])
        session.commit()


def edit(session, kind: str, pick: int, status: str, code: str) -> bool:
    """Make one change through the ORM; return whether it is a work-item change only."""
    items = session.scalars(select(WorkItem).order_by(WorkItem.id)).all()
    item = items[pick % len(items)]
    topic = session.scalar(select(Topic).where(Topic.code == code))
    mapped = {m.topic_id: m for m in item.mappings}
    if kind == "status":
        item.status, item.published = status, item.published or "2024-05-01"
    elif kind == "identifier":
        item.identifier = f"Y.{pick}.{item.id}"
    elif kind == "map" and topic.id not in mapped:
        item.mappings.append(Mapping(topic=topic, relevance="supporting"))
    elif kind == "unmap" and mapped:
        item.mappings.remove(next(iter(mapped.values())))
    elif kind == "relevance" and mapped:
        first = next(iter(mapped.values()))
        first.relevance = "core" if first.relevance == "supporting" else "supporting"
    elif kind == "new":
        make_work_item(session, f"X.{pick}.{len(items)}", status=status, topic_codes=[code])
    elif kind == "organization":
        item.organization = session.scalar(select(Organization).where(
            Organization.id != item.organization_id))
        item.identifier = f"{item.identifier}.{item.id}"  # stays unique in its new body
    elif kind == "topic":
        make_topic(session, f"{code}{len(items)}{pick}", parent="S")
        return False
    return True


def counted(session) -> dict:
    """The matrix's counts as SQL gives them: active items per topic, body, status, relevance."""
    return {row[:4]: row[4] for row in session.execute(
        select(Topic.code, Organization.acronym, WorkItem.status, Mapping.relevance, func.count())
        .join(Mapping.topic).join(Mapping.work_item).join(WorkItem.organization)
        .where(WorkItem.status.in_(ACTIVE_STATUSES))
        .group_by(Topic.code, Organization.acronym, WorkItem.status, Mapping.relevance))}


def matrix_counts(rows) -> dict:
    return {tuple(row[:4]): row[4] for row in rows}


@given(edits=EDITS)
def test_the_report_caught_up_item_by_item_equals_one_built_afresh(app, edits):
    with app.app_context():
        session = get_session()
        arrange(session)
        gap_report.gap_report(session)
        for kind, pick, status, code in edits:
            held = live_analysis._held.get(engine())
            items_only = edit(session, kind, pick, status, code)
            session.commit()
            caught_up = gap_report.gap_report(session)
            assert caught_up == gap_report.compute_gap_report(session), (kind, pick)
            codes = session.scalars(select(Topic.code)).all()
            busy, statuses, cells = live_analysis.current_cells(session, lambda busy: codes)
            assert matrix_counts(cells) == counted(session)
            assert busy == {organization for _, organization, _, _ in counted(session)}
            assert statuses == Counter(session.scalars(select(WorkItem.status)).all())
            if items_only:  # the live analysis was caught up, not built again
                assert live_analysis._held.get(engine()) is held


def test_a_status_change_costs_a_few_statements_whatever_the_size(app):
    with app.app_context():
        session = get_session()
        arrange(session)
        for n in range(60):
            make_work_item(session, f"Z.{n}", status="in_development", topic_codes=["S3"])
        session.commit()
        gap_report.gap_report(session)
    _, full = statements_of(app, gap_report.compute_gap_report)

    def change(session):
        item = session.scalar(select(WorkItem).where(WorkItem.identifier == "Z.7"))
        item.status, item.published = "published", "2025"
        session.commit()
    statements_of(app, change)
    with recorded(app) as seen, app.app_context():
        report = gap_report.gap_report(get_session())
    # what the catch-up reads, not what it shares with other workers
    cost = len([s for s in seen if not s.startswith(("BEGIN", "PRAGMA", "SET LOCAL"))
                and "shared_results" not in s])
    assert report.topic("S3").state == "covered"
    # the revision and the changes since, the item and its mappings, whether an action
    # lists it: fewer than a full build's reads
    assert cost <= 6 < full, (cost, full)


def test_a_worker_that_did_not_write_catches_up_with_one_that_did(app, database_url):
    with app.app_context():
        arrange(get_session())
        assert gap_report.gap_report(get_session()).topic("S2").state == "partial"
    other = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "x"})
    try:
        with other.app_context():  # another worker or host: its own engine, its own analysis
            session = get_session()
            gap_report.gap_report(session)
            item = session.scalar(select(WorkItem).where(WorkItem.identifier == "ISO 37120"))
            item.status, item.published = "published", "2025"
            session.commit()
            assert gap_report.gap_report(session).topic("S2").state == "covered"
    finally:
        other.extensions["roadmap.engine"].dispose()
    with app.app_context():
        session = get_session()
        assert gap_report.gap_report(session).topic("S2").state == "covered"
        assert revision.changes_since(session, 0, None) is not None


def test_changes_no_longer_kept_make_a_reader_build_afresh(app):
    with app.app_context():
        session = get_session()
        arrange(session)
        now = revision.position(session)
        then = session.scalar(text(f"SELECT revision FROM revision_changes WHERE seq = {now - 1}"))
        assert revision.changes_since(session, now - 1, then) is not None
        assert revision.changes_since(session, now - 1, "another") is None  # not this history
        session.execute(text("DELETE FROM revision_changes WHERE seq = :seq"), {"seq": now})
        session.commit()
        assert revision.changes_since(session, now - 1, then) is None  # no longer kept


def served_and_fresh(app, code: str) -> tuple[str, str]:
    with app.app_context():
        session = get_session()
        return (gap_report.gap_report(session).topic(code).state,
                gap_report.compute_gap_report(session).topic(code).state)


def test_a_revision_changed_without_a_recorded_change_builds_afresh(app):
    """A writer on an older release (during an upgrade) changes the revision only."""
    with app.app_context():
        arrange(get_session())
        assert gap_report.gap_report(get_session()).topic("S2").state == "partial"
        with engine().begin() as connection:
            connection.execute(text("UPDATE work_items SET status = 'published', "
                                    "published = '2025' WHERE identifier = 'ISO 37120'"))
            connection.execute(text("UPDATE roadmap_state SET revision = 'older-release'"))
    assert served_and_fresh(app, "S2") == ("covered", "covered")


def test_a_database_restored_to_an_earlier_change_builds_afresh(app):
    with app.app_context():
        session = get_session()
        arrange(session)
        back = revision.position(session)
        make_work_item(session, "Y.4601", topic_codes=["S3"])
        session.commit()
        assert gap_report.gap_report(session).topic("S3").state == "covered"
        session.commit()
        with engine().begin() as connection:  # as a restore of the earlier backup would
            connection.execute(text("DELETE FROM mappings WHERE work_item_id = (SELECT id "
                                    "FROM work_items WHERE identifier = 'Y.4601')"))
            connection.execute(text("DELETE FROM revision_changes WHERE seq > :back"),
                               {"back": back})
            connection.execute(text("UPDATE roadmap_state SET seq = :back, revision = "
                                    "(SELECT revision FROM revision_changes WHERE seq = :back)"),
                               {"back": back})
    assert served_and_fresh(app, "S3") == ("uncovered", "uncovered")


def test_a_mapping_moved_to_another_item_is_recorded_for_both(app):
    with app.app_context():
        session = get_session()
        arrange(session)
        make_work_item(session, "Z.1", status="in_development", topic_codes=["S3"])
        session.commit()
        gap_report.gap_report(session)
        before = revision.position(session), revision.current(session)
        session.commit()
        published = session.scalar(select(WorkItem).where(WorkItem.identifier == "Y.4600"))
        draft = session.scalar(select(WorkItem).where(WorkItem.identifier == "Z.1"))
        published.mappings[0].work_item = draft
        session.commit()
        assert revision.changes_since(session, *before).items == {published.id, draft.id}
    assert served_and_fresh(app, "S1") == ("partial", "partial")
