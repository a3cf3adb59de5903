"""The session types' validators and duration formatting (private).

The validators are :mod:`ketacore._validators` ones bound to
:class:`~ketacore.exceptions.SessionError`, so a bad session field raises a
``SessionError`` carrying ``field``, ``value``, ``expected`` and ``fix``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Final, TypeVar

from ketacore import _validators as v
from ketacore._dates import elapsed, instant
from ketacore._text import shown
from ketacore.exceptions import SessionError, ValidationError

_R = TypeVar("_R")

check_id: Final = v.identifier(error=SessionError, example="S-2026-03-02-01")
"""An opaque session id: non-blank, no surrounding spaces, at most 200 characters."""

check_notes: Final = v.notes(error=SessionError)
"""A notes field: any string, possibly empty."""

check_aware: Final = v.aware(error=SessionError)
"""A timezone-aware datetime."""

check_optional_aware: Final = v.optional(check_aware)
"""None or a timezone-aware datetime."""

check_bool: Final = v.boolean(error=SessionError)
"""A switch: exactly True or False."""

check_source: Final = v.text(error=SessionError, fix="say where the numbers come from")
"""The ``source`` of a plan or criteria: non-blank text."""


LOT_NUMBER_FORM: Final = (
    "1 to 20 letters and digits, with single hyphens inside (e.g. 'LOT-24A113')"
)
"""The form a device lot number must have: a data-entry guard chosen by ketacore [?].

The SPRAVATO REMS form asks for the lot number(s) printed on the devices
(clinical reference section 10) but no published rule for their format was
found, so the check refuses only what cannot be a lot number: blanks, spaces,
punctuation, pasted text.
"""

_LOT_LENGTH: Final = 20
_LOT: Final = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")


def to_lots(value: Iterable[str], *, field: str, error: type[ValidationError]) -> tuple[str, ...]:
    """Return *value* as a tuple of lot numbers, each of :data:`LOT_NUMBER_FORM` and once."""
    lots = v.as_tuple(value, field=field, error=error, of=str)
    for index, lot in enumerate(lots):
        # Length first: the pattern then runs on at most 20 characters.
        if not isinstance(lot, str) or len(lot) > _LOT_LENGTH or not _LOT.fullmatch(lot):
            v.fail(
                error,
                f"{field}[{index}]",
                lot,
                f"a lot number of {LOT_NUMBER_FORM}",
                "copy the lot number printed on the device's label",
            )
        if lot in lots[:index]:
            v.fail(
                error,
                f"{field}[{index}]",
                lot,
                "each lot number once",
                "list a lot shared by several devices once",
                got=f"{shown(lot)} a second time",
            )
    return lots


def sorted_by_time(
    attribute: str, kind: type[_R], time_of: Callable[[_R], datetime], example: str
) -> Callable[[Iterable[_R]], tuple[_R, ...]]:
    """A converter: any iterable of *kind* to a tuple sorted by absolute time (ties by content)."""
    as_tuple = v.tuple_of(kind, field=attribute, error=SessionError, example=example)

    def convert(value: Iterable[_R]) -> tuple[_R, ...]:
        items: tuple[_R, ...] = as_tuple(value)
        # Absolute time: same-zone datetimes would otherwise sort by wall clock.
        moments = [instant(time_of(item)) for item in items]
        if all(a < b for a, b in pairwise(moments)):
            return items  # already in order, no ties: the usual case
        if len(set(moments)) == len(moments):
            order = sorted(range(len(items)), key=moments.__getitem__)
            return tuple(items[i] for i in order)
        # Ties are ordered by content, so the same records in any order make equal
        # sessions (repr is costly, so only when two records share a time).
        order = sorted(range(len(items)), key=lambda i: (moments[i], repr(items[i])))
        return tuple(items[i] for i in order)

    return convert


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
