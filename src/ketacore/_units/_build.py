"""Building quantities from numbers, and holding callers' quantities as immutable copies."""

from __future__ import annotations

import pint

from ketacore._units import _registry
from ketacore._units._errors import _check_number
from ketacore._units._frozen import Quantity, Unit, _Immutable, _make
from ketacore._units._parse import parse_unit
from ketacore.exceptions import UnitError


def quantity(value: float, unit: str | Unit, *, field: str = "quantity") -> Quantity:
    """Build an (immutable) quantity from a number and a unit, as ``quantity(70, "kg")``.

    The magnitude is stored as a float. Bools, NaN, infinity and integers
    beyond floating point are rejected.

    Raises:
        UnitError: the value is not a finite number, or the unit is unknown.
    """
    number = _check_number(value, field, value)
    units = unit if isinstance(unit, pint.Unit) else parse_unit(unit, field=field)
    return _make(_registry._frozen_now(), number, units._units)


def _hold(value: Quantity) -> Quantity:
    """Converter for a quantity field of a ketacore value: an immutable copy of it.

    A finite int or float quantity is copied into the immutable type (a no-op
    for one that already is); anything else is returned unchanged, for the
    field's validator to reject with a message naming the field.
    """
    if isinstance(value, _Immutable) or not isinstance(value, pint.Quantity):
        return value
    number = value._magnitude
    if isinstance(number, bool) or not isinstance(number, int | float):
        return value
    try:
        as_float = float(number)
    except OverflowError:
        return value
    return _make(_registry._state().frozen, as_float, value._units)


def _hold_optional(value: Quantity | None) -> Quantity | None:
    """:func:`_hold` for a field that may be None."""
    return None if value is None else _hold(value)


def freeze(value: Quantity, *, field: str = "quantity") -> Quantity:
    """Return an immutable copy of *value*, a quantity with a finite number as magnitude.

    ketacore does this to every quantity it keeps, so a caller changing their
    own quantity later never changes a ketacore value. The copy belongs to the
    application registry, mixes with its plain quantities, and refuses to be
    changed in place.

    >>> import pint
    >>> from ketacore.units import freeze
    >>> mine = pint.get_application_registry().Quantity(70, "kg")
    >>> held = freeze(mine)
    >>> held == mine, held is mine
    (True, False)
    >>> held.magnitude = 154
    Traceback (most recent call last):
    ketacore.exceptions.FrozenQuantityError: quantity: setting 'magnitude' would change ...

    Raises:
        UnitError: *value* is not a quantity, or its magnitude is not a finite number.
    """
    if not isinstance(value, pint.Quantity):
        raise UnitError(
            field=field,
            value=value,
            expected="a quantity with a unit",
            fix="use ketacore.units.quantity(value, unit), such as quantity(35, 'mg')",
        )
    _check_number(value._magnitude, field, value)
    return _hold(value)


def is_quantity(value: object) -> bool:
    """Return whether *value* is a pint quantity (from any registry)."""
    return isinstance(value, pint.Quantity)
