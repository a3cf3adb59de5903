"""Response status per patient across visits, for long-format tables (one row per visit).

The classification itself is :func:`ketacore.response.classify`, called once per visit
against the patient's baseline (their earliest visit): nothing here restates a rule.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from attrs import frozen

from ketacore._visit_order import VisitOrderError, visit_keys
from ketacore.batch._result import BatchScores
from ketacore.exceptions import BatchError
from ketacore.instruments import Instrument, Score
from ketacore.response import Thresholds, classify, thresholds_for
from ketacore.response._policy import course_type_of

__all__ = ["VisitStatus", "check_key_columns", "classify_long", "course_thresholds"]


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
    thresholds: Callable[[int], Thresholds],
    *,
    visit_column: str,
    allow_prorated: bool,
) -> VisitStatus:
    """Classify every visit against its patient's earliest visit.

    Rows are grouped by patient and ordered by visit: numbers as numbers, dates as
    dates (:mod:`ketacore._visit_order`, the same ordering as
    :func:`ketacore.tables.response_table`), never by row order. A baseline row that
    is invalid makes the patient's later visits not evaluable (missing baseline),
    exactly as :func:`~ketacore.response.classify` reports it. ``thresholds`` gives
    the thresholds for a patient from their baseline row's index.

    Raises:
        BatchError: Visits cannot be ordered (a missing cell, a cell neither a number
            nor a date, two visits of one patient at the same value), or patient ids
            are missing or of mixed types.
    """
    n = len(scores)
    try:
        keys = visit_keys(visits, visit_column)
    except VisitOrderError as exc:
        raise BatchError(f"visit: {exc}") from None
    try:
        order = sorted(range(n), key=lambda i: (patients[i], keys[i]))
    except TypeError as exc:
        raise BatchError(
            f"patient: rows cannot be ordered ({exc}); give one type per column "
            "and no missing patient ids"
        ) from None
    baseline = [False] * n
    status: list[str | None] = [None] * n
    percent: list[float | None] = [None] * n
    reason: list[str | None] = [None] * n
    base: Score | None = None
    chosen: Thresholds | None = None
    for position, i in enumerate(order):
        if position == 0 or patients[i] != patients[order[position - 1]]:
            base = single(i)
            chosen = thresholds(i)
            baseline[i] = True
            continue
        if keys[i] == keys[order[position - 1]]:
            raise BatchError(
                f"visit: two rows of one patient have the same {visit_column!r} "
                f"({visits[i]!s:.40}), so which visit comes first is unknown; keep one row "
                "per visit"
            )
        assert chosen is not None
        result = classify(base, single(i), thresholds=chosen, allow_prorated=allow_prorated)
        status[i] = result.status.value
        percent[i] = result.percent_change
        reason[i] = None if result.reason is None else result.reason.value
    return VisitStatus(tuple(baseline), tuple(status), tuple(percent), tuple(reason))


def course_thresholds(
    instrument: Instrument,
    given: Thresholds | None,
    names: Sequence[str],
    course: object,
    cells: Callable[[str], Sequence[object]],
) -> Callable[[int], Thresholds]:
    """Thresholds per row: the caller's, else the one policy's for the row's course type.

    ``course`` names the course-type column (default ``"course_type"`` when present).

    Raises:
        BatchError: ``course`` is not None and not a column.
    """
    if given is not None:
        return lambda _row: given
    if course is None:
        column = "course_type" if "course_type" in names else None
    elif isinstance(course, str) and course in names:
        column = course
    else:
        shown = ", ".join(repr(n) for n in list(names)[:12])
        raise BatchError(
            f"course: got {course!r}; expected the name of the column holding the course type "
            f"(e.g. 'course_type', values such as 'iv_ketamine'); the frame has {shown}"
        )
    if column is None:
        default = thresholds_for(instrument)
        return lambda _row: default
    values = cells(column)
    return lambda row: thresholds_for(instrument, course_type=course_type_of(values[row]))
