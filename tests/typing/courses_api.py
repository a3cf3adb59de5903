"""Type-checked usage of the public courses API (checked by test_typing.py).

It also runs (pytest imports it for doctests), so every call here is valid.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta

from ketacore.courses import (
    CHECK_IN_INTERVAL,
    ESKETAMINE_TRD,
    CheckIn,
    Course,
    CourseResponse,
    CumulativeDose,
    Exposure,
    OverdueCheckIn,
    Phase,
    Protocol,
    ScheduleFinding,
    StartDoseConvention,
    adherence_findings,
    cumulative_dose,
    exposure,
    get_protocol,
    next_due,
    overdue_checkins,
    response_status,
    sessions_per_phase,
    starting_dose,
)
from ketacore.doses import Dose, parse_dose
from ketacore.instruments import MADRS
from ketacore.patients import ConsentRecord, Patient
from ketacore.response import Reason, ResponseStatus, Status
from ketacore.sessions import DosingSession, ScheduledSession, TimedScore
from ketacore.units import Quantity

START = date(2026, 3, 2)
TOPICS = {"dissociation", "blood_pressure", "misuse_potential", "no_driving"}

patient: Patient = Patient(
    identifier="PT-T", birth_date=date(1958, 6, 1), sex_at_birth="M", diagnoses={"depression"}
).with_consent(ConsentRecord(signed_on=START, form_version="v1", topics=TOPICS))
protocol: Protocol = get_protocol("esketamine-trd")
phase: Phase = protocol.phase("induction")
dosed = datetime(2026, 3, 2, 9, tzinfo=UTC)
session = DosingSession(
    id="S1",
    started_at=dosed,
    dosed_at=dosed,
    dose=parse_dose("56 mg", drug="esketamine", route="intranasal"),
)
course: Course = Course(patient=patient, protocol=protocol, indication="trd", start=START)
course = course.with_session(session, patient=patient.identifier)
course = course.with_baseline(TimedScore(taken_at=dosed, score=MADRS.score([3] * 10)))
course = course.with_checkin(CheckIn(item="cognition", on=START))

total: CumulativeDose = cumulative_dose(course, until=START)
milligrams: Quantity = total.total
per_kg: Quantity | None = total.per_kg
due: date | None = next_due(course, after=START, interval=timedelta(weeks=2))
findings: tuple[ScheduleFinding, ...] = adherence_findings(course)
counts: Mapping[str, int] = sessions_per_phase(course)
start: Dose = starting_dose(ESKETAMINE_TRD, patient, on=START, convention=StartDoseConvention.EU)
window: Exposure = exposure([course], on=START, months=12)
overdue: tuple[OverdueCheckIn, ...] = overdue_checkins(course, on=START, interval=CHECK_IN_INTERVAL)
status: CourseResponse = response_status(course, MADRS, on=START)
classified: ResponseStatus = status.classification
flat: tuple[Status, bool | None, bool | None, float | None, Reason | None] = (
    status.status,
    status.response,
    status.remission,
    status.percent_change,
    status.reason,
)
recorded: Course = course.with_session(
    ScheduledSession(id="P-1", scheduled_start=datetime(2026, 3, 9, 9, tzinfo=UTC))
).with_recorded_session(
    DosingSession(
        id="P-1",
        started_at=datetime(2026, 3, 9, 9, tzinfo=UTC),
        dosed_at=datetime(2026, 3, 9, 9, 10, tzinfo=UTC),
        dose=parse_dose("56 mg", drug="esketamine", route="intranasal"),
    )
)
