"""Benchmark editions on a synthetic roadmap: publishing, each edition page beside its live
twin, and comparing two editions or an edition with today.

    python bench/editions.py [--work-items 10000 --leaves 500] [--requests 10]

Targets (issue 13): publish < 2 s (its floor: reading the same rows with bare SELECTs and
writing them as JSON); each edition page within 3x its live twin; compare two editions
< 1 s, an edition with the live roadmap < 1.5 s. Every figure is printed beside its target.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import text  # noqa: E402

from harness import add_size_arguments, generate, load_roadmap, median_seconds  # noqa: E402
from roadmap.db import engine, get_session  # noqa: E402
from roadmap.permissions import COMMAND_LINE  # noqa: E402
from roadmap.read import editions  # noqa: E402
from roadmap.services import editions as edition_service  # noqa: E402

PUBLISH_TARGET, COMPARE_TARGET, COMPARE_LIVE_TARGET, PAGE_RATIO = 2.0, 1.0, 1.5, 3.0
TABLES = ("organizations", "committees", "topics", "topic_dependencies", "work_items",
          "mappings", "equivalences", "gaps", "gap_updates")


def publish(app, title: str) -> tuple[float, int]:
    with app.app_context():
        session = get_session()
        start = time.perf_counter()
        number = edition_service.publish(session, {"title": title}, actor=COMMAND_LINE).record.number
        session.commit()
        return time.perf_counter() - start, number


def bare_read() -> bytes:
    """The floor of publishing: every row of the roadmap's tables, as JSON."""
    with engine().connect() as conn:
        rows = {t: [list(map(str, r)) for r in conn.execute(text(f"SELECT * FROM {t}"))]
                for t in TABLES}
    return json.dumps(rows).encode()


def change_some(app, share: int = 10) -> int:
    """Move every `share`-th work item to the next status, as a year of work would."""
    following = {"proposed": "in_development", "in_development": "approved",
                 "approved": "published", "published": "superseded"}
    with app.app_context():
        session = get_session()
        rows = session.execute(text("SELECT id, status FROM work_items ORDER BY id")).all()
        moved = [(i, following[s]) for i, s in rows[::share] if s in following]
        for item_id, status in moved:
            session.execute(text("UPDATE work_items SET status = :s, published = "
                                 "COALESCE(published, '2027-01') WHERE id = :i"),
                            {"s": status, "i": item_id})
        session.commit()
    return len(moved)


def pages(client, document: dict) -> list[str]:
    topic = next(t["code"] for t in document["topics"] if t.get("parent"))
    return ["/matrix", "/gaps", f"/topics/{topic}",
            f"/organizations/{document['organizations'][1]['acronym']}", "/work-items",
            "/work-items?page=3&sort=status", "/timeline"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_size_arguments(parser)
    parser.add_argument("--requests", type=int, default=10)
    args = parser.parse_args()
    document = generate(args)
    app, url, _ = load_roadmap(document)
    app.config["EDITION_COPIES"] = str(Path(url.removeprefix("sqlite:///")).parent / "editions")
    print(f"Synthetic roadmap: {len(document['work_items'])} work items, {args.leaves} leaf "
          f"topics, {args.organizations} organizations\n")
    with app.app_context():
        floor = median_seconds(bare_read, 3)
    seconds, first = publish(app, "First")
    with app.app_context():
        row = editions.get_edition(get_session(), first)
    print(f"publish            {seconds * 1000:8.0f} ms  floor (bare read as JSON) "
          f"{floor * 1000:6.0f} ms  ratio {seconds / floor:5.2f}   target < {PUBLISH_TARGET:.0f} s: "
          f"{'ok' if seconds < PUBLISH_TARGET else 'MISSED'}")
    print(f"stored             {row.stored_bytes:8,} bytes = {row.stored_bytes / row.work_items:.0f} "
          f"bytes per work item (roadmap and gap report, zlib-compressed JSON)")
    moved = change_some(app)
    seconds, second = publish(app, "Second")
    print(f"publish again      {seconds * 1000:8.0f} ms  after {moved} status moves\n")
    client = app.test_client()
    start = time.perf_counter()
    assert client.get(f"/editions/{first}/matrix").status_code == 200
    print(f"first page of an edition on this host (builds its copy): "
          f"{(time.perf_counter() - start) * 1000:.0f} ms, once\n")
    worst = report_pages(client, document, first, args.requests)
    compare_figures(app, first, second, args.requests)
    print(f"\nWorst edition page ratio {worst:.2f} (target at most {PAGE_RATIO})")
    return 0


def report_pages(client, document: dict, number: int, requests: int) -> float:
    print(f"{'page':34} {'live ms':>8} {'edition ms':>10} {'ratio':>6}  target")
    worst = 0.0
    for path in pages(client, document):
        live_path = "/" if path == "/matrix" else path
        assert client.get(f"/editions/{number}{path}").status_code == 200, path
        live = median_seconds(lambda: client.get(live_path).data, requests)
        frozen = median_seconds(lambda: client.get(f"/editions/{number}{path}").data, requests)
        worst = max(worst, frozen / live)
        print(f"{path:34} {live * 1000:8.1f} {frozen * 1000:10.1f} {frozen / live:6.2f}  "
              f"<= {PAGE_RATIO}: {'ok' if frozen / live <= PAGE_RATIO else 'MISSED'}")
    return worst


def compare_figures(app, first: int, second: int, requests: int) -> None:
    """The comparison as the page, the API and the command line compute it, and the Word
    progress report rendered from it."""
    from roadmap.exporters import render_comparison
    with app.app_context():
        session = get_session()
        figures = [("compare two editions", COMPARE_TARGET,
                    lambda: editions.comparison(session, first, second)),
                   ("compare an edition with today", COMPARE_LIVE_TARGET,
                    lambda: editions.comparison(session, first, None))]
        print(f"\n{'comparison':34} {'ms':>8}  target")
        for name, target, run in figures:
            seconds = median_seconds(run, max(3, requests // 3))
            print(f"{name:34} {seconds * 1000:8.0f}  < {target:.1f} s: "
                  f"{'ok' if seconds < target else 'MISSED'}")
        comparison = editions.comparison(session, first, second)
        counts = comparison.summary["changes"]
        for fmt in ("docx", "xlsx"):
            seconds = median_seconds(lambda: render_comparison(comparison, fmt), 3)
            print(f"progress report ({fmt})            {seconds * 1000:8.0f}  (no target; "
                  f"{counts['work_items_changed']} items changed)")


if __name__ == "__main__":
    raise SystemExit(main())
