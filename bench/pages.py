"""Benchmark the pages on a synthetic roadmap against a bare read of the same rows.

    python bench/pages.py [--work-items 10000 --leaves 500 --organizations 50]
                          [--requests 20] [--bundle FILE]

For each page: the median of N requests through the app, and in the same run the median
time to fetch the same rows with bare SELECTs and format them as plain text (the floor);
prints both, the ratio and the page size, with the targets beside them.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import text  # noqa: E402

from harness import load_roadmap, median_seconds  # noqa: E402
from roadmap import synthetic  # noqa: E402
from roadmap.db import engine, get_session  # noqa: E402

TARGET_RATIO = 3.0
TARGET_MATRIX_KIB = 400

ANALYSIS = [  # what every page that shows topic states reads
    "SELECT id, code, name, parent_id FROM topics",
    "SELECT t.code, r.code FROM topic_dependencies d JOIN topics t ON d.topic_id = t.id "
    "JOIN topics r ON d.requires_id = r.id",
    "SELECT w.id, o.acronym, w.status FROM work_items w JOIN organizations o ON w.organization_id = o.id",
    "SELECT m.work_item_id, t.code, m.relevance FROM mappings m JOIN topics t ON m.topic_id = t.id",
    "SELECT low_id, high_id FROM equivalences",
    "SELECT code, title, status FROM gaps",
]
ITEM_COLUMNS = ("w.id, o.acronym, w.identifier, w.title, w.type, w.status, w.stage, "
                "w.published, w.target")


def floors(topic: str, organization: str, item_id: int) -> dict[str, list[str]]:
    """The bare statements behind each page."""
    listing = (f"SELECT {ITEM_COLUMNS} FROM work_items w JOIN organizations o "
               "ON w.organization_id = o.id")
    return {
        "/": ANALYSIS + ["SELECT m.topic_id, o.acronym, w.status, count(*) FROM mappings m "
                         "JOIN work_items w ON m.work_item_id = w.id JOIN organizations o "
                         "ON w.organization_id = o.id GROUP BY m.topic_id, o.acronym, w.status"],
        f"/topics/{topic}": ANALYSIS + [
            f"{listing} JOIN mappings m ON m.work_item_id = w.id JOIN topics t "
            f"ON m.topic_id = t.id WHERE t.code = '{topic}'"],
        f"/organizations/{organization}": [
            f"{listing} WHERE o.acronym = '{organization}'",
            "SELECT m.work_item_id, t.code, m.relevance FROM mappings m JOIN topics t "
            "ON m.topic_id = t.id JOIN work_items w ON m.work_item_id = w.id JOIN organizations o "
            f"ON w.organization_id = o.id WHERE o.acronym = '{organization}'"],
        f"/work-items/{item_id}": [f"{listing} WHERE w.id = {item_id}",
                                   f"SELECT * FROM mappings WHERE work_item_id = {item_id}"],
        "/work-items": [f"{listing} ORDER BY o.acronym, w.identifier LIMIT 50",
                        "SELECT count(*) FROM work_items"],
        "/work-items?q=standard+12": [
            f"{listing} WHERE w.title LIKE '%standard 12%' ORDER BY o.acronym LIMIT 50",
            "SELECT count(*) FROM work_items WHERE title LIKE '%standard 12%'"],
        "/timeline": ["SELECT t.code, w.id, w.status, w.published, w.target FROM work_items w "
                      "JOIN mappings m ON m.work_item_id = w.id JOIN topics t ON m.topic_id = t.id"],
        "/gaps": ANALYSIS,
        "/topics/graph": ANALYSIS,
    }


def bare(statements: list[str]) -> str:
    """Fetch the rows and format them as plain text: the least any page could do."""
    lines = []
    with engine().connect() as conn:
        for statement in statements:
            lines.extend("\t".join(map(str, row)) for row in conn.execute(text(statement)))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work-items", type=int, default=10000)
    parser.add_argument("--leaves", type=int, default=500)
    parser.add_argument("--organizations", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--bundle", type=Path, help="a bundle to load instead of generating one")
    args = parser.parse_args()
    if args.bundle:
        document = json.loads(args.bundle.read_text(encoding="utf-8"))
    else:
        document = synthetic.generate(leaves=args.leaves, dependencies=args.leaves * 3,
                                      work_items=args.work_items, mappings=args.work_items * 2,
                                      organizations=args.organizations,
                                      equivalences=args.work_items // 100)
    app, _, _ = load_roadmap(document)
    client = app.test_client()
    with app.app_context():
        item_id = get_session().execute(text("SELECT min(id) FROM work_items")).scalar()
    print(f"Synthetic roadmap: {len(document['work_items'])} work items, "
          f"{sum(1 for t in document['topics'] if t.get('parent'))} leaf topics, "
          f"{len(document['organizations'])} organizations; median of {args.requests} requests\n")
    print(f"{'page':38} {'page ms':>9} {'floor ms':>9} {'ratio':>6} {'KiB':>7}  target")
    worst = 0.0
    with app.app_context():
        topic = document["topics"][5]["code"] if document["topics"][5].get("parent") else "T00012"
        for path, statements in floors(topic, document["organizations"][1]["acronym"],
                                       item_id).items():
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            size = len(response.data) / 1024
            page = median_seconds(lambda: client.get(path).data, args.requests)
            floor = median_seconds(lambda: bare(statements), args.requests)
            ratio = page / floor
            worst = max(worst, ratio)
            size_target = path == "/" and size >= TARGET_MATRIX_KIB
            status = "ok" if ratio <= TARGET_RATIO and not size_target else "MISSED"
            print(f"{path:38} {page * 1000:9.1f} {floor * 1000:9.1f} {ratio:6.2f} {size:7.1f}  "
                  f"ratio <= {TARGET_RATIO}{f', < {TARGET_MATRIX_KIB} KiB' if path == '/' else ''}"
                  f": {status}")
        overhead = median_seconds(lambda: client.get("/work-items/0").data, args.requests)
    print(f"\nWorst ratio {worst:.2f} (target at most {TARGET_RATIO})")
    print(f"For scale: the app answers a request with no rows (a 404 page) in "
          f"{overhead * 1000:.1f} ms; a page whose floor is below that cannot reach the ratio.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
