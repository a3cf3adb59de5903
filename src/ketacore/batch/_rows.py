"""Reading a batch's input: arrays, masked arrays and lists of rows, as numbers or row by row.

:func:`as_array` checks the input's shape and dtype; :func:`numeric_rows` and
:func:`object_rows` give the numeric view the vectorised scorer reads, with the
rows it must hand to the single scorer marked, and a way to rebuild any row as
the Python values :meth:`Instrument.score` is given.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ketacore.batch._plan import Plan
from ketacore.exceptions import BatchError
from ketacore.instruments import Instrument, SourceCoding
from ketacore.instruments._scoring import _show  # the single scorer's way of showing values

__all__ = ["Rows", "as_array", "numeric_rows", "object_rows", "row_any", "row_count", "row_reader"]

_BoolArray = NDArray[np.bool_]
_NumArray = NDArray[Any]  # an integer or float array


def as_array(inst: Instrument, values: object) -> tuple[NDArray[np.generic], _BoolArray | None]:
    """Return ``(array, mask)``; ``mask`` is the masked-array mask (missing), if any."""
    mask: _BoolArray | None = None
    if isinstance(values, np.ma.MaskedArray):
        mask = np.ma.getmaskarray(values)
        array: NDArray[np.generic] = np.asarray(values.data)
    elif isinstance(values, np.ndarray):
        array = values
    elif isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise BatchError(
            f"values: got {_show(values)}; expected a 2-D numpy array (rows × "
            f"{len(inst.items)} {inst.short_name} items) or a list of rows"
        )
    else:
        # A list of rows is read element by element, exactly as Instrument.score reads it.
        try:
            array = (
                np.array(values, dtype=object)
                if len(values)
                else np.empty((0, len(inst.items)), dtype=object)
            )
        except ValueError:
            array = np.empty(0, dtype=object)
        if array.ndim != 2 and len(values) and all(isinstance(r, Sequence) for r in values):
            lengths = sorted({len(r) for r in values if isinstance(r, Sequence)})
            if len(lengths) > 1:
                raise BatchError(
                    f"values: rows have different lengths {lengths}; expected every row to "
                    f"have {len(inst.items)} {inst.short_name} items (None for a missing item)"
                )
    n = len(inst.items)
    if array.ndim != 2:
        fix = (
            "; for one administration use values.reshape(1, -1)"
            if array.ndim == 1 and array.shape[0] == n
            else ""
        )
        raise BatchError(
            f"values: got an array of shape {array.shape}; expected 2-D (rows, {n}) with one "
            f"column per {inst.short_name} item{fix}"
        )
    if array.shape[1] != n:
        raise BatchError(
            f"values: got {array.shape[1]} columns (shape {array.shape}); expected {n}, one per "
            f"{inst.short_name} item 1–{n} in order"
        )
    kind = array.dtype.kind
    if kind == "b":
        raise BatchError(
            f"values: got a boolean array; expected integers or floats (NaN = missing): "
            f"booleans are not {inst.short_name} item values; convert with .astype(int)"
        )
    if kind not in "iufOUS":
        raise BatchError(
            f"values: got an array of dtype {array.dtype}; expected integers, floats "
            "(NaN = missing) or objects"
        )
    if kind == "f" and array.itemsize > 8:
        raise BatchError(
            f"values: got an array of dtype {array.dtype}; expected integers or floats of at "
            "most 64 bits (NaN = missing); convert with .astype(np.float64)"
        )
    if not array.dtype.isnative:
        # The range checks reinterpret integer bytes (.view), which needs native order:
        # a big-endian 256 read as little-endian is 1. Scoring never writes to the input.
        array = array.astype(array.dtype.newbyteorder("="))
    if mask is not None and mask.shape != array.shape:  # pragma: no cover - numpy guarantees
        raise BatchError(f"values: mask shape {mask.shape} != data shape {array.shape}")
    return array, mask


def _python_value(x: object) -> object:
    """A numeric array element as the single scorer would be given it."""
    if isinstance(x, float):
        if math.isnan(x):
            return None
        if abs(x) < 2**53 and x == int(x):
            return int(x)
    return x


def _is_missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


class Rows:
    """The numeric view of a batch plus a way to rebuild any row as Python values.

    ``values`` is an integer or float array with missing entries set to 0;
    ``missing`` marks them (``None`` when nothing is missing); ``suspect`` marks rows
    the single scorer must look at whatever the vectorised checks say.
    """

    def __init__(
        self,
        values: _NumArray,
        missing: _BoolArray | None,
        suspect: _BoolArray,
        row: Callable[[int], list[object]],
    ) -> None:
        self.values = values
        self.missing = missing
        self.suspect = suspect
        self.row = row


def numeric_rows(
    plan: Plan,
    array: NDArray[np.generic],
    mask: _BoolArray | None,
    coding: SourceCoding | None,
) -> Rows:
    n_rows = array.shape[0]
    missing: _BoolArray | None = mask
    suspect = np.zeros(n_rows, dtype=bool)
    values: _NumArray = array
    offset = coding.offset if coding is not None else 0
    if array.dtype.kind == "f":
        with np.errstate(over="ignore", invalid="ignore"):  # inf - inf, float16 overflow
            total = float(np.sum(array))
        if not math.isfinite(total):
            nan = np.isnan(array)
            if nan.any():
                missing = nan if missing is None else (missing | nan)
        # Integral floats become small integers; anything else (1.5, inf, 1e300) makes
        # its row suspect, for the single scorer to reject with its own message.
        small = np.int8 if plan.fits_int8 and not offset else np.int64
        with np.errstate(invalid="ignore"):
            values = array.astype(small)
        if missing is None:
            if not np.array_equal(values, array):
                suspect |= row_any(values != array)
        else:
            suspect |= row_any((values != array) & ~missing)
    elif array.dtype == np.uint64 or (offset and array.itemsize < 8):
        values = array.astype(np.int64)
        if array.dtype == np.uint64:  # beyond int64: wrapped negative, so out of range
            suspect |= row_any(values < 0)
    if coding is not None:
        int_codes = [s.code for s in coding.sentinels if isinstance(s.code, int)]
        if int_codes:
            sentinel = np.isin(values, int_codes)
            if sentinel.any():
                missing = sentinel if missing is None else (missing | sentinel)
        if offset:
            values = values - offset
    if missing is not None:
        if missing.any():
            values = np.where(missing, 0, values)
        else:
            missing = None

    return Rows(values, missing, suspect, row_reader(array, mask, coding))


def row_reader(
    array: NDArray[np.generic], mask: _BoolArray | None, coding: SourceCoding | None
) -> Callable[[int], list[object]]:
    """Rebuild row ``i`` of a numeric array as the values ``Instrument.score`` is given."""

    def row(i: int) -> list[object]:
        raw: list[object] = [_python_value(x) for x in array[i].tolist()]
        if mask is not None:
            raw = [None if m else x for x, m in zip(raw, mask[i].tolist(), strict=True)]
        return list(coding.decode(raw)) if coding is not None else raw

    return row


_SAFE = 2**62


def object_rows(
    array: NDArray[np.generic], mask: _BoolArray | None, coding: SourceCoding | None
) -> Rows:
    n_rows, n_items = array.shape
    decoded: list[list[object]] = []
    values = np.zeros((n_rows, n_items), dtype=np.int64)
    missing = np.zeros((n_rows, n_items), dtype=bool)
    suspect = np.zeros(n_rows, dtype=bool)
    masked = mask.tolist() if mask is not None else None
    for i, raw in enumerate(array.tolist()):
        row: list[object] = [None if _is_missing(x) else x for x in raw]
        if masked is not None:
            row = [None if m else x for x, m in zip(row, masked[i], strict=True)]
        if coding is not None:
            row = list(coding.decode(row))
        decoded.append(row)
        for j, x in enumerate(row):
            if x is None:
                missing[i, j] = True
            elif (type(x) is int or isinstance(x, np.integer)) and -_SAFE < x < _SAFE:
                values[i, j] = x
            else:
                suspect[i] = True
    return Rows(values, missing if missing.any() else None, suspect, decoded.__getitem__)


def row_count(mask: _BoolArray) -> NDArray[np.integer[Any]]:
    """Number of true entries per row (a small-integer matrix product: fast for few columns)."""
    width = mask.shape[1]
    ones: NDArray[Any] = np.ones(width, dtype=np.uint8 if width < 256 else np.int64)
    counts: NDArray[np.integer[Any]] = mask.view(np.uint8) @ ones
    return counts


def row_any(mask: _BoolArray) -> _BoolArray:
    """Whether each row has a true entry."""
    out: _BoolArray = row_count(mask) != 0
    return out
