"""Schedule questions about a course: when the next session is due, and adherence findings.

Pure functions of the course and the dates passed in; nothing reads the clock.
Gaps are counted in whole calendar days between the sessions' local dates.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Mapping
from datetime import date, timedelta

import attrs

from ketacore._validators import fail, on_day
from ketacore.courses._course import Course, check_course
from ketacore.courses._fields import session_day
from ketacore.courses._protocols import Phase
from ketacore.exceptions import CourseError
from ketacore.sessions import DosingSession, ScheduledSession

__all__ = [
    "FindingKind",
    "ScheduleFinding",
    "adherence_findings",
    "next_due",
    "sessions_per_phase",
]


class FindingKind(enum.Enum):
    """What an adherence finding is about."""

    TOO_SOON = "too_soon"
    """Fewer days after the previous session than the phase's ``min_gap``."""
    TOO_LATE = "too_late"
    """More days after the previous session than the phase's ``max_gap``."""
    OVER_WEEKLY_MAXIMUM = "over_weekly_maximum"
    """More sessions in one course week than the phase's ``max_per_week`` (reference 3.6)."""
    OVER_PHASE_SESSIONS = "over_phase_sessions"
    """More sessions in a phase than its ``max_sessions`` (e.g. a 7th ELEKT-D infusion)."""
    AFTER_PROTOCOL = "after_protocol"
    """A session after the protocol's last phase has ended."""
    CONSENT_INCOMPLETE = "consent_incomplete"
    """The consent record misses a topic required for the drug."""


@attrs.frozen
class ScheduleFinding:
    """One adherence finding: what, about which session, in which phase, and a message."""

    kind: FindingKind
    """What the finding is about."""
    session_id: str | None
    """The session it concerns, or None for a course-wide finding (consent)."""
    phase: str | None
    """The phase in force for that session, or None."""
    message: str
    """What is wrong and what to do; never contains a patient identifier."""


def _timeline(course: Course) -> list[DosingSession | ScheduledSession]:
    return [s for s in course.sessions if isinstance(s, DosingSession | ScheduledSession)]


def _days(span: timedelta) -> str:
    return "1 day" if span.days == 1 else f"{span.days} days"


def sessions_per_phase(course: Course) -> Mapping[str, int]:
    """Return how many dosing sessions were given in each phase, in protocol order.

    Planned sessions are not counted; neither are sessions after the protocol's
    last phase (:func:`adherence_findings` reports those).
    """
    course = check_course(course)
    counts: Counter[str] = Counter()
    for session in course.dosing_sessions:
        phase = course.phase_on(session_day(session))
        if phase is not None:
            counts[phase.name] += 1
    return {phase.name: counts[phase.name] for phase in course.protocol.phases}


def next_due(course: Course, *, after: date, interval: timedelta | None = None) -> date | None:
    """Return the day the next dosing session is due, judged on the day *after*.

    Only sessions given on or before *after* count. With none, the course start
    is due. Otherwise the next is due the phase's ``interval`` after the last
    (or *interval*, for example ``timedelta(weeks=2)`` for fortnightly
    esketamine maintenance). When a phase has reached its ``max_sessions``, the
    next phase's interval applies, but not before that phase's first week. A
    due day on or before *after* means overdue. The answer is None when the
    protocol is complete: its last phase has reached ``max_sessions`` or ended.

    Raises:
        CourseError: *after* is not a date or an aware datetime, or *interval* is negative.
    """
    course = check_course(course)
    day = on_day(after, field="after", error=CourseError)
    if interval is not None and (not isinstance(interval, timedelta) or interval < timedelta(0)):
        fail(
            CourseError,
            "interval",
            interval,
            "None or a timedelta of zero or more, such as timedelta(weeks=2)",
        )
    given = [s for s in course.dosing_sessions if session_day(s) <= day]
    if not given:
        return course.start
    last = session_day(given[-1])
    phase = course.phase_on(last)
    if phase is None:
        return None
    if phase.max_sessions is not None:
        in_phase = sum(1 for s in given if course.phase_on(session_day(s)) == phase)
        if in_phase >= phase.max_sessions:
            phases = course.protocol.phases
            position = phases.index(phase)
            if position + 1 == len(phases):
                return None
            phase = phases[position + 1]
            # A full capped phase does not shorten the next phase's wait for its first week.
            offset = course.protocol.phase(course.phase).first_week
            opens = course.start + timedelta(weeks=phase.first_week - offset)
            due = last + (phase.interval if interval is None else interval)
            return max(due, opens)
    due = last + (phase.interval if interval is None else interval)
    return due if course.phase_on(due) is not None else None


def adherence_findings(course: Course) -> tuple[ScheduleFinding, ...]:
    """Return the schedule findings of a course, in session order, then consent findings.

    Dosing and planned sessions are checked, so a plan can be corrected before
    it happens. Each session is judged under the phase in force on its day:
    too soon or too late after the previous session (the phase's ``min_gap``
    and ``max_gap``; across a phase boundary, the looser of the two), over the
    phase's weekly maximum within a course week (reference 3.6: esketamine more
    than twice weekly in weeks 1-4 or more than weekly after week 4), over the
    phase's session cap, or after the protocol.
    """
    course = check_course(course)
    findings: list[ScheduleFinding] = []
    per_week: Counter[int] = Counter()
    per_phase: Counter[str] = Counter()
    previous: DosingSession | ScheduledSession | None = None
    for session in _timeline(course):
        day = session_day(session)
        week = course.week_of(day)
        phase = course.phase_on(day)
        planned = " (planned)" if isinstance(session, ScheduledSession) else ""
        label = f"session {session.id!r}{planned} on {day.isoformat()}"
        if phase is None:
            findings.append(
                ScheduleFinding(
                    FindingKind.AFTER_PROTOCOL,
                    session.id,
                    None,
                    f"{label} is in week {week}, after protocol {course.protocol.id!r} ends; "
                    "start a new course or choose a protocol with a maintenance phase",
                )
            )
            previous = session
            continue
        per_week[week] += 1
        per_phase[phase.name] += 1
        if previous is not None:
            before = course.phase_on(session_day(previous))
            findings.extend(_gap_findings(label, session.id, phase, before, previous, day))
        if per_week[week] == phase.max_per_week + 1:
            findings.append(
                ScheduleFinding(
                    FindingKind.OVER_WEEKLY_MAXIMUM,
                    session.id,
                    phase.name,
                    f"{label} is session {per_week[week]} in course week {week}; the "
                    f"{phase.name} phase allows at most {phase.max_per_week} a week; move it to "
                    "the next week",
                )
            )
        if phase.max_sessions is not None and per_phase[phase.name] == phase.max_sessions + 1:
            findings.append(
                ScheduleFinding(
                    FindingKind.OVER_PHASE_SESSIONS,
                    session.id,
                    phase.name,
                    f"{label} is session {per_phase[phase.name]} of the {phase.name} phase, which "
                    f"has {phase.max_sessions}; end the series or record a new course",
                )
            )
        previous = session
    findings.extend(_consent_findings(course))
    return tuple(findings)


def _gap_findings(
    label: str,
    session_id: str,
    phase: Phase,
    previous_phase: Phase | None,
    previous: DosingSession | ScheduledSession,
    day: date,
) -> list[ScheduleFinding]:
    # Across a phase boundary the looser of the two phases' tolerances applies:
    # the last twice-weekly dose may be 4 days before the first weekly one.
    min_gap, max_gap = phase.min_gap, phase.max_gap
    if previous_phase is not None and previous_phase != phase:
        min_gap = min(min_gap, previous_phase.min_gap)
        max_gap = max(max_gap, previous_phase.max_gap)
    before = session_day(previous)
    gap = day - before
    after_text = f"{_days(gap)} after {previous.id!r} ({before.isoformat()})"
    if gap < min_gap:
        return [
            ScheduleFinding(
                FindingKind.TOO_SOON,
                session_id,
                phase.name,
                f"{label} is {after_text}; the {phase.name} phase expects at least "
                f"{_days(min_gap)} between sessions; move it later",
            )
        ]
    if gap > max_gap:
        return [
            ScheduleFinding(
                FindingKind.TOO_LATE,
                session_id,
                phase.name,
                f"{label} is {after_text}; the {phase.name} phase expects at most "
                f"{_days(max_gap)} between sessions; review the plan",
            )
        ]
    return []


def _consent_findings(course: Course) -> list[ScheduleFinding]:
    consent = course.patient.consent
    if consent is None:
        return []
    missing = consent.missing_topics(course.drug)
    if not missing:
        return []
    topics = ", ".join(sorted(topic.value for topic in missing))
    return [
        ScheduleFinding(
            FindingKind.CONSENT_INCOMPLETE,
            None,
            None,
            f"consent (form {consent.form_version!r}) does not cover {topics}, required for "
            f"{course.drug.value}; discuss the missing topics and record a new ConsentRecord",
        )
    ]
