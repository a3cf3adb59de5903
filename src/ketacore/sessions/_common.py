"""Validators and formatting shared by the session types (private)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, Final, TypeVar

import attrs

from ketacore import _validators
from ketacore._dates import elapsed
from ketacore.exceptions import SessionError

_T = TypeVar("_T")

MAX_ID_LENGTH: Final = 200
"""Longest session id accepted (a data-entry guard, not a format)."""


def _session_error(message: str) -> SessionError:
    return SessionError(message)


def check_id(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate an opaque session id: a non-blank string of at most 200 characters."""
    if not isinstance(value, str):
        raise _session_error(
            f"{attribute.name}: got {value!r} ({type(value).__name__}); expected a non-empty "
            "string such as 'S-2026-03-02-01'"
        )
    if not value.strip() or len(value) > MAX_ID_LENGTH or value != value.strip():
        shown = repr(value) if len(value) <= 40 else f"{value[:40]!r}... ({len(value)} characters)"
        raise _session_error(
            f"{attribute.name}: got {shown}; expected a non-empty string of at most "
            f"{MAX_ID_LENGTH} characters without surrounding spaces; use the clinic's session id"
        )


def check_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate a required free-text field: a string that is not blank."""
    if not isinstance(value, str) or not value.strip():
        raise _session_error(
            f"{attribute.name}: got {value!r}; expected non-empty text; "
            f"record the {attribute.name.replace('_', ' ')}"
        )


def check_notes(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate a notes field: any string, possibly empty."""
    if not isinstance(value, str):
        raise _session_error(
            f"{attribute.name}: got {value!r} ({type(value).__name__}); expected text "
            "(an empty string for no notes)"
        )


def check_aware(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate a timezone-aware datetime, raising :class:`SessionError`."""
    _validators.check_aware(value, field=attribute.name, error=SessionError)


def check_optional_aware(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate None or a timezone-aware datetime."""
    if value is not None:
        check_aware(instance, attribute, value)


def to_tuple(value: Iterable[_T], *, field: str) -> tuple[_T, ...]:
    """Convert an iterable (not a string) to a tuple, so records stay immutable."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise _session_error(
            f"{field}: got {value!r} ({type(value).__name__}); expected a list or tuple of "
            "records (an empty list for none)"
        )
    return tuple(value)


def format_duration(span: timedelta) -> str:
    """Format a duration in whole minutes as clinicians say it: ``'1 h 35 min'``, ``'2 h'``.

    Seconds are dropped (rounded down), so 1 h 59 min 59 s is ``'1 h 59 min'``
    and never reads as if the requirement were met.

    >>> from datetime import timedelta
    >>> format_duration(timedelta(hours=1, minutes=35)), format_duration(timedelta(hours=2))
    ('1 h 35 min', '2 h')
    >>> format_duration(timedelta(minutes=-5))
    '-5 min'
    """
    minutes = int(span / timedelta(minutes=1))  # int() rounds toward zero
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    if hours and rest:
        return f"{sign}{hours} h {rest} min"
    if hours:
        return f"{sign}{hours} h"
    return f"{sign}{rest} min"


def format_signed(span: timedelta) -> str:
    """Format a duration with its sign: ``'+40 min'``, ``'-5 min'``."""
    text = format_duration(span)
    return text if text.startswith("-") else f"+{text}"


def format_offset(moment: datetime, origin: datetime) -> str:
    """Format *moment* relative to *origin* (dosing): ``'+40 min'``, ``'-5 min'``.

    The offset is absolute time (across a daylight-saving change too).
    """
    return format_signed(elapsed(origin, moment))


def check_bool(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate a switch: exactly True or False."""
    if not isinstance(value, bool):
        raise _session_error(
            f"{attribute.name}: got {value!r} ({type(value).__name__}); expected True or False"
        )
