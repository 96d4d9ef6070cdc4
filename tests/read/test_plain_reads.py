"""The plain reads (read/common.py `plain`) see what the session has not yet flushed, as
the ORM's own execution would: a writer that reads stored records back sees its changes."""
from roadmap.read import common, records
from tests.factories import make_leaves, make_organization, make_work_item


def test_a_plain_read_sees_the_sessions_unflushed_changes(session):
    make_organization(session)
    make_leaves(session, "S1")
    item = make_work_item(session, topic_codes=("S1",))
    session.commit()
    item.title = "Changed, not yet flushed"
    assert item in session.dirty
    assert records.work_item_records(session, [item.id])[0]["title"] == "Changed, not yet flushed"
    assert common.listed_rows(session, [item.id])[0].title == "Changed, not yet flushed"
    session.rollback()


def test_inside_no_autoflush_a_plain_read_does_not_flush(session):
    make_organization(session)
    item = make_work_item(session)
    session.commit()
    with session.no_autoflush:
        item.title = "Held back"
        assert common.listed_rows(session, [item.id])[0].title == "Title of Y.4600"
        assert item in session.dirty  # still pending: the block said not to flush
    session.rollback()
