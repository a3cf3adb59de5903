"""Benchmark: response per patient across visits, on a long PHQ-9 table (4 visits each).

Run with ``python benchmarks/bench_visits.py [ROWS]`` (default 100,000 rows; the issue's
figure is 1,000,000 rows, 250,000 patients). Not a test: nothing here asserts on time.
In the same run, on the same rows:

* ``batch.polars.score_frame`` (scoring only): the baseline the issue compares against.
* ``batch.polars.classify_visits`` and ``batch.pandas.classify_visits`` (array path).
* The per-patient path (one ``classify`` call per visit, ``classify_long_per_patient``),
  what ``classify_visits`` did before.
* ``tables.response_table`` + ``summarise`` on the same rows as dicts.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import numpy as np


def _seconds(func: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    import polars as pl

    from ketacore.batch import pandas as with_pandas
    from ketacore.batch import polars as with_polars
    from ketacore.batch import score_array
    from ketacore.batch._score import single_scores
    from ketacore.batch._visits import RowThresholds, classify_long_per_patient
    from ketacore.instruments import PHQ9
    from ketacore.tables import response_table, summarise

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = np.random.default_rng(1)
    items = {f"phq9_{i}": rng.integers(0, 4, n).astype(np.int64) for i in range(1, 10)}
    frame = pl.DataFrame(
        {
            "patient_id": [f"SYN-{i // 4:07d}" for i in range(n)],
            "day": (np.arange(n) % 4) * 7,
            "course_type": np.where(np.arange(n) // 4 % 3 == 0, "iv_ketamine", "esketamine"),
            **items,
        }
    )
    pandas_frame = frame.to_pandas()
    repeat = 3 if n <= 200_000 else 1

    def per_patient() -> object:
        # What classify_visits did before: score, then one classify call per visit.
        backend = with_polars._Polars()
        names = [f"phq9_{i}" for i in range(1, 10)]
        values = backend.values(frame, names)
        scores = score_array("phq9", values)
        chosen = RowThresholds(PHQ9, None, backend.cells(frame, "course_type"))
        result = classify_long_per_patient(
            scores,
            single_scores(scores, values, None),
            backend.cells(frame, "patient_id"),
            backend.cells(frame, "day"),
            chosen.of_row,
            visit_column="day",
            allow_prorated=False,
        )
        return backend.with_status(with_polars.to_frame(scores), "phq9_", result)

    def args() -> dict[str, object]:
        return {"patient": "patient_id", "visit": "day"}

    score = _seconds(lambda: with_polars.score_frame(frame, "phq9"), repeat)
    polars = _seconds(lambda: with_polars.classify_visits(frame, "phq9", **args()), repeat)  # type: ignore[arg-type]
    pandas = _seconds(lambda: with_pandas.classify_visits(pandas_frame, "phq9", **args()), repeat)  # type: ignore[arg-type]
    old = _seconds(per_patient, 1)
    rows = frame.to_dicts()
    table = _seconds(lambda: summarise(response_table(rows, "phq9")), 1)
    print(f"{n:,} rows, {n // 4:,} patients (wall time, best of {repeat})")
    print(f"polars score_frame              {score * 1e3:9.0f} ms  (baseline)")
    print(f"polars classify_visits (arrays) {polars * 1e3:9.0f} ms  {polars / score:5.2f}x scoring")
    print(f"pandas classify_visits (arrays) {pandas * 1e3:9.0f} ms  {pandas / score:5.2f}x scoring")
    print(f"per-patient path (before)       {old * 1e3:9.0f} ms  {old / polars:5.1f}x arrays")
    print(f"response_table + summarise      {table * 1e3:9.0f} ms  (dict rows)")


if __name__ == "__main__":
    main()
