"""Pure analysis of the topic dependency graph (networkx; no Flask, no database).

An edge ``A -> B`` means topic A *requires* topic B. The rules are described in
``docs/gaps.md``. Transitive sets are computed in one pass over a topological order,
with Python integers as bit sets, so the cost grows with nodes plus edges rather than
with one graph search per topic.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Iterable, NamedTuple

import networkx as nx

from .sorting import code_key, natural_key
from .vocab import ACTIVE_STATUSES, DONE_STATUSES

COVERED, PARTIAL, UNCOVERED = "covered", "partial", "uncovered"
STATES = (UNCOVERED, PARTIAL, COVERED)


class Item(NamedTuple):
    """A work item as the analysis sees it (a tuple: tens of thousands are made per run)."""

    id: int
    organization: str
    status: str


class MappingIn(NamedTuple):
    item_id: int
    topic: str
    relevance: str  # "core" or "supporting"


@dataclass(frozen=True)
class TopicResult:
    """The figures of one leaf topic."""

    code: str
    name: str
    state: str
    blocked_by: tuple[str, ...]
    impact: int
    overlap: tuple[str, ...]


@dataclass(frozen=True)
class Analysis:
    topics: dict[str, TopicResult]  # every leaf topic, by code, in natural code order
    gap_codes: tuple[str, ...]  # codes of uncovered and partial topics, most pressing first


def analyse(leaves: dict[str, str], edges: Iterable[tuple[str, str]], items: Iterable[Item],
            mappings: Iterable[MappingIn],
            equivalences: Iterable[tuple[int, int]] = ()) -> Analysis:
    """Compute state, blocked_by, impact and overlap of every leaf topic, and the gap list.

    `leaves` maps each leaf topic's code to its name; `edges` are (topic, requires) pairs.

    Examples
    --------
    >>> leaves = {"S5": "Water", "I1": "Sensing", "G1": "Terms"}
    >>> items = [Item(1, "ITU-T", "published"), Item(2, "ISO", "in_development")]
    >>> maps = [MappingIn(1, "S5", "core"), MappingIn(2, "I1", "core")]
    >>> result = analyse(leaves, [("S5", "I1"), ("I1", "G1")], items, maps)
    >>> result.topics["S5"]
    TopicResult(code='S5', name='Water', state='covered', blocked_by=('G1',), impact=0, overlap=())
    >>> result.gap_codes
    ('G1', 'I1')
    """
    graph = nx.DiGraph()
    graph.add_nodes_from(leaves)
    graph.add_edges_from(edges)
    items_by_id = {item.id: item for item in items}
    mappings = [m for m in mappings if m.topic in leaves and m.item_id in items_by_id]
    states = coverage_states(leaves, mappings, items_by_id)
    uncovered = {code for code, state in states.items() if state == UNCOVERED}
    blocked = blocked_by(graph, uncovered)
    impacts = impact(graph)
    overlaps = overlap(mappings, items_by_id, equivalences)
    topics = {code: TopicResult(code, leaves[code], states[code], blocked.get(code, ()),
                                impacts.get(code, 0), overlaps.get(code, ()))
              for code in sorted(leaves, key=code_key)}
    return Analysis(topics, gap_list(topics.values()))


def coverage_states(leaves: Iterable[str], mappings: Iterable[MappingIn],
                    items: dict[int, Item]) -> dict[str, str]:
    """Return each leaf topic's coverage state.

    ``covered``: an approved or published item is mapped to it as core;
    ``partial``: otherwise, some active item is mapped to it;
    ``uncovered``: no active item is mapped to it (withdrawn and superseded never count).

    Examples
    --------
    >>> items = {1: Item(1, "ISO", "published"), 2: Item(2, "ISO", "withdrawn")}
    >>> coverage_states(["A", "B", "C"], [MappingIn(1, "A", "supporting"),
    ...                                   MappingIn(2, "B", "core")], items)
    {'A': 'partial', 'B': 'uncovered', 'C': 'uncovered'}
    """
    leaves = list(leaves)
    wanted = set(leaves)
    per_topic: dict[str, list[tuple[str, str]]] = {}
    for mapping in mappings:
        if mapping.topic in wanted:
            per_topic.setdefault(mapping.topic, []).append(
                (items[mapping.item_id].status, mapping.relevance))
    return {code: topic_state(per_topic.get(code, ())) for code in leaves}


def topic_state(texts: Iterable[tuple[str, str]]) -> str:
    """Return one topic's coverage state from the (status, relevance) of its mapped items.

    >>> topic_state([("in_development", "core"), ("published", "supporting")])
    'partial'
    >>> topic_state([("withdrawn", "core")])
    'uncovered'
    """
    state = UNCOVERED
    for status, relevance in texts:
        if status not in ACTIVE_STATUSES:
            continue
        if status in DONE_STATUSES and relevance == "core":
            return COVERED
        state = PARTIAL
    return state


def blocked_by(graph: nx.DiGraph, uncovered: set[str]) -> dict[str, tuple[str, ...]]:
    """Map each topic to the sorted uncovered topics it requires, directly or not.

    Topics that are blocked by nothing are left out.

    Examples
    --------
    >>> g = nx.DiGraph([("water", "sensing"), ("sensing", "terms")])
    >>> blocked_by(g, {"terms"})
    {'sensing': ('terms',), 'water': ('terms',)}
    """
    order = list(nx.topological_sort(graph))
    bit = {code: 1 << i for i, code in enumerate(sorted(uncovered, key=code_key))}
    reach: dict[str, int] = {}
    for node in reversed(order):  # every required topic is done before its dependants
        mask = 0
        for required in graph.successors(node):
            mask |= bit.get(required, 0) | reach[required]
        reach[node] = mask
    codes = sorted(uncovered, key=code_key)
    return {node: tuple(codes[i] for i in bit_positions(mask))
            for node, mask in sorted(reach.items()) if mask}


def impact(graph: nx.DiGraph) -> dict[str, int]:
    """Count, for each topic, the topics that require it directly or through a chain.

    Examples
    --------
    >>> g = nx.DiGraph([("a", "c"), ("b", "c"), ("c", "d"), ("a", "d")])
    >>> impact(g)
    {'a': 0, 'b': 0, 'c': 2, 'd': 3}
    """
    index = {node: i for i, node in enumerate(graph)}
    above: dict[str, int] = {}
    for node in nx.topological_sort(graph):  # dependants come before what they require
        mask = 0
        for dependant in graph.predecessors(node):
            mask |= (1 << index[dependant]) | above[dependant]
        above[node] = mask
    return {node: above[node].bit_count() for node in sorted(graph)}


def overlap(mappings: Iterable[MappingIn], items: dict[int, Item],
            equivalences: Iterable[tuple[int, int]] = ()) -> dict[str, tuple[str, ...]]:
    """Find topics where several texts from several organizations compete as core work.

    Active core items declared equivalent (directly or through a chain) count as one
    text. A topic overlaps when it has at least two texts from at least two organizations;
    the value is the sorted list of those organizations. Topics without overlap are left out.

    Examples
    --------
    >>> items = {1: Item(1, "ITU-T", "published"), 2: Item(2, "ISO", "published"),
    ...          3: Item(3, "ISO", "in_development")}
    >>> maps = [MappingIn(i, "K1", "core") for i in (1, 2, 3)]
    >>> overlap(maps, items)
    {'K1': ('ISO', 'ITU-T')}
    >>> overlap(maps[:2], items, equivalences=[(1, 2)])
    {}
    """
    texts = nx.utils.UnionFind()
    for low, high in equivalences:
        texts.union(low, high)
    per_topic: dict[str, list[Item]] = {}
    for mapping in mappings:
        item = items[mapping.item_id]
        if mapping.relevance == "core" and item.status in ACTIVE_STATUSES:
            per_topic.setdefault(mapping.topic, []).append(item)
    twinned = texts.parents  # only items with a declared equivalent need a lookup
    result = {}
    for topic, topic_items in per_topic.items():
        organizations = topic_overlap((texts[item.id] if item.id in twinned else item.id,
                                       item.organization) for item in topic_items)
        if organizations:
            result[topic] = organizations
    return dict(sorted(result.items()))


def topic_overlap(texts: Iterable[tuple[int, str]]) -> tuple[str, ...]:
    """Return the organizations that compete on one topic, or () when none do.

    `texts` are the (text, organization) of the topic's active core items, where a text
    is an item's own id or the one its equivalence class shares.

    >>> topic_overlap([(1, "ITU-T"), (2, "ISO"), (2, "ITU-T")])
    ('ISO', 'ITU-T')
    >>> topic_overlap([(1, "ITU-T"), (1, "ISO")])
    ()
    """
    distinct, organizations = set(), set()
    for text, organization in texts:
        distinct.add(text)
        organizations.add(organization)
    if len(distinct) >= 2 and len(organizations) >= 2:
        return tuple(sorted(organizations, key=_name_key))
    return ()


_name_key = functools.lru_cache(maxsize=4096)(natural_key)  # the same few acronyms, often


def gap_list(topics: Iterable[TopicResult]) -> tuple[str, ...]:
    """Order the uncovered and partial topics: uncovered first, then by impact, then code.

    Examples
    --------
    >>> rows = [TopicResult("S10", "", "uncovered", (), 1, ()),
    ...         TopicResult("S2", "", "uncovered", (), 1, ()),
    ...         TopicResult("I1", "", "partial", (), 9, ()),
    ...         TopicResult("G1", "", "uncovered", (), 4, ()),
    ...         TopicResult("K1", "", "covered", (), 7, ())]
    >>> gap_list(rows)
    ('G1', 'S2', 'S10', 'I1')
    """
    gaps = [t for t in topics if t.state != COVERED]
    gaps.sort(key=lambda t: (t.state != UNCOVERED, -t.impact, code_key(t.code)))
    return tuple(t.code for t in gaps)


def bit_positions(mask: int):
    """Yield the positions of the set bits of `mask`, lowest first."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def cycle_if_added(graph: nx.DiGraph, topic: str, requires: str) -> list[str] | None:
    """Return the cycle that the edge `topic` -> `requires` would close, or None.

    The cycle starts and ends at `topic`, following "requires" edges.

    Examples
    --------
    >>> g = nx.DiGraph([("water", "sensing"), ("sensing", "terms")])
    >>> cycle_if_added(g, "terms", "water")
    ['terms', 'water', 'sensing', 'terms']
    >>> cycle_if_added(g, "water", "terms") is None
    True
    """
    if topic == requires:
        return [topic, topic]
    if requires not in graph or topic not in graph:
        return None
    try:
        path = nx.shortest_path(graph, requires, topic)
    except nx.NetworkXNoPath:
        return None
    return [topic, *path]
