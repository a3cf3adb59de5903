"""What one administration's item values say, read from the instrument's plan and parts.

The derived results of :class:`~ketacore.instruments.Score` (flag statuses,
subscales, domains, symptom patterns, not-rated items) are computed here from
the item values alone, so the rules live beside the plan they read rather than
in the result type.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ketacore.instruments._criteria import SymptomPattern
from ketacore.instruments._flags import FlagStatus
from ketacore.instruments._items import Item
from ketacore.instruments._plan import FlagCheck, ScoringPlan
from ketacore.instruments._rules import Domain, Subscale

__all__ = [
    "domain_values",
    "flag_status",
    "not_rated_items",
    "patterns_met",
    "subscale_sums",
    "unanswered_items",
]

Values = Sequence[int | None]

_TRIGGERED = FlagStatus.TRIGGERED
_NOT_TRIGGERED = FlagStatus.NOT_TRIGGERED
_UNANSWERED = FlagStatus.UNANSWERED


def flag_status(plan: ScoringPlan, values: Values, check: FlagCheck) -> FlagStatus:
    """The one rule for a critical item's flag; batch scoring vectorises the same rule.

    ``check.raised`` (read by :attr:`Score.flags`) lists the values for which this
    returns ``TRIGGERED``.
    """
    value = values[check.index]
    if value is None:
        return _NOT_TRIGGERED if _skipped(plan, values, check.index + 1) else _UNANSWERED
    if not check.low <= value <= check.high:  # a special code ("not assessed") is not an answer
        return _UNANSWERED
    if (value >= check.threshold) if check.at_least else (value <= check.threshold):
        return _TRIGGERED
    return _NOT_TRIGGERED


def unanswered_items(plan: ScoringPlan, values: Values) -> tuple[int, ...]:
    """Numbers of the critical items whose flag is unanswered, sorted."""
    return tuple(
        sorted(
            {
                check.rule.item
                for check in plan.flags
                if flag_status(plan, values, check) is _UNANSWERED
            }
        )
    )


def _skipped(plan: ScoringPlan, values: Values, number: int) -> bool:
    """Whether item ``number`` was left out by skip logic (its gate is answered 0)."""
    return any(number in skip.items and values[skip.gate - 1] == 0 for skip in plan.skip_rules)


def not_rated_items(items: tuple[Item, ...], values: Values) -> tuple[int, ...]:
    """Numbers of items recorded with a special code (off the item's scale)."""
    return tuple(
        number
        for number, (item, value) in enumerate(zip(items, values, strict=True), start=1)
        if value is not None and not item.low <= value <= item.high
    )


def subscale_sums(
    items: tuple[Item, ...], values: Values, subscales: tuple[Subscale, ...]
) -> dict[str, int | None]:
    """Subscale sums by name (``None`` if an item in it is missing or not rated)."""
    return {sub.name: _sum_or_none(_item_points(items, values, sub.items)) for sub in subscales}


def domain_values(
    items: tuple[Item, ...], values: Values, domains: tuple[Domain, ...]
) -> dict[str, int | None]:
    """Each scoring-rule domain's contribution (``None`` if an item is missing or not rated)."""
    out: dict[str, int | None] = {}
    for domain in domains:
        points = _item_points(items, values, domain.items)
        if domain.combine == "max":
            known = None if None in points else max(p for p in points if p is not None)
        else:
            known = _sum_or_none(points)
        out[domain.name] = None if known is None else domain.weight * known
    return out


def _item_points(
    items: tuple[Item, ...], values: Values, numbers: Iterable[int]
) -> list[int | None]:
    """The points of the items numbered *numbers* (``None`` where missing or not rated)."""
    return [_points(items, i, values[i - 1]) for i in numbers]


def _sum_or_none(points: list[int | None]) -> int | None:
    """The sum of *points*, or ``None`` if any is missing."""
    return None if None in points else sum(p for p in points if p is not None)


def patterns_met(values: Values, patterns: tuple[SymptomPattern, ...]) -> tuple[str, ...]:
    """Names of the symptom patterns met by the item values."""
    met = []
    for pattern in patterns:
        overrides = dict(pattern.item_thresholds)
        ok = True
        for group in pattern.groups:
            count = 0
            for number in group.items:
                value = values[number - 1]
                if value is not None and value >= overrides.get(number, pattern.threshold):
                    count += 1
            if count < group.min_count or (group.max_count is not None and count > group.max_count):
                ok = False
                break
        if ok:
            met.append(pattern.name)
    return tuple(met)


def _points(items: tuple[Item, ...], number: int, value: int | None) -> int | None:
    if value is None:
        return None
    item = items[number - 1]
    if item.low <= value <= item.high:
        return value
    for code in item.codes:
        if code.value == value:
            return code.scores_as
    return None
