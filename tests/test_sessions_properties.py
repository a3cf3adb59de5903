"""Properties of the session checks that hold for every valid session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from random import Random
from zoneinfo import ZoneInfo

import attrs
from hypothesis import given
from hypothesis import strategies as st

from ketacore.instruments import MOAAS
from ketacore.sessions import (
    DosingSession,
    Requirement,
    TimedScore,
    discharge_check,
    monitoring_gaps,
)
from ketacore.sessions._common import format_duration
from ketacore.testing import dosing_sessions
from ketacore.vitals import VitalSigns
from session_helpers import DOSED, at


def sessions(*, latest: int = 180) -> st.SearchStrategy[DosingSession]:
    """In-progress sessions dosed at DOSED whose readings and events fall before *latest* min."""
    return dosing_sessions(dosed_at=DOSED, complete=False, max_minutes=latest)


@st.composite
def normal_bp(draw: st.DrawFn, minutes: int) -> VitalSigns:
    """A blood pressure within the US limit (at most 140/90 mmHg)."""
    systolic = draw(st.integers(min_value=100, max_value=140))
    diastolic = draw(st.integers(min_value=60, max_value=90))
    return VitalSigns(taken_at=at(minutes), systolic=systolic, diastolic=diastolic)


@st.composite
def any_bp(draw: st.DrawFn, minutes: int) -> VitalSigns:
    """A blood pressure anywhere in a plausible range, above or below the limit."""
    systolic = draw(st.integers(min_value=100, max_value=190))
    diastolic = draw(st.integers(min_value=55, max_value=min(systolic - 10, 120)))
    return VitalSigns(taken_at=at(minutes), systolic=systolic, diastolic=diastolic)


moments = st.integers(min_value=180, max_value=600)
"""Minutes after dosing, after every reading in a drawn session."""


@given(sessions(), moments, moments, st.booleans())
def test_missing_items_only_shrink_as_time_passes(
    session: DosingSession, first: int, second: int, escort: bool
) -> None:
    """Once every reading is in, waiting never makes a new requirement appear."""
    early, late = sorted((first, second))
    before = discharge_check(session, at=at(early), escort_present=escort).requirements
    after = discharge_check(session, at=at(late), escort_present=escort).requirements
    assert after <= before


@given(sessions(), st.integers(min_value=-60, max_value=180), st.data())
def test_adding_a_normal_reading_never_adds_a_missing_item(
    session: DosingSession, minutes: int, data: st.DataObject
) -> None:
    minutes = max(minutes, int((session.started_at - DOSED) / timedelta(minutes=1)))
    reading = data.draw(normal_bp(minutes))
    more = attrs.evolve(session, vitals=(*session.vitals, reading))
    moment = at(data.draw(st.integers(min_value=minutes, max_value=600)))
    before = discharge_check(session, at=moment).requirements
    after = discharge_check(more, at=moment).requirements
    assert after <= before


@given(sessions(), st.integers(min_value=-60, max_value=180), st.data())
def test_any_reading_adds_at_most_the_limit_item(
    session: DosingSession, minutes: int, data: st.DataObject
) -> None:
    """A blood pressure can only clear monitoring gaps; a high one may breach the limit."""
    minutes = max(minutes, int((session.started_at - DOSED) / timedelta(minutes=1)))
    reading = data.draw(any_bp(minutes))
    more = attrs.evolve(session, vitals=(*session.vitals, reading))
    moment = at(data.draw(st.integers(min_value=minutes, max_value=600)))
    before = discharge_check(session, at=moment).requirements
    after = discharge_check(more, at=moment).requirements
    assert after - {Requirement.BLOOD_PRESSURE_LIMIT} <= before


@given(sessions(), st.integers(min_value=0, max_value=600), st.sampled_from([5, 3]))
def test_adding_latest_moaas_5_never_adds_a_missing_item(
    session: DosingSession, minutes: int, level: int
) -> None:
    """A MOAA/S of 5 after every other MOAA/S can only clear the sedation item."""
    latest = max([a.taken_at for a in session.assessments], default=at(-60))
    when = max(at(1), latest + timedelta(minutes=1))
    more = attrs.evolve(
        session,
        assessments=(*session.assessments, TimedScore(taken_at=when, score=MOAAS.score([level]))),
    )
    moment = max(when, at(minutes))
    before = discharge_check(session, at=moment).requirements
    after = discharge_check(more, at=moment).requirements
    if level == 5:
        assert after <= before
        assert Requirement.MOAAS not in after
    else:
        assert Requirement.MOAAS in after
        assert after - {Requirement.MOAAS} <= before


@given(sessions(), st.integers(min_value=0, max_value=600))
def test_observation_is_missing_exactly_before_two_hours(
    session: DosingSession, minutes: int
) -> None:
    gaps = monitoring_gaps(session, at=at(minutes))
    observation = [g for g in gaps if g.requirement is Requirement.OBSERVATION]
    assert bool(observation) == (minutes < 120)
    if observation:
        assert observation[0].message == (
            f"observation {format_duration(timedelta(minutes=minutes))} of the required 2 h"
        )


@given(sessions(), st.randoms())
def test_reading_order_does_not_matter(session: DosingSession, random: Random) -> None:
    shuffled = list(session.vitals)
    random.shuffle(shuffled)
    assert attrs.evolve(session, vitals=shuffled) == session


@given(sessions(), moments)
def test_report_items_are_unique_per_requirement_except_events(
    session: DosingSession, minutes: int
) -> None:
    report = discharge_check(session, at=at(minutes))
    kinds = [
        m.requirement for m in report.missing if m.requirement is not Requirement.ADVERSE_EVENTS
    ]
    assert len(kinds) == len(set(kinds))
    assert report.ready == (not report.missing)


@given(st.integers(min_value=-10_000, max_value=10_000))
def test_format_duration_round_trips_whole_minutes(minutes: int) -> None:
    text = format_duration(timedelta(minutes=minutes))
    sign = -1 if text.startswith("-") else 1
    hours = rest = 0
    parts = text.lstrip("-").split()
    for number, unit in zip(parts[::2], parts[1::2], strict=True):
        if unit == "h":
            hours = int(number)
        else:
            rest = int(number)
    assert sign * (hours * 60 + rest) == minutes


_CLOCK_CHANGES = [
    # (zone, local day before a 2026 change): sessions start within 2 days of it.
    (ZoneInfo("America/New_York"), datetime(2026, 3, 7)),
    (ZoneInfo("America/New_York"), datetime(2026, 10, 31)),
    (ZoneInfo("Europe/London"), datetime(2026, 3, 28)),
    (ZoneInfo("Europe/London"), datetime(2026, 10, 24)),
]


@st.composite
def sessions_near_a_clock_change(draw: st.DrawFn) -> DosingSession:
    zone, day = draw(st.sampled_from(_CLOCK_CHANGES))
    wall = draw(st.datetimes(min_value=day, max_value=day + timedelta(days=2)))
    dosed = wall.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)  # a real local time
    return draw(dosing_sessions(dosed_at=dosed, complete=True, max_minutes=1380))


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


@given(sessions_near_a_clock_change())
def test_observation_and_offsets_are_absolute_time(session: DosingSession) -> None:
    assert session.observation_end is not None
    assert session.observation == _utc(session.observation_end) - _utc(session.dosed_at)
    times = [_utc(v.taken_at) for v in session.vitals]
    assert times == sorted(times)
    assert _utc(session.started_at) - _utc(session.dosed_at) <= timedelta(0)
    report = discharge_check(session, at=session.observation_end)
    short = _utc(session.observation_end) - _utc(session.dosed_at) < timedelta(hours=2)
    esketamine = session.drug.value == "esketamine"
    assert (Requirement.OBSERVATION in report.requirements) is (short and esketamine)
