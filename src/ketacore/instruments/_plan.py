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
from typing import Any, Protocol

from attrs import frozen

from ketacore.exceptions import NotInInstrumentError
from ketacore.instruments._flags import CriticalItem, Flag
from ketacore.instruments._items import Item, _fail
from ketacore.instruments._rules import Band, BandSet, ProratingRule, ScoringRule, SkipRule

__all__ = [
    "BandTable",
    "CodeTerm",
    "Definition",
    "DomainTerm",
    "FlagCheck",
    "ScoringPlan",
    "compile_plan",
    "computed_range",
]


class Definition(Protocol):
    """The parts of an instrument definition a plan is compiled from.

    :class:`~ketacore.instruments.Instrument` has them; naming them here keeps this
    module below the instrument in the import graph.
    """

    @property
    def short_name(self) -> str: ...
    @property
    def items(self) -> tuple[Item, ...]: ...
    @property
    def rule(self) -> ScoringRule: ...
    @property
    def total_range(self) -> tuple[int, int] | None: ...
    @property
    def band_sets(self) -> tuple[BandSet, ...]: ...
    @property
    def critical_items(self) -> tuple[CriticalItem, ...]: ...
    @property
    def skip_rules(self) -> tuple[SkipRule, ...]: ...
    @property
    def prorating(self) -> ProratingRule | None: ...


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
    ``None`` raises nothing.
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
    The plan also keeps the definition parts the slow path reads (``name``,
    ``items``, ``skip_rules``, ``prorating``), so a scorer needs nothing else.
    """

    name: str  # the instrument's short name, for messages
    items: tuple[Item, ...]
    skip_rules: tuple[SkipRule, ...]
    prorating: ProratingRule | None
    n_items: int
    fast_length: int  # n_items for a fast plan, else -1 (no list has that length)
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
        raise NotInInstrumentError(  # pragma: no cover - callers pass the instrument's own
            f"{self.name} has no band set {band_set.name!r}; pass one of its band_sets"
        )


def compile_plan(inst: Definition) -> ScoringPlan:
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
        name=inst.short_name,
        items=items,
        skip_rules=inst.skip_rules,
        prorating=inst.prorating,
        n_items=len(items),
        fast_length=len(items) if fast else -1,
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


def _flag_check(inst: Definition, rule: CriticalItem) -> FlagCheck:
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


def _band_table(inst: Definition, band_set: BandSet) -> BandTable:
    assert inst.total_range is not None  # the definition checks that bands have a total
    low, high = inst.total_range
    index = [-1] * (high - low + 1)
    for position, band in enumerate(band_set.bands):
        for total in range(max(band.low, low), min(band.high, high) + 1):
            index[total - low] = position
    return BandTable(band_set, low, tuple(index))


def _severity(inst: Definition) -> tuple[Band | None, ...]:
    """The default band set's band for every total from 0, indexed by the total itself."""
    if not inst.band_sets or inst.total_range is None:
        return ()
    low, high = inst.total_range
    if low < 0:  # pragma: no cover - no shipped instrument has a negative total
        raise _fail(f"{inst.short_name}: a severity table needs totals from 0")
    return tuple(inst.band_sets[0].band_for(total) for total in range(high + 1))


def computed_range(rule: ScoringRule, items: tuple[Item, ...]) -> tuple[int, int] | None:
    """The ``(low, high)`` of the total under ``rule``, or ``None`` without a total.

    Special codes count with the points they score as.
    """
    if rule.kind == "none":
        return None
    low = high = 0
    for d in rule.domains:
        points = [_scored_points(items[i - 1]) for i in d.items]
        lows = [min(p) for p in points]
        highs = [max(p) for p in points]
        if d.combine == "sum":
            low += d.weight * sum(lows)
            high += d.weight * sum(highs)
        else:
            low += d.weight * max(lows)
            high += d.weight * max(highs)
    return (low, high)


def _scored_points(item: Item) -> list[int]:
    """The item's scale ends and the points its special codes score as."""
    return [item.low, item.high, *(c.scores_as for c in item.codes if c.scores_as is not None)]
