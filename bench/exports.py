"""Benchmark the exports on a synthetic roadmap: time and peak memory per format.

    python bench/exports.py [--leaves 500 --dependencies 1500 --work-items 10000
                             --mappings 20000 --organizations 50 --seed 1] [--repeat 3]

Loads the synthetic roadmap (every work item with a URL, so the links are timed too) into
a temporary SQLite database through the importer, then, per format: the median time to
read the rows from the database (`roadmap.read.exports.gather`), the median time to render them
(the exporter alone), and the peak memory Python allocates
while rendering (tracemalloc, measured in a separate run because tracing slows it down).
"""
from __future__ import annotations

import argparse
import gc
import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import add_size_arguments, generate, load_roadmap, median_seconds  # noqa: E402
from roadmap import create_app  # noqa: E402
from roadmap.db import get_session  # noqa: E402
from roadmap.exporters import EXPORTERS  # noqa: E402
from roadmap.read.filters import WorkItemFilter  # noqa: E402
from roadmap.read import exports  # noqa: E402

TARGET_SECONDS = {"docx": 3.0, "xlsx": 2.0, "csv": 0.5}  # a whole export, at 10,000 work items


def peak_mib(function) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def verdict(fmt: str, seconds: float) -> str:
    target = TARGET_SECONDS.get(fmt)
    if target is None:
        return "(no target)"
    return f"target < {target:.1f} s -> " + ("meets the target" if seconds < target
                                             else "MISSES the target")


def load(args) -> str:
    document = generate(args)
    for index, item in enumerate(document["work_items"]):
        item["url"] = f"https://standards.example.org/{index}"
    app, url, seconds = load_roadmap(document)
    app.extensions["roadmap.engine"].dispose()
    print(f"Loaded into SQLite through the importer in {seconds:.1f} s\n")
    return url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_size_arguments(parser)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    print(f"Synthetic roadmap: {args.leaves} leaf topics, {args.dependencies} dependencies, "
          f"{args.work_items} work items, {args.mappings} mappings, seed {args.seed}")
    app = create_app({"DATABASE_URL": load(args), "SECRET_KEY": "bench"})
    print(f"{'format':6}  {'read rows':>9}  {'render':>8}  {'peak memory':>11}  {'size':>9}  "
          "read + render against its target")
    missed = 0
    with app.app_context():
        session = get_session()
        for fmt, exporter in EXPORTERS.items():
            def read():
                session.expunge_all()
                return exports.gather(session, WorkItemFilter(), parts=exporter.parts(),
                                          name="Synthetic roadmap")
            data = read()
            body = exporter.render(data)  # warm up: imports, template, caches
            reading = median_seconds(read, args.repeat)
            rendering = median_seconds(lambda: exporter.render(data), args.repeat)
            peak = peak_mib(lambda: exporter.render(data))
            missed += reading + rendering >= TARGET_SECONDS.get(fmt, float("inf"))
            print(f"{fmt:6}  {reading:7.2f} s  {rendering:6.2f} s  {peak:7.1f} MiB  "
                  f"{len(body) / 2**20:5.1f} MiB  {verdict(fmt, reading + rendering)}")
    print("\nTimes are medians of %d runs; peak memory is what Python allocates while "
          "rendering (tracemalloc; lxml's own buffers are not counted)." % args.repeat)
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
