"""Response status of one score against a baseline on the same instrument.

Definitions and the classification order are those of ketacore's clinical
reference (``shared/domain/clinical-reference.md``), cited as "ref §x".
Per-instrument thresholds are not repeated here: they are read from the
instrument's :class:`~ketacore.instruments.RemissionRule` and
:class:`~ketacore.instruments.ResponseRule` objects through
:func:`~ketacore.response.thresholds_for`.
"""

from __future__ import annotations

from collections.abc import Iterable

from ketacore.instruments import CGI_I, CompanionCriterion, Score
from ketacore.response._errors import fail
from ketacore.response._status import Reason, ResponseStatus, Status, not_evaluable
from ketacore.response._thresholds import Thresholds, thresholds_for

__all__ = ["classify", "improvement_response"]

_CGI_I_RESPONSE = next(c for c in CGI_I.cutoffs if c.name.startswith("response"))


def _check_score(name: str, value: object) -> None:
    if value is not None and not isinstance(value, Score):
        raise fail(
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
        raise fail(
            "companions",
            companions,
            "an iterable of Score",
            "wrap a single rating in a tuple: companions=(cgi_i_score,)",
        )
    wanted = thresholds.companion_ids
    out: dict[str, Score] = {}
    for index, score in enumerate(companions):
        if not isinstance(score, Score):
            raise fail(f"companions[{index}]", score, "a Score", "score the rating first")
        key = score.instrument.id
        if key not in wanted:
            need = ", ".join(sorted(wanted)) or "none"
            raise fail(
                f"companions[{index}]",
                score,
                f"a rating on an instrument the rules need ({need})",
                f"drop it; {thresholds.instrument} rules in use need no {key} rating",
            )
        if key in out:
            raise fail(
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
    thresholds: Thresholds | None = None,
    companions: Iterable[Score] = (),
    allow_prorated: bool = False,
) -> ResponseStatus:
    """Classify a current score against a baseline on the same instrument (ref §2.4).

    The order is: not evaluable (missing or invalid scores, baseline at the floor),
    then remission, response, partial response, non-response.
    Remission is reported with the response flag alongside it.

    Percent change is ``(baseline − current) / (baseline − floor) × 100``, where the
    floor is the scale's lowest total unless the thresholds say otherwise
    (:func:`thresholds_for`). Thresholds are compared exactly (no floating-point
    rounding at 50 %).

    Args:
        baseline: The baseline score, or ``None`` if missing.
        current: The current score, or ``None`` if missing.
        thresholds: The :class:`Thresholds` to use, from :func:`thresholds_for`: the
            one way to choose a course type, a named rule or a number
            (``thresholds=thresholds_for(MADRS, course_type="iv_ketamine")``).
            Default ``thresholds_for(instrument)``, the instrument's default rules.
        companions: Ratings on other instruments that a rule needs, e.g. the CGI-I
            (response) and CGI-S (remission) scores for the Y-BOCS consensus rules.
        allow_prorated: Whether a prorated total (missing items imputed) may be
            classified; default ``False`` (then not evaluable).

    Returns:
        A :class:`ResponseStatus`.

    Raises:
        ResponseError: An argument is bad (not a Score, thresholds for another
            instrument, a companion on an instrument no rule needs). Data that
            cannot be classified is reported as not evaluable.

    >>> from ketacore.instruments import MADRS
    >>> result = classify(MADRS.score([4, 4, 4, 4, 4, 3, 3, 3, 3, 2]),
    ...                   MADRS.score([2, 2, 2, 2, 2, 2, 1, 1, 1, 1]))
    >>> result.status, round(result.percent_change, 1), result.response
    (<Status.RESPONSE: 'response'>, 52.9, True)
    """
    _check_score("baseline", baseline)
    _check_score("current", current)
    if type(allow_prorated) is not bool:
        raise fail("allow_prorated", allow_prorated, "True or False", "pass a bool")
    anchor = current if current is not None else baseline
    if thresholds is None:
        if anchor is None:
            return not_evaluable(Reason.MISSING_BASELINE, None)
        thresholds = thresholds_for(anchor.instrument)
    elif not isinstance(thresholds, Thresholds):
        raise fail("thresholds", thresholds, "Thresholds or None", "use thresholds_for()")
    elif anchor is not None and anchor.instrument.id != thresholds.instrument:
        raise fail(
            "thresholds",
            thresholds.instrument,
            f"thresholds for {anchor.instrument.id!r}",
            f"build them with thresholds_for({anchor.instrument.short_name})",
        )
    found = _companion_map(companions, thresholds) if companions != () else {}
    if baseline is None:
        return not_evaluable(Reason.MISSING_BASELINE, thresholds)
    if current is None:
        return not_evaluable(Reason.MISSING_CURRENT, thresholds)
    if baseline.instrument is not current.instrument:
        return not_evaluable(Reason.DIFFERENT_INSTRUMENTS, thresholds)
    problem = _total_problem(baseline, allow_prorated) or _total_problem(current, allow_prorated)
    if problem is not None:
        return not_evaluable(problem, thresholds)
    return _decide(baseline.total, current.total, thresholds, found)  # type: ignore[arg-type]


def _decide(b: int, c: int, th: Thresholds, companions: dict[str, Score]) -> ResponseStatus:
    span = b - th.floor
    if span <= 0:
        return not_evaluable(Reason.BASELINE_ZERO, th, b, c)
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
        return not_evaluable(Reason.BASELINE_BELOW_MINIMUM, th, b, c, percent, remission, response)
    if th.remission_max_total is not None and remission is None:
        return not_evaluable(Reason.MISSING_COMPANION, th, b, c, percent, None, response)
    if response:
        return ResponseStatus(Status.RESPONSE, percent, remission, True, None, th, b, c)
    if response is None:
        return not_evaluable(Reason.MISSING_COMPANION, th, b, c, percent, remission, None)
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
        raise fail(
            "rating",
            rating,
            "a CGI-I score",
            "score the rating with ketacore.instruments.CGI_I.score([value])",
        )
    total = rating.total
    return None if total is None else total in _CGI_I_RESPONSE
