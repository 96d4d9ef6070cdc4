"""Place the topic dependency graph in layers for a server-rendered SVG (pure, no Flask).

The layered (Sugiyama) drawing comes from grandalf: each connected part of the graph gets
layers with every arrow pointing down (a topic above what it requires), an order of each
layer that reduces crossings, and a dummy place in every layer that a long edge passes,
so no edge runs through a box. An edge leaves the bottom of its box and enters the top of
the next; through a layer it runs straight down at its dummy place. The parts are then
packed onto shelves, the largest first, so that the drawing fits a page.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass
from itertools import combinations

import networkx as nx
from grandalf.graphs import Edge, Vertex, graph_core
from grandalf.layouts import SugiyamaLayout

from .sorting import natural_key

NODE_WIDTH, GAP_X, GAP_Y, MARGIN = 170, 28, 56, 20
LINE, PAD, CHARS = 15, 8, 24  # a name wraps at about 24 characters of 15-pixel lines
MAX_WIDTH = 1160  # the parts are packed onto shelves no wider than this
ORDER_ROUNDS = 3.5  # grandalf's sweeps; ending on a downward half-sweep crosses least
DUMMY_WIDTH = 20  # the room a long edge takes in a layer it passes


@dataclass(frozen=True)
class PlacedNode:
    code: str
    name: str
    state: str
    x: float
    y: float
    lines: tuple[str, ...] = ()  # the name, wrapped to fit the box
    width: float = NODE_WIDTH
    height: float = 0.0


@dataclass(frozen=True)
class PlacedEdge:
    topic: str
    requires: str
    points: tuple[tuple[float, float], ...]  # from the topic's bottom to the other's top

    @property
    def path(self) -> str:
        """The SVG path, e.g. "M10.0,20.0 L10.0,60.0"."""
        return "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in self.points)


@dataclass(frozen=True)
class Layout:
    nodes: tuple[PlacedNode, ...]
    edges: tuple[PlacedEdge, ...]
    width: float
    height: float


class _View:
    """The size and place grandalf reads and writes for a vertex, and an edge's route."""

    def __init__(self, w: float = 0.0, h: float = 0.0):
        self.w, self.h, self.xy, self.points = w, h, (0.0, 0.0), []

    def setpath(self, points) -> None:
        self.points = list(points)


def layered(nodes: list[tuple[str, str, str]], edges: list[tuple[str, str]]) -> Layout:
    """Lay out (code, name, state) nodes and (topic, requires) edges.

    >>> layout = layered([("S5", "Water", "covered"), ("I1", "Sensing", "partial")],
    ...                  [("S5", "I1")])
    >>> [(n.code, n.y < layout.height / 2) for n in layout.nodes]
    [('I1', False), ('S5', True)]
    >>> layout.edges[0].points[0] == (layout.nodes[1].x + NODE_WIDTH / 2, layout.nodes[1].y
    ...                               + layout.nodes[1].height)
    True
    """
    lines = {code: tuple(textwrap.wrap(name, CHARS)) or ("",) for code, name, _ in nodes}
    height = 2 * PAD + LINE * (1 + max((len(v) for v in lines.values()), default=1))
    graph = nx.DiGraph()
    graph.add_nodes_from(code for code, _, _ in nodes)
    graph.add_edges_from(edges)
    parts = sorted((sorted(c, key=natural_key) for c in nx.weakly_connected_components(graph)),
                   key=lambda c: (-len(c), natural_key(c[0])))
    blocks = [_part(graph.subgraph(codes), height) for codes in parts]
    xy, routes, width, total = _pack(blocks)
    info = {code: (name, state) for code, name, state in nodes}
    placed = tuple(PlacedNode(code, *info[code], *xy[code], lines[code], NODE_WIDTH, height)
                   for code in sorted(xy, key=natural_key))
    lines_out = tuple(PlacedEdge(a, b, routes[a, b]) for a, b in
                      sorted(graph.edges, key=lambda e: (natural_key(e[0]), natural_key(e[1]))))
    return Layout(placed, lines_out, width, total)


def _part(graph: nx.DiGraph, height: float):
    """Lay out one connected part: top-left corners, edge routes, width and height."""
    codes = sorted(graph, key=natural_key)
    if len(codes) == 1:
        return {codes[0]: (0.0, 0.0)}, {}, NODE_WIDTH, height
    vertices = {code: Vertex(code) for code in codes}
    for vertex in vertices.values():
        vertex.view = _View(NODE_WIDTH, height)
    links = {}
    for a, b in sorted(graph.edges, key=lambda e: (natural_key(e[0]), natural_key(e[1]))):
        links[a, b] = Edge(vertices[a], vertices[b])
        links[a, b].view = _View()
    # one connected part; graph_core keeps the given order (Graph.C gathers edges in a set)
    sugiyama = SugiyamaLayout(graph_core(list(vertices.values()), list(links.values())))
    sugiyama.xspace, sugiyama.yspace, sugiyama.dw = GAP_X, GAP_Y, DUMMY_WIDTH
    sugiyama.init_all(optimize=True)
    sugiyama.draw(ORDER_ROUNDS)
    left = min(v.view.xy[0] for v in vertices.values()) - NODE_WIDTH / 2
    top = min(v.view.xy[1] for v in vertices.values()) - height / 2
    corner = {c: (v.view.xy[0] - NODE_WIDTH / 2 - left, v.view.xy[1] - height / 2 - top)
              for c, v in vertices.items()}
    routes = {key: _route(edge.view.points, left, top, height) for key, edge in links.items()}
    _spread_ports(routes, corner)
    width = max(x for x, _ in corner.values()) + NODE_WIDTH
    return corner, routes, width, max(y for _, y in corner.values()) + height


def _route(centres, left: float, top: float, height: float) -> list[tuple[float, float]]:
    """Turn grandalf's centre points into a route that crosses each layer straight down."""
    (x0, y0), *middle, (x1, y1) = [(x - left, y - top) for x, y in centres]
    points = [(x0, y0 + height / 2)]
    for x, y in middle:  # a dummy place: straight through the layer's band
        points += [(x, y - height / 2), (x, y + height / 2)]
    return points + [(x1, y1 - height / 2)]


def _spread_ports(routes: dict, corner: dict) -> None:
    """Spread the arrows that leave or reach one box along its edge, in the order they go."""
    ends = {}
    for (a, b), points in routes.items():
        ends.setdefault((a, 0), []).append(((points[1][0], b), (a, b)))
        ends.setdefault((b, -1), []).append(((points[-2][0], a), (a, b)))
    for (code, end), keys in ends.items():
        keys.sort(key=lambda k: (k[0][0], natural_key(k[0][1])))
        for i, (_, key) in enumerate(keys):
            x = corner[code][0] + NODE_WIDTH * (i + 1) / (len(keys) + 1)
            routes[key][end] = (x, routes[key][end][1])


def _pack(blocks):
    """Place the parts on shelves, left to right; return corners, routes and the size."""
    xy, routes, x, y, shelf, width = {}, {}, MARGIN, MARGIN, 0.0, 0.0
    for corner, route, w, h in blocks:
        if x > MARGIN and x + w > MAX_WIDTH:
            x, y, shelf = MARGIN, y + shelf + GAP_Y, 0.0
        xy.update((c, (cx + x, cy + y)) for c, (cx, cy) in corner.items())
        routes.update((k, tuple((px + x, py + y) for px, py in p)) for k, p in route.items())
        x, shelf, width = x + w + GAP_X, max(shelf, h), max(width, x + w)
    return xy, routes, width + MARGIN, y + shelf + MARGIN


def crossings(layout: Layout) -> int:
    """Count the pairs of edge segments that cross (edges that share a box do not count).

    >>> a = PlacedEdge("A", "B", ((0, 0), (10, 10)))
    >>> b = PlacedEdge("C", "D", ((0, 10), (10, 0)))
    >>> crossings(Layout((), (a, b), 10, 10))
    1
    """
    count = 0
    for e, f in combinations(layout.edges, 2):
        if {e.topic, e.requires} & {f.topic, f.requires}:
            continue
        count += sum(_cross(p, q) for p in zip(e.points, e.points[1:])
                     for q in zip(f.points, f.points[1:]))
    return count


def _cross(p, q) -> bool:
    def side(a, b, c):
        value = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return (value > 1e-9) - (value < -1e-9)
    return (side(*p, q[0]) * side(*p, q[1]) < 0) and (side(*q, p[0]) * side(*q, p[1]) < 0)


@dataclass(frozen=True)
class Chain:
    """A topic's chain: what it requires, directly or not, what requires it, and the edges."""

    focus: str
    requires: tuple[str, ...]
    required_by: tuple[str, ...]
    edges: frozenset[tuple[str, str]]

    @property
    def topics(self) -> frozenset[str]:
        return frozenset((self.focus, *self.requires, *self.required_by))


def chain(edges: list[tuple[str, str]], focus: str) -> Chain:
    """Return the chain of `focus` in the (topic, requires) edges.

    >>> c = chain([("S5", "I1"), ("I1", "G1"), ("S6", "G1")], "I1")
    >>> c.requires, c.required_by, sorted(c.edges)
    (('G1',), ('S5',), [('I1', 'G1'), ('S5', 'I1')])
    """
    graph = nx.DiGraph(edges)
    if focus not in graph:
        return Chain(focus, (), (), frozenset())
    down = nx.descendants(graph, focus)
    up = nx.ancestors(graph, focus)
    joined = {(a, b) for a, b in graph.edges
              if {a, b} <= down | {focus} or {a, b} <= up | {focus}}
    return Chain(focus, tuple(sorted(down, key=natural_key)),
                 tuple(sorted(up, key=natural_key)), frozenset(joined))
