"""The layered drawing of the seed roadmap's topic graph: boxes apart, edges around them."""
import json

import pytest
from roadmap import graph_layout
from roadmap.config import DEFAULT_SEED

MAX_CROSSINGS = 70  # the seed drew 205 crossings with the layout before grandalf, 66 with it


@pytest.fixture(scope="module")
def seed_graph():
    document = json.loads(DEFAULT_SEED.read_bytes())
    parents = {t.get("parent") for t in document["topics"]}
    nodes = [(t["code"], t["name"], "uncovered") for t in document["topics"]
             if t["code"] not in parents]
    edges = [(d["topic"], d["requires"]) for d in document["dependencies"]]
    return nodes, edges


@pytest.fixture(scope="module")
def layout(seed_graph):
    return graph_layout.layered(*seed_graph)


def inside(point, node, margin=0.5):
    x, y = point
    return (node.x + margin < x < node.x + node.width - margin
            and node.y + margin < y < node.y + node.height - margin)


def test_graph_layout_places_every_topic_and_edge(layout, seed_graph):
    nodes, edges = seed_graph
    assert {n.code for n in layout.nodes} == {code for code, _, _ in nodes}
    assert {(e.topic, e.requires) for e in layout.edges} == set(edges)


def test_graph_layout_keeps_boxes_apart_and_on_the_page(layout):
    for i, a in enumerate(layout.nodes):
        assert 0 <= a.x and a.x + a.width <= layout.width
        assert 0 <= a.y and a.y + a.height <= layout.height
        for b in layout.nodes[i + 1:]:
            apart = (a.x + a.width <= b.x or b.x + b.width <= a.x
                     or a.y + a.height <= b.y or b.y + b.height <= a.y)
            assert apart, (a.code, b.code)


def test_graph_layout_routes_every_edge_around_the_other_boxes(layout):
    for edge in layout.edges:
        others = [n for n in layout.nodes if n.code not in (edge.topic, edge.requires)]
        ends = [n for n in layout.nodes if n.code in (edge.topic, edge.requires)]
        for (x1, y1), (x2, y2) in zip(edge.points, edge.points[1:]):
            for step in range(101):
                point = (x1 + (x2 - x1) * step / 100, y1 + (y2 - y1) * step / 100)
                assert not any(inside(point, n) for n in others + ends), (edge, point)


def test_graph_layout_points_every_edge_down_from_bottom_to_top(layout):
    by_code = {n.code: n for n in layout.nodes}
    for edge in layout.edges:
        topic, required = by_code[edge.topic], by_code[edge.requires]
        assert edge.points[0][1] == topic.y + topic.height
        assert edge.points[-1][1] == required.y
        assert all(b[1] >= a[1] for a, b in zip(edge.points, edge.points[1:]))


def test_graph_layout_crosses_few_edges_on_the_seed(layout):
    assert graph_layout.crossings(layout) <= MAX_CROSSINGS


def test_graph_layout_keeps_full_names_wrapped_in_their_boxes(layout, seed_graph):
    names = {code: name for code, name, _ in seed_graph[0]}
    for node in layout.nodes:
        assert " ".join(node.lines) == names[node.code]
        assert all(len(line) <= graph_layout.CHARS for line in node.lines)
        assert graph_layout.PAD * 2 + graph_layout.LINE * (1 + len(node.lines)) <= node.height


def test_graph_layout_is_the_same_on_every_run(layout, seed_graph):
    assert graph_layout.layered(*seed_graph) == layout


def test_graph_layout_spreads_the_arrows_that_reach_one_box(layout):
    ends = [e.points[-1] for e in layout.edges]
    assert len(ends) == len(set(ends))


def test_chain_holds_what_a_topic_requires_and_what_requires_it():
    found = graph_layout.chain([("A", "B"), ("B", "C"), ("D", "B"), ("E", "C")], "A")
    assert (found.requires, found.required_by) == (("B", "C"), ())
    assert found.edges == {("A", "B"), ("B", "C")}
    assert found.topics == {"A", "B", "C"}
