"""ketacore.reports refuses bad arguments with errors that name the field."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from ketacore.exceptions import CourseError, KetacoreError
from ketacore.reports import course_report, demo_course
from ketacore.testing import example_course, example_patient


@pytest.mark.parametrize("value", ["course.json", None, {"patient": "PT-1"}, 3])
def test_a_course_that_is_not_a_course(value: object) -> None:
    with pytest.raises(CourseError) as caught:
        course_report(value)  # type: ignore[arg-type]
    assert caught.value.field == "course"
    assert "PT-1" not in str(caught.value)


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_identifier_must_be_a_bool(value: object) -> None:
    with pytest.raises(CourseError) as caught:
        course_report(example_course(), identifier=value)  # type: ignore[arg-type]
    assert caught.value.field == "identifier"


@pytest.mark.parametrize("value", ["", "   ", 7])
def test_title_must_be_text(value: object) -> None:
    with pytest.raises(CourseError) as caught:
        course_report(example_course(), title=value)  # type: ignore[arg-type]
    assert caught.value.field == "title"


@pytest.mark.parametrize("value", [datetime(2026, 3, 9, 9), "2026-03-09", date(2026, 3, 1)])
def test_on_must_be_an_aware_day_in_the_course(value: object) -> None:
    with pytest.raises(CourseError) as caught:
        course_report(example_course(), on=value)  # type: ignore[arg-type]
    assert caught.value.field == "on"


def test_errors_never_show_the_identifier() -> None:
    course = example_course(patient=example_patient(identifier="PT-HIDDEN-1234"))
    with pytest.raises(KetacoreError) as caught:
        course_report(course, on=date(2020, 1, 1))
    assert "PT-HIDDEN-1234" not in str(caught.value)


@pytest.mark.parametrize("value", ["SYN-9999", "nobody", 2])
def test_demo_course_of_an_unknown_patient(value: object) -> None:
    with pytest.raises(CourseError) as caught:
        demo_course(value)  # type: ignore[arg-type]
    assert caught.value.field == "patient_id"
    if isinstance(value, str):
        assert value not in str(caught.value)
