"""Cumulative dose of a 12-session course against a plain-Python sum of the same mg.

Run: ``python benchmarks/bench_courses.py``. Prints µs per call and the ratio.
The plain sum is the floor: a list of floats already in mg, with no weights,
units, sessions or validation. Not a test: nothing here asserts on time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from _timing import per_call_us, row

from ketacore.courses import Course, adherence_findings, cumulative_dose, next_due
from ketacore.doses import parse_dose
from ketacore.patients import ConsentRecord, Patient
from ketacore.sessions import DosingSession
from ketacore.units import magnitude

START = date(2026, 3, 2)
DAYS = [0, 2, 4, 7, 9, 11, 14, 16, 18, 21, 23, 25]  # KetECT: Mon/Wed/Fri, 12 infusions
TOPICS = {"dissociation", "blood_pressure", "misuse_potential", "no_driving", "off_label"}


def build() -> Course:
    """A KetECT course of 12 IV infusions for a patient weighed twice during it."""
    patient = (
        Patient(
            identifier="PT-BENCH", birth_date=date(1980, 1, 1), sex_at_birth="F", diagnoses={"mdd"}
        )
        .with_weight(START, "70 kg")
        .with_weight(START + timedelta(days=14), "72 kg")
        .with_consent(ConsentRecord(signed_on=START, form_version="v2", topics=TOPICS))
    )
    dose = parse_dose("0.5 mg/kg over 40 min", drug="ketamine", route="iv")
    sessions = []
    for n in DAYS:
        dosed = datetime(2026, 3, 2, 9, tzinfo=UTC) + timedelta(days=n)
        sessions.append(
            DosingSession(
                id=f"S-{n:02d}",
                started_at=dosed - timedelta(minutes=10),
                dosed_at=dosed,
                dose=dose,
                observation_end=dosed + timedelta(hours=2),
            )
        )
    return Course(
        patient=patient,
        protocol="ketamine-iv-ketect",
        indication="depression",
        start=START,
        sessions=sessions,
    )


def main() -> None:
    """Time the course functions and print µs per call, with the ratio to the plain sum."""
    course = build()
    milligrams = [0.5 * (70.0 if n < 14 else 72.0) for n in DAYS]
    total = magnitude(cumulative_dose(course).total, "mg")
    assert abs(total - sum(milligrams)) < 1e-9, (total, sum(milligrams))
    plain = per_call_us(lambda: sum(milligrams))
    print("cumulative dose of a 12-session course (ketacore vs plain sum of floats in mg)")
    print(row("cumulative_dose(course)", per_call_us(lambda: cumulative_dose(course)), plain))
    print("\nother course questions (for scale; baseline is the same plain sum)")
    print(row("adherence_findings(course)", per_call_us(lambda: adherence_findings(course)), plain))
    after = START + timedelta(days=26)
    print(
        row(
            "next_due(course, after=...)", per_call_us(lambda: next_due(course, after=after)), plain
        )
    )
    print(row("Course(...) with 12 sessions", per_call_us(build, repeat=3), plain))


if __name__ == "__main__":
    main()
