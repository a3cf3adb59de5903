"""Dose plausibility rules (clinical reference 3.6): worked examples and thresholds."""

from __future__ import annotations

import pytest

from ketacore import DoseError, UnitError
from ketacore.dose_checks import DOSE_RULES, Severity, check_dose
from ketacore.doses import parse_dose
from ketacore.units import quantity

KG70 = quantity(70, "kg")


def _ids(text: str, **kwargs: object) -> list[str]:
    """The plausibility findings (rules that could not run are tested on their own below)."""
    weight = kwargs.pop("weight", KG70)
    age = kwargs.pop("age", None)
    volume = kwargs.pop("volume", None)
    dose = parse_dose(text, **kwargs)  # type: ignore[arg-type]
    findings = check_dose(dose, weight=weight, age=age, volume=volume)  # type: ignore[arg-type]
    return [f.rule.id for f in findings if f.severity is not Severity.NOT_CHECKED]


def test_d14_esketamine_in_mg_per_kg_is_an_error() -> None:
    # Reference D14: 0.5 entered as mg/kg for esketamine -> error (dosed in fixed mg)
    with pytest.raises(DoseError, match=r"esketamine\.unit"):
        parse_dose("0.5 mg/kg", drug="esketamine", route="intranasal")


def test_d15_35_mg_per_kg_flagged_as_probably_35_mg() -> None:
    # Reference D15: "35 mg/kg" for a 70 kg patient -> probably 35 mg (0.5 mg/kg)
    findings = check_dose(parse_dose("35 mg/kg", drug="ketamine", route="iv"), weight=KG70)
    confusion = [f for f in findings if f.rule.id == "unit.mg_per_kg_as_mg"]
    assert len(confusion) == 1
    assert "35 mg" in confusion[0].message
    assert "0.5 mg/kg" in confusion[0].message


def test_standard_iv_dose_is_clean() -> None:
    assert _ids("0.5 mg/kg over 40 min", drug="ketamine", route="iv") == []
    assert _ids("35 mg over 40 min", drug="ketamine", route="iv") == []


@pytest.mark.parametrize(
    ("per_kg", "expected"),
    [
        (0.09, ["iv.low"]),
        (0.1, []),
        (0.75, []),
        (0.76, ["iv.high"]),
        (1, ["iv.high"]),
        (1.01, ["iv.anaesthetic"]),
    ],
)
def test_iv_thresholds(per_kg: float | int, expected: list[str]) -> None:
    # Warn below 0.1 or above 0.75 mg/kg; error above 1.0 mg/kg (reference 3.6)
    assert _ids(f"{per_kg} mg/kg", drug="ketamine", route="iv") == expected


def test_iv_thresholds_apply_to_fixed_doses_through_weight() -> None:
    # 84 mg for 70 kg = 1.2 mg/kg -> anaesthetic range
    assert _ids("84 mg", drug="ketamine", route="iv") == ["iv.anaesthetic"]
    # without a weight the per-kg rules cannot run, and the result says so
    dose = parse_dose("84 mg over 40 min", drug="ketamine", route="iv")
    (finding,) = check_dose(dose)
    assert finding.severity is Severity.NOT_CHECKED
    assert finding.rule.id == "not_checked.weight"
    assert finding.skipped == ("iv.low", "iv.high", "iv.anaesthetic", "unit.mg_as_mg_per_kg")


@pytest.mark.parametrize(
    ("per_kg", "expected"),
    [(0.5, []), (0.51, ["im_sc.high"]), (6.49, ["im_sc.high", "unit.mg_per_kg_as_mg"])],
)
def test_im_thresholds(per_kg: float, expected: list[str]) -> None:
    # Warn above 0.5 mg/kg; error at >= 6.5 mg/kg (reference 3.6)
    assert _ids(f"{per_kg} mg/kg", drug="ketamine", route="im") == expected


def test_sc_anaesthetic_range() -> None:
    assert _ids("6.5 mg/kg", drug="ketamine", route="sc") == [
        "im_sc.anaesthetic",
        "unit.mg_per_kg_as_mg",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25 mg", []),
        ("300 mg", []),
        ("24 mg", ["oral.range"]),
        ("301 mg", ["oral.range"]),
        ("0.25 mg/kg", []),
        ("0.24 mg/kg", ["oral.range"]),
        ("5 mg/kg", []),
        ("6 mg/kg", []),
        ("7 mg/kg", []),
        ("8 mg/kg", ["oral.range", "unit.mg_per_kg_as_mg"]),
    ],
)
def test_oral_range(text: str, expected: list[str]) -> None:
    # 0.25-7 mg/kg or 25-300 mg per dose (Andrade 2019; reference 3.4)
    assert _ids(text, drug="ketamine", route="oral") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("28 mg", []), ("56 mg", []), ("84 mg", []), ("42 mg", ["esketamine.amount"])],
)
def test_esketamine_amounts(text: str, expected: list[str]) -> None:
    assert _ids(text, drug="esketamine", route="intranasal", age=70) == expected


def test_esketamine_above_maximum() -> None:
    assert _ids("112 mg", drug="esketamine", route="intranasal") == ["esketamine.amount"]


def test_esketamine_28_mg_under_65_warns_unless_planned() -> None:
    dose = parse_dose("28 mg", drug="esketamine", route="intranasal")
    assert [f.rule.id for f in check_dose(dose, age=64)] == ["esketamine.reduced_start"]
    assert check_dose(dose, age=65) == ()
    assert check_dose(dose, age=40, reduced_dose_plan=True) == ()


def test_unit_confusion_fixed_dose_too_small_per_kg() -> None:
    # 3 mg for 70 kg = 0.043 mg/kg < 0.05 -> probably mg/kg (also below IV studied range)
    assert _ids("3 mg", drug="ketamine", route="iv") == ["iv.low", "unit.mg_as_mg_per_kg"]
    assert "unit.mg_as_mg_per_kg" not in _ids("3.5 mg", drug="ketamine", route="iv")


def test_ten_fold_vial_trap() -> None:
    dose = parse_dose("35 mg over 40 min at 100 mg/mL", drug="ketamine", route="iv")
    findings = check_dose(dose, weight=KG70, volume=quantity(3.5, "mL"))
    assert [f.rule.id for f in findings] == ["volume.mismatch"]
    assert "10 vs 100 mg/mL" in findings[0].message
    assert "0.35 mL" in findings[0].message
    assert check_dose(dose, weight=KG70, volume=quantity(0.35, "mL")) == ()


def test_volume_without_concentration() -> None:
    findings = check_dose(parse_dose("35 mg"), volume=quantity(3.5, "mL"))
    checked = [f.rule.id for f in findings if f.severity is not Severity.NOT_CHECKED]
    assert checked == ["volume.no_concentration"]


def test_short_infusion() -> None:
    assert _ids("0.5 mg/kg over 5 min", drug="ketamine", route="iv") == ["iv.short_infusion"]
    dose = parse_dose("0.5 mg/kg over 30 min", drug="ketamine", route="iv")
    assert [f.rule.id for f in check_dose(dose, min_infusion=quantity(35, "min"))] == [
        "iv.short_infusion"
    ]


def test_ismp_error_prone_forms() -> None:
    assert _ids("35.0 mg") == ["text.trailing_zero"]
    assert _ids(".5 mg/kg") == ["text.naked_decimal"]
    assert _ids("0.5 mg/kg") == []


def test_every_rule_cites_a_source_and_ids_are_unique() -> None:
    assert len({rule.id for rule in DOSE_RULES}) == len(DOSE_RULES)
    for rule in DOSE_RULES:
        assert rule.source.strip()
        assert isinstance(rule.severity, Severity)


def test_bad_weight_is_rejected() -> None:
    with pytest.raises(UnitError) as not_a_mass:
        check_dose(parse_dose("35 mg"), weight=quantity(70, "cm"))
    assert not_a_mass.value.field == "weight"
    assert not_a_mass.value.expected == "a mass such as '70 kg'"
    with pytest.raises(DoseError) as zero:
        check_dose(parse_dose("35 mg"), weight=quantity(0, "kg"))
    assert (zero.value.field, zero.value.expected) == ("weight", "a body weight above zero")


# -- issue 10, clinical default 5: checks that could not run are reported ---------------


def _unchecked(dose_text: str, **kwargs: object) -> dict[str, tuple[str, ...]]:
    check = {k: kwargs.pop(k) for k in ("weight", "age") if k in kwargs}
    findings = check_dose(parse_dose(dose_text, **kwargs), **check)  # type: ignore[arg-type]
    return {f.rule.id: f.skipped for f in findings if f.severity is Severity.NOT_CHECKED}


def test_fixed_iv_dose_without_weight_says_what_was_not_checked() -> None:
    # Issue example: 140 mg IV with no weight gave no findings at all.
    findings = check_dose(parse_dose("140 mg over 40 min", drug="ketamine", route="iv"))
    assert [f.rule.id for f in findings] == ["not_checked.weight"]
    assert "weight=quantity(70, 'kg')" in findings[0].message
    assert "iv.anaesthetic" in findings[0].message


def test_weight_based_dose_without_route_says_what_was_not_checked() -> None:
    # Issue example: 2 mg/kg with no route gave no findings at all.
    skipped = _unchecked("2 mg/kg", drug="ketamine")
    assert list(skipped) == ["not_checked.route"]
    assert "iv.anaesthetic" in skipped["not_checked.route"]
    assert "im_sc.anaesthetic" in skipped["not_checked.route"]
    assert "oral.range" in skipped["not_checked.route"]


def test_missing_drug_age_and_duration_are_reported() -> None:
    assert list(_unchecked("35 mg", weight=KG70)) == ["not_checked.drug", "not_checked.route"]
    assert _unchecked("28 mg", drug="esketamine", route="intranasal") == {
        "not_checked.age": ("esketamine.reduced_start",)
    }
    assert _unchecked("0.5 mg/kg", drug="ketamine", route="iv") == {
        "not_checked.duration": ("iv.short_infusion",)
    }


def test_nothing_is_reported_unchecked_when_all_context_is_given() -> None:
    assert _unchecked("0.5 mg/kg over 40 min", drug="ketamine", route="iv") == {}
    assert _unchecked("56 mg", drug="esketamine", route="intranasal", age=40) == {}
    assert _unchecked("140 mg over 40 min", drug="ketamine", route="iv", weight=KG70) == {}
    assert _unchecked("100 mg", drug="ketamine", route="oral", weight=KG70) == {}
    assert _unchecked("100 mg", drug="ketamine", route="oral") == {
        "not_checked.weight": ("unit.mg_as_mg_per_kg",)
    }


def test_every_not_checked_rule_is_data_with_a_source() -> None:
    not_checked = [rule for rule in DOSE_RULES if rule.severity is Severity.NOT_CHECKED]
    assert {rule.id for rule in not_checked} == {
        "not_checked.drug",
        "not_checked.route",
        "not_checked.weight",
        "not_checked.age",
        "not_checked.duration",
    }


# -- issue 10, clinical default 1: body weight -------------------------------------------


@pytest.mark.parametrize("text", ["70 mg", "70 g", "0.1 kg", "0.3 lb", "701 kg", "1600 lb"])
def test_a_weight_that_cannot_be_a_person_is_refused(text: str) -> None:
    from ketacore.units import parse_quantity

    weight = parse_quantity(text)
    dose = parse_dose("0.5 mg/kg", drug="ketamine", route="iv")
    with pytest.raises(DoseError, match="cannot be a person's body weight") as caught:
        dose.resolve(weight=weight)
    assert "'70 kg' or '154 lb'" in str(caught.value)
    with pytest.raises(DoseError, match="cannot be a person's body weight"):
        check_dose(dose, weight=weight)


def test_the_lightest_surviving_newborn_is_a_possible_weight() -> None:
    # 212 g (Guinness World Records, lightest birth) must not be refused.
    dose = parse_dose("0.5 mg/kg", drug="ketamine", route="iv")
    assert dose.resolve(weight=quantity(212, "g")) == quantity(0.106, "mg")


@pytest.mark.parametrize(
    ("weight", "flagged"),
    [
        (quantity(29.9, "kg"), True),
        (quantity(30, "kg"), False),
        (quantity(250, "kg"), False),
        (quantity(251, "kg"), True),
        (quantity(600, "lb"), True),
        (quantity(154, "lb"), False),
        (quantity(1, "kg"), True),
    ],
)
def test_weights_outside_the_adult_range_are_flagged(weight: object, flagged: bool) -> None:
    dose = parse_dose("0.5 mg/kg over 40 min", drug="ketamine", route="iv")
    ids = [f.rule.id for f in check_dose(dose, weight=weight)]  # type: ignore[arg-type]
    assert ("weight.adult_range" in ids) is flagged


@pytest.mark.parametrize(
    "text", ["1500 mg", "35 mg", "20 mg/kg", "100 mg/kg", "0.5 mg/kg over 2 min", "3000 mg"]
)
@pytest.mark.parametrize("weight", ["70 kg", "14 kg", "680 kg"])
def test_finding_numbers_are_never_in_exponent_form(text: str, weight: str) -> None:
    """Findings round as ``format_quantity(digits=)`` does: ``1230``, never ``1.23e+03``."""
    from ketacore.doses import parse_dose

    for route in ("iv", "im", "oral"):
        dose = parse_dose(text, drug="ketamine", route=route)
        for finding in check_dose(dose, weight=weight, age=40):
            assert "e+" not in finding.message
            assert "e-0" not in finding.message
