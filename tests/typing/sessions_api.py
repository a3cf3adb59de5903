"""Type-checked usage of the public sessions API (checked by test_typing.py).

It also runs (pytest imports it for doctests), so every call here is valid.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import assert_type

from ketacore.doses import Drug, Route, parse_dose
from ketacore.instruments import MOAAS
from ketacore.sessions import (
    DischargeReport,
    DosingSession,
    GateDecision,
    MissingItem,
    PreDoseGate,
    ScheduledSession,
    TimedScore,
    discharge_check,
    monitoring_gaps,
    pre_dose_gate,
)
from ketacore.vitals import VitalSigns

dosed = datetime(2026, 3, 2, 9, 10, tzinfo=UTC)


def minutes(n: int) -> datetime:
    return dosed + timedelta(minutes=n)


def bp(n: int, systolic: int = 128, diastolic: int = 82) -> VitalSigns:
    return VitalSigns(taken_at=minutes(n), systolic=systolic, diastolic=diastolic)


session = DosingSession(
    id="S-001",
    scheduled_start=minutes(-10),
    started_at=minutes(-15),
    dosed_at=dosed,
    dose=parse_dose("56 mg", drug="esketamine", route="intranasal"),
    vitals=[bp(-5), bp(40), bp(115)],
    assessments=[TimedScore(taken_at=minutes(20), score=MOAAS.score([3]))],
    observation_end=minutes(125),
)
assert_type(session.drug, Drug)
assert_type(session.route, Route)
assert_type(session.vitals, tuple[VitalSigns, ...])
assert_type(session.assessments, tuple[TimedScore, ...])

plan = ScheduledSession(
    id="S-004",
    scheduled_start=minutes(-10),
    planned_dose=parse_dose("84 mg", drug="esketamine", route="intranasal"),
)
assert_type(plan.record(started_at=minutes(-5), dosed_at=dosed, vitals=[bp(-5)]), DosingSession)

gate = pre_dose_gate([bp(-10, 150, 95)], age=40)
assert_type(gate, PreDoseGate)
assert_type(gate.decision, GateDecision)
gaps = monitoring_gaps(session)
first_gap: MissingItem | None = gaps[0] if gaps else None
report = discharge_check(session, at=minutes(125))
assert_type(report, DischargeReport)
assert_type(report.ready, bool)
assert_type(report.messages, tuple[str, ...])
