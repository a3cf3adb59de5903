"""What every section of one report reads: the course, the day, and a list of what is missing.

The helpers here look things up through ketacore's own functions (the weight in
force, the age on a day, the dose of one session) and turn a
:class:`~ketacore.exceptions.KetacoreError` into a sentence for the report
instead of a failure: a course with missing data still renders.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar

import attrs

from ketacore._dates import elapsed
from ketacore.courses import Course, next_due
from ketacore.courses._dosing import _session_doses
from ketacore.courses._fields import session_day
from ketacore.doses import Dose
from ketacore.exceptions import KetacoreError
from ketacore.rems import HealthcareSetting, Prescriber
from ketacore.sessions import DosingSession
from ketacore.units import Quantity, format_quantity, magnitude

__all__ = ["Context", "attempt", "clock", "dose_text", "fmt"]

_T = TypeVar("_T")


def fmt(value: float | None, digits: int = 3) -> str:
    """A number for people: at most *digits* significant digits, no exponent; None is a dash."""
    if value is None:
        return "-"
    if value == 0:
        return "0"
    text = f"{value:.{digits}g}"
    if "e" in text:
        text = f"{value:.0f}"
    return text


def clock(moment: datetime) -> str:
    """The wall-clock time of *moment* with its zone, e.g. ``'09:10 UTC'``."""
    zone = moment.tzname() or moment.strftime("%z")
    return f"{moment:%H:%M} {zone}".strip()


def dose_text(dose: Dose) -> str:
    """The dose as the clinician entered it, else written from its amount and duration."""
    if dose.text:
        return dose.text
    text = format_quantity(dose.amount)
    if dose.duration is not None:
        text += f" over {format_quantity(dose.duration)}"
    return text


def attempt(action: Callable[[], _T]) -> tuple[_T | None, str | None]:
    """Run *action*; return (result, None), or (None, the error's message) on a KetacoreError."""
    try:
        return action(), None
    except KetacoreError as error:
        return None, str(error)


@attrs.define
class Context:
    """One report's inputs, and the missing data its sections found (in order)."""

    course: Course
    on: date
    identifier: bool
    rems_setting: HealthcareSetting | None = attrs.field(default=None, kw_only=True)
    rems_prescriber: Prescriber | None = attrs.field(default=None, kw_only=True)
    missing: list[tuple[str, str]] = attrs.field(factory=list)
    """(section title, what is missing) pairs, listed at the top of the report."""
    highlights: list[tuple[str, str]] = attrs.field(factory=list)
    """(term, text) pairs the sections found worth the summary, in section order."""

    def highlight(self, term: str, text: str) -> None:
        """Add a key figure to the summary at the top of the report."""
        self.highlights.append((term, text))

    def lack(self, where: str, what: str) -> None:
        """Record that *what* is missing in the section *where* (shown once)."""
        if (where, what) not in self.missing:
            self.missing.append((where, what))

    def day_of(self, session: DosingSession) -> date:
        """The session's local calendar day (as the course counts it)."""
        return session_day(session)

    def course_day(self, moment: datetime | date) -> float:
        """Days from the course start (its midnight in *moment*'s zone) to *moment*."""
        if not isinstance(moment, datetime):  # a dated series (not one a Course makes)
            return float((moment - self.course.start).days)
        midnight = datetime.combine(self.course.start, datetime.min.time(), moment.tzinfo)
        return elapsed(midnight, moment).total_seconds() / 86400

    def age(self, day: date) -> int:
        """The patient's age in years on *day*."""
        return self.course.patient.age(on=day)

    def weight_kg(self, day: date) -> float | None:
        """The weight in force on *day* in kg, or None if none was recorded by then."""
        try:
            measurement = self.course.patient.weight_measurement(on=day)
        except KetacoreError:
            return None
        return float(magnitude(measurement.weight, "kg"))

    def weight(self, day: date) -> Quantity | None:
        """The weight in force on *day* as entered, or None if none was recorded by then."""
        try:
            return self.course.patient.weight_measurement(on=day).weight
        except KetacoreError:
            return None

    def session_dose(self, session: DosingSession) -> tuple[float | None, float | None, str | None]:
        """(mg, mg/kg, problem) for one session, worked out by the courses module.

        A weight-based dose without a weight gives no mg and the reason.
        """
        result, problem = attempt(lambda: next(_session_doses(self.course.patient, [session])))
        if result is None:
            return None, None, problem
        return result[0], result[1], None

    @property
    def dosing_sessions(self) -> tuple[DosingSession, ...]:
        """The course's dosing sessions, in time order."""
        return self.course.dosing_sessions

    def due_text(self) -> str:
        """When the next dosing session is due (:func:`ketacore.courses.next_due`)."""
        due = next_due(self.course, after=self.on)
        if due is None:
            return "none: the protocol is complete"
        if due <= self.on:
            return f"{due.isoformat()} (overdue on {self.on.isoformat()})"
        return due.isoformat()

    def phase_name(self, day: date) -> str:
        """The protocol phase in force on *day*, or "after the protocol"."""
        phase = self.course.phase_on(day)
        return "after the protocol" if phase is None else phase.name
