"""Timed in-session assessments, and the CADSS dissociation-event rule.

An assessment is a :class:`~ketacore.instruments.Score` (from
:mod:`ketacore.instruments`) with the moment it was taken. MOAA/S
(``ketacore.instruments.MOAAS``, levels 0–5, reference 1.15) and CADSS
(``ketacore.instruments.CADSS``, 23-item version, total 0–92, reference 1.8)
are the ones the session checks read; any other instrument may be recorded.

The dissociation-event rule (CADSS total above 4 with an increase from
pre-dose; Spravato programme, reference 1.8) is evaluated in one place,
:func:`ketacore.response.dissociation_event`, which this package re-exports.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from ketacore._dates import instant
from ketacore.exceptions import SessionError
from ketacore.instruments import CADSS, MOAAS, ChangeThreshold, Score
from ketacore.response import dissociation_event
from ketacore.sessions._common import check_aware

if TYPE_CHECKING:
    from ketacore.sessions._dosing import DosingSession

__all__ = [
    "TimedScore",
    "dissociation_event",
    "dissociation_events",
    "dissociation_threshold",
]


def _check_score(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Score):
        raise SessionError(
            f"score: got {value!r} ({type(value).__name__}); expected a ketacore.instruments "
            "Score such as MOAAS.score([5]) or CADSS.score([...23 items...])"
        )


@attrs.frozen(kw_only=True)
class TimedScore:
    """One scored administration of an instrument and when it was taken.

    >>> from datetime import datetime, timezone
    >>> from ketacore.instruments import MOAAS
    >>> from ketacore.sessions import TimedScore
    >>> reading = TimedScore(taken_at=datetime(2026, 3, 2, 9, 50, tzinfo=timezone.utc),
    ...                      score=MOAAS.score([4]))
    >>> reading.instrument_id, reading.total
    ('moaas', 4)
    """

    taken_at: datetime = attrs.field(validator=check_aware)
    """When it was taken (timezone-aware)."""
    score: Score = attrs.field(validator=_check_score)
    """The scored administration."""

    @property
    def instrument_id(self) -> str:
        """The instrument's id, e.g. ``'moaas'`` or ``'cadss23'``."""
        return self.score.instrument.id

    @property
    def total(self) -> int | None:
        """The score's total (None if the instrument has none)."""
        return self.score.total


def totals_of(assessments: Iterable[TimedScore], instrument_id: str) -> list[tuple[datetime, int]]:
    """(time, total) pairs of one instrument's assessments that have a total, in order."""
    return [
        (a.taken_at, a.total)
        for a in assessments
        if a.instrument_id == instrument_id and a.total is not None
    ]


def moaas_readings(session: DosingSession) -> list[tuple[datetime, int]]:
    """The session's MOAA/S levels as (time, level), in time order."""
    return totals_of(session.assessments, MOAAS.id)


def cadss_readings(session: DosingSession) -> list[tuple[datetime, int]]:
    """The session's CADSS totals as (time, total), in time order."""
    return totals_of(session.assessments, CADSS.id)


def dissociation_threshold() -> ChangeThreshold:
    """The Spravato dissociation-event rule, as the CADSS definition records it.

    >>> rule = dissociation_threshold()
    >>> rule.min_total, rule.min_change
    (5, 1)
    """
    for threshold in CADSS.change_thresholds:
        if threshold.name == "dissociation event":
            return threshold
    raise LookupError("CADSS defines no 'dissociation event' threshold")  # pragma: no cover


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
