"""Writing quantities back as clinicians write them, and quoting them in messages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pint

from ketacore._text import shown
from ketacore._units._frozen import Quantity
from ketacore._units._tables import _SYMBOLS


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
    for name, power in value._units.items():
        symbol = _SYMBOLS.get(name, name)
        if power == 1:
            parts_up.append(symbol)
        elif power == -1:
            parts_down.append(symbol)
        else:
            return f"{_format_number(value.magnitude)} {value.units:~}"
    unit_text = "/".join(parts_up + parts_down) if parts_up else str(value.units)
    return f"{_format_number(value.magnitude)} {unit_text}"


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
