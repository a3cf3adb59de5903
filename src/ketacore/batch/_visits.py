"""Response status per patient across visits, for long-format tables (one row per visit).

Rows are grouped and ordered with array operations (``np.lexsort`` by patient and
visit), each patient's earliest visit is their baseline, and every visit is
classified against it by :func:`ketacore.response._vector.classify_totals`, the array
form of :func:`ketacore.response.classify` driven by the thresholds the one policy
resolves (:func:`ketacore.response.thresholds_for`): nothing here restates a rule.
Rules the arrays cannot express (companion ratings) take
:func:`classify_long_per_patient`, one ``classify`` call per visit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from attrs import frozen
from numpy.typing import NDArray

from ketacore._visit_order import VisitOrderError, visit_keys
from ketacore.batch._result import BatchScores
from ketacore.exceptions import BatchError
from ketacore.instruments import Instrument, Score
from ketacore.response import Thresholds, classify, thresholds_for
from ketacore.response._policy import course_type_of
from ketacore.response._vector import REASONS, STATUSES, classify_totals, expressible

__all__ = [
    "REASON_VALUES",
    "STATUS_VALUES",
    "RowThresholds",
    "VisitStatus",
    "check_key_columns",
    "classify_long",
    "classify_long_per_patient",
    "course_thresholds",
    "patient_codes",
    "visit_order",
]


STATUS_VALUES: tuple[str | None, ...] = (*(s.value for s in STATUSES), None)
"""Status text per code of :attr:`VisitStatus.status` (code ``-1``, the last entry: none)."""

REASON_VALUES: tuple[str | None, ...] = (*(r.value for r in REASONS), None)
"""Reason text per code of :attr:`VisitStatus.reason` (code ``-1``, the last entry: none)."""


@frozen(eq=False)
class VisitStatus:
    """Per-row results of :func:`classify_long`, in input row order, as arrays.

    Attributes:
        baseline: Whether the row is its patient's baseline (earliest) visit.
        status: Code into :data:`STATUS_VALUES` (the :class:`~ketacore.response.Status`
            value); ``-1`` (none) on a baseline row.
        percent_change: Improvement from baseline in percent; ``NaN`` for none.
        reason: Code into :data:`REASON_VALUES`: why the status is ``"not evaluable"``,
            ``-1`` (none) otherwise.
    """

    baseline: NDArray[np.bool_]
    status: NDArray[np.int8]
    percent_change: NDArray[np.float64]
    reason: NDArray[np.int8]

    def statuses(self) -> NDArray[np.object_]:
        """The status texts (``None`` on baseline rows), as an ``object`` array."""
        return np.array(STATUS_VALUES, dtype=object)[self.status]

    def reasons(self) -> NDArray[np.object_]:
        """The reason texts (``None`` where evaluable), as an ``object`` array."""
        return np.array(REASON_VALUES, dtype=object)[self.reason]

    def rows(self) -> list[tuple[bool, str | None, float | None, str | None]]:
        """One plain tuple per row: baseline, status, percent change, reason."""
        percents = [None if p != p else p for p in self.percent_change.tolist()]
        return list(
            zip(
                self.baseline.tolist(),
                self.statuses().tolist(),
                percents,
                self.reasons().tolist(),
                strict=True,
            )
        )


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


_EPOCH = datetime(1970, 1, 1)
_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def patient_codes(patients: Sequence[object] | NDArray[Any]) -> NDArray[np.intp]:
    """One integer per row: equal for rows of one patient, ordered as the ids are.

    Raises:
        BatchError: A patient id is missing, or ids are of types that cannot be
            ordered together (text and numbers).
    """
    if isinstance(patients, np.ndarray) and patients.dtype.kind in "iuf":
        if patients.dtype.kind == "f" and bool(np.isnan(patients).any()):
            raise _unorderable("a missing patient id")
        return np.unique(patients, return_inverse=True)[1].reshape(-1)
    values = patients.tolist() if isinstance(patients, np.ndarray) else list(patients)
    kinds = set(map(type, values))
    numbers = {int, float}
    if not (len(kinds) <= 1 or kinds <= numbers) or type(None) in kinds:
        raise _unorderable(", ".join(sorted(k.__name__ for k in kinds)))
    if float in kinds and any(v != v for v in values):
        raise _unorderable("a missing patient id")
    codes: dict[object, int] = {}
    found = np.asarray([codes.setdefault(v, len(codes)) for v in values], dtype=np.intp)
    distinct = list(codes)
    rank = np.empty(len(distinct), dtype=np.intp)
    by_id: list[int] = sorted(range(len(distinct)), key=lambda k: distinct[k])  # type: ignore[arg-type, return-value]
    rank[by_id] = np.arange(len(distinct))
    return rank[found]


def _unorderable(what: str) -> BatchError:
    return BatchError(
        f"patient: rows cannot be ordered (the ids hold {what}); give one type per column "
        "and no missing patient ids"
    )


def visit_order(visits: Sequence[object] | NDArray[Any], column: str) -> NDArray[Any]:
    """Sort keys of the visit cells: numbers as numbers, dates as dates (``visit_keys``).

    A numeric or ``datetime64`` array is used as it is; other cells go through
    :func:`ketacore._visit_order.visit_keys` and date-times become microseconds.

    Raises:
        BatchError: A cell is missing or orders no visits (``visit_keys``' message).
    """
    if isinstance(visits, np.ndarray) and visits.dtype.kind in "iufM":
        blank = np.isnat(visits) if visits.dtype.kind == "M" else None
        if visits.dtype.kind == "f":
            blank = np.isnan(visits)
        if blank is not None and bool(blank.any()):
            _keys(visits.tolist(), column)  # raises, naming the first empty row
        if visits.dtype.kind == "M":
            return visits.view(np.int64)
        return visits.astype(np.float64)
    keys = _keys(visits.tolist() if isinstance(visits, np.ndarray) else visits, column)
    if keys and isinstance(keys[0], datetime):
        epoch = _EPOCH if keys[0].tzinfo is None else _EPOCH_UTC
        return np.asarray([(k - epoch) // _MICROSECOND for k in keys], dtype=np.int64)
    return np.asarray(keys, dtype=np.float64)


def _keys(visits: Sequence[object], column: str) -> list[float] | list[datetime]:
    try:
        return visit_keys(visits, column)
    except VisitOrderError as exc:
        raise BatchError(f"visit: {exc}") from None


def classify_long(
    scores: BatchScores,
    single: Callable[[int], Score | None],
    patients: Sequence[object] | NDArray[Any],
    visits: Sequence[object] | NDArray[Any],
    thresholds: RowThresholds,
    *,
    visit_column: str,
    allow_prorated: bool,
) -> VisitStatus:
    """Classify every visit against its patient's earliest visit, with array operations.

    Rows are grouped by patient and ordered by visit: numbers as numbers, dates as
    dates (:mod:`ketacore._visit_order`, the same ordering as
    :func:`ketacore.tables.response_table`), never by row order. A baseline row that
    is invalid makes the patient's later visits not evaluable (missing baseline),
    exactly as :func:`~ketacore.response.classify` reports it; each visit gets what
    ``classify`` gives it (a property test checks this against
    :func:`classify_long_per_patient`). ``thresholds`` gives the thresholds for a
    patient from their baseline row's index; ``single`` is used only when a rule
    needs what the arrays cannot express (companion ratings).

    Raises:
        BatchError: Visits cannot be ordered (a missing cell, a cell neither a number
            nor a date, two visits of one patient at the same value), or patient ids
            are missing or of mixed types.
    """
    n = len(scores)
    keys = visit_order(visits, visit_column)
    codes = patient_codes(patients)
    order = np.lexsort((keys, codes))
    sorted_codes = codes[order]
    first = np.ones(n, dtype=bool)
    first[1:] = sorted_codes[1:] != sorted_codes[:-1]
    sorted_keys = keys[order]
    tied = np.flatnonzero(~first[1:] & (sorted_keys[1:] == sorted_keys[:-1]))
    if tied.size:  # name the first tie in (patient, visit) order, as the per-patient path does
        rows = order[tied + 1].tolist()
        row = min(rows, key=lambda r: (codes[r], keys[r]))
        cell = visits[row]
        raise BatchError(
            f"visit: two rows of one patient have the same {visit_column!r} "
            f"({cell!s:.40}), so which visit comes first is unknown; keep one row "
            "per visit"
        )
    starts = np.flatnonzero(first)
    base_rows = order[starts]
    choices, per_patient = thresholds.of_rows(base_rows)
    inst = scores.instrument
    rng = inst.total_range
    if rng is None or not all(th.instrument == inst.id and expressible(th, rng) for th in choices):
        return classify_long_per_patient(
            scores,
            single,
            patients,
            visits,
            thresholds.of_row,
            visit_column=visit_column,
            allow_prorated=allow_prorated,
        )
    patient_of = np.empty(n, dtype=np.intp)
    patient_of[order] = np.cumsum(first) - 1
    base_of = base_rows[patient_of]
    valid, total, prorated = scores.valid, scores.total, scores.prorated
    result = classify_totals(
        (valid[base_of], total[base_of], prorated[base_of]),
        (valid, total, prorated),
        choices,
        per_patient[patient_of],
        rng,
        allow_prorated=allow_prorated,
    )
    baseline = np.zeros(n, dtype=bool)
    baseline[base_rows] = True
    status = result.status.copy()
    status[baseline] = -1
    reason = result.reason.copy()
    reason[baseline] = -1
    percent = result.percent.copy()
    percent[baseline] = np.nan
    return VisitStatus(baseline, status, percent, reason)


def classify_long_per_patient(
    scores: BatchScores,
    single: Callable[[int], Score | None],
    patients: Sequence[object] | NDArray[Any],
    visits: Sequence[object] | NDArray[Any],
    thresholds: Callable[[int], Thresholds],
    *,
    visit_column: str,
    allow_prorated: bool,
) -> VisitStatus:
    """Classify every visit against its patient's earliest visit, one ``classify`` call each.

    The per-patient path :func:`classify_long` takes for rules it cannot express
    (companion ratings), and the reference it is tested against.

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
    visits = visits.tolist() if isinstance(visits, np.ndarray) else visits
    patients = patients.tolist() if isinstance(patients, np.ndarray) else patients
    cells: Sequence[object] = visits
    try:
        keys = visit_keys(cells, visit_column)
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
    return VisitStatus(
        np.asarray(baseline, dtype=bool),
        np.asarray([-1 if v is None else STATUS_VALUES.index(v) for v in status], dtype=np.int8),
        np.asarray([np.nan if p is None else p for p in percent], dtype=np.float64),
        np.asarray([-1 if v is None else REASON_VALUES.index(v) for v in reason], dtype=np.int8),
    )


@frozen
class RowThresholds:
    """The thresholds of each patient, read from their baseline row.

    Attributes:
        instrument: The instrument scored.
        given: The caller's thresholds for every patient, or ``None``.
        courses: The course-type cells (one per row), or ``None`` when the table has
            no course column (the drug is not known).
    """

    instrument: Instrument
    given: Thresholds | None
    courses: Sequence[object] | NDArray[Any] | None

    def of_row(self, row: int) -> Thresholds:
        """The thresholds for a patient whose baseline is row ``row``."""
        if self.given is not None:
            return self.given
        course = None if self.courses is None else course_type_of(self.courses[row])
        return thresholds_for(self.instrument, course_type=course)

    def of_rows(self, rows: NDArray[np.intp]) -> tuple[list[Thresholds], NDArray[np.intp]]:
        """The distinct thresholds for baseline rows ``rows``, and an index into them per row."""
        if self.given is not None or self.courses is None:
            return [self.of_row(0)], np.zeros(rows.shape[0], dtype=np.intp)
        cells = self.courses
        if isinstance(cells, np.ndarray):
            picked = cells[rows].tolist()
        else:
            picked = [cells[i] for i in rows.tolist()]
        seen: dict[object, int] = {}
        try:  # by cell, then by course type: few distinct cells, many rows
            first = [seen.setdefault(cell, len(seen)) for cell in picked]
        except TypeError:  # an unhashable cell: not a course type
            picked = [course_type_of(cell) for cell in picked]
            first = [seen.setdefault(cell, len(seen)) for cell in picked]
        kinds: dict[str | None, int] = {}
        to_kind = [kinds.setdefault(course_type_of(cell), len(kinds)) for cell in seen]
        choices = [thresholds_for(self.instrument, course_type=kind) for kind in kinds]
        return choices, np.asarray(to_kind, dtype=np.intp)[np.asarray(first, dtype=np.intp)]


def course_thresholds(
    instrument: Instrument,
    given: Thresholds | None,
    names: Sequence[str],
    course: object,
    cells: Callable[[str], Sequence[object] | NDArray[Any]],
) -> RowThresholds:
    """Thresholds per patient: the caller's, else the one policy's for the course type.

    ``course`` names the course-type column (default ``"course_type"`` when present).

    Raises:
        BatchError: ``course`` is not None and not a column.
    """
    if given is not None:
        return RowThresholds(instrument, given, None)
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
    return RowThresholds(instrument, None, None if column is None else cells(column))
