"""Declarative, frozen definitions of rating-scale instruments.

Everything here is data, validated when it is built.
Scoring lives in :mod:`ketacore.instruments._scoring`; the result type in
:mod:`ketacore.instruments._score`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from operator import itemgetter
from typing import Any, Literal, TypeAlias, TypeVar

from attrs import field, frozen

from ketacore._text import shown
from ketacore.exceptions import NotInInstrumentError, ValidationError
from ketacore.instruments import _scoring
from ketacore.instruments._score import Score, _trusted

__all__ = [
    "Band",
    "BandSet",
    "ChangeThreshold",
    "CompanionCriterion",
    "CriticalItem",
    "Cutoff",
    "Domain",
    "Instrument",
    "Item",
    "Licence",
    "MissingPolicy",
    "PatternGroup",
    "ProratingRule",
    "RemissionRule",
    "ResponseRule",
    "Responses",
    "RiskTier",
    "ScoringRule",
    "SkipRule",
    "SpecialCode",
    "Subscale",
    "SymptomPattern",
    "Triage",
    "Value",
]

Value: TypeAlias = int | str | None
"""One recorded item value: an integer, a lettered option (BDI-II ``"2b"``) or ``None``."""

Responses: TypeAlias = (
    Sequence[Value] | Mapping[int, Value] | Mapping[str, Value] | Mapping[int | str, Value]
)
"""Item values in item order, or a mapping from item number (or ``"16A"``-style key) to value."""

MissingPolicy: TypeAlias = Literal["strict", "prorate"]
"""How :meth:`Instrument.score` treats a missing (``None``) item.

``"strict"`` (the default) rejects it.
``"prorate"`` applies the instrument's :class:`ProratingRule`, if it has one.
"""


def _fail(message: str) -> ValidationError:
    return ValidationError(message)


def _nonempty(_inst: object, attribute: Any, value: str) -> None:
    if not value.strip():
        raise _fail(f"{attribute.name}: must be a non-empty string")


@frozen
class SpecialCode:
    """A recorded item value that is not a point on the item's scale.

    Attributes:
        value: The code as recorded, outside the item's ``low``–``high`` range.
        meaning: What the code records, e.g. ``"not assessed"``.
        scores_as: Points the code contributes to the total, or ``None`` when the
            code means the item was not rated (then there is no total).
        source: Where the convention comes from.
    """

    value: int
    meaning: str = field(validator=_nonempty)
    scores_as: int | None
    source: str = field(validator=_nonempty)


@frozen
class Item:
    """One item of an instrument.

    Attributes:
        number: 1-based item number, as printed on the form.
        label: Short label (e.g. ``"anhedonia"``); never the copyrighted item wording.
        low: Lowest point on the item's scale.
        high: Highest point on the item's scale.
        text: Item wording, only for instruments whose licence allows shipping it.
        codes: Extra recorded values with a special meaning (see :class:`SpecialCode`).
        options: Lettered response options accepted as strings (BDI-II items 16 and 18,
            e.g. ``"2b"``); each scores by its leading digit and the letter is kept.
        forms: Alternative forms of the item (HAM-D17 item 16: ``("A", "B")``);
            a mapping key such as ``"16A"`` records which form was rated.
        loinc: LOINC code of the item, where the reference gives one.
    """

    number: int
    label: str = field(validator=_nonempty)
    low: int
    high: int
    text: str | None = None
    codes: tuple[SpecialCode, ...] = ()
    options: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    loinc: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.number < 1:
            raise _fail(f"item number must be >= 1, got {self.number}")
        if self.low > self.high:
            raise _fail(f"item {self.number}: low {self.low} > high {self.high}")
        for code in self.codes:
            if self.low <= code.value <= self.high:
                raise _fail(f"item {self.number}: special code {code.value} is inside the scale")
        for option in self.options:
            if (
                not option
                or not option[0].isdigit()
                or not (self.low <= int(option[0]) <= self.high)
            ):
                raise _fail(f"item {self.number}: option {option!r} must start with a valid digit")

    @property
    def allowed(self) -> frozenset[int]:
        """Every integer this item accepts: its scale plus its special codes."""
        return frozenset(range(self.low, self.high + 1)) | {c.value for c in self.codes}

    def describe_range(self) -> str:
        """Describe the accepted values for error messages, e.g. ``"an integer 0–3"``."""
        text = f"an integer {self.low}–{self.high}"
        if self.codes:
            text += " (" + ", ".join(f"{c.value} = {c.meaning}" for c in self.codes) + ")"
        if self.options:
            text += " or one of " + ", ".join(repr(o) for o in self.options)
        return text


@frozen
class Band:
    """An inclusive range of totals with a label, e.g. PHQ-9 10–14 ``"moderate"``.

    Attributes:
        low: Lowest total in the band.
        high: Highest total in the band.
        label: Band name.
    """

    low: int
    high: int
    label: str = field(validator=_nonempty)

    def __attrs_post_init__(self) -> None:
        if self.low > self.high:
            raise _fail(f"band {self.label!r}: low {self.low} > high {self.high}")

    def __contains__(self, total: object) -> bool:
        return isinstance(total, int) and self.low <= total <= self.high


@frozen
class BandSet:
    """A complete, ordered set of severity bands from one source.

    Attributes:
        name: Short name used to select the set, e.g. ``"camcops"``.
        bands: Contiguous bands in increasing order.
        source: Citation.
        note: Caveats (e.g. low confidence).
    """

    name: str = field(validator=_nonempty)
    bands: tuple[Band, ...]
    source: str = field(validator=_nonempty)
    note: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.bands:
            raise _fail(f"band set {self.name!r} is empty")
        for before, after in zip(self.bands, self.bands[1:], strict=False):
            if after.low != before.high + 1:
                raise _fail(f"band set {self.name!r}: {before} and {after} are not contiguous")

    def band_for(self, total: int) -> Band | None:
        """Return the band containing ``total``, or ``None`` if it is outside every band."""
        for band in self.bands:
            if band.low <= total <= band.high:
                return band
        return None


@frozen
class Domain:
    """A group of items that contributes one term to the total.

    Attributes:
        name: Domain name, e.g. ``"sleep"``.
        items: Item numbers in the domain.
        combine: ``"sum"`` adds the items; ``"max"`` takes the highest (QIDS-SR16).
        weight: Multiplier applied to the domain's value.
    """

    name: str = field(validator=_nonempty)
    items: tuple[int, ...]
    combine: Literal["sum", "max"] = "sum"
    weight: int = 1


@frozen
class ScoringRule:
    """How a total is computed from item values: declarative, so it can be vectorised.

    ``total = sum(domain.weight * combine(domain items))`` after each item's
    special codes are replaced by their ``scores_as`` points.
    ``kind="none"`` means the instrument has no total (C-SSRS screener).

    Attributes:
        kind: ``"sum"`` or ``"none"``.
        domains: The domains; every scored item is in exactly one.
        description: One-line human description.
        source: Citation.
    """

    kind: Literal["sum", "none"]
    domains: tuple[Domain, ...]
    description: str = field(validator=_nonempty)
    source: str = field(validator=_nonempty)

    @classmethod
    def plain_sum(cls, n_items: int, source: str) -> ScoringRule:
        """Build the common rule "total = sum of items 1..n"."""
        return cls(
            "sum",
            (Domain("total", tuple(range(1, n_items + 1))),),
            f"sum of items 1–{n_items}",
            source,
        )


@frozen
class CriticalItem:
    """An item whose value raises a review flag.

    The flag is read on the item's scale: when the item has no value there (missing,
    refused, or a special code such as "not assessed"), the flag is
    :attr:`~ketacore.instruments.FlagStatus.UNANSWERED`, never "not triggered"
    (see :attr:`~ketacore.instruments.Score.flag_statuses`).

    Attributes:
        item: Item number.
        threshold: Value at which the flag is raised.
        label: What the flag means, e.g. ``"suicide-risk review"``.
        source: Citation, or ``"clinic policy"`` where no source sets the threshold.
        direction: ``"at_least"`` (value >= threshold) or ``"at_most"`` (value <= threshold,
            e.g. MOAA/S sedation).
    """

    item: int
    threshold: int
    label: str = field(validator=_nonempty)
    source: str = field(validator=_nonempty)
    direction: Literal["at_least", "at_most"] = "at_least"

    def is_triggered_by(self, value: int) -> bool:
        """Return whether an item value raises this flag."""
        if self.direction == "at_least":
            return value >= self.threshold
        return value <= self.threshold


@frozen
class Subscale:
    """A named sum of items reported alongside the total (e.g. Y-BOCS obsessions).

    Attributes:
        name: Subscale name.
        items: Item numbers summed.
        source: Citation.
    """

    name: str = field(validator=_nonempty)
    items: tuple[int, ...]
    source: str = field(validator=_nonempty)


@frozen
class CompanionCriterion:
    """A condition on another instrument that a rule also requires (e.g. CGI-I <= 2).

    Attributes:
        instrument: Id of the other instrument, e.g. ``"cgi_i"``.
        max_total: The other instrument's total must be at most this.
        source: Citation.
    """

    instrument: str = field(validator=_nonempty)
    max_total: int
    source: str = field(validator=_nonempty)


def _course_types(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, (tuple, list, frozenset, set)):
        raise ValidationError(
            f"course_types: got {value!r}; expected a tuple of course types such as "
            "('iv_ketamine',)"
        )
    return tuple(value)


@frozen
class RemissionRule:
    """Remission as data: the current total is at most ``max_total`` (plus companions).

    Attributes:
        name: Selector, e.g. ``"esketamine"``.
        max_total: Highest total that counts as remission.
        source: Citation.
        companions: Conditions on other instruments that must also hold.
        note: Caveats.
        min_baseline: Lowest baseline (index) total for which the rule applies
            (PHQ-9, CMS159: index > 9, so 10), or ``None``. Below it remission is
            not evaluable under this rule, never "remission".
        course_types: The course types (drug and route, e.g. ``"iv_ketamine"``,
            see :func:`ketacore.response.course_type`) for which this rule is the
            one used; the first rule is used for every other course and when the
            drug is not known.
    """

    name: str = field(validator=_nonempty)
    max_total: int
    source: str = field(validator=_nonempty)
    companions: tuple[CompanionCriterion, ...] = ()
    note: str = ""
    min_baseline: int | None = None
    course_types: tuple[str, ...] = field(default=(), converter=_course_types)


@frozen
class ResponseRule:
    """Response as data: a reduction from baseline of at least ``min_reduction_percent``.

    Percent change = (baseline − current) / baseline × 100 (undefined for baseline 0).

    Attributes:
        name: Selector, e.g. ``"standard"``.
        min_reduction_percent: Smallest reduction, in percent, that counts as response.
        source: Citation.
        min_baseline: Lowest baseline total for which the rule applies (PHQ-9: index > 9,
            so 10), or ``None``.
        companions: Conditions on other instruments that must also hold.
        note: Caveats.
        course_types: The course types for which this rule is the one used (as for
            :class:`RemissionRule`); the first rule is used otherwise.
    """

    name: str = field(validator=_nonempty)
    min_reduction_percent: int
    source: str = field(validator=_nonempty)
    min_baseline: int | None = None
    companions: tuple[CompanionCriterion, ...] = ()
    note: str = ""
    course_types: tuple[str, ...] = field(default=(), converter=_course_types)


@frozen
class Cutoff:
    """A named inclusive range of totals with a meaning (screening cut-off, entry limit).

    Attributes:
        name: What the range means, e.g. ``"screen positive"``.
        low: Lowest total in the range.
        high: Highest total in the range.
        source: Citation.
    """

    name: str = field(validator=_nonempty)
    low: int
    high: int
    source: str = field(validator=_nonempty)

    def __contains__(self, total: object) -> bool:
        return isinstance(total, int) and self.low <= total <= self.high


@frozen
class ChangeThreshold:
    """A change in total between two administrations that has a meaning.

    Attributes:
        name: e.g. ``"reliable change"``.
        min_change: Smallest absolute change in points.
        source: Citation.
        min_total: For event rules (CADSS dissociation): lowest current total, else ``None``.
    """

    name: str = field(validator=_nonempty)
    min_change: int
    source: str = field(validator=_nonempty)
    min_total: int | None = None


@frozen
class PatternGroup:
    """Part of a :class:`SymptomPattern`: how many of ``items`` must be endorsed.

    Attributes:
        items: Item numbers.
        min_count: Fewest endorsed items.
        max_count: Most endorsed items, or ``None`` for no limit.
    """

    items: tuple[int, ...]
    min_count: int
    max_count: int | None = None


@frozen
class SymptomPattern:
    """A diagnostic symptom-count pattern (PCL-5 DSM-5 pattern, PHQ-9 syndromes).

    An item is endorsed when its value is at least ``threshold`` (or its override).

    Attributes:
        name: Pattern name.
        threshold: Endorsement threshold for every item.
        groups: All groups must be satisfied.
        source: Citation.
        item_thresholds: ``(item, threshold)`` overrides, e.g. PHQ-9 item 9 counts at 1.
    """

    name: str = field(validator=_nonempty)
    threshold: int
    groups: tuple[PatternGroup, ...]
    source: str = field(validator=_nonempty)
    item_thresholds: tuple[tuple[int, int], ...] = ()


@frozen
class SkipRule:
    """Skip logic: ``items`` are asked only when item ``gate`` is answered ``1`` (yes).

    When the gate is 0 the dependent items must be ``None`` or ``0``; when it is 1 they
    must be answered. Anything else is an inconsistent response.

    Attributes:
        gate: The gating item number.
        items: The dependent item numbers.
        source: Citation.
    """

    gate: int
    items: tuple[int, ...]
    source: str = field(validator=_nonempty)


@frozen
class RiskTier:
    """A triage tier: reached when any ``(item, value)`` pair in ``any_of`` matches.

    Attributes:
        label: Tier label, e.g. ``"high"``.
        any_of: ``(item number, value)`` pairs.
        source: Citation.
    """

    label: str = field(validator=_nonempty)
    any_of: tuple[tuple[int, int], ...]
    source: str = field(validator=_nonempty)


@frozen
class Triage:
    """Risk triage without a total: the first matching tier wins, else ``otherwise``.

    Attributes:
        tiers: Tiers from highest to lowest risk.
        otherwise: Label when no tier matches.
        source: Citation for ``otherwise``.
    """

    tiers: tuple[RiskTier, ...]
    otherwise: str = field(validator=_nonempty)
    source: str = field(validator=_nonempty)

    def classify(self, values: Sequence[int | None]) -> str:
        """Return the tier label for item values (item *n* at index *n* − 1)."""
        for tier in self.tiers:
            for number, wanted in tier.any_of:
                if values[number - 1] == wanted:
                    return tier.label
        return self.otherwise


@frozen
class ProratingRule:
    """A published rule for scoring with missing items.

    Missing items are replaced by the mean of the answered items, so the exact total
    is ``sum(answered) * n_items / n_answered``; it is then rounded to an integer.
    The NHS Data Dictionary does not state a rounding [?], so it is a parameter.

    Attributes:
        max_missing: Most missing items that can be prorated.
        source: Citation.
        rounding: ``"half_up"`` (default: ``x.5`` goes up), ``"half_even"``
            (Python's :func:`round`), ``"floor"`` or ``"ceil"``.
    """

    max_missing: int
    source: str = field(validator=_nonempty)
    rounding: Literal["half_up", "half_even", "floor", "ceil"] = "half_up"

    def round(self, exact: Fraction) -> int:
        """Round an exact prorated total with this rule's rounding."""
        if self.rounding == "half_up":
            return math.floor(exact + Fraction(1, 2))
        if self.rounding == "half_even":
            return round(exact)
        if self.rounding == "floor":
            return math.floor(exact)
        return math.ceil(exact)


@frozen
class Licence:
    """Licence status and whether item wording may be shipped.

    Attributes:
        status: ``"free"``, ``"public domain"``, ``"copyrighted"`` or ``"unclear"``.
        item_text_allowed: Whether ketacore may ship item wording.
        note: Details.
        source: Citation.
    """

    status: Literal["free", "public domain", "copyrighted", "unclear"]
    item_text_allowed: bool
    note: str = field(validator=_nonempty)
    source: str = field(validator=_nonempty)


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

    # Tables precomputed at definition time so scoring is a few tight loops.
    _allowed: tuple[frozenset[int], ...] = field(init=False, repr=False)
    _fast: bool = field(init=False, repr=False)
    _n_items: int = field(init=False, repr=False)
    _uniform: frozenset[int] | None = field(init=False, repr=False)
    _flag_checks: tuple[tuple[int, int, bool, CriticalItem, int, int], ...] = field(
        init=False, repr=False
    )
    _simple: bool = field(init=False, repr=False)
    _sum_idx: tuple[int, ...] = field(init=False, repr=False)
    _max_getters: tuple[Any, ...] = field(init=False, repr=False)
    _weighted: tuple[tuple[int, bool, tuple[int, ...]], ...] = field(init=False, repr=False)
    _has_codes: bool = field(init=False, repr=False)
    _band_table: tuple[Band | None, ...] = field(init=False, repr=False)

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
        table: list[Band | None] = []
        if self.band_sets:
            if computed is None:
                raise _fail(f"{name}: severity bands need a total")
            for band_set in self.band_sets:
                if (band_set.bands[0].low, band_set.bands[-1].high) != computed:
                    raise _fail(f"{name}: band set {band_set.name!r} does not cover {computed}")
            # Indexed by the total itself (totals are never negative).
            table = [self.band_sets[0].band_for(t) for t in range(computed[1] + 1)]
        domains = self.rule.domains
        sum_idx: list[int] = []
        getters: list[Any] = []
        for d in domains:
            if d.combine == "sum" or len(d.items) == 1:
                sum_idx.extend(i - 1 for i in d.items)
            else:
                getters.append(itemgetter(*(i - 1 for i in d.items)))
        setattr_ = object.__setattr__
        allowed = tuple(item.allowed for item in self.items)
        setattr_(self, "_allowed", allowed)
        setattr_(self, "_n_items", n)
        setattr_(self, "_uniform", allowed[0] if len(set(allowed)) == 1 else None)
        setattr_(
            self,
            "_flag_checks",
            tuple(
                (
                    r.item - 1,
                    r.threshold,
                    r.direction == "at_least",
                    r,
                    self.items[r.item - 1].low,
                    self.items[r.item - 1].high,
                )
                for r in self.critical_items
            ),
        )
        setattr_(self, "_has_codes", any(item.codes for item in self.items))
        setattr_(self, "_sum_idx", tuple(sum_idx))
        setattr_(self, "_max_getters", tuple(getters))
        setattr_(
            self,
            "_weighted",
            tuple((d.weight, d.combine == "max", tuple(i - 1 for i in d.items)) for d in domains),
        )
        fast = (
            self.rule.kind == "sum"
            and all(d.weight == 1 for d in domains)
            and not self._has_codes
            and not self.skip_rules
            and sorted(seen) == list(range(1, n + 1))
        )
        simple = fast and not getters
        setattr_(self, "_fast", fast)
        setattr_(self, "_simple", simple)
        if self.prorating is not None and not simple:
            raise _fail(f"{name}: prorating is defined only for a plain sum of every item")
        setattr_(self, "_band_table", tuple(table))

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
        # Fast path: a complete list/tuple of in-scale ints; everything else is _scoring's.
        if (
            (type(responses) is list or type(responses) is tuple)
            and self._fast
            and len(responses) == self._n_items
            and (missing == "strict" or missing == "prorate")
        ):
            values = tuple(responses)
            uniform = self._uniform
            ok = True
            if uniform is not None:
                for value in values:
                    if type(value) is not int or value not in uniform:
                        ok = False
                        break
            else:
                for value, allowed in zip(values, self._allowed, strict=True):
                    if type(value) is not int or value not in allowed:
                        ok = False
                        break
            if ok:
                if self._simple:
                    return _trusted(self, values, sum(values))
                total = sum(map(values.__getitem__, self._sum_idx))
                for getter in self._max_getters:
                    total += max(getter(values))
                return _trusted(self, values, total)
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
