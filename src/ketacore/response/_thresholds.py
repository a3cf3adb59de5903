"""The thresholds a classification uses, resolved once per instrument and course type.

Per-instrument thresholds are not repeated here: they are read from the
instrument's :class:`~ketacore.instruments.RemissionRule` and
:class:`~ketacore.instruments.ResponseRule` objects, picked by the one policy
(:mod:`ketacore.response._policy`). "ref §x" is a section of ketacore's clinical
reference.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

from attrs import field, frozen

from ketacore.exceptions import ResponseError
from ketacore.instruments import CompanionCriterion, Instrument, RemissionRule, ResponseRule
from ketacore.response._errors import fail
from ketacore.response._policy import check_course_type, select_rules

__all__ = [
    "PARTIAL_RESPONSE_PERCENT",
    "PREDICT_PARTIAL_RESPONSE_PERCENT",
    "Thresholds",
    "thresholds_for",
]

PARTIAL_RESPONSE_PERCENT = 25
"""Default lower edge of partial response: a 25–49 % reduction.

J Clin Psychiatry 2020, "recognizing inadequate response in patients with MDD"
(ref §2.1, marked [?] because PReDICT differs).
"""

PREDICT_PARTIAL_RESPONSE_PERCENT = 30
"""The PReDICT trial's lower edge of partial response: a 30–49 % reduction (ref §2.1 [?])."""


def _ratio(value: float) -> tuple[int, int]:
    """Exact numerator and denominator of a threshold, for exact comparisons."""
    if type(value) is int:
        return value, 1
    return float(value).as_integer_ratio()


def _nonneg_int(value: object) -> bool:
    return type(value) is int and value >= 0


@frozen
class Thresholds:
    """The thresholds a classification used, resolved for one instrument.

    Build one with :func:`thresholds_for`; :func:`classify` builds it for you.

    Attributes:
        instrument: Id of the instrument they apply to (e.g. ``"madrs"``).
        response_percent: Smallest reduction, in percent, that counts as response.
        partial_percent: Smallest reduction, in percent, that counts as partial response.
        remission_max_total: Highest current total that counts as remission, or ``None``
            when the instrument has no remission rule (remission is then never reported).
        floor: Scale floor subtracted before the percent change is computed
            (0 for most scales; 18 for the BPRS-18 on 1–7 anchors; 1 for the CGI).
        min_baseline: Lowest baseline total for which response is judged, or ``None``.
        response_companions: Conditions on other instruments that response also needs.
        remission_companions: Conditions on other instruments that remission also needs.
        response_rule: Name of the response rule used (``"core"``, the 50 % core
            definition, for an instrument without a rule of its own), or ``None`` when
            ``response_percent`` was given directly.
        remission_rule: Name of the instrument's remission rule used, or ``None``.
        remission_min_baseline: Lowest baseline (index) total for which the remission
            rule applies (PHQ-9, CMS159: 10), or ``None``.
    """

    instrument: str
    response_percent: float
    partial_percent: float
    remission_max_total: int | None
    floor: int
    min_baseline: int | None = None
    response_companions: tuple[CompanionCriterion, ...] = ()
    remission_companions: tuple[CompanionCriterion, ...] = ()
    response_rule: str | None = None
    remission_rule: str | None = None
    remission_min_baseline: int | None = None
    _response_ratio: tuple[int, int] = field(init=False, repr=False, eq=False)
    _partial_ratio: tuple[int, int] = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        _check_percent("response_percent", self.response_percent, 100)
        _check_percent("partial_percent", self.partial_percent, self.response_percent)
        if self.remission_max_total is not None and not _nonneg_int(self.remission_max_total):
            raise fail(
                "remission_max_total",
                self.remission_max_total,
                "an integer total >= 0 or None",
                "pass the highest total that counts as remission",
            )
        if not _nonneg_int(self.floor):
            raise fail("floor", self.floor, "an integer >= 0", "pass the scale's lowest total")
        object.__setattr__(self, "_response_ratio", _ratio(self.response_percent))
        object.__setattr__(self, "_partial_ratio", _ratio(self.partial_percent))

    def response_cutoff(self, baseline: int) -> float:
        """The highest current total whose reduction from *baseline* meets ``response_percent``.

        ``floor + (baseline - floor) * (1 - response_percent / 100)``: the line a chart
        draws for response. It is the percent rule alone; whether response is judged
        at all (``min_baseline``, companion ratings) is :func:`classify`'s answer.

        >>> from ketacore.instruments import MADRS
        >>> thresholds_for(MADRS).response_cutoff(31)
        15.5
        """
        return self.floor + (baseline - self.floor) * (1 - self.response_percent / 100)

    @property
    def companion_ids(self) -> frozenset[str]:
        """Ids of the instruments whose ratings the rules need as companions."""
        return frozenset(
            c.instrument for c in (*self.response_companions, *self.remission_companions)
        )


def _check_percent(name: str, value: object, upper: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise fail(name, value, "a finite number of percent", "pass e.g. 50 for 50 %")
    if not 0 < value <= 100:
        raise fail(name, value, "a percent in (0, 100]", "pass e.g. 50 for a 50 % reduction")
    if value > upper:
        raise fail(
            name,
            value,
            f"at most response_percent ({upper})",
            "the partial-response band lies below the response threshold; "
            "lower partial_percent or raise response_percent",
        )


def thresholds_for(
    instrument: Instrument,
    *,
    course_type: str | None = None,
    response_rule: str | None = None,
    remission_rule: str | None = None,
    response_percent: float | None = None,
    partial_percent: float = PARTIAL_RESPONSE_PERCENT,
    remission_max_total: int | None = None,
    floor: int | None = None,
) -> Thresholds:
    """Resolve the thresholds to classify scores on ``instrument``.

    This is the one policy every entry point uses (``classify``, courses, research
    tables, batch, plots, the cohort generator and the CLI). Without named rules or
    numbers, the rules come from the instrument's rule data: the rule whose
    ``course_types`` lists ``course_type``, else the instrument's first (default)
    rule. For example MADRS remission is <= 10 for ``"iv_ketamine"``, <= 12 for
    ``"esketamine"`` and, when the drug is not known, <= 12 (the reference's worked
    example D6). An instrument without a response rule (GAD-7, BPRS-18) is judged on
    the core definition, a 50 % reduction (:data:`~ketacore.response.CORE_RESPONSE`,
    ref §2.1); one without a remission rule never decides remission (``None``).

    Args:
        instrument: The instrument the scores are rated on.
        course_type: The course's drug and route, from
            :func:`~ketacore.response.course_type` (``"iv_ketamine"``,
            ``"esketamine"``, ``"oral_ketamine"`` ...), or ``None`` when not known.
        response_rule: Name of one of the instrument's response rules
            (e.g. Y-BOCS ``"ipd-optimal"``); default its first rule.
        remission_rule: Name of one of the instrument's remission rules
            (e.g. MADRS ``"ketamine-iv"`` for <= 10); default its first rule.
        response_percent: A response threshold in percent instead of a named rule
            (the rule's minimum baseline and companion ratings then do not apply).
        partial_percent: Lower edge of partial response in percent: 25
            (:data:`PARTIAL_RESPONSE_PERCENT`, ref §2.1) or 30
            (:data:`PREDICT_PARTIAL_RESPONSE_PERCENT`, PReDICT). At most the
            response threshold (equal means no partial band).
        remission_max_total: A remission threshold (highest total) instead of a named
            rule (its companion ratings and index condition then do not apply).
        floor: Scale floor subtracted before computing percent change; default the
            lowest total of the instrument (0 for most scales, 18 for BPRS-18, 1 for
            CGI-S). Pass ``0`` for raw percent change.

    Returns:
        The validated :class:`Thresholds`.

    Raises:
        ResponseError: An argument is out of range or of the wrong type, both a rule
            name and a number were given for the same threshold, the instrument has no
            such rule, or ``course_type`` is not a known course type.
    """
    args = (
        instrument,
        course_type,
        response_rule,
        remission_rule,
        response_percent,
        partial_percent,
        remission_max_total,
        floor,
    )
    try:
        return _cached(*args)
    except TypeError:  # an unhashable argument: validate without the cache (it will fail)
        return _build(*args)


def _build(
    instrument: Instrument,
    course_type: str | None,
    response_rule: str | None,
    remission_rule: str | None,
    response_percent: float | None,
    partial_percent: float,
    remission_max_total: int | None,
    floor: int | None,
) -> Thresholds:
    if not isinstance(instrument, Instrument):
        raise fail(
            "instrument",
            instrument,
            "an Instrument",
            "pass e.g. ketacore.instruments.MADRS or instruments.get('madrs')",
        )
    name = instrument.short_name
    if instrument.total_range is None:
        raise fail(
            "instrument",
            instrument,
            "an instrument with a total score",
            f"{name} has no total, so no percent change exists",
        )
    low, high = instrument.total_range
    default_response, default_remission = select_rules(instrument, check_course_type(course_type))
    if response_rule is not None and response_percent is not None:
        raise fail(
            "response_percent",
            response_percent,
            "None when response_rule is given",
            "pass either response_rule (a name) or response_percent (a number), not both",
        )
    if remission_rule is not None and remission_max_total is not None:
        raise fail(
            "remission_max_total",
            remission_max_total,
            "None when remission_rule is given",
            "pass either remission_rule (a name) or remission_max_total, not both",
        )
    min_baseline: int | None = None
    response_companions: tuple[CompanionCriterion, ...] = ()
    response_name: str | None = None
    if response_percent is None:
        rule = default_response
        if response_rule is not None:
            rule = _rule("response_rule", response_rule, instrument.response_rule)
        response_percent = rule.min_reduction_percent
        min_baseline = rule.min_baseline
        response_companions = rule.companions
        response_name = rule.name
    remission_companions: tuple[CompanionCriterion, ...] = ()
    remission_name: str | None = None
    remission_min: int | None = None
    if remission_max_total is None:
        rem = default_remission
        if remission_rule is not None:
            rem = _rule("remission_rule", remission_rule, instrument.remission_rule)
        if rem is not None:
            remission_max_total = rem.max_total
            remission_companions = rem.companions
            remission_name = rem.name
            remission_min = rem.min_baseline
    elif remission_max_total is not None and (
        type(remission_max_total) is not int or not low <= remission_max_total <= high
    ):
        raise fail(
            "remission_max_total",
            remission_max_total,
            f"an integer total within {name}'s range {low}–{high}",
            "pass the highest total that counts as remission",
        )
    if floor is None:
        floor = low
    elif type(floor) is not int or not 0 <= floor <= low:
        raise fail(
            "floor",
            floor,
            f"an integer 0–{low} (at most {name}'s lowest total)",
            "pass 0 for raw percent change, or leave it out to use the scale floor",
        )
    return Thresholds(
        instrument.id,
        response_percent,
        partial_percent,
        remission_max_total,
        floor,
        min_baseline,
        response_companions,
        remission_companions,
        response_name,
        remission_name,
        remission_min,
    )


_R = TypeVar("_R", RemissionRule, ResponseRule)


_cached = lru_cache(maxsize=256)(_build)


def _rule(field_name: str, name: str, select: Callable[[str | None], _R]) -> _R:
    if not isinstance(name, str):
        raise fail(field_name, name, "a rule name (str) or None", "pass e.g. 'ketamine-iv'")
    try:
        return select(name)
    except LookupError as exc:
        raise ResponseError(
            field=field_name,
            value=name,
            expected="the name of one of the instrument's rules",
            fix=str(exc),
        ) from None
