"""The load client: one request at a time, and an open-loop driver over several hosts.

A request is sent at its scheduled time whatever came back before (open loop), so a slow
server shows as a growing queue rather than a lower request rate; its latency counts from
that scheduled time. The schedule can be shared by several client processes (each takes
every n-th request), so that the client's own Python is not what limits a high rate; the
send lag (actual send minus scheduled start) tells whether it did.
"""
from __future__ import annotations

import concurrent.futures
import http.client
import ipaddress
import multiprocessing
import time
from dataclasses import dataclass

HOST = "127.0.0.1"
REQUEST_TIMEOUT = 10.0


@dataclass(frozen=True)
class Request:
    kind: str
    method: str
    path: str
    body: bytes | None = None
    probe: object = None  # a load_probe.Probe: reads on the next host follow the write


@dataclass(frozen=True)
class Result:
    kind: str
    method: str
    path: str
    status: int | None  # None: no answer (exception, timeout, never sent)
    latency: float | None  # from the scheduled start to the end of the response
    service: float | None  # from the actual send to the end of the response
    error: str | None = None
    host: int = 0  # which host (index into the ports) it went to
    lag: float | None = None  # from the scheduled start to the actual send
    started: float | None = None  # time.monotonic() of the actual send
    probe: object = None  # the request's
    follow: tuple = ()  # a probe write's reads on the next host (load_probe.Read)


def failed(result: Result) -> bool:
    return result.status is None or result.status >= 400


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


def auth_headers(request: Request, token: str) -> dict:
    return ({"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            if request.method != "GET" else {})


def timed(ports: tuple[int, ...], host: int, request: Request, scheduled: float,
          token: str) -> Result:
    """Send one request to host `host`; times are from `scheduled` (time.monotonic)."""
    start = time.monotonic()
    try:
        status, _ = send(ports[host], request, auth_headers(request, token))
        error = None
    except Exception as exc:  # a timeout or a dropped connection is a result, not a crash
        status, error = None, f"{type(exc).__name__}: {exc}"
    end = time.monotonic()
    follow = request.probe.follow(ports, host, token) \
        if request.probe is not None and status is not None and status < 400 else ()
    return Result(request.kind, request.method, request.path, status, end - scheduled,
                  end - start, error, host, start - scheduled, start, request.probe, follow)


def unanswered(request: Request, host: int, why: str) -> Result:
    return Result(request.kind, request.method, request.path, None, None, None, why, host,
                  probe=request.probe)


@dataclass(frozen=True)
class Plan:
    """What every client process shares: where, how fast, until when."""

    ports: tuple[int, ...]  # request i goes to ports[i % len(ports)]: round robin
    rate: float
    token: str
    threads: int  # per client process
    t0: float  # time.monotonic() of request 0
    deadline: float  # time.monotonic() after which nothing is sent or waited for


def drive_share(plan: Plan, requests: list[Request], first: int,
                step: int) -> list[tuple[int, Result]]:
    """Send requests first, first + step, ... of the schedule; return (index, result)."""
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=plan.threads)
    futures = []
    try:
        for index in range(first, len(requests), step):
            scheduled = plan.t0 + index / plan.rate
            if scheduled > plan.deadline:
                break
            time.sleep(max(0.0, scheduled - time.monotonic()))
            host = index % len(plan.ports)
            futures.append((index, pool.submit(timed, plan.ports, host, requests[index],
                                               scheduled, plan.token)))
        concurrent.futures.wait([f for _, f in futures],
                                timeout=max(0.0, plan.deadline - time.monotonic()))
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # the wall-time cap wins over a queue
    return [(index, future.result() if future.done() and not future.cancelled() else
             unanswered(requests[index], index % len(plan.ports), "not answered in time"))
            for index, future in futures]


def drive(ports: tuple[int, ...], requests: list[Request], rate: float, token: str, *,
          threads: int, clients: int, max_seconds: float) -> tuple[list[Result], float]:
    """Send request i at t0 + i/rate to host i mod hosts, from `clients` processes.

    Return the results in schedule order and the wall time until the last answer."""
    t0 = time.monotonic() + 0.2 * (clients > 1)  # time for the processes to start
    plan = Plan(tuple(ports), rate, token, max(1, threads // clients), t0, t0 + max_seconds)
    if clients == 1:
        pairs = drive_share(plan, requests, 0, 1)
    else:
        context = multiprocessing.get_context("fork")
        with concurrent.futures.ProcessPoolExecutor(clients, mp_context=context) as pool:
            shares = [pool.submit(drive_share, plan, requests, k, clients)
                      for k in range(clients)]
            pairs = [pair for share in shares for pair in share.result()]
    by_index = dict(pairs)
    results = [by_index.get(i) or unanswered(r, i % len(ports), "never sent: wall-time cap")
               for i, r in enumerate(requests)]
    ends = [i / rate + r.latency for i, r in enumerate(results) if r.latency is not None]
    return results, max(ends, default=time.monotonic() - t0)
