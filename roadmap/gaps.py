"""Pure analysis of the topic dependency graph (networkx; no Flask, no database).

An edge ``A -> B`` means topic A *requires* topic B.
"""
from __future__ import annotations

import networkx as nx


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
