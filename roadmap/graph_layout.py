"""Place the topic dependency graph in layers for a server-rendered SVG (pure, no Flask).

Topics that require nothing sit on the bottom layer; every other topic sits one layer
above the highest topic it requires, so every arrow points down. A wide layer wraps onto
several rows.
"""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from .sorting import natural_key

NODE_WIDTH, NODE_HEIGHT, GAP_X, GAP_Y, MARGIN = 150, 44, 24, 56, 20
MAX_PER_ROW = 7  # a wide layer wraps onto several rows so the graph fits a page


@dataclass(frozen=True)
class PlacedNode:
    code: str
    name: str
    state: str
    x: float
    y: float


@dataclass(frozen=True)
class PlacedEdge:
    topic: str
    requires: str
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Layout:
    nodes: tuple[PlacedNode, ...]
    edges: tuple[PlacedEdge, ...]
    width: float
    height: float


def layered(nodes: list[tuple[str, str, str]], edges: list[tuple[str, str]]) -> Layout:
    """Lay out (code, name, state) nodes and (topic, requires) edges.

    >>> layout = layered([("S5", "Water", "covered"), ("I1", "Sensing", "partial")],
    ...                  [("S5", "I1")])
    >>> [(n.code, n.y < layout.height / 2) for n in layout.nodes]
    [('I1', False), ('S5', True)]
    """
    graph = nx.DiGraph()
    graph.add_nodes_from(code for code, _, _ in nodes)
    graph.add_edges_from(edges)
    level: dict[str, int] = {}
    for node in reversed(list(nx.topological_sort(graph))):
        level[node] = 1 + max((level[r] for r in graph.successors(node)), default=-1)
    layers: dict[int, list[str]] = {}
    for node in sorted(graph, key=natural_key):
        layers.setdefault(level[node], []).append(node)
    position: dict[str, float] = {}
    for depth in sorted(layers):  # order each layer by the mean place of what it requires
        layers[depth].sort(key=lambda n: (_mean([position[r] for r in graph.successors(n)]),
                                          natural_key(n)))
        position.update((n, i) for i, n in enumerate(layers[depth]))
    rows = [layer[i:i + MAX_PER_ROW] for depth in sorted(layers, reverse=True)
            for layer in [layers[depth]] for i in range(0, len(layer), MAX_PER_ROW)]
    widest = max((len(row) for row in rows), default=0)
    width = 2 * MARGIN + widest * NODE_WIDTH + max(widest - 1, 0) * GAP_X
    height = 2 * MARGIN + len(rows) * NODE_HEIGHT + max(len(rows) - 1, 0) * GAP_Y
    xy = {}
    for r, row in enumerate(rows):  # the top row holds the topics that require the most
        left = (width - len(row) * NODE_WIDTH - (len(row) - 1) * GAP_X) / 2
        for i, node in enumerate(row):
            xy[node] = (left + i * (NODE_WIDTH + GAP_X), MARGIN + r * (NODE_HEIGHT + GAP_Y))
    info = {code: (name, state) for code, name, state in nodes}
    placed = tuple(PlacedNode(code, *info[code], *xy[code]) for code in sorted(xy, key=natural_key))
    lines = tuple(PlacedEdge(a, b, xy[a][0] + NODE_WIDTH / 2, xy[a][1] + NODE_HEIGHT,
                             xy[b][0] + NODE_WIDTH / 2, xy[b][1])
                  for a, b in sorted(graph.edges, key=lambda e: (natural_key(e[0]), natural_key(e[1]))))
    return Layout(placed, lines, width, height)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else -1.0
