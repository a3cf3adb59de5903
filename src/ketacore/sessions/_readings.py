"""The MOAA/S and CADSS readings of one recorded session, and its dissociation events."""

from __future__ import annotations

from datetime import datetime

from ketacore._dates import instant
from ketacore.instruments import CADSS, MOAAS
from ketacore.response import dissociation_event
from ketacore.sessions._assessments import TimedScore, totals_of
from ketacore.sessions._dosing import DosingSession

__all__ = ["cadss_readings", "dissociation_events", "moaas_readings"]


def moaas_readings(session: DosingSession) -> list[tuple[datetime, int]]:
    """The session's MOAA/S levels as (time, level), in time order."""
    return totals_of(session.assessments, MOAAS.id)


def cadss_readings(session: DosingSession) -> list[tuple[datetime, int]]:
    """The session's CADSS totals as (time, total), in time order."""
    return totals_of(session.assessments, CADSS.id)


def dissociation_events(session: DosingSession) -> tuple[TimedScore, ...]:
    """Post-dose CADSS assessments that are dissociation events.

    Each is compared with the latest CADSS taken at or before dosing; with no
    pre-dose CADSS there is nothing to compare with, and the result is empty.
    """
    cadss = [a for a in session.assessments if a.instrument_id == CADSS.id]
    dosed = instant(session.dosed_at)
    before = [a for a in cadss if instant(a.taken_at) <= dosed]
    if not before:
        return ()
    baseline = before[-1]
    return tuple(
        a
        for a in cadss
        if instant(a.taken_at) > dosed and dissociation_event(baseline.score, a.score)
    )
