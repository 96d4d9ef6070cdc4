"""The highest sustainable rate: short open-loop runs of the mix at rising rates, then
bisection between the last rate that kept its p95 under the limit and the first that did
not (trying the goal itself when it lies between them), within a bounded time. The floor
at the highest rate tried (or at the goal, if that is higher) shows whether the client
and gunicorn alone keep that pace on this machine, so that a rate that failed is known
to have failed for the application's sake."""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from load_http import Request, drive
from load_machine import describe, snapshot
from load_report import Figures, percentile

GROWTH = 1.6  # from one rate to the next while every rate passes
PRECISION = 1.15  # stop when the failing rate is within 15% of the passing one
MAX_RATE = 400.0


@dataclass
class Step:
    rate: float
    mix: Figures
    answered: int
    lag_p95: float  # the client's send lag: high means the client, not the server, lagged
    machine: str = ""

    def passes(self, limit_ms: float) -> bool:
        return self.mix.errors == 0 and self.answered == self.mix.count and \
            self.mix.p95 < limit_ms


@dataclass
class Search:
    limit_ms: float
    steps: list[Step] = field(default_factory=list)
    floor: Figures | None = None  # at floor_rate
    floor_rate: float = 0.0  # the highest rate tried, or the goal if that is higher
    floor_lag_p95: float = float("nan")

    @property
    def best(self) -> Step | None:
        passing = [s for s in self.steps if s.passes(self.limit_ms)]
        return max(passing, key=lambda s: s.rate, default=None)

    @property
    def first_failing(self) -> Step | None:
        best = self.best.rate if self.best else 0.0
        failing = [s for s in self.steps if not s.passes(self.limit_ms) and s.rate > best]
        return min(failing, key=lambda s: s.rate, default=None)


def step(fleet, make_mix, rate: float, seconds: float, token: str, threads,
         clients) -> Step:
    mix = make_mix(rate, seconds)
    before = snapshot(fleet.masters)
    results, _ = drive(fleet.ports, mix, rate, token, threads=threads(rate), clients=clients,
                       max_seconds=seconds + 10.0)
    lags = [r.lag for r in results if r.lag is not None]
    return Step(rate, Figures.of(results), sum(r.status is not None for r in results),
                percentile(lags, 0.95), describe(before, snapshot(fleet.masters)))


def _between(good: float, bad: float, goal: float) -> float:
    """The next rate to try between a passing and a failing one: the goal itself when it
    lies between them (so the verdict on it is measured, not read off the bisection's
    granularity), else the midpoint.

    >>> _between(76.8, 122.9, 100.0), _between(100.0, 122.9, 100.0)
    (100.0, 111.45)
    """
    return goal if good < goal < bad else round((good + bad) / 2, 2)


def search(fleet, make_mix, token: str, *, limit_ms: float, start: float,
           seconds: float, budget: float, threads, clients: int,
           floor_rate: float = 0.0) -> Search:
    """Find the highest rate whose short run has no error and a mix p95 under limit_ms;
    `floor_rate` (the goal) is tried itself once the search brackets it."""
    goal = floor_rate
    found, rate, ends = Search(limit_ms), start, time.monotonic() + budget
    good = bad = None
    while time.monotonic() + seconds < ends and 1.0 <= rate <= MAX_RATE:
        fleet.idle()
        found.steps.append(step(fleet, make_mix, rate, seconds, token, threads, clients))
        last = found.steps[-1]
        print(f"  {rate:6.1f} req/s: p95 {last.mix.p95:7.1f} ms, {last.mix.errors} errors, "
              f"client send lag p95 {last.lag_p95:.1f} ms -> "
              f"{'under' if last.passes(limit_ms) else 'over'} {limit_ms:.0f} ms\n"
              f"          {last.machine}")
        if last.passes(limit_ms):
            good = rate
            if bad is None and rate >= MAX_RATE:
                break
            rate = min(rate * GROWTH, MAX_RATE) if bad is None else _between(good, bad, goal)
        else:
            bad = rate
            rate = _between(good, bad, goal) if good else rate / GROWTH
        if good and bad and bad / good < PRECISION:
            break
    if found.steps:  # the client and gunicorn alone, at the pace that was asked of them
        found.floor_rate = max(floor_rate, *(s.rate for s in found.steps))
        fleet.idle()
        floor = [Request("floor", "GET", "/api/v1/")] * round(found.floor_rate * seconds)
        results, _ = drive(fleet.ports, floor, found.floor_rate, token,
                           threads=threads(found.floor_rate), clients=clients,
                           max_seconds=seconds + 10.0)
        found.floor = Figures.of(results)
        found.floor_lag_p95 = percentile([r.lag for r in results if r.lag is not None], 0.95)
    return found
