"""Dose records: what a clinician entered, what it means, and the arithmetic on it.

A dose is either a :class:`FixedDose` (a mass, ``35 mg``) or a
:class:`WeightBasedDose` (a mass per body mass, ``0.5 mg/kg``): separate types,
because they mean different things. Both keep the text as it was entered.

>>> from ketacore.doses import parse_dose
>>> from ketacore.units import quantity
>>> dose = parse_dose("0.5 mg/kg over 40 min")
>>> dose.resolve(weight=quantity(70, "kg"))
<Quantity(35.0, 'milligram')>
>>> dose.rate(weight=quantity(70, "kg"))
<Quantity(0.875, 'milligram / minute')>

Every calculation is pure and returns a quantity; nothing drops its unit.
Plausibility checks (which return findings rather than raising) live in
:mod:`ketacore.dose_checks`.
"""

from __future__ import annotations

import abc
import enum
import functools
import math
import re
from typing import Any, Final, TypeAlias, cast

import attrs

from ketacore._choices import choose
from ketacore._text import MAX_TEXT_LENGTH, shown, too_long
from ketacore.exceptions import DoseError, UnitError, ValidationError
from ketacore.units import (
    Kind,
    Quantity,
    _hold,
    _hold_optional,
    checked_magnitude,
    convert,
    format_quantity,
    magnitude,
    parse_quantity,
    parse_quantity_kind,
    parse_unit,
    quantity,
)

__all__ = [
    "ESKETAMINE_DEVICE",
    "Dose",
    "Drug",
    "FixedDose",
    "Route",
    "WeightBasedDose",
    "devices",
    "parse_dose",
    "weight_in_kg",
]


class Drug(enum.Enum):
    """The ketamine product given."""

    KETAMINE = "ketamine"
    """Racemic ketamine (R,S-ketamine), off-label for depression."""
    ESKETAMINE = "esketamine"
    """S-ketamine, licensed as an intranasal spray (Spravato)."""

    @classmethod
    def from_text(cls, value: Drug | str) -> Drug:
        """Return the drug for an enum member or its value, in any case (``"Esketamine"``).

        Raises:
            DoseError: the text names no drug ketacore knows.
        """
        _refuse_long_name(value, "drug", "ketamine")
        return choose(cls, value, field="drug", error=DoseError, aliases=_DRUG_ALIASES)


class Route(enum.Enum):
    """How a dose is given."""

    IV = "iv"
    """Intravenous."""
    IM = "im"
    """Intramuscular."""
    SC = "sc"
    """Subcutaneous."""
    INTRANASAL = "intranasal"
    """Intranasal (the esketamine device)."""
    ORAL = "oral"
    """By mouth, swallowed."""
    SUBLINGUAL = "sublingual"
    """Under the tongue (or buccal)."""

    @classmethod
    def from_text(cls, value: Route | str) -> Route:
        """Return the route for an enum member, its value, or a common spelling (``"IV"``).

        Raises:
            DoseError: the text names no route ketacore knows.
        """
        _refuse_long_name(value, "route", "iv")
        return choose(cls, value, field="route", error=DoseError, aliases=_ROUTE_ALIASES)


def _refuse_long_name(value: object, field: str, example: str) -> None:
    if isinstance(value, str) and too_long(value, field) is not None:
        raise DoseError(
            f"{field}: got {shown(value)}, which is longer than the {MAX_TEXT_LENGTH} "
            f"characters ketacore reads; write the {field} alone, such as {example!r}"
        )


_DRUG_ALIASES: Final = {"racemic ketamine": Drug.KETAMINE, "s ketamine": Drug.ESKETAMINE}
_ROUTE_ALIASES: Final[dict[str, Route]] = {
    "intravenous": Route.IV,
    "intramuscular": Route.IM,
    "subcutaneous": Route.SC,
    "subcut": Route.SC,
    "in": Route.INTRANASAL,
    "nasal": Route.INTRANASAL,
    "po": Route.ORAL,
    "by mouth": Route.ORAL,
    "sl": Route.SUBLINGUAL,
    "buccal": Route.SUBLINGUAL,
}

# Routes each drug is given by. Esketamine is licensed only as an intranasal
# device (Spravato US PI / EU SmPC; clinical reference 3.3 and 3.6). Racemic
# ketamine is given IV, IM, SC, orally, sublingually and intranasally
# (clinical reference 3.1, 3.2, 3.4).
_ROUTES: Final[dict[Drug, frozenset[Route]]] = {
    Drug.KETAMINE: frozenset(Route),
    Drug.ESKETAMINE: frozenset({Route.INTRANASAL}),
}

ESKETAMINE_DEVICE: Final = 28.0
"""Milligrams of esketamine per intranasal device (Spravato US PI; reference 3.3)."""

# Hard limits on what can be a dose at all. They are not clinical limits (those
# are plausibility findings in ketacore.dose_checks); they catch values that
# cannot be a human dose by any route. The largest labelled ketamine dose is
# 13 mg/kg IM (Ketalar induction, reference 3.1), far below both.
_MAX_MASS_MG: Final = 100_000.0
_MAX_MG_PER_KG: Final = 1_000.0
_MAX_DURATION_MIN: Final = 24 * 60.0

# Hard limits on what can be a person's body weight, in kg. Below the lightest
# newborn known to have survived, Kwek Yu Xuan, 212 g at birth (Singapore, 2020;
# Guinness World Records "lightest birth", verified by the University of Iowa's
# Tiniest Babies Registry in 2021), a weight is a unit slip ('70 g', '70 mg');
# ketacore refuses below 200 g. No person has weighed 700 kg: the heaviest on
# record, Jon Brower Minnoch, was estimated at about 635 kg (Guinness World
# Records "heaviest man ever"). Weights possible for a person but outside the
# adult population ketacore serves are findings of ketacore.dose_checks.
_MIN_BODY_KG: Final = 0.2
_MAX_BODY_KG: Final = 700.0
_WEIGHT_EXAMPLE: Final = "70 kg"


def _amount_kind(expected: Kind, limit: float, unit: str) -> Any:
    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        number = checked_magnitude(value, expected, unit, field="dose")
        if not 0 < number <= limit:
            described = shown(format_quantity(value))
            if number <= 0:
                raise DoseError(
                    f"dose: got {described}; expected an amount above zero; "
                    "a dose that was not given is not recorded as a dose"
                )
            raise DoseError(
                f"dose: got {described}, which is above {limit:g} {unit} "
                "and cannot be a human dose; check the number and the unit"
            )

    return validate


def _optional_duration(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        number = checked_magnitude(value, "time", "min", field="duration")
        if not 0 < number <= _MAX_DURATION_MIN:
            raise DoseError(
                f"duration: got {shown(format_quantity(value))}; expected a duration above "
                "zero and at most 24 h; write it as for example '40 min'"
            )


def _optional_concentration(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if (
        value is not None
        and not checked_magnitude(value, "mass/volume", "mg/mL", field="concentration") > 0
    ):
        raise DoseError(
            f"concentration: got {shown(format_quantity(value))}; expected a concentration "
            "above zero such as '10 mg/mL'"
        )


def _drug_route(instance: _DoseBase, attribute: attrs.Attribute[Any], value: Any) -> None:
    if instance.drug is None or instance.route is None:
        return
    if instance.route not in _ROUTES[instance.drug]:
        allowed = sorted(r.value for r in _ROUTES[instance.drug])
        raise DoseError(
            f"route: got {instance.route.value!r} for {instance.drug.value}; expected one of "
            f"{allowed}; esketamine is licensed only as an intranasal device "
            "(rule esketamine.route, Spravato US PI)"
        )


def _to_drug(value: Drug | str | None) -> Drug | None:
    return None if value is None else Drug.from_text(value)


def _to_route(value: Route | str | None) -> Route | None:
    return None if value is None else Route.from_text(value)


@attrs.frozen(kw_only=True)
class _DoseBase(abc.ABC):
    """Fields and arithmetic shared by fixed and weight-based doses."""

    drug: Drug | None = attrs.field(default=None, converter=_to_drug)
    route: Route | None = attrs.field(default=None, converter=_to_route, validator=_drug_route)
    duration: Quantity | None = attrs.field(
        default=None, converter=_hold_optional, validator=_optional_duration
    )
    concentration: Quantity | None = attrs.field(
        default=None, converter=_hold_optional, validator=_optional_concentration
    )
    text: str | None = attrs.field(default=None, eq=False)

    @abc.abstractmethod
    def resolve(self, *, weight: Quantity) -> Quantity:
        """Return the mass to give to a patient of this *weight*."""

    def per_weight(self, *, weight: Quantity) -> Quantity:
        """Return the dose as mass per body mass (mg/kg) for a patient of this *weight*."""
        milligrams = magnitude(self.resolve(weight=weight), _unit("mg"))
        return quantity(milligrams / weight_in_kg(weight), _unit("mg/kg"))

    def rate(self, *, weight: Quantity) -> Quantity:
        """Return the infusion rate in mg/min (needs a duration).

        Raises:
            DoseError: the dose has no infusion duration.
        """
        milligrams = magnitude(self.resolve(weight=weight), _unit("mg"))
        return quantity(milligrams / self._minutes("rate"), _unit("mg/min"))

    def rate_per_weight(self, *, weight: Quantity) -> Quantity:
        """Return the infusion rate in mg/kg/h (needs a duration)."""
        per_kg = magnitude(self.per_weight(weight=weight), _unit("mg/kg"))
        return quantity(per_kg / (self._minutes("rate") / 60.0), _unit("mg/kg/h"))

    def volume(self, *, weight: Quantity) -> Quantity:
        """Return the volume to draw up, in mL (needs a concentration).

        Raises:
            DoseError: the dose has no concentration.
        """
        milligrams = magnitude(self.resolve(weight=weight), _unit("mg"))
        return quantity(milligrams / self._mg_per_ml("volume"), _unit("mL"))

    def volume_rate(self, *, weight: Quantity) -> Quantity:
        """Return the pump rate in mL/h (needs a duration and a concentration)."""
        millilitres = magnitude(self.volume(weight=weight), _unit("mL"))
        return quantity(millilitres / (self._minutes("volume rate") / 60.0), _unit("mL/h"))

    def _minutes(self, what: str) -> float:
        if self.duration is None:
            raise DoseError(
                f"duration: this dose has none, so its {what} is unknown; "
                "give the infusion time, for example parse_dose('0.5 mg/kg over 40 min')"
            )
        return magnitude(self.duration, _unit("min"))

    def _mg_per_ml(self, what: str) -> float:
        if self.concentration is None:
            raise DoseError(
                f"concentration: this dose has none, so its {what} is unknown; "
                "give the strength, for example parse_dose('35 mg at 10 mg/mL')"
            )
        return magnitude(self.concentration, _unit("mg/mL"))


def weight_in_kg(weight: object) -> float:
    """Return a body weight in kg after checking it can be a person's weight.

    A weight is refused below 200 g (the lightest newborn known to have
    survived weighed 212 g) and above 700 kg: ``70 g`` or ``70 mg`` is a unit
    slip, not a patient.

    >>> from ketacore.units import quantity
    >>> weight_in_kg(quantity(154, "lb"))
    69.8532249...
    >>> weight_in_kg(quantity(70, "g"))
    Traceback (most recent call last):
    ketacore.exceptions.DoseError: weight: got '70 g', which cannot be a person's body weight; ...

    Raises:
        UnitError: *weight* is not a mass (``70 cm``) or not a quantity.
        DoseError: *weight* is not a possible body weight (0.2 kg to 700 kg).
    """
    kilograms = checked_magnitude(weight, "mass", "kg", field="weight", example=_WEIGHT_EXAMPLE)
    if not _MIN_BODY_KG <= kilograms <= _MAX_BODY_KG:
        raise _not_a_body_weight(weight, kilograms, "weight", DoseError)
    return kilograms


def _body_weight_kg(weight: object, *, field: str, error: type[ValidationError]) -> float:
    """Check that *weight* can be a person's body weight and return it in kg (one rule)."""
    kilograms = checked_magnitude(weight, "mass", "kg", field=field, example=_WEIGHT_EXAMPLE)
    if not _MIN_BODY_KG <= kilograms <= _MAX_BODY_KG:
        raise _not_a_body_weight(weight, kilograms, field, error)
    return kilograms


def _not_a_body_weight(
    weight: object, kilograms: float, field: str, error: type[ValidationError]
) -> ValidationError:
    described = shown(format_quantity(cast(Quantity, weight)))
    if kilograms <= 0:
        expected = "expected a body weight above zero"
    elif kilograms < _MIN_BODY_KG:
        expected = (
            f"which cannot be a person's body weight; expected at least {_MIN_BODY_KG:g} kg "
            "(the lightest newborn known to have survived weighed 212 g)"
        )
    else:
        expected = (
            f"which cannot be a person's body weight; expected at most {_MAX_BODY_KG:g} kg "
            "(no person on record has weighed more)"
        )
    return error(
        f"{field}: got {described}, {expected}; check the number and the unit, "
        "such as '70 kg' or '154 lb'"
    )


@functools.cache
def _unit(text: str) -> Any:
    return parse_unit(text)


@attrs.frozen(kw_only=True)
class FixedDose(_DoseBase):
    """A dose written as a mass, such as ``35 mg`` or ``56 mg`` of esketamine.

    >>> from ketacore.doses import FixedDose
    >>> from ketacore.units import quantity
    >>> FixedDose(amount=quantity(56, "mg"), drug="esketamine", route="intranasal")
    FixedDose(drug=<Drug.ESKETAMINE: 'esketamine'>, route=<Route.INTRANASAL: 'intranasal'>, ...)
    """

    amount: Quantity = attrs.field(
        converter=_hold, validator=_amount_kind("mass", _MAX_MASS_MG, "mg")
    )

    def resolve(self, *, weight: Quantity) -> Quantity:
        """Return the mass to give: a fixed dose resolves to its own amount.

        The weight is still checked, so a wrong argument is not silently ignored.
        """
        weight_in_kg(weight)
        return self.amount


def _esketamine_in_mass(instance: WeightBasedDose, attribute: Any, value: Any) -> None:
    if instance.drug is Drug.ESKETAMINE:
        raise DoseError(
            f"dose: got {shown(format_quantity(value))} for esketamine, which is a mass per body "
            "mass; esketamine is dosed in fixed mg (28, 56 or 84 mg per session); "
            "write for example '56 mg' (rule esketamine.unit, Spravato US PI)"
        )


@attrs.frozen(kw_only=True)
class WeightBasedDose(_DoseBase):
    """A dose written as a mass per body mass, such as ``0.5 mg/kg``.

    >>> from ketacore.doses import WeightBasedDose
    >>> from ketacore.units import quantity
    >>> dose = WeightBasedDose(amount=quantity(0.5, "mg/kg"), drug="ketamine", route="iv")
    >>> dose.resolve(weight=quantity(154, "lb"))
    <Quantity(34.926..., 'milligram')>
    """

    amount: Quantity = attrs.field(
        converter=_hold,
        validator=[_amount_kind("mass/mass", _MAX_MG_PER_KG, "mg/kg"), _esketamine_in_mass],
    )

    def resolve(self, *, weight: Quantity) -> Quantity:
        """Return the mass to give, in mg, for a patient of this *weight* (kg or lb)."""
        per_kg = magnitude(self.amount, _unit("mg/kg"))
        return quantity(per_kg * weight_in_kg(weight), _unit("mg"))

    def per_weight(self, *, weight: Quantity) -> Quantity:
        """Return the dose in mg/kg (the weight is checked but not needed)."""
        weight_in_kg(weight)
        return convert(self.amount, _unit("mg/kg"))


Dose: TypeAlias = FixedDose | WeightBasedDose
"""Any dose record."""

# A clause starts at the start of a run of spaces (the look-behind) and takes the
# whole run at once (possessive), so a long run of spaces is scanned once.
_CLAUSE_RE: Final = re.compile(r"(?<!\s)\s++(over|at|@)\s++", re.IGNORECASE)
_CLAUSE_HINT_RE: Final = re.compile(r"[oO@]|[aA][tT]")


def parse_dose(
    text: str,
    *,
    drug: Drug | str | None = None,
    route: Route | str | None = None,
    duration: Quantity | str | None = None,
    concentration: Quantity | str | None = None,
) -> Dose:
    """Parse a dose as a clinician writes it, without evaluating anything.

    The text is an amount, optionally followed by ``over <duration>`` and
    ``at <concentration>``: ``"35 mg"``, ``"0.5 mg/kg over 40 min"``,
    ``"35 mg at 10 mg/mL"``. Duration and concentration may instead be passed
    as arguments (as text or quantities), but not both ways at once.

    >>> parse_dose("56 mg", drug="esketamine", route="intranasal").amount
    <Quantity(56.0, 'milligram')>

    Raises:
        DoseError: the amount is not a mass or mass per body mass, is not above
            zero, or the drug cannot be given this way.
        UnitError: the text is not a number and a known unit, or is longer than
            200 characters.
    """
    if not isinstance(text, str):
        raise DoseError(
            f"dose: got {shown(text)} ({type(text).__name__}); expected text such as '35 mg'"
        )
    refusal = too_long(text, "dose") if len(text) > MAX_TEXT_LENGTH else None
    if refusal is not None:
        raise UnitError(refusal)
    clauses = _CLAUSE_RE.split(text) if _CLAUSE_HINT_RE.search(text) else [text]
    amount, kind = parse_quantity_kind(clauses[0], field="dose")
    for index in range(1, len(clauses), 2):
        word, value = clauses[index].lower(), clauses[index + 1]
        if word == "over":
            if duration is not None:
                raise DoseError(
                    f"duration: given twice, in {shown(text)} and as {shown(duration)}; "
                    "give it once"
                )
            duration = parse_quantity(value, kind="time", field="duration")
        else:
            if concentration is not None:
                raise DoseError(
                    f"concentration: given twice, in {shown(text)} and as {shown(concentration)}; "
                    "give it once"
                )
            concentration = parse_quantity(value, kind="mass/volume", field="concentration")
    if isinstance(duration, str):
        duration = parse_quantity(duration, kind="time", field="duration")
    if isinstance(concentration, str):
        concentration = parse_quantity(concentration, kind="mass/volume", field="concentration")
    if kind == "mass":
        return FixedDose(
            amount=amount,
            drug=drug,
            route=route,
            duration=duration,
            concentration=concentration,
            text=text,
        )
    if kind == "mass/mass":
        return WeightBasedDose(
            amount=amount,
            drug=drug,
            route=route,
            duration=duration,
            concentration=concentration,
            text=text,
        )
    what = {"volume": "a volume", "mass/volume": "a concentration", "time": "a duration"}
    raise DoseError(
        f"dose {shown(clauses[0].strip())} is {what.get(kind, 'not a mass')}; a dose needs a mass "
        "such as 'mg' or a mass per body mass such as 'mg/kg'"
    )


def devices(dose: Dose) -> int:
    """Return how many 28 mg esketamine devices a dose takes (56 mg is 2 devices).

    >>> devices(parse_dose("84 mg", drug="esketamine", route="intranasal"))
    3

    Raises:
        DoseError: the dose is not a fixed esketamine dose in whole devices.
    """
    if not isinstance(dose, FixedDose) or dose.drug is not Drug.ESKETAMINE:
        raise DoseError(
            "dose: devices are counted only for a fixed esketamine dose; "
            "record the dose with drug='esketamine' in mg"
        )
    count = magnitude(dose.amount, _unit("mg")) / ESKETAMINE_DEVICE
    if not math.isclose(count, round(count), abs_tol=1e-9) or round(count) < 1:
        raise DoseError(
            f"dose: got {shown(format_quantity(dose.amount))}, which is not a whole number of "
            f"{ESKETAMINE_DEVICE:g} mg devices; esketamine is given as 28, 56 or 84 mg"
        )
    return round(count)
