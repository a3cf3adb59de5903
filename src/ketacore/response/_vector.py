"""Response status of many (baseline, current) pairs at once, as numpy arrays (private).

The array form of :func:`ketacore.response.classify` for scores already reduced to
their totals (a batch of scores: :class:`ketacore.batch.BatchScores`). The decision
order is :func:`~ketacore.response.classify`'s (not evaluable, remission, response,
partial response, non-response, ref §2.4) and every threshold is read from the
:class:`~ketacore.response.Thresholds` the one policy resolved
(:func:`~ketacore.response.thresholds_for`); nothing here names a number of its own.
A property test checks that every pair gets exactly what ``classify`` gives it.

Rules the arrays cannot express (companion ratings such as the CGI for the Y-BOCS
consensus rules, thresholds whose exact ratio would overflow 64-bit integers) are
reported by :func:`expressible`; callers then use ``classify`` itself.
This module imports numpy: :mod:`ketacore.response` does not import it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import numpy as np
from attrs import frozen
from numpy.typing import NDArray

from ketacore.response._status import Reason, Status
from ketacore.response._thresholds import Thresholds

__all__ = [
    "REASONS",
    "STATUSES",
    "StatusArrays",
    "as_status",
    "classify_totals",
    "expressible",
    "tristate",
]

STATUSES: Final[tuple[Status, ...]] = tuple(Status)
"""Status per code of :attr:`StatusArrays.status`."""

REASONS: Final[tuple[Reason, ...]] = tuple(Reason)
"""Reason per code of :attr:`StatusArrays.reason` (``-1``: none)."""

_CODE: Final = {status: np.int8(i) for i, status in enumerate(STATUSES)}
_WHY: Final = {reason: np.int8(i) for i, reason in enumerate(REASONS)}
_LIMIT: Final = 2**62  # products below this fit int64 with room for a sum

_Floats = NDArray[np.float64]
_Bools = NDArray[np.bool_]
_Codes = NDArray[np.int8]


@frozen
class StatusArrays:
    """One classification per pair, as arrays (the fields of ``ResponseStatus``).

    Attributes:
        status: Code into :data:`STATUSES`.
        reason: Code into :data:`REASONS`, ``-1`` when evaluable.
        percent: Percent change, ``NaN`` where ``classify`` gives ``None``.
        remission: ``1`` true, ``0`` false, ``-1`` not determined (``None``).
        response: As ``remission``.
        decided: Whether the totals reached the rule (``ResponseStatus`` then carries
            ``baseline_total`` and ``current_total``; else both are ``None``).
    """

    status: _Codes
    reason: _Codes
    percent: _Floats
    remission: _Codes
    response: _Codes
    decided: _Bools


def expressible(thresholds: Thresholds, total_range: tuple[int, int]) -> bool:
    """Whether :func:`classify_totals` can apply ``thresholds`` to totals in ``total_range``."""
    if thresholds.response_companions or thresholds.remission_companions:
        return False
    width = total_range[1] - min(total_range[0], thresholds.floor) + 1
    for num, den in (thresholds._response_ratio, thresholds._partial_ratio):
        if 100 * den * width >= _LIMIT or num * width >= _LIMIT:
            return False
    return True


def _problem(
    present: _Bools, total: _Floats, prorated: _Bools, low: int, high: int, allow_prorated: bool
) -> _Codes:
    """``classify``'s ``_total_problem`` per score (``-1``: none); ``MISSING_*`` is the caller's."""
    out = np.full(total.shape, -1, dtype=np.int8)
    no_total = np.isnan(total)
    out[~no_total & ((total < low) | (total > high))] = _WHY[Reason.INVALID_TOTAL]
    if not allow_prorated:
        out[(out < 0) & ~no_total & prorated] = _WHY[Reason.PRORATED]
    out[no_total] = _WHY[Reason.NO_TOTAL]
    out[~present] = -1
    return out


def classify_totals(
    base: tuple[_Bools, _Floats, _Bools],
    current: tuple[_Bools, _Floats, _Bools],
    choices: Sequence[Thresholds],
    which: NDArray[np.intp],
    total_range: tuple[int, int],
    *,
    allow_prorated: bool,
) -> StatusArrays:
    """Classify pair *i* as ``classify(baseline_i, current_i, thresholds=choices[which[i]])``.

    Args:
        base: ``(present, total, prorated)`` per pair for the baseline: ``present``
            false for a missing score (an invalid row), ``total`` ``NaN`` for a score
            without a total, else an integer (as every scored total is).
        current: The same for the current score.
        choices: The thresholds in use, each :func:`expressible` for the range.
        which: Index into ``choices`` per pair.
        total_range: The instrument's lowest and highest total.
        allow_prorated: As in ``classify``.
    """
    low, high = total_range
    b_ok, b_total, b_pro = base
    c_ok, c_total, c_pro = current
    n = b_total.shape[0]
    status = np.full(n, _CODE[Status.NOT_EVALUABLE], dtype=np.int8)
    reason = np.full(n, -1, dtype=np.int8)
    percent = np.full(n, np.nan)
    remission = np.full(n, -1, dtype=np.int8)
    response = np.full(n, -1, dtype=np.int8)
    # Not evaluable before the rule, in classify's order: baseline, current, totals.
    b_problem = _problem(b_ok, b_total, b_pro, low, high, allow_prorated)
    c_problem = _problem(c_ok, c_total, c_pro, low, high, allow_prorated)
    reason[:] = np.where(b_problem >= 0, b_problem, c_problem)
    reason[~c_ok] = _WHY[Reason.MISSING_CURRENT]
    reason[~b_ok] = _WHY[Reason.MISSING_BASELINE]
    decided = reason < 0
    rows = np.flatnonzero(decided)
    b = np.where(decided, b_total, 0).astype(np.int64)[rows]
    c = np.where(decided, c_total, 0).astype(np.int64)[rows]
    chosen = which[rows]
    for k, th in enumerate(choices):
        part = np.flatnonzero(chosen == k)
        if part.size:
            _decide(b[part], c[part], th, rows[part], status, reason, percent, remission, response)
    return StatusArrays(status, reason, percent, remission, response, decided)


def _decide(
    b: NDArray[np.int64],
    c: NDArray[np.int64],
    th: Thresholds,
    at: NDArray[np.intp],
    status: _Codes,
    reason: _Codes,
    percent: _Floats,
    remission_out: _Codes,
    response_out: _Codes,
) -> None:
    """``classify``'s ``_decide`` for pairs without companion ratings, written into ``at``."""
    span = b - th.floor
    zero = span <= 0
    drop = b - c
    with np.errstate(divide="ignore", invalid="ignore"):
        change = (drop * 100).astype(np.float64) / span.astype(np.float64)
    # A rule whose index condition the baseline does not meet does not apply: unknown.
    remission_applies = (
        np.ones(b.shape, dtype=bool)
        if th.remission_min_baseline is None
        else b >= th.remission_min_baseline
    )
    response_applies = (
        np.ones(b.shape, dtype=bool) if th.min_baseline is None else b >= th.min_baseline
    )
    most = th.remission_max_total
    has_remission_rule = most is not None
    remission = np.full(b.shape, -1, dtype=np.int8)
    if most is not None:
        met = c <= most
        remission[remission_applies] = met[remission_applies]
    num, den = th._response_ratio
    reduction = drop * 100 * den >= num * span
    response = np.where(response_applies, reduction, -1).astype(np.int8)
    num, den = th._partial_ratio
    partial = drop * 100 * den >= num * span

    code = np.where(partial, _CODE[Status.PARTIAL_RESPONSE], _CODE[Status.NON_RESPONSE])
    why = np.full(b.shape, -1, dtype=np.int8)
    below = ~response_applies
    if has_remission_rule:
        below |= ~remission_applies
    code = np.where(response == 1, _CODE[Status.RESPONSE], code)
    code = np.where(below, _CODE[Status.NOT_EVALUABLE], code)
    why[below] = _WHY[Reason.BASELINE_BELOW_MINIMUM]
    code = np.where(remission == 1, _CODE[Status.REMISSION], code)
    why[remission == 1] = -1
    code = np.where(zero, _CODE[Status.NOT_EVALUABLE], code)
    why[zero] = _WHY[Reason.BASELINE_ZERO]
    change[zero] = np.nan
    remission[zero] = -1
    response[zero] = -1
    status[at] = code
    reason[at] = why
    percent[at] = change
    remission_out[at] = remission
    response_out[at] = response


def as_status(arrays: StatusArrays, i: int) -> tuple[Status, Reason | None, float | None]:
    """Status, reason and percent change of pair ``i`` as ``classify`` reports them."""
    why = int(arrays.reason[i])
    change = float(arrays.percent[i])
    return (
        STATUSES[int(arrays.status[i])],
        None if why < 0 else REASONS[why],
        None if change != change else change,
    )


def tristate(codes: NDArray[Any]) -> list[bool | None]:
    """``-1``/``0``/``1`` codes as ``None``/``False``/``True``."""
    table: tuple[bool | None, ...] = (False, True, None)
    return [table[v] for v in codes.tolist()]
