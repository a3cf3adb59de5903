"""Score Arrow data: a ``pyarrow.Table`` or ``RecordBatch`` in, one of the same kind out.

Needs the optional ``arrow`` extra (pyarrow). Item columns are read from the Arrow
buffers without converting cells to Python objects (integer columns without nulls are
zero-copy views, so an ``int8`` export takes the kernel's fastest path); the result
holds only the score columns, built from numpy arrays.

>>> import pyarrow as pa
>>> from ketacore.batch.arrow import score_frame
>>> table = pa.table({f"phq9_{n}": pa.array([2, 3, None], pa.int8()) for n in range(1, 10)})
>>> out = score_frame(table, "phq9", missing="prorate")
>>> out.column("phq9_total").to_pylist(), out.column("phq9_band").to_pylist()
([18, 27, None], ['moderately severe', 'severe', None])

Because Arrow is the exchange format of Polars (``pl.from_arrow``, ``DataFrame.to_arrow``),
DuckDB (``.arrow()``, and it scans Arrow tables by name) and Spark (``mapInArrow``), the
same kernel serves all of them; see the batch-scoring guide. ``score_frame`` and
``classify_visits`` are written once for every library (:mod:`ketacore.batch._frames`)
and behave as in :mod:`ketacore.batch.pandas` and :mod:`ketacore.batch.polars`.
pyarrow is imported only when this module is.
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
from ketacore.exceptions import BatchError
from ketacore.instruments import Instrument
from ketacore.instruments._catalogue import resolve

__all__ = ["classify_visits", "schema", "score_frame", "to_arrow"]


def _pa() -> Any:
    import pyarrow  # type: ignore[import-untyped, import-not-found, unused-ignore]

    return pyarrow


def _columns(scores: BatchScores, prefix: str | None) -> tuple[list[str], list[Any]]:
    pa = _pa()
    inst = scores.instrument
    names = output_names(inst, prefix)
    blank = ~np.isfinite(scores.total)
    labels = _frames.band_labels(scores)
    band = scores.band
    indices = pa.array(band, type=pa.int8(), mask=band < 0)
    out_names = [names["total"], names["band"], names["valid"], names["prorated"]]
    arrays: list[Any] = [
        pa.array(np.where(blank, 0, scores.total).astype(np.int64), mask=blank),
        pa.DictionaryArray.from_arrays(indices, pa.array(labels, type=pa.string())),
        pa.array(scores.valid),
        pa.array(scores.prorated),
    ]
    for j in range(len(inst.critical_items)):
        out_names.append(names[f"flag{j}"])
        arrays.append(pa.array(scores.flags[:, j]))
    out_names.append(names["error"])
    arrays.append(pa.array(_frames.error_reasons(scores), type=pa.string()))
    if scores.risk is not None:
        out_names.append(names["risk"])
        arrays.append(pa.array(scores.risk.tolist(), type=pa.string()))
    return out_names, arrays


def to_arrow(scores: BatchScores, *, prefix: str | None = None) -> Any:
    """Return :class:`~ketacore.batch.BatchScores` as a ``pyarrow.Table`` (see :func:`score_frame`).

    Args:
        scores: The batch result.
        prefix: Prefix of the column names (default ``"<instrument id>_"``).
    """
    names, arrays = _columns(scores, prefix)
    return _pa().Table.from_arrays(arrays, names=names)


def schema(
    instrument: Instrument | str, *, prefix: str | None = None, band_set: str | None = None
) -> Any:
    """The ``pyarrow.Schema`` of :func:`score_frame`'s result for ``instrument``.

    Engines that run a function over record batches ask for the output schema up
    front (Spark's ``mapInArrow``); this is it, read from an empty batch's result.

    >>> [f"{f.name}: {f.type}" for f in schema("phq9")][:4]  # doctest: +NORMALIZE_WHITESPACE
    ['phq9_total: int64', 'phq9_band: dictionary<values=string, indices=int8, ordered=0>',
     'phq9_valid: bool', 'phq9_prorated: bool']
    """
    from ketacore.batch import score_array

    inst = resolve(instrument, error=BatchError)
    empty = score_array(inst, np.zeros((0, len(inst.items)), dtype=np.int8), band_set=band_set)
    return to_arrow(empty, prefix=prefix).schema


class _Arrow:
    """The Arrow side of :mod:`ketacore.batch._frames` (Tables and RecordBatches)."""

    kind = "pyarrow.Table or pyarrow.RecordBatch"
    cast_fix = "cast with pyarrow.compute.cast(column, pyarrow.int8())"

    def is_frame(self, frame: object) -> bool:
        pa = _pa()
        return isinstance(frame, pa.Table | pa.RecordBatch)

    def names(self, frame: Any) -> list[str]:
        return list(frame.schema.names)

    def is_boolean(self, frame: Any, name: str) -> bool:
        return bool(_pa().types.is_boolean(frame.schema.field(name).type))

    def values(self, frame: Any, names: Sequence[str]) -> NDArray[Any]:
        pa = _pa()
        columns = [frame.column(name) for name in names]
        types = [column.type for column in columns]
        if all(pa.types.is_integer(t) for t in types) and not any(c.null_count for c in columns):
            # Zero-copy views of single-chunk columns; one stack into the 2-D item array.
            return np.column_stack([c.to_numpy() for c in columns])
        if all(pa.types.is_integer(t) or pa.types.is_floating(t) for t in types):
            return np.column_stack(
                [c.to_numpy(zero_copy_only=False).astype(np.float64) for c in columns]
            )
        cells = [c.to_pylist() for c in columns]
        out = np.empty((len(frame), len(names)), dtype=object)
        for j, column in enumerate(cells):
            out[:, j] = column
        return out

    def cells(self, frame: Any, name: str) -> list[object]:
        return list(frame.column(name).to_pylist())

    def objects(self, frame: Any, name: str) -> NDArray[np.object_]:
        return np.fromiter(frame.column(name).to_pylist(), dtype=object, count=len(frame))

    def numbers(self, frame: Any, name: str) -> NDArray[Any] | None:
        pa = _pa()
        column = frame.column(name)
        t = column.type
        if pa.types.is_integer(t) or pa.types.is_floating(t):
            return column.to_numpy(zero_copy_only=False)  # type: ignore[no-any-return]
        if pa.types.is_date(t) or pa.types.is_timestamp(t):
            return column.to_numpy(zero_copy_only=False)  # type: ignore[no-any-return]
        return None

    def ranks(self, frame: Any, name: str) -> NDArray[Any] | None:
        pa = _pa()
        import pyarrow.compute as pc  # type: ignore[import-untyped, import-not-found, unused-ignore]

        column = frame.column(name)
        if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
            return None
        if column.null_count:
            return None
        return pc.rank(column, sort_keys="ascending", tiebreaker="dense").to_numpy()  # type: ignore[no-any-return]

    def to_frame(self, scores: BatchScores, frame: Any, prefix: str | None) -> Any:
        pa = _pa()
        names, arrays = _columns(scores, prefix)
        if isinstance(frame, pa.RecordBatch):
            return pa.RecordBatch.from_arrays(arrays, names=names)
        return pa.Table.from_arrays(arrays, names=names)

    def with_status(self, out: Any, base: str, result: VisitStatus) -> Any:
        pa = _pa()
        names = [*out.schema.names]
        arrays = [out.column(i) for i in range(out.num_columns)]
        names += [f"{base}baseline", f"{base}status", f"{base}percent_change", f"{base}reason"]
        arrays += [
            pa.array(result.baseline, type=pa.bool_()),
            pa.array(result.statuses(), type=pa.string()),
            pa.array(result.percent_change, mask=np.isnan(result.percent_change)),
            pa.array(result.reasons(), type=pa.string()),
        ]
        if isinstance(out, pa.RecordBatch):
            return pa.RecordBatch.from_arrays(arrays, names=names)
        return pa.Table.from_arrays(arrays, names=names)

    def defer(self, frame: Any, run: Callable[[Any], Any], *, streamable: bool) -> Any | None:
        return None


_SCORER = _frames.FrameScorer(_Arrow())

score_frame = _SCORER.score_frame
classify_visits = _SCORER.classify_visits
