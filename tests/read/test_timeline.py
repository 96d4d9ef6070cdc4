"""The timeline, counted by the database, equals a count over the records."""
from __future__ import annotations

from collections import Counter, defaultdict

from hypothesis import given, strategies as st

from roadmap.interchange import importer
from roadmap.read.lists import get_timeline
from roadmap.vocab import ACTIVE_STATUSES, DONE_STATUSES
from tests.factories import ADMIN
from tests.read.test_organization_page import bundle, group_of, item


def expected(items: list[dict], by: str) -> tuple[dict, int]:
    """{row: {year: (done, planned)}} and the undated drafts, counted one item at a time."""
    done, planned = defaultdict(Counter), defaultdict(Counter)
    rows, undated = set(), set()
    for n, w in enumerate(items):
        if w["status"] not in ACTIVE_STATUSES:
            continue
        keys = {w["organization"]} if by == "organization" else {
            group_of(t["code"]) for t in w["topics"]}
        for key in keys:
            rows.add(key)
            if w["status"] in DONE_STATUSES and w.get("published"):
                done[key][int(w["published"])] += 1
            elif w.get("target"):
                planned[key][int(w["target"])] += 1
            elif w["status"] not in DONE_STATUSES:
                undated.add(n)
    return ({key: {y: (done[key][y], planned[key][y]) for y in set(done[key]) | set(planned[key])}
             for key in rows}, len(undated))


@given(st.lists(item, max_size=25), st.sampled_from(["group", "organization"]))
def test_the_timeline_counts_what_the_records_hold(session, items, by):
    document = bundle(items)
    importer.import_document(session, document, replace=True, actor=ADMIN)
    session.commit()
    timeline = get_timeline(session, by)
    shown = {key: {y: cell for y, cell in zip(timeline.years, cells) if cell != (0, 0)}
             for key, _, cells in timeline.rows}
    assert (shown, timeline.undated) == expected(document["work_items"], by)
    assert list(timeline.years) == list(range(timeline.years[0], timeline.years[-1] + 1)) \
        if timeline.years else True
