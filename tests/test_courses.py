"""Treatment courses: worked examples, protocols, schedule, doses and long-term safety."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest

from course_helpers import (
    START,
    at,
    day,
    dosing,
    esk_course,
    esk_dose,
    iv_course,
    iv_dose,
    patient,
    planned,
)
from ketacore.courses import (
    ADULT_MIN_AGE,
    CHECK_IN_INTERVAL,
    ESKETAMINE_MDSI,
    ESKETAMINE_TRD,
    KETAMINE_IM_SC,
    KETAMINE_IV_ELEKT_D,
    KETAMINE_IV_KETECT,
    KETAMINE_ORAL,
    PROTOCOLS,
    CheckIn,
    Course,
    FindingKind,
    Indication,
    StartDoseConvention,
    WatchItem,
    adherence_findings,
    cumulative_dose,
    exposure,
    get_protocol,
    next_due,
    overdue_checkins,
    sessions_per_phase,
    starting_dose,
)
from ketacore.courses._fields import session_day
from ketacore.doses import Drug, Route, parse_dose
from ketacore.exceptions import (
    WITHHELD,
    ConsentRequiredError,
    CourseError,
    DuplicateSessionError,
    PatientMismatchError,
)
from ketacore.instruments import MADRS
from ketacore.patients import ConsentRecord, Patient, PatientId
from ketacore.sessions import (
    DosingSession,
    IntegrationSession,
    PreparationSession,
    ScheduledSession,
    TimedScore,
)
from ketacore.units import magnitude

ELEKT_D_DAYS = [0, 3, 7, 10, 14, 17]  # Monday and Thursday for three weeks


def kinds(course: Course) -> list[FindingKind]:
    return [finding.kind for finding in adherence_findings(course)]


# -- worked examples ----------------------------------------------------------------------


def test_six_infusion_iv_course_for_a_70_kg_patient_totals_210_mg() -> None:
    course = iv_course(ELEKT_D_DAYS)
    total = cumulative_dose(course)
    assert total.sessions == 6
    assert magnitude(total.total, "mg") == pytest.approx(210.0)  # 6 x 35 mg
    assert total.per_kg is not None
    assert magnitude(total.per_kg, "mg/kg") == pytest.approx(3.0)  # 6 x 0.5 mg/kg
    assert sessions_per_phase(course) == {"series": 6}
    assert kinds(course) == []
    assert next_due(course, after=day(17)) is None  # the series is complete


def test_a_67_year_old_starts_esketamine_at_56_mg_us_and_28_mg_eu() -> None:
    older = patient(birth=date(1958, 6, 1))
    assert older.age(on=START) == 67
    us = starting_dose(ESKETAMINE_TRD, older, on=START)
    eu = starting_dose(ESKETAMINE_TRD, older, on=START, convention=StartDoseConvention.EU)
    assert magnitude(us.amount, "mg") == 56.0
    assert magnitude(eu.amount, "mg") == 28.0
    assert starting_dose(ESKETAMINE_TRD, older, on=START, convention="EU") == eu


def test_too_soon_and_over_weekly_maximum_findings() -> None:
    course = esk_course([0, 1, 3])
    findings = adherence_findings(course)
    assert [(f.kind, f.session_id, f.phase) for f in findings] == [
        (FindingKind.TOO_SOON, "S-001", "induction"),
        (FindingKind.OVER_WEEKLY_MAXIMUM, "S-003", "induction"),
    ]
    assert "1 day after 'S-000'" in findings[0].message
    assert "at most 2 a week" in findings[1].message
    assert "PT-0001" not in " ".join(f.message for f in findings)


# -- starting doses -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "convention", "mg"),
    [
        (date(1961, 3, 2), StartDoseConvention.EU, 28.0),  # 65 on the start day
        (date(1961, 3, 3), StartDoseConvention.EU, 56.0),  # 64 until the day after
        (date(1990, 1, 1), StartDoseConvention.EU, 56.0),
        (date(1940, 1, 1), StartDoseConvention.US, 56.0),
    ],
)
def test_esketamine_start_dose_boundary_at_65(
    birth: date, convention: StartDoseConvention, mg: float
) -> None:
    dose = starting_dose(ESKETAMINE_TRD, patient(birth=birth), on=START, convention=convention)
    assert magnitude(dose.amount, "mg") == mg


def test_start_doses_of_the_other_protocols() -> None:
    adult = patient(birth=date(1940, 1, 1))
    eu = StartDoseConvention.EU
    assert starting_dose(ESKETAMINE_MDSI, adult, on=START, convention=eu).text == "84 mg"
    assert starting_dose(KETAMINE_IV_KETECT, adult, on=START).text == "0.5 mg/kg over 40 min"
    assert starting_dose(KETAMINE_ORAL, adult, on=START).text == "50 mg"


# -- protocols -----------------------------------------------------------------------------


def test_catalogue_ids_and_sources() -> None:
    assert set(PROTOCOLS) == {
        "ketamine-iv-elekt-d",
        "ketamine-iv-ketect",
        "esketamine-trd",
        "esketamine-mdsi",
        "ketamine-im-sc",
        "ketamine-oral",
    }
    for protocol_id, protocol in PROTOCOLS.items():
        assert get_protocol(protocol_id) is protocol
        assert protocol.source
        assert protocol.min_age == ADULT_MIN_AGE
        assert all(phase.source for phase in protocol.phases)
    assert "no standard" in KETAMINE_IM_SC.note
    assert KETAMINE_IM_SC.start_dose is None
    assert "[?]" in KETAMINE_ORAL.note


def test_esketamine_phases_follow_the_label() -> None:
    induction, optimisation, maintenance = ESKETAMINE_TRD.phases
    assert (induction.first_week, induction.last_week, induction.max_per_week) == (1, 4, 2)
    assert (optimisation.first_week, optimisation.last_week, optimisation.max_per_week) == (
        5,
        8,
        1,
    )
    assert (maintenance.first_week, maintenance.last_week) == (9, None)
    assert ESKETAMINE_TRD.phase_for_week(9) is maintenance
    assert ESKETAMINE_MDSI.phase_for_week(5) is None
    assert ESKETAMINE_MDSI.phases[0].max_sessions == 8  # twice weekly for 4 weeks
    assert KETAMINE_IV_KETECT.phases[0].max_sessions == 12
    assert KETAMINE_IV_ELEKT_D.phases[0].max_sessions == 6


# -- the course value -------------------------------------------------------------------------


def test_course_defaults_and_derived_values() -> None:
    course = esk_course([0, 3])
    assert course.drug is Drug.ESKETAMINE
    assert course.route is Route.INTRANASAL
    assert course.phase == "induction"
    assert course.indication is Indication.TRD
    assert course.first_dose is not None
    assert course.first_dose.id == "S-000"
    assert course.week_of(day(6)) == 1
    assert course.week_of(day(7)) == 2
    phase = course.phase_on(day(56))
    assert phase is not None
    assert phase.name == "maintenance"
    assert "PT-0001" not in repr(course)


def test_course_starting_in_a_later_phase_counts_weeks_from_that_phase() -> None:
    course = esk_course([0, 7], phase="maintenance")
    assert course.week_of(START) == 9
    assert sessions_per_phase(course) == {"induction": 0, "optimisation": 0, "maintenance": 2}


def test_route_must_be_chosen_when_the_protocol_allows_several() -> None:
    course = Course(
        patient=patient(), protocol=KETAMINE_IM_SC, indication="trd", start=START, route="IM"
    )
    assert course.route is Route.IM


def test_sessions_are_sorted_and_psychotherapy_sessions_are_allowed() -> None:
    prep = PreparationSession(
        id="PREP",
        started_at=at(0, hour=8),
        duration=timedelta(minutes=50),
        therapist="T-1",
        modality="ACT",
    )
    integration = IntegrationSession(
        id="INT", started_at=at(1), duration=timedelta(minutes=50), therapist="T-1", modality="ACT"
    )
    course = iv_course([3, 0], sessions=[dosing(3), integration, dosing(0), prep])
    assert [s.id for s in course.sessions] == ["PREP", "S-000", "INT", "S-003"]
    assert [s.id for s in course.dosing_sessions] == ["S-000", "S-003"]
    assert session_day(prep) == START


def test_with_session_returns_a_new_course_and_checks_the_patient() -> None:
    course = iv_course([0])
    added = course.with_session(dosing(3), patient=course.patient.identifier)
    assert [s.id for s in added.sessions] == ["S-000", "S-003"]
    assert [s.id for s in course.sessions] == ["S-000"]
    assert course.with_session(dosing(3), patient=course.patient).sessions == added.sessions
    assert course.belongs_to(PatientId("PT-0001"))
    assert not course.belongs_to(patient(identifier="PT-0002"))


def test_scheduled_sessions_need_no_consent_but_dosing_does() -> None:
    unconsented = patient(consent=False)
    course = iv_course(patient=unconsented, sessions=[planned(0, iv_dose())])
    assert len(course.sessions) == 1
    assert adherence_findings(course) == ()
    consented_on_day = unconsented.with_consent(
        ConsentRecord(
            signed_on=START,
            form_version="v2",
            topics={"dissociation", "blood_pressure", "misuse_potential", "no_driving"},
        )
    )
    course = iv_course([0], patient=consented_on_day)
    findings = adherence_findings(course)
    assert [f.kind for f in findings] == [FindingKind.CONSENT_INCOMPLETE]
    assert findings[0].session_id is None
    assert "off_label" in findings[0].message


def test_baselines_and_assessments() -> None:
    baseline = TimedScore(taken_at=at(-1), score=MADRS.score([4] * 10))
    later = TimedScore(taken_at=at(14), score=MADRS.score([1] * 10))
    course = iv_course([0, 3], baselines=[baseline]).with_assessment(later)
    assert course.baselines == (baseline,)
    assert course.assessments == (later,)
    empty = iv_course().with_baseline(baseline)
    assert empty.baselines == (baseline,)


# -- schedule ---------------------------------------------------------------------------------


def test_next_due_follows_the_phase_interval() -> None:
    course = esk_course([0, 3])
    assert next_due(esk_course(), after=day(5)) == START  # nothing given yet: due at the start
    assert next_due(course, after=day(3)) == day(6)  # induction: 3 days nominal
    assert next_due(course, after=day(1)) == day(3)  # only S-000 counts on day 1
    assert next_due(course, after=day(3), interval=timedelta(weeks=2)) == day(17)
    weekly = esk_course([0, 7], phase="maintenance")
    assert next_due(weekly, after=day(7)) == day(14)


def test_next_due_moves_to_the_next_phase_when_a_capped_phase_is_full() -> None:
    course = Course(
        patient=patient(weight=None),
        protocol=attrs.evolve(
            ESKETAMINE_TRD,
            phases=[
                attrs.evolve(ESKETAMINE_TRD.phases[0], max_sessions=2),
                *ESKETAMINE_TRD.phases[1:],
            ],
        ),
        indication="trd",
        start=START,
        sessions=[dosing(0, esk_dose()), dosing(3, esk_dose())],
    )
    assert next_due(course, after=day(3)) == day(28)  # optimisation opens in week 5
    sessions = [dosing(n, esk_dose()) for n in (21, 24)]
    late = attrs.evolve(course, sessions=sessions)
    assert next_due(late, after=day(24)) == day(31)  # weekly, already in week 5


def test_next_due_is_none_after_the_protocol_ends() -> None:
    mdsi = Course(
        patient=patient(weight=None),
        protocol=ESKETAMINE_MDSI,
        indication="mdsi",
        start=START,
        sessions=[dosing(27, esk_dose(84))],
    )
    assert next_due(mdsi, after=day(27)) is None  # day 30 is after week 4
    late = attrs.evolve(mdsi, sessions=[dosing(30, esk_dose(84))])
    assert next_due(late, after=day(30)) is None
    assert kinds(late) == [FindingKind.AFTER_PROTOCOL]
    assert sessions_per_phase(late) == {"treatment": 0}


def test_too_late_over_cap_and_planned_sessions() -> None:
    course = iv_course([0, 3, 7, 10, 14, 17, 25])
    assert kinds(course) == [FindingKind.TOO_LATE, FindingKind.OVER_PHASE_SESSIONS]
    plan = iv_course([0], sessions=[dosing(0), planned(1, iv_dose())])
    findings = adherence_findings(plan)
    assert [f.kind for f in findings] == [FindingKind.TOO_SOON]
    assert "(planned)" in findings[0].message


def test_over_weekly_maximum_after_week_4() -> None:
    induction = [0, 3, 7, 10, 14, 17, 21, 24]
    assert kinds(esk_course([*induction, 28, 35])) == []
    findings = adherence_findings(esk_course([*induction, 28, 34]))
    assert [f.kind for f in findings] == [FindingKind.OVER_WEEKLY_MAXIMUM]
    assert findings[0].phase == "optimisation"
    assert "at most 1 a week" in findings[0].message
    assert kinds(esk_course([*induction, 28, 30])) == [
        FindingKind.TOO_SOON,
        FindingKind.OVER_WEEKLY_MAXIMUM,
    ]


# -- cumulative dose ----------------------------------------------------------------------------


def test_cumulative_dose_uses_each_sessions_weight_in_force() -> None:
    heavier = patient().with_weight(day(7), "80 kg")
    course = iv_course([0, 3, 7, 10], patient=heavier)
    total = cumulative_dose(course)
    assert magnitude(total.total, "mg") == pytest.approx(2 * 35 + 2 * 40)
    assert total.per_kg is not None
    assert magnitude(total.per_kg, "mg/kg") == pytest.approx(2.0)
    window = cumulative_dose(course, since=day(3), until=day(7))
    assert window.sessions == 2
    assert magnitude(window.total, "mg") == pytest.approx(75.0)


def test_fixed_doses_without_a_weight_have_no_per_kg_total() -> None:
    total = cumulative_dose(esk_course([0, 3, 7]))
    assert magnitude(total.total, "mg") == 168.0
    assert total.per_kg is None
    weighed = esk_course([0, 3], patient=patient(weight="80 kg"))
    per_kg = cumulative_dose(weighed).per_kg
    assert per_kg is not None
    assert math.isclose(magnitude(per_kg, "mg/kg"), 112 / 80)
    assert cumulative_dose(iv_course()).sessions == 0


def test_weight_in_pounds_is_converted() -> None:
    course = iv_course([0], patient=patient(weight="154 lb"))
    assert magnitude(cumulative_dose(course).total, "mg") == pytest.approx(0.5 * 69.8532249)


# -- long-term safety ------------------------------------------------------------------------------


def test_exposure_over_the_last_12_months_across_courses() -> None:
    first = iv_course(ELEKT_D_DAYS)
    later_start = date(2026, 11, 2)
    second = Course(
        patient=patient().with_weight(later_start, "72 kg"),
        protocol=KETAMINE_IV_ELEKT_D,
        indication="trd",
        start=later_start,
        sessions=[dosing((later_start - START).days + n, id=f"B-{n}") for n in (0, 3)],
    )
    on = date(2027, 3, 4)
    window = exposure([first, second], on=on)
    assert window.since == date(2026, 3, 5)
    assert window.until == on
    # Only days 3.. of the first course (5 sessions) and both of the second (2 x 36 mg).
    assert window.sessions == 5 + 2
    assert magnitude(window.dose.total, "mg") == pytest.approx(5 * 35 + 2 * 36)
    assert exposure(first, on=on, months=24).sessions == 6
    assert exposure([], on=on).sessions == 0


def test_overdue_checkins_default_interval_and_recorded_checks() -> None:
    course = iv_course(ELEKT_D_DAYS)
    assert overdue_checkins(iv_course(), on=day(400)) == ()  # nothing given yet
    assert overdue_checkins(course, on=day(90)) == ()  # due on day 90, overdue from 91
    overdue = overdue_checkins(course, on=day(91))
    assert [o.item for o in overdue] == list(WatchItem)
    assert all(o.last is None and o.due == START + CHECK_IN_INTERVAL for o in overdue)
    checked = course.with_checkin(CheckIn(item="bladder", on=day(60), concern=True))
    overdue = overdue_checkins(checked, on=day(100))
    assert [o.item for o in overdue] == [WatchItem.COGNITION, WatchItem.SUBSTANCE_MISUSE]
    later = overdue_checkins(checked, on=day(151), interval=timedelta(days=30))
    assert [(o.item, o.last) for o in later][1] == (WatchItem.BLADDER, day(60))


def test_datetimes_in_other_zones_use_their_local_date() -> None:
    from zoneinfo import ZoneInfo

    late_evening = datetime(2026, 3, 2, 23, 30, tzinfo=ZoneInfo("America/New_York"))
    assert late_evening.astimezone(UTC).date() == date(2026, 3, 3)
    session = dosing(0)
    moved = attrs.evolve(
        session,
        started_at=late_evening - timedelta(minutes=10),
        dosed_at=late_evening,
        observation_end=late_evening + timedelta(hours=2),
    )
    assert session_day(moved) == date(2026, 3, 2)


def test_patient_record_keeps_identifier_out_of_course_messages() -> None:
    other = Patient(
        identifier="SECRET-99", birth_date=date(1980, 1, 1), sex_at_birth="M", diagnoses=["mdd"]
    )
    with pytest.raises(CourseError) as caught:
        iv_course().with_session(dosing(3), patient=other)
    assert "SECRET-99" not in str(caught.value)
    assert "PT-0001" not in str(caught.value)
    assert parse_dose("56 mg", drug="esketamine", route="intranasal")


def test_documented_defaults() -> None:
    from ketacore.courses import EXPOSURE_WINDOW_MONTHS

    assert ADULT_MIN_AGE == 18
    assert timedelta(days=90) == CHECK_IN_INTERVAL
    assert EXPOSURE_WINDOW_MONTHS == 12


# -- clock changes: calendar days for the schedule, absolute time for ordering ---------------


def _local_dosing(zone: ZoneInfo, when: datetime, sid: str) -> DosingSession:
    """An esketamine session dosed at *when* (UTC), recorded in *zone*."""
    dosed = when.astimezone(zone)
    return DosingSession(
        id=sid,
        started_at=(when - timedelta(minutes=10)).astimezone(zone),
        dosed_at=dosed,
        dose=esk_dose(),
        observation_end=(when + timedelta(hours=2)).astimezone(zone),
    )


@pytest.mark.parametrize(
    ("zone", "before", "after"),
    [
        # 09:00 local on the Saturday before and after each 2026 change.
        ("America/New_York", date(2026, 3, 7), date(2026, 3, 14)),
        ("America/New_York", date(2026, 10, 31), date(2026, 11, 7)),
        ("Europe/London", date(2026, 3, 28), date(2026, 4, 4)),
        ("Europe/London", date(2026, 10, 24), date(2026, 10, 31)),
    ],
)
def test_weekly_sessions_across_a_clock_change_are_7_days_apart(
    zone: str, before: date, after: date
) -> None:
    # Gaps are whole calendar days between local dates (docs/courses.md), so a weekly
    # 09:00 session stays 7 days after the last although 7 days +/- 1 h have elapsed.
    tz = ZoneInfo(zone)
    first = datetime.combine(before, time(9), tzinfo=tz)
    second = datetime.combine(after, time(9), tzinfo=tz)
    assert (second.astimezone(UTC) - first.astimezone(UTC)) != timedelta(days=7)
    weekly = attrs.evolve(ESKETAMINE_TRD.phases[2], min_gap=timedelta(days=7))
    protocol = attrs.evolve(ESKETAMINE_TRD, phases=[*ESKETAMINE_TRD.phases[:2], weekly])
    course = esk_course(
        protocol=protocol,
        phase="maintenance",
        start=before,
        sessions=[
            _local_dosing(tz, first.astimezone(UTC), "S-1"),
            _local_dosing(tz, second.astimezone(UTC), "S-2"),
        ],
    )
    assert adherence_findings(course) == ()
    assert next_due(course, after=after) == after + timedelta(days=7)


def test_a_baseline_in_the_repeated_hour_before_the_first_dose_is_accepted() -> None:
    # 01:20 EDT, then the first dose at 01:10 EST (50 min later) on 1 November 2026.
    tz = ZoneInfo("America/New_York")
    change = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)
    baseline = TimedScore(
        taken_at=(change - timedelta(minutes=40)).astimezone(tz), score=MADRS.score([4] * 10)
    )
    first = _local_dosing(tz, change + timedelta(minutes=10), "S-1")
    course = esk_course(start=date(2026, 11, 1), sessions=[first], baselines=[baseline])
    assert course.baselines == (baseline,)
    with pytest.raises(CourseError) as caught:
        esk_course(
            start=date(2026, 11, 1),
            sessions=[_local_dosing(tz, change - timedelta(minutes=50), "S-1")],
            baselines=[baseline],
        )
    assert (caught.value.field, caught.value.value) == ("baselines[0].taken_at", baseline.taken_at)


def test_on_arguments_take_a_date_or_an_aware_datetime_in_its_own_zone() -> None:
    """Issue 17: one policy for ``on=``; 07:00 in Tokyo on day 10 is day 10 (UTC's day 9)."""
    course = iv_course([0, 3, 7, 10])
    tokyo = datetime.combine(day(10), time(7, 0), tzinfo=ZoneInfo("Asia/Tokyo"))
    assert tokyo.astimezone(UTC).date() == day(9)
    assert exposure(course, on=tokyo) == exposure(course, on=day(10))
    assert exposure(course, on=tokyo).until == day(10)
    assert next_due(course, after=tokyo) == next_due(course, after=day(10))
    assert cumulative_dose(course, until=at(9)) == cumulative_dose(course, until=day(9))
    patient_ = course.patient
    assert starting_dose(ESKETAMINE_TRD, patient_, on=at(0)) == starting_dose(
        ESKETAMINE_TRD, patient_, on=START
    )
    with pytest.raises(CourseError) as caught:
        exposure(course, on=datetime(2026, 3, 12, 9, 0))
    assert caught.value.field == "on"


def test_named_course_failures_can_be_caught_apart() -> None:
    with pytest.raises(DuplicateSessionError) as duplicate:
        iv_course(sessions=[dosing(0, id="S-1"), dosing(3, id="S-1")])
    assert (duplicate.value.field, duplicate.value.value) == ("sessions[1].id", "S-1")
    with pytest.raises(ConsentRequiredError) as consent:
        iv_course([0], patient=patient(consent=False))
    assert consent.value.field == "patient.consent"
    with pytest.raises(PatientMismatchError) as mismatch:
        iv_course([0]).with_session(dosing(3), patient=patient(identifier="PT-0002"))
    assert mismatch.value.value is WITHHELD
    assert "PT-0002" not in str(mismatch.value)


def test_recording_a_planned_session_replaces_the_plan() -> None:
    """``with_recorded_session`` puts the record in the plan's place (issue 14)."""
    plan = planned(3, iv_dose(), id="IV-2")
    course = iv_course([0]).with_session(plan)
    record = plan.record(started_at=at(3), dosed_at=at(3) + timedelta(minutes=5))
    done = course.with_recorded_session(record, patient=course.patient)
    assert [s.id for s in done.sessions] == ["S-000", "IV-2"]
    assert done.sessions[1] == record
    assert isinstance(course.sessions[1], ScheduledSession)  # the old course is unchanged
    assert cumulative_dose(done).sessions == 2
    assert cumulative_dose(course).sessions == 1


def test_adding_the_record_of_a_plan_names_with_recorded_session() -> None:
    plan = planned(3, iv_dose(), id="IV-1")
    course = iv_course([0]).with_session(plan)
    record = plan.record(started_at=at(3), dosed_at=at(3) + timedelta(minutes=5))
    with pytest.raises(DuplicateSessionError) as caught:
        course.with_session(record)
    assert "Course.with_recorded_session(plan.record(...))" in str(caught.value)
    assert "its own id" not in str(caught.value)
    with pytest.raises(DuplicateSessionError) as two_records:
        iv_course(sessions=[dosing(0, id="S-1"), dosing(3, id="S-1")])
    assert two_records.value.fix == "give the second session its own id"


def test_recording_needs_a_plan_of_that_id_and_a_dosing_record() -> None:
    course = iv_course([0]).with_session(planned(3, iv_dose(), id="IV-1"))
    with pytest.raises(CourseError) as no_plan:
        course.with_recorded_session(dosing(5, id="IV-9"))
    assert (no_plan.value.field, no_plan.value.value) == ("session.id", "IV-9")
    assert "Course.with_session(session)" in str(no_plan.value)
    with pytest.raises(CourseError) as recorded:
        course.with_recorded_session(dosing(7, id="S-000"))
    assert "held as a DosingSession, not a plan" in str(recorded.value)
    with pytest.raises(CourseError) as not_a_record:
        course.with_recorded_session(planned(3, id="IV-1"))  # type: ignore[arg-type]
    assert not_a_record.value.field == "session"
    plan = course.sessions[1]
    assert isinstance(plan, ScheduledSession)
    record = plan.record(started_at=at(3), dosed_at=at(3))
    with pytest.raises(PatientMismatchError):
        course.with_recorded_session(record, patient=patient(identifier="PT-9"))
