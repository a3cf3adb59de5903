"""Properties of courses that hold for every valid course."""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis import strategies as st

from course_helpers import day, dosing, esk_course, esk_dose, iv_course, patient
from ketacore.courses import (
    Course,
    adherence_findings,
    cumulative_dose,
    next_due,
    sessions_per_phase,
)
from ketacore.courses._fields import session_day
from ketacore.doses import Drug
from ketacore.sessions import DosingSession
from ketacore.units import magnitude

DAYS = st.lists(st.integers(min_value=0, max_value=150), unique=True, max_size=14)
WEIGHTS = st.integers(min_value=40, max_value=150)
ESKETAMINE_MG = st.sampled_from([28, 56, 84])


@st.composite
def courses(draw: st.DrawFn) -> Course:
    """An IV course (with a weight) or an esketamine course (with or without one)."""
    days = draw(DAYS)
    if draw(st.booleans()):
        return iv_course(days, patient=patient(weight=f"{draw(WEIGHTS)} kg"))
    weight = draw(st.one_of(st.none(), WEIGHTS.map(lambda kg: f"{kg} kg")))
    sessions = [dosing(n, esk_dose(draw(ESKETAMINE_MG))) for n in days]
    return esk_course(patient=patient(weight=weight), sessions=sessions)


def _new_session(course: Course, n: int) -> DosingSession:
    """A session on day *n* with the course's first dose (or the standard one)."""
    if course.dosing_sessions:
        return dosing(n, course.dosing_sessions[0].dose, id=f"NEW-{n}")
    return dosing(n, esk_dose() if course.drug is Drug.ESKETAMINE else None, id=f"NEW-{n}")


@given(courses(), st.integers(min_value=0, max_value=150))
def test_adding_a_session_never_decreases_the_cumulative_dose(course: Course, n: int) -> None:
    before = cumulative_dose(course)
    after = cumulative_dose(course.with_session(_new_session(course, n)))
    assert after.sessions == before.sessions + 1
    assert magnitude(after.total, "mg") >= magnitude(before.total, "mg")
    if before.per_kg is not None and after.per_kg is not None:
        assert magnitude(after.per_kg, "mg/kg") >= magnitude(before.per_kg, "mg/kg")


@given(courses(), st.integers(min_value=0, max_value=150))
def test_with_session_leaves_the_old_course_unchanged(course: Course, n: int) -> None:
    snapshot = attrs.asdict(course, recurse=False)
    sessions = course.sessions
    added = course.with_session(_new_session(course, n))
    assert course.sessions is sessions
    assert attrs.asdict(course, recurse=False) == snapshot
    assert len(added.sessions) == len(sessions) + 1
    assert added != course


@given(courses(), st.integers(min_value=-5, max_value=200))
def test_next_due_is_never_before_the_last_session(course: Course, offset: int) -> None:
    after = day(offset)
    due = next_due(course, after=after)
    given_by_then = [session_day(s) for s in course.dosing_sessions if session_day(s) <= after]
    if due is not None and given_by_then:
        assert due >= max(given_by_then)
    if not given_by_then:
        assert due == course.start


@given(courses())
def test_findings_and_counts_are_consistent(course: Course) -> None:
    findings = adherence_findings(course)
    ids = {s.id for s in course.sessions}
    assert all(f.session_id is None or f.session_id in ids for f in findings)
    assert all("PT-0001" not in f.message for f in findings)
    assert sum(sessions_per_phase(course).values()) <= len(course.dosing_sessions)
