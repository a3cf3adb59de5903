"""Benchmark: building a dosing session and running the discharge check.

Run with ``python benchmarks/bench_sessions.py``. Prints µs per call.
Not a test: nothing here asserts on time.
"""

from __future__ import annotations

import timeit
from datetime import UTC, datetime, timedelta

from ketacore.doses import parse_dose
from ketacore.sessions import DosingSession, discharge_check
from ketacore.vitals import VitalSigns

DOSED = datetime(2026, 3, 2, 9, 10, tzinfo=UTC)
DOSE = parse_dose("56 mg", drug="esketamine", route="intranasal")
VITALS = [
    VitalSigns(taken_at=DOSED + timedelta(minutes=m), systolic=128, diastolic=82)
    for m in range(-10, 121, 10)
]


def build() -> DosingSession:
    """Build a session with 14 blood-pressure readings."""
    return DosingSession(
        id="S-001",
        started_at=DOSED - timedelta(minutes=15),
        dosed_at=DOSED,
        dose=DOSE,
        vitals=VITALS,
    )


def main() -> None:
    """Time both operations and print µs per call."""
    session = build()
    moment = DOSED + timedelta(minutes=125)
    for name, call in (
        ("build a session (14 readings)", build),
        ("discharge_check", lambda: discharge_check(session, at=moment)),
    ):
        number, seconds = timeit.Timer(call).autorange()
        print(f"{name:32} {seconds / number * 1e6:8.1f} µs")


if __name__ == "__main__":
    main()
