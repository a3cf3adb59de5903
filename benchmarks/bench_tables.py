"""Benchmark: reading, scoring and writing a 100,000-row PHQ-9 CSV export.

Run with ``python benchmarks/bench_tables.py``. Not a test: nothing here asserts on time.

* ``read_table`` against the bare ``csv.reader`` loop over the same file (no cell parsing,
  no checks).
* ``score_table`` of the table read (batch scoring plus one output row per input row).
* ``to_csv_text`` of the scored rows against a bare ``csv.writer`` of the same cells
  (no formula neutralisation, no ``\\r`` quoting).
"""

from __future__ import annotations

import csv
import io
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ketacore.tables import read_table, score_table, to_csv_text

N_ROWS = 100_000


def _best_ms(func: Callable[[], object], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        func()
        best = min(best, time.process_time() - start)
    return best * 1e3


def _export(path: Path) -> None:
    rng = random.Random(1)
    items = ",".join(f"phq9_{n}" for n in range(1, 10))
    with path.open("w", encoding="utf-8") as out:
        out.write(f"record_id,patient_id,course_type,day,{items}\n")
        for i in range(N_ROWS):
            answers = ",".join(str(rng.randint(0, 3)) for _ in range(9))
            out.write(f"{i:06d},SYN-{i // 4:05d},esketamine,{(i % 4) * 7},{answers}\n")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "phq9.csv"
        _export(path)

        def bare_read() -> None:
            with path.open(encoding="utf-8", newline="") as handle:
                for _ in csv.reader(handle):
                    pass

        table = read_table(path)
        scored = score_table(table, "phq9")
        rows = scored.rows
        columns = scored.columns

        def bare_write() -> None:
            writer = csv.writer(io.StringIO(), lineterminator="\n")
            writer.writerow(columns)
            for row in rows:
                writer.writerow([row.get(c) for c in columns])

        read_ms, bare_read_ms = _best_ms(lambda: read_table(path)), _best_ms(bare_read)
        write_ms, bare_write_ms = _best_ms(lambda: to_csv_text(rows)), _best_ms(bare_write)
        print(f"{N_ROWS:,} rows, 13 columns (CPU time, best of 5)")
        print(f"read_table    {read_ms:8.0f} ms  vs csv.reader {bare_read_ms:6.0f} ms")
        print(f"score_table   {_best_ms(lambda: score_table(table, 'phq9')):8.0f} ms")
        print(f"to_csv_text   {write_ms:8.0f} ms  vs csv.writer {bare_write_ms:6.0f} ms")


if __name__ == "__main__":
    main()
