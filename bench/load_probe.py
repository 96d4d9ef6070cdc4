"""The consistency check: a write on one host is seen by the very next read on another.

Some of the mix's status-changing writes (one every `check_every`) go to a probe item, the
only work item of its probe topic, flipping it between published (the topic is covered)
and withdrawn (uncovered, and in the gap list). The client thread that sent such a write
to one host then reads, at once and on the next host, the item, the topic's state, the
gap list and the matrix row that depend on it. A read showing the state from before the
write is stale; a read that fails or cannot be understood is an error. A read is judged
only when no other write to the same probe overlapped it (several probes keep that rare).
With one host the reads go to the same host, whose other workers must see the write.
The write counts in the mix like any status write; the reads are extra, counted apart.
"""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field

from load_http import Request, auth_headers, send

PROBE_GROUP = "LOADPROBE"
PROBES = 4  # probe topics LOADPROBE1.., each with its one item "LOAD PROBE 1"..
STATE_AFTER = {"published": "covered", "withdrawn": "uncovered"}


def probe_topic(number: int) -> str:
    return f"{PROBE_GROUP}{number + 1}"


def probe_item(number: int) -> str:
    return f"LOAD PROBE {number + 1}"


@dataclass(frozen=True)
class Probe:
    """What a probe write carries for the reads after it."""

    number: int  # which probe
    item_id: int
    status: str  # the status the write sets

    def follow(self, ports: tuple[int, ...], host: int, token: str) -> tuple[Read, ...]:
        """After a probe write on `host`: read, one after another, on the next host."""
        reader = (host + 1) % len(ports)
        found = []
        for what, path, shows in reads(self):
            expected = self.status if what == "item status" else STATE_AFTER[self.status]
            request = Request("check-read", "GET", path)
            start = time.monotonic()
            try:
                status, body = send(ports[reader], request, auth_headers(request, token))
                seen, error = (shows(body), None) if status == 200 else (None, f"status {status}")
            except Exception as exc:  # noqa: BLE001 - a failed or senseless read is an error
                status, seen, error = None, None, f"{type(exc).__name__}: {exc}"
            found.append(Read(what, reader, status, seen, expected, start, time.monotonic(), error))
        return tuple(found)


@dataclass(frozen=True)
class Read:
    what: str
    host: int
    status: int | None
    seen: str | None  # what the answer shows; None when it failed or made no sense
    expected: str
    start: float
    end: float
    error: str | None = None


def reads(probe: Probe) -> list[tuple[str, str, object]]:
    """(what, path, function of the answer's body giving what it shows)."""
    topic = probe_topic(probe.number)
    row = re.compile(r'<tr class="r-(\w+)"><th scope="row"><a href="[^"]*/topics/'
                     + topic + '"')

    def gap_listed(body: bytes) -> str:
        return "uncovered" if topic in json.loads(body)["gaps"] else "covered"

    def matrix_row(body: bytes) -> str:
        found = row.search(body.decode())
        if not found:
            raise ValueError("the probe topic's row is not on the matrix page")
        return found.group(1)
    return [("item status", f"/api/v1/work-items/{probe.item_id}",
             lambda body: json.loads(body)["status"]),
            ("topic state", f"/api/v1/topics/{topic}", lambda body: json.loads(body)["state"]),
            ("gap list", "/api/v1/gaps", gap_listed),
            ("matrix row", f"/?group={PROBE_GROUP}", matrix_row)]


class Prober:
    """Turns every `every`-th status write of the mixes it is given into a probe write;
    each probe flips from one probe write to its next, across runs too."""

    def __init__(self, item_ids: list[int], every: int):
        self.item_ids, self.every = item_ids, max(1, every)
        self.status_writes, self.checks = 0, 0
        self.flips = [0] * len(item_ids)

    def next(self) -> Probe | None:
        self.status_writes += 1
        if (self.status_writes - 1) % self.every:
            return None
        number = self.checks % len(self.item_ids)
        self.checks += 1
        self.flips[number] += 1
        status = ("published", "withdrawn")[self.flips[number] % 2]  # each starts published
        return Probe(number, self.item_ids[number], status)


@dataclass
class Tally:
    checks: int = 0  # probe writes that succeeded
    reads: list[Read] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)  # stale reads
    errors: list[str] = field(default_factory=list)  # failed or unreadable answers
    unjudged: int = 0  # reads another write to the same probe overlapped


def tally(results) -> Tally:
    """Judge every read after a probe write, from the run's results."""
    found = Tally()
    writes = [r for r in results if r.probe is not None]
    for write in writes:
        if write.status is None or write.status >= 400:
            found.errors.append(f"probe write {write.path}: {write.status or write.error}")
            continue
        found.checks += 1
        others = [w for w in writes if w is not write and w.probe.number == write.probe.number
                  and w.started is not None]
        for read in write.follow:
            found.reads.append(read)
            if any(w.started < read.end and w.started + w.service > write.started
                   for w in others):
                found.unjudged += 1
            elif read.error:
                found.errors.append(f"{read.what} on host {read.host + 1}: {read.error}")
            elif read.seen != read.expected:
                found.violations.append(
                    f"{read.what} on host {read.host + 1} shows {read.seen}, not "
                    f"{read.expected}, after {write.path} on host {write.host + 1}")
    return found
