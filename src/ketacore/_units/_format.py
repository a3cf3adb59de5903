"""Writing quantities back as clinicians write them, and quoting them in messages."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pint

from ketacore._text import shown
from ketacore._units._frozen import Quantity
from ketacore._units._tables import _SYMBOLS
from ketacore.exceptions import UnitError


def _format_number(number: float, digits: int | None = None) -> str:
    # Shortest text that reads back as the same float, never in exponent form
    # (the parser accepts plain decimals only); with *digits*, rounded half up to
    # that many significant digits first, trailing zeros dropped.
    exact = Decimal(repr(float(number)))
    if digits is not None and exact.is_finite() and exact != 0:
        places = digits - 1 - math.floor(math.log10(abs(float(number))))
        exact = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP).normalize()
    text = format(exact, "f")
    return text[:-2] if text.endswith(".0") else text


def _check_digits(digits: object) -> int | None:
    if digits is None or (type(digits) is int and 1 <= digits <= 17):
        return digits
    raise UnitError(
        field="digits",
        value=digits,
        expected="a whole number of significant digits from 1 to 17, or None for every digit",
        fix="pass digits=4, for example, to show 39.916128560000004 mg as 39.92 mg",
    )


def format_quantity(value: Quantity, *, digits: int | None = None) -> str:
    """Write a quantity the way clinicians do, so that parsing it gives it back.

    With *digits*, the number is rounded (half up) to that many significant
    digits for display; parsing the text then gives the rounded value. The
    command line (``ketacore dose``) shows its numbers with ``digits=4``.

    >>> from ketacore.units import format_quantity, quantity
    >>> format_quantity(quantity(0.5, "mg/kg"))
    '0.5 mg/kg'
    >>> dose = quantity(39.916128560000004, "mg")
    >>> format_quantity(dose), format_quantity(dose, digits=4)
    ('39.916128560000004 mg', '39.92 mg')
    >>> format_quantity(quantity(1250, "mg"), digits=2)
    '1300 mg'

    Raises:
        UnitError: *digits* is not a whole number from 1 to 17 (or None).
    """
    digits = _check_digits(digits)
    parts_up: list[str] = []
    parts_down: list[str] = []
    for name, power in value._units.items():
        symbol = _SYMBOLS.get(name, name)
        if power == 1:
            parts_up.append(symbol)
        elif power == -1:
            parts_down.append(symbol)
        else:
            return f"{_format_number(value.magnitude, digits)} {value.units:~}"
    unit_text = "/".join(parts_up + parts_down) if parts_up else str(value.units)
    return f"{_format_number(value.magnitude, digits)} {unit_text}"


def _quoted(value: Any) -> str:
    """A bounded, quoted description of a quantity for a message."""
    try:
        text = format_quantity(value)
    except Exception:  # an array or odd magnitude: describe it by its repr
        return shown(value)
    return shown(text)


def _describe(about: object) -> str:
    """Quote a value for a message, boundedly: a quantity as clinicians write it."""
    return _quoted(about) if isinstance(about, pint.Quantity) else shown(about)
