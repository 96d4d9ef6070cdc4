"""Benchmark the pages on a synthetic roadmap against a bare read of the same rows.

    python bench/pages.py [--work-items 10000 --leaves 500 --organizations 50]
                          [--requests 30] [--bundle FILE] [--database URL]

For each page: the median of N requests through the app, and the median time to fetch the
same rows with bare SELECTs and format them as plain text (the floor), taken in turns so
that a burst of noise on a shared machine weighs on both alike; prints both, the ratio
and the page size, with the targets beside them. Every request gets a session of its own,
as under gunicorn: no application context is kept open around the requests, so each one
opens its session and closes it at its end.

Flask's fixed cost is the median time of a request that reads nothing (a 404 page, in
the site's layout), taken in the same turns; a page passes when it is within 3x its
floor, or within 2 ms of that fixed cost (a floor far below the fixed cost cannot be
reached three times over).

With `--database URL` (PostgreSQL) the roadmap goes into a throw-away schema of that
database, dropped at the end; without it, a temporary SQLite file.
"""
from __future__ import annotations

import argparse
import json
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from flask import has_app_context  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from harness import interleaved_medians, load_roadmap  # noqa: E402
from roadmap import synthetic  # noqa: E402
from roadmap.db import engine  # noqa: E402

TARGET_RATIO = 3.0
FIXED_MARGIN_MS = 2.0
TARGET_MATRIX_KIB = 400
ACTIVE = "('proposed', 'in_development', 'approved', 'published')"

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
LISTING = f"SELECT {ITEM_COLUMNS} FROM work_items w JOIN organizations o ON w.organization_id = o.id"


def topics_of(ids: str) -> str:
    """The topics of the items `ids` selects (a list's rows show them)."""
    return (f"SELECT m.work_item_id, t.code, m.relevance FROM mappings m JOIN topics t "
            f"ON m.topic_id = t.id WHERE m.work_item_id IN ({ids})")


def search_condition(dialect: str) -> str:
    """The bare text search for "standard 12", through its index."""
    if dialect == "sqlite":
        return ("w.id IN (SELECT rowid FROM work_items_fts WHERE work_items_fts "
                "MATCH '\"standard\" \"12\"*')")
    return ("to_tsvector('english', coalesce(w.identifier, '') || ' ' || coalesce(w.title, '') "
            "|| ' ' || coalesce(w.summary, '')) @@ to_tsquery('english', 'standard:* & 12:*')")


def floors(topic: str, organization: str, item_id: int, dialect: str) -> dict[str, list[str]]:
    """The bare statements behind each page: the least any page showing it could do."""
    org = f"o.acronym = '{organization}'"
    one_item = [f"{LISTING} WHERE w.id = {item_id}", topics_of(str(item_id)),
                f"SELECT low_id, high_id FROM equivalences WHERE low_id = {item_id} "
                f"UNION ALL SELECT low_id, high_id FROM equivalences WHERE high_id = {item_id}"]
    first_page = f"{LISTING} WHERE w.status IN {ACTIVE} ORDER BY o.acronym, w.identifier LIMIT 50"
    found = f"{LISTING} WHERE w.status IN {ACTIVE} AND {search_condition(dialect)}"
    mapped = ("FROM work_items w JOIN mappings m ON m.work_item_id = w.id JOIN topics t "
              f"ON m.topic_id = t.id WHERE w.status IN {ACTIVE}")
    return {
        "/": ANALYSIS + ["SELECT m.topic_id, o.acronym, w.status, count(*) FROM mappings m "
                         "JOIN work_items w ON m.work_item_id = w.id JOIN organizations o "
                         "ON w.organization_id = o.id GROUP BY m.topic_id, o.acronym, w.status"],
        f"/topics/{topic}": ANALYSIS + [
            f"{LISTING} JOIN mappings m ON m.work_item_id = w.id JOIN topics t "
            f"ON m.topic_id = t.id WHERE t.code = '{topic}'"],
        f"/organizations/{organization}": [
            "SELECT w.status, substr(coalesce(w.published, w.target), 1, 4), count(*) "
            f"FROM work_items w JOIN organizations o ON w.organization_id = o.id WHERE {org} "
            "GROUP BY w.status, substr(coalesce(w.published, w.target), 1, 4)",
            "SELECT c.code, c.name FROM committees c JOIN organizations o "
            f"ON c.organization_id = o.id WHERE {org}",
            "SELECT coalesce(t.parent_id, t.id), w.status, count(DISTINCT w.id) FROM work_items w "
            "JOIN organizations o ON w.organization_id = o.id JOIN mappings m "
            f"ON m.work_item_id = w.id JOIN topics t ON m.topic_id = t.id WHERE {org} "
            f"AND w.status IN {ACTIVE} GROUP BY coalesce(t.parent_id, t.id), w.status",
            f"{LISTING} WHERE {org} ORDER BY w.identifier LIMIT 50",
            topics_of(f"SELECT w.id FROM work_items w JOIN organizations o ON w.organization_id "
                      f"= o.id WHERE {org} ORDER BY w.identifier LIMIT 50")],
        f"/work-items/{item_id}": one_item,
        f"/api/v1/work-items/{item_id}": one_item,
        "/work-items": [first_page, f"SELECT count(*) FROM work_items WHERE status IN {ACTIVE}",
                        topics_of(first_page.replace(ITEM_COLUMNS, "w.id"))],
        "/work-items?q=standard+12": [
            f"{found} ORDER BY o.acronym, w.identifier LIMIT 50",
            f"SELECT count(*) FROM ({found}) AS found",
            topics_of(f"{found} ORDER BY o.acronym, w.identifier LIMIT 50".replace(
                ITEM_COLUMNS, "w.id"))],
        "/timeline": [
            "SELECT coalesce(t.parent_id, t.id), w.status, substr(coalesce(w.published, w.target), "
            f"1, 4), count(DISTINCT w.id) {mapped} GROUP BY coalesce(t.parent_id, t.id), w.status, "
            "substr(coalesce(w.published, w.target), 1, 4)"],
        "/timeline?by=organization": [
            "SELECT o.acronym, w.status, substr(coalesce(w.published, w.target), 1, 4), count(*) "
            "FROM work_items w JOIN organizations o ON w.organization_id = o.id "
            f"WHERE w.status IN {ACTIVE} GROUP BY o.acronym, w.status, "
            "substr(coalesce(w.published, w.target), 1, 4)"],
        "/gaps": ANALYSIS,
        "/topics/graph": ANALYSIS,
    }


def bare(target, statements: list[str]) -> str:
    """Fetch the rows and format them as plain text: the least any page could do."""
    lines = []
    with target.connect() as conn:
        for statement in statements:
            lines.extend("\t".join(map(str, row)) for row in conn.execute(text(statement)))
    return "\n".join(lines)


def verdict(path: str, page: float, floor: float, fixed: float, size: float) -> str:
    ratio_ok, near_fixed = page <= TARGET_RATIO * floor, page <= fixed + FIXED_MARGIN_MS / 1000
    if path == "/" and size >= TARGET_MATRIX_KIB:
        return f"MISSED (size >= {TARGET_MATRIX_KIB} KiB)"
    if ratio_ok:
        return "ok"
    return f"ok (within {FIXED_MARGIN_MS:.0f} ms of the fixed cost)" if near_fixed else "MISSED"


def measure(app, document: dict, repeat: int) -> bool:
    """Time every page against its floor; print a line each. Return whether all passed."""
    client = app.test_client()
    with app.app_context():
        target = engine()
    with target.connect() as conn:  # an item with an equivalent, if any has one
        item_id = conn.execute(text("SELECT coalesce(min(e.low_id), min(w.id)) FROM work_items w "
                                    "LEFT JOIN equivalences e ON e.low_id = w.id")).scalar()
    assert not has_app_context()  # so each request opens its own session, as under gunicorn
    not_found = client.get("/work-items/0")
    assert not_found.status_code == 404 and b"<nav" in not_found.data  # the site's layout
    print(f"Flask's fixed cost: a 404 page in the site's layout, no rows read ({len(not_found.data)}"
          " bytes), timed in turns with each page\n")
    print(f"{'page':38} {'page ms':>9} {'floor ms':>9} {'ratio':>6} {'fixed ms':>9} {'KiB':>7}"
          f"  verdict (ratio <= {TARGET_RATIO} or page <= fixed + {FIXED_MARGIN_MS:.0f} ms)")
    topic = document["topics"][5]["code"] if document["topics"][5].get("parent") else "T00012"
    passed = True
    for path, statements in floors(topic, document["organizations"][1]["acronym"], item_id,
                                   target.dialect.name).items():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        size = len(response.data) / 1024
        page, floor, fixed = interleaved_medians(
            [lambda: client.get(path).data, lambda: bare(target, statements),
             lambda: client.get("/work-items/0").data], repeat)
        outcome = verdict(path, page, floor, fixed, size)
        passed = passed and outcome.startswith("ok")
        print(f"{path:38} {page * 1000:9.1f} {floor * 1000:9.1f} {page / floor:6.2f} "
              f"{fixed * 1000:9.2f} {size:7.1f}  {outcome}")
    return passed


def with_schema(url: str, schema: str) -> str:
    """Point a PostgreSQL URL at one schema (the same quoting as tests/conftest.py)."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-csearch_path={schema}')}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work-items", type=int, default=10000)
    parser.add_argument("--leaves", type=int, default=500)
    parser.add_argument("--organizations", type=int, default=50)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--bundle", type=Path, help="a bundle to load instead of generating one")
    parser.add_argument("--database", metavar="URL",
                        help="a PostgreSQL database to run in (a throw-away schema of it)")
    args = parser.parse_args()
    if args.bundle:
        document = json.loads(args.bundle.read_text(encoding="utf-8"))
    else:
        document = synthetic.generate(leaves=args.leaves, dependencies=args.leaves * 3,
                                      work_items=args.work_items, mappings=args.work_items * 2,
                                      organizations=args.organizations,
                                      equivalences=args.work_items // 100)
    if not args.database:
        return run(document, None, args.requests)
    if not args.database.startswith("postgresql"):
        parser.error(f"--database: {args.database!r} is not a PostgreSQL URL "
                     "(without --database the benchmark uses a temporary SQLite file)")
    admin = create_engine(args.database, isolation_level="AUTOCOMMIT")
    schema = f"pages_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        return run(document, with_schema(args.database, schema), args.requests)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def run(document: dict, url: str | None, repeat: int) -> int:
    app, url, seconds = load_roadmap(document, url)
    if url.startswith("postgresql"):  # the statistics autovacuum would gather in service
        with app.app_context():
            with engine().connect() as conn:
                conn.execute(text("ANALYZE"))
                conn.commit()
    print(f"Synthetic roadmap: {len(document['work_items'])} work items, "
          f"{sum(1 for t in document['topics'] if t.get('parent'))} leaf topics, "
          f"{len(document['organizations'])} organizations; on {url.split(':')[0]}, "
          f"loaded in {seconds:.1f} s; median of {repeat} requests\n")
    passed = measure(app, document, repeat)
    app.extensions["roadmap.engine"].dispose()
    print(f"\n{'Every page passed' if passed else 'Some page MISSED'}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
