"""The result of scoring one administration of an instrument."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from attrs import field, frozen

from ketacore.exceptions import ScoringError
from ketacore.instruments._flags import Flag, FlagStatus

if TYPE_CHECKING:
    from ketacore.instruments._flags import Triage
    from ketacore.instruments._instrument import Instrument
    from ketacore.instruments._plan import FlagCheck
    from ketacore.instruments._rules import Band

__all__ = ["Score"]


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
    The slots are filled through their descriptors: the same fields, without the
    frozen class's ``__setattr__`` round trip.
    """
    score = _new(Score)
    _set_instrument(score, instrument)
    _set_values(score, values)
    _set_total(score, total)
    _set_prorated(score, prorated)
    _set_options(score, options)
    return score


@frozen(init=False)
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
                f"{self.instrument.id.upper()}.score(values) rather than Score(...)"
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
        for check in self.instrument._plan.flags:  # the rule of _status, as a table
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
        return tuple(_status(self, check) for check in self.instrument._plan.flags)

    @property
    def unanswered_critical_items(self) -> tuple[int, ...]:
        """Numbers of the critical items whose flag is :attr:`FlagStatus.UNANSWERED`.

        A prorated PHQ-9 with item 9 missing raises no flag; this says so.
        Items left out by skip logic are not listed (they were not asked).
        """
        return tuple(
            sorted(
                {
                    check.rule.item
                    for check in self.instrument._plan.flags
                    if _status(self, check) is _UNANSWERED
                }
            )
        )

    @property
    def missing_items(self) -> tuple[int, ...]:
        """Numbers of items with no value (missing, or skipped by skip logic)."""
        return tuple(i for i, v in enumerate(self.values, start=1) if v is None)

    @property
    def not_rated_items(self) -> tuple[int, ...]:
        """Numbers of items recorded with a special code (e.g. HAM-D17 16 = 3, CGI 0)."""
        out = []
        for number, value in enumerate(self.values, start=1):
            if value is not None:
                item = self.instrument.items[number - 1]
                if not item.low <= value <= item.high:
                    out.append(number)
        return tuple(out)

    @property
    def subscales(self) -> dict[str, int | None]:
        """Subscale sums by name (``None`` if an item in it is missing or not rated)."""
        out: dict[str, int | None] = {}
        for sub in self.instrument.subscales:
            points = [_points(self.instrument, i, self.values[i - 1]) for i in sub.items]
            out[sub.name] = None if None in points else sum(p for p in points if p is not None)
        return out

    @property
    def domains(self) -> dict[str, int | None]:
        """Each scoring-rule domain's contribution (QIDS-SR16 sleep, appetite, ...)."""
        out: dict[str, int | None] = {}
        for domain in self.instrument.rule.domains:
            points = [_points(self.instrument, i, self.values[i - 1]) for i in domain.items]
            if None in points:
                out[domain.name] = None
                continue
            known = [p for p in points if p is not None]
            value = max(known) if domain.combine == "max" else sum(known)
            out[domain.name] = domain.weight * value
        return out

    @property
    def patterns(self) -> tuple[str, ...]:
        """Names of the instrument's symptom patterns met by the item values."""
        met = []
        for pattern in self.instrument.patterns:
            overrides = dict(pattern.item_thresholds)
            ok = True
            for group in pattern.groups:
                count = 0
                for number in group.items:
                    value = self.values[number - 1]
                    if value is not None and value >= overrides.get(number, pattern.threshold):
                        count += 1
                if count < group.min_count or (
                    group.max_count is not None and count > group.max_count
                ):
                    ok = False
                    break
            if ok:
                met.append(pattern.name)
        return tuple(met)

    @property
    def risk(self) -> str | None:
        """The triage label from the instrument's default :class:`Triage`, or ``None``."""
        triage = self.instrument.triage
        return None if triage is None else triage.classify(self.values)

    def risk_with(self, triage: Triage) -> str:
        """Return the triage label under another (clinic-configured) :class:`Triage`."""
        return triage.classify(self.values)


_TRIGGERED = FlagStatus.TRIGGERED
_NOT_TRIGGERED = FlagStatus.NOT_TRIGGERED
_UNANSWERED = FlagStatus.UNANSWERED


def _status(score: Score, check: FlagCheck) -> FlagStatus:
    """The one rule for a critical item's flag; batch scoring vectorises the same rule.

    ``check.raised`` (read by :attr:`Score.flags`) lists the values for which this
    returns ``TRIGGERED``.
    """
    value = score.values[check.index]
    if value is None:
        return _NOT_TRIGGERED if _skipped(score, check.index + 1) else _UNANSWERED
    if not check.low <= value <= check.high:  # a special code ("not assessed") is not an answer
        return _UNANSWERED
    if (value >= check.threshold) if check.at_least else (value <= check.threshold):
        return _TRIGGERED
    return _NOT_TRIGGERED


def _skipped(score: Score, number: int) -> bool:
    """Whether item ``number`` was left out by skip logic (its gate is answered 0)."""
    values = score.values
    return any(
        number in skip.items and values[skip.gate - 1] == 0 for skip in score.instrument.skip_rules
    )


def _points(instrument: Instrument, number: int, value: int | None) -> int | None:
    if value is None:
        return None
    item = instrument.items[number - 1]
    if item.low <= value <= item.high:
        return value
    for code in item.codes:
        if code.value == value:
            return code.scores_as
    return None


_new = object.__new__
_set_instrument = Score.__dict__["instrument"].__set__
_set_values = Score.__dict__["values"].__set__
_set_total = Score.__dict__["total"].__set__
_set_prorated = Score.__dict__["prorated"].__set__
_set_options = Score.__dict__["options"].__set__
