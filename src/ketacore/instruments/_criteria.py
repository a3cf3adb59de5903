"""What totals and item patterns mean: remission, response, cut-offs, change, symptom patterns."""

from __future__ import annotations

from attrs import field, frozen

from ketacore.exceptions import ValidationError
from ketacore.instruments._items import _nonempty

__all__ = [
    "ChangeThreshold",
    "CompanionCriterion",
    "Cutoff",
    "PatternGroup",
    "RemissionRule",
    "ResponseRule",
    "SymptomPattern",
]


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
