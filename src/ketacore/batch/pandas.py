"""Score the item columns of a pandas DataFrame (needs the optional ``pandas`` extra).

>>> import pandas as pd
>>> from ketacore.batch.pandas import score_frame
>>> frame = pd.DataFrame({f"phq9_{n}": [2, 3, None] for n in range(1, 10)})
>>> score_frame(frame, "phq9", missing="prorate")[["phq9_total", "phq9_band", "phq9_valid"]]
   phq9_total phq9_band  phq9_valid
0          18  moderately severe        True
1          27             severe        True
2        <NA>               NaN       False

pandas is imported only when this module is. ``score_frame`` and ``classify_visits`` are
written once for both libraries and behave as in :mod:`ketacore.batch.polars`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ketacore.batch import _frames
from ketacore.batch._columns import output_names
from ketacore.batch._result import BatchScores
from ketacore.batch._visits import VisitStatus

__all__ = ["classify_visits", "score_frame", "to_frame"]


def _pandas() -> Any:
    import pandas  # type: ignore[import-untyped, import-not-found, unused-ignore]

    return pandas


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

    def objects(self, frame: Any, name: str) -> NDArray[np.object_]:
        column = self._column(frame, name)
        return column.astype(object).where(column.notna(), None).to_numpy(dtype=object)  # type: ignore[no-any-return]

    def numbers(self, frame: Any, name: str) -> NDArray[Any] | None:
        column = self._column(frame, name)
        if isinstance(column.dtype, np.dtype) and column.dtype.kind in "iufM":
            return column.to_numpy()  # type: ignore[no-any-return]
        return None

    def ranks(self, frame: Any, name: str) -> NDArray[Any] | None:
        pd = _pandas()
        column = self._column(frame, name)
        if pd.api.types.infer_dtype(column, skipna=False) != "string":
            return None
        return pd.factorize(column, sort=True)[0]  # type: ignore[no-any-return]

    def to_frame(self, scores: BatchScores, frame: Any, prefix: str | None) -> Any:
        return to_frame(scores, index=frame.index, prefix=prefix)

    def with_status(self, out: Any, base: str, result: VisitStatus) -> Any:
        pd = _pandas()
        percent = result.percent_change
        out[f"{base}baseline"] = result.baseline.copy()
        out[f"{base}status"] = pd.Series(result.statuses(), index=out.index, dtype=object)
        out[f"{base}percent_change"] = pd.arrays.FloatingArray(percent.copy(), np.isnan(percent))
        out[f"{base}reason"] = pd.Series(result.reasons(), index=out.index, dtype=object)
        return out

    def defer(self, frame: Any, run: Callable[[Any], Any], *, streamable: bool) -> Any | None:
        return None


_SCORER = _frames.FrameScorer(_Pandas())

score_frame = _SCORER.score_frame
classify_visits = _SCORER.classify_visits
