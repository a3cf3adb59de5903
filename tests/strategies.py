"""Hypothesis strategies and helpers shared by the instrument tests (not a test module)."""

from __future__ import annotations

from hypothesis import strategies as st

from ketacore.instruments import Instrument


def responses_for_total(inst: Instrument, total: int) -> list[int]:
    """Build in-scale item values whose total is ``total`` (all items start at their low)."""
    values = [item.low for item in inst.items]
    remaining = total - _base(inst)
    for domain in inst.rule.domains:
        numbers = domain.items if domain.combine == "sum" else domain.items[:1]
        for number in numbers:
            item = inst.items[number - 1]
            step = min(remaining // domain.weight, item.high - item.low)
            values[number - 1] += step
            remaining -= step * domain.weight
    assert remaining == 0, f"cannot reach {total} on {inst.id}"
    return values


def _base(inst: Instrument) -> int:
    total = 0
    for domain in inst.rule.domains:
        lows = [inst.items[i - 1].low for i in domain.items]
        total += domain.weight * (max(lows) if domain.combine == "max" else sum(lows))
    return total


def item_values(inst: Instrument) -> st.SearchStrategy[list[int]]:
    """Draw a complete response on each item's own scale (no special codes)."""
    return st.tuples(*(st.integers(item.low, item.high) for item in inst.items)).map(list)
