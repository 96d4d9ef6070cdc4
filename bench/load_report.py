"""The load benchmark's figures: percentiles per kind and for the whole mix, one run's
report, and the story's table."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from load_http import Result, failed
from load_mix import KINDS

MIB = 2 ** 20


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least `share` of the values at or below it,
    in ms (the values are in seconds); NaN for no values.

    >>> percentile([n / 1000 for n in range(1, 101)], 0.95)
    95.0
    >>> percentile([0.010], 0.99), str(percentile([], 0.5))
    (10.0, 'nan')
    """
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = math.ceil(share * len(ordered) - 1e-9)  # 0.95 * 100 must stay rank 95
    return ordered[min(len(ordered), max(1, rank)) - 1] * 1000


@dataclass(frozen=True)
class Figures:
    count: int
    errors: int
    p50: float
    p95: float
    p99: float

    @classmethod
    def of(cls, results: list[Result]) -> Figures:
        latencies = [r.latency for r in results if r.latency is not None]
        return cls(len(results), sum(map(failed, results)), percentile(latencies, 0.5),
                   percentile(latencies, 0.95), percentile(latencies, 0.99))


def by_kind(results: list[Result], kinds=KINDS) -> dict[str, Figures]:
    """Figures of each kind, then of the whole mix under "mix"."""
    figures = {kind: Figures.of([r for r in results if r.kind == kind]) for kind in kinds}
    figures["mix"] = Figures.of(results)
    return figures


@dataclass
class Outcome:
    """One configuration's run: the mix, the floor beside it, the consistency checks."""

    items: int
    hosts: int
    workers: int
    share: float
    rate: float
    results: list[Result]
    wall: float
    floor: list[Result]
    checks: object  # load_probe.Tally
    idle: dict[str, list[float]] = field(default_factory=dict)
    machine: str = ""  # how busy the CPUs were during the mix, and with what

    @property
    def label(self) -> str:
        return (f"{self.items:,} items, {self.hosts} host{'s' * (self.hosts > 1)} x "
                f"{self.workers} workers, {self.share:.0%} status writes, {self.rate:g} req/s")

    @property
    def mix(self) -> Figures:
        return Figures.of(self.results)

    @property
    def consistent(self) -> bool:
        return not self.checks.violations and not self.checks.errors and self.checks.checks > 0


def print_outcome(o: Outcome) -> None:
    answered = sum(1 for r in o.results if r.status is not None)
    lags = [r.lag for r in o.results if r.lag is not None]
    print(f"\n{o.label}: {len(o.results)} requests, {answered} answered in {o.wall:.1f} s "
          f"= {answered / o.wall if o.wall else 0:.1f} requests/s; client send lag "
          f"p95 {percentile(lags, 0.95):.1f} ms")
    print(f"  {o.machine}")
    print(f"  {'kind':11} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'svc p95':>8} {'errors':>7} {'alone p50':>10}")
    for kind, f in by_kind(o.results).items():
        services = [r.service for r in o.results if r.service is not None
                    and (kind == "mix" or r.kind == kind)]
        print(f"  {kind:11} {f.count:6d} {f.p50:8.1f} {f.p95:8.1f} {f.p99:8.1f} "
              f"{percentile(services, 0.95):8.1f} {f.errors:7d} "
              + (f"{percentile(o.idle[kind], 0.5):10.1f}" if kind in o.idle else ""))
    floor = Figures.of(o.floor)
    print(f"  {'floor':11} {floor.count:6d} {floor.p50:8.1f} {floor.p95:8.1f} {floor.p99:8.1f}"
          f" {'':8} {floor.errors:7d}   (GET /api/v1/, no database, same rate and hosts)")
    print_errors(o.results + o.floor)
    t = o.checks
    other = "the other host" if o.hosts > 1 else "the same host"
    print(f"  consistency: {t.checks} probe status writes (in the mix), {len(t.reads)} reads "
          f"at once on {other} (beside the mix): {len(t.violations)} stale, {len(t.errors)} "
          f"errors, {t.unjudged} not judged (another write to the probe overlapped)")
    for line in (t.violations + t.errors)[:5]:
        print(f"    {line}")


def print_errors(results: list[Result], shown: int = 8) -> None:
    """Print the errors grouped by kind and status (or message), with an example URL each."""
    groups: dict[tuple[str, str], list[Result]] = {}
    for r in results:
        if failed(r):
            groups.setdefault((r.kind, str(r.status or r.error)[:80]), []).append(r)
    for (kind, what), rows in list(groups.items())[:shown]:
        print(f"    {len(rows):5d} x {kind:9} {what}  (e.g. {rows[0].method} {rows[0].path})")
    if len(groups) > shown:
        print(f"    ... and {len(groups) - shown} more kinds of error")


def story_table(outcomes: list[Outcome]) -> None:
    """One line per configuration and kind: p50/p95/p99 and errors."""
    print(f"\n{'items':>7} {'hosts':>5} {'status':>6} {'rate':>5}  {'kind':9} {'count':>5} "
          f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}  consistency")
    for o in outcomes:
        for kind, f in by_kind(o.results).items():
            tail = (f"{o.checks.checks} checks, {len(o.checks.violations)} stale, "
                    f"{len(o.checks.errors)} errors" if kind == "mix" else "")
            print(f"{o.items:7,} {o.hosts:5d} {o.share:6.0%} {o.rate:5g}  {kind:9} "
                  f"{f.count:5d} {f.p50:8.1f} {f.p95:8.1f} {f.p99:8.1f} {f.errors:6d}  {tail}")
        floor = Figures.of(o.floor)
        print(f"{'':7} {'':5} {'':6} {'':5}  {'floor':9} {floor.count:5d} {floor.p50:8.1f} "
              f"{floor.p95:8.1f} {floor.p99:8.1f} {floor.errors:6d}")


def verdict(ok: bool) -> str:
    return "MEETS" if ok else "MISSES"
