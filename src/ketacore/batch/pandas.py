"""Score the item columns of a pandas DataFrame (needs the optional ``pandas`` extra).

>>> import pandas as pd
>>> from ketacore.batch.pandas import score_frame
>>> frame = pd.DataFrame({f"phq9_{n}": [2, 3, None] for n in range(1, 10)})
>>> score_frame(frame, "phq9", missing="prorate")[["phq9_total", "phq9_band", "phq9_valid"]]
   phq9_total phq9_band  phq9_valid
0          18  moderately severe        True
1          27             severe        True
2        <NA>               NaN       False

pandas is imported only when this module is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ketacore.batch import _frames
from ketacore.batch._columns import output_names
from ketacore.batch._result import BatchScores
from ketacore.batch._visits import VisitStatus
from ketacore.instruments import Instrument, MissingPolicy, SourceCoding
from ketacore.response import Thresholds

__all__ = ["classify_visits", "score_frame", "to_frame"]


def _pandas() -> Any:
    import pandas  # type: ignore[import-untyped, import-not-found, unused-ignore]

    return pandas


def score_frame(
    frame: Any,
    instrument: Instrument | str,
    *,
    columns: Sequence[str] | None = None,
    coding: SourceCoding | None = None,
    missing: MissingPolicy = "strict",
    band_set: str | None = None,
    prefix: str | None = None,
) -> Any:
    """Score one instrument's item columns in every row of a pandas DataFrame.

    Item columns are found by name (``phq9_1`` … ``phq9_9``, ``PHQ9_1``, ``phq9_item01``;
    NHANES ``DPQ010`` … ``DPQ090``, which also applies
    :data:`~ketacore.instruments.NHANES_DPQ`), or given with ``columns``.
    Empty cells (``NaN``, ``None``, ``pd.NA``) are missing items.

    Args:
        frame: A ``pandas.DataFrame``, one administration per row.
        instrument: An :class:`~ketacore.instruments.Instrument` or its id.
        columns: The item columns in item order, if the names are not recognised.
        coding: How the export codes items (sentinels, 1–4 offset).
        missing: ``"strict"`` or ``"prorate"`` (see :func:`ketacore.batch.score_array`).
        band_set: Band set name (default: the instrument's default).
        prefix: Prefix of the output columns (default ``"<instrument id>_"``).

    Returns:
        A DataFrame with ``frame``'s index and the columns ``<prefix>total``
        (nullable ``Int64``), ``<prefix>band`` (ordered categorical), ``<prefix>valid``,
        ``<prefix>prorated``, one boolean column per critical item
        (``phq9_flag_item9_ge1``), ``<prefix>error`` (the reason, or ``None``), and
        ``<prefix>risk`` for instruments with a triage.

    Raises:
        BatchError: ``frame`` is not a DataFrame, a column is unknown or boolean, or an
            argument is invalid. Bad rows never raise.
    """
    options = _frames.Options(columns, coding, missing, band_set, prefix)
    return _frames.score_frame(_PANDAS, frame, instrument, options)


def classify_visits(
    frame: Any,
    instrument: Instrument | str,
    *,
    patient: str,
    visit: str,
    columns: Sequence[str] | None = None,
    coding: SourceCoding | None = None,
    missing: MissingPolicy = "strict",
    band_set: str | None = None,
    thresholds: Thresholds | None = None,
    course: str | None = None,
    allow_prorated: bool = False,
    prefix: str | None = None,
) -> Any:
    """Score a long-format DataFrame (one row per visit) and classify each visit's response.

    Each patient's earliest visit (by the ``visit`` column: dates or date-times, as
    objects or ISO text, or visit numbers; never row order) is their baseline; every
    later visit is classified against it with
    :func:`ketacore.response.classify`. Companion ratings (CGI for the Y-BOCS consensus
    rules) are not looked up: such statuses come back not evaluable when they depend
    on one.

    Args:
        frame: A ``pandas.DataFrame`` with a patient column, a visit column and item columns.
        instrument: An :class:`~ketacore.instruments.Instrument` or its id.
        patient: Name of the column identifying the patient.
        visit: Name of the column ordering the visits.
        columns: The item columns in item order, if the names are not recognised.
        coding: How the export codes items.
        missing: ``"strict"`` or ``"prorate"``.
        band_set: Band set name (default: the instrument's default).
        thresholds: From :func:`ketacore.response.thresholds_for`, for every patient
            (default: the one policy's rules for each patient's course type, read from
            their baseline row; see ``course``).
        course: Name of the column holding the course type (``"iv_ketamine"``,
            ``"esketamine"``, ... :data:`ketacore.response.COURSE_TYPES`; other values
            mean the drug is not known). Default: ``"course_type"`` when the frame has
            that column, else the drug is not known.
        allow_prorated: Whether prorated totals may be classified (default ``False``:
            they are not evaluable).
        prefix: Prefix of the output columns (default ``"<instrument id>_"``).

    Returns:
        The columns of :func:`score_frame`, plus ``<prefix>baseline`` (bool),
        ``<prefix>status`` (the :class:`~ketacore.response.Status` value, ``None`` on
        baseline rows), ``<prefix>percent_change`` and ``<prefix>reason`` (why not
        evaluable), with ``frame``'s index.

    Raises:
        BatchError: A column is unknown, or visits cannot be ordered (a missing
            cell, a cell neither a number nor a date, two visits of one patient with
            the same value).
    """
    return _frames.classify_visits(
        _PANDAS,
        frame,
        instrument,
        _frames.Options(columns, coding, missing, band_set, prefix),
        patient=patient,
        visit=visit,
        thresholds=thresholds,
        course=course,
        allow_prorated=allow_prorated,
    )


def to_frame(scores: BatchScores, *, index: Any = None, prefix: str | None = None) -> Any:
    """Return :class:`~ketacore.batch.BatchScores` as a pandas DataFrame (see :func:`score_frame`).

    Args:
        scores: The batch result.
        index: Index for the rows (default: ``0 … n-1``).
        prefix: Prefix of the column names (default ``"<instrument id>_"``).
    """
    pd = _pandas()
    inst = scores.instrument
    names = output_names(inst, prefix)
    labels = _frames.band_labels(scores)
    data: dict[str, Any] = {
        names["total"]: pd.array(scores.total, dtype="Float64").astype("Int64"),
        names["band"]: pd.Categorical.from_codes(
            scores.band.astype(np.int64), categories=labels, ordered=True
        )
        if labels
        else pd.Categorical([None] * len(scores)),
        names["valid"]: scores.valid,
        names["prorated"]: scores.prorated,
    }
    for j in range(len(inst.critical_items)):
        data[names[f"flag{j}"]] = scores.flags[:, j]
    out = pd.DataFrame(data, index=index)
    out[names["error"]] = pd.Series(_frames.error_reasons(scores), index=out.index, dtype=object)
    if scores.risk is not None:
        out[names["risk"]] = pd.Series(scores.risk, index=out.index, dtype=object)
    return out


class _Pandas:
    """The pandas side of :mod:`ketacore.batch._frames`."""

    kind = "pandas.DataFrame"
    cast_fix = "convert with .astype(int)"

    def is_frame(self, frame: object) -> bool:
        return isinstance(frame, _pandas().DataFrame)

    def names(self, frame: Any) -> list[str]:
        return [str(c) for c in frame.columns]

    def _column(self, frame: Any, name: str) -> Any:
        return frame[next(c for c in frame.columns if str(c) == name)]

    def is_boolean(self, frame: Any, name: str) -> bool:
        return bool(_pandas().api.types.is_bool_dtype(self._column(frame, name).dtype))

    def values(self, frame: Any, names: Sequence[str]) -> NDArray[Any]:
        pd = _pandas()
        lookup = {str(c): c for c in frame.columns}
        items = frame[[lookup[n] for n in names]]
        if all(pd.api.types.is_numeric_dtype(d) for d in items.dtypes):
            return items.to_numpy(dtype=np.float64, na_value=np.nan)  # type: ignore[no-any-return]
        return items.astype(object).where(items.notna(), None).to_numpy(dtype=object)  # type: ignore[no-any-return]

    def cells(self, frame: Any, name: str) -> list[object]:
        return list(self._column(frame, name).tolist())

    def to_frame(self, scores: BatchScores, frame: Any, prefix: str | None) -> Any:
        return to_frame(scores, index=frame.index, prefix=prefix)

    def with_status(self, out: Any, base: str, result: VisitStatus) -> Any:
        pd = _pandas()
        out[f"{base}baseline"] = list(result.baseline)
        out[f"{base}status"] = pd.Series(result.status, index=out.index, dtype=object)
        out[f"{base}percent_change"] = pd.array(result.percent_change, dtype="Float64")
        out[f"{base}reason"] = pd.Series(result.reason, index=out.index, dtype=object)
        return out


_PANDAS = _Pandas()
