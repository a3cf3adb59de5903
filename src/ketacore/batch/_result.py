"""The result of scoring a batch: frozen, with read-only numpy arrays."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from attrs import field, frozen
from numpy.typing import NDArray

from ketacore.instruments import BandSet, Instrument, MissingPolicy

__all__ = ["BatchScores", "RowError"]


@frozen
class RowError:
    """A row that could not be scored; the batch went on without it.

    Attributes:
        row: 0-based row index in the input.
        item: The item the problem is about, or ``None`` when it is about the
            whole row (too many missing items to prorate).
        reason: The message :meth:`Instrument.score` raises for the same row, e.g.
            ``"PHQ-9 item 3: got 4, expected an integer 0–3"``.
    """

    row: int
    item: int | None
    reason: str


def _instrument_repr(instrument: Instrument) -> str:
    return instrument.id


def _array_repr(array: NDArray[np.generic]) -> str:
    return f"<{array.dtype} array {array.shape}>"


def _sealed(array: NDArray[Any]) -> NDArray[Any]:
    """A read-only copy of ``array`` that no one can make writeable again.

    ``flags.writeable = False`` alone can be undone by whoever owns the buffer (the
    array itself, or the ``.base`` of a view). This copy's memory is an immutable
    ``bytes`` object, and numpy refuses ``writeable = True`` on an array whose
    buffer is read-only.
    """
    array = np.asarray(array)
    root: object = array
    while isinstance(root, np.ndarray) and not root.flags.writeable:
        root = root.base
    if isinstance(root, bytes):  # sealed already: nothing can unlock it
        return array
    if array.dtype == np.bool_ and not array.any():
        # All False (prorated, unanswered_flags, usually): zero-filled bytes need no copy.
        return np.frombuffer(bytes(array.size), dtype=np.bool_).reshape(array.shape)
    data = np.ascontiguousarray(array).tobytes()
    if not data:  # a size-0 array: slice a 1-element buffer, which is still read-only
        return np.frombuffer(bytes(array.dtype.itemsize), dtype=array.dtype)[:0].reshape(
            array.shape
        )
    return np.frombuffer(data, dtype=array.dtype).reshape(array.shape)


def _labels(risk: object) -> tuple[str | None, ...] | None:
    if risk is None:
        return None
    return tuple(np.asarray(risk, dtype=object).tolist())


def _object_view(owner: NDArray[np.object_]) -> NDArray[np.object_]:
    """A view of a fresh ``object`` array that refuses writes and ``writeable = True``.

    Object arrays cannot live in a ``bytes`` buffer, so each access builds a new
    one: its owner is read-only and only reachable as ``.base``, and unlocking that
    changes this copy alone, never the result it came from.
    """
    owner.flags.writeable = False
    view: NDArray[np.object_] = owner.view()
    return view


@frozen(eq=False)
class BatchScores:
    """Scores of many administrations of one instrument, as read-only numpy arrays.

    Row *i* of every array belongs to row *i* of the input. A row is either valid
    (scored) or listed in :attr:`errors`; an invalid row has no total, no band and
    no flags (neither raised nor unanswered): check :attr:`valid`.
    Every array is read-only and cannot be made writeable (``flags.writeable = True``
    raises), so the result is an immutable value.

    Attributes:
        instrument: The instrument scored.
        band_set: The band set used for :attr:`band`, or ``None`` without bands.
        missing: The missing-item policy used (``"strict"`` or ``"prorate"``).
        total: Totals as ``float64``; ``NaN`` where there is no total (an invalid
            row, an item recorded as not rated, or an instrument without a total).
        band: Index into ``band_set.bands`` (``int8``); ``-1`` where there is no band.
        flags: ``bool`` array of shape ``(rows, len(instrument.critical_items))``;
            column *j* is ``instrument.critical_items[j]``, ``True`` where it was raised.
        unanswered_flags: ``bool`` array shaped like :attr:`flags`: ``True`` where
            critical item *j* was not answered (missing, refused, a special code), so
            flag *j* is unknown, not negative
            (:attr:`~ketacore.instruments.FlagStatus.UNANSWERED`). A valid row's flag *j*
            is triggered, unanswered, or else not triggered.
        valid: ``True`` for rows that were scored.
        prorated: ``True`` for rows whose total was prorated for missing items.
        errors: One :class:`RowError` per invalid row, in row order.
    """

    instrument: Instrument = field(repr=_instrument_repr)
    band_set: BandSet | None = field(repr=False)
    missing: MissingPolicy
    total: NDArray[np.float64] = field(converter=_sealed, repr=_array_repr)
    band: NDArray[np.int8] = field(converter=_sealed, repr=_array_repr)
    flags: NDArray[np.bool_] = field(converter=_sealed, repr=_array_repr)
    unanswered_flags: NDArray[np.bool_] = field(converter=_sealed, repr=_array_repr)
    valid: NDArray[np.bool_] = field(converter=_sealed, repr=_array_repr)
    prorated: NDArray[np.bool_] = field(converter=_sealed, repr=_array_repr)
    errors: tuple[RowError, ...] = field(repr=lambda e: f"<{len(e)} row errors>")
    _risk: tuple[str | None, ...] | None = field(default=None, converter=_labels, repr=False)

    def __len__(self) -> int:
        return int(self.valid.shape[0])

    def __reduce__(self) -> tuple[Any, ...]:
        # Copies and pickles are rebuilt through __init__, so their arrays are sealed too.
        return (
            type(self),
            (
                self.instrument,
                self.band_set,
                self.missing,
                self.total,
                self.band,
                self.flags,
                self.unanswered_flags,
                self.valid,
                self.prorated,
                self.errors,
                self._risk,
            ),
        )

    @property
    def risk(self) -> NDArray[np.object_] | None:
        """Triage labels, for instruments with a :class:`~ketacore.instruments.Triage`.

        An ``object`` array (``None`` for invalid rows), or ``None`` for instruments
        without a triage. Each access returns a new read-only array.
        """
        if self._risk is None:
            return None
        labels = np.empty(len(self._risk), dtype=object)
        labels[:] = self._risk
        return _object_view(labels)

    @property
    def band_labels(self) -> NDArray[np.object_]:
        """Band label per row (a read-only ``object`` array; ``None`` where there is no band)."""
        if self.band_set is None:
            return _object_view(np.empty(len(self), dtype=object))
        names = np.array([b.label for b in self.band_set.bands] + [None], dtype=object)
        return _object_view(names[self.band])  # -1 picks the trailing None

    @property
    def flag_labels(self) -> tuple[str, ...]:
        """Label of each column of :attr:`flags` (from the critical items)."""
        return tuple(rule.label for rule in self.instrument.critical_items)

    @property
    def n_valid(self) -> int:
        """How many rows were scored."""
        return int(np.count_nonzero(self.valid))

    def to_rows(self) -> list[dict[str, object]]:
        """Return one plain dict per input row (tidy, JSON-friendly).

        Keys: ``row``, ``valid``, ``total`` (``int`` or ``None``), ``band`` (label or
        ``None``), ``prorated``, ``flags`` (labels of the flags raised),
        ``unanswered_critical_items`` (numbers of the critical items not answered,
        whose flags are unknown), ``error`` (the reason or ``None``), and ``risk``
        for instruments with a triage.
        """
        labels = self.band_labels.tolist()
        totals = self.total.tolist()
        valid = self.valid.tolist()
        prorated = self.prorated.tolist()
        rules = self.instrument.critical_items
        flagged = self.flags.tolist()
        blank = self.unanswered_flags.tolist()
        reasons = {e.row: e.reason for e in self.errors}
        risk = self._risk
        out: list[dict[str, object]] = []
        for i in range(len(self)):
            total = totals[i]
            row: dict[str, object] = {
                "row": i,
                "valid": valid[i],
                "total": None if math.isnan(total) else int(total),
                "band": labels[i],
                "prorated": prorated[i],
                "flags": tuple(r.label for r, on in zip(rules, flagged[i], strict=True) if on),
                "unanswered_critical_items": tuple(
                    sorted({r.item for r, on in zip(rules, blank[i], strict=True) if on})
                ),
                "error": reasons.get(i),
            }
            if risk is not None:
                row["risk"] = risk[i]
            out.append(row)
        return out
