"""Dose records: worked examples, hand-checked arithmetic and properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketacore.doses import (
    Drug,
    FixedDose,
    Route,
    WeightBasedDose,
    devices,
    parse_dose,
    weight_in_kg,
)
from ketacore.units import format_quantity, is_quantity, kind_of, magnitude, quantity


def test_documented_calls() -> None:
    dose = parse_dose("0.5 mg/kg")
    assert dose.resolve(weight=quantity(70, "kg")) == quantity(35, "mg")
    assert parse_dose("35 mg").resolve(weight=quantity(154, "lb")) == quantity(35, "mg")


def test_separate_types_for_fixed_and_weight_based() -> None:
    assert isinstance(parse_dose("35 mg"), FixedDose)
    assert isinstance(parse_dose("0.5 mg/kg"), WeightBasedDose)
    assert isinstance(parse_dose("500 mcg/kg"), WeightBasedDose)


def test_text_is_kept_verbatim() -> None:
    assert parse_dose(" 0.5 mg/kg over 40 min ").text == " 0.5 mg/kg over 40 min "


# Hand-checked arithmetic from the issue: 0.5 mg/kg x 70 kg = 35 mg; 154 lb = 69.85 kg;
# 35 mg over 40 min = 0.875 mg/min; 35 mg at 10 mg/mL = 3.5 mL.
def test_weight_based_resolution() -> None:
    assert magnitude(parse_dose("0.5 mg/kg").resolve(weight=quantity(70, "kg")), "mg") == 35


def test_pounds_to_kilograms() -> None:
    # 1 lb = 0.45359237 kg exactly (1959 agreement; reference 3.5)
    assert weight_in_kg(quantity(154, "lb")) == pytest.approx(69.85, abs=0.005)
    assert weight_in_kg(quantity(1, "lb")) == pytest.approx(0.45359237, rel=1e-12)


def test_infusion_rate() -> None:
    dose = parse_dose("35 mg over 40 min")
    assert magnitude(dose.rate(weight=quantity(70, "kg")), "mg/min") == pytest.approx(0.875)


def test_volume_to_draw_up() -> None:
    dose = parse_dose("35 mg at 10 mg/mL")
    assert magnitude(dose.volume(weight=quantity(70, "kg")), "mL") == pytest.approx(3.5)


def test_weight_based_rates_and_pump() -> None:
    dose = parse_dose("0.5 mg/kg over 40 min at 10 mg/mL")
    weight = quantity(70, "kg")
    # 0.5 mg/kg over 40 min = 0.75 mg/kg/h; 3.5 mL over 40 min = 5.25 mL/h
    assert magnitude(dose.rate_per_weight(weight=weight), "mg/kg/h") == pytest.approx(0.75)
    assert magnitude(dose.volume_rate(weight=weight), "mL/h") == pytest.approx(5.25)
    assert magnitude(dose.rate(weight=weight), "mg/min") == pytest.approx(0.875)


def test_fixed_dose_per_weight() -> None:
    assert magnitude(
        parse_dose("35 mg").per_weight(weight=quantity(70, "kg")), "mg/kg"
    ) == pytest.approx(0.5)


def test_duration_and_concentration_as_arguments() -> None:
    dose = parse_dose("0.5 mg/kg", duration="40 min", concentration=quantity(10, "mg/mL"))
    assert dose.duration == quantity(40, "min")
    assert dose.concentration == quantity(10, "mg/mL")


@pytest.mark.parametrize(
    ("text", "count"), [("28 mg", 1), ("56 mg", 2), ("84 mg", 3), ("56000 mcg", 2)]
)
def test_esketamine_devices(text: str, count: int) -> None:
    # 28 mg per device; 56 mg = 2 devices, 84 mg = 3 (Spravato US PI, reference 3.3)
    assert devices(parse_dose(text, drug="esketamine", route="intranasal")) == count


@pytest.mark.parametrize(
    ("spelling", "unit"),
    [
        ("mcg", "microgram"),
        ("µg", "microgram"),
        ("μg", "microgram"),
        ("ug", "microgram"),
        ("g", "gram"),
        ("MG", "milligram"),
    ],
)
def test_mass_spellings(spelling: str, unit: str) -> None:
    dose = parse_dose(f"2.5 {spelling}")
    assert str(dose.amount.units) == unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.5 mg/kg", (0.5, "mg/kg")),
        ("500 mcg/kg", (0.5, "mg/kg")),
        ("0.5 mg/kg over 40 min", (0.5, "mg/kg")),
        ("35 mg over 0.5 hr", (35, "mg")),
        ("35 mg over 1 h", (35, "mg")),
        ("35 mg at 10 mg/ml", (35, "mg")),
    ],
)
def test_clinician_spellings_parse(text: str, expected: tuple[float, str]) -> None:
    value, unit = expected
    assert magnitude(parse_dose(text).amount, unit) == pytest.approx(value)


def test_cc_is_stored_as_millilitres() -> None:
    dose = parse_dose("35 mg at 10 mg/cc")
    assert format_quantity(dose.concentration) == "10 mg/mL"  # type: ignore[arg-type]


def test_drug_and_route_spellings() -> None:
    dose = parse_dose("56 mg", drug="Esketamine", route="IN")
    assert dose.drug is Drug.ESKETAMINE
    assert dose.route is Route.INTRANASAL
    assert parse_dose("35 mg", route="intravenous").route is Route.IV


def test_frozen() -> None:
    dose = parse_dose("35 mg")
    with pytest.raises(AttributeError):
        dose.amount = quantity(1, "mg")  # type: ignore[misc]


# --- properties ------------------------------------------------------------------------

_amounts = st.floats(min_value=0.001, max_value=5000, allow_nan=False, allow_infinity=False)
_per_kg = st.floats(min_value=0.001, max_value=900, allow_nan=False, allow_infinity=False)
_weights = st.floats(min_value=5, max_value=400, allow_nan=False, allow_infinity=False)
_mass_units = st.sampled_from(["mg", "mcg"])
_weight_units = st.sampled_from(["kg", "lb"])


@given(_amounts, _mass_units)
def test_format_then_parse_gives_the_same_fixed_dose(value: float, unit: str) -> None:
    dose = FixedDose(amount=quantity(value, unit))
    again = parse_dose(format_quantity(dose.amount))
    assert again == dose


@given(_per_kg, st.sampled_from(["mg/kg", "mcg/kg"]))
def test_format_then_parse_gives_the_same_weight_based_dose(value: float, unit: str) -> None:
    dose = WeightBasedDose(amount=quantity(value, unit))
    assert parse_dose(format_quantity(dose.amount)) == dose


@given(_per_kg, _weights, _weight_units)
def test_resolve_divided_by_weight_is_the_per_kg_dose(
    per_kg: float, weight: float, weight_unit: str
) -> None:
    dose = WeightBasedDose(amount=quantity(per_kg, "mg/kg"))
    body = quantity(weight, weight_unit)
    given_mg = dose.resolve(weight=body)
    assert kind_of(given_mg) == "mass"
    assert magnitude(given_mg, "mg") / weight_in_kg(body) == pytest.approx(per_kg, rel=1e-9)
    assert magnitude(dose.per_weight(weight=body), "mg/kg") == pytest.approx(per_kg, rel=1e-9)


@given(_amounts, _weights)
def test_fixed_dose_round_trips_through_per_kg(amount: float, weight: float) -> None:
    dose = FixedDose(amount=quantity(amount, "mg"))
    body = quantity(weight, "kg")
    per_kg = dose.per_weight(weight=body)
    back = WeightBasedDose(amount=per_kg).resolve(weight=body)
    assert magnitude(back, "mg") == pytest.approx(amount, rel=1e-9)


@given(_amounts, st.sampled_from(["mg", "mcg", "g", "kg", "lb"]))
def test_conversions_round_trip(value: float, unit: str) -> None:
    q = quantity(value, unit)
    assert magnitude(quantity(magnitude(q, "mg"), "mg"), unit) == pytest.approx(value, rel=1e-12)


@given(
    _per_kg,
    _weights,
    st.floats(min_value=1, max_value=600),
    st.floats(min_value=0.1, max_value=100),
)
def test_no_operation_returns_a_bare_number(
    per_kg: float, weight: float, minutes: float, per_ml: float
) -> None:
    dose = WeightBasedDose(
        amount=quantity(per_kg, "mg/kg"),
        duration=quantity(minutes, "min"),
        concentration=quantity(per_ml, "mg/mL"),
    )
    body = quantity(weight, "kg")
    results = {
        "mass": dose.resolve(weight=body),
        "mass/mass": dose.per_weight(weight=body),
        "mass/time": dose.rate(weight=body),
        "mass/mass/time": dose.rate_per_weight(weight=body),
        "volume": dose.volume(weight=body),
        "volume/time": dose.volume_rate(weight=body),
    }
    for kind, result in results.items():
        assert is_quantity(result)
        assert kind_of(result) == kind
        assert math.isfinite(result.magnitude)


def test_stored_quantities_are_not_mutated_by_arithmetic() -> None:
    dose = parse_dose("0.5 mg/kg")
    before = format_quantity(dose.amount)
    dose.resolve(weight=quantity(154, "lb"))
    dose.per_weight(weight=quantity(154, "lb"))
    assert format_quantity(dose.amount) == before


# -- issue 10: quantities held by values cannot change -----------------------------------


def test_a_callers_duration_and_concentration_are_copied() -> None:
    from ketacore.units import registry

    duration = registry().Quantity(40, "min")
    concentration = registry().Quantity(10, "mg/mL")
    dose = parse_dose("0.5 mg/kg", duration=duration, concentration=concentration)
    before = hash(dose)
    duration.ito("h")
    concentration.ito("g/L")
    assert format_quantity(dose.duration) == "40 min"  # type: ignore[arg-type]
    assert format_quantity(dose.concentration) == "10 mg/mL"  # type: ignore[arg-type]
    assert hash(dose) == before


def test_a_callers_amount_is_copied() -> None:
    from ketacore.units import registry

    amount = registry().Quantity(35, "mg")
    dose = FixedDose(amount=amount)
    amount.ito("g")
    assert format_quantity(dose.amount) == "35 mg"


def test_a_resolved_dose_cannot_be_changed() -> None:
    from ketacore import FrozenQuantityError

    resolved = parse_dose("0.5 mg/kg").resolve(weight=quantity(70, "kg"))
    with pytest.raises(FrozenQuantityError):
        resolved.ito("g")


def test_equal_doses_in_other_units_are_equal_and_hash_equal() -> None:
    pairs = [
        (parse_dose("35 mg"), parse_dose("0.035 g")),
        (parse_dose("161.9 mg"), parse_dose("0.1619 g")),
        (parse_dose("0.5 mg/kg over 40 min"), parse_dose("500 mcg/kg over 40 min")),
        (parse_dose("0.5 mg/kg over 1 h"), parse_dose("0.5 mg/kg over 60 min")),
    ]
    for first, second in pairs:
        assert first == second
        assert hash(first) == hash(second)
        assert first.text != second.text  # each keeps what was entered
    assert parse_dose("35 mg") != parse_dose("35.1 mg")


_MASS_UNITS = {"mg": 1, "mcg": 1000, "g": 0.001}  # how many of each unit in 1 mg


@given(
    st.integers(min_value=1, max_value=10**5),
    st.integers(min_value=0, max_value=3),
    st.sampled_from(sorted(_MASS_UNITS)),
)
def test_equal_doses_hash_equal(digits: int, places: int, unit: str) -> None:
    from decimal import Decimal

    milligrams = Decimal(digits).scaleb(-places)
    other = milligrams * Decimal(str(_MASS_UNITS[unit]))
    first = parse_dose(f"{milligrams} mg")
    second = parse_dose(f"{format(other, 'f')} {unit}")
    assert first == second
    assert hash(first) == hash(second)


@pytest.mark.parametrize("text", ["70 kg", "154.3 lb", "70000 g", "70.0 kg"])
def test_a_weight_is_read_from_text_as_patients_read_it(text: str) -> None:
    """``resolve(weight="70 kg")`` reads the text as ``Patient.with_weight`` does (issue 14)."""
    from datetime import date

    from ketacore.dose_checks import check_dose
    from ketacore.patients import Patient

    dose = parse_dose("0.5 mg/kg over 40 min", drug="ketamine", route="iv")
    patient = Patient(identifier="P-1", birth_date=date(1980, 1, 1), sex_at_birth="female")
    recorded = patient.with_weight(date(2026, 3, 1), text).weight(on=date(2026, 3, 1))
    assert dose.resolve(weight=text) == dose.resolve(weight=recorded)
    assert dose.per_weight(weight=text) == dose.per_weight(weight=recorded)
    assert dose.rate_per_weight(weight=text) == dose.rate_per_weight(weight=recorded)
    assert parse_dose("35 mg").resolve(weight=text) == quantity(35, "mg")
    assert check_dose(dose, weight=text) == check_dose(dose, weight=recorded)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("70", "weight: got '70' with no unit"),
        ("70 cm", "weight: got '70 cm', which is a length"),
        ("70 g", "weight: got '70 g', which cannot be a person's body weight"),
        ("1 kg + 69 kg", "looks like an expression"),
    ],
)
def test_a_weight_in_text_is_refused_as_patients_refuse_it(text: str, message: str) -> None:
    from datetime import date

    from ketacore.exceptions import ValidationError
    from ketacore.patients import Patient

    patient = Patient(identifier="P-1", birth_date=date(1980, 1, 1), sex_at_birth="female")
    with pytest.raises(ValidationError) as from_dose:
        parse_dose("0.5 mg/kg").resolve(weight=text)
    with pytest.raises(ValidationError) as from_patient:
        patient.with_weight(date(2026, 3, 1), text)
    assert message in str(from_dose.value)
    assert message in str(from_patient.value)
