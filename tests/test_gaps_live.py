"""The live analysis, updated item by item, always equals a full `gaps.analyse`."""
from __future__ import annotations

from collections import Counter

from hypothesis import given, settings, strategies as st

from roadmap import gap_words, gaps
from roadmap.gaps_live import ItemChange, ItemIn, LiveAnalysis
from roadmap.sorting import natural_key
from roadmap.vocab import ACTIVE_STATUSES, STATUSES

CODES = [f"T{i}" for i in range(1, 8)] + ["t1", "T01"]  # "T1", "t1", "T01" tie naturally
ORGS = ["ISO", "ITU-T", "IEC"]
IDENTIFIERS = ["Y.4900", "Y.49", "ISO 37120", "ISO 37120", "x-2", "X-10"]  # ties on purpose
RELEVANCE = st.sampled_from(["core", "supporting"])


@st.composite
def items(draw, item_id: int) -> ItemIn:
    return ItemIn(item_id, draw(st.sampled_from(ORGS)), draw(st.sampled_from(STATUSES)),
                  draw(st.sampled_from(IDENTIFIERS)))


@st.composite
def roadmaps(draw):
    """A random roadmap: leaves, a DAG over them (and a group node), items, mappings."""
    leaves = {code: f"Topic {code}" for code in draw(
        st.lists(st.sampled_from(CODES), min_size=1, max_size=9, unique=True))}
    order = list(leaves) + ["G1"]  # an edge may reach a topic that is no leaf
    edges = draw(st.lists(st.tuples(st.integers(0, len(order) - 1),
                                    st.integers(0, len(order) - 1)), max_size=14))
    edges = sorted({(order[a], order[b]) for a, b in edges if a < b})  # a < b: no cycle
    count = draw(st.integers(0, 12))
    stored = {i: draw(items(i)) for i in range(count)}
    topics = {i: draw(topic_maps(leaves)) for i in stored}
    pairs = draw(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), max_size=4))
    return leaves, edges, stored, topics, [(a, b) for a, b in pairs if a != b]


def topic_maps(leaves):
    return st.dictionaries(st.sampled_from(list(leaves) + ["G1"]), RELEVANCE, max_size=3)


@st.composite
def edits(draw, leaves):
    """A change of one item: a new one, an existing one changed, or one removed."""
    item_id = draw(st.integers(0, 15))
    if draw(st.integers(0, 5)) == 0:
        return item_id, ItemChange(None, {})
    return item_id, ItemChange(draw(items(item_id)), draw(topic_maps(leaves)))


def full(leaves, edges, stored, topics, pairs):
    """What a full recomputation gives: the analysis, each topic's reason and the tally."""
    mappings = [gaps.MappingIn(i, code, rel) for i, mapped in topics.items()
                for code, rel in mapped.items()]
    analysis = gaps.analyse(leaves, edges, [gaps.Item(i.id, i.organization, i.status)
                                            for i in stored.values()], mappings, pairs)
    reasons = {}
    for code, result in analysis.topics.items():
        texts = sorted((m for m in mappings if m.topic == code),
                       key=lambda m: (natural_key(stored[m.item_id].identifier), m.item_id))
        reasons[code] = gap_words.state_reason(result.state, [
            (stored[m.item_id].identifier, stored[m.item_id].status, m.relevance) for m in texts])
    tally = Counter((m.topic, stored[m.item_id].organization, stored[m.item_id].status,
                     m.relevance) for m in mappings if stored[m.item_id].status in ACTIVE_STATUSES)
    return analysis, reasons, tally


def live_view(live: LiveAnalysis):
    return (live.analysis(), {code: f.reason for code, f in live.figures.items()},
            Counter({row[:4]: row[4] for row in live.cells(list(live.on_topic))}))


@settings(max_examples=300)  # pure and quick: search wide in every run
@given(st.data())
def test_applying_edits_one_batch_at_a_time_equals_a_full_recomputation(data):
    leaves, edges, stored, topics, pairs = data.draw(roadmaps())
    live = LiveAnalysis(leaves, edges, stored.values(),
                        [(i, c, r) for i, mapped in topics.items() for c, r in mapped.items()],
                        pairs)
    assert live_view(live) == full(leaves, edges, stored, topics, pairs)
    for batch in data.draw(st.lists(st.lists(edits(leaves), min_size=1, max_size=3),
                                    max_size=6)):
        before = live.analysis()
        changes = dict(batch)
        changed = live.apply(changes)
        for item_id, change in changes.items():
            stored.pop(item_id, None)
            topics.pop(item_id, None)
            if change.item is not None:
                stored[item_id], topics[item_id] = change.item, change.topics
        expected = full(leaves, edges, stored, topics, pairs)
        assert live_view(live) == expected
        # what `apply` says changed is every topic whose figures did change
        moved = {code for code, result in expected[0].topics.items()
                 if result != before.topics[code]}
        assert moved <= changed


def test_a_topic_that_gets_covered_unblocks_the_topics_that_require_it():
    live = LiveAnalysis({"S5": "Water", "I1": "Sensing"}, [("S5", "I1")], [], [])
    assert live.blocked["S5"] == ("I1",)
    changed = live.apply({1: ItemChange(ItemIn(1, "ISO", "published", "ISO 1"),
                                        {"I1": "core"})})
    assert changed == {"I1", "S5"}
    assert live.blocked["S5"] == () and live.result("I1").state == gaps.COVERED
    assert live.gap_codes() == ("S5",)


def test_codes_that_tie_in_natural_order_list_alike_whatever_the_order_read():
    leaves = {"T1": "a", "t1": "b", "T01": "c", "A": "d"}
    edges = [("A", "T1"), ("A", "t1"), ("A", "T01")]
    for order in (list(leaves), list(reversed(leaves))):
        read = {code: leaves[code] for code in order}
        live = LiveAnalysis(read, edges, [], []).analysis()
        assert live == gaps.analyse(read, edges, [], [])
        assert live.topics["A"].blocked_by == ("T01", "T1", "t1")
