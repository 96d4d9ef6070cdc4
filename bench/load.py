"""Load the real server (gunicorn, PostgreSQL) with an open-loop mix of reads and writes.

    python bench/load.py [--leaves 500 --dependencies 1500 --work-items 10000
                          --mappings 20000 --organizations 50 --seed 1]
                         [--rate 30 --seconds 20 --floor-seconds 10 --threads 32]
                         [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test]

Loads the synthetic roadmap into a throw-away PostgreSQL schema, starts `gunicorn app:app`
on a free loopback port, then sends requests at a fixed rate whatever the server's pace
(open loop), so a slow server shows as a growing queue rather than a lower request rate.
Latency counts from each request's scheduled start. In the same run the trivial
`GET /api/v1/` (no database) at the same rate is the floor. Prints the figures with the
targets beside them; exits 0 unless the setup failed.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import http.client
import ipaddress
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import create_engine, text  # noqa: E402

from harness import add_size_arguments, generate, load_roadmap  # noqa: E402
from roadmap.db import get_session  # noqa: E402
from roadmap.permissions import COMMAND_LINE  # noqa: E402
from roadmap.services import accounts, tokens  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
HOST = "127.0.0.1"
EMAIL = "load@example.org"
MAX_REQUESTS = 5000  # over both phases: the run must stay small whatever the flags say
MAX_WALL_SECONDS = 120.0  # over both phases, including waiting for the last answers
REQUEST_TIMEOUT = 10.0
READY_TIMEOUT = 60.0
TARGET_RATE = 30.0
TARGET_P95_MS = 150.0
KINDS = ("matrix", "topic", "list", "gaps", "api-read", "write")
WEIGHTS = (15, 15, 15, 10, 35, 10)


@dataclass
class Request:
    kind: str
    method: str
    path: str
    body: bytes | None = None


@dataclass
class Result:
    kind: str
    method: str
    path: str
    status: int | None  # None: no answer (exception, timeout, never sent)
    latency: float | None  # from the scheduled start to the end of the response
    service: float | None  # from the actual send to the end of the response
    error: str | None = None


# --- setup --------------------------------------------------------------------------------

def with_schema(url: str, schema: str) -> str:
    """Point a PostgreSQL URL at one schema (the same quoting as tests/conftest.py)."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-csearch_path={schema}')}"


def prepare(document: dict, url: str) -> tuple[float, str, list[int]]:
    """Migrate and import; make an editor with a token. Return (seconds, token, item ids)."""
    app, _, seconds = load_roadmap(document, url)
    with app.app_context():
        session = get_session()
        accounts.create_user(session, actor=COMMAND_LINE, email=EMAIL,
                             password="a-long-password-for-load", role="editor")
        _, token = tokens.create_token(session, actor=COMMAND_LINE, email=EMAIL, name="load")
        session.commit()
        ids = list(session.scalars(text("SELECT id FROM work_items ORDER BY id")))
    # the server runs in other processes; this one must not hold connections meanwhile
    app.extensions["roadmap.engine"].dispose()
    return seconds, token, ids


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(url: str, port: int, log) -> subprocess.Popen:
    env = {**os.environ, "ROADMAP_DATABASE_URL": url, "ROADMAP_SECRET_KEY": "load-secret",
           "ROADMAP_ENV": "production", "ROADMAP_BIND": f"{HOST}:{port}",
           "ROADMAP_WORKERS": "2"}
    return subprocess.Popen([sys.executable, "-m", "gunicorn", "app:app"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)


def wait_ready(server: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with status {server.returncode}")
        try:
            if send(port, Request("floor", "GET", "/api/v1/"), timeout=2)[0] == 200:
                return
        except OSError:
            pass  # not listening yet
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer GET /api/v1/ within {READY_TIMEOUT:.0f} s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def print_log(path: Path, lines: int = 20) -> None:
    """Print the last lines of the server log that are not access-log lines."""
    text_lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    print(f"\nServer log ({path}), last lines other than the access log:")
    for line in [line for line in text_lines if not line.startswith(f"{HOST} - ")][-lines:]:
        print(f"  {line}")


# --- requests -----------------------------------------------------------------------------

def send(port: int, request: Request, headers: dict | None = None,
         timeout: float = REQUEST_TIMEOUT) -> tuple[int, bytes]:
    if not ipaddress.ip_address(HOST).is_loopback:
        raise RuntimeError(f"refusing to load {HOST}: loopback only")
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(request.method, request.path, body=request.body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def build_mix(rng: random.Random, count: int, topics: list[str], ids: list[int],
              status_share: float = 0.0) -> list[Request]:
    kinds = rng.choices(KINDS, WEIGHTS, k=count)
    writes = iter(distinct(rng, ids, kinds.count("write")))
    api_pages = max(1, min(20, len(ids) // 50))
    mix = []
    for number, kind in enumerate(kinds):
        if kind == "matrix":
            mix.append(Request(kind, "GET", "/"))
        elif kind == "topic":
            mix.append(Request(kind, "GET", f"/topics/{rng.choice(topics)}"))
        elif kind == "list":
            mix.append(Request(kind, "GET", f"/work-items?status=active&page={rng.randint(1, 5)}"))
        elif kind == "gaps":
            mix.append(Request(kind, "GET", "/gaps"))
        elif kind == "api-read":
            path = rng.choice((f"/api/v1/work-items?per_page=50&page={rng.randint(1, api_pages)}",
                               f"/api/v1/work-items/{rng.choice(ids)}",
                               f"/api/v1/topics/{rng.choice(topics)}", "/api/v1/gaps"))
            mix.append(Request(kind, "GET", path))
        else:
            # a stage edit leaves the gap analysis as it is; a status edit changes its
            # input, so every worker recomputes the analysis once after it
            change = ({"status": rng.choice(("approved", "in_development"))}
                      if rng.random() < status_share else {"stage": f"load run {number}"})
            body = json.dumps(change).encode()
            mix.append(Request(kind, "PATCH", f"/api/v1/work-items/{next(writes)}", body))
    return mix


def distinct(rng: random.Random, ids: list[int], count: int) -> list[int]:
    """Ids without repeats (two writes to one item would race and one get 409)."""
    chosen = rng.sample(ids, min(count, len(ids)))
    return (chosen * (count // max(len(chosen), 1) + 1))[:count]


def timed(port: int, request: Request, scheduled: float, token: str) -> Result:
    headers = ({"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
               if request.method != "GET" else {})
    start = time.perf_counter()
    try:
        status, _ = send(port, request, headers)
        error = None
    except Exception as exc:  # a timeout or a dropped connection is a result, not a crash
        status, error = None, f"{type(exc).__name__}: {exc}"
    end = time.perf_counter()
    return Result(request.kind, request.method, request.path, status, end - scheduled,
                  end - start, error)


def drive(port: int, requests: list[Request], rate: float, token: str, threads: int,
          deadline: float) -> tuple[list[Result], float]:
    """Send request i at t0 + i/rate whatever came back; return the results and wall time."""
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=threads)
    futures = []
    t0 = time.perf_counter()
    try:
        for index, request in enumerate(requests):
            scheduled = t0 + index / rate
            if scheduled > deadline:
                break
            time.sleep(max(0.0, scheduled - time.perf_counter()))
            futures.append((request, pool.submit(timed, port, request, scheduled, token)))
        concurrent.futures.wait([f for _, f in futures],
                                timeout=max(0.0, deadline - time.perf_counter()))
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # the wall-time cap wins over a queue
    results = [future.result() if future.done() and not future.cancelled()
               else Result(request.kind, request.method, request.path, None, None, None,
                          "not answered in time")
               for request, future in futures]
    results += [Result(r.kind, r.method, r.path, None, None, None, "never sent: wall-time cap")
                for r in requests[len(futures):]]
    # latency counts from t0 + index / rate, so this is when the last answer ended
    ends = [index / rate + r.latency for index, r in enumerate(results) if r.latency is not None]
    return results, max(ends, default=time.perf_counter() - t0)


def warm(port: int, mix: list[Request]) -> None:
    """Send each GET of the mix once: first hits pay for imports and caches."""
    for path in sorted({r.path for r in mix if r.method == "GET"}):
        send(port, Request("warm", "GET", path))


def alone(port: int, mix: list[Request], ids: list[int], token: str,
          per_kind: int = 5) -> dict[str, list[float]]:
    """Time a few requests of each kind one at a time on the idle server: what each kind
    costs with nothing queued. The writes go first, to items the mix does not touch, and
    the warm-up after them, so the reads find the caches the writes emptied filled again."""
    written = {r.path for r in mix if r.method != "GET"}
    spare = [i for i in ids if f"/api/v1/work-items/{i}" not in written][:per_kind]
    writes = [Request("write", "PATCH", f"/api/v1/work-items/{i}",
                      json.dumps({"stage": "load alone"}).encode()) for i in spare]
    reads = [r for kind in KINDS if kind != "write"
             for r in [r for r in mix if r.kind == kind][:per_kind]]
    times: dict[str, list[float]] = {}
    for index, request in enumerate(writes + reads):
        if index == len(writes):
            warm(port, mix)
        result = timed(port, request, time.perf_counter(), token)
        if failed(result):
            print(f"  alone {request.method} {request.path}: "
                  f"{result.status if result.status is not None else result.error}")
        times.setdefault(request.kind, []).append(result.service)
    return times


# --- report -------------------------------------------------------------------------------

def percentile(values: list[float], share: float) -> float:
    """Nearest rank, in ms; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))] * 1000


def failed(result: Result) -> bool:
    return result.status is None or result.status >= 400


def summarize(label: str, results: list[Result], wall: float) -> float:
    """Print one phase's figures; return its p95 in ms."""
    latencies = [r.latency for r in results if r.latency is not None]
    services = [r.service for r in results if r.service is not None]
    answered = sum(1 for r in results if r.status is not None)
    p95 = percentile(latencies, 0.95)
    print(f"{label}: {len(results)} requests, {answered} answered in {wall:.1f} s "
          f"= {answered / wall if wall else 0:.1f} requests/s")
    print(f"  from scheduled start (answered): p50 {percentile(latencies, 0.5):7.1f} ms  "
          f"p95 {p95:7.1f} ms  p99 {percentile(latencies, 0.99):7.1f} ms")
    print(f"  service time only (answered):    p50 {percentile(services, 0.5):7.1f} ms  "
          f"p95 {percentile(services, 0.95):7.1f} ms  p99 {percentile(services, 0.99):7.1f} ms")
    return p95


def per_kind(results: list[Result], idle: dict[str, list[float]]) -> None:
    print(f"  {'kind':9} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'svc p50':>8} "
          f"{'svc p95':>8} {'errors':>7} {'alone p50':>10}")
    for kind in KINDS:
        rows = [r for r in results if r.kind == kind]
        latencies = [r.latency for r in rows if r.latency is not None]
        services = [r.service for r in rows if r.service is not None]
        print(f"  {kind:9} {len(rows):6d} {percentile(latencies, 0.5):8.1f} "
              f"{percentile(latencies, 0.95):8.1f} {percentile(services, 0.5):8.1f} "
              f"{percentile(services, 0.95):8.1f} {sum(map(failed, rows)):7d} "
              f"{percentile(idle.get(kind, []), 0.5):10.1f}")
    print("  (svc: from the actual send, so it still includes waiting for a free worker;\n"
          "   alone: a few requests of the kind one at a time on the idle server)")


def errors(results: list[Result], shown: int = 8) -> int:
    """Print the errors grouped by kind and status (or message), with an example URL each."""
    groups: dict[tuple[str, str], list[Result]] = {}
    for r in results:
        if failed(r):
            groups.setdefault((r.kind, str(r.status or r.error)), []).append(r)
    for (kind, what), rows in list(groups.items())[:shown]:
        print(f"    {len(rows):5d} x {kind:9} {what}  (e.g. {rows[0].method} {rows[0].path})")
    if len(groups) > shown:
        print(f"    ... and {len(groups) - shown} more kinds of error")
    return sum(len(rows) for rows in groups.values())


def verdict(ok: bool) -> str:
    return "MEETS" if ok else "MISSES"


# --- main ---------------------------------------------------------------------------------

def run(args, url: str, document: dict, token: str, ids: list[int]) -> None:
    rng = random.Random(args.seed)
    topics = rng.sample([t["code"] for t in document["topics"] if t.get("parent")], 5)
    mix = build_mix(rng, min(round(args.rate * args.seconds), MAX_REQUESTS), topics, ids,
                    args.status_share)
    floor = [Request("floor", "GET", "/api/v1/")] * min(round(args.rate * args.floor_seconds),
                                                        MAX_REQUESTS - len(mix))
    log_path = Path(tempfile.mkstemp(prefix="load-gunicorn-", suffix=".log")[1])
    port = free_port()
    with log_path.open("w") as log:
        server = start_server(url, port, log)
    keep_log = False  # the log is kept, and its path printed, when something went wrong
    try:
        try:
            wait_ready(server, port)
        except RuntimeError:
            print_log(log_path)
            keep_log = True
            raise
        idle = alone(port, mix, ids, token)  # warms the server too
        deadline = time.perf_counter() + MAX_WALL_SECONDS
        print(f"Open loop at {args.rate:g} requests/s with {args.threads} threads, "
              f"server on {HOST}:{port} (gunicorn, 2 sync workers); "
              f"{args.status_share:.0%} of the writes change a status\n")
        mix_results, mix_wall = drive(port, mix, args.rate, token, args.threads, deadline)
        floor_results, floor_wall = drive(port, floor, args.rate, token, args.threads, deadline)
        report(args, mix_results, mix_wall, floor_results, floor_wall, idle)
        if server.poll() is not None or any(r.status is None or r.status >= 500
                                            for r in mix_results + floor_results):
            print_log(log_path)
            keep_log = True
    finally:
        stop_server(server)
        if not keep_log:
            log_path.unlink()


def report(args, mix_results, mix_wall, floor_results, floor_wall, idle) -> None:
    mix_p95 = summarize("Mix", mix_results, mix_wall)
    per_kind(mix_results, idle)
    print(f"  errors (status >= 400, exception or timeout): "
          f"{sum(map(failed, mix_results))}")
    error_count = errors(mix_results)
    print()
    floor_p95 = summarize("Floor GET /api/v1/ (no database)", floor_results, floor_wall)
    floor_errors = errors(floor_results)
    if floor_errors:
        print(f"  floor errors: {floor_errors}")
    print(f"\nMix p95 / floor p95: {mix_p95 / floor_p95 if floor_p95 else float('nan'):.1f}")
    print(f"target: zero errors; p95 of the mix < {TARGET_P95_MS:.0f} ms at "
          f"{TARGET_RATE:.0f} requests/s")
    print(f"  zero errors: {error_count} errors -> {verdict(error_count == 0)}")
    at_rate = "" if args.rate >= TARGET_RATE else f" (run at {args.rate:g} requests/s, not " \
                                                   f"{TARGET_RATE:.0f}: not comparable)"
    print(f"  mix p95 < {TARGET_P95_MS:.0f} ms: {mix_p95:.1f} ms -> "
          f"{verdict(mix_p95 < TARGET_P95_MS and args.rate >= TARGET_RATE)}{at_rate}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_size_arguments(parser)
    parser.add_argument("--rate", type=float, default=30.0, help="requests per second")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the mix")
    parser.add_argument("--floor-seconds", type=float, default=10.0)
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--status-share", type=float, default=0.1,
                        help="share of the writes that change a status (the rest edit a stage)")
    args = parser.parse_args()
    if args.rate <= 0:
        parser.error("--rate must be positive")

    document = generate(args)
    print(f"Synthetic roadmap: {len(document['organizations'])} organizations, "
          f"{sum(1 for t in document['topics'] if t.get('parent'))} leaf topics, "
          f"{len(document['dependencies'])} dependencies, "
          f"{len(document['work_items'])} work items, "
          f"{sum(len(w['topics']) for w in document['work_items'])} mappings, seed {args.seed}")
    schema = f"load_{uuid.uuid4().hex[:10]}"
    admin = create_engine(args.database_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = with_schema(args.database_url, schema)
        try:
            seconds, token, ids = prepare(document, url)
        except Exception as exc:
            print(f"Setup failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 1
        print(f"Loaded into PostgreSQL schema {schema} through the importer in {seconds:.1f} s")
        try:
            run(args, url, document, token, ids)
        except RuntimeError as exc:  # the server did not start
            print(f"Setup failed: {exc}", file=sys.stderr)
            return 1
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
