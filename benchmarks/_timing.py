"""Tiny timing helpers shared by the benchmark scripts (benchmarks are not tests)."""

from __future__ import annotations

import subprocess
import sys
import time
import timeit
from collections.abc import Callable


def per_call_us(func: Callable[[], object], *, repeat: int = 7) -> float:
    """Best-of-*repeat* time of one call, in microseconds."""
    timer = timeit.Timer(func)
    number, _ = timer.autorange()
    return min(timer.repeat(repeat=repeat, number=number)) / number * 1e6


def startup_ms(code: str, *, runs: int = 15) -> float:
    """Median wall time of a fresh interpreter running *code*, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append((time.perf_counter() - start) * 1e3)
    times.sort()
    return times[len(times) // 2]


def row(name: str, ours: float, baseline: float, unit: str = "µs") -> str:
    """One line of a comparison table."""
    return (
        f"{name:<44} {ours:>9.2f} {unit}  vs {baseline:>9.2f} {unit}  ratio {ours / baseline:6.2f}x"
    )
