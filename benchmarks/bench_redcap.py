"""Benchmark: scoring and auditing a REDCap export of 40,000 PHQ-9 administrations.

Run with ``python benchmarks/bench_redcap.py``. Not a test: nothing here asserts on time.

* ``RecordsExport.from_text`` + ``score_records`` against the plain-Python baseline a
  researcher would write: ``csv.DictReader``, ``int()`` of each item cell, and
  ``PHQ9.score`` per row (no dictionary, no choice decoding, no status, no checks).
* ``audit`` of the same export (scoring plus the stored-total comparison).
"""

from __future__ import annotations

import csv
import io
import random
import time
from collections.abc import Callable

from ketacore.instruments import PHQ9
from ketacore.redcap import DataDictionary, RecordsExport, audit, score_records, write_dictionary

N_RECORDS = 20_000
EVENTS = ("baseline_arm_1", "week_4_arm_1")


def _best_ms(func: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        func()
        best = min(best, time.process_time() - start)
    return best * 1e3


def _export() -> str:
    rng = random.Random(1)
    items = [f"phq9_{n}" for n in range(1, 10)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["record_id", "redcap_event_name", *items, "phq9_total", "phq9_complete"])
    for i in range(N_RECORDS):
        for event in EVENTS:
            values = [rng.randint(0, 3) for _ in items]
            writer.writerow([f"{i:06d}", event, *values, sum(values), 2])
    return out.getvalue()


def main() -> None:
    dictionary = DataDictionary.from_text(write_dictionary(["phq9"]))
    text = _export()
    items = [f"phq9_{n}" for n in range(1, 10)]

    def ours() -> None:
        score_records(dictionary, RecordsExport.from_text(text, dictionary=dictionary))

    def baseline() -> None:
        for row in csv.DictReader(io.StringIO(text)):
            PHQ9.score([int(row[c]) for c in items])

    records = RecordsExport.from_text(text, dictionary=dictionary)
    n = N_RECORDS * len(EVENTS)
    print(f"{n:,} PHQ-9 administrations (CPU time, best of 3)")
    print(
        f"read + score_records {_best_ms(ours):8.0f} ms  "
        f"vs DictReader + score {_best_ms(baseline):6.0f} ms"
    )
    print(f"audit                {_best_ms(lambda: audit(dictionary, records)):8.0f} ms")


if __name__ == "__main__":
    main()
