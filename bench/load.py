"""Load the real server (gunicorn, PostgreSQL) with an open-loop mix of reads and writes,
on one host or two.

    python bench/load.py [--hosts 1|2 --workers 2 --rate 30 --seconds 20 --status-share 0.1]
                         [--search] [--leaves 500 --dependencies 1500 --work-items 10000
                          --mappings 20000 --organizations 50 --seed 1]
                         [--threads 0 --clients 1 --check-interval 2 --floor-seconds 5]
                         [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test]
                         [--redis-url redis://127.0.0.1:6379/0]
    python bench/load.py --story [--story-sizes 10k,50k]

Loads the synthetic roadmap into a throw-away PostgreSQL schema, starts one `gunicorn
app:app` master per host on its own loopback port (each with --workers workers, all on the
same database, and the same Redis if given), then sends the mix round-robin to the hosts
at a fixed rate whatever their pace (open loop): a slow server shows as a growing queue,
not a lower rate. Latency counts from each request's scheduled start. Beside the mix:
the trivial `GET /api/v1/` (no database) at the same rate is the floor; a consistency
check writes on one host and reads at once on the other (load_probe.py); after the runs,
every page is warmed and each worker's resident memory printed. --search finds the
highest rate whose mix p95 stays under 250 ms. --story runs the whole matrix (10,000 and
50,000 items, one host and two, 10% and 50% status writes at 30 requests/s, a search per
size and host count) and prints one table and the verdicts at the end: 15 to 30
minutes, the longer when the app is overloaded.
Exits 0 unless the setup failed.
"""
from __future__ import annotations

import argparse
import random
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import add_size_arguments, generate  # noqa: E402
from load_http import REQUEST_TIMEOUT, Request, drive  # noqa: E402
from load_machine import describe, snapshot  # noqa: E402
from load_mix import alone, build_mix, every_page, warm_every_page  # noqa: E402
from load_mix import WEIGHTS, KINDS  # noqa: E402
from load_probe import Prober, tally  # noqa: E402
from load_report import Outcome, print_outcome, story_table  # noqa: E402
from load_search import search  # noqa: E402
from load_servers import Fleet, prepare, throwaway_schema, worker_rss  # noqa: E402
from load_verdicts import TARGET_SEARCH, Memory, print_searches, print_verdicts  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
MAX_REQUESTS = 5000  # per phase: a run must stay small whatever the flags say
MAX_WALL_SECONDS = 120.0  # per phase, including waiting for the last answers
MAX_STORY_SECONDS = 1800.0  # the configurations left after this are skipped, and said so
SEARCH_LIMIT_MS = 250.0
STORY_SIZES = {"10k": {"leaves": 500, "work_items": 10000, "mappings": 20000},
               "50k": {"leaves": 1000, "work_items": 50000, "mappings": 100000}}


class Roadmap:
    """One size of roadmap, loaded, with what the runs on it share."""

    def __init__(self, args, url: str, schema: str):
        self.args, self.url, self.schema = args, url, schema
        self.document = generate(args)
        self.prepared = prepare(self.document, url)
        rng = random.Random(args.seed)
        self.topics = rng.sample([t["code"] for t in self.document["topics"]
                                  if t.get("parent")], 5)
        self.prober = Prober(self.prepared.probe_ids, 1)  # flips carry over between runs
        self.pages = every_page(self.document, self.prepared.ids)

    @property
    def items(self) -> int:
        return len(self.document["work_items"])

    def mix(self, rate: float, seconds: float, share: float, seed: int,
            probes: bool = False) -> list[Request]:
        """The mix; with probes, a status write every --check-interval seconds or so is
        a probe write, followed by the consistency check's reads."""
        count = min(round(rate * seconds), MAX_REQUESTS)
        status_writes = rate * share * WEIGHTS[KINDS.index("write")] / sum(WEIGHTS)
        # at most half the status writes are probe writes: the others go to items with
        # dependencies and several topics, which an incremental analysis finds dearer
        self.prober.every = max(2, round(self.args.check_interval * status_writes))
        return build_mix(random.Random(seed), count, self.topics, self.prepared.ids, share,
                         self.prober if probes else None)

    def threads(self, rate: float) -> int:
        """Enough threads that even answers as slow as the timeout do not hold up the next
        send: the send lag then measures the client's own pace, not a full pool."""
        return self.args.threads or int(min(1024, max(64, rate * (REQUEST_TIMEOUT + 2))))


def run(roadmap: Roadmap, fleet: Fleet, share: float, rate: float) -> Outcome:
    """One configuration: the mix with its consistency checks, then the floor."""
    args, token = roadmap.args, roadmap.prepared.token
    mix = roadmap.mix(rate, args.seconds, share, args.seed + roadmap.prober.checks, True)
    fleet.idle()
    ports = fleet.ports
    idle = alone(ports, mix, roadmap.prepared.ids, token)  # warms every host too
    before = snapshot(fleet.masters)
    results, wall = drive(ports, mix, rate, token, threads=roadmap.threads(rate),
                          clients=args.clients, max_seconds=MAX_WALL_SECONDS)
    machine = describe(before, snapshot(fleet.masters))
    fleet.idle()
    ports = fleet.ports
    floor = [Request("floor", "GET", "/api/v1/")] * min(round(rate * args.floor_seconds),
                                                        MAX_REQUESTS)
    floor_results, _ = drive(ports, floor, rate, token, threads=roadmap.threads(rate),
                             clients=args.clients, max_seconds=MAX_WALL_SECONDS)
    outcome = Outcome(roadmap.items, len(ports), args.workers, share, rate, results, wall,
                      floor_results, tally(results), idle, machine)
    print_outcome(outcome)
    return outcome


def memory(roadmap: Roadmap, fleet: Fleet) -> Memory:
    """Warm every page on every host, then read each worker's resident memory."""
    fleet.idle()
    refused = warm_every_page(fleet.ports, roadmap.pages, roadmap.args.workers)
    sizes = [worker_rss(pid) for pid in fleet.masters]
    found = Memory(roadmap.items, fleet.count, sizes, refused)
    found.print()
    return found


def rate_search(roadmap: Roadmap, fleet: Fleet):
    args = roadmap.args
    print(f"\nHighest rate with mix p95 < {SEARCH_LIMIT_MS:.0f} ms, {roadmap.items:,} items, "
          f"{fleet.count} host(s), {args.search_share:.0%} status writes "
          f"({args.search_seconds:g} s runs, {args.search_budget:g} s budget):")
    def make_mix(rate: float, seconds: float) -> list[Request]:
        return roadmap.mix(rate, seconds, args.search_share, args.seed + int(rate))
    found = search(fleet, make_mix, roadmap.prepared.token,
                   limit_ms=SEARCH_LIMIT_MS, start=args.rate, seconds=args.search_seconds,
                   budget=args.search_budget, threads=roadmap.threads, clients=args.clients,
                   floor_rate=TARGET_SEARCH[1])
    found.items, found.hosts, found.share = roadmap.items, fleet.count, args.search_share
    return found


def on_hosts(roadmap: Roadmap, count: int, shares, with_search: bool, results) -> None:
    """Start `count` hosts; run each share, the search and the memory reading on them."""
    args = roadmap.args
    with Fleet(roadmap.url, count, args.workers, args.redis_url, roadmap.schema) as fleet:
        print(f"\n{count} host(s) on ports {', '.join(map(str, fleet.ports))}, gunicorn with "
              f"{args.workers} workers each (threads: gunicorn.conf.py); the mix goes round-robin to them")
        for share in shares:
            if time.monotonic() > results["ends"]:
                print(f"  skipped {share:.0%} status writes: the story's time cap")
                continue
            results["outcomes"].append(run(roadmap, fleet, share, args.rate))
        if with_search and time.monotonic() < results["ends"]:
            results["searches"].append(rate_search(roadmap, fleet))
        results["memory"].append(memory(roadmap, fleet))


def on_size(args, host_counts, shares, with_search: bool, results) -> int:
    document_size = (f"{args.work_items:,} work items, {args.mappings:,} mappings, "
                     f"{args.leaves} leaf topics, {args.dependencies} dependencies, "
                     f"{args.organizations} organizations, seed {args.seed}")
    with throwaway_schema(args.database_url) as (url, schema):
        try:
            roadmap = Roadmap(args, url, schema)
        except Exception as exc:
            print(f"Setup failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 1
        print(f"\nSynthetic roadmap ({document_size}) plus probe topics and items, loaded "
              f"into PostgreSQL schema {schema} in {roadmap.prepared.seconds:.1f} s")
        for count in host_counts:
            try:
                on_hosts(roadmap, count, shares, with_search, results)
            except RuntimeError as exc:  # a server did not start
                print(f"Setup failed: {exc}", file=sys.stderr)
                return 1
    return 0


def main() -> int:
    args = arguments()
    sys.stdout.reconfigure(line_buffering=True)  # a long story is followed as it goes

    def interrupted(number, frame):
        raise SystemExit(f"Stopped by signal {number}: servers stopped, schema dropped")
    for number in (signal.SIGINT, signal.SIGTERM):  # even when started with them ignored
        signal.signal(number, interrupted)
    results = {"outcomes": [], "searches": [], "memory": [],
               "ends": time.monotonic() + MAX_STORY_SECONDS}
    if args.story:
        for name in args.story_sizes:
            for option, value in STORY_SIZES[name].items():
                setattr(args, option, value)
            if on_size(args, (1, 2), (0.1, 0.5), True, results):
                return 1
        story_table(results["outcomes"])
    elif on_size(args, (args.hosts,), (args.status_share,), args.search, results):
        return 1
    print_searches(results["searches"])
    print_verdicts(results, args)
    return 0


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_size_arguments(parser)
    add = parser.add_argument
    add("--hosts", type=int, choices=(1, 2), default=1, help="gunicorn masters, one per port")
    add("--workers", type=int, default=2, help="workers per host (ROADMAP_WORKERS)")
    add("--rate", type=float, default=30.0, help="requests per second (and the search's start)")
    add("--seconds", type=float, default=20.0, help="length of the mix")
    add("--floor-seconds", type=float, default=5.0)
    add("--status-share", type=float, default=0.1,
        help="share of the writes that change a status (the rest edit a stage)")
    add("--search", action="store_true", help="also find the highest rate with p95 < 250 ms")
    add("--search-share", type=float, default=0.5, help="status share during the search")
    add("--search-seconds", type=float, default=6.0, help="length of each search step")
    add("--search-budget", type=float, default=60.0, help="seconds for one search")
    add("--story", action="store_true", help="run the whole matrix; one table at the end")
    add("--story-sizes", type=lambda s: s.split(","), default=["10k", "50k"],
        help="comma-separated: 10k (500 leaves, 20,000 mappings), 50k (1,000, 100,000)")
    add("--threads", type=int, default=0,
        help="client threads (0: enough for answers as slow as the timeout, 64 to 1024)")
    add("--clients", type=int, default=1, help="client processes sharing the schedule")
    add("--check-interval", type=float, default=2.0,
        help="about this many seconds between consistency checks (probe status writes)")
    add("--database-url", default=DEFAULT_URL)
    add("--redis-url", default=None, help="give every host this Redis (ROADMAP_REDIS_URL)")
    args = parser.parse_args()
    checks = [(args.rate <= 0, "--rate must be positive"),
              (not 0 <= args.status_share <= 1, "--status-share must be between 0 and 1"),
              (not 0 <= args.search_share <= 1, "--search-share must be between 0 and 1"),
              (args.workers < 1 or args.clients < 1, "--workers and --clients must be >= 1"),
              (args.seconds <= 0 or args.check_interval <= 0, "--seconds and "
               "--check-interval must be positive"),
              (any(s not in STORY_SIZES for s in args.story_sizes),
               f"--story-sizes takes {', '.join(STORY_SIZES)}, comma-separated")]
    for wrong, message in checks:
        if wrong:
            parser.error(message)
    return args


if __name__ == "__main__":
    raise SystemExit(main())
