"""Private attrs validators and converters shared by the patient record types."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import attrs

from ketacore._text import shown
from ketacore.exceptions import PatientError


def check_bool(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Reject anything but ``True`` or ``False`` (``"yes"``, ``1`` and ``None`` included)."""
    if not isinstance(value, bool):
        raise PatientError(
            f"{attribute.name}: got {shown(value)} ({type(value).__name__}); expected True or "
            "False; record an unknown status as False only if it was asked and denied"
        )


def check_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Require non-blank text."""
    if not isinstance(value, str) or not value.strip():
        raise PatientError(
            f"{attribute.name}: got {shown(value)}; expected non-empty text, such as 'sertraline'"
        )


def check_date(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Require a calendar date (a datetime is refused: its date depends on a zone)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        hint = (
            "pass its calendar date with .date() (for an aware datetime, in the clinic's zone)"
            if isinstance(value, datetime)
            else "convert text with date.fromisoformat('2026-03-02')"
        )
        raise PatientError(
            f"{attribute.name}: got {shown(value, 80)} ({type(value).__name__}); expected a "
            f"date such as date(2026, 3, 2); {hint}"
        )


def to_tuple(values: object) -> object:
    """Turn a list into a tuple; anything else is left for :func:`check_items` to reject."""
    return tuple(values) if isinstance(values, list) else values


def check_items(kind: type[Any]) -> Any:
    """Return a validator requiring a tuple of *kind* items."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], values: Any) -> None:
        if not isinstance(values, tuple):
            raise PatientError(
                f"{attribute.name}: got {shown(values)} ({type(values).__name__}); expected a list "
                f"or tuple of {kind.__name__}"
            )
        for value in values:
            if not isinstance(value, kind):
                raise PatientError(
                    f"{attribute.name}: got an item {shown(value)} ({type(value).__name__}); "
                    f"expected {kind.__name__} items; build each with {kind.__name__}(...)"
                )

    return validate
