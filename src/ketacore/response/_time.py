"""The two kinds of series time: dated (calendar days) and timed (absolute time).

A series is **dated** when its times are :class:`~datetime.date` objects: spans
count calendar days, and every window is a whole number of days. It is **timed**
when they are timezone-aware :class:`~datetime.datetime` objects: spans are
absolute time (taken in UTC), so two 09:00 visits 15 calendar days apart across
an autumn daylight-saving change are 15 days 1 hour apart. A naive datetime is
refused, as everywhere in ketacore: its instant depends on a zone nobody stated.
The baseline's time decides the kind of a series, and every other time given to
it (assessments, events, ``start=``, ``as_of=`` ...) must be of the same kind;
:class:`Timeline` is the one place that rule is written.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Final, TypeAlias

from attrs import frozen

from ketacore._validators import check_aware
from ketacore.exceptions import ResponseError
from ketacore.response._errors import fail

__all__ = ["DATED", "TIMED", "Timeline", "When", "timeline_of"]

When: TypeAlias = date | datetime
"""A point in time of a series: a :class:`~datetime.date` (a dated series) or a
timezone-aware :class:`~datetime.datetime` (a timed series); one kind per series."""


@frozen
class Timeline:
    """The rules of one kind of series time (private: :data:`DATED` or :data:`TIMED`)."""

    timed: bool
    kind: str

    def check(self, field: str, value: object) -> When:
        """Return *value* if it is a time of this kind, else raise ResponseError."""
        if timeline_of(field, value) is not self:
            raise fail(
                field,
                value,
                f"{self.kind} like the rest of the series",
                "use one kind throughout: all dates (a dated series) or all "
                "timezone-aware datetimes (a timed series)",
            )
        return value  # type: ignore[return-value]  # timeline_of checked it is a When

    def window(self, field: str, value: object) -> timedelta:
        """Return *value* if it is a positive duration this series can measure."""
        if not isinstance(value, timedelta):
            raise fail(field, value, "a datetime.timedelta", "pass e.g. timedelta(hours=24)")
        if value <= timedelta(0):
            raise fail(field, value, "a positive duration", "pass e.g. timedelta(hours=24)")
        if not self.timed and value % timedelta(days=1):
            raise fail(
                field,
                value,
                "whole days, because the series is dated (no times)",
                "pass a whole number of days, or record the assessments as aware datetimes",
            )
        return value


DATED: Final = Timeline(False, "a date")
"""Calendar dates: spans count days."""

TIMED: Final = Timeline(True, "a timezone-aware datetime")
"""Timezone-aware datetimes: spans are absolute time."""


def timeline_of(field: str, value: object) -> Timeline:
    """The kind of series time *value* is; a naive datetime or a non-time is refused."""
    if isinstance(value, datetime):
        check_aware(value, field=field, error=ResponseError)
        return TIMED
    if isinstance(value, date):
        return DATED
    raise fail(
        field,
        value,
        "a date or a timezone-aware datetime",
        "pass datetime.date(2026, 1, 5) or datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)",
    )
