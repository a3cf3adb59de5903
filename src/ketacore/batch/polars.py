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

from ketacore.batch._columns import find_columns, output_names
from ketacore.batch._result import BatchScores
from ketacore.batch._score import resolve_instrument, score_array
from ketacore.exceptions import BatchError
from ketacore.instruments import Instrument, MissingPolicy, SourceCoding

__all__ = ["score_frame", "to_frame"]


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
    if all(dtype.is_numeric() for dtype in items.dtypes):
        values = items.cast(pl.Float64).to_numpy()
    else:
        values = np.array(items.rows(), dtype=object).reshape(items.height, len(names))
    scores = score_array(inst, values, missing=missing, coding=coding, band_set=band_set)
    return to_frame(scores, prefix=prefix)


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
