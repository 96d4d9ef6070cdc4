"""Check that large exports never block the site: pages timed while four workbooks are made.

    python bench/export_blocking.py [--work-items 10000 --mappings 20000 --leaves 500 ...]
                                    [--exports 4] [--postgres URL] [--before]

Loads the synthetic roadmap (SQLite by default; `--postgres URL` a throw-away schema of that
PostgreSQL database), starts `gunicorn app:app` with gunicorn.conf.py's defaults on a free
port, and times two pages (/timeline and /work-items), one after the other, first alone and
then while `--exports` XLSX exports of the whole roadmap are downloaded at once, then alone
again (so the machine's own noise weighs on both sides). It prints each page's usual time
(median and 95th percentile alone) against its times during the exports; the target is
the usual time plus 100 ms, for both. `--before` runs the same check on the former serving too
(sync workers, one request each, exports made in the worker) for comparison.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import served  # noqa: E402
from harness import add_size_arguments, generate, load_roadmap  # noqa: E402

PAGES = ("/timeline", "/work-items")
ALONE = 20  # requests per page measured alone, before the exports and again after
MARGIN_SECONDS = 0.100
EXPORT = "/export/roadmap.xlsx"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def alone(base: str) -> dict[str, list[float]]:
    times = {page: [] for page in PAGES}
    for _ in range(ALONE):
        for page in PAGES:
            status, _, seconds = served.get(base + page, timeout=120)
            if status != 200:
                raise RuntimeError(f"{page} answered {status}")
            times[page].append(seconds)
    return times


def during(base: str, exports: int) -> tuple[dict[str, list[float]], list[tuple[int, float]]]:
    """Time the pages over and over while `exports` workbooks download at once."""
    answers: list[tuple[int, float]] = []
    downloads = [threading.Thread(target=lambda: answers.append(
        served.get(base + EXPORT, timeout=900)[::2])) for _ in range(exports)]
    for download in downloads:
        download.start()
    times = {page: [] for page in PAGES}
    time.sleep(0.2)  # let the exports reach the server first
    while any(d.is_alive() for d in downloads):
        for page in PAGES:
            status, _, seconds = served.get(base + page, timeout=900)
            if status != 200:
                raise RuntimeError(f"{page} answered {status}")
            times[page].append(seconds)
    for download in downloads:
        download.join()
    return times, answers


def check(url: str, label: str, exports: int, **settings: str) -> int:
    log = tempfile.NamedTemporaryFile("w", prefix="blocking-gunicorn-", suffix=".log",
                                      delete=False)
    with log:
        base, server = served.start(url, log, **settings)
    try:
        for page in (*PAGES, EXPORT):
            served.get(base + page, timeout=900)  # warm: imports, caches, the forkserver
        usual = alone(base)
        busy, answers = during(base, exports)
        for page, times in alone(base).items():  # the machine's own noise, on both sides
            usual[page].extend(times)
    finally:
        served.stop(server)
    failed = sum(status != 200 for status, _ in answers)
    print(f"\n{label}: {exports} XLSX exports at once took "
          f"{', '.join(f'{s:.1f}' for _, s in sorted(answers, key=lambda a: a[1]))} s"
          f"{f'; {failed} FAILED (see {log.name})' if failed else ''}")
    print(f"  {'page':12} {'alone: median':>13} {'p95':>7}   {'during: median':>14} {'p95':>7}"
          f" {'max':>7} {'n':>4}   target: usual + 100 ms, median and p95")
    missed = failed
    for page in PAGES:
        before, times = usual[page], busy[page]
        pairs = [(statistics.median(before), statistics.median(times)),
                 (percentile(before, 0.95), percentile(times, 0.95))]
        ok = all(now <= then + MARGIN_SECONDS for then, now in pairs)
        missed += not ok
        (m0, m1), (p0, p1) = pairs
        print(f"  {page:12} {m0 * 1000:10.0f} ms {p0 * 1000:4.0f} ms   {m1 * 1000:11.0f} ms "
              f"{p1 * 1000:4.0f} ms {max(times) * 1000:4.0f} ms {len(times):4}   "
              f"{'meets' if ok else 'MISSES'} the target")
    return missed


def database(args) -> tuple[str, callable]:
    """The database URL to load, and what drops it afterwards."""
    if not args.postgres:
        return f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite", lambda: None
    from sqlalchemy import create_engine, text
    from urllib.parse import quote
    schema = f"blocking_{uuid.uuid4().hex[:10]}"
    admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in args.postgres else "?"

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
    return f"{args.postgres}{separator}options={quote(f'-csearch_path={schema}')}", drop


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_size_arguments(parser)
    parser.add_argument("--exports", type=int, default=4)
    parser.add_argument("--postgres", metavar="URL", help="load into a schema of this database")
    parser.add_argument("--before", action="store_true",
                        help="also check the former serving: sync workers, exports inline")
    args = parser.parse_args()
    url, drop = database(args)
    try:
        app, url, seconds = load_roadmap(generate(args), url)
        app.extensions["roadmap.engine"].dispose()
        print(f"Synthetic roadmap of {args.work_items:,} work items loaded into "
              f"{url.split(':')[0]} in {seconds:.1f} s; gunicorn.conf.py's defaults "
              "(2 gthread workers of 8 threads, exports in child processes)")
        missed = check(url, "Now", args.exports)
        if args.before:
            check(url, "Before (2 sync workers, exports made in the worker)", args.exports,
                  THREADS="1", EXPORT_PROCESS="inline", TIMEOUT="600")
    finally:
        drop()
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
