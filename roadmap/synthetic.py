"""A seeded generator of synthetic roadmaps, as bundles, for benchmarks and scale tests.

The shape follows a real roadmap: topics sit in four layers (foundations, infrastructure,
platforms, services) and require topics of lower layers only, so chains stay short; a
tenth of the topics get no work at all, so there are gaps to find.
"""
from __future__ import annotations

import random

from .interchange.bundle import FORMAT, VERSION
from .vocab import STATUSES, TOPIC_CATEGORIES

LAYERS = 4
TOPICS_PER_GROUP = 50
UNMAPPED_SHARE = 0.1


def generate(*, leaves: int = 5000, dependencies: int = 15000, work_items: int = 50000,
             mappings: int = 100000, organizations: int = 50, equivalences: int = 0,
             seed: int = 1) -> dict:
    """Return a bundle of the given size; the same arguments give the same bundle.

    >>> small = generate(leaves=20, dependencies=30, work_items=40, mappings=60,
    ...                  organizations=3, seed=7)
    >>> [len(small[k]) for k in ("organizations", "topics", "dependencies", "work_items")]
    [3, 21, 30, 40]
    >>> sum(len(w["topics"]) for w in small["work_items"])
    60
    """
    rng = random.Random(seed)
    orgs = [f"SDO-{i:03d}" for i in range(organizations)]
    groups = max(1, -(-leaves // TOPICS_PER_GROUP))
    topics = [{"code": f"G{g:03d}", "name": f"Group {g}",
               "category": TOPIC_CATEGORIES[g % len(TOPIC_CATEGORIES)]} for g in range(groups)]
    codes = [f"T{i:05d}" for i in range(leaves)]
    topics += [{"code": code, "name": f"Topic {i}", "parent": f"G{i // TOPICS_PER_GROUP:03d}"}
               for i, code in enumerate(codes)]
    layer_of = [i * LAYERS // max(leaves, 1) for i in range(leaves)]  # 0 = foundations
    edges = _dependencies(rng, codes, layer_of, dependencies)
    mapped = [c for c in codes if rng.random() >= UNMAPPED_SHARE] or codes
    items = _work_items(rng, orgs, mapped, work_items, mappings)
    _equivalences(rng, items, equivalences)
    return {"format": FORMAT, "version": VERSION,
            "organizations": [{"acronym": o, "name": f"Standards body {o}",
                               "kind": "international_sdo"} for o in orgs],
            "committees": [{"organization": o, "code": "TC 1", "name": "Smart cities"}
                           for o in orgs],
            "topics": topics,
            "dependencies": [{"topic": a, "requires": b} for a, b in edges],
            "work_items": items}


def _dependencies(rng: random.Random, codes: list[str], layer_of: list[int],
                  wanted: int) -> list[tuple[str, str]]:
    layer_start: dict[int, int] = {}
    for i, layer in enumerate(layer_of):
        layer_start.setdefault(layer, i)
    above_base = layer_start.get(1, len(codes))
    edges: set[tuple[str, str]] = set()
    for _ in range(wanted * 20):  # bounded: a tiny roadmap may hold fewer edges than asked
        if len(edges) >= wanted or above_base >= len(codes):
            break
        i = rng.randrange(above_base, len(codes))
        j = rng.randrange(0, layer_start[layer_of[i]])  # any topic of a lower layer
        edges.add((codes[i], codes[j]))
    return sorted(edges)


def _work_items(rng: random.Random, orgs: list[str], topics: list[str], count: int,
                mappings: int) -> list[dict]:
    per_item = [1] * count
    for _ in range(max(0, mappings - count)):
        per_item[rng.randrange(count)] += 1
    weights = (40, 10, 5, 40, 3, 2)  # mostly published or in development, a few inactive
    items = []
    for i in range(count):
        status = rng.choices(STATUSES, weights)[0]
        chosen = rng.sample(topics, min(per_item[i], len(topics)))
        item = {"organization": orgs[i % len(orgs)], "committee": "TC 1",
                "identifier": f"STD {i:06d}", "title": f"Synthetic standard {i}",
                "type": "international_standard", "status": status,
                "topics": [{"code": c, "relevance": "core" if k == 0 else
                            rng.choice(("core", "supporting"))} for k, c in enumerate(chosen)]}
        year = 2000 + i % 26
        if status in ("published", "withdrawn", "superseded"):
            item["published"] = f"{year}-{1 + i % 12:02d}"
        else:
            item["target"] = f"{year + 2}"
        items.append(item)
    return items


def _equivalences(rng: random.Random, items: list[dict], count: int) -> None:
    for _ in range(count):
        a, b = rng.sample(range(len(items)), 2)
        items[a].setdefault("equivalents", []).append(
            {"organization": items[b]["organization"], "identifier": items[b]["identifier"]})
