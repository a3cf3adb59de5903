"""Plausibility checks for clinician-entered doses: findings, not exceptions.

A dose that *cannot* exist (a volume as a dose, esketamine in mg/kg, a body
weight of 70 g) is rejected when it is built. A dose that *can* exist but is probably a data-entry
error (35 mg/kg, an IV dose in the anaesthetic range, 0.5 mL drawn from the
wrong vial) is reported here as a :class:`DoseFinding`, so the clinician
confirms or corrects it.

The rules are the ketacore heuristics of section 3.6 of the clinical
reference: their ranges are sourced, their actions are ketacore's choice.

A rule that needs something not given (the patient's weight for the mg/kg
limits of a fixed IV dose, the route for a weight-based dose) is never passed
silently: a ``not_checked`` finding names the rules and what to supply.

>>> from ketacore.doses import parse_dose
>>> from ketacore.dose_checks import check_dose
>>> from ketacore.units import quantity
>>> dose = parse_dose("35 mg/kg over 40 min", drug="ketamine", route="iv")
>>> [f.rule.id for f in check_dose(dose, weight=quantity(70, "kg"))]
['iv.anaesthetic', 'unit.mg_per_kg_as_mg']
>>> [f.rule.id for f in check_dose(parse_dose("140 mg over 40 min", drug="ketamine", route="iv"))]
['not_checked.weight']
"""

from __future__ import annotations

import math
import re
from typing import Final

from ketacore._dose_rules import (
    _ADULT_KG,
    _ALL_ROUTE_RULES,
    _DEFAULT_MIN_INFUSION_MIN,
    _ESKETAMINE_DOSES_MG,
    _IM_SC_ANAESTHETIC,
    _IM_SC_HIGH,
    _IV_ANAESTHETIC,
    _IV_HIGH,
    _IV_LOW,
    _MG_LOOKS_LIKE_MG_PER_KG,
    _MG_PER_KG_LOOKS_LIKE_MG,
    _NEEDS,
    _ORAL_MG,
    _ORAL_MG_PER_KG,
    _PER_KG_RULES,
    _ROUTE_RULES,
    _RULES,
    _VOLUME_TOLERANCE,
    DOSE_RULES,
    DoseFinding,
    DoseRule,
    Severity,
)
from ketacore._dose_rules import (
    _ESKETAMINE_REDUCED_START_AGE as _ESKETAMINE_REDUCED_START_AGE,  # for courses
)
from ketacore._text import shown as _shown
from ketacore._units._format import _format_number
from ketacore._validators import check_age
from ketacore.doses import (
    ESKETAMINE_DEVICE,
    Dose,
    Drug,
    FixedDose,
    Route,
    WeightBasedDose,
    weight_in_kg,
)
from ketacore.exceptions import DoseError
from ketacore.units import Quantity, checked_magnitude, format_quantity

__all__ = [
    "DOSE_RULES",
    "DoseFinding",
    "DoseRule",
    "Severity",
    "check_dose",
]

# Documented, and pickled, as this module's (their home is the rule data).
for _public in (DoseFinding, DoseRule, Severity):
    _public.__module__ = __name__

_TRAILING_ZERO_RE: Final = re.compile(r"^\s*[+-]?\d+\.0+\s*[^\d.]")
_NAKED_DECIMAL_RE: Final = re.compile(r"^\s*[+-]?\.\d")


def _finding(rule_id: str, message: str) -> DoseFinding:
    return DoseFinding(_RULES[rule_id], message)


def _number(value: float) -> str:
    # 3 significant digits, never in exponent form: the rounding of format_quantity(digits=).
    return _format_number(value, 3)


def check_dose(
    dose: Dose,
    *,
    weight: Quantity | str | None = None,
    age: int | None = None,
    reduced_dose_plan: bool = False,
    volume: Quantity | None = None,
    min_infusion: Quantity | None = None,
) -> tuple[DoseFinding, ...]:
    """Return every plausibility finding for *dose*, most specific rules first.

    Rules that need something not given cannot run, and say so: mg/kg limits
    of a fixed dose need *weight*, route limits need the dose's route, the
    esketamine 28 mg start rule needs *age*. Each missing piece gives one
    finding of severity ``NOT_CHECKED`` that lists the rules it held back
    (:attr:`DoseFinding.skipped`) and how to supply it; no finding at all
    means every rule that applies was checked and passed.

    Args:
        dose: the dose as entered.
        weight: the patient's body weight (kg or lb), a quantity or text such as ``"70 kg"``.
        age: the patient's age in whole years.
        reduced_dose_plan: a documented reduced-dose plan allows 28 mg esketamine under 65.
        volume: the volume drawn up, if the clinician recorded one (checked against
            the dose's concentration).
        min_infusion: an IV infusion shorter than this is flagged (default 20 min).

    Raises:
        DoseError: an argument is not of the expected kind (e.g. weight in cm).
    """
    if not isinstance(dose, FixedDose | WeightBasedDose):
        raise DoseError(
            field="dose",
            value=dose,
            got=f"a {type(dose).__name__}",
            expected="a FixedDose or WeightBasedDose",
            fix="build one with ketacore.doses.parse_dose('35 mg')",
        )
    if age is not None:
        check_age(age, field="age", error=DoseError)
    findings: list[DoseFinding] = []
    unchecked: dict[str, list[str]] = {need: [] for need in _NEEDS}
    kilograms = None if weight is None else weight_in_kg(weight)
    milligrams: float | None
    if isinstance(dose, FixedDose):
        fixed_mg = checked_magnitude(dose.amount, "mass", "mg", field="dose")
        milligrams, per_kg = fixed_mg, None if kilograms is None else fixed_mg / kilograms
        if dose.drug is Drug.ESKETAMINE:
            findings.extend(_esketamine(fixed_mg, age, reduced_dose_plan))
            if age is None and math.isclose(fixed_mg, 28.0) and not reduced_dose_plan:
                unchecked["age"].append("esketamine.reduced_start")
        elif dose.drug is None:
            unchecked["drug"].append("esketamine.amount")
    else:
        per_kg = checked_magnitude(dose.amount, "mass/mass", "mg/kg", field="dose")
        milligrams = None if kilograms is None else per_kg * kilograms
    if dose.drug is Drug.KETAMINE:
        findings.extend(_racemic(dose, per_kg, milligrams, min_infusion))
        _racemic_unchecked(dose, per_kg, unchecked)
    elif dose.drug is None:
        route_rules = _ROUTE_RULES.get(dose.route) if dose.route is not None else None
        unchecked["drug"].extend(_ALL_ROUTE_RULES if route_rules is None else route_rules)
        if dose.route is None:
            unchecked["route"].extend(_ALL_ROUTE_RULES)
    findings.extend(_unit_confusion(dose, per_kg, milligrams, kilograms))
    if isinstance(dose, FixedDose) and kilograms is None and dose.drug is not Drug.ESKETAMINE:
        unchecked["weight"].append("unit.mg_as_mg_per_kg")
    if volume is not None:
        findings.extend(_volume(dose, volume, milligrams))
        if dose.concentration is not None and milligrams is None:
            unchecked["weight"].append("volume.mismatch")
    if kilograms is not None and not _ADULT_KG[0] <= kilograms <= _ADULT_KG[1]:
        findings.append(
            _finding(
                "weight.adult_range",
                f"weight {_number(kilograms)} kg is outside {_ADULT_KG[0]:g}-{_ADULT_KG[1]:g} "
                "kg, the adult range ketacore checks doses for; confirm the weight and its "
                "unit (a weight in g or lb entered as kg?)",
            )
        )
    if dose.text is not None:
        shown = dose.text.strip()
        if _TRAILING_ZERO_RE.match(shown):
            findings.append(
                _finding(
                    "text.trailing_zero",
                    f"dose {_shown(shown)} has a trailing zero; write it without, e.g. "
                    f"'{format_quantity(dose.amount)}'",
                )
            )
        if _NAKED_DECIMAL_RE.match(shown):
            findings.append(
                _finding(
                    "text.naked_decimal",
                    f"dose {_shown(shown)} has no leading zero; write "
                    f"{_shown('0' + shown.lstrip('+'))}",
                )
            )
    findings.extend(_not_checked(unchecked))
    return tuple(findings)


def _racemic_unchecked(dose: Dose, per_kg: float | None, unchecked: dict[str, list[str]]) -> None:
    """Record the racemic route rules that could not run for this dose."""
    if dose.route is None:
        unchecked["route"].extend(_ALL_ROUTE_RULES)
        return
    rules = _ROUTE_RULES[dose.route]
    if per_kg is None:  # a fixed dose without a weight: the mg/kg limits cannot run
        unchecked["weight"].extend(rule for rule in rules if rule in _PER_KG_RULES)
    if dose.route is Route.IV and dose.duration is None:
        unchecked["duration"].append("iv.short_infusion")


def _not_checked(unchecked: dict[str, list[str]]) -> list[DoseFinding]:
    findings = []
    for need, rules in unchecked.items():
        ids = [rule.id for rule in DOSE_RULES if rule.id in rules]  # in DOSE_RULES order
        if ids:
            they = "it needs" if len(ids) == 1 else "they need"
            findings.append(
                DoseFinding(
                    _RULES[f"not_checked.{need}"],
                    f"not checked: {', '.join(ids)}; {they} {_NEEDS[need]}",
                    tuple(ids),
                )
            )
    return findings


def _esketamine(milligrams: float, age: int | None, plan: bool) -> list[DoseFinding]:
    if not any(math.isclose(milligrams, allowed) for allowed in _ESKETAMINE_DOSES_MG):
        return [
            _finding(
                "esketamine.amount",
                f"esketamine {_number(milligrams)} mg is not a session dose; give 28, 56 or "
                f"84 mg ({ESKETAMINE_DEVICE:g} mg per device, at most 3 devices)",
            )
        ]
    if (
        math.isclose(milligrams, 28.0)
        and age is not None
        and age < _ESKETAMINE_REDUCED_START_AGE
        and not plan
    ):
        return [
            _finding(
                "esketamine.reduced_start",
                f"esketamine 28 mg for a patient aged {age}: the 28 mg start is for patients 65 "
                "or older; record a reduced-dose plan or give 56 mg",
            )
        ]
    return []


def _racemic(
    dose: Dose, per_kg: float | None, milligrams: float | None, min_infusion: Quantity | None
) -> list[DoseFinding]:
    findings: list[DoseFinding] = []
    route = dose.route
    if route is Route.IV:
        if per_kg is not None:
            if per_kg > _IV_ANAESTHETIC:
                findings.append(
                    _finding(
                        "iv.anaesthetic",
                        f"IV ketamine {_number(per_kg)} mg/kg is above {_IV_ANAESTHETIC} mg/kg, "
                        "the anaesthetic-induction range; the depression dose is 0.5 mg/kg",
                    )
                )
            elif per_kg > _IV_HIGH:
                findings.append(
                    _finding(
                        "iv.high",
                        f"IV ketamine {_number(per_kg)} mg/kg is above the studied "
                        f"{_IV_LOW}-{_IV_HIGH} mg/kg; confirm it is intended",
                    )
                )
            elif per_kg < _IV_LOW:
                findings.append(
                    _finding(
                        "iv.low",
                        f"IV ketamine {_number(per_kg)} mg/kg is below the studied "
                        f"{_IV_LOW}-{_IV_HIGH} mg/kg; confirm it is intended",
                    )
                )
        if dose.duration is not None:
            minutes = checked_magnitude(dose.duration, "time", "min", field="duration")
            threshold = (
                _DEFAULT_MIN_INFUSION_MIN
                if min_infusion is None
                else checked_magnitude(min_infusion, "time", "min", field="min_infusion")
            )
            if minutes < threshold:
                findings.append(
                    _finding(
                        "iv.short_infusion",
                        f"IV infusion over {_number(minutes)} min is shorter than "
                        f"{_number(threshold)} min; the standard is 40 min",
                    )
                )
    elif route in (Route.IM, Route.SC) and per_kg is not None:
        if per_kg >= _IM_SC_ANAESTHETIC:
            findings.append(
                _finding(
                    "im_sc.anaesthetic",
                    f"{route.value.upper()} ketamine {_number(per_kg)} mg/kg is in the IM "
                    f"anaesthetic range (from {_IM_SC_ANAESTHETIC} mg/kg)",
                )
            )
        elif per_kg > _IM_SC_HIGH:
            findings.append(
                _finding(
                    "im_sc.high",
                    f"{route.value.upper()} ketamine {_number(per_kg)} mg/kg is above the "
                    f"{_IM_SC_HIGH} mg/kg studied for depression; confirm it is intended",
                )
            )
    elif route in (Route.ORAL, Route.SUBLINGUAL):
        if isinstance(dose, WeightBasedDose) and per_kg is not None:
            low, high, value, unit = *_ORAL_MG_PER_KG, per_kg, "mg/kg"
        elif milligrams is not None:
            low, high, value, unit = *_ORAL_MG, milligrams, "mg"
        else:
            return findings
        if not low <= value <= high:
            findings.append(
                _finding(
                    "oral.range",
                    f"{route.value} ketamine {_number(value)} {unit} is outside the published "
                    f"{low:g}-{high:g} {unit}; confirm it is intended",
                )
            )
    return findings


def _unit_confusion(
    dose: Dose, per_kg: float | None, milligrams: float | None, kilograms: float | None
) -> list[DoseFinding]:
    if isinstance(dose, WeightBasedDose) and per_kg is not None:
        # Oral doses up to 7 mg/kg are published (Andrade 2019; reference 3.4), so for
        # them the mg-vs-mg/kg suspicion starts above the oral range instead of at 5.
        oral = dose.route in (Route.ORAL, Route.SUBLINGUAL)
        limit = _ORAL_MG_PER_KG[1] if oral else _MG_PER_KG_LOOKS_LIKE_MG
        if per_kg > limit:
            hint = (
                ""
                if kilograms is None
                else f" ({_number(per_kg / kilograms)} mg/kg for {_number(kilograms)} kg)"
            )
            return [
                _finding(
                    "unit.mg_per_kg_as_mg",
                    f"{_number(per_kg)} mg/kg is above {limit:g} mg/kg; "
                    f"probably {_number(per_kg)} mg{hint} was meant",
                )
            ]
    elif (
        isinstance(dose, FixedDose)
        and milligrams is not None
        and kilograms is not None
        and milligrams / kilograms < _MG_LOOKS_LIKE_MG_PER_KG
    ):
        return [
            _finding(
                "unit.mg_as_mg_per_kg",
                f"{_number(milligrams)} mg is {_number(milligrams / kilograms)} mg/kg for "
                f"{_number(kilograms)} kg; probably {_number(milligrams)} mg/kg was meant",
            )
        ]
    return []


def _volume(dose: Dose, volume: Quantity, milligrams: float | None) -> list[DoseFinding]:
    millilitres = checked_magnitude(volume, "volume", "mL", field="volume")
    if dose.concentration is None:
        return [
            _finding(
                "volume.no_concentration",
                f"volume {format_quantity(volume)} was recorded without a concentration; at "
                f"10 mg/mL it holds {_number(millilitres * 10)} mg, at 100 mg/mL "
                f"{_number(millilitres * 100)} mg; record the vial strength",
            )
        ]
    if milligrams is None:
        return []
    per_ml = checked_magnitude(dose.concentration, "mass/volume", "mg/mL", field="concentration")
    held = millilitres * per_ml
    if math.isclose(held, milligrams, rel_tol=_VOLUME_TOLERANCE):
        return []
    ratio = held / milligrams
    hint = ""
    if math.isclose(ratio, 10, rel_tol=_VOLUME_TOLERANCE) or math.isclose(
        ratio, 0.1, rel_tol=_VOLUME_TOLERANCE
    ):
        hint = "; a tenfold difference: check 10 vs 100 mg/mL vials"
    return [
        _finding(
            "volume.mismatch",
            f"{format_quantity(volume)} at {format_quantity(dose.concentration)} holds "
            f"{_number(held)} mg, but the dose is {_number(milligrams)} mg; draw up "
            f"{_number(milligrams / per_ml)} mL{hint}",
        )
    ]
