"""Long-term safety: cumulative exposure over a window, and overdue watch-item check-ins.

The APA 2017 consensus asks for ongoing monitoring of cognition, bladder
symptoms and substance use over a course (clinical reference 4 and 5.3). It
gives no interval, so :data:`CHECK_IN_INTERVAL` is a ketacore choice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Final

import attrs

from ketacore import _validators as v
from ketacore._dates import add_months
from ketacore.courses._course import Course, check_course
from ketacore.courses._dosing import CumulativeDose, _add_up, _session_doses
from ketacore.courses._fields import session_day
from ketacore.courses._safety_items import WatchItem
from ketacore.exceptions import WITHHELD, CourseError, PatientMismatchError

__all__ = [
    "CHECK_IN_INTERVAL",
    "EXPOSURE_WINDOW_MONTHS",
    "Exposure",
    "OverdueCheckIn",
    "exposure",
    "overdue_checkins",
]

CHECK_IN_INTERVAL: Final = timedelta(days=90)
"""How long a watch item may go unchecked during a course: a ketacore choice.

The APA 2017 consensus asks for ongoing monitoring but gives no interval
(clinical reference 4); 90 days matches ketacore's default age for a body
weight. Pass your clinic's ``interval`` to :func:`overdue_checkins`.
"""

EXPOSURE_WINDOW_MONTHS: Final = 12
"""Default exposure window: the last 12 calendar months, ending on the day asked about."""


@attrs.frozen
class Exposure:
    """Cumulative exposure over a window of calendar days (both ends inclusive)."""

    since: date
    """First day of the window."""
    until: date
    """Last day of the window: the day asked about."""
    dose: CumulativeDose
    """Sessions, mg and mg/kg given in the window, over every course passed."""

    @property
    def sessions(self) -> int:
        """Dosing sessions in the window."""
        return self.dose.sessions


@attrs.frozen
class OverdueCheckIn:
    """A watch item whose check-in is overdue on the day asked about."""

    item: WatchItem
    """The watch item."""
    last: date | None
    """The last check-in of this item, or None if never checked."""
    due: date
    """When the check-in was due."""


_COURSES: Final = v.tuple_of(Course, field="courses", error=CourseError, example="Course(...)")


def _courses(value: Course | Iterable[Course]) -> tuple[Course, ...]:
    if isinstance(value, Course):
        return (value,)
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        v.fail(CourseError, "courses", value, "a Course or a list of one patient's courses")
    courses: tuple[Course, ...] = _COURSES(value)
    if courses and any(not c.belongs_to(courses[0].patient) for c in courses[1:]):
        raise PatientMismatchError(
            field="courses",
            value=WITHHELD,
            got="courses of different patients (identifiers withheld)",
            expected="one patient's courses",
            fix="call exposure once per patient",
        )
    return courses


def exposure(
    courses: Course | Iterable[Course], *, on: date, months: int = EXPOSURE_WINDOW_MONTHS
) -> Exposure:
    """Return the cumulative exposure in the *months* calendar months up to *on*.

    The window runs from the day after *on* minus *months* months to *on*, both
    included (12 months up to 2 March 2027 is 3 March 2026 - 2 March 2027).
    Several courses of one patient may be passed; their doses add up.

    Raises:
        CourseError: *on* is not a date (or an aware datetime), *months* is not a
            whole number of at least 1.
        PatientMismatchError: the courses belong to different patients.
    """
    day = v.on_day(on, error=CourseError)
    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        v.fail(CourseError, "months", months, "a whole number of at least 1, such as 12")
    chosen = _courses(courses)
    since = add_months(day, -months) + timedelta(days=1)
    pairs = [
        pair
        for course in chosen
        for pair in _session_doses(
            course.patient,
            [s for s in course.dosing_sessions if since <= session_day(s) <= day],
        )
    ]
    return Exposure(since, day, _add_up(pairs))


def overdue_checkins(
    course: Course, *, on: date, interval: timedelta = CHECK_IN_INTERVAL
) -> tuple[OverdueCheckIn, ...]:
    """Return the watch items whose check-in is overdue on *on*, in :class:`WatchItem` order.

    Each item is due *interval* after its last check-in, or after the first
    dosing session if it was never checked; it is overdue once *on* is past
    the due day. Before the first dose nothing is due.

    Raises:
        CourseError: *on* is not a date (or an aware datetime), or *interval* is not a
            positive timedelta.
    """
    course = check_course(course)
    day = v.on_day(on, error=CourseError)
    if not isinstance(interval, timedelta) or interval <= timedelta(0):
        v.fail(CourseError, "interval", interval, "a positive timedelta such as timedelta(days=90)")
    first = course.first_dose
    if first is None or session_day(first) > day:
        return ()
    overdue = []
    for item in WatchItem:
        checks = [c.on for c in course.checkins if c.item is item and c.on <= day]
        last = max(checks) if checks else None
        due = (session_day(first) if last is None else last) + interval
        if day > due:
            overdue.append(OverdueCheckIn(item, last, due))
    return tuple(overdue)
