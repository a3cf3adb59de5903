"""Bad input to patients and screening: each is a KetacoreError naming field, value and fix.

No message may contain the patient identifier.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import attrs
import pytest

from ketacore.contraindications import DEFAULT_RULES, Rule, default_rules, screen
from ketacore.exceptions import (
    DoseError,
    KetacoreError,
    PatientError,
    ScreeningError,
    UnitError,
    ValidationError,
)
from ketacore.patients import (
    AntidepressantTrial,
    CardiovascularEvent,
    ConsentRecord,
    HeightMeasurement,
    MaudsleyStaging,
    MedicalHistory,
    Medication,
    NyhaClass,
    Patient,
    TrdCriteria,
    WeightMeasurement,
)
from ketacore.units import quantity, registry
from ketacore.vitals import VitalSigns

SECRET = "PT-SECRET-7731"
DAY = date(2026, 3, 2)
BIRTH = date(1980, 5, 17)


def patient(**changes: object) -> Patient:
    fields: dict[str, object] = {
        "identifier": SECRET,
        "birth_date": BIRTH,
        "sex_at_birth": "female",
    }
    fields.update(changes)
    return Patient(**fields)  # type: ignore[arg-type]


def weight(value: object, on: object = DAY) -> WeightMeasurement:
    return WeightMeasurement(measured_on=on, weight=value)  # type: ignore[arg-type]


def trial(**changes: object) -> AntidepressantTrial:
    fields: dict[str, object] = {
        "drug": "sertraline",
        "dose_adequate": True,
        "duration": "8 wk",
        "outcome": "no_response",
    }
    fields.update(changes)
    return AntidepressantTrial(**fields)  # type: ignore[arg-type]


def consent(**changes: object) -> ConsentRecord:
    fields: dict[str, object] = {
        "signed_on": DAY,
        "form_version": "v1",
        "topics": {"dissociation"},
    }
    fields.update(changes)
    return ConsentRecord(**fields)  # type: ignore[arg-type]


def msm(**changes: object) -> MaudsleyStaging:
    fields: dict[str, object] = {
        "episode_months": 6,
        "severity": 3,
        "failed_treatments": 2,
        "augmentation": False,
        "ect": False,
    }
    fields.update(changes)
    return MaudsleyStaging(**fields)  # type: ignore[arg-type]


def screened(**changes: object) -> object:
    args: dict[str, object] = {"drug": "esketamine", "route": "intranasal", "on": DAY}
    subject = changes.pop("patient", None) or patient()
    args.update(changes)
    return screen(subject, **args)  # type: ignore[arg-type]


NAIVE = datetime(2026, 3, 2, 9, 0)
W = WeightMeasurement(measured_on=DAY, weight="82 kg")
H = HeightMeasurement(measured_on=DAY, height="172 cm")

Case = tuple[Callable[[], object], type[KetacoreError], tuple[str, ...]]

CASES: dict[str, Case] = {
    # -- weights and heights
    "weight in cm": (lambda: weight("70 cm"), UnitError, ("weight", "70 cm", "mass")),
    "weight quantity in cm": (lambda: weight(quantity(70, "cm")), UnitError, ("weight", "length")),
    "zero weight": (lambda: weight("0 kg"), PatientError, ("weight", "0 kg", "above zero")),
    "negative weight": (lambda: weight(quantity(-5, "kg")), PatientError, ("-5 kg", "above zero")),
    "NaN weight": (
        lambda: weight(registry().Quantity(float("nan"), "kg")),
        UnitError,
        ("weight", "nan", "finite"),
    ),
    "bool weight": (lambda: weight(True), UnitError, ("weight", "True", "bool", "unit")),
    "weight without unit": (lambda: weight(82), UnitError, ("weight", "82", "unit")),
    "weight text without unit": (lambda: weight("82"), UnitError, ("weight", "'82'", "no unit")),
    "weight with comma decimal": (lambda: weight("82,5 kg"), UnitError, ("weight", "comma")),
    "weight expression": (lambda: weight("80 kg + 2 kg"), UnitError, ("weight", "expression")),
    "absurd weight": (lambda: weight("8200 kg"), PatientError, ("weight", "8200 kg", "700 kg")),
    "height in kg": (
        lambda: HeightMeasurement(measured_on=DAY, height="172 kg"),
        UnitError,
        ("height", "172 kg", "length"),
    ),
    "zero height": (
        lambda: HeightMeasurement(measured_on=DAY, height=quantity(0, "cm")),
        PatientError,
        ("height", "0 cm", "above zero"),
    ),
    "naive datetime as a measurement date": (
        lambda: weight("82 kg", on=NAIVE),
        PatientError,
        ("measured_on", "2026, 3, 2, 9, 0", ".date()"),
    ),
    "text as a measurement date": (
        lambda: weight("82 kg", on="2026-03-02"),
        PatientError,
        ("measured_on", "'2026-03-02'", "fromisoformat"),
    ),
    # -- the record as a whole
    "birth date after a measurement": (
        lambda: patient(birth_date=date(2026, 3, 3), weights=[W]),
        PatientError,
        ("birth_date", "2026-03-03", "weights", "2026-03-02"),
    ),
    "measurement before birth": (
        lambda: patient().with_weight(date(1979, 1, 1), "4 kg"),
        PatientError,
        ("birth_date", "weights", "1979-01-01"),
    ),
    "height before birth": (
        lambda: patient(heights=[attrs.evolve(H, measured_on=date(1970, 1, 1))]),
        PatientError,
        ("birth_date", "heights", "1970-01-01"),
    ),
    "consent before birth": (
        lambda: patient(consent=consent(signed_on=date(1970, 1, 1))),
        PatientError,
        ("birth_date", "consent", "1970-01-01"),
    ),
    "cardiovascular event before birth": (
        lambda: patient(
            history=MedicalHistory(
                cardiovascular_events=[CardiovascularEvent(occurred_on=date(1975, 1, 1))]
            )
        ),
        PatientError,
        ("birth_date", "cardiovascular_events", "1975-01-01"),
    ),
    "duplicate weight dates": (
        lambda: patient(weights=[W, attrs.evolve(W, weight=quantity(81, "kg"))]),
        PatientError,
        ("weights", "two measurements", "2026-03-02", "one per day"),
    ),
    "duplicate height dates": (
        lambda: patient(heights=[H, H]),
        PatientError,
        ("heights", "two measurements", "one per day"),
    ),
    "weights not a list": (
        lambda: patient(weights=W),
        PatientError,
        ("weights", "WeightMeasurement", "list"),
    ),
    "blank identifier": (lambda: patient(identifier=""), PatientError, ("identifier", "blank")),
    "identifier with spaces": (
        lambda: patient(identifier=f" {SECRET} "),
        PatientError,
        ("identifier", "spaces", "not shown"),
    ),
    "identifier not text": (
        lambda: patient(identifier=7731),
        PatientError,
        ("identifier", "int", "not shown"),
    ),
    "missing birth date": (
        lambda: patient(birth_date=None),
        PatientError,
        ("birth_date", "None", "date(2026, 3, 2)"),
    ),
    "naive datetime as birth date": (
        lambda: patient(birth_date=datetime(1980, 5, 17)),
        PatientError,
        ("birth_date", "datetime", ".date()"),
    ),
    "unknown sex at birth": (
        lambda: patient(sex_at_birth="X"),
        PatientError,
        ("sex_at_birth", "'X'", "female"),
    ),
    "unknown diagnosis text": (
        lambda: patient(diagnoses={"depresion"}),
        PatientError,
        ("diagnosis", "depresion", "'depression'"),
    ),
    "diagnoses as one string": (
        lambda: patient(diagnoses="ptsd"),
        PatientError,
        ("diagnoses", "'ptsd'", "collection"),
    ),
    "unknown condition": (
        lambda: MedicalHistory(conditions={"gout"}),
        PatientError,
        ("conditions", "gout", "arteriovenous_malformation"),
    ),
    "Child-Pugh class D": (
        lambda: MedicalHistory(hepatic_impairment="D"),
        PatientError,
        ("hepatic_impairment", "'D'", "'A', 'B', 'C'"),
    ),
    "heart-failure class 5": (
        lambda: MedicalHistory(heart_failure=5),
        PatientError,
        ("heart_failure", "5", "I-IV"),
    ),
    "heart-failure class V": (
        lambda: NyhaClass.from_value("V"),
        PatientError,
        ("heart_failure", "'V'", "I-IV"),
    ),
    "heart-failure class as bool": (
        lambda: MedicalHistory(heart_failure=True),
        PatientError,
        ("heart_failure", "True", "NYHA"),
    ),
    "unknown hypertension status": (
        lambda: MedicalHistory(hypertension="borderline"),
        PatientError,
        ("hypertension", "borderline", "controlled"),
    ),
    "unknown event kind": (
        lambda: CardiovascularEvent(occurred_on=DAY, kind="stroke"),
        PatientError,
        ("kind", "stroke", "myocardial_infarction"),
    ),
    "events not a list": (
        lambda: MedicalHistory(cardiovascular_events="MI"),
        PatientError,
        ("cardiovascular_events", "'MI'", "CardiovascularEvent"),
    ),
    "unknown medication class": (
        lambda: Medication(name="sertraline", classes={"ssri"}),
        PatientError,
        ("classes", "ssri", "maoi"),
    ),
    "blank medication name": (
        lambda: Medication(name=" ", classes=set()),
        PatientError,
        ("name", "' '", "non-empty"),
    ),
    "medication as text": (
        lambda: patient(medications=["phenelzine"]),
        PatientError,
        ("medications", "phenelzine", "Medication(...)"),
    ),
    "pregnancy as text": (
        lambda: patient(pregnant="yes"),
        PatientError,
        ("pregnant", "'yes'", "True or False"),
    ),
    "breastfeeding unknown": (
        lambda: patient(breastfeeding=None),
        PatientError,
        ("breastfeeding", "None", "True or False"),
    ),
    "hypersensitivity as one string": (
        lambda: patient(hypersensitivities="ketamine"),
        PatientError,
        ("hypersensitivities", "'ketamine'", "collection"),
    ),
    "hypersensitivity to an unknown drug": (
        lambda: patient(hypersensitivities={"propofol"}),
        PatientError,
        ("hypersensitivities", "propofol", "esketamine"),
    ),
    # -- trials and staging
    "trial duration negative": (
        lambda: trial(duration="-4 wk"),
        PatientError,
        ("duration", "-4 wk", "above zero"),
    ),
    "trial duration zero": (
        lambda: trial(duration=quantity(0, "d")),
        PatientError,
        ("duration", "0 d", "above zero"),
    ),
    "trial duration as a mass": (
        lambda: trial(duration="4 mg"),
        UnitError,
        ("duration", "4 mg", "a mass"),
    ),
    "trial outcome unknown": (
        lambda: trial(outcome="better"),
        PatientError,
        ("outcome", "better", "no_response"),
    ),
    "trial dose adequacy as text": (
        lambda: trial(dose_adequate="yes"),
        PatientError,
        ("dose_adequate", "'yes'", "True or False"),
    ),
    "trial without a drug": (lambda: trial(drug=""), PatientError, ("drug", "''", "non-empty")),
    "TRD criteria with zero trials": (
        lambda: TrdCriteria(min_duration=quantity(6, "wk"), min_trials=0),
        PatientError,
        ("min_trials", "0", "at least 1"),
    ),
    "TRD minimum duration as a number": (
        lambda: TrdCriteria(min_duration=6),
        UnitError,
        ("min_duration", "6", "unit"),
    ),
    "TRD with no inadequate outcomes": (
        lambda: TrdCriteria(min_duration=quantity(6, "wk"), inadequate_outcomes=set()),
        PatientError,
        ("inadequate_outcomes", "empty", "NO_RESPONSE"),
    ),
    "MSM with no failed treatment": (
        lambda: msm(failed_treatments=0),
        PatientError,
        ("failed_treatments", "0", "at least 1"),
    ),
    "MSM severity 6": (lambda: msm(severity=6), PatientError, ("severity", "6", "MsmSeverity")),
    "MSM negative episode": (
        lambda: msm(episode_months=-1),
        PatientError,
        ("episode_months", "-1", "at least 0"),
    ),
    "MSM thresholds not increasing": (
        lambda: msm(failure_thresholds=(1, 3, 3, 7, 11)),
        PatientError,
        ("failure_thresholds", "(1, 3, 3, 7, 11)", "increasing"),
    ),
    # -- consent
    "consent topic unknown": (
        lambda: consent(topics={"side effects"}),
        PatientError,
        ("topics", "side effects", "dissociation"),
    ),
    "consent without form version": (
        lambda: consent(form_version=""),
        PatientError,
        ("form_version", "''", "non-empty"),
    ),
    "consent with naive datetime": (
        lambda: consent(signed_on=NAIVE),
        PatientError,
        ("signed_on", "datetime", ".date()"),
    ),
    "consent record of the wrong type": (
        lambda: patient(consent={"signed_on": DAY}),
        PatientError,
        ("consent", "dict", "ConsentRecord"),
    ),
    # -- questions asked on a date
    "age before birth": (
        lambda: patient().age(on=date(1970, 1, 1)),
        PatientError,
        ("on", "1970-01-01", "before the birth date"),
    ),
    "weight before any measurement": (
        lambda: patient(weights=[W]).weight(on=date(2026, 3, 1)),
        PatientError,
        ("weight", "2026-03-01", "with_weight"),
    ),
    "weight asked on a naive datetime": (
        lambda: patient(weights=[W]).weight(on=NAIVE),
        ValidationError,
        ("on", "naive", "timezone-aware"),
    ),
    "negative max age": (
        lambda: patient(weights=[W]).weight(on=DAY, max_age=timedelta(days=-1)),
        PatientError,
        ("max_age", "days=-1", "timedelta"),
    ),
    # -- screening
    "age under 18 for an adult screen": (
        lambda: screened(patient=patient(birth_date=date(2009, 1, 1))),
        ScreeningError,
        ("age", "17", "18", "adult"),
    ),
    "screening date naive": (
        lambda: screened(on=NAIVE),
        ValidationError,
        ("on", "naive", "timezone-aware"),
    ),
    "screening date as text": (
        lambda: screened(on="2026-03-02"),
        ScreeningError,
        ("on", "'2026-03-02'", "fromisoformat"),
    ),
    "unknown drug": (
        lambda: screened(drug="ketamin"),
        DoseError,
        ("drug", "ketamin", "esketamine"),
    ),
    "unknown route": (lambda: screened(route="rectal"), DoseError, ("route", "rectal", "Route.IV")),
    "unknown blood-pressure rule set": (
        lambda: screened(blood_pressure_limits="uk"),
        ValidationError,
        ("limits", "'uk'", "'eu'"),
    ),
    "vitals of the wrong type": (
        lambda: screened(vitals={"systolic": 150}),
        ScreeningError,
        ("vitals", "dict", "VitalSigns"),
    ),
    "vitals from another day": (
        lambda: screened(
            vitals=VitalSigns(
                taken_at=datetime(2026, 3, 1, 9, 0, tzinfo=UTC), systolic=120, diastolic=80
            )
        ),
        ScreeningError,
        ("vitals", "2026-03-01", "2026-03-02", "screening day"),
    ),
    "patient of the wrong type": (
        lambda: screen({"id": SECRET}, "esketamine", "intranasal", on=DAY),  # type: ignore[arg-type]
        ScreeningError,
        ("patient", "dict", "Patient"),
    ),
    # -- rule sets
    "disabling an unknown rule": (
        lambda: DEFAULT_RULES.without("pregnancy", "nope"),
        ScreeningError,
        ("rule id", "'nope'", "pregnancy"),
    ),
    "reclassifying to an unknown class": (
        lambda: DEFAULT_RULES.reclassify("pregnancy", "severe"),
        ScreeningError,
        ("classification", "severe", "'absolute'"),
    ),
    "adding a rule with a taken id": (
        lambda: DEFAULT_RULES.with_rule(DEFAULT_RULES["pregnancy"]),
        ScreeningError,
        ("two rules", "'pregnancy'", "replacing"),
    ),
    "rule id with spaces": (
        lambda: attrs.evolve(DEFAULT_RULES["pregnancy"], id="Clinic Rule"),
        ScreeningError,
        ("id", "'Clinic Rule'", "lower-case"),
    ),
    "rule condition not callable": (
        lambda: Rule(
            id="clinic.x", condition=True, classification="relative", explanation="x.", source="y"
        ),
        ScreeningError,
        ("condition", "True", "ScreeningContext"),
    ),
    "rule without a source": (
        lambda: attrs.evolve(DEFAULT_RULES["pregnancy"], source=""),
        ScreeningError,
        ("source", "''", "non-empty"),
    ),
    "rule for no drug": (
        lambda: attrs.evolve(DEFAULT_RULES["pregnancy"], drugs=set()),
        ScreeningError,
        ("drugs", "empty"),
    ),
    "cardiovascular window of zero weeks": (
        lambda: default_rules(cardiovascular_event_weeks=0),
        ScreeningError,
        ("cardiovascular_event_weeks", "0", "at least 1"),
    ),
}


def test_the_table_has_at_least_40_distinct_bad_inputs() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize(("make", "error", "words"), list(CASES.values()), ids=list(CASES))
def test_bad_input_is_rejected_with_a_helpful_message(
    make: Callable[[], object], error: type[KetacoreError], words: tuple[str, ...]
) -> None:
    with pytest.raises(error) as info:
        make()
    assert isinstance(info.value, KetacoreError)
    assert isinstance(info.value, ValueError)
    message = str(info.value)
    for word in words:
        assert word.lower() in message.lower(), (word, message)
    assert any(fix in message for fix in ("expected", "needs", "use ", "write")), message
    assert SECRET not in message
    assert "7731" not in message


def test_aware_datetimes_are_fine_where_a_day_is_asked_for() -> None:
    aware = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert patient(weights=[W]).weight(on=aware) == quantity(82, "kg")  # type: ignore[arg-type]
