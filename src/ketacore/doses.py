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
from typing import Any, Final, Self, TypeAlias, cast

import attrs

from ketacore._body_weight import _body_weight_kg as _body_weight_kg
from ketacore._body_weight import weight_in_kg
from ketacore._choices import choose
from ketacore._text import MAX_TEXT_LENGTH, shown
from ketacore._units._errors import _refuse_long
from ketacore.exceptions import DoseError
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

weight_in_kg.__module__ = __name__  # documented here, where it is public

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


class _DoseChoice(enum.Enum):
    """An enum of dose records, read from a member, its value or a common spelling."""

    @classmethod
    def from_text(cls, value: Self | str) -> Self:
        """Return the member for an enum member, its value, or a common spelling, in any case.

        ``Route.from_text("IV")``, ``Drug.from_text("Esketamine")``.

        Raises:
            DoseError: the text names no member ketacore knows.
        """
        field = cls.__name__.lower()
        if isinstance(value, str) and len(value) > MAX_TEXT_LENGTH:
            raise DoseError(
                field=field,
                value=value,
                got=f"{shown(value)}, which is longer than the {MAX_TEXT_LENGTH} characters "
                "ketacore reads",
                fix=f"write the {field} alone, such as {next(iter(cls)).value!r}",
            )
        aliases = cast("dict[str, Self]", _ALIASES.get(cls.__name__, {}))
        return choose(cls, value, field=field, error=DoseError, aliases=aliases)


class Drug(_DoseChoice):
    """The ketamine product given."""

    KETAMINE = "ketamine"
    """Racemic ketamine (R,S-ketamine), off-label for depression."""
    ESKETAMINE = "esketamine"
    """S-ketamine, licensed as an intranasal spray (Spravato)."""


class Route(_DoseChoice):
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
_ALIASES: Final[dict[str, dict[str, Any]]] = {"Drug": _DRUG_ALIASES, "Route": _ROUTE_ALIASES}

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


def _amount_kind(expected: Kind, limit: float, unit: str) -> Any:
    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        number = checked_magnitude(value, expected, unit, field="dose")
        if not 0 < number <= limit:
            described = shown(format_quantity(value))
            if number <= 0:
                raise DoseError(
                    field="dose",
                    value=value,
                    got=described,
                    expected="an amount above zero",
                    fix="a dose that was not given is not recorded as a dose",
                )
            raise DoseError(
                field="dose",
                value=value,
                got=f"{described}, which is above {limit:g} {unit} and cannot be a human dose",
                fix="check the number and the unit",
            )

    return validate


def _optional_duration(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        number = checked_magnitude(value, "time", "min", field="duration")
        if not 0 < number <= _MAX_DURATION_MIN:
            raise DoseError(
                field="duration",
                value=value,
                got=shown(format_quantity(value)),
                expected="a duration above zero and at most 24 h",
                fix="write it as for example '40 min'",
            )


def _optional_concentration(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if (
        value is not None
        and not checked_magnitude(value, "mass/volume", "mg/mL", field="concentration") > 0
    ):
        raise DoseError(
            field="concentration",
            value=value,
            got=shown(format_quantity(value)),
            expected="a concentration above zero such as '10 mg/mL'",
        )


def _drug_route(instance: _DoseBase, attribute: attrs.Attribute[Any], value: Any) -> None:
    if instance.drug is None or instance.route is None:
        return
    if instance.route not in _ROUTES[instance.drug]:
        allowed = sorted(r.value for r in _ROUTES[instance.drug])
        raise DoseError(
            field="route",
            value=instance.route,
            got=f"{instance.route.value!r} for {instance.drug.value}",
            expected=f"one of {allowed}",
            fix="esketamine is licensed only as an intranasal device "
            "(rule esketamine.route, Spravato US PI)",
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
    def resolve(self, *, weight: Quantity | str) -> Quantity:
        """Return the mass to give to a patient of this *weight*."""

    def per_weight(self, *, weight: Quantity | str) -> Quantity:
        """Return the dose as mass per body mass (mg/kg) for a patient of this *weight*."""
        milligrams = magnitude(self.resolve(weight=weight), _unit("mg"))
        return quantity(milligrams / weight_in_kg(weight), _unit("mg/kg"))

    def rate(self, *, weight: Quantity | str) -> Quantity:
        """Return the infusion rate in mg/min (needs a duration).

        Raises:
            DoseError: the dose has no infusion duration.
        """
        milligrams = magnitude(self.resolve(weight=weight), _unit("mg"))
        return quantity(milligrams / self._minutes("rate"), _unit("mg/min"))

    def rate_per_weight(self, *, weight: Quantity | str) -> Quantity:
        """Return the infusion rate in mg/kg/h (needs a duration)."""
        per_kg = magnitude(self.per_weight(weight=weight), _unit("mg/kg"))
        return quantity(per_kg / (self._minutes("rate") / 60.0), _unit("mg/kg/h"))

    def volume(self, *, weight: Quantity | str) -> Quantity:
        """Return the volume to draw up, in mL (needs a concentration).

        Raises:
            DoseError: the dose has no concentration.
        """
        milligrams = magnitude(self.resolve(weight=weight), _unit("mg"))
        return quantity(milligrams / self._mg_per_ml("volume"), _unit("mL"))

    def volume_rate(self, *, weight: Quantity | str) -> Quantity:
        """Return the pump rate in mL/h (needs a duration and a concentration)."""
        millilitres = magnitude(self.volume(weight=weight), _unit("mL"))
        return quantity(millilitres / (self._minutes("volume rate") / 60.0), _unit("mL/h"))

    def _minutes(self, what: str) -> float:
        return _needed(self.duration, "duration", what, "min")

    def _mg_per_ml(self, what: str) -> float:
        return _needed(self.concentration, "concentration", what, "mg/mL")


# What a calculation needs and does not have: what to give, and how.
_NEEDED: Final = {
    "duration": (
        "an infusion duration",
        "give the infusion time, for example parse_dose('0.5 mg/kg over 40 min')",
    ),
    "concentration": (
        "the strength drawn up",
        "give the strength, for example parse_dose('35 mg at 10 mg/mL')",
    ),
}


def _needed(value: Quantity | None, field: str, what: str, unit: str) -> float:
    """The magnitude in *unit* of a field that calculating *what* needs, else a DoseError."""
    if value is None:
        expected, fix = _NEEDED[field]
        raise DoseError(
            field=field,
            value=None,
            got=f"none, so the dose's {what} is unknown",
            expected=expected,
            fix=fix,
        )
    return magnitude(value, _unit(unit))


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

    def resolve(self, *, weight: Quantity | str) -> Quantity:
        """Return the mass to give: a fixed dose resolves to its own amount.

        The weight is still checked, so a wrong argument is not silently ignored.
        """
        weight_in_kg(weight)
        return self.amount


def _esketamine_in_mass(instance: WeightBasedDose, attribute: Any, value: Any) -> None:
    if instance.drug is Drug.ESKETAMINE:
        raise DoseError(
            field="dose",
            value=value,
            got=f"{shown(format_quantity(value))} for esketamine, which is a mass per body mass",
            fix="esketamine is dosed in fixed mg (28, 56 or 84 mg per session); write for "
            "example '56 mg' (rule esketamine.unit, Spravato US PI)",
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

    def resolve(self, *, weight: Quantity | str) -> Quantity:
        """Return the mass to give, in mg, for a patient of this *weight* (kg or lb)."""
        per_kg = magnitude(self.amount, _unit("mg/kg"))
        return quantity(per_kg * weight_in_kg(weight), _unit("mg"))

    def per_weight(self, *, weight: Quantity | str) -> Quantity:
        """Return the dose in mg/kg (the weight is checked but not needed)."""
        weight_in_kg(weight)
        return convert(self.amount, _unit("mg/kg"))


Dose: TypeAlias = FixedDose | WeightBasedDose
"""Any dose record."""

# A clause starts at the start of a run of spaces (the look-behind) and takes the
# whole run at once (possessive), so a long run of spaces is scanned once.
_CLAUSE_RE: Final = re.compile(r"(?<!\s)\s++(over|at|@)\s++", re.IGNORECASE)
_CLAUSE_HINT_RE: Final = re.compile(r"[oO@]|[aA][tT]")


_DOSE_OF_KIND: Final[dict[str, type[Dose]]] = {"mass": FixedDose, "mass/mass": WeightBasedDose}


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
        raise DoseError(field="dose", value=text, expected="text such as '35 mg'")
    _refuse_long(text, "dose", "'35 mg'")
    clauses = _CLAUSE_RE.split(text) if _CLAUSE_HINT_RE.search(text) else [text]
    amount, kind = parse_quantity_kind(clauses[0], field="dose")
    for index in range(1, len(clauses), 2):
        word, value = clauses[index].lower(), clauses[index + 1]
        if word == "over":
            if duration is not None:
                raise _twice("duration", text, duration)
            duration = parse_quantity(value, kind="time", field="duration")
        else:
            if concentration is not None:
                raise _twice("concentration", text, concentration)
            concentration = parse_quantity(value, kind="mass/volume", field="concentration")
    if isinstance(duration, str):
        duration = parse_quantity(duration, kind="time", field="duration")
    if isinstance(concentration, str):
        concentration = parse_quantity(concentration, kind="mass/volume", field="concentration")
    record = _DOSE_OF_KIND.get(kind)
    if record is not None:
        return record(
            amount=amount,
            drug=drug,
            route=route,
            duration=duration,
            concentration=concentration,
            text=text,
        )
    what = {"volume": "a volume", "mass/volume": "a concentration", "time": "a duration"}
    amount_text = clauses[0].strip()
    raise DoseError(
        field="dose",
        value=amount_text,
        got=f"{shown(amount_text)}, which is {what.get(kind, 'not a mass')}",
        expected="a mass such as 'mg' or a mass per body mass such as 'mg/kg'",
        fix="write the amount of drug given, such as '35 mg' or '0.5 mg/kg', not its volume "
        "or strength",
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
            field="dose",
            value=dose,
            got=_described_dose(dose),
            expected="a fixed esketamine dose: devices are counted only for one",
            fix="record the dose with drug='esketamine' in mg",
        )
    count = magnitude(dose.amount, _unit("mg")) / ESKETAMINE_DEVICE
    if not math.isclose(count, round(count), abs_tol=1e-9) or round(count) < 1:
        raise DoseError(
            field="dose",
            value=dose,
            got=f"{shown(format_quantity(dose.amount))}, which is not a whole number of "
            f"{ESKETAMINE_DEVICE:g} mg devices",
            expected="28, 56 or 84 mg: esketamine is given in whole devices",
        )
    return round(count)


def _described_dose(dose: object) -> str:
    """A dose, described for a message: its kind and drug."""
    drug = getattr(dose, "drug", None)
    return f"a {type(dose).__name__} of {drug.value if isinstance(drug, Drug) else 'no drug'}"


def _twice(field: str, text: str, given: object) -> DoseError:
    """The error for a duration or concentration given both in the text and as an argument."""
    return DoseError(
        field=field,
        value=given,
        got=f"the {field} given twice, in {shown(text)} and as {shown(given)}",
        fix="give it once",
    )
