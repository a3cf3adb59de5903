"""The one way this package reports a bad argument (private).

Every raise site builds a :class:`~ketacore.exceptions.ResponseError` with its
structured attributes (``field``, ``value``, ``expected``, ``fix``); the message
is built from them by the exception, quoting the value through
:func:`ketacore._text.shown`. A score or an instrument is described by name
(``"a PHQ-9 score"``), and a date or duration in its ISO form, which say more
than their ``repr``.
"""

from __future__ import annotations

from datetime import date, timedelta

from ketacore.exceptions import ResponseError
from ketacore.instruments import Instrument, Score

__all__ = ["fail"]


def _described(value: object) -> str | None:
    if isinstance(value, Score):
        return f"a {value.instrument.short_name} score"
    if isinstance(value, Instrument):
        return f"the instrument {value.short_name}"
    if isinstance(value, date | timedelta):  # "2026-01-12", "15 days, 0:00:00": bounded
        return f"{value} ({type(value).__name__})"
    return None


def fail(field: str, value: object, expected: str, fix: str | None = None) -> ResponseError:
    """The :class:`ResponseError` for a bad *value* of *field* (the caller raises it)."""
    return ResponseError(
        field=field, value=value, got=_described(value), expected=expected, fix=fix
    )
