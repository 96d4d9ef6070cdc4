"""The load benchmark's own bookkeeping: percentiles, the round robin over hosts, and the
judging of the consistency check's reads. Its figures are only as honest as these."""
import http.server
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from load_http import Request, Result, drive  # noqa: E402
from load_probe import Probe, Prober, Read, tally  # noqa: E402
from load_report import percentile  # noqa: E402


@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=300),
       st.sampled_from((0.5, 0.9, 0.95, 0.99, 1.0)))
def test_a_percentile_is_the_nearest_rank(values, share):
    p = percentile(values, share) / 1000
    assert p in values
    assert sum(v <= p for v in values) >= share * len(values) - 1e-9
    assert sum(v < p for v in values) < share * len(values)


class _Counting(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the name http.server calls
        self.server.paths.append(self.path)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def two_hosts():
    servers = []
    for _ in range(2):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
        server.paths = []
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    yield servers
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("clients", [1, 2])
def test_the_mix_goes_round_robin_and_every_request_is_accounted_for(two_hosts, clients):
    ports = tuple(s.server_address[1] for s in two_hosts)
    mix = [Request("api-read", "GET", f"/{n}") for n in range(12)]
    results, wall = drive(ports, mix, 100.0, "token", threads=8, clients=clients,
                          max_seconds=10.0)
    assert [r.path for r in results] == [r.path for r in mix]  # in schedule order
    assert [r.host for r in results] == [n % 2 for n in range(12)]
    assert sorted(two_hosts[0].paths) == sorted(f"/{n}" for n in range(0, 12, 2))
    assert sorted(two_hosts[1].paths) == sorted(f"/{n}" for n in range(1, 12, 2))
    assert all(r.status == 200 and r.latency >= r.service >= 0 and r.lag >= 0 for r in results)
    assert wall >= 11 / 100.0  # the last request was scheduled 0.11 s after the first


def _write(number: int, status: str, started: float, service: float, follow=(), host=0):
    probe = Probe(number, 100 + number, status)
    return Result("write", "PATCH", f"/api/v1/work-items/{100 + number}", 200, service,
                  service, None, host, 0.0, started, probe, follow)


def _read(seen, expected, start, end, what="topic state", error=None):
    return Read(what, 1, 200 if error is None else None, seen, expected, start, end, error)


def test_a_stale_read_is_a_violation_and_an_overlapped_one_is_not_judged():
    fresh = _write(0, "withdrawn", 1.0, 0.1, (_read("uncovered", "uncovered", 1.2, 1.3),))
    stale = _write(1, "withdrawn", 2.0, 0.1, (_read("covered", "uncovered", 2.2, 2.3),))
    # probe 2 is written again while the first write's read is under way
    early = _write(2, "withdrawn", 3.0, 0.1, (_read("covered", "uncovered", 3.2, 3.5),))
    late = _write(2, "published", 3.3, 0.1, (_read("covered", "covered", 3.5, 3.6),))
    broken = _write(3, "published", 4.0, 0.1, (_read(None, "covered", 4.2, 4.3,
                                                     error="status 500"),))
    found = tally([fresh, stale, early, late, broken])
    assert found.checks == 5 and len(found.reads) == 5
    assert len(found.violations) == 1 and "shows covered, not uncovered" in found.violations[0]
    assert found.unjudged == 1  # early's read; late's read began after late's write
    assert found.errors == ["topic state on host 2: status 500"]


def test_a_failed_probe_write_is_an_error_and_not_a_check():
    failed = Result("write", "PATCH", "/api/v1/work-items/100", None, None, None,
                    "TimeoutError: timed out", 0, None, None, Probe(0, 100, "withdrawn"))
    found = tally([failed])
    assert found.checks == 0 and found.errors and not found.violations


def test_the_prober_takes_every_nth_status_write_and_flips_each_probe():
    prober = Prober([7, 8], every=3)
    probes = [prober.next() for _ in range(12)]
    taken = [p for p in probes if p is not None]
    assert [i for i, p in enumerate(probes) if p] == [0, 3, 6, 9]
    assert [(p.item_id, p.status) for p in taken] == [
        (7, "withdrawn"), (8, "withdrawn"), (7, "published"), (8, "published")]
