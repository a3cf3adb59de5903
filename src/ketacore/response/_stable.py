"""Stable remission as a rule object: SUSTAIN-1's entry criterion and its like.

SUSTAIN-1 (NCT02493868; ref §2.2 [2+]) entered patients into randomised
withdrawal in stable remission: MADRS <= 12 in at least 3 of the last 4 weeks
of the optimisation phase, with the one excursion above 12 (or one missing
MADRS) allowed only at optimisation week 13 or 14, so the last 2 weeks must be
met. The numbers are data on a :class:`StableRemissionRule`, as the relapse
rule's are on a :class:`~ketacore.response.RelapseRule`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Final

from attrs import field, frozen

from ketacore._dates import instant, later
from ketacore.instruments import MADRS, Instrument
from ketacore.response._assessment import Assessment
from ketacore.response._errors import fail
from ketacore.response._relapse import MADRS_IDS
from ketacore.response._rules import instrument_ids
from ketacore.response._time import When

__all__ = [
    "DEFAULT_STABLE_REMISSION_RULES",
    "SUSTAIN1_STABLE_REMISSION",
    "StableRemissionRule",
    "check_fits",
    "stable_remission_at",
]


@frozen
class StableRemissionRule:
    """Stable remission: the total at or below ``max_total`` in at least ``required`` of
    the last ``weeks`` weeks, the last ``final_weeks`` of them all met.

    The weeks before the day asked about are week-long windows ending at it. A week
    is met when it has an assessment and every assessment in it is at or below
    ``max_total``.

    Attributes:
        name: Short name, e.g. ``"SUSTAIN-1"``.
        instruments: Ids of the instruments the rule applies to.
        max_total: Highest total that counts (within the instrument's range).
        weeks: Number of weeks looked at (1–52).
        required: How many of them must be met (1–``weeks``).
        final_weeks: How many of the most recent weeks must be met (0–``required``).
        source: Citation.
    """

    name: str
    instruments: frozenset[str] = field(converter=instrument_ids)
    max_total: int
    weeks: int
    required: int
    final_weeks: int
    source: str

    def __attrs_post_init__(self) -> None:
        for name, value, smallest, largest in (
            ("max_total", self.max_total, 0, None),
            ("weeks", self.weeks, 1, 52),
            ("required", self.required, 1, self.weeks),
            ("final_weeks", self.final_weeks, 0, self.required),
        ):
            bounds = f">= {smallest}" if largest is None else f"{smallest}–{largest}"
            if (
                type(value) is not int
                or value < smallest
                or (largest is not None and value > largest)
            ):
                raise fail(name, value, f"an integer {bounds}", "SUSTAIN-1 uses 12, 4, 3 and 2")


SUSTAIN1_STABLE_REMISSION = StableRemissionRule(
    "SUSTAIN-1",
    MADRS_IDS,
    MADRS.remission_rule("esketamine").max_total,
    4,
    3,
    2,
    "MADRS <= 12 in at least 3 of the last 4 weeks of optimisation; one excursion or missing "
    "MADRS allowed only at week 13 or 14, SUSTAIN-1 NCT02493868 [2+] (ref §2.2)",
)
"""SUSTAIN-1 stable remission: MADRS <= 12 (the MADRS ``"esketamine"`` remission rule,
ASPIRE and SUSTAIN-1/3) in at least 3 of the last 4 weeks, the last 2 weeks met."""

DEFAULT_STABLE_REMISSION_RULES: Final = (SUSTAIN1_STABLE_REMISSION,)
"""The rule used for an instrument when none is given: the first that lists it."""


def check_fits(rule: StableRemissionRule, instrument: Instrument) -> StableRemissionRule:
    """Return *rule* if its ``max_total`` is a total *instrument* can give."""
    low, high = instrument.total_range or (0, 0)
    if not low <= rule.max_total <= high:
        raise fail(
            "rule.max_total",
            rule.max_total,
            f"an integer {instrument.short_name} total {low}–{high}",
            "pass e.g. 12",
        )
    return rule


def stable_remission_at(
    rule: StableRemissionRule, assessments: Sequence[Assessment], as_of: When
) -> bool:
    """Whether *rule* holds at *as_of* for *assessments* (times checked by the caller)."""
    met: list[bool] = []
    for back in range(rule.weeks - 1, -1, -1):
        high_end = instant(later(as_of, -timedelta(weeks=back)))
        low_end = later(high_end, -timedelta(weeks=1))
        totals = [a.score.total for a in assessments if low_end < instant(a.when) <= high_end]
        met.append(bool(totals) and all(t is not None and t <= rule.max_total for t in totals))
    return sum(met) >= rule.required and all(met[rule.weeks - rule.final_weeks :])
