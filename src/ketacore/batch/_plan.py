"""A vectorisable plan read from one :class:`~ketacore.instruments.Instrument` definition.

Nothing here restates an instrument's rule: every number comes from the definition
(item ranges and special codes, ``rule.domains``, band sets, critical items, the
prorating rule), so batch and single scoring cannot drift apart.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from attrs import frozen
from numpy.typing import NDArray

from ketacore.instruments import BandSet, Instrument, ProratingRule

__all__ = ["Plan", "band_lookup", "plan_for", "row_by_row_reason"]


@frozen
class _Code:
    column: int
    value: int
    scores_as: int | None


@frozen
class _Flag:
    column: int
    threshold: int
    at_least: bool
    codes: tuple[int, ...]  # the item's special codes: not answers, so the flag is unanswered


@frozen
class _Domain:
    weight: int
    is_max: bool
    columns: tuple[int, ...]


@frozen(eq=False)
class Plan:
    """Tables derived from an instrument, in the shape numpy wants them."""

    n_items: int
    low: NDArray[np.int64]
    high: NDArray[np.int64]
    uniform: tuple[int, int] | None  # every item on the same scale, no codes
    codes: tuple[_Code, ...]
    domains: tuple[_Domain, ...]
    fits_int8: bool  # every item value and code fits in int8
    summed_fits_int8: bool  # every total of the summed domains fits in int8
    has_total: bool
    flags: tuple[_Flag, ...]
    prorating: ProratingRule | None
    row_by_row: str | None  # why the whole instrument is scored by the single scorer


def row_by_row_reason(inst: Instrument) -> str | None:
    """Why ``inst`` is scored row by row with :meth:`Instrument.score`, or ``None``."""
    if inst.skip_rules:
        return (
            f"{inst.short_name} has skip logic (a yes/no gate decides which items are asked), "
            "which is checked row by row"
        )
    if inst.rule.kind == "none" or inst.triage is not None:
        return f"{inst.short_name} has no total; its risk triage is computed row by row"
    return None


@lru_cache(maxsize=128)
def plan_for(inst: Instrument) -> Plan:
    """Return the (cached) vectorised plan of ``inst``."""
    items = inst.items
    low = np.array([item.low for item in items], dtype=np.int64)
    high = np.array([item.high for item in items], dtype=np.int64)
    codes = tuple(
        _Code(item.number - 1, code.value, code.scores_as) for item in items for code in item.codes
    )
    ranges = {(item.low, item.high) for item in items}
    uniform = next(iter(ranges)) if len(ranges) == 1 and not codes else None
    domains = tuple(
        _Domain(d.weight, d.combine == "max" and len(d.items) > 1, tuple(i - 1 for i in d.items))
        for d in inst.rule.domains
    )
    summed_low = summed_high = 0
    for d in domains:
        if not d.is_max:
            for column in d.columns:
                scored = list(range(items[column].low, items[column].high + 1))
                scored += [c.scores_as for c in codes if c.column == column and c.scores_as]
                summed_low += d.weight * min(0, *scored)
                summed_high += d.weight * max(0, *scored)
    flags = tuple(
        _Flag(
            rule.item - 1,
            rule.threshold,
            rule.direction == "at_least",
            tuple(c.value for c in items[rule.item - 1].codes),
        )
        for rule in inst.critical_items
    )
    return Plan(
        n_items=len(items),
        low=low,
        high=high,
        uniform=uniform,
        codes=codes,
        domains=domains,
        summed_fits_int8=summed_low >= -128 and summed_high <= 127,
        fits_int8=all(-128 <= v <= 127 for item in items for v in (*item.allowed, item.low)),
        has_total=inst.rule.kind != "none",
        flags=flags,
        prorating=inst.prorating,
        row_by_row=row_by_row_reason(inst),
    )


@lru_cache(maxsize=256)
def band_lookup(inst: Instrument, band_set: BandSet) -> tuple[int, NDArray[np.int8]]:
    """Return ``(offset, table)``: ``table[total - offset]`` is the band index (-1: none)."""
    assert inst.total_range is not None
    low, high = inst.total_range
    table = np.full(high - low + 1, -1, dtype=np.int8)
    for index, band in enumerate(band_set.bands):
        table[max(band.low, low) - low : min(band.high, high) - low + 1] = index
    table.flags.writeable = False
    return low, table
