"""What a quantity measures, and how many of a unit it holds (cached conversion factors)."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import pint

from ketacore._text import shown
from ketacore._units._errors import _check_number, _not_a_quantity, _wrong_quantity_kind
from ketacore._units._format import _quoted
from ketacore._units._frozen import Quantity, Unit, _make
from ketacore._units._parse import parse_unit
from ketacore._units._registry import _cleared_on_change, _state
from ketacore._units._tables import _BASE_KIND, _KINDS, Kind
from ketacore.exceptions import UnitError


@_cleared_on_change
@lru_cache(maxsize=512)
def _kind_of_units(units: Any) -> str:
    numerator: list[str] = []
    denominator: list[str] = []
    for name, power in units.items():
        base = _BASE_KIND.get(name)
        if base is None:
            dims = str(_state().registry.get_dimensionality(name))
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


@_cleared_on_change
@lru_cache(maxsize=1024)
def _factor(source: Any, target: Any) -> float:
    reg = _state().registry
    return float(reg.Quantity(1.0, reg.Unit(source)).to(reg.Unit(target)).magnitude)


def kind_of(value: Quantity) -> str:
    """Return what a quantity measures, read from its units (``"mass/mass"`` for mg/kg).

    Returns ``"other"`` for combinations ketacore does not use.
    """
    return _kind_of_units(value._units)


@_cleared_on_change
@lru_cache(maxsize=1024)
def _factor_if_kind(units: Any, kind: str, unit: str) -> float | None:
    if _kind_of_units(units) != kind:
        return None
    return _factor(units, parse_unit(unit)._units)


def checked_magnitude(
    value: object, kind: Kind, unit: str, *, field: str, example: str | None = None
) -> float:
    """Check that *value* is a finite quantity of *kind* and return its magnitude in *unit*.

    This is the one-step check that validators use: one cached lookup answers
    both "is it the right kind?" and "how many *unit* is it?".

    >>> from ketacore.units import checked_magnitude, quantity
    >>> checked_magnitude(quantity(154, "lb"), "mass", "kg", field="weight")
    69.8532249...
    >>> checked_magnitude(quantity(70, "cm"), "mass", "kg", field="weight", example="70 kg")
    Traceback (most recent call last):
    ketacore.exceptions.UnitError: weight: got '70 cm', which is a length; weight needs a mass ...

    Raises:
        UnitError: *value* is not a quantity, is of another kind, or is not finite.
    """
    if not isinstance(value, pint.Quantity):
        raise _not_a_quantity(value, kind, field, example)
    factor = _factor_if_kind(value._units, kind, unit)
    if factor is None:
        raise _wrong_quantity_kind(field, value, _kind_of_units(value._units), kind, example)
    number = value.magnitude
    if isinstance(number, bool) or not isinstance(number, int | float) or not math.isfinite(number):
        _check_number(number, field, value)
    try:
        return float(number) * factor
    except OverflowError:  # an int beyond floating point
        _check_number(math.inf, field, value)
        raise


def convert(value: Quantity, unit: str | Unit) -> Quantity:
    """Return *value* expressed in *unit*, as a new (immutable) quantity (never in place).

    Raises:
        UnitError: the units measure different things.
    """
    units = unit if isinstance(unit, pint.Unit) else parse_unit(unit)
    return _make(_state().frozen, magnitude(value, units), units._units)


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
            f"cannot express {_quoted(value)} in {shown(str(unit))}: they measure different things",
            field="unit",
            value=unit,
            expected=f"a unit that measures what {_quoted(value)} measures",
        ) from None
