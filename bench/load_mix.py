"""What the load benchmark sends: the mix of reads and writes, the warm-up, every page."""
from __future__ import annotations

import json
import random
import time

from load_http import Request, failed, send, timed

KINDS = ("matrix", "topic", "list", "gaps", "api-read", "write")
WEIGHTS = (15, 15, 15, 10, 35, 10)


def build_mix(rng: random.Random, count: int, topics: list[str], ids: list[int],
              status_share: float = 0.0, prober=None) -> list[Request]:
    """`count` requests drawn by WEIGHTS; a share of the writes change a status, and the
    prober (load_probe.Prober), if any, makes some of those probe writes."""
    kinds = rng.choices(KINDS, WEIGHTS, k=count)
    writes = iter(distinct(rng, ids, kinds.count("write")))
    api_pages = max(1, min(20, len(ids) // 50))
    return [request(rng, kind, number, topics, ids, api_pages, writes, status_share, prober)
            for number, kind in enumerate(kinds)]


def request(rng: random.Random, kind: str, number: int, topics: list[str], ids: list[int],
            api_pages: int, writes, status_share: float, prober) -> Request:
    if kind == "matrix":
        return Request(kind, "GET", "/")
    if kind == "topic":
        return Request(kind, "GET", f"/topics/{rng.choice(topics)}")
    if kind == "list":
        return Request(kind, "GET", f"/work-items?status=active&page={rng.randint(1, 5)}")
    if kind == "gaps":
        return Request(kind, "GET", "/gaps")
    if kind == "api-read":
        path = rng.choice((f"/api/v1/work-items?per_page=50&page={rng.randint(1, api_pages)}",
                           f"/api/v1/work-items/{rng.choice(ids)}",
                           f"/api/v1/topics/{rng.choice(topics)}", "/api/v1/gaps"))
        return Request(kind, "GET", path)
    # a stage edit leaves the gap analysis as it is; a status edit changes its input, so
    # the analysis is computed again after it (today once per worker)
    item = next(writes)
    if rng.random() >= status_share:
        return Request(kind, "PATCH", f"/api/v1/work-items/{item}",
                       json.dumps({"stage": f"load run {number}"}).encode())
    probe = prober.next() if prober else None
    if probe:
        return Request(kind, "PATCH", f"/api/v1/work-items/{probe.item_id}",
                       json.dumps({"status": probe.status}).encode(), probe)
    return Request(kind, "PATCH", f"/api/v1/work-items/{item}",
                   json.dumps({"status": rng.choice(("approved", "in_development"))}).encode())


def distinct(rng: random.Random, ids: list[int], count: int) -> list[int]:
    """Ids without repeats (two writes to one item would race and one get 409).

    >>> sorted(distinct(random.Random(1), [1, 2, 3], 3))
    [1, 2, 3]
    """
    chosen = rng.sample(ids, min(count, len(ids)))
    return (chosen * (count // max(len(chosen), 1) + 1))[:count]


def warm(ports: tuple[int, ...], mix: list[Request], times: int = 1) -> None:
    """Send each GET of the mix to every host: first hits pay for imports and caches."""
    paths = sorted({r.path for r in mix if r.method == "GET"})
    for _ in range(times):
        for port in ports:
            for path in paths:
                send(port, Request("warm", "GET", path))


def every_page(document: dict, ids: list[int]) -> list[str]:
    """One address of every page anyone may read (exports aside: bench/exports.py)."""
    leaves = [t["code"] for t in document["topics"] if t.get("parent")]
    groups = [t["code"] for t in document["topics"] if not t.get("parent")]
    organization = document["organizations"][0]["acronym"]
    item = ids[len(ids) // 2]
    pages = ["/", f"/?group={groups[0]}", "/gaps", "/topics/graph", "/timeline",
             "/organizations", f"/organizations/{organization}", f"/topics/{groups[0]}",
             f"/topics/{leaves[0]}", f"/topics/{leaves[-1]}/history", "/work-items",
             "/work-items?status=active&page=3", "/work-items?q=Synthetic+standard+42",
             f"/work-items/{item}", f"/work-items/{item}/history", "/register", "/actions",
             "/liaison-statements", "/editions", "/feed.atom"]
    api = ["/api/v1/", "/api/v1/gaps", "/api/v1/topics", "/api/v1/organizations",
           "/api/v1/dependencies", "/api/v1/work-items?per_page=100", f"/api/v1/topics/{leaves[0]}",
           f"/api/v1/work-items/{item}", "/api/v1/register"]
    return pages + api


def warm_every_page(ports: tuple[int, ...], pages: list[str], workers: int) -> list[str]:
    """Send every page often enough that each worker of each host likely served it (the
    kernel, not the benchmark, picks the worker); return the pages that did not answer 200."""
    refused = set()
    for port in ports:
        for _ in range(3 * workers):
            for path in pages:
                status, _ = send(port, Request("warm", "GET", path), timeout=60)
                if status != 200:
                    refused.add(f"{path} ({status})")
    return sorted(refused)


def alone(ports: tuple[int, ...], mix: list[Request], ids: list[int], token: str,
          per_kind: int = 5) -> dict[str, list[float]]:
    """Time a few requests of each kind one at a time on the idle first host: what each
    kind costs with nothing queued. The writes go first, to items the mix does not touch,
    and the warm-up after them, so the reads find the caches the writes emptied filled."""
    written = {r.path for r in mix if r.method != "GET"}
    spare = [i for i in ids if f"/api/v1/work-items/{i}" not in written][:per_kind]
    writes = [Request("write", "PATCH", f"/api/v1/work-items/{i}",
                      json.dumps({"stage": "load alone"}).encode()) for i in spare]
    reads = [r for kind in KINDS if kind != "write"
             for r in [r for r in mix if r.kind == kind][:per_kind]]
    times: dict[str, list[float]] = {}
    for index, req in enumerate(writes + reads):
        if index == len(writes):
            warm(ports, mix)
        result = timed(ports, 0, req, time.monotonic(), token)
        if failed(result):
            print(f"  alone {req.method} {req.path}: "
                  f"{result.status if result.status is not None else result.error}")
        times.setdefault(req.kind, []).append(result.service)
    return times
