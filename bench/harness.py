"""What the benchmarks share: timing medians from a clean heap, loading a synthetic roadmap."""
from __future__ import annotations

import gc
import statistics
import time
from roadmap.interchange import importer  # noqa: E402


def median_seconds(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()  # start each run from the same heap, not with the last run's garbage
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def interleaved_medians(functions, repeat: int) -> list[float]:
    """The median time of each function, run in turns (one of each, `repeat` times over):
    a burst of noise on a shared machine then falls on all of them alike, so their ratios
    hold where medians taken one after the other can differ by half."""
    times: list[list[float]] = [[] for _ in functions]
    for _ in range(repeat):
        for function, taken in zip(functions, times):
            gc.collect()
            start = time.perf_counter()
            function()
            taken.append(time.perf_counter() - start)
    return [statistics.median(taken) for taken in times]


def add_size_arguments(parser, *, leaves=500, dependencies=1500, work_items=10000,
                       mappings=20000, organizations=50) -> None:
    """The options that size a synthetic roadmap, with a benchmark's own defaults."""
    for name, default in (("leaves", leaves), ("dependencies", dependencies),
                          ("work-items", work_items), ("mappings", mappings),
                          ("organizations", organizations), ("seed", 1)):
        parser.add_argument(f"--{name}", type=int, default=default)


def generate(args, factor: int = 1, equivalences: int = 0) -> dict:
    """The synthetic roadmap the size options ask for, `factor` times as large."""
    from roadmap import synthetic
    return synthetic.generate(leaves=args.leaves * factor,
                              dependencies=args.dependencies * factor,
                              work_items=args.work_items * factor,
                              mappings=args.mappings * factor,
                              organizations=args.organizations, equivalences=equivalences,
                              seed=args.seed)


def load_roadmap(document: dict, url: str | None = None):
    """Migrate a database (a temporary SQLite file by default), import `document` through
    the importer, and return (app, url, seconds the import took)."""
    import tempfile

    from roadmap import create_app, migrate
    from roadmap.db import get_session
    from roadmap.permissions import COMMAND_LINE
    url = url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"
    migrate.upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        session = get_session()
        start = time.perf_counter()
        importer.import_document(session, document, actor=COMMAND_LINE)
        session.commit()
    return app, url, time.perf_counter() - start
