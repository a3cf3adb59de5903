"""The unit façade: one shared registry, safe parsing, typed helpers."""

from __future__ import annotations

import re
from pathlib import Path

import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ketacore
from ketacore.doses import parse_dose
from ketacore.units import (
    _new_quantity,
    checked_magnitude,
    convert,
    format_quantity,
    kind_of,
    magnitude,
    parse_quantity,
    parse_unit,
    quantity,
    registry,
)


def test_library_uses_the_application_registry() -> None:
    assert registry() is pint.get_application_registry()
    assert quantity(1, "mg")._REGISTRY is pint.get_application_registry().get()


def test_callers_quantities_interoperate() -> None:
    theirs = pint.get_application_registry().Quantity(70, "kilogram")
    total = parse_dose("0.5 mg/kg").resolve(weight=theirs) + theirs.__class__(1, "mg")
    assert magnitude(total, "mg") == pytest.approx(36)


def test_fast_constructor_matches_pints() -> None:
    for text in ("mg", "mg/kg", "mL/h", "mg/kg/h", "lb"):
        units = parse_unit(text)
        ours = _new_quantity(2.5, units._units)
        theirs = registry().Quantity(2.5, units)
        assert type(ours) is type(theirs)
        assert ours == theirs
        assert str(ours) == str(theirs)
        assert ours.to_base_units() == theirs.to_base_units()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("35 mg", "mass"),
        ("0.5 mg/kg", "mass/mass"),
        ("10 mg/mL", "mass/volume"),
        ("3.5 mL", "volume"),
        ("40 min", "time"),
        ("0.875 mg/min", "mass/time"),
        ("0.75 mg/kg/h", "mass/mass/time"),
        ("5.25 mL/h", "volume/time"),
        ("170 cm", "length"),
    ],
)
def test_kinds(text: str, kind: str) -> None:
    assert kind_of(parse_quantity(text)) == kind


def test_mg_per_kg_is_not_dimensionless_here() -> None:
    # pint cancels mass/mass; ketacore keeps a weight-based dose distinct from a number.
    assert parse_quantity("0.5 mg/kg").dimensionless
    assert kind_of(parse_quantity("0.5 mg/kg")) == "mass/mass"


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("1 lb", "kg", 0.45359237),
        ("154 lbs", "kg", 69.85322498),
        ("1000 mcg", "mg", 1.0),
        ("1000 ug", "mg", 1.0),
        ("5 cc", "mL", 5.0),
        ("1.5 hr", "min", 90.0),
        ("2 h", "min", 120.0),
    ],
)
def test_conversions(text: str, unit: str, value: float) -> None:
    assert magnitude(parse_quantity(text), unit) == pytest.approx(value, rel=1e-12)


def test_parsed_quantities_are_independent_objects() -> None:
    first, second = parse_quantity("35 mg"), parse_quantity("35 mg")
    assert first is not second
    first.ito("g")  # a caller mutating their own copy...
    assert format_quantity(second) == "35 mg"  # ...never affects another value


def test_convert_returns_a_new_quantity() -> None:
    original = quantity(154, "lb")
    converted = convert(original, "kg")
    assert format_quantity(original) == "154 lb"
    assert converted is not original


def test_checked_magnitude_rejects_nan_inside_a_quantity() -> None:
    with pytest.raises(ketacore.UnitError, match="finite"):
        checked_magnitude(registry().Quantity(float("nan"), "kg"), "mass", "kg", field="weight")


def test_library_never_mutates_quantities_in_place() -> None:
    source = Path(ketacore.__file__).parent
    offenders = [
        f"{path.name}:{number}"
        for path in source.rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\.ito\(|\.ito_base_units\(|\.ito_reduced_units\(", line)
    ]
    assert offenders == []


_spellings = st.sampled_from(
    ["mg", "mcg", "g", "kg", "lb", "mL", "min", "h", "mg/kg", "mg/mL", "mg/kg/h", "mL/h"]
)


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False), _spellings)
def test_format_then_parse_round_trips(value: float, unit: str) -> None:
    q = quantity(value, unit)
    again = parse_quantity(format_quantity(q))
    assert again == q
    assert kind_of(again) == kind_of(q)
