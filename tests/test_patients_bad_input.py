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
    WITHHELD,
    DoseError,
    KetacoreError,
    MissingMeasurementError,
    PatientError,
    ScreeningError,
    UnitError,
    UnknownRuleError,
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


ANY = object()  # the value is kept, but is not a literal worth writing here

# The field each failure names, and the value it keeps (WITHHELD for an identifier), for
# every case that ketacore's patient, screening and vitals code raises itself.
FIELDS: dict[str, tuple[str, object]] = {
    "zero height": ("height", ANY),
    "naive datetime as a measurement date": ("measured_on", NAIVE),
    "text as a measurement date": ("measured_on", "2026-03-02"),
    "birth date after a measurement": ("birth_date", date(2026, 3, 3)),
    "measurement before birth": ("birth_date", date(1980, 5, 17)),
    "height before birth": ("birth_date", date(1980, 5, 17)),
    "consent before birth": ("birth_date", date(1980, 5, 17)),
    "cardiovascular event before birth": ("birth_date", date(1980, 5, 17)),
    "duplicate weight dates": ("weights", date(2026, 3, 2)),
    "duplicate height dates": ("heights", date(2026, 3, 2)),
    "weights not a list": ("weights", ANY),
    "blank identifier": ("identifier", WITHHELD),
    "identifier with spaces": ("identifier", WITHHELD),
    "identifier not text": ("identifier", WITHHELD),
    "missing birth date": ("birth_date", None),
    "naive datetime as birth date": ("birth_date", ANY),
    "unknown sex at birth": ("sex_at_birth", "X"),
    "unknown diagnosis text": ("diagnoses", "depresion"),
    "diagnoses as one string": ("diagnoses", "ptsd"),
    "unknown condition": ("conditions", "gout"),
    "Child-Pugh class D": ("hepatic_impairment", "D"),
    "heart-failure class 5": ("heart_failure", 5),
    "heart-failure class V": ("heart_failure", "V"),
    "heart-failure class as bool": ("heart_failure", True),
    "unknown hypertension status": ("hypertension", "borderline"),
    "unknown event kind": ("kind", "stroke"),
    "events not a list": ("cardiovascular_events", "MI"),
    "unknown medication class": ("classes", "ssri"),
    "blank medication name": ("name", " "),
    "medication as text": ("medications[0]", "phenelzine"),
    "pregnancy as text": ("pregnant", "yes"),
    "breastfeeding unknown": ("breastfeeding", None),
    "hypersensitivity as one string": ("hypersensitivities", "ketamine"),
    "hypersensitivity to an unknown drug": ("hypersensitivities", "propofol"),
    "trial duration negative": ("duration", ANY),
    "trial duration zero": ("duration", ANY),
    "trial outcome unknown": ("outcome", "better"),
    "trial dose adequacy as text": ("dose_adequate", "yes"),
    "trial without a drug": ("drug", ""),
    "TRD criteria with zero trials": ("min_trials", 0),
    "TRD with no inadequate outcomes": ("inadequate_outcomes", ANY),
    "MSM with no failed treatment": ("failed_treatments", 0),
    "MSM severity 6": ("severity", 6),
    "MSM negative episode": ("episode_months", -1),
    "MSM thresholds not increasing": ("failure_thresholds", ANY),
    "consent topic unknown": ("topics", "side effects"),
    "consent without form version": ("form_version", ""),
    "consent with naive datetime": ("signed_on", NAIVE),
    "consent record of the wrong type": ("consent", ANY),
    "age before birth": ("on", date(1970, 1, 1)),
    "weight before any measurement": ("weight", date(2026, 3, 1)),
    "weight asked on a naive datetime": ("on", NAIVE),
    "negative max age": ("max_age", ANY),
    "age under 18 for an adult screen": ("age", 17),
    "screening date naive": ("on", NAIVE),
    "screening date as text": ("on", "2026-03-02"),
    "unknown drug": ("drug", "ketamin"),
    "unknown route": ("route", "rectal"),
    "unknown blood-pressure rule set": ("limits", "uk"),
    "vitals of the wrong type": ("vitals", ANY),
    "vitals from another day": ("vitals", ANY),
    "patient of the wrong type": ("patient", WITHHELD),
    "disabling an unknown rule": ("rule id", "nope"),
    "reclassifying to an unknown class": ("classification", "severe"),
    "adding a rule with a taken id": ("rules", "pregnancy"),
    "rule id with spaces": ("id", "Clinic Rule"),
    "rule condition not callable": ("condition", True),
    "rule without a source": ("source", ""),
    "rule for no drug": ("drugs", ANY),
    "cardiovascular window of zero weeks": ("cardiovascular_event_weeks", 0),
}


def test_every_field_case_is_a_case() -> None:
    assert set(FIELDS) <= set(CASES)


@pytest.mark.parametrize(("case", "expected"), list(FIELDS.items()), ids=list(FIELDS))
def test_bad_input_carries_its_field_and_value(case: str, expected: tuple[str, object]) -> None:
    field, value = expected
    with pytest.raises(ValidationError) as info:
        CASES[case][0]()
    assert info.value.field == field
    if value is not ANY:
        assert info.value.value == value or info.value.value is value
    assert info.value.expected  # every one says what it expected


def test_a_missing_measurement_is_a_lookup_error() -> None:
    with pytest.raises(MissingMeasurementError) as info:
        patient(weights=[W]).weight(on=date(2026, 3, 1))
    assert isinstance(info.value, LookupError)
    assert info.value.fix == "record it with Patient.with_weight(date, '82 kg')"


def test_an_unknown_rule_id_is_a_lookup_error() -> None:
    with pytest.raises(UnknownRuleError) as info:
        DEFAULT_RULES["nope"]
    assert isinstance(info.value, LookupError)
    assert isinstance(info.value, ScreeningError)
    assert info.value.value == "nope"
    assert "pregnancy" in str(info.value.expected)


@pytest.mark.parametrize(
    "ask",
    [
        lambda p: p.age(on=NAIVE),
        lambda p: p.weight(on=NAIVE),
        lambda p: p.height(on=NAIVE),
        lambda p: p.weight_measurement(on=NAIVE),
    ],
    ids=["age", "weight", "height", "weight_measurement"],
)
def test_every_on_argument_refuses_a_naive_datetime(ask: Callable[[Patient], object]) -> None:
    with pytest.raises(PatientError) as info:
        ask(patient(weights=[W], heights=[H]))
    assert (info.value.field, info.value.value) == ("on", NAIVE)
    assert "zone" in str(info.value.fix)


def test_collections_of_records_may_be_any_iterable() -> None:
    # Widened in issue 17: a tuple, a generator or a set, as the shared toolkit takes.
    medication = Medication(name="phenelzine", classes={"maoi"})
    for given in ([medication], (medication,), (m for m in [medication]), {medication}):
        assert patient(medications=given).medications == (medication,)
    assert patient(weights=(w for w in [W])).weights == (W,)


@pytest.mark.parametrize("given", ["MI", {"MI": 1}, 7], ids=["text", "mapping", "int"])
def test_a_collection_of_records_is_not_text_or_a_mapping(given: object) -> None:
    with pytest.raises(PatientError) as info:
        MedicalHistory(cardiovascular_events=given)  # type: ignore[arg-type]
    assert (info.value.field, info.value.value) == ("cardiovascular_events", given)
    assert "CardiovascularEvent" in str(info.value.expected)


def test_aware_datetimes_are_fine_where_a_day_is_asked_for() -> None:
    aware = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert patient(weights=[W]).weight(on=aware) == quantity(82, "kg")  # type: ignore[arg-type]
