"""The result of scoring a batch: frozen, with read-only numpy arrays."""

from __future__ import annotations

import math

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


@frozen(eq=False)
class BatchScores:
    """Scores of many administrations of one instrument, as read-only numpy arrays.

    Row *i* of every array belongs to row *i* of the input. A row is either valid
    (scored) or listed in :attr:`errors`; an invalid row has no total, no band and
    no flags.

    Attributes:
        instrument: The instrument scored.
        band_set: The band set used for :attr:`band`, or ``None`` without bands.
        missing: The missing-item policy used (``"strict"`` or ``"prorate"``).
        total: Totals as ``float64``; ``NaN`` where there is no total (an invalid
            row, an item recorded as not rated, or an instrument without a total).
        band: Index into ``band_set.bands`` (``int8``); ``-1`` where there is no band.
        flags: ``bool`` array of shape ``(rows, len(instrument.critical_items))``;
            column *j* is ``instrument.critical_items[j]``.
        valid: ``True`` for rows that were scored.
        prorated: ``True`` for rows whose total was prorated for missing items.
        errors: One :class:`RowError` per invalid row, in row order.
        risk (numpy.ndarray | None): Triage labels (an ``object`` array, ``None`` for
            invalid rows) for instruments with a :class:`~ketacore.instruments.Triage`,
            else ``None``.
    """

    instrument: Instrument = field(repr=_instrument_repr)
    band_set: BandSet | None = field(repr=False)
    missing: MissingPolicy
    total: NDArray[np.float64] = field(repr=_array_repr)
    band: NDArray[np.int8] = field(repr=_array_repr)
    flags: NDArray[np.bool_] = field(repr=_array_repr)
    valid: NDArray[np.bool_] = field(repr=_array_repr)
    prorated: NDArray[np.bool_] = field(repr=_array_repr)
    errors: tuple[RowError, ...] = field(repr=lambda e: f"<{len(e)} row errors>")
    risk: NDArray[np.object_] | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return int(self.valid.shape[0])

    @property
    def band_labels(self) -> NDArray[np.object_]:
        """Band label per row (an ``object`` array; ``None`` where there is no band)."""
        labels = np.empty(len(self), dtype=object)
        if self.band_set is None:
            return labels
        names = np.array([b.label for b in self.band_set.bands] + [None], dtype=object)
        out: NDArray[np.object_] = names[self.band]  # -1 picks the trailing None
        return out

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
        ``None``), ``prorated``, ``flags`` (labels of the flags raised), ``error``
        (the reason or ``None``), and ``risk`` for instruments with a triage.
        """
        labels = self.band_labels.tolist()
        totals = self.total.tolist()
        valid = self.valid.tolist()
        prorated = self.prorated.tolist()
        names = self.flag_labels
        flagged = self.flags.tolist()
        reasons = {e.row: e.reason for e in self.errors}
        risk = None if self.risk is None else self.risk.tolist()
        out: list[dict[str, object]] = []
        for i in range(len(self)):
            total = totals[i]
            row: dict[str, object] = {
                "row": i,
                "valid": valid[i],
                "total": None if math.isnan(total) else int(total),
                "band": labels[i],
                "prorated": prorated[i],
                "flags": tuple(n for n, on in zip(names, flagged[i], strict=True) if on),
                "error": reasons.get(i),
            }
            if risk is not None:
                row["risk"] = risk[i]
            out.append(row)
        return out
