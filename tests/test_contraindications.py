"""Contraindication screening: worked examples from reference section 4, rule sets, properties."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketacore.contraindications import (
    DEFAULT_RULES,
    Rule,
    RuleClass,
    RuleSet,
    ScreeningContext,
    ScreeningResult,
    default_rules,
    screen,
)
from ketacore.doses import Drug, Route
from ketacore.exceptions import ScreeningError
from ketacore.patients import (
    CardiovascularEvent,
    CerebrovascularEvent,
    ConsentRecord,
    ConsentTopic,
    MedicalHistory,
    Medication,
    MedicationClass,
    Patient,
)
from ketacore.testing import patients
from ketacore.vitals import BloodPressureLimit, VitalSigns
from strategies import SCREEN_DATES, additions

DAY = date(2026, 3, 2)
FULL_CONSENT = ConsentRecord(
    signed_on=date(2026, 2, 20), form_version="v3", topics=set(ConsentTopic)
)


def make(**changes: object) -> Patient:
    fields: dict[str, object] = {
        "identifier": "PT-SECRET-7731",
        "birth_date": date(1980, 5, 17),
        "sex_at_birth": "female",
        "consent": FULL_CONSENT,
    }
    fields.update(changes)
    return Patient(**fields)  # type: ignore[arg-type]


def bp(systolic: float, diastolic: float, day: date = DAY) -> VitalSigns:
    taken_at = datetime.combine(day, time(9, 0), tzinfo=UTC)
    return VitalSigns(taken_at=taken_at, systolic=systolic, diastolic=diastolic)


def esketamine(patient: Patient, **kw: object) -> ScreeningResult:
    return screen(patient, Drug.ESKETAMINE, Route.INTRANASAL, on=DAY, **kw)  # type: ignore[arg-type]


def test_a_patient_with_nothing_recorded_is_clear() -> None:
    result = esketamine(make())
    assert result.findings == ()
    assert (result.blocked, result.held, result.needs_review) == (False, False, False)
    assert "clear" in str(result)


def test_avm_blocks() -> None:
    result = esketamine(make(history=MedicalHistory(conditions={"arteriovenous malformation"})))
    assert result.blocked
    assert [f.rule_id for f in result.absolute] == ["arteriovenous_malformation"]
    assert "US PI" in result.absolute[0].source
    assert "blocked" in str(result)


def test_bp_150_95_is_held_under_the_us_rule() -> None:
    result = esketamine(make(), vitals=bp(150, 95))
    assert (result.held, result.blocked) == (True, False)
    assert [f.rule_id for f in result.holds] == ["predose_blood_pressure"]
    assert str(result.blood_pressure_limit) == "140/90 mmHg"


def test_67_year_old_at_145_88_passes_eu_but_is_held_us() -> None:
    patient = make(birth_date=date(1958, 6, 1))
    assert patient.age(on=DAY) == 67
    assert esketamine(patient, vitals=bp(145, 88)).held
    eu = esketamine(patient, vitals=bp(145, 88), blood_pressure_limits="eu")
    assert not eu.held
    assert str(eu.blood_pressure_limit) == "150/90 mmHg"


def test_bp_limits_can_be_a_clinic_sequence() -> None:
    strict = [BloodPressureLimit(130, 85, "Clinic policy")]
    assert esketamine(make(), vitals=bp(135, 80), blood_pressure_limits=strict).held


def test_vitals_without_blood_pressure_check_nothing() -> None:
    vitals = VitalSigns(taken_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC), heart_rate=72)
    result = esketamine(make(), vitals=vitals)
    assert not result.held
    assert result.blood_pressure_limit is None


def test_recent_mi_three_weeks_ago() -> None:
    patient = make(
        history=MedicalHistory(
            cardiovascular_events=[CardiovascularEvent(occurred_on=DAY - timedelta(weeks=3))]
        )
    )
    assert esketamine(patient).blocked  # EU 2025: absolute (the default)
    older_text = default_rules(recent_cardiovascular_event=RuleClass.RELATIVE)
    result = esketamine(patient, rules=older_text)
    assert (result.blocked, result.needs_review) == (False, True)
    assert [f.rule_id for f in result.relative] == ["recent_cardiovascular_event"]


@pytest.mark.parametrize(("days_ago", "fires"), [(0, True), (42, True), (43, False), (-1, False)])
def test_cardiovascular_window_is_six_weeks_before_the_screen(days_ago: int, fires: bool) -> None:
    event = CardiovascularEvent(occurred_on=DAY - timedelta(days=days_ago))
    patient = make(
        birth_date=date(1980, 1, 1), history=MedicalHistory(cardiovascular_events=[event])
    )
    assert ("recent_cardiovascular_event" in esketamine(patient).rule_ids) is fires


@pytest.mark.parametrize(
    ("occurred", "fires"), [(date(2025, 9, 2), True), (date(2025, 9, 1), False)]
)
def test_stroke_or_tia_within_six_months(occurred: date, fires: bool) -> None:
    event = CerebrovascularEvent(occurred_on=occurred, kind="tia")
    patient = make(history=MedicalHistory(cerebrovascular_events=[event]))
    result = esketamine(patient)
    assert ("recent_stroke_or_tia" in result.rule_ids) is fires
    assert not result.blocked


def test_pregnancy_needs_review() -> None:
    result = esketamine(make(pregnant=True))
    assert (result.needs_review, result.blocked) == (True, False)
    assert [f.rule_id for f in result.relative] == ["pregnancy"]


def test_maoi_is_an_interaction() -> None:
    patient = make(medications=[Medication(name="phenelzine", classes={MedicationClass.MAOI})])
    result = esketamine(patient)
    assert [f.rule_id for f in result.interactions] == ["interaction_maoi"]
    assert (result.blocked, result.needs_review, result.held) == (False, False, False)


def test_benzodiazepine_and_stimulant_interactions() -> None:
    patient = make(
        medications=[
            Medication(name="lorazepam", classes={"benzodiazepine"}),
            Medication(name="methylphenidate", classes={"psychostimulant"}),
        ]
    )
    assert {f.rule_id for f in esketamine(patient).interactions} == {
        "interaction_cns_depressant",
        "interaction_psychostimulant",
    }


def test_child_pugh_c_rule_is_for_esketamine_only() -> None:
    patient = make(history=MedicalHistory(hepatic_impairment="C"))
    assert esketamine(patient).rule_ids == {"hepatic_impairment", "hepatic_impairment_child_pugh_c"}
    ketamine = screen(patient, "ketamine", "iv", on=DAY)
    assert ketamine.rule_ids == {"hepatic_impairment"}


def test_heart_failure_counts_from_nyha_iii() -> None:
    assert "heart_failure" not in esketamine(make(history=MedicalHistory(heart_failure=2))).rule_ids
    assert "heart_failure" in esketamine(make(history=MedicalHistory(heart_failure=3))).rule_ids


def test_hypersensitivity_to_either_enantiomer_blocks_both() -> None:
    patient = make(hypersensitivities={"ketamine"})
    assert esketamine(patient).blocked
    assert screen(patient, "ketamine", "im", on=DAY).blocked


def test_missing_consent_blocks_the_first_session() -> None:
    assert esketamine(make(consent=None)).rule_ids == {"consent_missing"}
    later = attrs.evolve(FULL_CONSENT, signed_on=DAY + timedelta(days=1))
    assert esketamine(make(consent=later)).rule_ids == {"consent_missing"}


def test_racemic_ketamine_needs_the_off_label_topic() -> None:
    consent = attrs.evolve(FULL_CONSENT, topics=set(ConsentTopic) - {ConsentTopic.OFF_LABEL})
    patient = make(consent=consent)
    assert esketamine(patient).findings == ()
    result = screen(patient, "ketamine", "iv", on=DAY)
    assert result.blocked
    assert result.rule_ids == {"consent_incomplete"}


def test_on_may_be_an_aware_datetime() -> None:
    on = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    assert screen(make(), "esketamine", "intranasal", on=on).on == DAY  # type: ignore[arg-type]


def test_exactly_18_is_screened() -> None:
    patient = make(birth_date=date(2008, 3, 2))
    assert esketamine(patient).findings == ()
    with pytest.raises(ScreeningError) as caught:
        screen(patient, "esketamine", "intranasal", on=date(2026, 3, 1))
    assert (caught.value.field, caught.value.value) == ("age", 17)


# -- rules as data ------------------------------------------------------------------------


def test_default_rules_cite_the_reference() -> None:
    assert len(set(DEFAULT_RULES.ids)) == len(DEFAULT_RULES) >= 25
    for rule in DEFAULT_RULES:
        assert "ref." in rule.source, rule.id
        assert rule.explanation.endswith("."), rule.id


def test_a_clinic_disables_reclassifies_and_adds_rules() -> None:
    def on_lamotrigine(context: ScreeningContext) -> bool:
        return context.patient.takes(MedicationClass.LAMOTRIGINE)

    clinic = (
        DEFAULT_RULES.without("breastfeeding")
        .reclassify("interaction_maoi", "relative")
        .with_rule(
            Rule(
                id="clinic.lamotrigine",
                condition=on_lamotrigine,
                classification=RuleClass.RELATIVE,
                explanation="Lamotrigine may blunt the response: discuss.",
                source="Clinic policy 2026-01",
                drugs={Drug.KETAMINE},
            )
        )
    )
    patient = make(
        breastfeeding=True,
        medications=[
            Medication(name="phenelzine", classes={"maoi"}),
            Medication(name="lamotrigine", classes={"lamotrigine"}),
        ],
    )
    assert esketamine(patient).rule_ids == {"breastfeeding", "interaction_maoi"}
    assert esketamine(patient, rules=clinic).rule_ids == {"interaction_maoi"}
    assert esketamine(patient, rules=clinic).needs_review
    ketamine = screen(patient, "ketamine", "iv", on=DAY, rules=clinic)
    assert ketamine.rule_ids == {"interaction_maoi", "clinic.lamotrigine"}
    assert "breastfeeding" in DEFAULT_RULES  # the default set is unchanged


def test_replacing_swaps_a_rule_in_place() -> None:
    stricter = attrs.evolve(DEFAULT_RULES["pregnancy"], explanation="Never during pregnancy.")
    rules = DEFAULT_RULES.replacing(stricter)
    assert rules.ids == DEFAULT_RULES.ids
    assert rules["pregnancy"].explanation == "Never during pregnancy."


def test_rules_may_be_limited_to_routes() -> None:
    iv_only = Rule(
        id="clinic.iv_access",
        condition=lambda context: True,
        classification="relative",
        explanation="Check IV access.",
        source="Clinic policy",
        routes={"iv"},
    )
    rules = RuleSet([iv_only])
    assert screen(make(), "ketamine", "iv", on=DAY, rules=rules).rule_ids == {"clinic.iv_access"}
    assert screen(make(), "ketamine", "im", on=DAY, rules=rules).findings == ()


# -- properties ---------------------------------------------------------------------------


@given(
    patients(),
    additions,
    SCREEN_DATES,
    st.sampled_from([(Drug.ESKETAMINE, Route.INTRANASAL), (Drug.KETAMINE, Route.IV)]),
    st.none() | st.tuples(st.integers(90, 200), st.integers(50, 89)),
)
def test_adding_a_condition_never_drops_a_finding(
    patient: Patient,
    add: Callable[[Patient], Patient],
    on: date,
    plan: tuple[Drug, Route],
    pressure: tuple[int, int] | None,
) -> None:
    vitals = None if pressure is None else bp(*pressure, day=on)
    before = screen(patient, *plan, on=on, vitals=vitals)
    after = screen(add(patient), *plan, on=on, vitals=vitals)
    assert before.rule_ids <= after.rule_ids
    assert after.blocked or not before.blocked
    assert after.needs_review or not before.needs_review


@given(patients(), SCREEN_DATES)
def test_verdicts_follow_the_classes(patient: Patient, on: date) -> None:
    result = screen(patient, "esketamine", "intranasal", on=on)
    assert screen(patient, "esketamine", "intranasal", on=on) == result  # pure
    classes = {f.classification for f in result.findings}
    assert result.blocked == (RuleClass.ABSOLUTE in classes)
    assert result.needs_review == (RuleClass.RELATIVE in classes)
    assert result.held == (RuleClass.HOLD in classes)
    assert patient.identifier.value not in str(result)


@given(
    patients(), SCREEN_DATES, st.sampled_from(DEFAULT_RULES.ids), st.sampled_from(list(RuleClass))
)
def test_reclassifying_changes_only_the_class(
    patient: Patient, on: date, rule_id: str, new: RuleClass
) -> None:
    before = screen(patient, "ketamine", "iv", on=on)
    after = screen(patient, "ketamine", "iv", on=on, rules=DEFAULT_RULES.reclassify(rule_id, new))
    assert before.rule_ids == after.rule_ids
    for finding in after.findings:
        if finding.rule_id == rule_id:
            assert finding.classification is new


def test_a_psychotic_depression_code_is_screened_as_psychosis() -> None:
    """ICD-10 F33.3 records psychosis, so the psychosis rule fires (issue 14)."""
    from datetime import date as _date

    from ketacore.contraindications import screen
    from ketacore.patients import Patient

    patient = Patient(
        identifier="A", birth_date=_date(1980, 1, 1), sex_at_birth="f", diagnoses={"F33.3"}
    )
    found = screen(patient, "ketamine", "iv", on=_date(2026, 3, 2)).findings
    assert "psychosis" in [f.rule_id for f in found]
    plain = Patient(
        identifier="A", birth_date=_date(1980, 1, 1), sex_at_birth="f", diagnoses={"F33.2"}
    )
    assert "psychosis" not in [
        f.rule_id for f in screen(plain, "ketamine", "iv", on=_date(2026, 3, 2)).findings
    ]
