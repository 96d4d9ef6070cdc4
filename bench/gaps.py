"""Benchmark the gap analysis on a synthetic roadmap, against a bare read of the same rows.

    python bench/gaps.py [--leaves 5000 --dependencies 15000 --work-items 50000
                          --mappings 100000 --organizations 50 --seed 1]
                         [--bundle-out FILE] [--database URL] [--repeat 5]

Prints, in one run: the pure analysis (no database) at 1x, 2x and 4x the size; the whole
report built afresh from the database, and by a process that built one before (natural
keys reused); a bare SELECT of the same rows; a worker catching up after one status
change; another worker loading the report from the shared store (PostgreSQL with
--database, Redis with ROADMAP_REDIS_URL); each with its target. The synthetic bundle is
written to --bundle-out for other benchmarks.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import func, select, text  # noqa: E402

from harness import add_size_arguments, generate, load_roadmap, median_seconds  # noqa: E402
from roadmap import gaps, shared_results  # noqa: E402
from roadmap.db import engine, get_session  # noqa: E402
from roadmap.models import WorkItem  # noqa: E402
from roadmap.read import gap_report, live_analysis  # noqa: E402

TARGET_PURE_SECONDS = 0.5
TARGET_REPORT_RATIO = 3.0
TARGET_DOUBLING_RATIO = 2.5  # "close to linear": doubling the size at most 2.5 times the cost

BARE_SELECTS = [  # the rows the report reads, without the analysis
    "SELECT id, code, name, parent_id FROM topics",
    "SELECT t.code, r.code FROM topic_dependencies d JOIN topics t ON d.topic_id = t.id "
    "JOIN topics r ON d.requires_id = r.id",
    "SELECT w.id, o.acronym, w.status, w.identifier FROM work_items w JOIN organizations o "
    "ON w.organization_id = o.id",
    "SELECT m.work_item_id, m.topic_id, m.relevance FROM mappings m",
    "SELECT low_id, high_id FROM equivalences",
    "SELECT * FROM gaps",
]
TARGET_CATCH_UP_MS = 20.0  # a status change, caught up by a worker that held the analysis


def analysis_input(document: dict):
    """Turn a bundle into the pure analysis's arguments, as the database read would."""
    parents = {t["parent"] for t in document["topics"] if t.get("parent")}
    leaves = {t["code"]: t["name"] for t in document["topics"] if t["code"] not in parents}
    edges = [(d["topic"], d["requires"]) for d in document["dependencies"]]
    ids = {(w["organization"], w["identifier"]): i for i, w in enumerate(document["work_items"])}
    items = [gaps.Item(i, w["organization"], w["status"])
             for i, w in enumerate(document["work_items"])]
    mappings = [gaps.MappingIn(i, t["code"], t.get("relevance", "core"))
                for i, w in enumerate(document["work_items"]) for t in w["topics"]]
    pairs = [(i, ids[(e["organization"], e["identifier"])])
             for i, w in enumerate(document["work_items"]) for e in w.get("equivalents", [])]
    return leaves, edges, items, mappings, pairs


def status_change(session) -> None:
    """Move one work item's status through the ORM, commit, and read the report again
    (the process holds the analysis at the revision before)."""
    gap_report.gap_report(session)
    session.commit()
    item = session.get(WorkItem, session.scalar(select(func.min(WorkItem.id))))
    item.status = "withdrawn" if item.status != "withdrawn" else "in_development"
    session.commit()
    start = time.perf_counter()
    gap_report.gap_report(session)
    session.commit()
    return time.perf_counter() - start


def shared_loads(session, url: str, repeat: int) -> dict[str, float]:
    """How long another worker takes to load the stored report: PostgreSQL, Redis."""
    report = gap_report.compute_gap_report(session)
    revision = f"{time.time_ns():032d}"[-32:]
    stores = {}
    configured = [("PostgreSQL", None)] if engine().dialect.name == "postgresql" else []
    if os.environ.get("ROADMAP_REDIS_URL"):
        configured.append(("Redis", os.environ["ROADMAP_REDIS_URL"]))
    for name, redis_url in configured:
        shared_results.configure(engine(), enabled=True, redis_url=redis_url, prefix="bench")
        shared_results.put(engine(), "bench_report", revision, report)
        session.commit()
        stores[name] = median_seconds(
            lambda: shared_results.get(session, "bench_report", revision), repeat)
    return stores


def verdict(ok: bool) -> str:
    return "meets the target" if ok else "MISSES the target"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_size_arguments(parser, leaves=5000, dependencies=15000, work_items=50000,
                       mappings=100000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--bundle-out", type=Path, default=None)
    parser.add_argument("--database", default=None, help="SQLAlchemy URL of an EMPTY database "
                                                         "(default: a temporary SQLite file)")
    args = parser.parse_args()

    print(f"Synthetic roadmap: {args.leaves} leaf topics, {args.dependencies} dependencies, "
          f"{args.work_items} work items, {args.mappings} mappings, seed {args.seed}")
    pure = {}
    document = None
    for factor in (1, 2, 4):
        generated = generate(args, factor, equivalences=args.work_items * factor // 100)
        if factor == 1:
            document = generated
        inputs = analysis_input(generated)
        pure[factor] = median_seconds(lambda inputs=inputs: gaps.analyse(*inputs), args.repeat)
        del generated, inputs
    out = args.bundle_out or Path(tempfile.gettempdir()) / f"ssc-synthetic-{args.work_items}.json"
    out.write_text(json.dumps(document), encoding="utf-8")
    print(f"Bundle written to {out}\n")

    print("Pure analysis (median of %d runs)" % args.repeat)
    for factor, seconds in pure.items():
        print(f"  {factor}x  {seconds:8.3f} s")
    print(f"  target at 1x: under {TARGET_PURE_SECONDS} s -> {verdict(pure[1] < TARGET_PURE_SECONDS)}")
    doubling = max(pure[2] / pure[1], pure[4] / pure[2])
    print(f"  worst cost ratio when the size doubles: {doubling:.2f} "
          f"(target at most {TARGET_DOUBLING_RATIO}) -> {verdict(doubling <= TARGET_DOUBLING_RATIO)}\n")

    url = args.database or f"sqlite:///{tempfile.mkdtemp()}/gaps-bench.sqlite"
    app, url, seconds = load_roadmap(document, url)
    with app.app_context():
        session = get_session()
        print(f"Loaded into {engine().dialect.name} through the importer in {seconds:.1f} s")

        def bare():
            with engine().connect() as conn:
                for statement in BARE_SELECTS:
                    conn.execute(text(statement)).fetchall()

        def report():
            session.expunge_all()
            return gap_report.compute_gap_report(session)  # the cost, not a cache hit

        bare()  # warm the caches alike
        report()
        floor = median_seconds(bare, args.repeat)
        whole = median_seconds(report, args.repeat)
        keys = live_analysis.build(session).live.keys
        warm = median_seconds(lambda: live_analysis.build(session, keys), args.repeat)
        catch_up = statistics.median(status_change(session) for _ in range(args.repeat * 2))
        loads = shared_loads(session, url, args.repeat)
    ratio = whole / floor
    print(f"Whole gap report, built afresh:     {whole:8.3f} s "
          f"(a process that built one before: {warm:.3f} s)")
    print(f"Bare SELECT of the same rows:       {floor:8.3f} s")
    print(f"  ratio {ratio:.2f} (target at most {TARGET_REPORT_RATIO}) -> "
          f"{verdict(ratio <= TARGET_REPORT_RATIO)}")
    print(f"A worker catching up after one status change: {catch_up * 1000:6.1f} ms "
          f"(target under {TARGET_CATCH_UP_MS:.0f} ms) -> "
          f"{verdict(catch_up * 1000 < TARGET_CATCH_UP_MS)}")
    for store, seconds in loads.items():
        print(f"Another worker loading the report from {store}: {seconds * 1000:6.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
