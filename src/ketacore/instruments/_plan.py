"""One instrument's scoring plan: the tables every scorer reads, compiled once.

:func:`compile_plan` reads a validated :class:`~ketacore.instruments.Instrument`
and returns a frozen :class:`ScoringPlan`, kept in the instrument's one private
slot. Single scoring (``Instrument.score``), the derived results of
:class:`~ketacore.instruments.Score` and batch scoring (:mod:`ketacore.batch`)
all read this plan, so none of them restates a rule of the definition.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from attrs import frozen

from ketacore.instruments._flags import CriticalItem, Flag
from ketacore.instruments._items import _fail
from ketacore.instruments._rules import Band, BandSet

if TYPE_CHECKING:
    from ketacore.instruments._instrument import Instrument

__all__ = ["BandTable", "CodeTerm", "DomainTerm", "FlagCheck", "ScoringPlan", "compile_plan"]


@frozen
class DomainTerm:
    """One scoring-rule domain on 0-based item indices: ``weight * sum`` or ``weight * max``."""

    weight: int
    is_max: bool  # the highest of more than one item (QIDS-SR16 sleep); else the sum
    indices: tuple[int, ...]


@frozen
class CodeTerm:
    """A special code of one item and the points it scores (``None``: no total)."""

    index: int
    value: int
    scores_as: int | None


@frozen(eq=False)
class FlagCheck:
    """One critical item's rule in the form the scorers read.

    ``raised[value - low]`` is ``(Flag,)`` for each on-scale value that raises the
    flag and ``()`` for the others; a value off the scale (a special code) or
    ``None`` raises nothing. A tuple, so the plan stays immutable and picklable.
    """

    rule: CriticalItem
    index: int
    threshold: int
    at_least: bool
    low: int
    high: int
    codes: tuple[int, ...]  # the item's special codes: not answers, so the flag is unanswered
    raised: tuple[tuple[Flag, ...], ...]


@frozen(eq=False)
class BandTable:
    """One band set as a table: ``index[total - low]`` is the band's position (-1: none)."""

    band_set: BandSet
    low: int
    index: tuple[int, ...]


@frozen(eq=False)
class ScoringPlan:
    """The tables read by every scorer of one instrument, compiled from its definition.

    ``fast`` instruments (a plain weighted-by-one sum or sum-and-max rule over every
    item, no special codes, no skip logic) score a complete list of on-scale
    integers with ``sum`` and ``max`` alone; ``simple`` ones with ``sum`` alone.
    """

    n_items: int
    allowed: tuple[frozenset[int], ...]  # every integer each item accepts
    uniform: frozenset[int] | None  # every item accepts the same integers
    fast: bool
    simple: bool
    sum_indices: tuple[int, ...]  # summed items of a fast plan
    max_getters: tuple[Callable[[tuple[int, ...]], Any], ...]  # max-domains of a fast plan
    terms: tuple[DomainTerm, ...]
    codes: tuple[CodeTerm, ...]
    flags: tuple[FlagCheck, ...]
    band_tables: tuple[BandTable, ...]  # one per band set, in the instrument's order
    severity: tuple[Band | None, ...]  # the default band set indexed by the total; () if none
    has_total: bool

    def band_table(self, band_set: BandSet) -> BandTable:
        """The table of ``band_set``, one of the instrument's own band sets."""
        for table in self.band_tables:
            if table.band_set is band_set:
                return table
        for table in self.band_tables:
            if table.band_set == band_set:
                return table
        raise LookupError(band_set.name)  # pragma: no cover - callers pass the instrument's own


def compile_plan(inst: Instrument) -> ScoringPlan:
    """Compile the scoring plan of ``inst``, whose definition is already validated."""
    items = inst.items
    domains = inst.rule.domains
    allowed = tuple(item.allowed for item in items)
    codes = tuple(
        CodeTerm(item.number - 1, code.value, code.scores_as)
        for item in items
        for code in item.codes
    )
    terms = tuple(
        DomainTerm(d.weight, d.combine == "max" and len(d.items) > 1, tuple(i - 1 for i in d.items))
        for d in domains
    )
    sum_indices = tuple(i for t in terms if not t.is_max for i in t.indices)
    getters = tuple(itemgetter(*t.indices) for t in terms if t.is_max)
    covered = sorted(i for t in terms for i in t.indices)
    fast = (
        inst.rule.kind == "sum"
        and all(t.weight == 1 for t in terms)
        and not codes
        and not inst.skip_rules
        and covered == list(range(len(items)))
    )
    return ScoringPlan(
        n_items=len(items),
        allowed=allowed,
        uniform=allowed[0] if len(set(allowed)) == 1 else None,
        fast=fast,
        simple=fast and not getters,
        sum_indices=sum_indices,
        max_getters=getters,
        terms=terms,
        codes=codes,
        flags=tuple(_flag_check(inst, rule) for rule in inst.critical_items),
        band_tables=tuple(_band_table(inst, band_set) for band_set in inst.band_sets),
        severity=_severity(inst),
        has_total=inst.rule.kind != "none",
    )


def _flag_check(inst: Instrument, rule: CriticalItem) -> FlagCheck:
    item = inst.items[rule.item - 1]
    at_least = rule.direction == "at_least"
    raised = tuple(
        (Flag(rule, value),)
        if (value >= rule.threshold if at_least else value <= rule.threshold)
        else ()
        for value in range(item.low, item.high + 1)
    )
    return FlagCheck(
        rule=rule,
        index=rule.item - 1,
        threshold=rule.threshold,
        at_least=at_least,
        low=item.low,
        high=item.high,
        codes=tuple(code.value for code in item.codes),
        raised=raised,
    )


def _band_table(inst: Instrument, band_set: BandSet) -> BandTable:
    assert inst.total_range is not None  # the definition checks that bands have a total
    low, high = inst.total_range
    index = [-1] * (high - low + 1)
    for position, band in enumerate(band_set.bands):
        for total in range(max(band.low, low), min(band.high, high) + 1):
            index[total - low] = position
    return BandTable(band_set, low, tuple(index))


def _severity(inst: Instrument) -> tuple[Band | None, ...]:
    """The default band set's band for every total from 0, indexed by the total itself."""
    if not inst.band_sets or inst.total_range is None:
        return ()
    low, high = inst.total_range
    if low < 0:  # pragma: no cover - no shipped instrument has a negative total
        raise _fail(f"{inst.short_name}: a severity table needs totals from 0")
    return tuple(inst.band_sets[0].band_for(total) for total in range(high + 1))
