"""Response status of a course on a chosen instrument, using :mod:`ketacore.response`.

The course's baseline on the instrument is compared with its latest rating
on or before the day asked about. Ratings are the course's follow-up
assessments and the in-session assessments of its dosing sessions.
"""

from __future__ import annotations

from datetime import date, datetime

import attrs

from ketacore._dates import instant
from ketacore._validators import fail, on_day
from ketacore.courses._course import Course
from ketacore.exceptions import CourseError
from ketacore.instruments import Instrument
from ketacore.instruments._catalogue import resolve
from ketacore.response import (
    Assessment,
    Reason,
    ResponseStatus,
    Status,
    Thresholds,
    Trajectory,
    classify,
    course_type,
    thresholds_for,
    trajectory,
)
from ketacore.sessions import TimedScore

__all__ = ["CourseResponse", "response_status", "response_trajectory"]


@attrs.frozen
class CourseResponse:
    """The response status of a course on one instrument, with the ratings compared.

    The classification's parts read directly: ``result.status``,
    ``result.response``, ``result.remission``, ``result.percent_change`` and
    ``result.reason``; the whole of it is :attr:`classification`.
    """

    classification: ResponseStatus
    """The classification (:class:`ketacore.response.ResponseStatus`), thresholds included."""
    baseline: TimedScore | None
    """The course's baseline on the instrument, or None if none was recorded."""
    current: TimedScore | None
    """The latest rating on or before the day asked about, or None."""

    @property
    def status(self) -> Status:
        """The :class:`ketacore.response.Status` (``Status.RESPONSE``, ...)."""
        return self.classification.status

    @property
    def response(self) -> bool | None:
        """Whether the reduction meets the response rule; None when not determined."""
        return self.classification.response

    @property
    def remission(self) -> bool | None:
        """Whether the current total meets the remission rule; None when not determined."""
        return self.classification.remission

    @property
    def percent_change(self) -> float | None:
        """The percent improvement from baseline (positive is better), or None."""
        return self.classification.percent_change

    @property
    def reason(self) -> Reason | None:
        """Why the status is not evaluable, else None."""
        return self.classification.reason


def _course(value: object) -> Course:
    if not isinstance(value, Course):
        # got= names the type alone: a record's repr may hold a patient identifier.
        fail(
            CourseError,
            "course",
            value,
            "a ketacore.courses.Course",
            got=f"a {type(value).__name__}",
        )
    return value


def _ratings(course: Course, instrument: Instrument) -> list[TimedScore]:
    found = [a for a in course.assessments if a.score.instrument is instrument]
    for session in course.dosing_sessions:
        found.extend(a for a in session.assessments if a.score.instrument is instrument)
    return sorted(found, key=lambda a: instant(a.taken_at))


def _baseline(course: Course, instrument: Instrument) -> TimedScore | None:
    return next((b for b in course.baselines if b.score.instrument is instrument), None)


def response_status(
    course: Course,
    instrument: Instrument | str,
    *,
    on: date | datetime,
    thresholds: Thresholds | None = None,
    allow_prorated: bool = False,
) -> CourseResponse:
    """Classify the course's latest rating on or before *on* against its baseline.

    A missing baseline or rating is not an error: the status is not evaluable,
    with the reason (:func:`ketacore.response.classify`).

    Args:
        course: the course.
        instrument: the instrument, or its id (``"madrs"``).
        on: the day asked about: a date, or a timezone-aware datetime (its own-zone
            date), as every ``on=`` in ketacore; ratings taken later (local date)
            are ignored.
        thresholds: from :func:`ketacore.response.thresholds_for`; default the
            rules the one policy gives the course's drug and route
            (``thresholds_for(instrument, course_type=...)``: on MADRS, <= 10 for IV
            ketamine and <= 12 for esketamine).
        allow_prorated: passed to :func:`ketacore.response.classify`.

    Raises:
        CourseError: *on* is not a date or an aware datetime, or an argument is of
            the wrong type.
        UnknownInstrumentError: no instrument has that id.
    """
    chosen = _course(course)
    scale = resolve(instrument, error=CourseError)
    day = on_day(on, error=CourseError)
    baseline = _baseline(chosen, scale)
    later = [r for r in _ratings(chosen, scale) if r.taken_at.date() <= day]
    if baseline is not None:
        later = [r for r in later if instant(r.taken_at) > instant(baseline.taken_at)]
    current = later[-1] if later else None
    status = classify(
        None if baseline is None else baseline.score,
        None if current is None else current.score,
        thresholds=_thresholds(chosen, scale, thresholds),
        allow_prorated=allow_prorated,
    )
    return CourseResponse(status, baseline, current)


def _thresholds(course: Course, scale: Instrument, given: Thresholds | None) -> Thresholds:
    """The caller's thresholds, else the one policy's rules for the course's drug and route."""
    if given is not None:
        return given
    return thresholds_for(scale, course_type=course_type(course.drug, course.route))


def response_trajectory(
    course: Course,
    instrument: Instrument | str,
    *,
    thresholds: Thresholds | None = None,
    allow_prorated: bool = False,
) -> Trajectory:
    """Return the dated series of the course's ratings on *instrument* against its baseline.

    The result answers onset, rapid, sustained and relapse questions
    (:class:`ketacore.response.Trajectory`). Ratings taken at or before the
    baseline are left out.

    Raises:
        CourseError: the course has no baseline on the instrument.
        ResponseError: two ratings on the instrument have the same time.
    """
    chosen = _course(course)
    scale = resolve(instrument, error=CourseError)
    baseline = _baseline(chosen, scale)
    if baseline is None:
        fail(
            CourseError,
            "baselines",
            chosen.baselines,
            f"a baseline rating on {scale.id!r} to compare against",
            "record it with Course.with_baseline(TimedScore(taken_at=..., score=...))",
            got=f"no baseline on {scale.id!r}",
        )
    later = [
        Assessment(r.taken_at, r.score)
        for r in _ratings(chosen, scale)
        if instant(r.taken_at) > instant(baseline.taken_at)
    ]
    return trajectory(
        Assessment(baseline.taken_at, baseline.score),
        later,
        thresholds=_thresholds(chosen, scale, thresholds),
        allow_prorated=allow_prorated,
    )
