"""Benchmark the preview and the apply of a whole-roadmap bundle, against a bare floor.

    python bench/imports.py [--work-items 50000 --leaves 1000 --mappings 100000 ...]
                            [--database URL_OF_AN_EMPTY_DATABASE]

Each phase runs in a process of its own, so its peak memory (the largest resident set)
is its own: the floor (parse the file, insert the same work items with bare INSERTs),
the preview (check everything, write nothing) and the apply (check and write, one
transaction) into an empty migrated database, and the same file applied again onto what
it wrote (every record read back and compared, nothing changed: a re-import of a backup).
Targets: each under 15 s and under 300 MiB.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

TARGET_SECONDS = 15.0
TARGET_MIB = 300
PHASES = ("floor", "preview", "apply", "again")


def phase(name: str, bundle_path: str, url: str) -> tuple[float, float]:
    """Run one phase in a child process; return (seconds, peak MiB)."""
    answer = subprocess.run([sys.executable, __file__, "--phase", name, "--bundle", bundle_path,
                             "--database", url], capture_output=True, text=True, cwd=ROOT)
    if answer.returncode:
        raise SystemExit(f"{name} failed:\n{answer.stderr[-3000:]}")
    seconds, mib = answer.stdout.split()[-2:]
    return float(seconds), float(mib)


def run_phase(name: str, bundle_path: str, url: str) -> None:
    from sqlalchemy import insert

    from roadmap import create_app
    from roadmap.db import get_session
    from roadmap.interchange import files
    from roadmap.models import Organization, WorkItem
    from roadmap.permissions import COMMAND_LINE
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    start = time.perf_counter()
    data = Path(bundle_path).read_bytes()
    with app.app_context():
        session = get_session()
        if name == "floor":
            document = json.loads(data)
            session.execute(insert(Organization), [
                {"acronym": o["acronym"], "name": o["name"], "kind": o["kind"]}
                for o in document["organizations"]])
            ids = dict(session.execute(Organization.__table__.select().with_only_columns(
                Organization.acronym, Organization.id)).all())
            session.execute(insert(WorkItem), [
                {"organization_id": ids[w["organization"]], "identifier": w["identifier"],
                 "title": w["title"], "type": w["type"], "status": w["status"],
                 "published": w.get("published"), "version": 1}
                for w in document["work_items"]])
            session.rollback()
        elif name == "preview":
            files.preview(session, "roadmap.json", data, actor=COMMAND_LINE, limit=None)
        else:  # "apply" into the empty database, then "again" onto what it wrote
            files.import_file(session, "roadmap.json", data, actor=COMMAND_LINE, limit=None)
            session.commit()
    seconds = time.perf_counter() - start
    status = Path("/proc/self/status").read_text()  # VmHWM: this process's own peak
    peak = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024  # (ru_maxrss keeps
    print(f"{seconds:.3f} {peak:.1f}")  # the parent's across exec)


def main() -> int:
    from harness import add_size_arguments, generate
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_size_arguments(parser, leaves=1000, dependencies=3000, work_items=50000,
                       mappings=100000)
    parser.add_argument("--database", default=None)
    parser.add_argument("--phase", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--bundle", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        run_phase(args.phase, args.bundle, args.database)
        return 0

    from roadmap import migrate
    document = generate(args, equivalences=args.work_items // 100)
    bundle_path = Path(tempfile.mkdtemp()) / "roadmap.json"
    bundle_path.write_text(json.dumps(document), encoding="utf-8")
    print(f"Bundle: {args.work_items} work items, {args.mappings} mappings, {args.leaves} leaf "
          f"topics, {args.work_items // 100} equivalences; "
          f"{bundle_path.stat().st_size / 2**20:.1f} MiB")
    url = args.database or f"sqlite:///{bundle_path.parent / 'bench.sqlite'}"
    migrate.upgrade(url)
    results = {name: phase(name, str(bundle_path), url) for name in PHASES}
    floor_seconds, floor_mib = results["floor"]
    print(f"\n{'phase':8} {'seconds':>8} {'x floor':>8} {'peak MiB':>9}   targets")
    print(f"{'floor':8} {floor_seconds:8.2f} {1:8.1f} {floor_mib:9.0f}   (parse + bare INSERTs)")
    ok = True
    for name in PHASES[1:]:
        seconds, mib = results[name]
        meets = seconds < TARGET_SECONDS and mib < TARGET_MIB
        ok &= meets
        print(f"{name:8} {seconds:8.2f} {seconds / floor_seconds:8.1f} {mib:9.0f}   "
              f"under {TARGET_SECONDS:.0f} s and {TARGET_MIB} MiB -> "
              f"{'meets the targets' if meets else 'MISSES a target'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
