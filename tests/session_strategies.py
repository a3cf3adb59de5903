"""Hypothesis strategies for session records (not a test module).

Every drawn value is valid by construction: the strategies respect the
session's time rules rather than filtering.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import strategies as st

from ketacore.sessions import AdverseEvent, AdverseEventKind, DosingSession, Severity, TimedScore
from ketacore.vitals import VitalSigns
from session_helpers import DOSED, at, cadss, esketamine_dose, ketamine_dose, moaas

minutes_before_dose = st.integers(min_value=0, max_value=60)
"""How long before dosing the session started."""


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


@st.composite
def events(draw: st.DrawFn, earliest: int, latest: int) -> AdverseEvent:
    """An adverse event with onset between *earliest* and *latest* minutes after dosing."""
    onset = draw(st.integers(min_value=earliest, max_value=latest))
    lasts = draw(st.none() | st.integers(min_value=0, max_value=240))
    kind = draw(st.sampled_from(AdverseEventKind))
    return AdverseEvent(
        kind=kind,
        severity=draw(st.sampled_from(Severity)),
        onset=at(onset),
        resolved_at=None if lasts is None else at(onset + lasts),
        description="dysgeusia" if kind is AdverseEventKind.OTHER else "",
    )


@st.composite
def assessments(draw: st.DrawFn, earliest: int, latest: int) -> TimedScore:
    """A MOAA/S level or a CADSS total between *earliest* and *latest* minutes after dosing."""
    minutes = draw(st.integers(min_value=earliest, max_value=latest))
    if draw(st.booleans()):
        return moaas(minutes, draw(st.integers(min_value=0, max_value=5)))
    return cadss(minutes, draw(st.integers(min_value=0, max_value=92)))


@st.composite
def sessions(draw: st.DrawFn, *, latest: int = 180) -> DosingSession:
    """An in-progress session whose readings and events fall before *latest* minutes."""
    lead = draw(minutes_before_dose)
    offsets = draw(st.lists(st.integers(min_value=-lead, max_value=latest), max_size=8))
    vitals = [draw(any_bp(minutes)) for minutes in offsets]
    dose = draw(st.sampled_from([esketamine_dose(28), esketamine_dose(56), esketamine_dose(84)]))
    if draw(st.booleans()):
        dose = ketamine_dose()
    return DosingSession(
        id=draw(st.text(min_size=1, max_size=12).map(str.strip).filter(bool)),
        scheduled_start=at(-lead) + timedelta(minutes=draw(st.integers(-30, 30))),
        started_at=at(-lead),
        dosed_at=DOSED,
        dose=dose,
        vitals=vitals,
        assessments=draw(st.lists(assessments(-lead, latest), max_size=6)),
        adverse_events=draw(st.lists(events(-lead, latest), max_size=3)),
    )
