"""Helpers shared by the course tests (not a test module).

The course starts on Monday 2 March 2026; sessions are dosed at 09:00 UTC on
the day *n* days after the start.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from ketacore.courses import Course
from ketacore.doses import Dose, parse_dose
from ketacore.patients import ConsentRecord, Patient
from ketacore.sessions import DosingSession, ScheduledSession

START = date(2026, 3, 2)
"""Course start used by every helper (a Monday)."""

ALL_TOPICS = {"dissociation", "blood_pressure", "misuse_potential", "no_driving", "off_label"}


def day(n: int) -> date:
    """The day *n* days after the course start."""
    return START + timedelta(days=n)


def at(n: int, hour: int = 9) -> datetime:
    """09:00 UTC on the day *n* days after the course start."""
    return datetime(day(n).year, day(n).month, day(n).day, hour, tzinfo=UTC)


def patient(
    *,
    identifier: str = "PT-0001",
    birth: date = date(1980, 5, 17),
    weight: str | None = "70 kg",
    consent: bool = True,
) -> Patient:
    """A consenting adult with depression weighed on the start day."""
    record = Patient(
        identifier=identifier, birth_date=birth, sex_at_birth="F", diagnoses={"depression"}
    )
    if weight is not None:
        record = record.with_weight(START, weight)
    if consent:
        record = record.with_consent(
            ConsentRecord(signed_on=START - timedelta(days=7), form_version="v2", topics=ALL_TOPICS)
        )
    return record


def iv_dose() -> Dose:
    """0.5 mg/kg IV over 40 min (APA 2017)."""
    return parse_dose("0.5 mg/kg over 40 min", drug="ketamine", route="iv")


def esk_dose(mg: int = 56) -> Dose:
    """An intranasal esketamine dose."""
    return parse_dose(f"{mg} mg", drug="esketamine", route="intranasal")


def dosing(n: int, dose: Dose | None = None, *, id: str | None = None) -> DosingSession:
    """A completed dosing session on day *n*: started 10 min before, observed 2 h."""
    dosed = at(n)
    return DosingSession(
        id=id or f"S-{n:03d}",
        started_at=dosed - timedelta(minutes=10),
        dosed_at=dosed,
        dose=dose if dose is not None else iv_dose(),
        observation_end=dosed + timedelta(hours=2),
    )


def planned(n: int, dose: Dose | None = None, *, id: str | None = None) -> ScheduledSession:
    """A planned session on day *n*."""
    return ScheduledSession(id=id or f"P-{n:03d}", scheduled_start=at(n), planned_dose=dose)


def iv_course(days: list[int] | tuple[int, ...] = (), **overrides: Any) -> Course:
    """An ELEKT-D course with IV sessions on the given days."""
    fields: dict[str, Any] = {
        "patient": patient(),
        "protocol": "ketamine-iv-elekt-d",
        "indication": "trd",
        "start": START,
        "sessions": [dosing(n) for n in days],
    }
    fields.update(overrides)
    return Course(**fields)


def esk_course(days: list[int] | tuple[int, ...] = (), **overrides: Any) -> Course:
    """An esketamine TRD course with 56 mg sessions on the given days."""
    fields: dict[str, Any] = {
        "patient": patient(weight=None),
        "protocol": "esketamine-trd",
        "indication": "trd",
        "start": START,
        "sessions": [dosing(n, esk_dose()) for n in days],
    }
    fields.update(overrides)
    return Course(**fields)
