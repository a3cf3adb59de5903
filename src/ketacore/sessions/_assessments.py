"""Timed in-session assessments, and the CADSS dissociation-event rule.

An assessment is a :class:`~ketacore.instruments.Score` (from
:mod:`ketacore.instruments`) with the moment it was taken. MOAA/S
(``ketacore.instruments.MOAAS``, levels 0–5, reference 1.15) and CADSS
(``ketacore.instruments.CADSS``, 23-item version, total 0–92, reference 1.8)
are the ones the session checks read; any other instrument may be recorded.

The dissociation-event rule (CADSS total above 4 with an increase from
pre-dose; Spravato programme, reference 1.8) is evaluated in one place,
:func:`ketacore.response.dissociation_event`, which this package re-exports.
The readings of one recorded session are in :mod:`ketacore.sessions._readings`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs

from ketacore import _validators as v
from ketacore.exceptions import SessionError
from ketacore.instruments import CADSS, ChangeThreshold, Score
from ketacore.response import dissociation_event
from ketacore.sessions._common import check_aware

__all__ = [
    "TimedScore",
    "dissociation_event",
    "dissociation_threshold",
    "totals_of",
]


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
    score: Score = attrs.field(
        validator=v.instance_of(
            Score, error=SessionError, example="MOAAS.score([5]) or CADSS.score([...23 items...])"
        )
    )
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
