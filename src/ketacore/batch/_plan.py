"""The numpy form of an instrument's compiled scoring plan.

Nothing here restates an instrument's rule: the domains, special codes, critical-item
checks and band tables are the instrument's own compiled plan
(:mod:`ketacore.instruments._plan`), the one single scoring and ``Score`` read, so
batch and single scoring cannot drift apart. This module only adds what numpy needs
(item bounds as arrays, the narrowest safe integer type, band tables as arrays).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from attrs import frozen
from numpy.typing import NDArray

from ketacore.instruments import BandSet, Instrument, ProratingRule
from ketacore.instruments._plan import CodeTerm, DomainTerm, FlagCheck

__all__ = ["Plan", "band_lookup", "plan_for", "row_by_row_reason"]


@frozen(eq=False)
class Plan:
    """Tables derived from an instrument, in the shape numpy wants them."""

    n_items: int
    low: NDArray[np.int64]
    high: NDArray[np.int64]
    uniform: tuple[int, int] | None  # every item on the same scale, no codes
    codes: tuple[CodeTerm, ...]
    domains: tuple[DomainTerm, ...]
    fits_int8: bool  # every item value and code fits in int8
    summed_fits_int8: bool  # every total of the summed domains fits in int8
    has_total: bool
    flags: tuple[FlagCheck, ...]
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
    compiled = inst._plan
    low = np.array([item.low for item in items], dtype=np.int64)
    high = np.array([item.high for item in items], dtype=np.int64)
    codes = compiled.codes
    ranges = {(item.low, item.high) for item in items}
    uniform = next(iter(ranges)) if len(ranges) == 1 and not codes else None
    summed_low = summed_high = 0
    for term in compiled.terms:
        if not term.is_max:
            for column in term.indices:
                scored = list(range(items[column].low, items[column].high + 1))
                scored += [c.scores_as for c in codes if c.index == column and c.scores_as]
                summed_low += term.weight * min(0, *scored)
                summed_high += term.weight * max(0, *scored)
    return Plan(
        n_items=len(items),
        low=low,
        high=high,
        uniform=uniform,
        codes=codes,
        domains=compiled.terms,
        summed_fits_int8=summed_low >= -128 and summed_high <= 127,
        fits_int8=all(-128 <= v <= 127 for item in items for v in (*item.allowed, item.low)),
        has_total=compiled.has_total,
        flags=compiled.flags,
        prorating=inst.prorating,
        row_by_row=row_by_row_reason(inst),
    )


@lru_cache(maxsize=256)
def band_lookup(inst: Instrument, band_set: BandSet) -> tuple[int, NDArray[np.int8]]:
    """Return ``(offset, table)``: ``table[total - offset]`` is the band index (-1: none)."""
    compiled = inst._plan.band_table(band_set)
    table = np.array(compiled.index, dtype=np.int8)
    table.flags.writeable = False
    return compiled.low, table
