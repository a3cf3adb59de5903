"""Bad input for courses: every row raises a KetacoreError naming the field, the value and a fix."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

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
    patient,
)
from ketacore.courses import (
    ESKETAMINE_TRD,
    KETAMINE_IM_SC,
    KETAMINE_IV_ELEKT_D,
    CheckIn,
    Course,
    Phase,
    adherence_findings,
    cumulative_dose,
    exposure,
    next_due,
    overdue_checkins,
    starting_dose,
)
from ketacore.doses import parse_dose
from ketacore.exceptions import (
    ConsentRequiredError,
    CourseError,
    DoseError,
    DuplicateSessionError,
    KetacoreError,
    PatientMismatchError,
    ValidationError,
)
from ketacore.instruments import MADRS
from ketacore.patients import ConsentRecord, Patient
from ketacore.sessions import TimedScore
from session_helpers import assert_fields_named

NAIVE = datetime(2026, 3, 2, 9, 0)

_PHASE = {
    "name": "series",
    "first_week": 1,
    "last_week": None,
    "max_per_week": 2,
    "interval": timedelta(days=3),
    "min_gap": timedelta(days=2),
    "max_gap": timedelta(days=7),
    "source": "test",
}


def _phase(**overrides: object) -> Phase:
    return Phase(**{**_PHASE, **overrides})  # type: ignore[arg-type]


def _protocol(**overrides: object) -> object:
    return attrs.evolve(KETAMINE_IV_ELEKT_D, **overrides)


def _madrs(n: int) -> TimedScore:
    return TimedScore(taken_at=at(n), score=MADRS.score([4] * 10))


def _late_consent() -> Patient:
    return patient(consent=False).with_consent(
        ConsentRecord(signed_on=day(3), form_version="v2", topics={"dissociation"})
    )


def _no_depression() -> Patient:
    return attrs.evolve(patient(), diagnoses={"ptsd"})


def _weightless_iv() -> object:
    return cumulative_dose(iv_course([0], patient=patient(weight=None)))


def _two_patients() -> object:
    other = iv_course([0], patient=patient(identifier="PT-0002"))
    return exposure([iv_course([0]), other], on=day(10))


CASES: list[tuple[str, Callable[[], object], type[Exception], tuple[str, ...]]] = [
    (
        "session before the course starts",
        lambda: iv_course([-1]),
        CourseError,
        ("sessions[0]", "2026-03-01", "on or after the course start", "check the date"),
    ),
    (
        "racemic ketamine session in an esketamine course",
        lambda: esk_course(sessions=[dosing(0)]),
        CourseError,
        ("sessions[0].dose.drug", "'ketamine'", "expected 'esketamine'", "course of its own"),
    ),
    (
        "esketamine given IV",
        lambda: esk_course(
            sessions=[dosing(0, parse_dose("56 mg", drug="esketamine", route="iv"))]
        ),
        DoseError,
        ("route", "'iv'", "intranasal"),
    ),
    (
        "IM dose in an IV course",
        lambda: iv_course(
            sessions=[dosing(0, parse_dose("0.5 mg/kg", drug="ketamine", route="im"))]
        ),
        CourseError,
        ("sessions[0].dose.route", "'im'", "expected 'iv'", "check the dose's route"),
    ),
    (
        "duplicate session ids",
        lambda: iv_course(sessions=[dosing(0, id="S-1"), dosing(3, id="S-1")]),
        DuplicateSessionError,
        ("sessions[1].id", "'S-1'", "unique", "its own id"),
    ),
    (
        "another patient's session",
        lambda: iv_course([0]).with_session(dosing(3), patient=patient(identifier="PT-0002")),
        PatientMismatchError,
        ("patient", "another patient", "withheld", "that patient's course"),
    ),
    (
        "patient id given as text",
        lambda: iv_course().with_session(dosing(3), patient="PT-0001"),  # type: ignore[arg-type]
        CourseError,
        ("patient", "str", "not shown", "Patient or a PatientId"),
    ),
    (
        "age under 18 for an adult protocol",
        lambda: iv_course(patient=patient(birth=date(2010, 1, 1))),
        CourseError,
        ("patient", "aged 16", "at least 18", "adult protocol"),
    ),
    (
        "naive datetime as the start",
        lambda: iv_course(start=NAIVE),
        CourseError,
        ("start", "datetime", "expected a date", ".date()"),
    ),
    (
        "start as text",
        lambda: iv_course(start="2026-03-02"),
        CourseError,
        ("start", "'2026-03-02'", "expected a date", "date.fromisoformat"),
    ),
    (
        "naive datetime asked of next_due",
        lambda: next_due(iv_course([0]), after=NAIVE),  # type: ignore[arg-type]
        CourseError,
        ("after", "naive datetime", "timezone-aware", "tzinfo"),
    ),
    (
        "unknown protocol id",
        lambda: iv_course(protocol="ketamine-iv-weekly"),
        CourseError,
        ("protocol", "'ketamine-iv-weekly'", "expected one of", "'esketamine-trd'"),
    ),
    (
        "protocol of the wrong type",
        lambda: iv_course(protocol=42),
        CourseError,
        ("protocol", "42", "int", "a Protocol", "an id"),
    ),
    (
        "phase not in the protocol",
        lambda: esk_course(phase="taper"),
        CourseError,
        ("phase", "'taper'", "the phases of protocol", "'induction'"),
    ),
    (
        "phase not text",
        lambda: esk_course(phase=2),
        CourseError,
        ("phase", "2", "int", "'induction'"),
    ),
    (
        "indication the protocol is not for",
        lambda: esk_course(indication="mdsi"),
        CourseError,
        ("indication", "'mdsi'", "expected one of", "'trd'", "protocol for this indication"),
    ),
    (
        "unknown indication",
        lambda: iv_course(indication="insomnia"),
        CourseError,
        ("indication", "'insomnia'", "expected one of", "Indication.DEPRESSION"),
    ),
    (
        "dosing without consent",
        lambda: iv_course([0], patient=patient(consent=False)),
        ConsentRequiredError,
        ("patient.consent", "None", "'S-000'", "Patient.with_consent"),
    ),
    (
        "consent signed after the first dose",
        lambda: iv_course([0], patient=_late_consent()),
        ConsentRequiredError,
        (
            "patient.consent.signed_on",
            "2026-03-05",
            "on or before the first dose",
            "check the dates",
        ),
    ),
    (
        "patient without a depression diagnosis",
        lambda: iv_course(patient=_no_depression()),
        CourseError,
        ("patient.diagnoses", "'depression'", "'trd'", "with_diagnosis"),
    ),
    (
        "route the protocol does not use",
        lambda: iv_course(route="oral"),
        CourseError,
        ("route", "'oral'", "the routes of protocol", "'iv'"),
    ),
    (
        "no route chosen when the protocol allows two",
        lambda: iv_course(protocol=KETAMINE_IM_SC),
        CourseError,
        ("route", "None", "'im', 'sc'", "pass route="),
    ),
    (
        "unknown route text",
        lambda: iv_course(route="nasal spray"),
        CourseError,
        ("route", "'nasal spray'", "expected one of", "Route.IV"),
    ),
    (
        "baseline after the first dose",
        lambda: iv_course([0], baselines=[_madrs(1)]),
        CourseError,
        ("baselines[0].taken_at", "2026-03-03", "after the first dose", "as assessments"),
    ),
    (
        "two baselines on one instrument",
        lambda: iv_course(baselines=[_madrs(-2), _madrs(-1)]),
        CourseError,
        ("baselines[1]", "second 'madrs'", "one baseline per instrument", "closest before"),
    ),
    (
        "assessment before the course starts",
        lambda: iv_course(assessments=[_madrs(-1)]),
        CourseError,
        ("assessments[0].taken_at", "2026-03-01", "before the course starts", "as a baseline"),
    ),
    (
        "sessions given as a string",
        lambda: iv_course(sessions="S-1"),
        CourseError,
        ("sessions", "'S-1'", "list or tuple"),
    ),
    (
        "a session that is not a session",
        lambda: iv_course(sessions=[{"id": "S-1"}]),
        CourseError,
        ("sessions[0]", "dict", "DosingSession or ScheduledSession", "DosingSession(...)"),
    ),
    (
        "patient that is not a Patient",
        lambda: iv_course(patient={"identifier": "PT-1"}),
        CourseError,
        ("patient", "dict", "expected a ketacore.patients.Patient"),
    ),
    (
        "phase ending before it starts",
        lambda: _phase(first_week=3, last_week=2),
        CourseError,
        ("last_week", "2", "on or after first_week 3", "check the phase's weeks"),
    ),
    (
        "phase minimum gap above its interval",
        lambda: _phase(min_gap=timedelta(days=4)),
        CourseError,
        ("interval", "3 days", "min_gap 4", "min_gap <= interval <= max_gap"),
    ),
    (
        "phase gap in hours",
        lambda: _phase(max_gap=timedelta(hours=36)),
        CourseError,
        ("max_gap", "seconds=43200", "whole number of days", "timedelta(days=3)"),
    ),
    (
        "phase allowing zero sessions a week",
        lambda: _phase(max_per_week=0),
        CourseError,
        ("max_per_week", "0", "at least 1"),
    ),
    (
        "protocol phases with a gap",
        lambda: _protocol(phases=[_phase(last_week=2), _phase(name="maintenance", first_week=4)]),
        CourseError,
        ("phases", "'maintenance'", "week 4", "consecutive phases"),
    ),
    (
        "protocol with a repeated phase name",
        lambda: _protocol(phases=[_phase(last_week=2), _phase(first_week=3)]),
        CourseError,
        ("phases", "['series', 'series']", "unique phase names", "rename"),
    ),
    (
        "protocol not starting in week 1",
        lambda: _protocol(phases=[_phase(first_week=2)]),
        CourseError,
        ("phases[0].first_week", "2", "expected 1", "week 1 comes first"),
    ),
    (
        "protocol start dose of another drug",
        lambda: _protocol(start_dose=esk_dose()),
        CourseError,
        ("start_dose", "'56 mg'", "a dose of ketamine", "drug= and route="),
    ),
    (
        "protocol for an unknown drug",
        lambda: _protocol(drug="arketamine"),
        CourseError,
        ("drug", "'arketamine'", "expected one of", "Drug.KETAMINE"),
    ),
    (
        "starting dose of a protocol without a standard",
        lambda: starting_dose(KETAMINE_IM_SC, patient(), on=START),
        CourseError,
        ("protocol", "'ketamine-im-sc'", "standard start dose", "attrs.evolve"),
    ),
    (
        "starting dose under an unknown convention",
        lambda: starting_dose(ESKETAMINE_TRD, patient(), on=START, convention="jp"),
        CourseError,
        ("convention", "'jp'", "expected one of", "StartDoseConvention.US"),
    ),
    (
        "starting dose on a datetime",
        lambda: starting_dose(ESKETAMINE_TRD, patient(), on=NAIVE),  # type: ignore[arg-type]
        CourseError,
        ("on", "naive datetime", "timezone-aware", "tzinfo"),
    ),
    (
        "weight-based dose with no weight on record",
        _weightless_iv,
        CourseError,
        (
            "patient.weights",
            "session 'S-000'",
            "0.5 mg/kg over 40 min",
            "no weight",
            "Patient.with_weight",
        ),
    ),
    (
        "cumulative dose until a datetime",
        lambda: cumulative_dose(iv_course([0]), until=NAIVE),  # type: ignore[arg-type]
        CourseError,
        ("until", "naive datetime", "timezone-aware", "tzinfo"),
    ),
    (
        "exposure over zero months",
        lambda: exposure(iv_course([0]), on=day(10), months=0),
        CourseError,
        ("months", "0", "at least 1"),
    ),
    (
        "exposure over two patients' courses",
        _two_patients,
        PatientMismatchError,
        ("courses", "different patients", "withheld", "once per patient"),
    ),
    (
        "exposure on a naive datetime",
        lambda: exposure(iv_course([0]), on=NAIVE),  # type: ignore[arg-type]
        CourseError,
        ("on", "naive datetime", "timezone-aware", "tzinfo"),
    ),
    (
        "negative check-in interval",
        lambda: overdue_checkins(iv_course([0]), on=day(9), interval=timedelta(days=-1)),
        CourseError,
        ("interval", "days=-1", "positive timedelta", "timedelta(days=90)"),
    ),
    (
        "negative next-due interval",
        lambda: next_due(iv_course([0]), after=day(1), interval=timedelta(days=-3)),
        CourseError,
        ("interval", "days=-3", "zero or more", "timedelta(weeks=2)"),
    ),
    (
        "check-in on a datetime",
        lambda: CheckIn(item="cognition", on=datetime(2026, 6, 1, 9, tzinfo=UTC)),
        CourseError,
        ("on", "datetime", "expected a date", ".date()"),
    ),
    (
        "check-in of an unknown watch item",
        lambda: CheckIn(item="liver", on=day(30)),
        CourseError,
        ("item", "'liver'", "expected one of", "WatchItem.COGNITION"),
    ),
    (
        "check-in concern as text",
        lambda: CheckIn(item="bladder", on=day(30), concern="yes"),  # type: ignore[arg-type]
        CourseError,
        ("concern", "'yes'", "True or False"),
    ),
    (
        "findings asked of something that is not a course",
        lambda: adherence_findings("course"),  # type: ignore[arg-type]
        CourseError,
        ("course", "str", "expected a ketacore.courses.Course"),
    ),
    (
        "cumulative dose of something that is not a course",
        lambda: cumulative_dose([dosing(0)]),  # type: ignore[arg-type]
        CourseError,
        ("course", "list", "expected a ketacore.courses.Course"),
    ),
    (
        "starting dose of a protocol id",
        lambda: starting_dose("esketamine-trd", patient(), on=START),  # type: ignore[arg-type]
        CourseError,
        ("protocol", "str", "ESKETAMINE_TRD"),
    ),
    (
        "starting dose for a patient that is not a Patient",
        lambda: starting_dose(ESKETAMINE_TRD, "PT-0001", on=START),  # type: ignore[arg-type]
        CourseError,
        ("patient", "str", "ketacore.patients.Patient"),
    ),
    (
        "starting dose on no day",
        lambda: starting_dose(ESKETAMINE_TRD, patient(), on=None),  # type: ignore[arg-type]
        CourseError,
        ("on", "None", "a date such as date(2026, 3, 2)"),
    ),
    (
        "phase with a blank name",
        lambda: _phase(name=" "),
        CourseError,
        ("name", "' '", "non-empty text"),
    ),
    (
        "protocol note that is not text",
        lambda: _protocol(note=None),
        CourseError,
        ("note", "None", "text", "empty string for no notes"),
    ),
    (
        "protocol phases given as one phase",
        lambda: _protocol(phases=_phase()),
        CourseError,
        ("phases", "Phase(", "a list or tuple"),
    ),
    (
        "protocol without phases",
        lambda: _protocol(phases=[]),
        CourseError,
        ("phases", "()", "at least one Phase", "the protocol's phases"),
    ),
    (
        "protocol phase that is not a Phase",
        lambda: _protocol(phases=[{"name": "series"}]),
        CourseError,
        ("phases[0]", "{'name': 'series'}", "a Phase", "Phase(...)"),
    ),
    (
        "protocol start dose given as text",
        lambda: _protocol(start_dose="0.5 mg/kg"),
        CourseError,
        ("start_dose", "'0.5 mg/kg'", "a dose or None", "parse_dose"),
    ),
    (
        "protocol minimum age of None",
        lambda: _protocol(min_age=None),
        CourseError,
        ("min_age", "None", "whole number of years"),
    ),
    (
        "protocol reduced-start age as text",
        lambda: _protocol(reduced_start_age="65"),
        CourseError,
        ("reduced_start_age", "'65'", "whole number of years"),
    ),
    (
        "phase session cap of zero",
        lambda: _phase(max_sessions=0),
        CourseError,
        ("max_sessions", "0", "at least 1"),
    ),
    (
        "protocol minimum age negative",
        lambda: _protocol(min_age=-1),
        CourseError,
        ("min_age", "-1", "from 0 to 130"),
    ),
    (
        "exposure of a single session",
        lambda: exposure(dosing(0), on=day(10)),  # type: ignore[arg-type]
        CourseError,
        ("courses", "DosingSession", "a Course or a list"),
    ),
    (
        "exposure of a list holding a session",
        lambda: exposure([iv_course([0]), dosing(0)], on=day(10)),  # type: ignore[list-item]
        CourseError,
        ("courses[1]", "DosingSession", "expected a Course"),
    ),
    (
        "overdue check-ins of something that is not a course",
        lambda: overdue_checkins(None, on=day(10)),  # type: ignore[arg-type]
        CourseError,
        ("course", "NoneType", "expected a ketacore.courses.Course"),
    ),
    (
        "check-in notes that are not text",
        lambda: CheckIn(item="bladder", on=day(30), notes=None),  # type: ignore[arg-type]
        CourseError,
        ("notes", "None", "expected text", "empty string"),
    ),
]


@pytest.mark.parametrize(
    ("build", "error", "words"),
    [pytest.param(build, error, words, id=name) for name, build, error, words in CASES],
)
def test_bad_input_is_rejected_with_a_helpful_message(
    build: Callable[[], object], error: type[Exception], words: tuple[str, ...]
) -> None:
    with pytest.raises(error) as caught:
        build()
    assert isinstance(caught.value, KetacoreError)
    assert isinstance(caught.value, ValidationError)
    assert isinstance(caught.value, ValueError)
    message = str(caught.value)
    for word in words:
        assert word in message, (word, message)
    assert "PT-0001" not in message
    assert "PT-0002" not in message


def test_bad_input_errors_name_their_field() -> None:
    """Every course error carries its field as data: the first word of its table row."""
    enum_rows = {"unknown indication", "unknown route text", "protocol for an unknown drug"}
    enum_rows |= {"starting dose under an unknown convention", "check-in of an unknown watch item"}
    assert_fields_named(CASES, CourseError, frozenset(enum_rows))


def test_the_table_has_at_least_30_distinct_cases() -> None:
    assert len({name for name, *_ in CASES}) == len(CASES) >= 30


def test_course_error_is_a_validation_error() -> None:
    assert issubclass(CourseError, ValidationError)
    assert CourseError.__doc__
    assert isinstance(Course, type)
