"""Benchmark reading and matching a 16,000-record catalogue, against a bare floor.

    python bench/catalogue.py [--records 16000] [--database URL_OF_AN_EMPTY_DATABASE]

The catalogue is made by repeating the shapes of the test fixture's real records
(tests/fixtures/relaton: both schema generations, ITU-T, ISO and IEC), each copy under a
number of its own, so that a few hundred of them match work items of the roadmap (the
seed plus one tracked item per 40 records) and the rest are candidates or other bodies'.
Each phase runs in a process of its own, so that its peak memory is its own:
- floor: read every file and parse it with PyYAML's C loader, nothing more;
- sync: `relaton.read` and `catalogue.plan` (every record read, keyed and matched, with
  candidates listed for every committee of the roadmap), as `roadmap catalogue import
  --dry-run` does.
Targets: the sync under 30 s and under 300 MiB.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT / "tests" / "fixtures" / "relaton"
TARGET_SECONDS, TARGET_MIB = 30.0, 300
# the number each fixture shape is renumbered by: ITU "Y.4903", ISO/IEC "37120", "30145"
NUMBER = re.compile(r"(?<=Y\.)4\d{3}|(?<=Suppl\. )\d+|(?<=[ -])(?:37\d{3}|30145|63152|63233)")


def make_catalogue(folder: Path, count: int) -> None:
    shapes = sorted(FIXTURES.rglob("*.yaml"))
    data = folder / "data"
    data.mkdir(parents=True)
    for n in range(count):
        shape = shapes[n % len(shapes)]
        number = str(60000 + n)
        text = NUMBER.sub(number, shape.read_text(encoding="utf-8"))
        (data / f"{n:05}-{shape.name}").write_text(text, encoding="utf-8")


def tracked_items(folder: Path, every: int) -> list[dict]:
    """One work item per `every` records, under the identifier the sync keys them by."""
    from roadmap.interchange import catalogue_rules, relaton
    items = []
    for path in sorted((folder / "data").iterdir())[::every]:
        record = relaton.read(path).records[0]
        doc = catalogue_rules.document(record.identifier, record.committee)
        if doc and not doc.part and doc.organization in ("ITU-T", "ISO", "IEC"):
            items.append({"organization": doc.organization, "identifier": doc.identifier,
                          "title": "An older title", "type": "other", "status": "approved",
                          "topics": [{"code": "G1", "relevance": "core"}]})
    return items


def prepare(url: str, folder: Path, every: int) -> None:
    from roadmap import create_app
    from roadmap.cli import prepare_database
    from roadmap.db import get_session
    from roadmap.interchange import importer
    from roadmap.interchange.bundle import FORMAT, VERSION
    from roadmap.permissions import COMMAND_LINE
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    prepare_database(app)  # the schema and the seed
    with app.app_context():
        items = {(i["organization"], i["identifier"]): i for i in tracked_items(folder, every)}
        importer.import_document(get_session(), {"format": FORMAT, "version": VERSION,
                                                 "work_items": list(items.values())},
                                 actor=COMMAND_LINE)
        get_session().commit()
    app.extensions["roadmap.engine"].dispose()


def run_phase(name: str, folder: Path, url: str) -> None:
    start = time.perf_counter()
    if name == "floor":
        import yaml
        for path in sorted((folder / "data").iterdir()):
            yaml.load(path.read_bytes(), Loader=yaml.CBaseLoader)
        found = "-"
    else:
        from roadmap import create_app
        from roadmap.db import get_session
        from roadmap.interchange import catalogue, relaton
        from roadmap.read.catalogue import committee_codes
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
        with app.app_context():
            session = get_session()
            read = relaton.read(folder)
            plan = catalogue.plan(session, read, name="bench",
                                  committees=committee_codes(session))
            found = ",".join(f"{k}={v}" for k, v in plan.counts().items())
    seconds = time.perf_counter() - start
    status = Path("/proc/self/status").read_text()
    peak = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
    print(f"{found} {seconds:.3f} {peak:.1f}")


def phase(name: str, folder: Path, url: str) -> tuple[str, float, float]:
    answer = subprocess.run([sys.executable, __file__, "--phase", name, "--folder", str(folder),
                             "--database", url], capture_output=True, text=True, cwd=ROOT)
    if answer.returncode:
        raise SystemExit(f"{name} failed:\n{answer.stderr[-3000:]}")
    found, seconds, mib = answer.stdout.split()[-3:]
    return found, float(seconds), float(mib)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=16000)
    parser.add_argument("--database", help="an empty database (default: a new SQLite file)")
    parser.add_argument("--phase", choices=("floor", "sync"))
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    if args.phase:
        run_phase(args.phase, args.folder, args.database)
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "catalogue"
        make_catalogue(folder, args.records)
        url = args.database or f"sqlite:///{Path(scratch) / 'bench.sqlite'}"
        prepare(url, folder, every=40)
        print(f"{args.records} records in {sum(1 for _ in (folder / 'data').iterdir())} files")
        failed = False
        for name in ("floor", "sync"):
            found, seconds, mib = phase(name, folder, url)
            target = f"  (targets {TARGET_SECONDS:.0f} s, {TARGET_MIB} MiB)" if name == "sync" else ""
            print(f"{name:6} {seconds:7.2f} s {mib:7.1f} MiB{target}  {found}")
            failed |= name == "sync" and (seconds > TARGET_SECONDS or mib > TARGET_MIB)
        print("sync / floor: see the two lines above; the floor only parses")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
