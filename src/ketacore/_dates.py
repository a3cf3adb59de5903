"""Private date and time helpers shared across ketacore: no clock is ever read.

Elapsed time is absolute time. Python subtracts and compares two aware
datetimes that share one ``tzinfo`` object by their wall clocks, ignoring the
UTC offset (and ``fold``): 01:00 to 03:05 America/New_York on 8 March 2026
(clocks spring forward at 02:00) is 2 h 05 min to Python but 1 h 05 min of
observation. Every duration, deadline and ordering of aware datetimes in
ketacore goes through :func:`instant`, :func:`elapsed` or :func:`later`,
which work on UTC. Dates and naive datetimes have no offset to honour and
pass through unchanged.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta, timezone
from typing import TypeVar

_When = TypeVar("_When", date, datetime)


def instant(value: _When) -> _When:
    """Return *value* as a point on the absolute timeline, for ordering and comparing.

    An aware datetime in a zone whose offset changes (a ``ZoneInfo``) becomes
    the same instant in UTC. One with a fixed offset (``datetime.timezone``,
    UTC included) is returned as it is: Python already compares and subtracts
    those on absolute time, and this is the hot path. A date or a naive
    datetime is returned as it is.

    >>> from zoneinfo import ZoneInfo
    >>> ny = ZoneInfo("America/New_York")
    >>> first = datetime(2026, 11, 1, 1, 30, tzinfo=ny)  # 01:30 EDT, before the fall back
    >>> second = datetime(2026, 11, 1, 1, 10, fold=1, tzinfo=ny)  # 01:10 EST, 40 min later
    >>> second < first, instant(second) < instant(first)
    (True, False)
    """
    if isinstance(value, datetime):
        zone = value.tzinfo
        if zone is None or type(zone) is timezone:
            return value
        if zone.utcoffset(value) is not None:
            return value.astimezone(UTC)
    return value


def elapsed(start: _When, end: _When) -> timedelta:
    """Return the absolute time from *start* to *end* (negative if *end* is earlier).

    >>> from zoneinfo import ZoneInfo
    >>> ny = ZoneInfo("America/New_York")
    >>> dosed, end = datetime(2026, 3, 8, 1, 0, tzinfo=ny), datetime(2026, 3, 8, 3, 5, tzinfo=ny)
    >>> end - dosed, elapsed(dosed, end)
    (datetime.timedelta(seconds=7500), datetime.timedelta(seconds=3900))
    """
    return instant(end) - instant(start)


def later(moment: _When, span: timedelta) -> _When:
    """Return the moment *span* of absolute time after *moment* (before, if negative).

    An aware result is given in *moment*'s own zone, with ``fold`` set as needed.

    >>> from zoneinfo import ZoneInfo
    >>> ny = ZoneInfo("America/New_York")
    >>> later(datetime(2026, 3, 8, 1, 30, tzinfo=ny), timedelta(minutes=40)).isoformat()
    '2026-03-08T03:10:00-04:00'
    """
    if isinstance(moment, datetime):
        zone = moment.tzinfo
        # A fixed offset (UTC included) adds on absolute time already: the hot path.
        if zone is not None and type(zone) is not timezone and moment.utcoffset() is not None:
            return (moment.astimezone(UTC) + span).astimezone(zone)
    return moment + span


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
