"""ketacore.reports without a browser: structure, sections, identifier, figures, missing data."""

from __future__ import annotations

import csv
from datetime import date

import attrs
import pytest
from hypothesis import given, settings

from ketacore.cohort import data_path
from ketacore.courses import ESKETAMINE_TRD, Course, cumulative_dose, response_status
from ketacore.reports import DEMO_PATIENT, SECTION_IDS, course_report, demo_course
from ketacore.reports._html import CSP
from ketacore.testing import courses, example_course, example_patient, example_session
from report_helpers import external_references, parse_report


def _check_page(page: str) -> None:
    parsed = parse_report(page)
    assert parsed.problems == []
    assert parsed.sections == list(SECTION_IDS)
    assert external_references(parsed) == []
    assert ("meta", "content", CSP) in parsed.attributes


@pytest.fixture(scope="module")
def demo_page() -> str:
    return course_report(demo_course())


def test_demo_report_is_balanced_html_with_every_section_and_no_external_reference(
    demo_page: str,
) -> None:
    _check_page(demo_page)
    assert demo_page.startswith("<!DOCTYPE html>")


def test_every_chart_has_a_title_and_a_description(demo_page: str) -> None:
    parsed = parse_report(demo_page)
    svgs = [(n, v) for t, n, v in parsed.attributes if t == "svg" and n == "aria-labelledby"]
    assert len(svgs) == parsed.tags.count("svg") > 0
    assert parsed.tags.count("title") == parsed.tags.count("svg") + 1  # and the page's <title>
    assert parsed.tags.count("desc") == parsed.tags.count("svg")
    for _, labelled in svgs:
        title, desc = labelled.split()
        assert title in parsed.ids
        assert desc in parsed.ids


def test_table_headers_have_scope(demo_page: str) -> None:
    parsed = parse_report(demo_page)
    scopes = [v for t, n, v in parsed.attributes if t == "th" and n == "scope"]
    assert len(scopes) == parsed.tags.count("th") > 0
    assert set(scopes) == {"col", "row"}


def test_identifier_only_when_asked() -> None:
    course = example_course(patient=example_patient(identifier="PT-SECRET-7731"))
    assert "PT-SECRET-7731" not in course_report(course)
    assert "PT-SECRET-7731" in course_report(course, identifier=True)


def test_text_is_escaped() -> None:
    protocol = attrs.evolve(
        ESKETAMINE_TRD, name="<script>alert(1)</script> & 'x'", note='say "<b>"'
    )
    course = example_course(drug="esketamine", protocol=protocol)
    page = course_report(course)
    assert "<script>" not in page
    assert "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#x27;x&#x27;" in page
    _check_page(page)


def _cohort_rows(table: str) -> list[dict[str, str]]:
    with data_path(table).open(newline="", encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["patient_id"] == DEMO_PATIENT]


def test_demo_figures_match_the_bundled_cohort_files(demo_page: str) -> None:
    """The demo's doses and MADRS status, worked out from the CSV files by hand."""
    doses = [float(row["dose_mg"]) for row in _cohort_rows("sessions")]
    weight = float(next(iter(_cohort_rows("patients")))["weight_kg"])
    text = parse_report(demo_page).visible_text
    assert f"{sum(doses):g} mg over {len(doses)} sessions" in text
    assert f"({sum(doses) / weight:.3g} mg/kg)" in text
    for dose in set(doses):
        assert f"{dose / weight:.3g}" in text
    madrs = sorted(_cohort_rows("madrs"), key=lambda row: int(row["visit"]))
    first, last = (
        sum(int(row[f"madrs_{i}"]) for i in range(1, 11)) for row in (madrs[0], madrs[-1])
    )
    # MADRS remission on esketamine is a total <= 12 (clinical reference 2.1).
    assert last <= 12
    assert f"remission, improvement {(first - last) * 100 / first:.3g} %" in text


def test_summary_figures_are_ketacore_answers() -> None:
    course = example_course(drug="esketamine")
    text = parse_report(course_report(course)).visible_text
    total = cumulative_dose(course)
    assert f"{total.total.magnitude:g} mg over {total.sessions} sessions" in text
    status = response_status(course, "madrs", on=date(2026, 3, 12))
    assert f"MADRS status {status.status.value}" in text


def test_course_without_sessions_or_ratings_renders_and_says_what_is_missing() -> None:
    course = Course(
        patient=example_patient(weight=None),
        protocol="esketamine-trd",
        indication="trd",
        start=date(2026, 3, 2),
    )
    page = course_report(course)
    _check_page(page)
    text = parse_report(page).visible_text
    assert "no dosing session recorded" in text
    assert "no outcome rating" in text
    assert "no body weight recorded" in text


def test_weight_based_dose_without_weight_renders_and_names_the_missing_weight() -> None:
    course = example_course(patient=example_patient(weight=None), baselines=[], assessments=[])
    page = course_report(course)
    _check_page(page)
    text = parse_report(page).visible_text
    assert "Course total: not available" in text
    assert "no weight recorded on or before that day" in text


def test_session_without_readings_lists_each_gap() -> None:
    bare = example_session(drug="esketamine", vitals=[], assessments=[])
    course = example_course(drug="esketamine", days=(), next_day=None, sessions=[bare])
    text = parse_report(course_report(course)).visible_text
    for missing in (
        "no vital signs recorded",
        "no pre-dose blood pressure",
        "no CADSS after dosing",
        "no MOAA/S after dosing",
    ):
        assert missing in text


def test_report_day_defaults_to_the_last_record_and_can_be_chosen() -> None:
    course = example_course()
    assert "as of 2026-03-12" in course_report(course)  # the planned session on day 10
    assert "as of 2026-03-05" in course_report(course, on=date(2026, 3, 5))


def test_report_is_the_same_for_equal_courses() -> None:
    assert course_report(example_course()) == course_report(example_course())


@settings(max_examples=25)
@given(courses(max_sessions=6))
def test_any_course_renders_with_every_section_and_without_its_identifier(
    course: Course,
) -> None:
    page = course_report(course)
    _check_page(page)
    identifier = course.patient.identifier.value
    assert identifier not in page
    assert identifier in course_report(course, identifier=True)
