"""Response status of a course on a chosen instrument (uses ketacore.response)."""

from __future__ import annotations

from datetime import date, timedelta

import attrs
import pytest

from course_helpers import at, day, dosing, iv_course
from ketacore.courses import Course, response_status, response_trajectory
from ketacore.exceptions import CourseError, ResponseError
from ketacore.instruments import MADRS, PHQ9
from ketacore.response import Reason, Status, thresholds_for
from ketacore.sessions import TimedScore


def madrs(n: int, item: int, hour: int = 9) -> TimedScore:
    return TimedScore(taken_at=at(n, hour=hour), score=MADRS.score([item] * 10))


def course_with_ratings() -> Course:
    return iv_course(
        [0, 3, 7, 10, 14, 17],
        baselines=[madrs(0, 4, hour=8)],  # total 40, before the first dose at 09:00
        assessments=[madrs(1, 3), madrs(8, 2), madrs(21, 1)],  # totals 30, 20, 10
    )


@pytest.mark.parametrize(
    ("on", "status", "total"),
    [
        (day(1), Status.PARTIAL_RESPONSE, 30),  # 25 % reduction
        (day(8), Status.RESPONSE, 20),  # 50 % reduction
        (day(20), Status.RESPONSE, 20),  # the day-21 rating is not in yet
        (day(21), Status.REMISSION, 10),  # MADRS <= 12 (esketamine default, ref 2.1)
    ],
)
def test_status_uses_the_latest_rating_on_or_before_the_day(
    on: date, status: Status, total: int
) -> None:
    result = response_status(course_with_ratings(), MADRS, on=on)
    assert result.status is status
    assert result.current is not None
    assert result.current.score.total == total
    assert result.baseline is not None
    assert result.baseline.score.total == 40


def test_instrument_by_id_and_custom_thresholds() -> None:
    course = course_with_ratings()
    strict = thresholds_for(MADRS, remission_max_total=9)
    result = response_status(course, "madrs", on=day(21), thresholds=strict)
    assert result.status is Status.RESPONSE  # 10 is not <= 9


def test_missing_baseline_or_rating_is_not_evaluable() -> None:
    course = course_with_ratings()
    no_phq9 = response_status(course, PHQ9, on=day(21))
    assert no_phq9.reason is Reason.MISSING_BASELINE
    assert no_phq9.baseline is None
    before = response_status(course, MADRS, on=day(0))
    assert before.reason is Reason.MISSING_CURRENT


def test_in_session_ratings_count() -> None:
    session = dosing(0)
    rated = TimedScore(taken_at=at(0) + timedelta(minutes=30), score=MADRS.score([2] * 10))
    session = attrs.evolve(session, assessments=[rated])
    course = iv_course(sessions=[session], baselines=[madrs(0, 4, hour=8)])
    result = response_status(course, MADRS, on=day(0))
    assert result.status is Status.RESPONSE


def test_trajectory_of_a_course() -> None:
    series = response_trajectory(course_with_ratings(), MADRS)
    first = series.first_response()
    assert first is not None
    assert first.when == at(8)
    remission = series.first_remission()
    assert remission is not None
    assert remission.when == at(21)


def test_on_takes_a_date_or_an_aware_datetime_as_every_on_does() -> None:
    course = course_with_ratings()
    by_day = response_status(course, MADRS, on=day(8))
    by_time = response_status(course, MADRS, on=at(8, hour=23))  # its own-zone date
    assert by_time == by_day
    assert by_time.status is Status.RESPONSE


@pytest.mark.parametrize(
    ("call", "error", "field", "words"),
    [
        (
            lambda: response_trajectory(iv_course(), MADRS),
            CourseError,
            "baselines",
            ("'madrs'", "with_baseline"),
        ),
        (
            lambda: response_status(course_with_ratings(), MADRS, on=at(3).replace(tzinfo=None)),
            CourseError,
            "on",
            ("naive", "zone"),
        ),
        (
            lambda: response_status(course_with_ratings(), MADRS, on="2026-04-01"),
            CourseError,
            "on",
            ("date.fromisoformat",),
        ),
        (
            lambda: response_status(course_with_ratings(), 7, on=day(3)),
            CourseError,
            "instrument",
            ("7", "'phq9'"),
        ),
        (
            lambda: response_status("course", MADRS, on=day(3)),
            CourseError,
            "course",
            ("str", "Course"),
        ),
        (
            lambda: response_trajectory(
                iv_course(baselines=[madrs(0, 4, 8)], assessments=[madrs(2, 3), madrs(2, 2)]),
                MADRS,
            ),
            ResponseError,
            "assessments[1].when",
            ("sort the assessments",),
        ),
    ],
)
def test_bad_response_questions(
    call: object, error: type[Exception], field: str, words: tuple[str, ...]
) -> None:
    with pytest.raises(error) as caught:
        call()  # type: ignore[operator]
    assert caught.value.field == field  # type: ignore[attr-defined]
    for word in words:
        assert word in str(caught.value)


def test_the_result_reads_flat_and_keeps_the_classification() -> None:
    """``result.status`` is the Status; the classification is one attribute (issue 14)."""
    result = response_status(course_with_ratings(), MADRS, on=day(21))
    whole = result.classification
    assert result.status is whole.status is Status.REMISSION
    assert (result.response, result.remission) == (whole.response, whole.remission) == (True, True)
    assert result.percent_change == whole.percent_change == 75.0
    assert result.reason is whole.reason is None
    assert whole.thresholds is not None
