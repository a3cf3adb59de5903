"""Bad input: every row must raise a KetacoreError naming the field, the value and a fix."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from ketacore.doses import parse_dose
from ketacore.exceptions import (
    DoseError,
    KetacoreError,
    ResponseError,
    ScoringError,
    SessionError,
    ValidationError,
)
from ketacore.instruments import CADSS, MOAAS
from ketacore.sessions import (
    AdverseEvent,
    DischargeCriteria,
    IntegrationSession,
    MonitoringPlan,
    PreparationSession,
    PsychotherapySupport,
    ScheduledSession,
    TimedScore,
    discharge_check,
    dissociation_event,
    monitoring_gaps,
    pre_dose_gate,
)
from session_helpers import (
    DOSED,
    assert_fields_named,
    at,
    bp,
    esketamine_dose,
    ketamine_dose,
    moaas,
    session,
)

NAIVE = datetime(2026, 3, 2, 9, 0)


def _prep(**overrides: object) -> PreparationSession:
    fields: dict[str, object] = {
        "id": "P-1",
        "started_at": at(-24 * 60),
        "duration": timedelta(minutes=50),
        "therapist": "T-017",
        "modality": "ACT",
    }
    fields.update(overrides)
    return PreparationSession(**fields)  # type: ignore[arg-type]


def _integration(**overrides: object) -> IntegrationSession:
    fields: dict[str, object] = {
        "id": "I-1",
        "started_at": at(24 * 60),
        "duration": timedelta(minutes=50),
        "therapist": "T-017",
        "modality": "IFS",
    }
    fields.update(overrides)
    return IntegrationSession(**fields)  # type: ignore[arg-type]


def _event(**overrides: object) -> AdverseEvent:
    fields: dict[str, object] = {"kind": "headache", "severity": "mild", "onset": at(20)}
    fields.update(overrides)
    return AdverseEvent(**fields)  # type: ignore[arg-type]


# (label, thunk that must raise, expected class, words that must all appear in the message)
_CASES: list[tuple[str, Callable[[], object], type[Exception], tuple[str, ...]]] = [
    # --- ids
    ("empty id", lambda: session(id=""), SessionError, ("id", "''", "non-empty")),
    ("blank id", lambda: session(id="   "), SessionError, ("id", "'   '", "non-empty")),
    ("padded id", lambda: session(id=" S1"), SessionError, ("id", "' S1'", "surrounding")),
    ("int id", lambda: session(id=17), SessionError, ("id", "17", "int", "string")),
    (
        "long id",
        lambda: session(id="x" * 201),
        SessionError,
        ("id", "201 characters", "at most 200"),
    ),
    # --- datetimes
    (
        "naive start",
        lambda: session(started_at=NAIVE),
        SessionError,
        ("started_at", "naive", "tzinfo"),
    ),
    ("naive dose time", lambda: session(dosed_at=NAIVE), SessionError, ("dosed_at", "naive")),
    (
        "naive scheduled",
        lambda: session(scheduled_start=NAIVE),
        SessionError,
        ("scheduled_start", "naive"),
    ),
    (
        "naive end",
        lambda: session(observation_end=NAIVE),
        SessionError,
        ("observation_end", "naive"),
    ),
    (
        "text start",
        lambda: session(started_at="09:00"),
        SessionError,
        ("started_at", "'09:00'", "str", "timezone-aware"),
    ),
    (
        "date as start",
        lambda: session(started_at=DOSED.date()),
        SessionError,
        ("started_at", "date", "timezone-aware"),
    ),
    # --- time order
    (
        "dose before start",
        lambda: session(dosed_at=at(-20)),
        SessionError,
        ("dosed_at", "before the session started", "check both"),
    ),
    (
        "end before dose",
        lambda: session(observation_end=at(-1)),
        SessionError,
        ("observation_end", "before dosing", "check both"),
    ),
    (
        "end before start",
        lambda: session(observation_end=at(-30)),
        SessionError,
        ("observation_end", "before dosing"),
    ),
    (
        "start a day from scheduled",
        lambda: session(scheduled_start=at(-15 - 24 * 60 - 1)),
        SessionError,
        ("started_at", "24 h", "scheduled start", "check the date"),
    ),
    (
        "session over a day",
        lambda: session(observation_end=at(24 * 60)),
        SessionError,
        ("observation_end", "at most 24 h", "check the dates"),
    ),
    # --- readings inside the window
    (
        "vitals before start",
        lambda: session(vitals=[bp(-30)]),
        SessionError,
        ("vitals[0].taken_at", "expected a time", "start"),
    ),
    (
        "vitals after end",
        lambda: session(vitals=[bp(-5), bp(130)], observation_end=at(125)),
        SessionError,
        ("vitals[1].taken_at", "end of observation"),
    ),
    (
        "vitals not a VitalSigns",
        lambda: session(vitals=["128/82"]),
        SessionError,
        ("vitals[0]", "'128/82'", "VitalSigns"),
    ),
    (
        "vitals as one string",
        lambda: session(vitals="128/82"),
        SessionError,
        ("vitals", "'128/82'", "list or tuple"),
    ),
    (
        "event onset before start",
        lambda: session(adverse_events=[_event(onset=at(-60))]),
        SessionError,
        ("adverse_events[0].onset", "expected a time"),
    ),
    (
        "event onset after end",
        lambda: session(adverse_events=[_event(onset=at(200))], observation_end=at(125)),
        SessionError,
        ("adverse_events[0].onset", "end of observation"),
    ),
    (
        "event not an AdverseEvent",
        lambda: session(adverse_events=[{"kind": "headache"}]),
        SessionError,
        ("adverse_events[0]", "dict", "AdverseEvent"),
    ),
    # --- dose
    (
        "dose as text",
        lambda: session(dose="56 mg"),
        SessionError,
        ("dose", "'56 mg'", "str", "parse_dose"),
    ),
    (
        "dose without drug",
        lambda: session(dose=parse_dose("56 mg", route="intranasal")),
        SessionError,
        ("dose", "drug=None", "parse_dose"),
    ),
    (
        "dose without route",
        lambda: session(dose=parse_dose("56 mg", drug="esketamine")),
        SessionError,
        ("dose", "route=None", "route="),
    ),
    (
        "esketamine 50 mg",
        lambda: session(dose=esketamine_dose(50)),
        SessionError,
        ("dose", "50 mg", "of esketamine"),
    ),
    (
        "esketamine 112 mg",
        lambda: session(dose=esketamine_dose(112)),
        SessionError,
        ("dose", "112 mg", "84 mg", "3 devices"),
    ),
    (
        "esketamine in mg/kg",
        lambda: session(dose=parse_dose("0.5 mg/kg", drug="esketamine", route="intranasal")),
        ValidationError,
        ("dose", "0.5 mg/kg", "fixed mg"),
    ),
    (
        "planned dose as text",
        lambda: ScheduledSession(id="S", scheduled_start=at(0), planned_dose="56 mg"),
        SessionError,
        ("planned_dose", "'56 mg'", "parse_dose"),
    ),
    (
        "naive scheduled plan",
        lambda: ScheduledSession(id="S", scheduled_start=NAIVE),
        SessionError,
        ("scheduled_start", "naive"),
    ),
    (
        "psychotherapy as text",
        lambda: session(psychotherapy="ACT"),
        SessionError,
        ("psychotherapy", "'ACT'", "PsychotherapySupport"),
    ),
    (
        "notes not text",
        lambda: session(notes=None),
        SessionError,
        ("notes", "None", "empty string"),
    ),
    # --- adverse events
    (
        "resolution before onset",
        lambda: _event(resolved_at=at(10)),
        SessionError,
        ("resolved_at", "before the onset", "resolved_at=None"),
    ),
    (
        "unknown severity",
        lambda: _event(severity="extreme"),
        SessionError,
        ("severity", "'extreme'", "mild, moderate or severe"),
    ),
    ("numeric severity", lambda: _event(severity=3), SessionError, ("severity", "3", "mild")),
    (
        "unknown kind",
        lambda: _event(kind="rash"),
        SessionError,
        ("kind", "'rash'", "'other'", "description"),
    ),
    (
        "other without description",
        lambda: _event(kind="other"),
        SessionError,
        ("description", "'other'", "describe"),
    ),
    ("naive onset", lambda: _event(onset=NAIVE), SessionError, ("onset", "naive")),
    ("naive resolution", lambda: _event(resolved_at=NAIVE), SessionError, ("resolved_at", "naive")),
    # --- psychotherapy sessions
    (
        "negative duration",
        lambda: _prep(duration=timedelta(minutes=-50)),
        SessionError,
        ("duration", "-50 min", "more than 0 min"),
    ),
    (
        "zero duration",
        lambda: _integration(duration=timedelta(0)),
        SessionError,
        ("duration", "0 min", "more than 0 min"),
    ),
    (
        "duration as minutes",
        lambda: _prep(duration=50),
        SessionError,
        ("duration", "50", "timedelta(minutes=50)"),
    ),
    (
        "13 h therapy",
        lambda: _prep(duration=timedelta(hours=13)),
        SessionError,
        ("duration", "13 h", "at most 12 h"),
    ),
    (
        "empty therapist",
        lambda: _prep(therapist=""),
        SessionError,
        ("therapist", "''", "record the therapist"),
    ),
    (
        "blank modality",
        lambda: _integration(modality="  "),
        SessionError,
        ("modality", "'  '", "record the modality"),
    ),
    (
        "support without therapist",
        lambda: PsychotherapySupport(therapist="", modality="ACT"),
        SessionError,
        ("therapist", "''", "non-empty"),
    ),
    (
        "naive therapy start",
        lambda: _integration(started_at=NAIVE),
        SessionError,
        ("started_at", "naive"),
    ),
    # --- in-session assessments
    ("MOAA/S 6", lambda: moaas(40, 6), ScoringError, ("MOAA/S", "item 1", "got 6", "0–5")),
    ("MOAA/S -1", lambda: moaas(40, -1), ScoringError, ("MOAA/S", "got -1", "0–5")),
    ("CADSS 22 items", lambda: CADSS.score([0] * 22), ScoringError, ("CADSS", "got 22", "23")),
    (
        "score as an int",
        lambda: TimedScore(taken_at=at(40), score=5),
        SessionError,
        ("score", "5", "int", "MOAAS.score([5])"),
    ),
    (
        "naive assessment time",
        lambda: TimedScore(taken_at=NAIVE, score=MOAAS.score([5])),
        SessionError,
        ("taken_at", "naive"),
    ),
    (
        "assessment before start",
        lambda: session(assessments=[moaas(-30, 5)]),
        SessionError,
        ("assessments[0].taken_at", "expected a time", "start"),
    ),
    (
        "assessment after end",
        lambda: session(assessments=[moaas(130, 5)], observation_end=at(125)),
        SessionError,
        ("assessments[0].taken_at", "end of observation"),
    ),
    (
        "assessment not timed",
        lambda: session(assessments=[MOAAS.score([5])]),
        SessionError,
        ("assessments[0]", "Score", "TimedScore(taken_at="),
    ),
    (
        "dissociation with MOAA/S",
        lambda: dissociation_event(moaas(-5, 5).score, 10),
        ResponseError,
        ("pre_dose", "MOAA/S score", "CADSS"),
    ),
    (
        "dissociation total 93",
        lambda: dissociation_event(0, 93),
        ResponseError,
        ("post_dose", "93", "0–92"),
    ),
    (
        "negative CADSS tolerance",
        lambda: DischargeCriteria(monitoring=MonitoringPlan(), cadss_tolerance=-1),
        SessionError,
        ("cadss_tolerance", "-1", "0 to 92"),
    ),
    # --- checks and their parameters
    (
        "naive discharge moment",
        lambda: discharge_check(session(), at=NAIVE),
        SessionError,
        ("at", "timezone-aware"),
    ),
    (
        "discharge before start",
        lambda: discharge_check(session(), at=at(-60)),
        SessionError,
        ("at", "before the session started", "during or after"),
    ),
    (
        "plan without moment",
        lambda: monitoring_gaps(session()),
        SessionError,
        ("at", "in progress", "pass at="),
    ),
    (
        "tolerance as long as peak",
        lambda: MonitoringPlan(peak_tolerance=timedelta(minutes=40)),
        SessionError,
        ("peak_tolerance", "40 min", "shorter"),
    ),
    (
        "negative observation",
        lambda: MonitoringPlan(minimum_observation=timedelta(hours=-2)),
        SessionError,
        ("minimum_observation", "more than 0 min"),
    ),
    (
        "observation as number",
        lambda: MonitoringPlan(minimum_observation=2),
        SessionError,
        ("minimum_observation", "2", "timedelta"),
    ),
    (
        "unknown limit set",
        lambda: DischargeCriteria(monitoring=MonitoringPlan(), blood_pressure_limits="uk"),
        SessionError,
        ("blood_pressure_limits", "'uk'", "'us', 'eu'"),
    ),
    (
        "unknown blocking severity",
        lambda: DischargeCriteria(monitoring=MonitoringPlan(), blocking_severity="grave"),
        SessionError,
        ("blocking_severity", "'grave'", "mild"),
    ),
    (
        "switch given as text",
        lambda: DischargeCriteria(monitoring=MonitoringPlan(), moaas_back_to_5="yes"),
        SessionError,
        ("moaas_back_to_5", "'yes'", "True or False"),
    ),
    (
        "plan switch as int",
        lambda: MonitoringPlan(pre_dose_blood_pressure=1),
        SessionError,
        ("pre_dose_blood_pressure", "1", "True or False"),
    ),
    (
        "criteria without plan",
        lambda: DischargeCriteria(monitoring=None),
        SessionError,
        ("monitoring", "None", "ESKETAMINE_MONITORING"),
    ),
    (
        "escort as text",
        lambda: discharge_check(session(), at=at(125), escort_present="no"),
        SessionError,
        ("escort_present", "'no'", "True or False"),
    ),
    (
        "escort on the session as text",
        lambda: session(escort_present="yes"),
        SessionError,
        ("escort_present", "'yes'", "True, False or None", "escort_present=True"),
    ),
    (
        "escort on the session as 1",
        lambda: session(escort_present=1),
        SessionError,
        ("escort_present", "1 (int)", "True, False or None"),
    ),
    (
        "vitals a day after an open session",
        lambda: session(vitals=[bp(24 * 60)]),
        SessionError,
        ("vitals[0].taken_at", "24 h after it", "in progress"),
    ),
    (
        "end before infusion ends",
        lambda: session(dose=ketamine_dose(), observation_end=at(30)),
        SessionError,
        ("observation_end", "before the infusion ended", "40 min", "duration"),
    ),
    (
        "gate age as text",
        lambda: pre_dose_gate([bp(-5)], age="40"),
        SessionError,
        ("age", "'40'", "whole number of years"),
    ),
    (
        "gate readings as text",
        lambda: pre_dose_gate("150/95", age=40),
        SessionError,
        ("readings", "'150/95'", "VitalSigns"),
    ),
    (
        "criteria of wrong type",
        lambda: discharge_check(session(), at=at(125), criteria="strict"),
        SessionError,
        ("criteria", "'strict'", "DischargeCriteria"),
    ),
]


def test_table_is_large_and_labels_are_distinct() -> None:
    labels = [label for label, *_ in _CASES]
    assert len(labels) >= 40
    assert len(set(labels)) == len(labels)


@pytest.mark.parametrize(
    ("make", "error", "words"),
    [pytest.param(make, error, words, id=label) for label, make, error, words in _CASES],
)
def test_bad_input_is_rejected_with_a_helpful_message(
    make: Callable[[], object], error: type[Exception], words: tuple[str, ...]
) -> None:
    with pytest.raises(error) as caught:
        make()
    assert isinstance(caught.value, KetacoreError)
    assert isinstance(caught.value, ValueError)
    message = str(caught.value)
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


def test_bad_input_errors_name_their_field() -> None:
    """Every session error carries its field as data: the first word of its table row."""
    message_only = {"unknown severity", "numeric severity", "unknown kind"}
    assert_fields_named(
        _CASES, SessionError, frozenset({*message_only, "unknown blocking severity"})
    )


def test_esketamine_not_in_whole_devices_keeps_the_dose_rule() -> None:
    """The device rule is the dose's: the SessionError carries its expectation and fix."""
    dose = esketamine_dose(50)
    with pytest.raises(SessionError) as caught:
        session(dose=dose)
    assert (caught.value.field, caught.value.value) == ("dose", dose)
    cause = caught.value.__cause__
    assert isinstance(cause, DoseError)
    assert (caught.value.expected, caught.value.fix) == (cause.expected, cause.fix)
