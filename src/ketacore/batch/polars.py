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

polars is imported only when this module is. ``score_frame`` and ``classify_visits`` are
written once for both libraries and behave as in :mod:`ketacore.batch.pandas`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ketacore.batch import _frames
from ketacore.batch._columns import output_names
from ketacore.batch._result import BatchScores
from ketacore.batch._visits import REASON_VALUES, STATUS_VALUES, VisitStatus

__all__ = ["classify_visits", "score_frame", "to_frame"]


def _polars() -> Any:
    import polars  # type: ignore[import-not-found, unused-ignore]

    return polars


def to_frame(scores: BatchScores, *, prefix: str | None = None) -> Any:
    """Return :class:`~ketacore.batch.BatchScores` as a polars DataFrame (see :func:`score_frame`).

    Args:
        scores: The batch result.
        prefix: Prefix of the column names (default ``"<instrument id>_"``).
    """
    pl = _polars()
    inst = scores.instrument
    names = output_names(inst, prefix)
    labels = _frames.band_labels(scores)
    columns: list[Any] = [
        pl.Series(names["total"], scores.total, nan_to_null=True).cast(pl.Int64),
        pl.Series(names["band"], scores.band_labels.tolist(), dtype=pl.Enum(labels)),
        pl.Series(names["valid"], scores.valid),
        pl.Series(names["prorated"], scores.prorated),
    ]
    for j in range(len(inst.critical_items)):
        columns.append(pl.Series(names[f"flag{j}"], scores.flags[:, j]))
    columns.append(pl.Series(names["error"], _frames.error_reasons(scores), dtype=pl.String))
    if scores.risk is not None:
        columns.append(pl.Series(names["risk"], scores.risk.tolist(), dtype=pl.String))
    return pl.DataFrame(columns)


def _texts(name: str, values: tuple[str | None, ...], codes: NDArray[np.int8]) -> Any:
    """A String column of ``values[code]`` (code ``-1`` is the last value, ``None``)."""
    pl = _polars()
    index = np.where(codes < 0, len(values) - 1, codes).astype(np.uint32)
    return pl.Series(name, values, dtype=pl.String).gather(index)


class _Polars:
    """The polars side of :mod:`ketacore.batch._frames`."""

    kind = "polars.DataFrame or LazyFrame"
    cast_fix = "cast with pl.col(...).cast(pl.Int64)"

    def is_frame(self, frame: object) -> bool:
        return isinstance(frame, _polars().DataFrame)  # a LazyFrame is deferred before this

    def names(self, frame: Any) -> list[str]:
        return list(frame.columns)

    def is_boolean(self, frame: Any, name: str) -> bool:
        return bool(frame.schema[name] == _polars().Boolean)

    def values(self, frame: Any, names: Sequence[str]) -> NDArray[Any]:
        items = frame.select(names)
        if all(dtype.is_numeric() for dtype in items.dtypes):
            return items.cast(_polars().Float64).to_numpy()  # type: ignore[no-any-return]
        return np.array(items.rows(), dtype=object).reshape(items.height, len(names))

    def cells(self, frame: Any, name: str) -> list[object]:
        return list(frame[name].to_list())

    def objects(self, frame: Any, name: str) -> NDArray[np.object_]:
        column = frame[name]
        if column.dtype == _polars().String:
            return column.to_numpy()  # type: ignore[no-any-return]
        return np.fromiter(column.to_list(), dtype=object, count=len(column))

    def numbers(self, frame: Any, name: str) -> NDArray[Any] | None:
        pl = _polars()
        column = frame[name]
        if column.dtype.is_numeric() or column.dtype in (pl.Date, pl.Datetime):
            return column.to_numpy()  # type: ignore[no-any-return]
        return None

    def ranks(self, frame: Any, name: str) -> NDArray[Any] | None:
        column = frame[name]
        if column.dtype != _polars().String or column.null_count():
            return None
        return column.rank("dense").to_numpy()  # type: ignore[no-any-return]

    def to_frame(self, scores: BatchScores, frame: Any, prefix: str | None) -> Any:
        return to_frame(scores, prefix=prefix)

    def with_status(self, out: Any, base: str, result: VisitStatus) -> Any:
        pl = _polars()
        return out.with_columns(
            pl.Series(f"{base}baseline", result.baseline, dtype=pl.Boolean),
            _texts(f"{base}status", STATUS_VALUES, result.status),
            pl.Series(f"{base}percent_change", result.percent_change, nan_to_null=True),
            _texts(f"{base}reason", REASON_VALUES, result.reason),
        )

    def defer(self, frame: Any, run: Callable[[Any], Any], *, streamable: bool) -> Any | None:
        pl = _polars()
        if not isinstance(frame, pl.LazyFrame):
            return None
        # Checked now, on an empty frame of the same schema; the result's schema is the plan's.
        empty = pl.DataFrame(schema=frame.collect_schema())
        schema = run(empty).schema
        return frame.map_batches(run, schema=schema, streamable=streamable)


_SCORER = _frames.FrameScorer(_Polars())

score_frame = _SCORER.score_frame
classify_visits = _SCORER.classify_visits
