"""The report's REMS section: each esketamine session's record, its gaps flagged."""

from __future__ import annotations

import pytest

from ketacore.exceptions import CourseError
from ketacore.rems import (
    HealthcareSetting,
    Prescriber,
    SettingKind,
    check_record,
    monitoring_record,
)
from ketacore.reports import course_report
from ketacore.sessions import DosingSession
from ketacore.testing import example_course

SETTING = HealthcareSetting(kind=SettingKind.OUTPATIENT, name="Example Clinic")
PRESCRIBER = Prescriber(name="Dr Example")


def _rems_part(html: str) -> str:
    start = html.index('id="rems"')
    return html[start : html.index("</section>", start)]


def test_each_esketamine_session_has_its_record_and_its_gaps_flagged() -> None:
    course = example_course(drug="esketamine")
    html = course_report(course, rems_setting=SETTING, rems_prescriber=PRESCRIBER)
    part = _rems_part(html)
    sessions = [s for s in course.sessions if isinstance(s, DosingSession)]
    assert sessions
    for session in sessions:
        assert f"Session {session.id}: REMS monitoring record" in part
        record = monitoring_record(session, course.patient, setting=SETTING, prescriber=PRESCRIBER)
        findings = check_record(record, require_identity=False)
        for finding in findings:  # every gap the record's own check finds is shown
            assert finding.message.replace("'", "&#x27;").replace('"', "&quot;") in part
    total = sum(
        len(
            check_record(
                monitoring_record(s, course.patient, setting=SETTING, prescriber=PRESCRIBER),
                require_identity=False,
            )
        )
        for s in sessions
    )
    assert part.count('class="flag"') >= min(total, 1)


def test_without_setting_and_prescriber_the_section_says_what_is_needed() -> None:
    part = _rems_part(course_report(example_course(drug="esketamine")))
    assert "rems_setting=" in part
    assert "REMS monitoring record (due by" not in part


def test_ketamine_courses_have_no_rems_record() -> None:
    html = course_report(example_course(), rems_setting=SETTING, rems_prescriber=PRESCRIBER)
    assert "Not applicable" in _rems_part(html)


@pytest.mark.parametrize("field", ["rems_setting", "rems_prescriber"])
def test_a_setting_or_prescriber_of_the_wrong_type_is_refused(field: str) -> None:
    with pytest.raises(CourseError) as caught:
        course_report(example_course(drug="esketamine"), **{field: "Example Clinic"})
    assert caught.value.field == field
