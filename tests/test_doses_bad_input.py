"""Every rejection of bad dose, unit or weight input: class and key words of the message."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest

from ketacore import DoseError, KetacoreError, UnitError
from ketacore.doses import FixedDose, WeightBasedDose, devices, parse_dose
from ketacore.units import (
    checked_magnitude,
    convert,
    parse_quantity,
    parse_unit,
    quantity,
)


def _q(value: float, unit: str) -> Any:
    return quantity(value, unit)


CASES: list[tuple[str, Callable[[], object], type[Exception], tuple[str, ...]]] = [
    # (id, call, exception class, words the message must contain)
    ("empty", lambda: parse_dose(""), UnitError, ("dose", "empty", "35 mg")),
    ("whitespace", lambda: parse_dose("   "), UnitError, ("empty",)),
    ("no unit", lambda: parse_dose("35"), UnitError, ("'35'", "no unit", "35 mg")),
    ("unit alone", lambda: parse_dose("mg"), UnitError, ("'mg'", "number followed by a unit")),
    ("unknown unit", lambda: parse_dose("35 mgs"), UnitError, ("'mgs'", "not one ketacore knows")),
    ("unknown unit word", lambda: parse_dose("35 units"), UnitError, ("'units'",)),
    ("unit before number", lambda: parse_dose("mg 35"), UnitError, ("amount first",)),
    ("volume as dose", lambda: parse_dose("35 mL"), DoseError, ("'35 mL'", "volume", "mg/kg")),
    ("cc as dose", lambda: parse_dose("3.5 cc"), DoseError, ("volume", "a mass")),
    ("duration as dose", lambda: parse_dose("40 min"), DoseError, ("duration", "a mass")),
    ("concentration as dose", lambda: parse_dose("10 mg/mL"), DoseError, ("concentration",)),
    ("length as dose", lambda: parse_dose("35 cm"), DoseError, ("not a mass",)),
    ("zero", lambda: parse_dose("0 mg"), DoseError, ("'0 mg'", "above zero")),
    ("zero per kg", lambda: parse_dose("0 mg/kg"), DoseError, ("above zero",)),
    ("negative", lambda: parse_dose("-35 mg"), DoseError, ("'-35 mg'", "above zero")),
    ("negative per kg", lambda: parse_dose("-0.5 mg/kg"), DoseError, ("above zero",)),
    ("nan text", lambda: parse_dose("nan mg"), UnitError, ("'nan mg'", "number")),
    ("inf text", lambda: parse_dose("inf mg"), UnitError, ("'inf mg'",)),
    ("absurd mass", lambda: parse_dose("500 g"), DoseError, ("cannot be a human dose",)),
    ("absurd per kg", lambda: parse_dose("5000 mg/kg"), DoseError, ("cannot be a human dose",)),
    ("sum expression", lambda: parse_dose("1 mg + 1 g"), UnitError, ("expression",)),
    ("power expression", lambda: parse_dose("2**10 mg"), UnitError, ("expression",)),
    ("product expression", lambda: parse_dose("5*7 mg"), UnitError, ("expression",)),
    ("parentheses", lambda: parse_dose("35 (mg)"), UnitError, ("expression",)),
    ("exponent", lambda: parse_dose("1e3 mg"), UnitError, ("expression",)),
    ("comma decimal", lambda: parse_dose("0,5 mg/kg"), UnitError, ("comma", "0.5")),
    ("comma thousands", lambda: parse_dose("1,000 mg"), UnitError, ("comma",)),
    ("leading comma", lambda: parse_dose(",5 mg"), UnitError, ("comma",)),
    ("two numbers", lambda: parse_dose("35 35 mg"), UnitError, ("more than one number",)),
    ("none text", lambda: parse_dose(None), DoseError, ("None", "text")),  # type: ignore[arg-type]
    ("number not text", lambda: parse_dose(35), DoseError, ("35", "text")),  # type: ignore[arg-type]
    (
        "esketamine per kg",
        lambda: parse_dose("0.5 mg/kg", drug="esketamine"),
        DoseError,
        ("esketamine", "fixed mg", "esketamine.unit"),
    ),
    (
        "esketamine IV",
        lambda: parse_dose("56 mg", drug="esketamine", route="iv"),
        DoseError,
        ("'iv'", "intranasal", "esketamine.route"),
    ),
    (
        "esketamine oral",
        lambda: parse_dose("56 mg", drug="esketamine", route="oral"),
        DoseError,
        ("'oral'", "intranasal"),
    ),
    ("unknown drug", lambda: parse_dose("35 mg", drug="ketamin"), DoseError, ("'ketamin'",)),
    ("unknown route", lambda: parse_dose("35 mg", route="rectal"), DoseError, ("'rectal'",)),
    (
        "duration wrong kind",
        lambda: parse_dose("0.5 mg/kg over 40 mL"),
        UnitError,
        ("duration", "'40 mL'", "a volume"),
    ),
    (
        "duration zero",
        lambda: parse_dose("0.5 mg/kg over 0 min"),
        DoseError,
        ("duration", "above zero"),
    ),
    (
        "duration twice",
        lambda: parse_dose("0.5 mg/kg over 40 min", duration="30 min"),
        DoseError,
        ("given twice",),
    ),
    (
        "concentration wrong kind",
        lambda: parse_dose("35 mg at 10 mg"),
        UnitError,
        ("concentration", "a mass", "mg/mL"),
    ),
    (
        "concentration zero",
        lambda: parse_dose("35 mg at 0 mg/mL"),
        DoseError,
        ("concentration", "above zero"),
    ),
    (
        "weight in cm",
        lambda: parse_dose("0.5 mg/kg").resolve(weight=_q(70, "cm")),
        UnitError,
        ("weight", "'70 cm'", "a length", "kg"),
    ),
    (
        "weight as number",
        lambda: parse_dose("0.5 mg/kg").resolve(weight=70),  # type: ignore[arg-type]
        UnitError,
        ("weight", "70", "quantity"),
    ),
    (
        "weight zero",
        lambda: parse_dose("0.5 mg/kg").resolve(weight=_q(0, "kg")),
        DoseError,
        ("weight", "above zero"),
    ),
    (
        "weight negative on fixed dose",
        lambda: parse_dose("35 mg").resolve(weight=_q(-70, "kg")),
        DoseError,
        ("weight", "above zero"),
    ),
    (
        "weight mass per mass",
        lambda: parse_dose("35 mg").resolve(weight=_q(70, "mg/kg")),
        UnitError,
        ("weight", "mass per body mass"),
    ),
    ("quantity of bool", lambda: quantity(True, "mg"), UnitError, ("True", "bool", "number")),
    ("quantity of None", lambda: quantity(None, "mg"), UnitError, ("None", "number")),  # type: ignore[arg-type]
    ("quantity of nan", lambda: quantity(math.nan, "mg"), UnitError, ("finite",)),
    ("quantity of inf", lambda: quantity(math.inf, "kg"), UnitError, ("finite",)),
    ("quantity of text", lambda: quantity("35", "mg"), UnitError, ("'35'", "str")),  # type: ignore[arg-type]
    ("quantity unknown unit", lambda: quantity(35, "furlong"), UnitError, ("'furlong'",)),
    ("unit empty", lambda: parse_unit(""), UnitError, ("no unit",)),
    ("unit not text", lambda: parse_unit(5), UnitError, ("5", "int")),  # type: ignore[arg-type]
    (
        "convert across kinds",
        lambda: convert(_q(35, "mg"), "mL"),
        UnitError,
        ("'35 mg'", "measure different things"),
    ),
    (
        "parse wrong kind",
        lambda: parse_quantity("70 cm", kind="mass", field="weight"),
        UnitError,
        ("weight", "'70 cm'", "a length", "a mass"),
    ),
    (
        "checked magnitude of text",
        lambda: checked_magnitude("70 kg", "mass", "kg", field="weight"),
        UnitError,
        ("weight", "'70 kg'", "quantity"),
    ),
    (
        "fixed dose built with per-kg amount",
        lambda: FixedDose(amount=_q(0.5, "mg/kg")),
        UnitError,
        ("dose", "mass per body mass", "a mass"),
    ),
    (
        "weight-based dose built with mass",
        lambda: WeightBasedDose(amount=_q(35, "mg")),
        UnitError,
        ("dose", "a mass", "mg/kg"),
    ),
    (
        "rate without duration",
        lambda: parse_dose("35 mg").rate(weight=_q(70, "kg")),
        DoseError,
        ("duration", "over 40 min"),
    ),
    (
        "volume without concentration",
        lambda: parse_dose("35 mg").volume(weight=_q(70, "kg")),
        DoseError,
        ("concentration", "10 mg/mL"),
    ),
    (
        "devices of racemic",
        lambda: devices(parse_dose("56 mg", drug="ketamine")),
        DoseError,
        ("esketamine",),
    ),
    (
        "devices of part device",
        lambda: devices(parse_dose("50 mg", drug="esketamine", route="intranasal")),
        DoseError,
        ("'50 mg'", "whole number", "28"),
    ),
]


@pytest.mark.parametrize(
    ("call", "error", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_is_rejected_with_a_helpful_message(
    call: Callable[[], object], error: type[Exception], words: tuple[str, ...]
) -> None:
    with pytest.raises(error) as caught:
        call()
    assert isinstance(caught.value, KetacoreError)
    assert isinstance(caught.value, ValueError)
    message = str(caught.value)
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


def test_table_is_large_and_distinct() -> None:
    assert len(CASES) >= 40
    assert len({case[0] for case in CASES}) == len(CASES)


@pytest.mark.parametrize("age", [float("nan"), -3, True, 1.5, "x", 10**30])
def test_check_dose_rejects_a_bad_age(age: object) -> None:
    from ketacore.dose_checks import check_dose

    dose = parse_dose("28 mg", drug="esketamine", route="intranasal")
    with pytest.raises(DoseError) as caught:
        check_dose(dose, age=age)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("age", age)


@pytest.mark.parametrize("value", [10**400, -(10**400)])
def test_numbers_beyond_floating_point_are_unit_errors(value: int) -> None:
    with pytest.raises(UnitError) as caught:
        quantity(value, "mg")
    assert caught.value.expected == "a finite number"


def test_a_volume_as_a_dose_carries_its_field_and_says_what_a_dose_needs() -> None:
    with pytest.raises(DoseError) as caught:
        parse_dose("35 mL")
    assert (caught.value.field, caught.value.value) == ("dose", "35 mL")
    assert caught.value.expected == "a mass such as 'mg' or a mass per body mass such as 'mg/kg'"
    assert "which is a volume" in str(caught.value)


def test_drug_and_route_texts_share_one_reader() -> None:
    from ketacore.doses import Drug, Route

    assert Route.from_text("IV") is Route.IV
    assert Drug.from_text("racemic ketamine") is Drug.KETAMINE
    with pytest.raises(DoseError) as caught:
        Route.from_text("x" * 201)
    assert caught.value.field == "route"
    assert caught.value.fix == "write the route alone, such as 'iv'"


def test_require_kind_is_gone() -> None:
    import ketacore.units

    assert not hasattr(ketacore.units, "require_kind")
