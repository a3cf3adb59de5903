"""Private date helpers shared by patients and screening: no clock is ever read."""

from __future__ import annotations

import calendar
from datetime import date, datetime

from ketacore.exceptions import ValidationError
from ketacore.vitals import aware_datetime


def as_date(value: object, *, field: str, error: type[ValidationError] = ValidationError) -> date:
    """Return *value* as a calendar date.

    A :class:`~datetime.date` is returned as it is. A timezone-aware
    :class:`~datetime.datetime` gives its own local date; a naive one is
    rejected, because its calendar date depends on a zone nobody stated.
    """
    if isinstance(value, datetime):
        return aware_datetime(value, field=field).date()
    if isinstance(value, date):
        return value
    raise error(
        f"{field}: got {value!r} ({type(value).__name__}); expected a date such as "
        "date(2026, 3, 2); convert text with date.fromisoformat('2026-03-02')"
    )


def add_months(day: date, months: int) -> date:
    """Return *day* moved by whole calendar *months*, clamped to the month's last day.

    >>> add_months(date(2026, 8, 31), -6)
    datetime.date(2026, 2, 28)
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def years_between(start: date, end: date) -> int:
    """Return the completed years from *start* to *end* (a person's age).

    Someone born on 29 February turns a year older on 1 March in common years.

    >>> years_between(date(2000, 2, 29), date(2019, 2, 28)), years_between(
    ...     date(2000, 2, 29), date(2019, 3, 1))
    (18, 19)
    """
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))
