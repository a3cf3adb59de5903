"""Example builders for instrument scores: responses, scores, baseline and follow-up.

They need neither hypothesis nor pytest. Every default is a fixed value (no
clock, no randomness unless an ``rng`` is passed), so a test that uses them
sees the same value on every run.
"""

from __future__ import annotations

import random

from ketacore.exceptions import ScoringError
from ketacore.instruments import Instrument, Responses, Score, get

__all__ = [
    "example_baseline_score",
    "example_followup_score",
    "example_responses",
    "example_score",
]


def _instrument(instrument: str | Instrument) -> Instrument:
    return instrument if isinstance(instrument, Instrument) else get(instrument)


def example_responses(
    instrument: str | Instrument = "phq9",
    *,
    total: int | None = None,
    rng: random.Random | None = None,
) -> list[int]:
    """Return complete item values on each item's own scale, adding up to *total*.

    Without *total*, every item is at the bottom of its scale. Without *rng*
    the points fill the items in order (item 1 first); with one they are
    spread over the items at random, reproducibly for a seeded generator.

    Items that raise a review flag when high (a :class:`~ketacore.instruments.CriticalItem`
    such as PHQ-9 item 9) stay below their threshold unless *total* cannot be
    reached otherwise; then as few of them as possible get only the points needed.

    >>> from ketacore.testing import example_responses
    >>> example_responses("phq9", total=5)
    [3, 2, 0, 0, 0, 0, 0, 0, 0]
    >>> example_responses("phq9", total=25)  # item 9 is needed for the last point
    [3, 3, 3, 3, 3, 3, 3, 3, 1]

    Raises:
        UnknownInstrumentError: no instrument has that id.
        ScoringError: *total* is outside the instrument's range, or it has no total.
    """
    inst = _instrument(instrument)
    values = [item.low for item in inst.items]
    if total is None:
        return values
    if inst.total_range is None:
        raise ScoringError(f"total: got {total!r}; {inst.short_name} has no total")
    low, high = inst.total_range
    if isinstance(total, bool) or not isinstance(total, int) or not low <= total <= high:
        raise ScoringError(
            f"total: got {total!r}; expected a whole number from {low} to {high} "
            f"for {inst.short_name}"
        )
    caps = _unflagged_caps(inst)
    # Which items carry points: every item of a summed domain, one item of a "max" domain
    # (one that raises no flag, where the domain has one).
    carriers: list[tuple[int, int]] = []  # (item index, weight)
    for domain in inst.rule.domains:
        numbers = list(domain.items)
        if domain.combine == "max":
            quiet = [n for n in numbers if caps[n - 1] == inst.items[n - 1].high] or numbers
            numbers = [rng.choice(quiet)] if rng is not None else quiet[:1]
        carriers.extend((number - 1, domain.weight) for number in numbers)
    remaining = total - low
    # First every carrier up to the highest value that raises no flag; then, only if the
    # total needs it, flagged items, one at a time, so as few flags as possible are raised.
    remaining = _fill(values, carriers, caps, remaining, rng)
    flagged = [(i, w) for i, w in carriers if caps[i] < inst.items[i].high]
    if rng is not None:
        rng.shuffle(flagged)
    for carrier in flagged:
        if remaining:
            remaining = _fill(values, [carrier], [item.high for item in inst.items], remaining, rng)
    if remaining:  # pragma: no cover - every catalogue instrument has unit weights
        raise ScoringError(f"total: {total} cannot be reached on {inst.short_name}")
    return values


def _unflagged_caps(inst: Instrument) -> list[int]:
    """The highest value of each item that raises none of the instrument's "at least" flags.

    A flag raised by low values (MOAA/S sedation, "at most") cannot be kept off by
    leaving points out, so it does not lower the cap.
    """
    caps = [item.high for item in inst.items]
    for rule in inst.critical_items:
        if rule.direction == "at_least":
            index = rule.item - 1
            caps[index] = max(inst.items[index].low, min(caps[index], rule.threshold - 1))
    return caps


def _fill(
    values: list[int],
    carriers: list[tuple[int, int]],
    caps: list[int],
    remaining: int,
    rng: random.Random | None,
) -> int:
    """Add up to *remaining* points to *carriers*, each up to its cap; return what is left."""
    if rng is None:
        for index, weight in carriers:
            step = max(0, min(remaining // weight, caps[index] - values[index]))
            values[index] += step
            remaining -= step * weight
        return remaining
    while remaining > 0:
        open_ = [(i, w) for i, w in carriers if values[i] < caps[i] and w <= remaining]
        if not open_:
            break
        index, weight = rng.choice(open_)
        values[index] += 1
        remaining -= weight
    return remaining


def example_score(
    instrument: str | Instrument = "phq9",
    *,
    total: int | None = None,
    values: Responses | None = None,
    rng: random.Random | None = None,
) -> Score:
    """Return a scored administration of *instrument* (an id or an :class:`Instrument`).

    Give *values* (any responses :meth:`Instrument.score` accepts) or a
    *total* (see :func:`example_responses`); with neither, every item is at
    the bottom of its scale.

    >>> from ketacore.testing import example_score
    >>> example_score("phq9", total=12).severity.label
    'moderate'

    Raises:
        UnknownInstrumentError: no instrument has that id.
        ScoringError: both *total* and *values* are given, or either is invalid.
    """
    inst = _instrument(instrument)
    if values is not None:
        if total is not None:
            raise ScoringError("total: got both total and values; expected one of them")
        return inst.score(values)
    return inst.score(example_responses(inst, total=total, rng=rng))


def _baseline_total(inst: Instrument) -> int:
    if inst.total_range is None:
        raise ScoringError(
            f"instrument: {inst.short_name} has no total, so it has no baseline or follow-up "
            "score; use example_score()"
        )
    low, high = inst.total_range
    return low + round(0.6 * (high - low))


def example_baseline_score(
    instrument: str | Instrument = "phq9",
    *,
    total: int | None = None,
    rng: random.Random | None = None,
) -> Score:
    """Return a pre-treatment score: by default 60 % of the way up the instrument's range.

    PHQ-9 16 (moderately severe), MADRS 36, HAM-D17 31.

    Raises:
        ScoringError: the instrument has no total, or *total* is outside its range.
    """
    inst = _instrument(instrument)
    chosen = _baseline_total(inst) if total is None else total
    return example_score(inst, total=chosen, rng=rng)


def example_followup_score(
    instrument: str | Instrument = "phq9",
    *,
    total: int | None = None,
    rng: random.Random | None = None,
) -> Score:
    """Return a score after treatment: by default about two thirds below the default baseline.

    PHQ-9 5, MADRS 12, HAM-D17 10: compared with :func:`example_baseline_score`,
    a response under the usual rule (a reduction of at least 50 %).

    Raises:
        ScoringError: the instrument has no total, or *total* is outside its range.
    """
    inst = _instrument(instrument)
    if total is None:
        low = inst.total_range[0] if inst.total_range is not None else 0
        total = low + (_baseline_total(inst) - low) // 3
    return example_score(inst, total=total, rng=rng)
