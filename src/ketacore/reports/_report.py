"""``course_report``: the sections in order, the missing-data list, the page.

A section is a function of the report :class:`Context` returning HTML; the
:data:`_SECTIONS` table gives each its stable id and heading. Adding a section
(the REMS records of :mod:`ketacore.rems`) is one function and one row.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Final

from ketacore._validators import fail, on_day
from ketacore.courses import Course, response_status
from ketacore.courses._course import check_course
from ketacore.courses._fields import session_day
from ketacore.exceptions import CourseError
from ketacore.rems import HealthcareSetting, Prescriber
from ketacore.reports._check_sections import (
    dose_checks_section,
    rems_section,
    screening_section,
)
from ketacore.reports._context import Context
from ketacore.reports._course_sections import (
    adherence_section,
    doses_section,
    missing_note,
    protocol_section,
    total_dose_text,
)
from ketacore.reports._html import esc, page, paragraph, section, term_list
from ketacore.reports._score_sections import (
    outcome_instruments,
    response_section,
    trajectories_section,
)
from ketacore.reports._session_sections import in_session_section, vitals_section
from ketacore.sessions import ScheduledSession

__all__ = ["SECTION_IDS", "course_report"]


def _summary(ctx: Context) -> str:
    course = ctx.course
    planned = sum(isinstance(s, ScheduledSession) for s in course.sessions)
    pairs = [
        ("Dosing sessions given", f"{len(course.dosing_sessions)} (planned: {planned})"),
        ("Total dose", total_dose_text(ctx)),
    ]
    for instrument in outcome_instruments(ctx):
        result = response_status(course, instrument, on=ctx.on)
        text = result.status.value
        if result.percent_change is not None:
            text += f", improvement {result.percent_change:.3g} %"
        if result.reason is not None:
            text += f" ({result.reason.value})"
        pairs.append((f"{instrument.short_name} status", text))
    pairs.append(("Next session due", ctx.due_text()))
    return term_list([*pairs, *ctx.highlights])


Section = Callable[[Context], str]

_SECTIONS: Final[tuple[tuple[str, str, Section], ...]] = (
    ("protocol", "Protocol", protocol_section),
    ("doses", "Doses", doses_section),
    ("vitals", "Vitals", vitals_section),
    ("in-session", "CADSS and MOAA/S", in_session_section),
    ("trajectories", "Score trajectories", trajectories_section),
    ("response", "Response status", response_section),
    ("screening", "Screening", screening_section),
    ("dose-checks", "Dose checks", dose_checks_section),
    ("adherence", "Schedule adherence", adherence_section),
    ("rems", "REMS monitoring records", rems_section),
)

SECTION_IDS: Final[tuple[str, ...]] = (
    "summary",
    "missing",
    *(section_id for section_id, _, _ in _SECTIONS),
)
"""The ``id`` of every ``<section>`` of a report, in page order (stable: link to them)."""


def _last_day(course: Course) -> date:
    days = [course.start]
    days += [session_day(s) for s in course.sessions]
    days += [r.taken_at.date() for r in (*course.baselines, *course.assessments)]
    days += [c.on for c in course.checkins]
    return max(days)


def course_report(
    course: Course,
    *,
    identifier: bool = False,
    on: date | datetime | None = None,
    title: str = "Course report",
    rems_setting: HealthcareSetting | None = None,
    rems_prescriber: Prescriber | None = None,
) -> str:
    """Return one self-contained HTML page describing *course*, to read or print.

    The page makes no network request (its Content-Security-Policy allows inline
    styles and ``data:`` images only), draws its charts as inline SVG, prints
    in black and white, and has a section for each of :data:`SECTION_IDS`.
    Every figure in it comes from ketacore's own functions; missing data are
    listed at the top and in their section rather than failing the report.

    Args:
        course: the course to report.
        identifier: show the patient identifier (default: withheld).
        on: the day the report describes (statuses, next due day, overdue
            check-ins); default the latest day with a record in the course.
        title: the page's title and heading.
        rems_setting: the healthcare setting, for the REMS monitoring record of
            each esketamine session (ketacore cannot know it).
        rems_prescriber: the prescriber, for the same records. With both given,
            the REMS section shows each session's record and highlights the fields
            :func:`ketacore.rems.check_record` finds missing or inconsistent.

    >>> from ketacore.reports import course_report, demo_course
    >>> html = course_report(demo_course())
    >>> html.startswith("<!DOCTYPE html>"), 'id="response"' in html
    (True, True)
    >>> "SYN-" in html, "SYN-" in course_report(demo_course(), identifier=True)
    (False, True)

    Raises:
        CourseError: *course* is not a Course, *identifier* is not a bool, *title*
            is not text, *on* is not a date (or an aware datetime) on or after the
            course start, or *rems_setting* / *rems_prescriber* is of the wrong type.
    """
    chosen = check_course(course)
    if not isinstance(identifier, bool):
        fail(CourseError, "identifier", identifier, "True or False")
    if not isinstance(title, str) or not title.strip():
        fail(CourseError, "title", title, "a non-empty text such as 'Course report'")
    day = _last_day(chosen) if on is None else on_day(on, error=CourseError)
    if day < chosen.start:
        fail(
            CourseError,
            "on",
            day,
            f"a day on or after the course start ({chosen.start.isoformat()})",
            got=day.isoformat(),
        )
    if rems_setting is not None and not isinstance(rems_setting, HealthcareSetting):
        fail(CourseError, "rems_setting", rems_setting, "a ketacore.rems.HealthcareSetting or None")
    if rems_prescriber is not None and not isinstance(rems_prescriber, Prescriber):
        fail(CourseError, "rems_prescriber", rems_prescriber, "a ketacore.rems.Prescriber or None")
    ctx = Context(
        chosen, day, identifier, rems_setting=rems_setting, rems_prescriber=rems_prescriber
    )
    # The summary goes first but is written last: it shows what the other sections found.
    parts = [section(sid, heading, render(ctx)) for sid, heading, render in _SECTIONS]
    parts[:0] = [
        section("summary", "Summary", _summary(ctx)),
        section("missing", "Missing data", missing_note(ctx)),
    ]
    who = chosen.patient.identifier.value if identifier else "identifier withheld"
    header = f"<h1>{esc(title)}</h1>\n" + paragraph(
        f"{chosen.protocol.name}; patient {who}; course start {chosen.start.isoformat()}; "
        f"as of {day.isoformat()}.",
        css="meta",
    )
    return page(title, header, parts)
