"""What the benchmarks share: a median over repeated runs, each from a clean heap."""
from __future__ import annotations

import gc
import statistics
import time


def median_seconds(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()  # start each run from the same heap, not with the last run's garbage
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
