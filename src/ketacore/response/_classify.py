"""Response status of one score against a baseline on the same instrument.

Definitions and the classification order are those of ketacore's clinical
reference (``shared/domain/clinical-reference.md``), cited as "ref §x".
Per-instrument thresholds are not repeated here: they are read from the
instrument's :class:`~ketacore.instruments.RemissionRule` and
:class:`~ketacore.instruments.ResponseRule` objects.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from functools import lru_cache
from typing import TypeVar

from attrs import field, frozen

from ketacore.exceptions import ResponseError
from ketacore.instruments import (
    CGI_I,
    CompanionCriterion,
    Instrument,
    RemissionRule,
    ResponseRule,
    Score,
)
from ketacore.response._policy import check_course_type, select_rules

__all__ = [
    "PARTIAL_RESPONSE_PERCENT",
    "PREDICT_PARTIAL_RESPONSE_PERCENT",
    "Reason",
    "ResponseStatus",
    "Status",
    "Thresholds",
    "classify",
    "improvement_response",
    "thresholds_for",
]

PARTIAL_RESPONSE_PERCENT = 25
"""Default lower edge of partial response: a 25–49 % reduction.

J Clin Psychiatry 2020, "recognizing inadequate response in patients with MDD"
(ref §2.1, marked [?] because PReDICT differs).
"""

PREDICT_PARTIAL_RESPONSE_PERCENT = 30
"""The PReDICT trial's lower edge of partial response: a 30–49 % reduction (ref §2.1 [?])."""

_CGI_I_RESPONSE = next(c for c in CGI_I.cutoffs if c.name.startswith("response"))


class Status(enum.Enum):
    """The response status of a current score against its baseline (ref §2.4)."""

    REMISSION = "remission"
    """The current total meets the remission rule (response may also hold)."""
    RESPONSE = "response"
    """The reduction meets the response threshold, without remission."""
    PARTIAL_RESPONSE = "partial response"
    """The reduction is at least the partial threshold but not a response."""
    NON_RESPONSE = "non-response"
    """The reduction is below the partial threshold (or the score got worse)."""
    NOT_EVALUABLE = "not evaluable"
    """No status can be given; :attr:`ResponseStatus.reason` says why."""


class Reason(enum.Enum):
    """Why a status is :attr:`Status.NOT_EVALUABLE`."""

    MISSING_BASELINE = "the baseline score is missing"
    MISSING_CURRENT = "the current score is missing"
    DIFFERENT_INSTRUMENTS = "baseline and current were rated on different instruments"
    NO_TOTAL = "a score has no total (an item was recorded as not rated)"
    INVALID_TOTAL = "a total is not an integer within the instrument's range"
    PRORATED = "a total was prorated for missing items and allow_prorated is False"
    BASELINE_ZERO = (
        "the baseline is at the scale floor (0 on most scales), so percent change is undefined"
    )
    BASELINE_BELOW_MINIMUM = (
        "the baseline is below the rule's minimum index score (PHQ-9, CMS159 and NQF 1885: "
        "> 9), so the rule does not apply"
    )
    MISSING_COMPANION = (
        "a companion rating the rule needs (e.g. CGI-I for Y-BOCS response) is missing "
        "or not rated, and the status depends on it"
    )


def _fail(field_name: str, value: object, expected: str, fix: str) -> ResponseError:
    return ResponseError(f"{field_name}: got {_show(value)}, expected {expected}; {fix}")


def _show(value: object) -> str:
    if isinstance(value, Score):
        return f"a {value.instrument.short_name} score"
    if isinstance(value, Instrument):
        return value.short_name
    if isinstance(value, (bool, float, str)):
        return f"{value!r} (a {type(value).__name__})"
    if isinstance(value, (date, timedelta)):
        return f"{value} (a {type(value).__name__})"
    if isinstance(value, int) or value is None:
        return repr(value)
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{text} (a {type(value).__name__})"


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
            raise _fail(
                "remission_max_total",
                self.remission_max_total,
                "an integer total >= 0 or None",
                "pass the highest total that counts as remission",
            )
        if not _nonneg_int(self.floor):
            raise _fail("floor", self.floor, "an integer >= 0", "pass the scale's lowest total")
        object.__setattr__(self, "_response_ratio", _ratio(self.response_percent))
        object.__setattr__(self, "_partial_ratio", _ratio(self.partial_percent))

    @property
    def companion_ids(self) -> frozenset[str]:
        """Ids of the instruments whose ratings the rules need as companions."""
        return frozenset(
            c.instrument for c in (*self.response_companions, *self.remission_companions)
        )


def _check_percent(name: str, value: object, upper: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _fail(name, value, "a finite number of percent", "pass e.g. 50 for 50 %")
    if not 0 < value <= 100:
        raise _fail(name, value, "a percent in (0, 100]", "pass e.g. 50 for a 50 % reduction")
    if value > upper:
        raise _fail(
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
        raise _fail(
            "instrument",
            instrument,
            "an Instrument",
            "pass e.g. ketacore.instruments.MADRS or instruments.get('madrs')",
        )
    name = instrument.short_name
    if instrument.total_range is None:
        raise _fail(
            "instrument",
            instrument,
            "an instrument with a total score",
            f"{name} has no total, so no percent change exists",
        )
    low, high = instrument.total_range
    default_response, default_remission = select_rules(instrument, check_course_type(course_type))
    if response_rule is not None and response_percent is not None:
        raise _fail(
            "response_percent",
            response_percent,
            "None when response_rule is given",
            "pass either response_rule (a name) or response_percent (a number), not both",
        )
    if remission_rule is not None and remission_max_total is not None:
        raise _fail(
            "remission_max_total",
            remission_max_total,
            "None when remission_rule is given",
            "pass either remission_rule (a name) or remission_max_total, not both",
        )
    min_baseline: int | None = None
    response_companions: tuple[CompanionCriterion, ...] = ()
    response_name: str | None = None
    if response_percent is None:
        rule = (
            default_response
            if response_rule is None
            else _rule("response_rule", response_rule, instrument.response_rule)
        )
        response_percent = rule.min_reduction_percent
        min_baseline = rule.min_baseline
        response_companions = rule.companions
        response_name = rule.name
    remission_companions: tuple[CompanionCriterion, ...] = ()
    remission_name: str | None = None
    remission_min: int | None = None
    if remission_max_total is None:
        rem = (
            default_remission
            if remission_rule is None
            else _rule("remission_rule", remission_rule, instrument.remission_rule)
        )
        if rem is not None:
            remission_max_total = rem.max_total
            remission_companions = rem.companions
            remission_name = rem.name
            remission_min = rem.min_baseline
    elif remission_max_total is not None and (
        type(remission_max_total) is not int or not low <= remission_max_total <= high
    ):
        raise _fail(
            "remission_max_total",
            remission_max_total,
            f"an integer total within {name}'s range {low}–{high}",
            "pass the highest total that counts as remission",
        )
    if floor is None:
        floor = low
    elif type(floor) is not int or not 0 <= floor <= low:
        raise _fail(
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


def _rule(field_name: str, name: str | None, select: Callable[[str | None], _R]) -> _R:
    if name is not None and not isinstance(name, str):
        raise _fail(field_name, name, "a rule name (str) or None", "pass e.g. 'ketamine-iv'")
    try:
        return select(name)
    except LookupError as exc:
        raise ResponseError(f"{field_name}: {exc}; pick one of the names listed") from None


@frozen
class ResponseStatus:
    """The result of :func:`classify`: a status, the percent change and the thresholds.

    Attributes:
        status: The :class:`Status`, decided in the order of ref §2.4.
        percent_change: ``(baseline − current) / (baseline − floor) × 100``; positive
            is improvement. ``None`` when it cannot be computed.
        remission: Whether the current total meets the remission rule; ``None`` when
            not determined (not evaluable, a companion rating is missing, the baseline
            is below the rule's index score, or the instrument has no remission rule).
        response: Whether the reduction meets the response rule; ``None`` when not
            determined. Remission and response can both be true (ref §2.4).
        reason: Why the status is :attr:`Status.NOT_EVALUABLE`, else ``None``.
        thresholds: The :class:`Thresholds` used, or ``None`` when no score was given.
        baseline_total: The baseline total, if there was one.
        current_total: The current total, if there was one.
    """

    status: Status
    percent_change: float | None
    remission: bool | None
    response: bool | None
    reason: Reason | None
    thresholds: Thresholds | None
    baseline_total: int | None = None
    current_total: int | None = None

    @property
    def evaluable(self) -> bool:
        """Whether a status other than :attr:`Status.NOT_EVALUABLE` was given."""
        return self.reason is None


def _not_evaluable(
    reason: Reason,
    thresholds: Thresholds | None,
    baseline: int | None = None,
    current: int | None = None,
    percent: float | None = None,
    remission: bool | None = None,
    response: bool | None = None,
) -> ResponseStatus:
    return ResponseStatus(
        Status.NOT_EVALUABLE, percent, remission, response, reason, thresholds, baseline, current
    )


def _check_score(name: str, value: object) -> None:
    if value is not None and not isinstance(value, Score):
        raise _fail(
            name,
            value,
            "a Score or None",
            "score the item responses with Instrument.score() first",
        )


def _total_problem(score: Score, allow_prorated: bool) -> Reason | None:
    total = score.total
    if total is None:
        return Reason.NO_TOTAL
    rng = score.instrument.total_range
    if type(total) is not int or rng is None or not rng[0] <= total <= rng[1]:
        return Reason.INVALID_TOTAL
    if score.prorated and not allow_prorated:
        return Reason.PRORATED
    return None


def _companion_map(companions: Iterable[Score], thresholds: Thresholds) -> dict[str, Score]:
    if isinstance(companions, Score) or not isinstance(companions, Iterable):
        raise _fail(
            "companions",
            companions,
            "an iterable of Score",
            "wrap a single rating in a tuple: companions=(cgi_i_score,)",
        )
    wanted = thresholds.companion_ids
    out: dict[str, Score] = {}
    for index, score in enumerate(companions):
        if not isinstance(score, Score):
            raise _fail(f"companions[{index}]", score, "a Score", "score the rating first")
        key = score.instrument.id
        if key not in wanted:
            need = ", ".join(sorted(wanted)) or "none"
            raise _fail(
                f"companions[{index}]",
                score,
                f"a rating on an instrument the rules need ({need})",
                f"drop it; {thresholds.instrument} rules in use need no {key} rating",
            )
        if key in out:
            raise _fail(
                f"companions[{index}]",
                score,
                f"one {score.instrument.short_name} rating",
                "pass each companion instrument once",
            )
        out[key] = score
    return out


def _companions_met(
    criteria: tuple[CompanionCriterion, ...], companions: dict[str, Score]
) -> bool | None:
    result: bool | None = True
    for criterion in criteria:
        score = companions.get(criterion.instrument)
        total = None if score is None else score.total
        if total is None:
            result = None
        elif total > criterion.max_total:
            return False
    return result


def _and(first: bool, second: bool | None) -> bool | None:
    return second if first else False


def classify(
    baseline: Score | None,
    current: Score | None,
    *,
    companions: Iterable[Score] = (),
    allow_prorated: bool = False,
    thresholds: Thresholds | None = None,
    course_type: str | None = None,
    response_rule: str | None = None,
    remission_rule: str | None = None,
    response_percent: float | None = None,
    partial_percent: float = PARTIAL_RESPONSE_PERCENT,
    remission_max_total: int | None = None,
    floor: int | None = None,
) -> ResponseStatus:
    """Classify a current score against a baseline on the same instrument (ref §2.4).

    The order is: not evaluable (missing or invalid scores, baseline at the floor),
    then remission, response, partial response, non-response.
    Remission is reported with the response flag alongside it.

    Percent change is ``(baseline − current) / (baseline − floor) × 100``.
    ``floor`` is the scale's lowest total, so for scales that start above 0
    (BPRS-18 on 1–7 anchors: 18; CGI: 1) the change is measured above the floor.
    The reference found no sourced convention for such scales (ref "Modelling
    conventions"); pass ``floor=0`` for the raw formula.
    Thresholds are compared exactly (no floating-point rounding at 50 %).

    Args:
        baseline: The baseline score, or ``None`` if missing.
        current: The current score, or ``None`` if missing.
        companions: Ratings on other instruments that a rule needs, e.g. the CGI-I
            (response) and CGI-S (remission) scores for the Y-BOCS consensus rules.
        allow_prorated: Whether a prorated total (missing items imputed) may be
            classified; default ``False`` (then not evaluable).
        thresholds: Pre-resolved :class:`Thresholds` (from :func:`thresholds_for`);
            give either this or the threshold arguments below.
        course_type: The course's drug and route (``"iv_ketamine"``, ``"esketamine"``
            ...), or ``None`` when not known; see :func:`thresholds_for`.
        response_rule: See :func:`thresholds_for`.
        remission_rule: See :func:`thresholds_for`.
        response_percent: See :func:`thresholds_for`.
        partial_percent: See :func:`thresholds_for`.
        remission_max_total: See :func:`thresholds_for`.
        floor: See :func:`thresholds_for`.

    Returns:
        A :class:`ResponseStatus`.

    Raises:
        ResponseError: An argument is bad (not a Score, a threshold out of range,
            thresholds for another instrument, a companion on an instrument no rule
            needs). Data that cannot be classified is reported as not evaluable.

    >>> from ketacore.instruments import MADRS
    >>> result = classify(MADRS.score([4, 4, 4, 4, 4, 3, 3, 3, 3, 2]),
    ...                   MADRS.score([2, 2, 2, 2, 2, 2, 1, 1, 1, 1]))
    >>> result.status, round(result.percent_change, 1), result.response
    (<Status.RESPONSE: 'response'>, 52.9, True)
    """
    _check_score("baseline", baseline)
    _check_score("current", current)
    if type(allow_prorated) is not bool:
        raise _fail("allow_prorated", allow_prorated, "True or False", "pass a bool")
    anchor = current if current is not None else baseline
    if thresholds is None:
        if anchor is None:
            return _not_evaluable(Reason.MISSING_BASELINE, None)
        thresholds = thresholds_for(
            anchor.instrument,
            course_type=course_type,
            response_rule=response_rule,
            remission_rule=remission_rule,
            response_percent=response_percent,
            partial_percent=partial_percent,
            remission_max_total=remission_max_total,
            floor=floor,
        )
    else:
        if not isinstance(thresholds, Thresholds):
            raise _fail("thresholds", thresholds, "Thresholds or None", "use thresholds_for()")
        if (
            course_type is not None
            or response_rule is not None
            or remission_rule is not None
            or response_percent is not None
            or partial_percent != PARTIAL_RESPONSE_PERCENT
            or remission_max_total is not None
            or floor is not None
        ):
            raise ResponseError(
                "thresholds: given together with threshold arguments; "
                "pass either thresholds= or the individual threshold arguments, not both"
            )
        if anchor is not None and anchor.instrument.id != thresholds.instrument:
            raise _fail(
                "thresholds",
                thresholds.instrument,
                f"thresholds for {anchor.instrument.id!r}",
                f"build them with thresholds_for({anchor.instrument.short_name})",
            )
    found = _companion_map(companions, thresholds) if companions != () else {}
    if baseline is None:
        return _not_evaluable(Reason.MISSING_BASELINE, thresholds)
    if current is None:
        return _not_evaluable(Reason.MISSING_CURRENT, thresholds)
    if baseline.instrument is not current.instrument:
        return _not_evaluable(Reason.DIFFERENT_INSTRUMENTS, thresholds)
    problem = _total_problem(baseline, allow_prorated) or _total_problem(current, allow_prorated)
    if problem is not None:
        return _not_evaluable(problem, thresholds)
    return _decide(baseline.total, current.total, thresholds, found)  # type: ignore[arg-type]


def _decide(b: int, c: int, th: Thresholds, companions: dict[str, Score]) -> ResponseStatus:
    span = b - th.floor
    if span <= 0:
        return _not_evaluable(Reason.BASELINE_ZERO, th, b, c)
    drop = b - c
    percent = drop * 100 / span
    # A rule whose index condition the baseline does not meet does not apply: its
    # answer is unknown (None), never "no" (PHQ-9: CMS159 / NQF 1885, index > 9).
    remission_applies = th.remission_min_baseline is None or b >= th.remission_min_baseline
    response_applies = th.min_baseline is None or b >= th.min_baseline
    remission: bool | None = None
    if th.remission_max_total is not None and remission_applies:
        remission = _and(
            c <= th.remission_max_total, _companions_met(th.remission_companions, companions)
        )
    num, den = th._response_ratio
    reduction = drop * 100 * den >= num * span
    response: bool | None = None
    if response_applies:
        response = _and(reduction, _companions_met(th.response_companions, companions))
    if remission:
        return ResponseStatus(Status.REMISSION, percent, True, response, None, th, b, c)
    if (th.remission_max_total is not None and not remission_applies) or not response_applies:
        return _not_evaluable(Reason.BASELINE_BELOW_MINIMUM, th, b, c, percent, remission, response)
    if th.remission_max_total is not None and remission is None:
        return _not_evaluable(Reason.MISSING_COMPANION, th, b, c, percent, None, response)
    if response:
        return ResponseStatus(Status.RESPONSE, percent, remission, True, None, th, b, c)
    if response is None:
        return _not_evaluable(Reason.MISSING_COMPANION, th, b, c, percent, remission, None)
    num, den = th._partial_ratio
    status = Status.PARTIAL_RESPONSE if drop * 100 * den >= num * span else Status.NON_RESPONSE
    return ResponseStatus(status, percent, remission, False, None, th, b, c)


def improvement_response(rating: Score | None) -> bool | None:
    """Whether a CGI-I rating is a response: 1 or 2, much or very much improved (ref §1.14).

    The CGI-I is itself a rating of change since baseline, so no baseline is needed.
    The cut-off is the CGI-I instrument's own ``"response ..."`` cut-off.

    Args:
        rating: A CGI-I score, or ``None`` if missing.

    Returns:
        ``True`` or ``False``; ``None`` when the rating is missing or recorded as
        0 (not assessed).

    Raises:
        ResponseError: ``rating`` is not a CGI-I score.

    >>> from ketacore.instruments import CGI_I
    >>> improvement_response(CGI_I.score([2])), improvement_response(CGI_I.score([3]))
    (True, False)
    """
    if rating is None:
        return None
    if not isinstance(rating, Score) or rating.instrument is not CGI_I:
        raise _fail(
            "rating",
            rating,
            "a CGI-I score",
            "score the rating with ketacore.instruments.CGI_I.score([value])",
        )
    total = rating.total
    return None if total is None else total in _CGI_I_RESPONSE
