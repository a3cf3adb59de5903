"""The result of a classification: the status, why it is not evaluable, the numbers.

"ref §x" is a section of ketacore's clinical reference.
"""

from __future__ import annotations

import enum

from attrs import frozen

from ketacore.response._thresholds import Thresholds

__all__ = ["Reason", "ResponseStatus", "Status", "not_evaluable"]


class Status(enum.Enum):
    """The response status of a current score against its baseline (ref §2.4)."""

    REMISSION = "remission"
    """The current total meets the remission rule (response may also hold)."""
    RESPONSE = "response"
    """The reduction meets the response threshold, without remission."""
    PARTIAL_RESPONSE = "partial response"
    """The reduction is at least the partial threshold but not a response."""
    NON_RESPONSE = "non-response"
    """The reduction is below the partial threshold (or the score got worse)."""
    NOT_EVALUABLE = "not evaluable"
    """No status can be given; :attr:`ResponseStatus.reason` says why."""


class Reason(enum.Enum):
    """Why a status is :attr:`Status.NOT_EVALUABLE`."""

    MISSING_BASELINE = "the baseline score is missing"
    MISSING_CURRENT = "the current score is missing"
    DIFFERENT_INSTRUMENTS = "baseline and current were rated on different instruments"
    NO_TOTAL = "a score has no total (an item was recorded as not rated)"
    INVALID_TOTAL = "a total is not an integer within the instrument's range"
    PRORATED = "a total was prorated for missing items and allow_prorated is False"
    BASELINE_ZERO = (
        "the baseline is at the scale floor (0 on most scales), so percent change is undefined"
    )
    BASELINE_BELOW_MINIMUM = (
        "the baseline is below the rule's minimum index score (PHQ-9, CMS159 and NQF 1885: "
        "> 9), so the rule does not apply"
    )
    MISSING_COMPANION = (
        "a companion rating the rule needs (e.g. CGI-I for Y-BOCS response) is missing "
        "or not rated, and the status depends on it"
    )


@frozen
class ResponseStatus:
    """The result of :func:`classify`: a status, the percent change and the thresholds.

    Attributes:
        status: The :class:`Status`, decided in the order of ref §2.4.
        percent_change: ``(baseline − current) / (baseline − floor) × 100``; positive
            is improvement. ``None`` when it cannot be computed.
        remission: Whether the current total meets the remission rule; ``None`` when
            not determined (not evaluable, a companion rating is missing, the baseline
            is below the rule's index score, or the instrument has no remission rule).
        response: Whether the reduction meets the response rule; ``None`` when not
            determined. Remission and response can both be true (ref §2.4).
        reason: Why the status is :attr:`Status.NOT_EVALUABLE`, else ``None``.
        thresholds: The :class:`Thresholds` used, or ``None`` when no score was given.
        baseline_total: The baseline total, if there was one.
        current_total: The current total, if there was one.
    """

    status: Status
    percent_change: float | None
    remission: bool | None
    response: bool | None
    reason: Reason | None
    thresholds: Thresholds | None
    baseline_total: int | None = None
    current_total: int | None = None

    @property
    def evaluable(self) -> bool:
        """Whether a status other than :attr:`Status.NOT_EVALUABLE` was given."""
        return self.reason is None


def not_evaluable(
    reason: Reason,
    thresholds: Thresholds | None,
    baseline: int | None = None,
    current: int | None = None,
    percent: float | None = None,
    remission: bool | None = None,
    response: bool | None = None,
) -> ResponseStatus:
    """A :attr:`Status.NOT_EVALUABLE` result for *reason*, with what is known."""
    return ResponseStatus(
        Status.NOT_EVALUABLE, percent, remission, response, reason, thresholds, baseline, current
    )
