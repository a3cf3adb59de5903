"""Score the item columns of a polars DataFrame (needs the optional ``polars`` extra).

>>> import polars as pl
>>> from ketacore.batch.polars import score_frame
>>> frame = pl.DataFrame({f"phq9_{n}": [2, 3, None] for n in range(1, 10)})
>>> score_frame(frame, "phq9", missing="prorate").select("phq9_total", "phq9_band")
shape: (3, 2)
┌────────────┬───────────────────┐
│ phq9_total ┆ phq9_band         │
│ ---        ┆ ---               │
│ i64        ┆ enum              │
╞════════════╪═══════════════════╡
│ 18         ┆ moderately severe │
│ 27         ┆ severe            │
│ null       ┆ null              │
└────────────┴───────────────────┘

polars is imported only when this module is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ketacore.batch._columns import find_columns, output_names
from ketacore.batch._result import BatchScores
from ketacore.batch._score import resolve_instrument, score_array, single_scores
from ketacore.batch._visits import check_key_columns, classify_long, course_thresholds
from ketacore.exceptions import BatchError
from ketacore.instruments import Instrument, MissingPolicy, SourceCoding
from ketacore.response import Thresholds

__all__ = ["classify_visits", "score_frame", "to_frame"]


def _polars() -> Any:
    import polars  # type: ignore[import-not-found, unused-ignore]

    return polars


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
    """Score one instrument's item columns in every row of a polars DataFrame.

    Columns are found as in :func:`ketacore.batch.pandas.score_frame`; ``null`` and
    ``NaN`` are missing items.

    Args:
        frame: A ``polars.DataFrame``, one administration per row.
        instrument: An :class:`~ketacore.instruments.Instrument` or its id.
        columns: The item columns in item order, if the names are not recognised.
        coding: How the export codes items (sentinels, 1–4 offset).
        missing: ``"strict"`` or ``"prorate"`` (see :func:`ketacore.batch.score_array`).
        band_set: Band set name (default: the instrument's default).
        prefix: Prefix of the output columns (default ``"<instrument id>_"``).

    Returns:
        A DataFrame with one row per input row and the columns ``<prefix>total``
        (``Int64``, null without a total), ``<prefix>band`` (an ``Enum`` of the band
        labels), ``<prefix>valid``, ``<prefix>prorated``, one boolean column per critical
        item, ``<prefix>error`` and, for instruments with a triage, ``<prefix>risk``.

    Raises:
        BatchError: ``frame`` is not a polars DataFrame, a column is unknown or boolean,
            or an argument is invalid. Bad rows never raise.
    """
    inst, values, coding = _prepare(frame, instrument, columns, coding)
    scores = score_array(inst, values, missing=missing, coding=coding, band_set=band_set)
    return to_frame(scores, prefix=prefix)


def _prepare(
    frame: Any,
    instrument: Instrument | str,
    columns: Sequence[str] | None,
    coding: SourceCoding | None,
) -> tuple[Instrument, NDArray[Any], SourceCoding | None]:
    pl = _polars()
    if not isinstance(frame, pl.DataFrame):
        raise BatchError(
            f"frame: got a {type(frame).__name__}; expected a polars.DataFrame "
            "(for a numpy array use ketacore.batch.score_array)"
        )
    inst = resolve_instrument(instrument)
    names, coding = find_columns(inst, frame.columns, columns=columns, coding=coding)
    items = frame.select(names)
    for name, dtype in zip(names, items.dtypes, strict=True):
        if dtype == pl.Boolean:
            raise BatchError(
                f"columns: {name!r} is boolean; item values are integers (cast with "
                "pl.col(...).cast(pl.Int64) if true/false really are 1/0)"
            )
    values: NDArray[Any]
    if all(dtype.is_numeric() for dtype in items.dtypes):
        values = items.cast(pl.Float64).to_numpy()
    else:
        values = np.array(items.rows(), dtype=object).reshape(items.height, len(names))
    return inst, values, coding


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
    """Score a long-format polars DataFrame and classify each visit's response.

    Works as :func:`ketacore.batch.pandas.classify_visits`: each patient's earliest
    visit is the baseline, and later visits are classified against it with
    :func:`ketacore.response.classify`.

    Args:
        frame: A ``polars.DataFrame`` with a patient column, a visit column and item columns.
        instrument: An :class:`~ketacore.instruments.Instrument` or its id.
        patient: Name of the column identifying the patient.
        visit: Name of the column ordering the visits.
        columns: The item columns in item order, if the names are not recognised.
        coding: How the export codes items.
        missing: ``"strict"`` or ``"prorate"``.
        band_set: Band set name (default: the instrument's default).
        thresholds: From :func:`ketacore.response.thresholds_for`, for every patient
            (default: the one policy's rules for each patient's course type).
        course: Name of the course-type column (default ``"course_type"`` when
            present), as in :func:`ketacore.batch.pandas.classify_visits`.
        allow_prorated: Whether prorated totals may be classified.
        prefix: Prefix of the output columns (default ``"<instrument id>_"``).

    Returns:
        The columns of :func:`score_frame` plus ``<prefix>baseline``,
        ``<prefix>status``, ``<prefix>percent_change`` and ``<prefix>reason``.

    Raises:
        BatchError: A column is unknown, or visits cannot be ordered.
    """
    pl = _polars()
    inst, values, coding = _prepare(frame, instrument, columns, coding)
    check_key_columns(frame.columns, patient, visit)
    scores = score_array(inst, values, missing=missing, coding=coding, band_set=band_set)
    chosen = course_thresholds(
        inst, thresholds, frame.columns, course, lambda name: frame[name].to_list()
    )
    result = classify_long(
        scores,
        single_scores(scores, values, coding),
        frame[patient].to_list(),
        frame[visit].to_list(),
        chosen,
        visit_column=visit,
        allow_prorated=allow_prorated,
    )
    base = f"{inst.id}_" if prefix is None else prefix
    return to_frame(scores, prefix=prefix).with_columns(
        pl.Series(f"{base}baseline", result.baseline, dtype=pl.Boolean),
        pl.Series(f"{base}status", result.status, dtype=pl.String),
        pl.Series(f"{base}percent_change", result.percent_change, dtype=pl.Float64),
        pl.Series(f"{base}reason", result.reason, dtype=pl.String),
    )


def to_frame(scores: BatchScores, *, prefix: str | None = None) -> Any:
    """Return :class:`~ketacore.batch.BatchScores` as a polars DataFrame (see :func:`score_frame`).

    Args:
        scores: The batch result.
        prefix: Prefix of the column names (default ``"<instrument id>_"``).
    """
    pl = _polars()
    inst = scores.instrument
    names = output_names(inst, prefix)
    reasons: list[str | None] = [None] * len(scores)
    for error in scores.errors:
        reasons[error.row] = error.reason
    labels = [b.label for b in scores.band_set.bands] if scores.band_set is not None else []
    columns: list[Any] = [
        pl.Series(names["total"], scores.total, nan_to_null=True).cast(pl.Int64),
        pl.Series(names["band"], scores.band_labels.tolist(), dtype=pl.Enum(labels)),
        pl.Series(names["valid"], scores.valid),
        pl.Series(names["prorated"], scores.prorated),
    ]
    for j in range(len(inst.critical_items)):
        columns.append(pl.Series(names[f"flag{j}"], scores.flags[:, j]))
    columns.append(pl.Series(names["error"], reasons, dtype=pl.String))
    if scores.risk is not None:
        columns.append(pl.Series(names["risk"], scores.risk.tolist(), dtype=pl.String))
    return pl.DataFrame(columns)
