"""A list's count kept for a revision (read/common.py `page_of_ids` with a count key) is
the count a fresh read gives, after any edit, on both databases: a filter is kept only
when the revision covers every field it reads (read/filters.py `revision_key`)."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st
from sqlalchemy import func, select

from roadmap.db import get_session
from roadmap.models import Committee, Organization, WorkItem
from roadmap.read import api, common, filters, lists
from roadmap.read.filters import WorkItemFilter
from roadmap.vocab import STATUSES, WORK_ITEM_TYPES
from tests.budget import recorded
from tests.factories import make_committee, make_leaves, make_organization, make_work_item
from tests.read.test_live_analysis import edit as live_edit

FILTERS = tuple(WorkItemFilter(**fields) for fields in (
    {}, {"status": "active"}, {"status": "published"}, {"organization": "ISO"},
    {"topic": "S1"}, {"topic": "S"}, {"status": "active", "organization": "ITU-T", "topic": "S2"},
    {"type": "guide"}, {"committee": "SG20"}, {"q": "city"}, {"year": 2024},
    {"status": "active", "type": "recommendation"}))
EXTRA_KINDS = ("delete", "acronym", "type", "committee", "title", "dates")
KINDS = ("status", "identifier", "map", "unmap", "new", "organization", *EXTRA_KINDS)
EDITS = st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 40),
                           st.sampled_from(STATUSES), st.sampled_from(("S1", "S2", "S3"))),
                 min_size=1, max_size=5)


def arrange(session):
    if session.scalar(select(Organization.id)) is None:
        make_organization(session)
        make_organization(session, "ISO")
        make_committee(session)
        make_leaves(session, "S1", "S2", "S3")
        for n in range(6):
            make_work_item(session, f"Y.{n}", organization=("ITU-T", "ISO")[n % 2],
                           status=STATUSES[n % len(STATUSES)], topic_codes=[f"S{n % 3 + 1}"])
        session.commit()


def edit(session, kind: str, pick: int, status: str, code: str) -> None:
    """One change through the ORM, as any writer makes it: the live analysis's test's
    changes, and those the revision does not count or that it counts apart."""
    if kind not in EXTRA_KINDS:
        live_edit(session, kind, pick, status, code)
        return
    items = session.scalars(select(WorkItem).order_by(WorkItem.id)).all()
    item = items[pick % len(items)]
    if kind == "delete" and len(items) > 2:
        session.delete(item)
    elif kind == "acronym":
        body = item.organization
        body.acronym = "ISO" if body.acronym == "ISO (renamed)" else \
            "ISO (renamed)" if body.acronym == "ISO" else body.acronym
    elif kind == "type":
        item.type = WORK_ITEM_TYPES[pick % len(WORK_ITEM_TYPES)]
    elif kind == "committee":
        item.committee = None if item.committee else session.scalar(select(Committee))
    elif kind == "title":
        item.title = f"Smart city {pick}" if pick % 2 else f"Title {pick}"
    elif kind == "dates":
        item.target, item.published = f"20{20 + pick % 6}", None if item.status not in (
            "published",) else f"20{20 + pick % 6}"


def fresh_count(session, f: WorkItemFilter) -> int:
    ids = filters.apply(select(WorkItem.id).join(WorkItem.organization), f,
                        session.get_bind().dialect.name)
    return session.scalar(select(func.count()).select_from(ids.subquery()))


@given(edits=EDITS)
def test_a_count_kept_for_a_revision_is_the_count_after_any_edits(app, edits):
    with app.app_context():
        arrange(get_session())
    for change in edits:
        edited_between_reads(app, change)


@pytest.mark.parametrize("kind", KINDS)
def test_a_count_kept_for_a_revision_is_the_count_after_each_kind_of_edit(app, kind):
    with app.app_context():
        arrange(get_session())
    for pick in range(1, 7):  # each item once, and each type and status but one
        edited_between_reads(app, (kind, pick, STATUSES[pick % len(STATUSES)], f"S{pick % 3 + 1}"))


def edited_between_reads(app, change) -> None:
    """Read every list (keeping what may be kept), make `change`, and check every count."""
    with app.app_context():
        for f in FILTERS:
            lists.list_work_items(get_session(), f, per_page=2)
    with app.app_context():  # another request writes
        session = get_session()
        edit(session, *change)
        session.commit()
    with app.app_context():
        session = get_session()
        for f in FILTERS:
            expected = fresh_count(session, f)
            listed = lists.list_work_items(session, f, per_page=2, page=9)
            assert listed.total == expected, (f, change)
            assert listed.pages == max(1, -(-expected // 2)), (f, change)
            assert api.work_items(session, f, per_page=2)["total"] == expected, (f, change)


def test_a_list_at_the_same_revision_counts_once(app):
    with app.app_context():
        arrange(get_session())
    f = WorkItemFilter(status="active")
    with recorded(app) as first_statements, app.app_context():
        first = lists.list_work_items(get_session(), f, per_page=2)
    with recorded(app) as statements, app.app_context():
        second = lists.list_work_items(get_session(), f, per_page=2, page=2)
    assert (second.total, second.pages) == (first.total, first.pages)
    assert any("count(" in s.lower() for s in first_statements)
    assert not any("count(" in s.lower() for s in statements)  # the next page: rows alone
    with app.app_context():
        assert second.total == fresh_count(get_session(), f)


def test_counts_kept_for_a_revision_are_bounded(app):
    with app.app_context():
        arrange(get_session())
    with app.app_context():
        session = get_session()
        for n in range(common.MAX_COUNTS + 5):  # every organization in a URL is a key
            lists.list_work_items(session, WorkItemFilter(organization=f"X{n}"))
        assert len(common._revision_counts(session)) == common.MAX_COUNTS


def test_a_session_with_its_own_writes_pending_keeps_no_count(app):
    with app.app_context():
        arrange(get_session())
    f = WorkItemFilter(status="active")
    with app.app_context():
        session = get_session()
        before = lists.list_work_items(session, f).total
        make_work_item(session, "Z.1", status="proposed")
        session.flush()
        assert lists.list_work_items(session, f).total == before + 1
        session.rollback()
    with app.app_context():
        assert lists.list_work_items(get_session(), f).total == before
