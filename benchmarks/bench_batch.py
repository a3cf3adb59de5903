"""Benchmark: batch scoring of 1,000,000 PHQ-9 rows against two baselines.

Run with ``python benchmarks/bench_batch.py``. Not a test: nothing here asserts on time.

* Baseline 1: a bare numpy row sum over the same array (``values.sum(axis=1)``), which
  neither validates nor bands. Goal: ``score_array`` within 3x of it.
* Baseline 2: the single scorer in a Python loop (``PHQ9.score(row)``, plus ``.severity``
  and ``.flags``). It is timed on a subsample and extrapolated to 1,000,000 rows; the
  rows are converted to Python lists before timing (in its favour). Goal: batch >= 50x faster.

Peak memory is the tracemalloc peak of one ``score_array`` call (numpy reports its
buffers to tracemalloc), next to the size of the input array; the process's maximum
resident set size is printed at the end.
"""

from __future__ import annotations

import resource
import time
import tracemalloc
from collections.abc import Callable

import numpy as np

from ketacore.batch import score_array
from ketacore.instruments import PHQ9

N_ROWS = 1_000_000
SUBSAMPLE = 50_000


def _best_ms(func: Callable[[], object], repeat: int = 7) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best * 1e3


def _interleaved_ms(*funcs: Callable[[], object], repeat: int = 7) -> list[float]:
    """Best time of each function, timed in turn so machine noise hits all alike."""
    best = [float("inf")] * len(funcs)
    for _ in range(repeat):
        for index, func in enumerate(funcs):
            best[index] = min(best[index], _best_ms(func, 1))
    return best


def _peak_mib(func: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        func()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def _single_loop(rows: list[list[int | None]], missing: str) -> Callable[[], object]:
    def loop() -> None:
        for row in rows:
            try:
                score = PHQ9.score(row, missing=missing)  # type: ignore[arg-type]
            except ValueError:
                continue
            _ = score.severity, score.flags

    return loop


def _case(name: str, values: np.ndarray, missing: str = "strict") -> None:  # type: ignore[type-arg]
    def batch() -> object:
        return score_array(PHQ9, values, missing=missing)  # type: ignore[arg-type]

    def bare() -> object:
        return values.sum(axis=1)

    batch()  # warm the plan cache
    sub = [
        [None if v != v else int(v) for v in row]  # NaN -> None
        for row in values[:SUBSAMPLE].tolist()
    ]
    ours, base, part = _interleaved_ms(batch, bare, _single_loop(sub, missing))
    loop = part * N_ROWS / SUBSAMPLE
    peak = _peak_mib(batch)
    result = score_array(PHQ9, values, missing=missing)  # type: ignore[arg-type]
    print(
        f"{name:<34} batch {ours:7.1f} ms | bare sum {base:6.1f} ms ({ours / base:4.2f}x) | "
        f"single loop ~{loop / 1e3:6.1f} s ({loop / ours:6.0f}x slower) | "
        f"peak {peak:6.1f} MiB (input {values.nbytes / 2**20:5.1f} MiB) | "
        f"{len(result.errors):,} error rows"
    )


def main() -> None:
    """Run every case and print one line each."""
    rng = np.random.default_rng(2026)
    clean = rng.integers(0, 4, size=(N_ROWS, 9), dtype=np.int64)
    print(f"{N_ROWS:,} PHQ-9 rows; validation, total, band and item-9 flag per row")
    print(f"single-scorer loop: timed on {SUBSAMPLE:,} rows and extrapolated to {N_ROWS:,}")
    _case("int64, all valid", clean)
    _case("int8, all valid", clean.astype(np.int8))
    _case("float64, all valid", clean.astype(np.float64))
    with_nan = clean.astype(np.float64)
    with_nan[rng.random(with_nan.shape) < 0.01] = np.nan
    _case("float64, 1% NaN, prorate", with_nan, "prorate")
    bad = clean.copy()
    bad[rng.integers(0, N_ROWS, 1_000), rng.integers(0, 9, 1_000)] = 5
    _case("int64, 0.1% rows out of range", bad)
    _case("float64, 1% NaN, strict (8.6% errors)", with_nan)
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"max resident set size of this process: {maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
