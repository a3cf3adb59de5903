"""Patient construction and contraindication screening, per call.

Run: ``python benchmarks/bench_screening.py``. Benchmarks are not tests.
"""

from __future__ import annotations

import timeit
from datetime import date

from ketacore.contraindications import screen
from ketacore.patients import MedicalHistory, Medication, Patient


def _per_call_us(func: object) -> float:
    timer = timeit.Timer(func)  # type: ignore[arg-type]
    number, _ = timer.autorange()
    return min(timer.repeat(repeat=5, number=number)) / number * 1e6


def main() -> None:
    def build() -> Patient:
        return Patient(
            identifier="BENCH-1",
            birth_date=date(1970, 1, 1),
            sex_at_birth="female",
            diagnoses={"depression", "ptsd"},
            medications=[Medication(name="phenelzine", classes={"maoi"})],
            history=MedicalHistory(conditions={"hyperthyroidism"}, heart_failure="II"),
        ).with_weight(date(2026, 3, 1), "82 kg")

    patient = build()
    print(f"{'build a patient (with one weight)':<44} {_per_call_us(build):>9.1f} µs")
    day = date(2026, 3, 2)
    took = _per_call_us(lambda: screen(patient, "esketamine", "intranasal", on=day))
    print(f"{'screen(patient, esketamine, intranasal)':<44} {took:>9.1f} µs")


if __name__ == "__main__":
    main()
