"""Paging by sorted ids (read/common.py `page_of_ids`) reads the page and the count in one
statement (a window count for a search, a subquery for a list), or the page alone beside a
count kept for the revision; what it returns equals slicing the whole sorted list, on both
databases."""
from __future__ import annotations

from hypothesis import given, strategies as st
from sqlalchemy import select

from roadmap.db import get_session
from roadmap.models import WorkItem
from roadmap.read import common, filters, lists
from roadmap.read.filters import WorkItemFilter
from roadmap.vocab import STATUSES
from tests.factories import make_organization, make_work_item

ORGANIZATIONS = ("ITU-T", "ISO", "IEC")


def arrange(session):
    if session.scalar(select(WorkItem.id)) is None:
        for acronym in ORGANIZATIONS:
            make_organization(session, acronym)
        for n in range(23):  # undated, dated and tied values, so the order's tie-breaks count
            make_work_item(session, f"D.{n % 7}.{n}", organization=ORGANIZATIONS[n % 3],
                           status=STATUSES[n % len(STATUSES)],
                           **({"target": f"20{20 + n % 4}"} if n % 2 else {}))
        session.commit()


@given(page=st.integers(-2, 12), per_page=st.integers(1, 9),
       sort=st.sampled_from(sorted(lists.SORTS)), descending=st.booleans(),
       status=st.sampled_from(["", "active", "withdrawn", "published"]),
       organization=st.sampled_from(["", *ORGANIZATIONS, "NONE"]),
       q=st.sampled_from(["", "title", "D.3", "nothing"]), clamp=st.booleans(),
       searched=st.booleans(), kept=st.booleans())
def test_a_page_equals_its_slice_of_the_whole_sorted_list(app, page, per_page, sort, descending,
                                                         status, organization, q, clamp,
                                                         searched, kept):
    with app.app_context():
        session = get_session()
        arrange(session)
        f = WorkItemFilter(status=status or None, organization=organization or None,
                           q=q or None)
        ids = filters.apply(select(WorkItem.id).join(WorkItem.organization), f,
                            session.get_bind().dialect.name)
        order = [c.desc() if descending else c.asc() for c in lists.SORTS[sort]] + [WorkItem.id]
        if sort in lists.UNDATED_LAST:  # as the list orders it
            order.insert(0, lists.UNDATED_LAST[sort].is_(None))
        whole = list(session.scalars(ids.order_by(*order)))  # the database's own order

        # either way of counting; or with the count kept for the revision, taken at once
        # or by another page before
        key = ("paging", status, organization, q) if kept else None
        paged = common.page_of_ids(session, ids, order, page=page, per_page=per_page,
                                   clamp=clamp, searched=searched, count_key=key)

        pages = max(1, -(-len(whole) // per_page))
        shown = min(max(page, 1), pages) if clamp else max(page, 1)
        assert (paged.total, paged.pages, paged.page) == (len(whole), pages, shown)
        assert paged.ids == whole[(shown - 1) * per_page:shown * per_page]
