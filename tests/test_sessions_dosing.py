"""Dosing sessions: construction, derived values and the time rules."""

from __future__ import annotations

from datetime import timedelta, timezone

import attrs
import pytest

from ketacore.doses import Drug, Route
from ketacore.exceptions import SessionError, ValidationError
from ketacore.sessions import (
    AdverseEvent,
    DosingSession,
    PsychotherapySupport,
    ScheduledSession,
)
from ketacore.vitals import VitalSigns
from session_helpers import DOSED, at, bp, esketamine_dose, ketamine_dose, session


def test_drug_and_route_come_from_the_dose() -> None:
    record = session()
    assert record.drug is Drug.ESKETAMINE
    assert record.route is Route.INTRANASAL
    racemic = session(dose=ketamine_dose())
    assert (racemic.drug, racemic.route) == (Drug.KETAMINE, Route.IV)


def test_in_progress_and_complete() -> None:
    record = session()
    assert not record.is_complete
    assert record.observation is None
    done = attrs.evolve(record, observation_end=at(125))
    assert done.is_complete
    assert done.observation == timedelta(hours=2, minutes=5)


def test_vitals_and_events_are_sorted_and_immutable() -> None:
    record = session(
        vitals=[bp(40), bp(-5), bp(115)],
        adverse_events=[
            AdverseEvent(kind="headache", severity="mild", onset=at(30)),
            AdverseEvent(kind="dizziness", severity="mild", onset=at(10)),
        ],
    )
    assert isinstance(record.vitals, tuple)
    assert [v.taken_at for v in record.vitals] == [at(-5), at(40), at(115)]
    assert [e.onset for e in record.adverse_events] == [at(10), at(30)]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        record.notes = "changed"  # type: ignore[misc]


def test_blood_pressures_and_pre_dose_vitals() -> None:
    pulse_only = VitalSigns(taken_at=at(20), heart_rate=80)
    record = session(vitals=[bp(-5), pulse_only, bp(40)])
    assert record.blood_pressures() == (bp(-5), bp(40))
    assert record.blood_pressures(until=at(39)) == (bp(-5),)
    assert record.pre_dose_vitals() == (bp(-5),)


def test_boundaries_are_inclusive() -> None:
    """Readings exactly at the start or the end of observation are inside the session."""
    record = session(
        started_at=at(-15),
        observation_end=at(120),
        vitals=[bp(-15), bp(120)],
        dosed_at=DOSED,
    )
    assert len(record.vitals) == 2
    same = session(started_at=DOSED, observation_end=DOSED)
    assert same.observation == timedelta(0)


def test_actual_start_may_be_before_or_after_scheduled() -> None:
    assert session(scheduled_start=at(-60)).started_at == at(-15)
    assert session(scheduled_start=at(30)).started_at == at(-15)
    assert session(scheduled_start=None).scheduled_start is None


def test_other_time_zones_compare_by_instant() -> None:
    plus_one = timezone(timedelta(hours=1))
    record = session(
        vitals=[VitalSigns(taken_at=at(-5).astimezone(plus_one), systolic=120, diastolic=80)]
    )
    assert record.vitals[0].taken_at == at(-5)


def test_scheduled_session_exposes_planned_drug() -> None:
    plan = ScheduledSession(id="S-002", scheduled_start=at(0))
    assert plan.drug is None
    assert plan.route is None
    planned = ScheduledSession(id="S-002", scheduled_start=at(0), planned_dose=ketamine_dose())
    assert planned.drug is Drug.KETAMINE
    assert planned.route is Route.IV


def test_psychotherapy_assisted_dosing() -> None:
    support = PsychotherapySupport(therapist="T-017", modality="ACT")
    assert session(psychotherapy=support).is_psychotherapy_assisted
    assert not session().is_psychotherapy_assisted


@pytest.mark.parametrize("mg", [28, 56, 84])
def test_esketamine_whole_devices_accepted(mg: int) -> None:
    assert session(dose=esketamine_dose(mg)).dose.amount.magnitude == mg


def test_session_error_is_a_validation_error() -> None:
    assert issubclass(SessionError, ValidationError)
    assert issubclass(SessionError, ValueError)


def test_equal_records_are_equal_and_hashable() -> None:
    assert session() == session()
    assert len({session(), session()}) == 1
    assert isinstance(session(), DosingSession)


def test_plan_is_recorded_with_its_id_dose_and_psychotherapy() -> None:
    support = PsychotherapySupport(therapist="T-017", modality="ACT")
    plan = ScheduledSession(
        id="S-010",
        scheduled_start=at(-10),
        planned_dose=esketamine_dose(84),
        psychotherapy=support,
        notes="first 84 mg",
    )
    record = plan.record(started_at=at(-15), dosed_at=DOSED, vitals=[bp(-5)])
    assert record.id == "S-010"
    assert record.scheduled_start == at(-10)
    assert record.dose == esketamine_dose(84)
    assert record.psychotherapy == support
    assert record.notes == "first 84 mg"
    changed = plan.record(started_at=at(-15), dosed_at=DOSED, dose=esketamine_dose(56), notes="")
    assert changed.dose == esketamine_dose(56)
    assert changed.notes == ""


def test_plan_without_dose_needs_one_to_record() -> None:
    plan = ScheduledSession(id="S-011", scheduled_start=at(-10))
    with pytest.raises(SessionError) as caught:
        plan.record(started_at=at(-15), dosed_at=DOSED)
    assert (caught.value.field, caught.value.value) == ("dose", None)
    assert "parse_dose" in str(caught.value.fix)
    assert (
        plan.record(started_at=at(-15), dosed_at=DOSED, dose=ketamine_dose()).drug is Drug.KETAMINE
    )


def test_infusion_end_comes_from_the_dose_duration() -> None:
    iv = session(dose=ketamine_dose(), observation_end=at(40))
    assert iv.dose_end == at(40)
    assert session().dose_end is None
