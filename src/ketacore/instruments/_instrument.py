"""The instrument, a rating scale as declarative data, and the score it gives.

:class:`Instrument` is validated when it is built and compiles its scoring plan
(:mod:`._plan`) once; :class:`Score` is one scored administration. They live in
one module because each names the other (``Instrument.score() -> Score``,
``Score.instrument``). The definition parts are in :mod:`._items`,
:mod:`._rules`, :mod:`._criteria` and :mod:`._flags`; scoring of unusual input
is in :mod:`._scoring`; what a score's values say is in :mod:`._readings`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, TypeVar

from attrs import field, frozen

from ketacore._text import shown
from ketacore.exceptions import NotInInstrumentError, ScoringError
from ketacore.instruments import _scoring
from ketacore.instruments._criteria import (
    ChangeThreshold,
    Cutoff,
    RemissionRule,
    ResponseRule,
    SymptomPattern,
)
from ketacore.instruments._flags import CriticalItem, Flag, FlagStatus, Triage
from ketacore.instruments._items import Item, MissingPolicy, Responses, _fail, _nonempty
from ketacore.instruments._plan import ScoringPlan, compile_plan, computed_range
from ketacore.instruments._readings import (
    domain_values,
    flag_status,
    not_rated_items,
    patterns_met,
    subscale_sums,
    unanswered_items,
)
from ketacore.instruments._rules import (
    Band,
    BandSet,
    Licence,
    ProratingRule,
    ScoringRule,
    SkipRule,
    Subscale,
)

__all__ = ["Instrument", "Score"]


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
        computed = computed_range(self.rule, self.items)
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
            and len(responses) == plan.fast_length
            and (missing == "strict" or missing == "prorate")
        ):
            values = tuple(responses)
            uniform = plan.uniform
            if uniform is not None:
                for value in values:
                    if type(value) is not int or value not in uniform:
                        break
                else:
                    return _trusted(self, values, _fast_sum(plan, values))
            else:
                for value, allowed in zip(values, plan.allowed, strict=True):
                    if type(value) is not int or value not in allowed:
                        break
                else:
                    return _trusted(self, values, _fast_sum(plan, values))
        return _trusted(self, *_scoring.score_responses(plan, responses, missing))

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


def _fast_sum(plan: ScoringPlan, values: tuple[int, ...]) -> int:
    """The total of on-scale integer values under a fast plan (plain sum or max-domains)."""
    if plan.simple:
        return sum(values)
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


def _instrument_repr(instrument: Instrument) -> str:
    return instrument.id


def _policy(prorated: bool) -> Literal["strict", "prorate"]:
    return "prorate" if prorated else "strict"


def _trusted(
    instrument: Instrument,
    values: tuple[int | None, ...],
    total: int | None,
    prorated: bool = False,
    options: tuple[tuple[int, str], ...] = (),
) -> Score:
    """Build a Score from values the scorer has just checked, skipping the re-check.

    Only the scoring code calls this; ``Score(...)`` itself always re-checks.
    The slots are filled on an :class:`_OpenScore` (the same layout without the
    frozen ``__setattr__``), which then becomes the Score: no instance of
    ``_OpenScore`` ever leaves this function.
    """
    score = _new(_OpenScore)
    score.instrument = instrument
    score.values = values
    score.total = total
    score.prorated = prorated
    score.options = options
    score.__class__ = Score  # type: ignore[assignment]
    return score  # type: ignore[return-value]


# Without a __weakref__ slot: CPython refuses __class__ assignment between slotted
# classes that have one, and _trusted needs it.
@frozen(init=False, weakref_slot=False)
class Score:
    """One scored administration. Derived results are computed on access.

    Attributes:
        instrument: The instrument that produced it.
        values: Item values in item order (item *n* at index *n* − 1), as recorded;
            ``None`` for a missing or legitimately skipped item. Lettered options are
            stored as their digit and listed in :attr:`options`.
        total: The total, or ``None`` when the instrument has no total (C-SSRS) or an
            item was recorded as not rated (e.g. CGI 0).
        prorated: Whether the total was prorated for missing items.
        options: ``(item, option)`` pairs for lettered options or item forms
            (BDI-II ``(16, "2b")``, HAM-D17 ``(16, "A")``).
    """

    instrument: Instrument = field(repr=_instrument_repr)
    values: tuple[int | None, ...]
    total: int | None
    prorated: bool = False
    options: tuple[tuple[int, str], ...] = ()

    def __init__(
        self,
        instrument: Instrument,
        values: tuple[int | None, ...],
        total: int | None,
        prorated: bool = False,
        options: tuple[tuple[int, str], ...] = (),
    ) -> None:
        """Build a score and check it: its items are scored again and must agree.

        Raises:
            ScoringError: the total, prorating or options disagree with the items.
        """
        self.__attrs_init__(instrument, values, total, prorated, options)
        # A Score built directly (not by Instrument.score) is checked by scoring its
        # items again: a total can never disagree with the items it came from.
        again = self.instrument.score(self.responses(), missing=_policy(self.prorated))
        if (again.values, again.total, again.prorated, again.options) != (
            self.values,
            self.total,
            self.prorated,
            self.options,
        ):
            raise ScoringError(
                f"{self.instrument.short_name}: got total={self.total!r} "
                f"(prorated={self.prorated!r}) for item values {list(self.values)}, which score "
                f"{again.total!r} (prorated={again.prorated!r}); build scores with "
                f"{self.instrument.id.upper()}.score(values) rather than Score(...)",
                field="total",
                value=self.total,
                expected=f"{again.total!r} (prorated={again.prorated!r}), as the items score",
            )

    def responses(self) -> dict[int | str, int | str | None]:
        """The responses, as :meth:`Instrument.score` takes them, that give this score.

        Lettered options (BDI-II ``"2b"``) and item forms (HAM-D17 ``"16A"``) come back
        as they were given.
        """
        responses: dict[int | str, int | str | None] = dict(enumerate(self.values, start=1))
        for number, option in self.options:
            if option in self.instrument.item(number).forms:
                responses[f"{number}{option}"] = responses.pop(number)
            else:
                responses[number] = option
        return responses

    def item(self, number: int) -> int | None:
        """Return the value of item ``number`` (1-based).

        Raises:
            NotInInstrumentError: The instrument has no such item.
        """
        self.instrument.item(number)  # checks the number
        return self.values[number - 1]

    @property
    def severity(self) -> Band | None:
        """The band of the default band set that contains the total, or ``None``."""
        total = self.total
        table = self.instrument._plan.severity
        return table[total] if total is not None and table else None

    def band(self, band_set: str | None = None) -> Band | None:
        """Return the band containing the total in the named band set.

        Raises:
            NotInInstrumentError: The instrument has no band set of that name.
        """
        chosen = self.instrument.band_set(band_set)
        return None if self.total is None else chosen.band_for(self.total)

    @property
    def flags(self) -> tuple[Flag, ...]:
        """Critical-item flags raised by the item values.

        An unanswered critical item raises none, and is not "no" either: see
        :attr:`flag_statuses` and :attr:`unanswered_critical_items`.
        """
        values = self.values
        out: tuple[Flag, ...] = ()
        for check in self.instrument._plan.flags:  # the rule of flag_status, as a table
            value = values[check.index]
            if value is not None and check.low <= value <= check.high:
                out += check.raised[value - check.low]
        return out

    @property
    def flag_statuses(self) -> tuple[FlagStatus, ...]:
        """One :class:`FlagStatus` per critical item, in ``instrument.critical_items`` order.

        A prorated PHQ-9 with item 9 missing is ``(FlagStatus.UNANSWERED,)``: the
        suicide-risk flag is unknown, not negative.
        """
        plan = self.instrument._plan
        return tuple(flag_status(plan, self.values, check) for check in plan.flags)

    @property
    def unanswered_critical_items(self) -> tuple[int, ...]:
        """Numbers of the critical items whose flag is :attr:`FlagStatus.UNANSWERED`.

        A prorated PHQ-9 with item 9 missing raises no flag; this says so.
        Items left out by skip logic are not listed (they were not asked).
        """
        return unanswered_items(self.instrument._plan, self.values)

    @property
    def missing_items(self) -> tuple[int, ...]:
        """Numbers of items with no value (missing, or skipped by skip logic)."""
        return tuple(i for i, v in enumerate(self.values, start=1) if v is None)

    @property
    def not_rated_items(self) -> tuple[int, ...]:
        """Numbers of items recorded with a special code (e.g. HAM-D17 16 = 3, CGI 0)."""
        return not_rated_items(self.instrument.items, self.values)

    @property
    def subscales(self) -> dict[str, int | None]:
        """Subscale sums by name (``None`` if an item in it is missing or not rated)."""
        inst = self.instrument
        return subscale_sums(inst.items, self.values, inst.subscales)

    @property
    def domains(self) -> dict[str, int | None]:
        """Each scoring-rule domain's contribution (QIDS-SR16 sleep, appetite, ...)."""
        inst = self.instrument
        return domain_values(inst.items, self.values, inst.rule.domains)

    @property
    def patterns(self) -> tuple[str, ...]:
        """Names of the instrument's symptom patterns met by the item values."""
        return patterns_met(self.values, self.instrument.patterns)

    @property
    def risk(self) -> str | None:
        """The triage label from the instrument's default :class:`Triage`, or ``None``."""
        triage = self.instrument.triage
        return None if triage is None else triage.classify(self.values)

    def risk_with(self, triage: Triage) -> str:
        """Return the triage label under another (clinic-configured) :class:`Triage`."""
        return triage.classify(self.values)


class _OpenScore:
    """Score's slots without its frozen ``__setattr__``; only :func:`_trusted` makes one."""

    __slots__ = ("instrument", "options", "prorated", "total", "values")
    instrument: Instrument
    values: tuple[int | None, ...]
    total: int | None
    prorated: bool
    options: tuple[tuple[int, str], ...]


_new = object.__new__
