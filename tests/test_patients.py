"""Patient records: construction, questions asked on a date, privacy, immutability."""

from __future__ import annotations

import warnings
from datetime import UTC, date, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketacore.doses import Drug
from ketacore.exceptions import MissingMeasurementError, PatientError, StaleMeasurementWarning
from ketacore.patients import (
    REQUIRED_CONSENT_TOPICS,
    ConsentRecord,
    ConsentTopic,
    Diagnosis,
    MedicalHistory,
    Medication,
    MedicationClass,
    NyhaClass,
    Patient,
    PatientId,
    SexAtBirth,
    WeightMeasurement,
)
from ketacore.testing import patients
from ketacore.units import magnitude, quantity
from strategies import IDENTIFIERS, RECORD_DATES

SECRET = "PT-SECRET-7731"


def make(**changes: object) -> Patient:
    fields: dict[str, object] = {
        "identifier": SECRET,
        "birth_date": date(1980, 5, 17),
        "sex_at_birth": "female",
    }
    fields.update(changes)
    return Patient(**fields)  # type: ignore[arg-type]


def test_text_fields_are_read_into_members() -> None:
    patient = make(
        sex_at_birth="M",
        diagnoses=["MDD", "F43.1", Diagnosis.OCD],
        hypersensitivities={"esketamine"},
        history=MedicalHistory(heart_failure="NYHA II", hypertension="controlled"),
    )
    assert patient.sex_at_birth is SexAtBirth.MALE
    assert patient.diagnoses == {Diagnosis.DEPRESSION, Diagnosis.PTSD, Diagnosis.OCD}
    assert patient.hypersensitivities == {Drug.ESKETAMINE}
    assert patient.history.heart_failure is NyhaClass.II
    assert isinstance(patient.identifier, PatientId)
    assert patient.identifier.value == SECRET


def test_icd10_codes_only_where_unambiguous() -> None:
    assert Diagnosis.PTSD.icd10 == "F43.1"
    assert Diagnosis.OCD.icd10 == "F42"
    assert Diagnosis.GAD.icd10 == "F41.1"
    assert Diagnosis.BIPOLAR_DEPRESSION.icd10 == "F31"
    for diagnosis in (Diagnosis.DEPRESSION, Diagnosis.PSYCHOSIS, Diagnosis.CHRONIC_PAIN):
        assert diagnosis.icd10 is None


def test_age_is_completed_years_on_the_date() -> None:
    patient = make(birth_date=date(1980, 5, 17))
    assert patient.age(on=date(2026, 5, 16)) == 45
    assert patient.age(on=date(2026, 5, 17)) == 46
    aware = datetime(2026, 5, 17, 9, 0, tzinfo=UTC)
    assert patient.age(on=aware) == 46  # type: ignore[arg-type]


def test_leap_day_birthday() -> None:
    patient = make(birth_date=date(2000, 2, 29))
    assert patient.age(on=date(2019, 2, 28)) == 18
    assert patient.age(on=date(2019, 3, 1)) == 19


def test_weight_in_force_is_latest_on_or_before_the_date() -> None:
    patient = (
        make()
        .with_weight(date(2026, 1, 10), "180 lb")
        .with_weight(date(2026, 3, 1), quantity(82, "kg"))
    )
    assert patient.weight(on=date(2026, 2, 28)) == quantity(180, "lb")
    assert patient.weight(on=date(2026, 3, 1)) == quantity(82, "kg")
    assert patient.weight_measurement(on=date(2026, 4, 1)).measured_on == date(2026, 3, 1)
    assert magnitude(patient.weight(on=date(2026, 2, 1)), "kg") == pytest.approx(81.6466266)


def test_weight_before_the_first_measurement_is_an_error() -> None:
    patient = make().with_weight(date(2026, 3, 1), "82 kg").with_height(date(2026, 3, 1), "1.7 m")
    with pytest.raises(MissingMeasurementError) as caught:
        patient.weight(on=date(2026, 2, 28))
    assert isinstance(caught.value, PatientError)
    assert isinstance(caught.value, LookupError)
    assert (caught.value.field, caught.value.value) == ("weight", date(2026, 2, 28))
    assert "Patient.with_weight" in str(caught.value.fix)  # the fix is named
    with pytest.raises(MissingMeasurementError) as caught:
        patient.height(on=datetime(2026, 2, 28, 23, 0, tzinfo=UTC))
    assert (caught.value.field, caught.value.value) == ("height", date(2026, 2, 28))


def test_stale_weight_warns_and_is_still_returned() -> None:
    patient = make().with_weight(date(2026, 1, 1), "82 kg")
    with pytest.warns(StaleMeasurementWarning, match="91 days earlier"):
        assert patient.weight(on=date(2026, 4, 2)) == quantity(82, "kg")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        patient.weight(on=date(2026, 4, 1))  # exactly 90 days: allowed
        patient.weight(on=date(2026, 6, 1), max_age=timedelta(days=365))


def test_height_in_force() -> None:
    patient = make().with_height(date(2025, 12, 1), "172 cm")
    assert patient.height(on=date(2026, 1, 1)) == quantity(172, "cm")


def test_with_weight_replaces_the_same_day() -> None:
    patient = make().with_weight(date(2026, 3, 1), "82 kg").with_weight(date(2026, 3, 1), "81 kg")
    assert len(patient.weights) == 1
    assert patient.weight(on=date(2026, 3, 1)) == quantity(81, "kg")


def test_weights_are_kept_sorted() -> None:
    later = WeightMeasurement(measured_on=date(2026, 3, 1), weight="82 kg")
    earlier = WeightMeasurement(measured_on=date(2025, 3, 1), weight="85 kg")
    assert make(weights=[later, earlier]).weights == (earlier, later)


def test_patient_is_immutable_and_helpers_return_new_records() -> None:
    patient = make()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        patient.pregnant = True  # type: ignore[misc]
    changed = patient.with_diagnosis("ptsd").with_medication(
        Medication(name="phenelzine", classes={"maoi"})
    )
    assert patient.diagnoses == frozenset()
    assert changed.has_diagnosis(Diagnosis.PTSD)
    assert changed.takes(MedicationClass.MAOI)
    assert not patient.takes(MedicationClass.MAOI)


def test_evolve_revalidates() -> None:
    patient = make().with_weight(date(2026, 3, 1), "82 kg")
    with pytest.raises(PatientError) as caught:
        attrs.evolve(patient, birth_date=date(2026, 3, 2))
    assert (caught.value.field, caught.value.value) == ("birth_date", date(2026, 3, 2))


def test_repr_and_str_leave_out_identifier_and_birth_date() -> None:
    patient = make(diagnoses={"ptsd"}).with_weight(date(2026, 3, 1), "82 kg")
    for text in (repr(patient), str(patient), repr(patient.identifier), str(patient.identifier)):
        assert SECRET not in text
        assert "1980" not in text
    assert "ptsd" in str(patient)


@given(patients())
def test_generated_patients_never_show_their_identifier(patient: Patient) -> None:
    assert patient.identifier.value not in repr(patient)
    assert patient.identifier.value not in str(patient)


@given(IDENTIFIERS, st.dates(date(1930, 1, 1), date(2026, 1, 1)))
def test_errors_never_show_the_identifier(identifier: str, birth: date) -> None:
    patient = Patient(identifier=identifier, birth_date=birth, sex_at_birth="male")
    for attempt in (
        lambda: patient.with_weight(birth - timedelta(days=1), "80 kg"),
        lambda: patient.weight(on=birth),
        lambda: patient.age(on=birth - timedelta(days=1)),
        lambda: attrs.evolve(patient, pregnant="yes"),
    ):
        with pytest.raises(PatientError) as info:
            attempt()
        assert identifier not in str(info.value)


@given(patients(), RECORD_DATES, RECORD_DATES)
def test_age_never_decreases(patient: Patient, first: date, second: date) -> None:
    first, second = sorted((first, second))
    assert 0 <= patient.age(on=first) <= patient.age(on=second)


@given(patients(), RECORD_DATES)
def test_weight_in_force_is_the_latest_earlier_measurement(patient: Patient, on: date) -> None:
    earlier = [w for w in patient.weights if w.measured_on <= on]
    if not earlier:
        with pytest.raises(PatientError):
            patient.weight_measurement(on=on)
    else:
        found = patient.weight_measurement(on=on)
        assert found.measured_on == max(w.measured_on for w in earlier)


def test_consent_missing_topics_by_drug() -> None:
    consent = ConsentRecord(
        signed_on=date(2026, 3, 1),
        form_version="2026-01",
        topics={"dissociation", "blood_pressure", "misuse_potential", "no_driving"},
    )
    assert consent.missing_topics(Drug.ESKETAMINE) == frozenset()
    assert consent.missing_topics(Drug.KETAMINE) == {ConsentTopic.OFF_LABEL}
    assert ConsentTopic.OFF_LABEL not in REQUIRED_CONSENT_TOPICS[Drug.ESKETAMINE]
    assert make().with_consent(consent).consent is consent


# -- issue 10: weights cannot change after construction; plausible body weights ----------


def test_a_callers_weight_is_copied_and_the_weight_returned_cannot_change() -> None:
    from ketacore import FrozenQuantityError
    from ketacore.patients import WeightMeasurement
    from ketacore.units import format_quantity, registry

    mine = registry().Quantity(70, "kg")
    measurement = WeightMeasurement(measured_on=date(2026, 3, 1), weight=mine)
    mine.ito("lb")
    assert format_quantity(measurement.weight) == "70 kg"
    patient = make().with_weight(date(2026, 3, 1), "82 kg")
    weight = patient.weight(on=date(2026, 3, 2))
    with pytest.raises(FrozenQuantityError):
        weight.ito("lb")
    assert format_quantity(patient.weight(on=date(2026, 3, 2))) == "82 kg"


@pytest.mark.parametrize("text", ["70 mg", "70 g", "150 g", "800 kg"])
def test_a_weight_that_cannot_be_a_person_is_refused(text: str) -> None:
    with pytest.raises(PatientError, match="cannot be a person's body weight") as caught:
        make().with_weight(date(2026, 3, 1), text)
    assert "'70 kg' or '154 lb'" in str(caught.value)


def test_a_weight_without_a_unit_suggests_kilograms() -> None:
    from ketacore.exceptions import UnitError

    with pytest.raises(UnitError) as caught:
        make().with_weight(date(2026, 3, 1), "70")
    assert "'70 kg'" in str(caught.value)
    assert "mg" not in str(caught.value)


@given(st.integers(min_value=300, max_value=3000), st.sampled_from(["kg", "lb", "g"]))
def test_equal_weights_hash_equal(tenths: int, unit: str) -> None:
    from decimal import Decimal

    from ketacore.patients import WeightMeasurement

    amount = Decimal(tenths) * {"kg": Decimal("0.1"), "lb": Decimal("0.1"), "g": Decimal(100)}[unit]
    kilograms = (
        amount * {"kg": Decimal(1), "lb": Decimal("0.45359237"), "g": Decimal("0.001")}[unit]
    )
    day = date(2026, 3, 1)
    first = WeightMeasurement(measured_on=day, weight=quantity(float(kilograms), "kg"))
    second = WeightMeasurement(measured_on=day, weight=quantity(float(amount), unit))
    assert first == second
    assert hash(first) == hash(second)


@pytest.mark.parametrize(
    "code", ["F32", "F32.0", "F32.1", "f32.2", "F321", "F32.9", "F32.A", "F33.1", "F33.42"]
)
def test_icd10_depressive_episode_codes_read_as_depression(code: str) -> None:
    """EHRs send depression as F32.x / F33.x (issue 14)."""
    assert Diagnosis.from_text(code) is Diagnosis.DEPRESSION
    assert make(diagnoses={code}).diagnoses == {Diagnosis.DEPRESSION}
    assert make().with_diagnosis(code).diagnoses == {Diagnosis.DEPRESSION}


@pytest.mark.parametrize("code", ["F32.3", "F33.3", "F333"])
def test_a_depressive_episode_with_psychotic_symptoms_names_psychosis_too(code: str) -> None:
    both = {Diagnosis.DEPRESSION, Diagnosis.PSYCHOSIS}
    assert make(diagnoses={code}).diagnoses == both
    assert make().with_diagnosis(code).diagnoses == both
    assert Diagnosis.from_icd10(code) == both
    with pytest.raises(PatientError, match=r"names two diagnoses, depression and psychosis"):
        Diagnosis.from_text(code)


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("F32.81", "premenstrual dysphoric disorder (ICD-10-CM), not a depressive episode"),
        ("F32.7", "not a depressive episode code in ICD-10 or ICD-10-CM"),
        ("F34.1", "an ICD-10 code of no diagnosis ketacore models"),
        ("F31.4", "a subcode of F31 (bipolar_depression), which ketacore does not read"),
    ],
)
def test_other_icd10_codes_are_refused_saying_why(code: str, why: str) -> None:
    with pytest.raises(PatientError) as caught:
        make(diagnoses={code})
    assert caught.value.field == "diagnoses"
    assert f"got {code!r}, " in str(caught.value)
    assert why in str(caught.value)
    assert "expected a depressive episode (F32.0-F32.9, F32.A, F33.0-F33.9)" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("psychosis", "diagnosis psychosis"),
        ("PTSD", "diagnosis ptsd"),
        ("F33.3", "diagnoses depression and psychosis"),
    ],
)
def test_a_diagnosis_given_as_a_condition_points_to_with_diagnosis(text: str, names: str) -> None:
    """``conditions={"psychosis"}`` says it is a diagnosis and gives the fix (issue 14)."""
    from ketacore.patients import Condition, MedicalHistory

    for build in (lambda: MedicalHistory(conditions={text}), lambda: Condition.from_text(text)):
        with pytest.raises(PatientError) as caught:
            build()
        message = str(caught.value)
        assert f"got {text!r}, which names the {names}, not a medical condition" in message
        assert f"record it with Patient.with_diagnosis({text!r})" in message
    assert MedicalHistory(conditions={"glaucoma"}).conditions == {
        Condition.RAISED_INTRAOCULAR_PRESSURE
    }
