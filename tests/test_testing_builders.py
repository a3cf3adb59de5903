"""The example builders of ketacore.testing: valid defaults, overrides, no hypothesis needed."""

from __future__ import annotations

import random
import subprocess
import sys
from datetime import date, timedelta

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketacore.doses import Drug, Route
from ketacore.exceptions import DoseError, PatientError, ScoringError, SessionError
from ketacore.instruments import CATALOGUE, MADRS, Instrument, Score
from ketacore.patients import REQUIRED_CONSENT_TOPICS
from ketacore.sessions import (
    AdverseEventKind,
    IntegrationSession,
    PreparationSession,
    discharge_check,
    dissociation_events,
)
from ketacore.testing import (
    example_adverse_event,
    example_baseline_score,
    example_consent,
    example_followup_score,
    example_patient,
    example_psychotherapy_session,
    example_responses,
    example_scheduled_session,
    example_score,
    example_session,
    example_timed_score,
)
from ketacore.units import magnitude

DAY = date(2026, 3, 2)
_WITH_TOTAL = sorted(i for i, inst in CATALOGUE.items() if inst.total_range is not None)


def test_default_patient_is_an_adult_consented_for_both_drugs() -> None:
    patient = example_patient()
    assert patient.age(on=DAY) == 45
    assert magnitude(patient.weight(on=DAY), "kg") == 82
    assert patient.consent is not None
    for drug in Drug:
        assert patient.consent.missing_topics(drug) == frozenset()
        assert REQUIRED_CONSENT_TOPICS[drug] <= patient.consent.topics
    assert patient.identifier.value == "PT-EXAMPLE-0001"
    assert attrs.evolve(patient) == patient


def test_patient_overrides() -> None:
    patient = example_patient(weight="154 lb", age=70, diagnoses={"ptsd"}, consent=None)
    assert patient.age(on=DAY) == 70
    assert patient.age(on=DAY - timedelta(days=1)) == 69
    assert str(patient.weight(on=DAY)) == "154.0 pound"
    assert patient.consent is None
    assert example_patient(weight=None).weights == ()
    assert example_patient(age=30, on=date(2024, 2, 29)).birth_date == date(1994, 2, 28)


def test_patient_rejects_age_with_birth_date() -> None:
    with pytest.raises(PatientError, match="age"):
        example_patient(age=40, birth_date=date(1980, 1, 1))


def test_consent_topics_can_be_chosen() -> None:
    consent = example_consent(topics={"dissociation"})
    assert Drug.KETAMINE in {d for d in Drug if consent.missing_topics(d)}


@pytest.mark.parametrize("instrument_id", _WITH_TOTAL)
def test_every_total_is_reachable(instrument_id: str) -> None:
    inst = CATALOGUE[instrument_id]
    assert inst.total_range is not None
    low, high = inst.total_range
    rng = random.Random(instrument_id)
    for total in range(low, high + 1):
        assert inst.score(example_responses(inst, total=total)).total == total
        assert example_score(inst, total=total, rng=rng).total == total


def test_responses_default_to_the_bottom_of_each_scale() -> None:
    assert example_responses("cgi_s") == [1]
    assert example_score("cssrs_screener").risk == "low"
    assert example_score().total == 0


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"instrument": "phq9", "total": 28}, "0 to 27"),
        ({"instrument": "phq9", "total": True}, "whole number"),
        ({"instrument": "cssrs_screener", "total": 1}, "no total"),
    ],
)
def test_responses_reject_bad_totals(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(ScoringError, match=match):
        example_responses(**kwargs)  # type: ignore[arg-type]


def test_score_from_values() -> None:
    assert example_score(
        "bdi2", values={16: "2b", **{n: 0 for n in range(1, 22) if n != 16}}
    ).options == ((16, "2b"),)
    with pytest.raises(ScoringError, match="both"):
        example_score("phq9", total=3, values=[0] * 9)


def test_baseline_and_followup_scores_show_a_response() -> None:
    for instrument_id in _WITH_TOTAL:
        baseline = example_baseline_score(instrument_id)
        followup = example_followup_score(instrument_id)
        assert baseline.total is not None
        assert followup.total is not None
        assert followup.total < baseline.total
    assert (example_baseline_score(MADRS).total, example_followup_score(MADRS).total) == (36, 12)
    assert example_baseline_score("phq9", total=20).total == 20
    assert example_followup_score("phq9", total=9).total == 9
    with pytest.raises(ScoringError, match="no total"):
        example_baseline_score("cssrs_screener")
    with pytest.raises(ScoringError, match="no total"):
        example_followup_score("cssrs_screener")


@pytest.mark.parametrize("drug", ["esketamine", "ketamine"])
def test_session_is_complete_and_ready_for_discharge(drug: str) -> None:
    session = example_session(drug=drug)  # type: ignore[arg-type]
    assert session.is_complete
    assert session.drug is Drug(drug)
    assert session.escort_present is True
    report = discharge_check(session, at=session.observation_end)
    assert report.ready, report.messages
    assert len(dissociation_events(session)) == 1
    assert attrs.evolve(session) == session


def test_session_overrides() -> None:
    session = example_session(
        drug="esketamine", dose="84 mg", adverse_events=[example_adverse_event()]
    )
    assert magnitude(session.dose.resolve(weight=example_patient().weights[0].weight), "mg") == 84
    assert session.adverse_events[0].kind is AdverseEventKind.HEADACHE
    assert example_session(observation_end=None).is_complete is False
    assert example_session(drug="esketamine").route is Route.INTRANASAL
    with pytest.raises(DoseError, match="drug"):
        example_session(drug="lsd")  # type: ignore[arg-type]
    with pytest.raises(SessionError):
        example_session(observation=timedelta(minutes=-5))


def test_scheduled_session_records_into_the_example_session() -> None:
    plan = example_scheduled_session()
    record = plan.record(
        started_at=example_session().started_at, dosed_at=example_session().dosed_at
    )
    assert record.dose == example_session().dose
    assert example_scheduled_session(drug="esketamine").route is Route.INTRANASAL


def test_psychotherapy_sessions() -> None:
    prep = example_psychotherapy_session()
    integration = example_psychotherapy_session("integration", modality="IFS")
    assert isinstance(prep, PreparationSession)
    assert isinstance(integration, IntegrationSession)
    assert prep.ended_at < example_session().started_at < integration.started_at
    assert integration.modality == "IFS"
    with pytest.raises(SessionError, match="kind"):
        example_psychotherapy_session("booster")  # type: ignore[call-overload]


def test_timed_scores() -> None:
    assert example_timed_score().total == 5
    assert example_timed_score("cadss23", total=7).total == 7


def test_builders_need_no_hypothesis() -> None:
    code = (
        "import sys\n"
        "sys.modules['hypothesis'] = None  # importing it now fails\n"
        "import ketacore.testing as t\n"
        "t.example_patient(); t.example_session(); t.example_followup_score('madrs')\n"
        "t.example_psychotherapy_session(); t.example_scheduled_session()\n"
        "assert 'ketacore.testing._strategies' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("minutes", [5, 30, 50, 51, 240])
def test_short_and_long_observations(minutes: int) -> None:
    # esketamine: an IV infusion of 40 min cannot be observed for only 5 or 30 min
    session = example_session(drug="esketamine", observation=timedelta(minutes=minutes))
    assert session.observation == timedelta(minutes=minutes)
    moaas = [a.total for a in session.assessments if a.instrument_id == "moaas"]
    assert moaas[-1] == 5
    assert (4 in moaas) == (minutes > 50)
    assert len(session.vitals) == (3 if minutes > 50 else 2)


def test_every_default_tells_the_iv_ketamine_story() -> None:
    # Issue 14: example_dose was ketamine, example_session esketamine, example_course ketamine.
    from ketacore.testing import example_course, example_dose

    dose = example_dose()
    assert (dose.drug, dose.route) == (Drug.KETAMINE, Route.IV)
    assert example_session().dose == dose
    assert example_scheduled_session().planned_dose == dose
    assert {s.dose for s in example_course().dosing_sessions} == {dose}


def test_example_course_is_a_course_in_progress() -> None:
    from datetime import date

    from ketacore.courses import adherence_findings, cumulative_dose, next_due
    from ketacore.testing import example_course
    from ketacore.units import magnitude

    course = example_course()
    assert len(course.dosing_sessions) == 3
    # 3 sessions x 0.5 mg/kg x 82 kg (example_patient's weight) = 123 mg
    assert magnitude(cumulative_dose(course).total, "mg") == pytest.approx(123)
    assert adherence_findings(course) == ()
    assert next_due(course, after=date(2026, 3, 9)) is not None
    esketamine = example_course(drug="esketamine")
    assert magnitude(cumulative_dose(esketamine).total, "mg") == pytest.approx(3 * 56)


# --- critical items stay quiet unless the total needs them (issue 14) ---------------------


def _quiet_caps(inst: Instrument) -> list[int]:
    """Each item's highest value that raises no "at least" flag (an oracle for the test)."""
    caps = [item.high for item in inst.items]
    for rule in inst.critical_items:
        if rule.direction == "at_least":
            caps[rule.item - 1] = min(caps[rule.item - 1], rule.threshold - 1)
    return caps


def _raised(score: Score) -> list[int]:
    return [flag.rule.item for flag in score.flags if flag.rule.direction == "at_least"]


_FLAGGED = [i for i in _WITH_TOTAL if CATALOGUE[i].critical_items]


@settings(max_examples=300)
@given(
    instrument_id=st.sampled_from(_FLAGGED),
    fraction=st.floats(min_value=0, max_value=1),
    seed=st.none() | st.integers(min_value=0, max_value=2**32),
)
def test_builders_raise_a_flag_only_when_the_total_needs_one(
    instrument_id: str, fraction: float, seed: int | None
) -> None:
    inst = CATALOGUE[instrument_id]
    assert inst.total_range is not None
    low, high = inst.total_range
    total = low + round(fraction * (high - low))
    rng = None if seed is None else random.Random(seed)
    values = example_responses(inst, total=total, rng=rng)
    score = inst.score(values)
    assert score.total == total
    caps = _quiet_caps(inst)
    quiet_max = inst.score(caps).total  # the highest total with no flag raised
    assert quiet_max is not None
    excess = sum(max(0, value - cap) for value, cap in zip(values, caps, strict=True))
    if total <= quiet_max:
        assert _raised(score) == [], values
    else:  # endorse as little as needed
        assert _raised(score), values
        assert excess == total - quiet_max, values


@pytest.mark.parametrize("seed", range(20))
def test_the_followup_fixture_score_endorses_no_critical_item(seed: int) -> None:
    # Issue 14: "a response, PHQ-9 5" endorsed PHQ-9 item 9 with the default seed.
    for instrument_id in _FLAGGED:
        score = example_followup_score(instrument_id, rng=random.Random(seed))
        assert _raised(score) == [], (instrument_id, score)
    assert example_responses("phq9", total=27)[8] == 3
    assert example_responses("phq9", total=25) == [3, 3, 3, 3, 3, 3, 3, 3, 1]
