"""The unit façade: one pint registry, safe parsing of clinician text, typed helpers.

ketacore uses pint's *application registry* (``pint.get_application_registry()``),
looked up when needed, so quantities made by the caller with that registry mix
freely with ours. ketacore never builds a private registry and never replaces
the application registry.

Parsing never evaluates an expression: the text must be one plain decimal number
followed by one unit from a fixed list of spellings clinicians use.

>>> from ketacore.units import parse_quantity, quantity, format_quantity
>>> parse_quantity("0.5 mg/kg", kind="mass/mass")
<Quantity(0.5, 'milligram / kilogram')>
>>> quantity(154, "lb").to("kg").magnitude
69.8532249...
>>> format_quantity(parse_quantity("250 mcg"))
'250 mcg'

This is the only module that talks to pint directly; the rest of ketacore goes
through the typed helpers here.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from functools import lru_cache
from typing import Any, Final, Literal, TypeAlias, cast, get_args

import pint

from ketacore.exceptions import UnitError

__all__ = [
    "Kind",
    "Quantity",
    "Unit",
    "checked_magnitude",
    "convert",
    "format_quantity",
    "is_quantity",
    "kind_of",
    "magnitude",
    "parse_quantity",
    "parse_quantity_kind",
    "parse_unit",
    "quantity",
    "registry",
    "require_kind",
]

Quantity: TypeAlias = pint.Quantity[Any]
"""A pint quantity from the application registry (the type used in annotations)."""

Unit: TypeAlias = pint.Unit
"""A pint unit from the application registry."""

Kind = Literal[
    "mass",
    "mass/mass",
    "volume",
    "mass/volume",
    "length",
    "time",
    "mass/time",
    "mass/mass/time",
    "volume/time",
    "dimensionless",
]
"""What a quantity measures, read from its units (``"mg/kg"`` is ``"mass/mass"``).

pint calls ``mg/kg`` dimensionless because the masses cancel; ketacore keeps the
difference between a fixed dose and a weight-based one, so kinds are read from
the units as written.
"""

_KINDS: Final = frozenset(get_args(Kind))

# Spellings clinicians write, mapped to pint's canonical unit names (section 3.5
# of the clinical reference). Lookup is case-insensitive except for the micro sign.
_SPELLINGS: Final[dict[str, str]] = {
    "mg": "milligram",
    "milligram": "milligram",
    "milligrams": "milligram",
    "mcg": "microgram",
    "µg": "microgram",  # micro sign U+00B5
    "μg": "microgram",  # Greek mu U+03BC
    "ug": "microgram",
    "microgram": "microgram",
    "micrograms": "microgram",
    "g": "gram",
    "gram": "gram",
    "grams": "gram",
    "kg": "kilogram",
    "kilogram": "kilogram",
    "kilograms": "kilogram",
    "lb": "pound",
    "lbs": "pound",
    "pound": "pound",
    "pounds": "pound",
    "ml": "milliliter",
    "millilitre": "milliliter",
    "milliliter": "milliliter",
    "cc": "milliliter",  # ISMP error-prone, accepted and stored as mL
    "l": "liter",
    "litre": "liter",
    "liter": "liter",
    "cm": "centimeter",
    "m": "meter",
    "in": "inch",
    "s": "second",
    "sec": "second",
    "min": "minute",
    "mins": "minute",
    "minute": "minute",
    "minutes": "minute",
    "h": "hour",
    "hr": "hour",
    "hrs": "hour",
    "hour": "hour",
    "hours": "hour",
    "d": "day",
    "day": "day",
    "days": "day",
    "wk": "week",
    "week": "week",
    "weeks": "week",
}

# How each canonical unit is written back, and what it measures.
_SYMBOLS: Final[dict[str, str]] = {
    "milligram": "mg",
    "microgram": "mcg",
    "gram": "g",
    "kilogram": "kg",
    "pound": "lb",
    "milliliter": "mL",
    "liter": "L",
    "centimeter": "cm",
    "meter": "m",
    "inch": "in",
    "second": "s",
    "minute": "min",
    "hour": "h",
    "day": "d",
    "week": "wk",
}
_BASE_KIND: Final[dict[str, str]] = {
    "milligram": "mass",
    "microgram": "mass",
    "gram": "mass",
    "kilogram": "mass",
    "pound": "mass",
    "milliliter": "volume",
    "liter": "volume",
    "centimeter": "length",
    "meter": "length",
    "inch": "length",
    "second": "time",
    "minute": "time",
    "hour": "time",
    "day": "time",
    "week": "time",
}

_EXAMPLES: Final[dict[str, str]] = {
    "mass": "a mass such as 'mg', 'g' or 'kg'",
    "mass/mass": "a mass per body mass such as 'mg/kg'",
    "volume": "a volume such as 'mL'",
    "mass/volume": "a concentration such as 'mg/mL'",
    "length": "a length such as 'cm'",
    "time": "a duration such as 'min' or 'h'",
    "mass/time": "a rate such as 'mg/min'",
    "mass/mass/time": "a weight-based rate such as 'mg/kg/h'",
    "volume/time": "a volume rate such as 'mL/h'",
    "dimensionless": "a plain number",
}
_DESCRIPTIONS: Final[dict[str, str]] = {
    "mass": "a mass",
    "mass/mass": "a mass per body mass",
    "volume": "a volume",
    "mass/volume": "a concentration",
    "length": "a length",
    "time": "a duration",
    "mass/time": "a mass rate",
    "mass/mass/time": "a weight-based rate",
    "volume/time": "a volume rate",
    "dimensionless": "a plain number",
}

_NUMBER: Final = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
_TEXT_RE: Final = re.compile(rf"\s*(?P<number>{_NUMBER})\s*(?P<unit>\S.*?)?\s*")
_COMMA_DECIMAL_RE: Final = re.compile(r"\s*[+-]?\d*,\d")
_EXPRESSION_RE: Final = re.compile(r"[-+*^()\d=<>!%]|\*\*")
_PER_RE: Final = re.compile(r"\s+per\s+|\s*/\s*", re.IGNORECASE)


def registry() -> Any:
    """Return pint's application registry, the one registry ketacore uses.

    It is looked up on every call, so a caller who installs their own
    registry with ``pint.set_application_registry`` before using ketacore is
    honoured. Building it costs about 150 ms, paid on first use only.
    """
    return pint.get_application_registry()  # type: ignore[no-untyped-call]


def _new_quantity(number: float, units: Any) -> Quantity:
    """Build a quantity from a float and a pint UnitsContainer, on the hot path.

    pint's general constructor spends about 2.5 µs sniffing the types of its
    arguments; for a float and a UnitsContainer all it does in the end is set
    these two attributes, which is what happens here (0.2 µs). A registry that
    forces arrays takes the general constructor. pint is pinned below 0.26 and
    ``tests/test_units.py`` checks the result equals the constructor's.
    """
    # Ask the application registry for the registry in force now (its
    # attribute forwarding is slow); never cache it across calls.
    reg = pint.get_application_registry().get()  # type: ignore[no-untyped-call]
    if reg.force_ndarray or reg.force_ndarray_like:
        return cast(Quantity, reg.Quantity(number, units))
    instance = object.__new__(reg.Quantity)
    instance._magnitude = number
    instance._units = units
    return cast(Quantity, instance)


def is_quantity(value: object) -> bool:
    """Return whether *value* is a pint quantity (from any registry)."""
    return isinstance(value, pint.Quantity)


def _check_number(value: object, field: str, shown: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UnitError(
            f"{field}: got {shown!r} ({type(value).__name__}); expected a number; "
            "pass an int or float such as 35 or 0.5"
        )
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise UnitError(
            f"{field}: got {_brief(shown)}; expected a finite number; NaN, infinity and "
            "numbers beyond floating point are not amounts"
        )
    return number


def _brief(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}..."


class _BadUnitError(Exception):
    """A unit text was rejected; carries the reason, worded for any field."""


@lru_cache(maxsize=256)
def _parse_unit_cached(text: str) -> tuple[pint.Unit, str]:
    if not text.strip():
        raise _BadUnitError("with no unit; expected a number followed by a unit such as 'mg'")
    if _EXPRESSION_RE.search(text):
        raise _BadUnitError(
            "which looks like an expression or has more than one number; ketacore does not "
            "evaluate expressions; write a single amount such as '35 mg'"
        )
    parts = _PER_RE.split(text.strip())
    names: list[tuple[str, int]] = []
    for position, token in enumerate(parts):
        name = _SPELLINGS.get(token if token in ("µg", "μg") else token.lower())
        if name is None:
            raise _BadUnitError(
                f"the unit {token!r} is not one ketacore knows; use mg, mcg, g, kg, lb, mL, "
                "min or h, combined with '/' as in 'mg/kg' or 'mg/kg/h'"
            )
        names.append((name, 1 if position == 0 else -1))
    units = registry().parse_units(
        " ".join(f"{'/ ' if power < 0 else ''}{name}" for name, power in names)
    )
    kind = "/".join(_BASE_KIND[name] for name, _ in names)
    return cast(pint.Unit, units), kind if kind in _KINDS else "other"


def _unit_and_kind(text: str, *, field: str, shown: str) -> tuple[pint.Unit, str]:
    try:
        return _parse_unit_cached(text)
    except _BadUnitError as error:
        raise UnitError(f"{field}: got {shown!r}, {error}") from None


def parse_unit(text: str, *, field: str = "unit") -> Unit:
    """Parse a unit as clinicians write it (``"mg/kg"``, ``"mcg"``, ``"cc"``, ``"mg/kg/h"``).

    Raises:
        UnitError: the unit is empty, unknown, or an expression.
    """
    if not isinstance(text, str):
        raise UnitError(f"{field}: got {text!r} ({type(text).__name__}); expected text like 'mg'")
    return _unit_and_kind(text, field=field, shown=text)[0]


def _comma_error(field: str, text: str) -> UnitError:
    return UnitError(
        f"{field}: got {text!r}, which uses a comma; ketacore never guesses whether a "
        "comma is a decimal mark; write the decimal with a point, as in '0.5 mg'"
    )


def _parse(text: str, field: str) -> tuple[Quantity, str]:
    """Parse *text* into a quantity and its kind (the shared work of the parsers)."""
    if not isinstance(text, str):
        raise UnitError(
            f"{field}: got {text!r} ({type(text).__name__}); expected text such as '35 mg'"
        )
    match = _TEXT_RE.fullmatch(text)
    if match is None:
        if not text.strip():
            raise UnitError(
                f"{field}: got {text!r}, which is empty; expected a number followed by a unit, "
                "such as '35 mg' or '0.5 mg/kg'"
            )
        if _COMMA_DECIMAL_RE.match(text):
            raise _comma_error(field, text)
        raise UnitError(
            f"{field}: got {text!r}; expected a number followed by a unit, such as '35 mg' "
            "or '0.5 mg/kg'; write the amount first, as digits"
        )
    unit_text = match.group("unit")
    if unit_text is None:
        raise UnitError(
            f"{field}: got {text!r} with no unit; expected a number followed by a unit; "
            f"add the unit, for example '{match.group('number')} mg'"
        )
    if unit_text[0] == "," and unit_text[1:2].isdigit():
        raise _comma_error(field, text)
    units, found = _unit_and_kind(unit_text, field=field, shown=text)
    return _new_quantity(float(match.group("number")), units._units), found


def parse_quantity(text: str, *, kind: Kind | None = None, field: str = "quantity") -> Quantity:
    """Parse clinician text such as ``"0.5 mg/kg"`` into a quantity, safely.

    The text must be one plain decimal number and one unit. Nothing is
    evaluated: ``"1 mg + 1 g"``, ``"2**10 mg"``, ``"mg"`` alone and ``"35"``
    with no unit are all rejected, as is ``"0,5 mg"`` (a comma decimal could be
    misread, so it is never guessed).

    Args:
        text: what the clinician typed.
        kind: if given, what the quantity must measure (``"mass"``, ``"mass/mass"``, ...).
        field: the field name used in error messages.

    Raises:
        UnitError: the text is not a single number and known unit, or is of the wrong kind.
    """
    value, found = _parse(text, field)
    if kind is not None and found != kind:
        raise _wrong_kind(field, text, found, kind)
    return value


def parse_quantity_kind(text: str, *, field: str = "quantity") -> tuple[Quantity, str]:
    """Parse *text* like :func:`parse_quantity` and also return its kind.

    >>> parse_quantity_kind("35 mg")
    (<Quantity(35.0, 'milligram')>, 'mass')
    """
    return _parse(text, field)


def quantity(value: float, unit: str | Unit, *, field: str = "quantity") -> Quantity:
    """Build a quantity from a number and a unit, as ``quantity(70, "kg")``.

    The magnitude is stored as a float. Bools, NaN and infinity are rejected.

    Raises:
        UnitError: the value is not a finite number, or the unit is unknown.
    """
    number = _check_number(value, field, value)
    units = unit if isinstance(unit, pint.Unit) else parse_unit(unit, field=field)
    return _new_quantity(number, units._units)


@lru_cache(maxsize=512)
def _kind_of_units(units: Any) -> str:
    numerator: list[str] = []
    denominator: list[str] = []
    for name, power in units.items():
        base = _BASE_KIND.get(name)
        if base is None:
            dims = str(registry().get_dimensionality(name))
            base = {"[mass]": "mass", "[length]": "length", "[time]": "time"}.get(
                dims, "volume" if dims == "[length] ** 3" else "other"
            )
        if power == 1:
            numerator.append(base)
        elif power == -1:
            denominator.append(base)
        else:
            return "other"
    if not numerator and not denominator:
        return "dimensionless"
    kind = "/".join([*numerator, *denominator])
    return kind if kind in _KINDS and len(numerator) <= 1 else "other"


@lru_cache(maxsize=1024)
def _factor(source: Any, target: Any) -> float:
    reg = registry()
    return float(reg.Quantity(1.0, reg.Unit(source)).to(reg.Unit(target)).magnitude)


def kind_of(value: Quantity) -> str:
    """Return what a quantity measures, read from its units (``"mass/mass"`` for mg/kg).

    Returns ``"other"`` for combinations ketacore does not use.
    """
    return _kind_of_units(value._units)


def _wrong_kind(field: str, shown: object, found: str, expected: str) -> UnitError:
    what = _DESCRIPTIONS.get(found, "not a unit ketacore uses here")
    return UnitError(
        f"{field}: got {shown!r}, which is {what}; {field} needs {_EXAMPLES[expected]}"
    )


def require_kind(value: object, kind: Kind, *, field: str) -> Quantity:
    """Return *value* if it is a quantity of the given kind, else raise.

    Raises:
        UnitError: *value* is not a quantity, or measures something else
            (``70 cm`` given as a weight).
    """
    if not isinstance(value, pint.Quantity):
        raise UnitError(
            f"{field}: got {value!r} ({type(value).__name__}); expected a quantity with a unit; "
            f"use ketacore.units.quantity(value, unit) with {_EXAMPLES[kind]}"
        )
    found = _kind_of_units(value._units)
    if found != kind:
        raise _wrong_kind(field, format_quantity(value), found, kind)
    number = value.magnitude
    if isinstance(number, bool) or not isinstance(number, int | float) or not math.isfinite(number):
        _check_number(number, field, format_quantity(value))
    return value


@lru_cache(maxsize=1024)
def _factor_if_kind(units: Any, kind: str, unit: str) -> float | None:
    if _kind_of_units(units) != kind:
        return None
    return _factor(units, parse_unit(unit)._units)


def checked_magnitude(value: object, kind: Kind, unit: str, *, field: str) -> float:
    """Check that *value* is a finite quantity of *kind* and return its magnitude in *unit*.

    This is the one-step check that validators use: one cached lookup answers
    both "is it the right kind?" and "how many *unit* is it?".

    >>> from ketacore.units import checked_magnitude, quantity
    >>> checked_magnitude(quantity(154, "lb"), "mass", "kg", field="weight")
    69.8532249...
    >>> checked_magnitude(quantity(70, "cm"), "mass", "kg", field="weight")
    Traceback (most recent call last):
    ketacore.exceptions.UnitError: weight: got '70 cm', which is a length; weight needs a mass ...

    Raises:
        UnitError: *value* is not a quantity, is of another kind, or is not finite.
    """
    if not isinstance(value, pint.Quantity):
        raise UnitError(
            f"{field}: got {value!r} ({type(value).__name__}); expected a quantity with a unit; "
            f"use ketacore.units.quantity(value, unit) with {_EXAMPLES[kind]}"
        )
    factor = _factor_if_kind(value._units, kind, unit)
    if factor is None:
        raise _wrong_kind(field, format_quantity(value), _kind_of_units(value._units), kind)
    number = value.magnitude
    if isinstance(number, bool) or not isinstance(number, int | float) or not math.isfinite(number):
        _check_number(number, field, format_quantity(value))
    return float(number) * factor


def convert(value: Quantity, unit: str | Unit) -> Quantity:
    """Return *value* expressed in *unit*, as a new quantity (never in place).

    Raises:
        UnitError: the units measure different things.
    """
    units = unit if isinstance(unit, pint.Unit) else parse_unit(unit)
    return _new_quantity(magnitude(value, units), units._units)


def magnitude(value: Quantity, unit: str | Unit) -> float:
    """Return the number of *unit* in *value*: the only way to drop a unit, explicitly.

    Conversion factors are cached per pair of units, so this is much cheaper
    than ``value.to(unit).magnitude``.

    >>> from ketacore.units import magnitude, quantity
    >>> magnitude(quantity(154, "lb"), "kg")
    69.8532249...

    Raises:
        UnitError: the units measure different things.
    """
    units = unit if isinstance(unit, pint.Unit) else parse_unit(unit)
    try:
        return float(value.magnitude) * _factor(value._units, units._units)
    except pint.DimensionalityError:
        raise UnitError(
            f"cannot express {format_quantity(value)!r} in {unit!s}: they measure different things"
        ) from None


def _format_number(number: float) -> str:
    # Shortest text that reads back as the same float, never in exponent form
    # (the parser accepts plain decimals only).
    text = format(Decimal(repr(float(number))), "f")
    return text[:-2] if text.endswith(".0") else text


def format_quantity(value: Quantity) -> str:
    """Write a quantity the way clinicians do, so that parsing it gives it back.

    >>> from ketacore.units import format_quantity, quantity
    >>> format_quantity(quantity(0.5, "mg/kg"))
    '0.5 mg/kg'
    """
    parts_up: list[str] = []
    parts_down: list[str] = []
    for name, power in value.units._units.items():
        symbol = _SYMBOLS.get(name, name)
        if power == 1:
            parts_up.append(symbol)
        elif power == -1:
            parts_down.append(symbol)
        else:
            return f"{_format_number(value.magnitude)} {value.units:~}"
    unit_text = "/".join(parts_up + parts_down) if parts_up else str(value.units)
    return f"{_format_number(value.magnitude)} {unit_text}"
