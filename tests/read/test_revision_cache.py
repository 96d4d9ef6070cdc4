"""The roadmap revision: the gap analysis is computed once per revision, never served stale."""

from roadmap import create_app, revision
from roadmap.db import get_session
from roadmap.services import work_items
from tests.budget import recorded
from tests.factories import ADMIN, EDITOR, make_leaves, make_organization, make_work_item
from roadmap.read import gap_report


def statements_of(app, function):
    """Run `function(session)` in a fresh session; return (its result, statements it cost)."""
    with recorded(app) as seen, app.app_context():
        result = function(get_session())
    return result, len([s for s in seen if not s.startswith("BEGIN")])  # SQLite's own BEGIN


def states(report) -> dict[str, str]:
    return {t.code: t.state for t in report.topics}


def arrange(app):
    with app.app_context():
        session = get_session()
        make_organization(session)
        make_leaves(session, "S1", "S2")
        make_work_item(session, "Y.4600", topic_codes=["S1"])
        session.commit()


def test_a_second_read_at_the_same_revision_costs_one_statement(app):
    arrange(app)
    first, cost = statements_of(app, gap_report.gap_report)
    again, cost_again = statements_of(app, gap_report.gap_report)
    assert again is first
    assert cost > 3 and cost_again == 1  # the revision, nothing more


def test_a_write_by_another_process_is_seen_at_once(app, database_url):
    arrange(app)
    assert states(statements_of(app, gap_report.gap_report)[0])["S2"] == "uncovered"
    other = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "x"})
    try:
        with other.app_context():  # another worker: its own engine, its own cache
            session = get_session()
            make_work_item(session, "Y.4601", topic_codes=["S2"])
            session.commit()
    finally:
        other.extensions["roadmap.engine"].dispose()
    assert states(statements_of(app, gap_report.gap_report)[0])["S2"] == "covered"


def test_bulk_deletes_change_the_revision_and_rollbacks_do_not(app):
    arrange(app)
    with app.app_context():
        session = get_session()
        before = revision.current(session)
        item = make_work_item(session, "Y.4601", topic_codes=["S2"])
        session.rollback()
        assert revision.current(session) == before
        item = make_work_item(session, "Y.4601", topic_codes=["S2"])
        session.commit()
        after_create = revision.current(session)
        assert after_create != before
        work_items.purge_work_item(session, item.id, actor=ADMIN)  # a bulk DELETE, then the row
        session.commit()
        assert revision.current(session) not in (before, after_create)


def test_a_session_with_uncommitted_writes_sees_them_and_keeps_them_out_of_the_cache(app):
    arrange(app)
    statements_of(app, gap_report.gap_report)
    with app.app_context():
        session = get_session()
        make_work_item(session, "Y.4601", topic_codes=["S2"])
        session.flush()
        assert states(gap_report.gap_report(session))["S2"] == "covered"
        session.rollback()
    assert states(statements_of(app, gap_report.gap_report)[0])["S2"] == "uncovered"


def test_a_save_that_changes_nothing_keeps_the_revision(app):
    arrange(app)
    with app.app_context():
        session = get_session()
        before = revision.current(session)
        work_items.save_work_item(session, {
            "organization": "ITU-T", "identifier": "Y.4600", "title": "Title of Y.4600",
            "type": "recommendation", "status": "published", "published": "2022-08-29",
            "topics": [{"code": "S1", "relevance": "core"}]}, actor=EDITOR)
        session.commit()
        assert revision.current(session) == before


def test_only_changes_the_analysis_reads_change_the_revision(app):
    arrange(app)
    with app.app_context():
        session = get_session()
        base = {"organization": "ITU-T", "identifier": "Y.4600", "title": "Title of Y.4600",
                "type": "recommendation", "status": "published", "published": "2022-08-29",
                "topics": [{"code": "S1", "relevance": "core"}]}
        before = revision.current(session)
        work_items.save_work_item(session, {**base, "stage": "AAP", "title": "New"}, actor=EDITOR)
        session.commit()
        assert revision.current(session) == before  # the analysis reads neither
        work_items.save_work_item(session, {**base, "status": "withdrawn"}, actor=EDITOR)
        session.commit()
        after_status = revision.current(session)
        assert after_status != before
        work_items.save_work_item(session, {**base, "status": "withdrawn", "topics": [
            {"code": "S1", "relevance": "supporting"}]}, actor=EDITOR)
        session.commit()
        assert revision.current(session) != after_status
