"""The gap rules on hand-built graphs."""
import networkx as nx
import pytest

from roadmap.gaps import Item, MappingIn, analyse, blocked_by, impact

PUBLISHED, DRAFT = "published", "in_development"


def run(leaves, edges=(), items=(), mappings=(), equivalences=()):
    names = {code: f"Topic {code}" for code in leaves}
    items = [Item(i, org, status) for i, org, status in items]
    mappings = [MappingIn(i, topic, relevance) for i, topic, relevance in mappings]
    return analyse(names, edges, items, mappings, equivalences)


def test_states_follow_status_and_relevance():
    result = run(["A", "B", "C", "D", "E", "F"],
                 items=[(1, "ISO", PUBLISHED), (2, "ISO", DRAFT), (3, "ISO", "approved"),
                        (4, "ISO", "withdrawn"), (5, "ISO", "superseded"), (6, "ISO", "proposed")],
                 mappings=[(1, "A", "core"), (2, "B", "core"), (1, "C", "supporting"),
                           (3, "D", "core"), (4, "E", "core"), (5, "E", "core"),
                           (6, "F", "supporting")])
    assert {c: t.state for c, t in result.topics.items()} == {
        "A": "covered", "B": "partial", "C": "partial", "D": "covered",
        "E": "uncovered", "F": "partial"}


def test_an_item_mapped_to_several_topics_counts_for_each():
    result = run(["A", "B"], items=[(1, "ITU-T", PUBLISHED)],
                 mappings=[(1, "A", "core"), (1, "B", "supporting")])
    assert (result.topics["A"].state, result.topics["B"].state) == ("covered", "partial")


def test_blocked_by_follows_a_chain():
    result = run(["A", "B", "C", "D"], edges=[("A", "B"), ("B", "C"), ("C", "D")],
                 items=[(1, "ISO", PUBLISHED)], mappings=[(1, "C", "core")])
    assert result.topics["A"].blocked_by == ("B", "D")
    assert result.topics["B"].blocked_by == ("D",)
    assert result.topics["C"].blocked_by == ("D",)
    assert result.topics["D"].blocked_by == ()


def test_impact_counts_each_dependant_once_in_a_diamond():
    result = run(["top", "left", "right", "base"],
                 edges=[("top", "left"), ("top", "right"), ("left", "base"), ("right", "base")])
    assert {c: t.impact for c, t in result.topics.items()} == {
        "base": 3, "left": 1, "right": 1, "top": 0}
    assert result.topics["top"].blocked_by == ("base", "left", "right")


def test_overlap_needs_two_texts_from_two_organizations():
    result = run(["A", "B", "C", "D"],
                 items=[(1, "ITU-T", PUBLISHED), (2, "ISO", PUBLISHED), (3, "ISO", DRAFT),
                        (4, "ISO", PUBLISHED), (5, "IEC", "withdrawn"), (6, "ITU-T", DRAFT)],
                 mappings=[(1, "A", "core"), (2, "A", "core"),        # two bodies: overlap
                           (3, "B", "core"), (4, "B", "core"),        # one body only
                           (1, "C", "core"), (5, "C", "core"),        # withdrawn never counts
                           (6, "D", "core"), (2, "D", "supporting")])  # supporting is not core
    assert {c: t.overlap for c, t in result.topics.items()} == {
        "A": ("ISO", "ITU-T"), "B": (), "C": (), "D": ()}


def test_equivalent_items_through_a_chain_are_one_text():
    # 1 = 9 = 2: the ITU-T and ISO texts are twins through an item on another topic
    items = [(1, "ITU-T", PUBLISHED), (2, "ISO", PUBLISHED), (9, "IEC", PUBLISHED)]
    maps = [(1, "A", "core"), (2, "A", "core"), (9, "B", "core")]
    assert run(["A", "B"], items=items, mappings=maps).topics["A"].overlap == ("ISO", "ITU-T")
    twins = run(["A", "B"], items=items, mappings=maps, equivalences=[(1, 9), (2, 9)])
    assert twins.topics["A"].overlap == ()


def test_gap_list_orders_uncovered_then_impact_then_code():
    result = run(["S2", "S10", "I1", "G1", "K1", "X1"],
                 edges=[("S2", "G1"), ("S10", "G1"), ("S2", "I1"), ("K1", "X1")],
                 items=[(1, "ISO", PUBLISHED), (2, "ISO", DRAFT)],
                 mappings=[(1, "K1", "core"), (2, "I1", "core")])
    assert result.gap_codes == ("G1", "X1", "S2", "S10", "I1")


def test_topics_without_edges_have_no_impact_and_no_blockers():
    result = run(["A"])
    assert result.topics["A"] == result.topics["A"].__class__("A", "Topic A", "uncovered",
                                                              (), 0, ())


def test_one_pass_matches_a_search_per_topic_on_a_random_dag():
    graph = nx.gn_graph(300, seed=7)  # a random directed tree, edges point to older nodes
    graph.add_edges_from((a, b) for a, b in nx.gnp_random_graph(300, 0.02, seed=3,
                                                                directed=True).edges if a > b)
    graph = nx.relabel_nodes(graph, {n: f"T{n}" for n in graph})
    uncovered = {f"T{n}" for n in range(0, 300, 7)}
    expected_impact = {n: len(nx.ancestors(graph, n)) for n in graph}
    expected_blocked = {n: tuple(sorted(nx.descendants(graph, n) & uncovered,
                                        key=lambda c: int(c[1:])))
                        for n in graph if nx.descendants(graph, n) & uncovered}
    assert impact(graph) == dict(sorted(expected_impact.items()))
    assert blocked_by(graph, uncovered) == dict(sorted(expected_blocked.items()))


@pytest.mark.parametrize("edges", [[("A", "B"), ("B", "A")]])
def test_a_cyclic_graph_is_refused(edges):
    with pytest.raises(nx.NetworkXUnfeasible):
        run(["A", "B"], edges=edges)
