"""What the report's sections say for findings, in-progress sessions and checks that cannot run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ketacore.contraindications import screen
from ketacore.doses import FixedDose, parse_dose
from ketacore.exceptions import DoseError
from ketacore.instruments import GAD7, MADRS, PHQ9
from ketacore.patients import MedicalHistory
from ketacore.reports import course_report, demo_course
from ketacore.reports._context import fmt
from ketacore.reports._html import table
from ketacore.reports._svg import RefLine, Series, line_chart, nice_ticks
from ketacore.sessions import TimedScore
from ketacore.testing import example_course, example_patient, example_score, example_session
from ketacore.units import quantity
from ketacore.vitals import VitalSigns
from report_helpers import parse_report

DOSED = datetime(2026, 3, 2, 9, 10, tzinfo=UTC)


def _text(**overrides: object) -> str:
    return parse_report(course_report(example_course(**overrides))).visible_text


def _one_session(**session: object) -> str:
    drug = session.pop("drug", "esketamine")
    patient = session.pop("patient", None)
    record = example_session(drug=drug, **session)  # type: ignore[arg-type]
    course = example_course(
        drug=drug,  # type: ignore[arg-type]
        days=(),
        next_day=None,
        sessions=[record],
        **({} if patient is None else {"patient": patient}),
    )
    return parse_report(course_report(course)).visible_text


@pytest.mark.parametrize(
    ("patient", "verdict"),
    [
        (example_patient(pregnant=True), "review (relative contraindication)"),
        (
            example_patient(history=MedicalHistory(conditions={"arteriovenous malformation"})),
            "blocked (absolute contraindication)",
        ),
    ],
)
def test_screening_verdict_and_rules_come_from_screen(patient: object, verdict: str) -> None:
    text = _one_session(patient=patient)
    result = screen(patient, "esketamine", "intranasal", on=DOSED.date())  # type: ignore[arg-type]
    assert f"S-EXAMPLE-001 2026-03-02 128/82 mmHg {verdict}" in text
    for finding in result.findings:
        assert finding.rule_id in text
        assert finding.source in text


def test_a_pre_dose_blood_pressure_above_the_limit_holds_the_dose_and_is_flagged() -> None:
    high = VitalSigns(taken_at=DOSED - timedelta(minutes=5), systolic=168, diastolic=98)
    text = _one_session(vitals=[high])
    assert "168/98 mmHg hold this dose (pre-dose check failed)" in text
    assert "Blood pressure above the limit in 1 of 1 sessions (S-EXAMPLE-001)" in text
    assert "168/98 mmHg above" in text


def test_screening_that_cannot_run_says_why() -> None:
    """Vitals taken before midnight for a dose given after it: screen() refuses them."""
    dosed = datetime(2026, 3, 3, 0, 5, tzinfo=UTC)
    vitals = [VitalSigns(taken_at=dosed - timedelta(minutes=10), systolic=120, diastolic=80)]
    text = _one_session(dosed_at=dosed, vitals=vitals, assessments=[])
    assert "not screened: vitals: got vitals taken on 2026-03-02" in text


def test_dose_findings_come_from_check_dose() -> None:
    text = _one_session(drug="ketamine", dose="35 mg/kg over 40 min")
    assert "error iv.anaesthetic" in text
    assert "Dose-check findings 2" in text


def test_a_rule_that_could_not_run_is_listed_as_missing() -> None:
    text = _one_session(
        drug="ketamine", dose="40 mg over 40 min", patient=example_patient(weight=None)
    )
    assert "not_checked not_checked.weight" in text
    assert "Dose checks session S-EXAMPLE-001: " in text


def test_a_dose_check_that_fails_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise DoseError(field="dose", value=None, expected="a dose this check can read")

    monkeypatch.setattr("ketacore.reports._check_sections.check_dose", broken)
    text = _one_session()
    assert "not checked: dose: got None (NoneType); expected a dose this check can read" in text


def test_a_dose_without_text_is_written_from_its_amount() -> None:
    dose = FixedDose(amount=quantity(56, "mg"), drug="esketamine", route="intranasal")
    assert "S-EXAMPLE-001 2026-03-02 induction 56 mg 56 " in _one_session(dose=dose)


def test_a_session_in_progress_is_not_judged() -> None:
    text = _one_session(observation_end=None)
    assert "Observation has not ended" in text
    assert "session S-EXAMPLE-001: observation has not ended" in text


def test_a_discharge_that_is_not_ready_lists_what_is_missing() -> None:
    text = _one_session(observation=timedelta(minutes=90))
    assert "Monitoring gaps: observation 1 h 30 min of the required 2 h" in text
    assert "Discharge criteria not met at the end of observation" in text


def test_ratings_at_the_same_time_give_no_trajectory_but_a_reason() -> None:
    when = DOSED + timedelta(days=7)
    twice = [TimedScore(taken_at=when, score=example_score(MADRS, total=t)) for t in (20, 18)]
    text = _text(assessments=twice)
    assert "MADRS: no trajectory:" in text


def test_rules_without_remission_and_with_an_index_score_are_stated() -> None:
    start = DOSED - timedelta(hours=2)
    baselines = [
        TimedScore(taken_at=start, score=example_score(PHQ9, total=20)),
        TimedScore(taken_at=start, score=example_score(GAD7, total=15)),
    ]
    later = [
        TimedScore(taken_at=DOSED + timedelta(days=7), score=example_score(i, total=5))
        for i in (PHQ9, GAD7)
    ]
    text = _text(drug="esketamine", baselines=baselines, assessments=later)
    assert "(baseline at least 10)" in text
    assert "no remission rule" in text


def test_an_iv_ketamine_demo_patient_reads_its_weight_based_doses() -> None:
    course = demo_course("SYN-0001")
    assert course.protocol.id == "ketamine-iv-elekt-d"
    assert course.dosing_sessions[0].dose == parse_dose(
        "0.5 mg/kg over 40 min", drug="ketamine", route="iv"
    )


def test_table_cells() -> None:
    page = table("t", ["a", "b", "c"], [["x", True, None]])
    assert "<td>yes</td>" in page
    assert '<td class="missing">not recorded</td>' in page
    assert 'colspan="2"' in table("t", ["a", "b"], [])


def test_chart_of_one_point_and_a_flat_range() -> None:
    svg = line_chart(
        "c",
        title="t",
        desc="d",
        x_label="x",
        y_label="y",
        series=[Series("s", [(3, 5)])],
        ref_lines=[RefLine(5, "five")],
    )
    assert svg.count("<circle") == 2  # the point and its legend marker
    assert "<polyline" not in svg
    assert nice_ticks(5, 5) == [5.0, 5.2, 5.4, 5.6, 5.8, 6.0]


def test_numbers_for_people() -> None:
    assert (fmt(None), fmt(0.0), fmt(0.75476), fmt(12345.0)) == ("-", "0", "0.755", "12345")
