"""The instrument: a rating scale as declarative data, validated when it is built.

The definition parts live in :mod:`._items`, :mod:`._rules`, :mod:`._criteria` and
:mod:`._flags`; the compiled scoring plan in :mod:`._plan`; scoring of unusual
input in :mod:`._scoring`; the result type in :mod:`._score`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from attrs import field, frozen

from ketacore._text import shown
from ketacore.exceptions import NotInInstrumentError
from ketacore.instruments import _scoring
from ketacore.instruments._criteria import (
    ChangeThreshold,
    Cutoff,
    RemissionRule,
    ResponseRule,
    SymptomPattern,
)
from ketacore.instruments._flags import CriticalItem, Triage
from ketacore.instruments._items import Item, MissingPolicy, Responses, _fail, _nonempty
from ketacore.instruments._plan import ScoringPlan, compile_plan
from ketacore.instruments._rules import (
    BandSet,
    Licence,
    ProratingRule,
    ScoringRule,
    SkipRule,
    Subscale,
)
from ketacore.instruments._score import Score, _trusted

__all__ = ["Instrument"]


def _check_numbers(owner: str, numbers: Sequence[int], n: int) -> None:
    for number in numbers:
        if not 1 <= number <= n:
            raise _fail(f"{owner}: item {number} does not exist (items are 1–{n})")


@frozen(eq=False, repr=False)
class Instrument:
    """A rating-scale instrument as declarative data; score it with :meth:`score`.

    Instances compare by identity. Build a variant (e.g. another flag threshold)
    with :func:`attrs.evolve`; it is validated again.

    Attributes:
        id: Lookup id, e.g. ``"phq9"``.
        short_name: Name used in messages, e.g. ``"PHQ-9"``.
        full_name: Full name and origin.
        variant: Variant of the instrument (recall window, item count, anchoring).
        completed_by: Who completes it (``"self-report"``, ``"clinician"``, ...).
        recall: Recall period.
        items: The items, numbered 1..n in order.
        rule: The :class:`ScoringRule`.
        total_range: ``(low, high)`` of the total, or ``None`` without a total.
        band_sets: Severity band sets; the first is the documented default.
        critical_items: Flag rules.
        subscales: Named item sums.
        remission_rules: Remission rules; the first is the default.
        response_rules: Response rules; the first is the default.
        cutoffs: Named total ranges (screening cut-offs and similar).
        change_thresholds: Meaningful changes between administrations.
        patterns: Diagnostic symptom patterns.
        skip_rules: Skip logic.
        triage: Risk triage for instruments without a total.
        prorating: Missing-item rule, or ``None`` (then only ``missing="strict"``).
        licence: Licence status.
        loinc_panel: LOINC panel code, where the reference gives one.
        loinc_total: LOINC total-score code, where the reference gives one.
        derived_from: Id of the instrument this form is derived from (PHQ-2, PHQ-8).
        sources: General citations.
        notes: Modelling decisions and caveats.
    """

    id: str = field(validator=_nonempty)
    short_name: str = field(validator=_nonempty)
    full_name: str = field(validator=_nonempty)
    variant: str = field(validator=_nonempty)
    completed_by: str = field(validator=_nonempty)
    recall: str = field(validator=_nonempty)
    items: tuple[Item, ...]
    rule: ScoringRule
    total_range: tuple[int, int] | None
    licence: Licence
    sources: tuple[str, ...]
    band_sets: tuple[BandSet, ...] = ()
    critical_items: tuple[CriticalItem, ...] = ()
    subscales: tuple[Subscale, ...] = ()
    remission_rules: tuple[RemissionRule, ...] = ()
    response_rules: tuple[ResponseRule, ...] = ()
    cutoffs: tuple[Cutoff, ...] = ()
    change_thresholds: tuple[ChangeThreshold, ...] = ()
    patterns: tuple[SymptomPattern, ...] = ()
    skip_rules: tuple[SkipRule, ...] = ()
    triage: Triage | None = None
    prorating: ProratingRule | None = None
    loinc_panel: str | None = None
    loinc_total: str | None = None
    derived_from: str | None = None
    notes: tuple[str, ...] = ()

    # The compiled scoring plan: the one private derived value (see _plan.compile_plan).
    _plan: ScoringPlan = field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        n = len(self.items)
        name = self.short_name
        if n == 0:
            raise _fail(f"{name}: no items")
        for position, item in enumerate(self.items, start=1):
            if item.number != position:
                raise _fail(f"{name}: item {item.number} at position {position}")
            if item.text is not None and not self.licence.item_text_allowed:
                raise _fail(f"{name}: item {position} has text but the licence forbids it")
        seen: list[int] = []
        for domain in self.rule.domains:
            _check_numbers(f"{name} domain {domain.name!r}", domain.items, n)
            seen.extend(domain.items)
        if len(seen) != len(set(seen)):
            raise _fail(f"{name}: an item is in more than one domain")
        for rule in self.critical_items:
            _check_numbers(f"{name} critical item", (rule.item,), n)
        for sub in self.subscales:
            _check_numbers(f"{name} subscale {sub.name!r}", sub.items, n)
        for pattern in self.patterns:
            for group in pattern.groups:
                _check_numbers(f"{name} pattern {pattern.name!r}", group.items, n)
        for skip in self.skip_rules:
            _check_numbers(f"{name} skip rule", (skip.gate, *skip.items), n)
        computed = self._computed_range()
        if computed != self.total_range:
            raise _fail(f"{name}: declared total range {self.total_range} != computed {computed}")
        if self.band_sets:
            if computed is None:
                raise _fail(f"{name}: severity bands need a total")
            for band_set in self.band_sets:
                if (band_set.bands[0].low, band_set.bands[-1].high) != computed:
                    raise _fail(f"{name}: band set {band_set.name!r} does not cover {computed}")
        plan = compile_plan(self)
        if self.prorating is not None and not plan.simple:
            raise _fail(f"{name}: prorating is defined only for a plain sum of every item")
        object.__setattr__(self, "_plan", plan)

    def _computed_range(self) -> tuple[int, int] | None:
        if self.rule.kind == "none":
            return None
        low = high = 0
        for d in self.rule.domains:
            lows = [self._scored_low(i) for i in d.items]
            highs = [self._scored_high(i) for i in d.items]
            if d.combine == "sum":
                low += d.weight * sum(lows)
                high += d.weight * sum(highs)
            else:
                low += d.weight * max(lows)
                high += d.weight * max(highs)
        return (low, high)

    def _scored_low(self, number: int) -> int:
        item = self.items[number - 1]
        points = [c.scores_as for c in item.codes if c.scores_as is not None]
        return min([item.low, *points])

    def _scored_high(self, number: int) -> int:
        item = self.items[number - 1]
        points = [c.scores_as for c in item.codes if c.scores_as is not None]
        return max([item.high, *points])

    def score(
        self,
        responses: Responses,
        *,
        missing: MissingPolicy = "strict",
    ) -> Score:
        """Score one administration.

        Args:
            responses: Item values in item order, or a mapping from 1-based item
                number to value. ``None`` marks a missing item.
            missing: ``"strict"`` (default) rejects missing items; ``"prorate"``
                applies the instrument's :attr:`prorating` rule.

        Returns:
            A :class:`~ketacore.instruments.Score` carrying the item values it was
            computed from.

        Raises:
            ScoringError: A value is of the wrong type or out of range, an item is
                unknown or missing, the count is wrong, or skip logic is violated.
        """
        # The one fast path: a complete list or tuple of on-scale integers for an
        # instrument whose total is sums and maxima of items. Everything else is
        # normalised, checked and scored by _scoring.score_responses.
        plan = self._plan
        if (
            (type(responses) is list or type(responses) is tuple)
            and plan.fast
            and len(responses) == plan.n_items
            and (missing == "strict" or missing == "prorate")
        ):
            values = tuple(responses)
            uniform = plan.uniform
            if uniform is not None:
                for value in values:
                    if type(value) is not int or value not in uniform:
                        break
                else:
                    if plan.simple:
                        return _trusted(self, values, sum(values))
                    return _trusted(self, values, _fast_total(plan, values))
            else:
                for value, allowed in zip(values, plan.allowed, strict=True):
                    if type(value) is not int or value not in allowed:
                        break
                else:
                    if plan.simple:
                        return _trusted(self, values, sum(values))
                    return _trusted(self, values, _fast_total(plan, values))
        return _scoring.score_responses(self, responses, missing)

    def __repr__(self) -> str:
        return f"<Instrument {self.id!r}: {self.short_name}, {self.variant}>"

    def item(self, number: int) -> Item:
        """Return item ``number`` (1-based).

        Raises:
            NotInInstrumentError: No such item (also a :class:`LookupError`).
        """
        if isinstance(number, bool) or not isinstance(number, int):
            raise NotInInstrumentError(
                f"{self.short_name}: item number {shown(number)} is not a whole number; "
                f"items are numbered 1–{len(self.items)}"
            )
        if not 1 <= number <= len(self.items):
            raise NotInInstrumentError(
                f"{self.short_name} has no item {number}; items are numbered 1–{len(self.items)}"
            )
        return self.items[number - 1]

    @property
    def bands(self) -> BandSet | None:
        """The default severity band set, or ``None``."""
        return self.band_sets[0] if self.band_sets else None

    def band_set(self, name: str | None = None) -> BandSet:
        """Return the band set called ``name`` (default: the documented default).

        Raises:
            NotInInstrumentError: The instrument has no such band set.
        """
        return _select(self.short_name, "band set", self.band_sets, name)

    def remission_rule(self, name: str | None = None) -> RemissionRule:
        """Return the remission rule called ``name`` (default: the first).

        Raises:
            NotInInstrumentError: The instrument has no such rule.
        """
        return _select(self.short_name, "remission rule", self.remission_rules, name)

    def response_rule(self, name: str | None = None) -> ResponseRule:
        """Return the response rule called ``name`` (default: the first).

        Raises:
            NotInInstrumentError: The instrument has no such rule.
        """
        return _select(self.short_name, "response rule", self.response_rules, name)


def _fast_total(plan: ScoringPlan, values: tuple[int, ...]) -> int:
    """The total of on-scale integer values under a fast plan with max-domains."""
    total: int = sum(map(values.__getitem__, plan.sum_indices))
    for getter in plan.max_getters:
        total += max(getter(values))
    return total


_T = TypeVar("_T", BandSet, RemissionRule, ResponseRule)


def _select(owner: str, what: str, choices: tuple[_T, ...], name: str | None) -> _T:
    if not choices:
        raise NotInInstrumentError(f"{owner} has no {what}; the reference gives none for it")
    if name is None:
        return choices[0]
    for choice in choices:
        if choice.name == name:
            return choice
    known = ", ".join(repr(c.name) for c in choices)
    raise NotInInstrumentError(
        f"{owner} has no {what} {shown(name)}; known: {known}; pass one of those"
    )
