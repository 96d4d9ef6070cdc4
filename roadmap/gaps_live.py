"""The gap analysis kept current as work items change (pure: no Flask, no database).

`LiveAnalysis` holds what `gaps.analyse` reads and what it derives per leaf topic, so a
change of some work items (status, organization, identifier, mappings, or a new item)
recomputes only the topics those items map to, and the blocked-by sets of the topics
that require a topic whose coverage flipped. The topic graph and the equivalences are
fixed for its life: a change of either builds a new one. Each topic's figures come from
the same rules as `gaps.analyse` (`gaps.topic_state`, `gaps.topic_overlap`), and
`tests/test_gaps_live.py` proves the two equal over random roadmaps and edit sequences.

Blocked-by sets are bit masks: each topic's mask of everything it requires, directly or
not, is a property of the graph alone, so a topic's blocked-by set is that mask ANDed
with the mask of uncovered topics, and only topics whose mask meets a flipped bit change.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterable, NamedTuple

import networkx as nx

from . import gap_words, gaps
from .sorting import code_key, natural_key
from .vocab import ACTIVE_STATUSES

CORE = "core"


class ItemIn(NamedTuple):
    """A work item as the live analysis keeps it."""

    id: int
    organization: str
    status: str
    identifier: str


class Figures(NamedTuple):
    """What a leaf topic's row shows, apart from its graph figures."""

    state: str
    overlap: tuple[str, ...]
    reason: str  # gap_words.state_reason over its texts


class ItemChange(NamedTuple):
    """One work item as it now stands: None when it is gone, and its {topic: relevance}."""

    item: ItemIn | None
    topics: dict[str, str]


class LiveAnalysis:
    """The gap analysis of one roadmap, updated in place by `apply`."""

    def __init__(self, leaves: dict[str, str], edges: Iterable[tuple[str, str]],
                 items: Iterable[ItemIn], mappings: Iterable[tuple[int, str, str]],
                 equivalences: Iterable[tuple[int, int]] = (),
                 keys: dict[str, tuple] | None = None):
        self.leaves = leaves
        self._keys = {} if keys is None else keys  # identifier -> natural key, kept by callers
        self._graph(edges)
        self.items: dict[int, ItemIn] = {item.id: item for item in items}
        self._order = {item.id: (self._key(item.identifier), item.id)  # a topic's texts' order
                       for item in self.items.values()}
        self.topics_of: dict[int, dict[str, str]] = defaultdict(dict)  # item -> {topic: relevance}
        self.on_topic: dict[str, dict[int, str]] = defaultdict(dict)  # topic -> {item: relevance}
        self._cells: dict[str, Counter] | None = None  # the matrix's, made when it asks
        self._busy: Counter = Counter()  # active mappings per organization, with the cells
        self.statuses = Counter(item.status for item in self.items.values())
        self._place_all(mappings)
        classes = nx.utils.UnionFind()
        for low, high in equivalences:
            classes.union(low, high)
        self._text = {item_id: classes[item_id] for item_id in classes.parents}
        self.figures = {code: self._figures(code) for code in leaves}
        self._uncovered = self._mask(code for code, f in self.figures.items()
                                     if f.state == gaps.UNCOVERED)
        self.blocked = {node: self._blocked(node) for node in self._desc}

    def _graph(self, edges: Iterable[tuple[str, str]]) -> None:
        graph = nx.DiGraph()
        graph.add_nodes_from(self.leaves)
        graph.add_edges_from(edges)
        self._codes = sorted(graph, key=code_key)  # bit i is self._codes[i]
        self._bit = {code: 1 << i for i, code in enumerate(self._codes)}
        self._code_keys = {code: code_key(code) for code in self.leaves}
        order = list(nx.topological_sort(graph))
        self._desc: dict[str, int] = {}  # every topic each one requires, directly or not
        for node in reversed(order):
            mask = 0
            for required in graph.successors(node):
                mask |= self._bit[required] | self._desc[required]
            self._desc[node] = mask
        above: dict[str, int] = {}
        for node in order:
            mask = 0
            for dependant in graph.predecessors(node):
                mask |= self._bit[dependant] | above[dependant]
            above[node] = mask
        self.impact = {node: mask.bit_count() for node, mask in above.items()}

    def _place_all(self, mappings: Iterable[tuple[int, str, str]]) -> None:
        """`_place` for every mapping of a new analysis, with its lookups hoisted."""
        items, topics_of, on_topic = self.items, self.topics_of, self.on_topic
        for item_id, topic, relevance in mappings:
            if item_id in items:
                topics_of[item_id][topic] = relevance
                on_topic[topic][item_id] = relevance

    def _place(self, item_id: int, topic: str, relevance: str, sign: int) -> None:
        item = self.items[item_id]
        if sign > 0:
            self.on_topic[topic][item_id] = relevance
        else:
            del self.on_topic[topic][item_id]
        if self._cells is not None and item.status in ACTIVE_STATUSES:
            self._cells.setdefault(topic, Counter())[
                (item.organization, item.status, relevance)] += sign
            self._busy[item.organization] += sign

    def _made_cells(self) -> dict[str, Counter]:
        if self._cells is None:
            items, self._cells = self.items, {}
            for topic, mapped in self.on_topic.items():
                cell = self._cells[topic] = Counter(
                    (item.organization, item.status, relevance)
                    for item_id, relevance in mapped.items()
                    if (item := items[item_id]).status in ACTIVE_STATUSES)
                for (organization, _, _), n in cell.items():
                    self._busy[organization] += n
        return self._cells

    def cells(self, topics: Iterable[str]) -> list[tuple[str, str, str, str, int]]:
        """Active items per (topic, organization, status, relevance), for these topics."""
        made = self._made_cells()
        return [(topic, *key, n) for topic in topics for key, n in made.get(topic, {}).items()
                if n]

    def busy(self) -> set[str]:
        """The organizations with active work on some topic."""
        self._made_cells()
        return {organization for organization, n in self._busy.items() if n}


    def _mask(self, codes: Iterable[str]) -> int:
        mask = 0
        for code in codes:
            mask |= self._bit[code]
        return mask

    def _key(self, identifier: str) -> tuple:
        key = self._keys.get(identifier)
        if key is None:
            key = self._keys[identifier] = natural_key(identifier)
        return key

    def _figures(self, code: str) -> Figures:
        mapped = self.on_topic.get(code) or {}
        items = self.items
        texts = [(items[i], mapped[i]) for i in sorted(mapped, key=self._order.__getitem__)]
        state = gaps.topic_state((item.status, relevance) for item, relevance in texts)
        overlap = gaps.topic_overlap(
            (self._text.get(item.id, item.id), item.organization) for item, relevance in texts
            if relevance == CORE and item.status in ACTIVE_STATUSES)
        reason = gap_words.state_reason(state, ((item.identifier, item.status, relevance)
                                           for item, relevance in texts))
        return Figures(state, overlap, reason)

    def _blocked(self, node: str) -> tuple[str, ...]:
        mask = self._desc[node] & self._uncovered
        return tuple(self._codes[i] for i in gaps.bit_positions(mask))

    def apply(self, changes: dict[int, ItemChange]) -> set[str]:
        """Take these items as they now stand; return the leaf topics whose figures changed."""
        touched: set[str] = set()
        for item_id, change in changes.items():
            for topic, relevance in (self.topics_of.pop(item_id, None) or {}).items():
                self._place(item_id, topic, relevance, -1)
                touched.add(topic)
            if item_id in self.items:
                self.statuses[self.items.pop(item_id).status] -= 1
            if change.item is None:
                self._order.pop(item_id, None)
                continue
            self.items[item_id] = change.item
            self.statuses[change.item.status] += 1
            self._order[item_id] = (self._key(change.item.identifier), item_id)
            if change.topics:
                self.topics_of[item_id] = dict(change.topics)
            for topic, relevance in change.topics.items():
                self._place(item_id, topic, relevance, +1)
                touched.add(topic)
        changed = {code for code in touched if code in self.leaves}
        for code in changed:
            self.figures[code] = self._figures(code)
        return changed | self._reblock(changed)

    def _reblock(self, changed: set[str]) -> set[str]:
        """Recompute the blocked-by sets that a change of coverage reaches."""
        uncovered = self._uncovered
        for code in changed:
            if self.figures[code].state == gaps.UNCOVERED:
                uncovered |= self._bit[code]
            else:
                uncovered &= ~self._bit[code]
        flipped, self._uncovered = uncovered ^ self._uncovered, uncovered
        if not flipped:
            return set()
        reached = {node for node, mask in self._desc.items() if mask & flipped}
        for node in reached:
            self.blocked[node] = self._blocked(node)
        return reached & self.leaves.keys()

    @property
    def keys(self) -> dict[str, tuple]:
        """The natural keys of identifiers met so far, for the next build to reuse."""
        return self._keys

    def sort_key(self, code: str) -> tuple:
        return self._code_keys[code]

    def result(self, code: str) -> gaps.TopicResult:
        figures = self.figures[code]
        return gaps.TopicResult(code, self.leaves[code], figures.state, self.blocked[code],
                                self.impact[code], figures.overlap)

    def gap_codes(self) -> tuple[str, ...]:
        """The gap list, most pressing first (the order of `gaps.gap_list`)."""
        listed = [code for code, f in self.figures.items() if f.state != gaps.COVERED]
        listed.sort(key=lambda code: (self.figures[code].state != gaps.UNCOVERED,
                                      -self.impact[code], self._code_keys[code]))
        return tuple(listed)

    def analysis(self) -> gaps.Analysis:
        """The whole analysis, as `gaps.analyse` returns it."""
        codes = sorted(self.leaves, key=self._code_keys.__getitem__)
        return gaps.Analysis({code: self.result(code) for code in codes}, self.gap_codes())
