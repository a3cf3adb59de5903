"""The pre-dose gate, the monitoring plan and the discharge check: worked examples."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest

from ketacore.exceptions import SessionError
from ketacore.sessions import (
    ESKETAMINE_DISCHARGE,
    ESKETAMINE_MONITORING,
    KETAMINE_DISCHARGE,
    KETAMINE_MONITORING,
    AdverseEvent,
    DischargeCriteria,
    DosingSession,
    GateDecision,
    MonitoringPlan,
    Requirement,
    ScheduledSession,
    discharge_check,
    monitoring_gaps,
    pre_dose_gate,
)
from ketacore.vitals import (
    EU_BLOOD_PRESSURE_LIMITS,
    US_BLOOD_PRESSURE_LIMITS,
    BloodPressureLimit,
    VitalSigns,
)
from session_helpers import at, bp, cadss, ketamine_dose, moaas, session

# --- pre-dose gate (limits from ketacore.vitals; clinical reference section 4)


def test_bp_150_95_pre_dose_is_held_under_us_rule() -> None:
    gate = pre_dose_gate([bp(-5, 150, 95)], age=40)
    assert gate.decision is GateDecision.HOLD
    assert not gate.may_proceed
    assert str(gate.limit) == "140/90 mmHg"
    assert "hold" in gate.message
    assert "150/95 mmHg" in gate.message
    assert "140/90 mmHg" in gate.message


def test_gate_uses_latest_reading_after_rest() -> None:
    gate = pre_dose_gate([bp(-5, 132, 84), bp(-20, 150, 95)], age=40)
    assert gate.decision is GateDecision.PROCEED
    assert gate.reading == bp(-5, 132, 84)
    assert gate.message == "proceed: pre-dose blood pressure 132/84 mmHg is within 140/90 mmHg"


def test_gate_without_blood_pressure_asks_to_measure() -> None:
    gate = pre_dose_gate([VitalSigns(taken_at=at(-5), heart_rate=70)], age=40)
    assert gate.decision is GateDecision.MEASURE
    assert gate.reading is None
    assert "measure" in gate.message


def test_gate_eu_rule_depends_on_age() -> None:
    reading = bp(-5, 145, 88)
    assert pre_dose_gate(reading, age=70, limits="eu").decision is GateDecision.PROCEED
    assert pre_dose_gate(reading, age=70, limits="us").decision is GateDecision.HOLD
    assert pre_dose_gate(reading, age=50, limits=EU_BLOOD_PRESSURE_LIMITS).decision is (
        GateDecision.HOLD
    )


def test_gate_audits_a_recorded_session_with_pre_dose_readings_only() -> None:
    record = session(vitals=[bp(-5, 150, 95), bp(40, 120, 80)])
    assert pre_dose_gate(record, age=40).decision is GateDecision.HOLD


def test_gate_ignores_readings_after_before() -> None:
    readings = [bp(-20, 120, 80), bp(-5, 150, 95)]
    assert pre_dose_gate(readings, age=40, before=at(-10)).decision is GateDecision.PROCEED


def test_gate_rejects_non_vitals() -> None:
    with pytest.raises(SessionError) as caught:
        pre_dose_gate(["150/95"], age=40)  # type: ignore[list-item]
    assert (caught.value.field, caught.value.value) == ("readings[0]", "150/95")
    assert "VitalSigns" in str(caught.value.expected)


# --- esketamine monitoring plan (Spravato US PI / REMS; reference 5.1)


def test_full_plan_has_no_gaps() -> None:
    record = session(vitals=[bp(-5), bp(40), bp(115)], observation_end=at(125))
    assert monitoring_gaps(record) == ()


def test_missing_40_min_bp_is_reported() -> None:
    record = session(vitals=[bp(-5), bp(115)], observation_end=at(125))
    gaps = monitoring_gaps(record)
    assert [g.requirement for g in gaps] == [Requirement.PEAK_BLOOD_PRESSURE]
    assert str(gaps[0]) == "no blood pressure about 40 min after dosing (+30 min to +50 min)"


@pytest.mark.parametrize(("minutes", "found"), [(29, False), (30, True), (50, True), (51, False)])
def test_peak_window_is_inclusive_with_default_tolerance(minutes: int, found: bool) -> None:
    record = session(vitals=[bp(-5), bp(minutes), bp(115)], observation_end=at(125))
    gaps = {g.requirement for g in monitoring_gaps(record)}
    assert (Requirement.PEAK_BLOOD_PRESSURE not in gaps) is found


def test_peak_tolerance_is_a_parameter() -> None:
    record = session(vitals=[bp(-5), bp(55), bp(115)], observation_end=at(125))
    wide = MonitoringPlan(peak_tolerance=timedelta(minutes=15))
    assert monitoring_gaps(record, plan=wide) == ()
    assert wide.peak_window_text() == "+25 min to +55 min"


def test_short_observation_is_reported_in_hours_and_minutes() -> None:
    record = session(vitals=[bp(-5), bp(40), bp(90)], observation_end=at(95))
    assert [str(g) for g in monitoring_gaps(record)] == [
        "observation 1 h 35 min of the required 2 h"
    ]


def test_in_progress_session_needs_a_moment() -> None:
    with pytest.raises(SessionError) as caught:
        monitoring_gaps(session())
    assert (caught.value.field, caught.value.value) == ("at", None)
    assert "in progress" in str(caught.value.expected)
    gaps = monitoring_gaps(session(vitals=[bp(-5)]), at=at(20))
    assert [g.requirement for g in gaps] == [
        Requirement.OBSERVATION,
        Requirement.PEAK_BLOOD_PRESSURE,
        Requirement.PRE_DISCHARGE_BLOOD_PRESSURE,
    ]


def test_pre_discharge_reading_must_follow_the_peak_window() -> None:
    record = session(vitals=[bp(-5), bp(40)], observation_end=at(125))
    assert [g.requirement for g in monitoring_gaps(record)] == [
        Requirement.PRE_DISCHARGE_BLOOD_PRESSURE
    ]


def test_pre_discharge_recency_is_optional() -> None:
    record = session(vitals=[bp(-5), bp(40), bp(60)], observation_end=at(180))
    assert monitoring_gaps(record) == ()
    recent = MonitoringPlan(pre_discharge_within=timedelta(minutes=30))
    assert [g.requirement for g in monitoring_gaps(record, plan=recent)] == [
        Requirement.PRE_DISCHARGE_BLOOD_PRESSURE
    ]


def test_missing_pre_dose_bp() -> None:
    record = session(vitals=[bp(40), bp(115)], observation_end=at(125))
    assert [str(g) for g in monitoring_gaps(record)] == ["no pre-dose blood pressure"]


# --- discharge check


def test_discharge_at_1_h_50_min_is_refused() -> None:
    record = session(vitals=[bp(-5), bp(40), bp(105)])
    report = discharge_check(record, at=at(110))
    assert not report.ready
    assert "observation 1 h 50 min of the required 2 h" in report.messages


def test_discharge_report_lists_all_missing_in_order() -> None:
    record = session(vitals=[bp(-5)])
    report = discharge_check(record, at=at(95))
    assert report.messages[:3] == (
        "observation 1 h 35 min of the required 2 h",
        "no blood pressure about 40 min after dosing (+30 min to +50 min)",
        "no pre-discharge blood pressure",
    )
    assert report.at == at(95)


def test_unresolved_moderate_event_blocks_mild_does_not() -> None:
    mild = AdverseEvent(kind="nausea/vomiting", severity="mild", onset=at(20))
    moderate = AdverseEvent(kind="headache", severity="moderate", onset=at(30))
    record = session(vitals=[bp(-5), bp(40), bp(115)], adverse_events=[mild, moderate])
    criteria = ESKETAMINE_DISCHARGE
    report = discharge_check(record, at=at(125), criteria=criteria)
    assert "headache (moderate, onset +30 min) not resolved" in report.messages
    assert not any("nausea" in m for m in report.messages)
    resolved = session(
        vitals=[bp(-5), bp(40), bp(115)],
        adverse_events=[
            AdverseEvent(kind="headache", severity="moderate", onset=at(30), resolved_at=at(90))
        ],
    )
    assert Requirement.ADVERSE_EVENTS not in discharge_check(resolved, at=at(125)).requirements


def test_racemic_defaults_need_escort_and_bp_within_limit() -> None:
    record = session(dose=ketamine_dose(), vitals=[bp(-5), bp(60, 150, 95)], escort_present=False)
    report = discharge_check(record, at=at(90), criteria=KETAMINE_DISCHARGE)
    assert "blood pressure 150/95 mmHg at +1 h is above the 140/90 mmHg limit" in report.messages
    assert "no escort (a responsible adult) present" in report.messages
    calmer = session(dose=ketamine_dose(), vitals=[bp(-5), bp(60, 150, 95), bp(85, 130, 85)])
    later = discharge_check(calmer, at=at(90), escort_present=True)
    assert Requirement.BLOOD_PRESSURE_LIMIT not in later.requirements
    assert Requirement.ESCORT not in later.requirements


def test_eu_discharge_limit_needs_age() -> None:
    criteria = DischargeCriteria(monitoring=ESKETAMINE_MONITORING, blood_pressure_limits="eu")
    record = session(vitals=[bp(-5), bp(40), bp(115, 145, 85)])
    with pytest.raises(SessionError) as caught:
        discharge_check(record, at=at(125), criteria=criteria)
    assert (caught.value.field, caught.value.value) == ("age", None)
    assert caught.value.fix == "pass age= in years"
    older = discharge_check(record, at=at(125), criteria=criteria, age=70)
    assert Requirement.BLOOD_PRESSURE_LIMIT not in older.requirements
    younger = discharge_check(record, at=at(125), criteria=criteria, age=40)
    assert Requirement.BLOOD_PRESSURE_LIMIT in younger.requirements


def test_readings_after_the_moment_do_not_count() -> None:
    record = session(vitals=[bp(-5), bp(40), bp(115)])
    early = discharge_check(record, at=at(100))
    assert Requirement.PRE_DISCHARGE_BLOOD_PRESSURE in early.requirements


def test_moment_before_start_is_rejected() -> None:
    with pytest.raises(SessionError) as caught:
        discharge_check(session(), at=at(-60))
    assert (caught.value.field, caught.value.value) == ("at", at(-60))
    assert "before the session started" in str(caught.value)


def test_clinic_limits_and_no_blocking_events() -> None:
    clinic = (BloodPressureLimit(160, 100, "clinic policy"),)
    criteria = DischargeCriteria(
        monitoring=ESKETAMINE_MONITORING,
        moaas_back_to_5=False,
        blood_pressure_limits=clinic,
        blocking_severity=None,
    )
    severe = AdverseEvent(kind="other", severity="severe", onset=at(30), description="dysgeusia")
    record = session(vitals=[bp(-5), bp(40), bp(115, 150, 95)], adverse_events=[severe])
    assert discharge_check(record, at=at(125), criteria=criteria).ready
    stricter = attrs.evolve(criteria, blood_pressure_limits=[BloodPressureLimit(140, 90, "x")])
    assert discharge_check(record, at=at(125), criteria=stricter).messages == (
        "blood pressure 150/95 mmHg at +1 h 55 min is above the 140/90 mmHg limit",
    )


def test_empty_limit_list_is_rejected() -> None:
    with pytest.raises(SessionError) as caught:
        DischargeCriteria(monitoring=ESKETAMINE_MONITORING, blood_pressure_limits=[])
    assert (caught.value.field, caught.value.value) == ("blood_pressure_limits", [])


def test_plan_without_peak_check() -> None:
    assert KETAMINE_MONITORING.peak_window_text() == "none"
    assert KETAMINE_MONITORING.peak_window(at(0)) is None


# --- esketamine discharge blood pressure (Spravato US PI section 2 / 5.6: monitor BP until
# values are acceptable; acceptable = the US limit in ketacore.vitals, reference 4 and 5.1)


def test_esketamine_discharge_is_blocked_by_an_unacceptable_pre_discharge_bp() -> None:
    record = session(vitals=[bp(-5), bp(40), bp(115, 190, 110)], assessments=[moaas(115, 5)])
    report = discharge_check(record, at=at(125))
    assert not report.ready
    assert report.requirements == {Requirement.BLOOD_PRESSURE_LIMIT}
    assert report.messages == (
        "blood pressure 190/110 mmHg at +1 h 55 min is above the 140/90 mmHg limit",
    )


def test_esketamine_discharge_limit_is_the_vitals_us_limit() -> None:
    assert ESKETAMINE_DISCHARGE.blood_pressure_limits == "us"
    limit = US_BLOOD_PRESSURE_LIMITS[0]
    at_limit = session(
        vitals=[bp(-5), bp(40), bp(115, limit.systolic, limit.diastolic)],
        assessments=[moaas(115, 5)],
    )
    assert discharge_check(at_limit, at=at(125)).ready
    above = session(
        vitals=[bp(-5), bp(40), bp(115, limit.systolic, limit.diastolic + 1)],
        assessments=[moaas(115, 5)],
    )
    assert discharge_check(above, at=at(125)).requirements == {Requirement.BLOOD_PRESSURE_LIMIT}


def test_esketamine_high_peak_then_acceptable_pre_discharge_bp_may_leave() -> None:
    record = session(
        vitals=[bp(-5), bp(40, 170, 100), bp(115, 136, 86)], assessments=[moaas(115, 5)]
    )
    assert discharge_check(record, at=at(125)).ready


# --- the escort is part of the session record (issue 14)


def _ready_iv(**overrides: object) -> DosingSession:
    """A racemic session that meets every KETAMINE_DISCHARGE check except perhaps the escort."""
    return session(
        dose=ketamine_dose(),
        vitals=[bp(-5), bp(85, 130, 85)],
        assessments=[cadss(-5, 2), cadss(85, 3), moaas(85, 5)],
        **overrides,
    )


def test_escort_recorded_on_the_session_is_read_by_the_check() -> None:
    assert discharge_check(_ready_iv(escort_present=True), at=at(90)).ready
    absent = discharge_check(_ready_iv(escort_present=False), at=at(90))
    assert absent.messages == ("no escort (a responsible adult) present",)


def test_escort_not_recorded_is_not_reported_as_absent() -> None:
    report = discharge_check(_ready_iv(), at=at(90))
    assert report.requirements == {Requirement.ESCORT}
    assert report.messages == (
        "escort not recorded (whether a responsible adult is present); record "
        "escort_present on the session",
    )


def test_escort_argument_overrides_the_record() -> None:
    assert discharge_check(_ready_iv(escort_present=False), at=at(90), escort_present=True).ready
    report = discharge_check(_ready_iv(escort_present=True), at=at(90), escort_present=False)
    assert report.requirements == {Requirement.ESCORT}


def test_a_stored_session_reproduces_its_discharge_decision() -> None:
    from ketacore.serialization import from_json, to_json

    record = _ready_iv(escort_present=True)
    stored = from_json(to_json(record), DosingSession)
    assert stored == record
    assert discharge_check(stored, at=at(90)) == discharge_check(record, at=at(90))
    assert discharge_check(stored, at=at(90)).ready


def test_a_session_stored_before_the_escort_field_reads_as_not_recorded() -> None:
    from ketacore.serialization import from_dict, to_dict

    document = to_dict(_ready_iv(escort_present=True))
    del document["data"]["escort_present"]
    assert from_dict(document, DosingSession).escort_present is None


def test_scheduled_session_records_the_escort() -> None:
    plan = ScheduledSession(id="S-9", scheduled_start=at(-10), planned_dose=ketamine_dose())
    record = plan.record(started_at=at(-15), dosed_at=at(0), escort_present=True)
    assert record.escort_present is True
