"""Benchmark the exports on a synthetic roadmap: time, memory and a floor per format.

    python bench/exports.py [--leaves 500 --dependencies 1500 --work-items 10000
                             --mappings 20000 --organizations 50 --seed 1] [--repeat 3]
                            [--no-server]
    python bench/exports.py --work-items 50000 --mappings 100000 --leaves 1000 --repeat 1

Loads the synthetic roadmap (every work item with a URL, so the links are timed too) into
a temporary SQLite database through the importer, then, per format:
- read: the median time to read the rows (`roadmap.read.exports.gather`), and render: the
  exporter alone, both with the collector paused as `export_process.produce` runs them;
- floor: in the same run, a bare read-and-write of the same work items: one SELECT of their
  columns and their topics, written by the csv module, a bare XlsxWriter sheet written row
  by row (as the exporter writes), one bare Word table parsed by lxml, or `json.dumps`;
- peak memory Python allocates while rendering (tracemalloc, in a separate run);
- child: the whole export as the web makes it, in a child process (export_process), and
  that child's peak resident memory.
Then a real gunicorn worker's memory (RSS) when idle, and after two Word exports of the
whole roadmap over HTTP, made in a child (the default) and inline (`EXPORT_PROCESS=inline`,
as before), against the goal of 400 MiB.
"""
from __future__ import annotations

import argparse
import csv
import gc
import io
import json
import sys
import tempfile
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import served  # noqa: E402
from harness import add_size_arguments, generate, load_roadmap, median_seconds  # noqa: E402
from roadmap import collector, create_app, export_process  # noqa: E402
from roadmap.db import get_session  # noqa: E402
from roadmap.exporters import EXPORTERS  # noqa: E402
from roadmap.read import exports  # noqa: E402
from roadmap.read.filters import WorkItemFilter  # noqa: E402

TARGET_SECONDS = {"docx": 3.0, "xlsx": 2.0, "csv": 0.5}  # a whole export, at 10,000 work items
TARGET_ITEMS = 10000
WORKER_GOAL_MIB = 400


def peak_mib(function) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def verdict(fmt: str, seconds: float, items: int) -> str:
    target = TARGET_SECONDS.get(fmt)
    if target is None:
        return "(no target)"
    if items != TARGET_ITEMS:
        return f"(target {target:.1f} s is at {TARGET_ITEMS:,} items)"
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


# --- the floor: the same work items, read bare and written bare ---------------------------

FLOOR_SQL = """SELECT o.acronym, c.code, w.identifier, w.provisional_name, w.title, w.type,
  w.status, w.stage, w.approval_process, w.registered, w.target, w.approved, w.published,
  (SELECT group_concat(t.code, ';') FROM mappings m JOIN topics t ON t.id = m.topic_id
   WHERE m.work_item_id = w.id), w.url, w.summary, w.editors, w.source, w.checked
FROM work_items w JOIN organizations o ON o.id = w.organization_id
LEFT JOIN committees c ON c.id = w.committee_id"""


def floor_rows(session) -> list[tuple]:
    return [tuple(row) for row in session.connection().exec_driver_sql(FLOOR_SQL)]


def floor_csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def floor_xlsx(rows) -> bytes:
    import xlsxwriter
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True})
    sheet = workbook.add_worksheet("Work items")
    for number, row in enumerate(rows):
        sheet.write_row(number, 0, row)
    workbook.close()
    return out.getvalue()


def floor_docx(rows) -> bytes:
    import docx
    from docx.oxml import parse_xml
    from xml.sax.saxutils import escape
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    cells = "".join("<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{escape(str(v or ''))}</w:t>"
                                       "</w:r></w:p></w:tc>" for v in row[:8]) + "</w:tr>"
                    for row in rows)
    document = docx.Document()
    document.element.body.append(parse_xml(f"<w:tbl {w}>{cells}</w:tbl>"))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def floor_json(rows) -> bytes:
    return json.dumps([list(row) for row in rows]).encode()


FLOORS = {"csv": floor_csv, "xlsx": floor_xlsx, "docx": floor_docx, "md": floor_csv,
          "json": floor_json}


def floor_seconds(session, fmt: str, repeat: int) -> float:
    def run():
        with collector.paused():
            FLOORS[fmt](floor_rows(session))
    return median_seconds(run, repeat)


# --- the formats, inline and in a child ---------------------------------------------------

def measure_formats(app, url: str, args) -> int:
    print(f"{'format':6}  {'read':>7}  {'render':>7}  {'floor':>7}  {'x floor':>7}  "
          f"{'peak':>9}  {'size':>8}  {'in child':>8}  {'child RSS':>9}  read + render")
    missed = 0
    with app.app_context():
        session = get_session()
        for fmt, exporter in EXPORTERS.items():
            def read():
                session.expunge_all()
                with collector.paused():
                    return exports.gather(session, WorkItemFilter(), parts=exporter.parts(),
                                          name="Synthetic roadmap")

            def render():
                with collector.paused():
                    return exporter.render(data)
            data = read()
            body = render()  # warm up: imports, template, caches
            reading = median_seconds(read, args.repeat)
            rendering = median_seconds(render, args.repeat)
            floor = floor_seconds(session, fmt, args.repeat)
            peak = peak_mib(lambda: exporter.render(data))
            made = export_process.in_child(export_process.Database(url), export_process.ExportJob(
                fmt, WorkItemFilter(), "Synthetic roadmap"), timeout=1800)
            made.file.close()
            total = reading + rendering
            missed += total >= TARGET_SECONDS.get(fmt, float("inf")) \
                and args.work_items == TARGET_ITEMS
            print(f"{fmt:6}  {reading:5.2f} s  {rendering:5.2f} s  {floor:5.2f} s  "
                  f"{total / floor:6.1f}x  {peak:5.0f} MiB  {len(body) / 2**20:4.1f} MiB  "
                  f"{made.seconds:6.2f} s  {made.peak_mib:5.0f} MiB  "
                  f"{verdict(fmt, total, args.work_items)}")
    print(f"\nTimes are medians of {args.repeat} runs; peak is what Python allocates while "
          "rendering (tracemalloc; lxml's own buffers are not counted); 'in child' is the "
          "whole export made as the web makes it, child RSS that process's peak.")
    return missed


# --- a real worker's memory ---------------------------------------------------------------

def worker_memory(url: str, mode: str) -> tuple[float, float, float, float]:
    """(idle RSS, after one Word export, after two, seconds of the first) of one worker."""
    with tempfile.NamedTemporaryFile("w", prefix="exports-gunicorn-", suffix=".log",
                                     delete=False) as log:
        base, server = served.start(url, log, WORKERS="1", EXPORT_PROCESS=mode,
                                    EXPORT_TIMEOUT="1800")
    try:
        worker = served.workers(server)[0]
        for path in ("/work-items", "/", "/gaps"):
            served.get(base + path)  # warm: imports, templates, the gap report
        idle = served.rss_mib(worker)
        after = []
        for _ in range(2):
            status, size, seconds = served.get(base + "/export/roadmap.docx", timeout=1800)
            if status != 200:
                raise RuntimeError(f"the Word export answered {status}; see {log.name}")
            after.append((served.rss_mib(worker), seconds))
        return idle, after[0][0], after[1][0], after[0][1]
    finally:
        served.stop(server)


def measure_workers(url: str, items: int) -> int:
    print(f"\nOne gunicorn worker (gthread) before and after two Word exports of {items:,} "
          f"items over HTTP; goal: under {WORKER_GOAL_MIB} MiB after")
    missed = 0
    for mode in ("child", "inline"):
        idle, first, second, seconds = worker_memory(url, mode)
        label = "in a child (default)" if mode == "child" else "inline (as before)"
        ok = second < WORKER_GOAL_MIB
        missed += mode == "child" and not ok
        print(f"  {label:22} idle {idle:5.0f} MiB, after one {first:5.0f} MiB, after two "
              f"{second:5.0f} MiB ({seconds:.1f} s over HTTP) -> "
              f"{'under' if ok else 'OVER'} the goal")
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_size_arguments(parser)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-server", action="store_true",
                        help="leave out the gunicorn worker's memory")
    args = parser.parse_args()

    print(f"Synthetic roadmap: {args.leaves} leaf topics, {args.dependencies} dependencies, "
          f"{args.work_items} work items, {args.mappings} mappings, seed {args.seed}")
    url = load(args)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    missed = measure_formats(app, url, args)
    app.extensions["roadmap.engine"].dispose()
    if not args.no_server:
        missed += measure_workers(url, args.work_items)
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
