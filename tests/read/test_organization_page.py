"""The organization page's summary, counted by the database, equals a count over the records."""
from __future__ import annotations

from collections import Counter, defaultdict

from hypothesis import given, strategies as st

from roadmap.interchange import importer
from roadmap.interchange.bundle import FORMAT, VERSION
from roadmap.read.organization import MAX_TOPIC_ROWS, get_organization_page
from roadmap.sorting import natural_key
from roadmap.vocab import ACTIVE_STATUSES, DONE_STATUSES, STATUSES
from tests.factories import ADMIN

GROUPS = {"G1": ("A1", "A2", "A3"), "G2": ("B1", "B2"), "L": ()}  # L: a topic without a group
LEAVES = [leaf for group, leaves in GROUPS.items() for leaf in leaves or (group,)]


def group_of(code: str) -> str:
    return next(g for g, leaves in GROUPS.items() if code in leaves or code == g)


item = st.fixed_dictionaries({
    "organization": st.sampled_from(["ONE", "TWO"]),
    "status": st.sampled_from(STATUSES),
    "topics": st.lists(st.sampled_from(LEAVES), unique=True, max_size=4).flatmap(
        lambda codes: st.tuples(*[st.sampled_from(["core", "supporting"]) for _ in codes]).map(
            lambda relevances: [{"code": c, "relevance": r} for c, r in zip(codes, relevances)])),
    "published": st.none() | st.integers(2015, 2030).map(str),
    "target": st.none() | st.integers(2015, 2030).map(str),
})


def bundle(items: list[dict]) -> dict:
    work_items = []
    for n, raw in enumerate(items):
        w = {k: v for k, v in raw.items() if v is not None}
        if w["status"] == "published":
            w.setdefault("published", "2020")
        work_items.append({**w, "identifier": f"DOC {n}", "title": f"Document {n}",
                           "type": "other"})
    return {"format": FORMAT, "version": VERSION,
            "organizations": [{"acronym": a, "name": a, "kind": "international_sdo"}
                              for a in ("ONE", "TWO")],
            "topics": [{"code": g, "name": f"Topic {g}", "category": "city_service"}
                       for g in GROUPS]
            + [{"code": leaf, "name": f"Topic {leaf}", "parent": g}
               for g, leaves in GROUPS.items() for leaf in leaves],
            "work_items": work_items}


def expected_groups(items: list[dict]) -> dict:
    """Per group: (covered, leaves, core, supporting, per status, per leaf) by counting."""
    result = {}
    for group, leaves in GROUPS.items():
        mine = [(w, [t for t in w["topics"] if group_of(t["code"]) == group]) for w in items]
        mine = [(w, ts) for w, ts in mine if ts]
        if not mine:
            continue
        core = sum(1 for _, ts in mine if any(t["relevance"] == "core" for t in ts))
        statuses = Counter(w["status"] for w, _ in mine)
        per_leaf = defaultdict(Counter)
        for w, ts in mine:
            for t in ts:
                per_leaf[t["code"]][w["status"]] += 1
                per_leaf[t["code"]][t["relevance"]] += 1
        result[group] = (len(per_leaf), len(leaves) or 1, core, len(mine) - core,
                         tuple(statuses[s] for s in ACTIVE_STATUSES),
                         {c: (n["core"], n["supporting"], tuple(n[s] for s in ACTIVE_STATUSES))
                          for c, n in per_leaf.items()})
    return result


def expected_timeline(items: list[dict]) -> dict:
    done, planned = Counter(), Counter()
    for w in items:
        if w["status"] in DONE_STATUSES and w.get("published"):
            done[int(w["published"])] += 1
        elif w.get("target"):
            planned[int(w["target"])] += 1
    return {y: (done[y], planned[y]) for y in set(done) | set(planned)}


@given(st.lists(item, max_size=25))
def test_the_summary_counts_what_the_records_hold(session, items):
    document = bundle(items)
    importer.import_document(session, document, replace=True, actor=ADMIN)
    session.commit()
    page = get_organization_page(session, "ONE")
    mine = [w for w in document["work_items"] if w["organization"] == "ONE"]
    assert dict(page.statuses) == Counter(w["status"] for w in mine)
    assert page.total == page.items.total == len(mine)
    active = [w for w in mine if w["status"] in ACTIVE_STATUSES]
    assert {g.code: (g.covered, g.leaves, g.core, g.supporting, g.statuses,
                     {t.code: (t.core, t.supporting, t.statuses) for t in g.topics})
            for g in page.groups} == expected_groups(active)
    assert [g.code for g in page.groups] == sorted((g.code for g in page.groups), key=natural_key)
    timeline = {y: (d, p) for y, d, p in page.timeline if d or p}
    assert timeline == expected_timeline(active)
    years = [y for y, _, _ in page.timeline]
    assert years == list(range(years[0], years[-1] + 1)) if years else True


def test_a_large_organization_is_summarised_by_topic_group(session):
    from roadmap import synthetic
    document = synthetic.generate(leaves=MAX_TOPIC_ROWS * 3, dependencies=0, work_items=400,
                                  mappings=800, organizations=2)
    importer.import_document(session, document, replace=True, actor=ADMIN)
    session.commit()
    page = get_organization_page(session, "SDO-000")
    assert sum(g.covered for g in page.groups) > MAX_TOPIC_ROWS
    assert all(g.topics == () for g in page.groups)
    assert sum(sum(g.statuses) for g in page.groups) >= page.total - dict(page.statuses).get(
        "withdrawn", 0) - dict(page.statuses).get("superseded", 0)


def test_the_items_come_a_page_at_a_time(session):
    items = [{"organization": "ONE", "status": "proposed", "topics": [], "published": None,
              "target": None}] * 120
    importer.import_document(session, bundle(items), replace=True, actor=ADMIN)
    session.commit()
    pages = [get_organization_page(session, "ONE", page=n).items for n in (1, 2, 3, 4)]
    assert [p.page for p in pages] == [1, 2, 3, 3]  # past the end: the last page
    assert [len(p.rows) for p in pages[:3]] == [50, 50, 20] and pages[0].pages == 3
    identifiers = [r.identifier for p in pages[:3] for r in p.rows]
    assert sorted(identifiers) == identifiers and len(set(identifiers)) == 120
