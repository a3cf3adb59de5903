"""Response status per patient across visits, for long-format tables (one row per visit).

The classification itself is :func:`ketacore.response.classify`, called once per visit
against the patient's baseline (their earliest visit): nothing here restates a rule.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from attrs import frozen

from ketacore.batch._result import BatchScores
from ketacore.exceptions import BatchError
from ketacore.instruments import Score
from ketacore.response import Thresholds, classify

__all__ = ["VisitStatus", "check_key_columns", "classify_long"]


@frozen
class VisitStatus:
    """Per-row results of :func:`classify_long`, in input row order.

    Attributes:
        baseline: Whether the row is its patient's baseline (earliest) visit.
        status: The :class:`~ketacore.response.Status` value (``"remission"``, ...);
            ``None`` on a baseline row.
        percent_change: Improvement from baseline in percent, or ``None``.
        reason: Why the status is ``"not evaluable"``, else ``None``.
    """

    baseline: tuple[bool, ...]
    status: tuple[str | None, ...]
    percent_change: tuple[float | None, ...]
    reason: tuple[str | None, ...]


def check_key_columns(names: Sequence[str], patient: object, visit: object) -> None:
    """Check that ``patient`` and ``visit`` name columns of the table.

    Raises:
        BatchError: Either is not a string or not a column.
    """
    for field, value in (("patient", patient), ("visit", visit)):
        if not isinstance(value, str) or value not in names:
            shown = ", ".join(repr(n) for n in list(names)[:12])
            raise BatchError(
                f"{field}: got {value!r}; expected the name of the column holding the "
                f"{field} (one row per visit); the frame has {shown}"
            )


def classify_long(
    scores: BatchScores,
    single: Callable[[int], Score | None],
    patients: Sequence[object],
    visits: Sequence[object],
    thresholds: Thresholds,
    *,
    allow_prorated: bool,
) -> VisitStatus:
    """Classify every visit against its patient's earliest visit.

    Rows are grouped by patient and ordered by visit (ties keep input order). A
    baseline row that is invalid makes the patient's later visits not evaluable
    (missing baseline), exactly as :func:`~ketacore.response.classify` reports it.

    Raises:
        BatchError: Visits of one patient cannot be ordered (e.g. a date and a number).
    """
    n = len(scores)
    try:
        order = sorted(range(n), key=lambda i: (patients[i], visits[i]))
    except TypeError as exc:
        raise BatchError(
            f"patient/visit: rows cannot be ordered ({exc}); give one type per column, "
            "e.g. all visit dates or all visit numbers, and no missing patient ids"
        ) from None
    baseline = [False] * n
    status: list[str | None] = [None] * n
    percent: list[float | None] = [None] * n
    reason: list[str | None] = [None] * n
    base: Score | None = None
    for position, i in enumerate(order):
        if position == 0 or patients[i] != patients[order[position - 1]]:
            base = single(i)
            baseline[i] = True
            continue
        result = classify(base, single(i), thresholds=thresholds, allow_prorated=allow_prorated)
        status[i] = result.status.value
        percent[i] = result.percent_change
        reason[i] = None if result.reason is None else result.reason.value
    return VisitStatus(tuple(baseline), tuple(status), tuple(percent), tuple(reason))
