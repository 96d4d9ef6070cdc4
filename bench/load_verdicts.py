"""The load benchmark's figures against the issue's "Done when" targets."""
from __future__ import annotations

from dataclasses import dataclass

from load_report import MIB, verdict

TARGET_RATE, TARGET_WORKERS, TARGET_SHARE = 30.0, 2, 0.5
TARGET_P95_MS = {10000: 100.0, 50000: 150.0}  # mix p95 at the target configuration
TARGET_SEARCH = (10000, 100.0)  # at 10,000 items, at least 100 requests/s under the limit
TARGET_RSS = (50000, 400 * MIB)  # each worker after warming every page at 50,000 items


@dataclass
class Memory:
    items: int
    hosts: int
    sizes: list[dict[int, int]]  # per host: worker pid -> resident bytes
    refused: list[str]  # pages that did not answer 200 while warming

    @property
    def largest(self) -> int:
        return max((size for host in self.sizes for size in host.values()), default=0)

    def print(self) -> None:
        print(f"\nResident memory (VmRSS) of each worker after warming every page at "
              f"{self.items:,} items:")
        for number, host in enumerate(self.sizes, 1):
            print(f"  host {number}: " + ", ".join(f"pid {pid} {size / MIB:.0f} MiB"
                                                   for pid, size in sorted(host.items())))
        if self.refused:
            print(f"  pages that did not answer 200: {', '.join(self.refused)}")


def print_searches(searches) -> None:
    for s in searches:
        print(f"\nHighest rate, {s.items:,} items, {s.hosts} host(s), {s.share:.0%} status "
              f"writes: {describe_best(s)}")
        if s.floor:
            print(f"  the floor (GET /api/v1/) at {s.floor_rate:.1f} req/s: p50 "
                  f"{s.floor.p50:.1f} ms, p95 {s.floor.p95:.1f} ms, {s.floor.errors} errors, "
                  f"client send lag p95 {s.floor_lag_p95:.1f} ms (small: the client and "
                  f"gunicorn alone keep that pace here)")


def describe_best(s) -> str:
    best, failing = s.best, s.first_failing
    if best is None:
        return (f"none of {[round(x.rate, 1) for x in s.steps]} req/s kept p95 under "
                f"{s.limit_ms:.0f} ms without errors")
    return (f"{best.rate:.1f} req/s (p95 {best.mix.p95:.1f} ms, p99 {best.mix.p99:.1f} ms, "
            f"client send lag p95 {best.lag_p95:.1f} ms)"
            + (f"; {failing.rate:.1f} req/s did not (p95 {failing.mix.p95:.1f} ms, "
               f"{failing.mix.errors} errors)" if failing else "; the highest rate tried"))


def print_verdicts(results: dict, args) -> None:
    outcomes, searches = results["outcomes"], results["searches"]
    print("\nAgainst the issue's targets (PostgreSQL, gunicorn as gunicorn.conf.py sets it):")
    for items, limit in TARGET_P95_MS.items():
        matching = [o for o in outcomes if o.items == items and o.rate == TARGET_RATE
                    and o.workers == TARGET_WORKERS and o.share == TARGET_SHARE]
        what = (f"{items:,} items, {TARGET_RATE:g} req/s, {TARGET_WORKERS} workers a host, "
                f"{TARGET_SHARE:.0%} status writes: zero errors, p95 < {limit:.0f} ms")
        if not matching:
            print(f"  {what}: not run in this configuration")
        for o in matching:
            ok = o.mix.errors == 0 and o.mix.p95 < limit and o.consistent
            print(f"  {what}, {o.hosts} host(s): {o.mix.errors} errors, p95 {o.mix.p95:.1f} "
                  f"ms, {len(o.checks.violations) + len(o.checks.errors)} consistency "
                  f"failures -> {verdict(ok)}")
    items, goal = TARGET_SEARCH
    for s in [s for s in searches if s.items == items] or [None]:
        rate = s.best.rate if s and s.best else 0.0
        print(f"  highest rate with p95 < 250 ms at {items:,} items >= {goal:.0f} req/s: " + (
            f"{rate:.1f} req/s, {s.hosts} host(s), {s.share:.0%} status writes -> "
            f"{verdict(rate >= goal)}" if s else "not searched (--search)"))
    print_memory_verdict(results["memory"])
    print_consistency_verdict(outcomes)


def print_memory_verdict(readings: list[Memory]) -> None:
    items, goal = TARGET_RSS
    matching = [m for m in readings if m.items == items]
    for m in readings:
        print(f"  largest worker after warming every page at {m.items:,} items, {m.hosts} "
              f"host(s): {m.largest / MIB:.0f} MiB" + (
                  f" < {goal / MIB:.0f} MiB -> {verdict(m.largest < goal)}"
                  if m in matching else ""))
    if not matching:
        print(f"  memory at {items:,} items < {goal / MIB:.0f} MiB: not run at that size")


def print_consistency_verdict(outcomes) -> None:
    checks = sum(o.checks.checks for o in outcomes)
    stale = sum(len(o.checks.violations) for o in outcomes)
    failed = sum(len(o.checks.errors) for o in outcomes)
    print(f"  a write on one host seen by the next read on the other: {checks} writes, "
          f"{stale} stale reads, {failed} errors -> {verdict(checks > 0 and not stale + failed)}")
