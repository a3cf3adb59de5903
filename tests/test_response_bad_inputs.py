"""Bad arguments: every row raises ResponseError (a ValueError) whose ``field`` is the argument,
with a message that names the value and the fix."""

# One case per line keeps the table readable; the lines are long on purpose.
# ruff: noqa: E501

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import attrs
import pytest

from ketacore.exceptions import KetacoreError, ResponseError, ValidationError
from ketacore.instruments import (
    BPRS18,
    CADSS,
    CGI_I,
    CGI_S,
    CSSRS_SCREENER,
    GAD7,
    HAMD17,
    MADRS,
    PHQ9,
    YBOCS,
    Instrument,
    Score,
)
from ketacore.response import (
    HAMD17_RELAPSE,
    SUSTAIN1_RELAPSE,
    SUSTAIN1_STABLE_REMISSION,
    Assessment,
    EventKind,
    RelapseEvent,
    RelapseRule,
    Trajectory,
    classify,
    dissociation_event,
    improvement_response,
    thresholds_for,
    trajectory,
)
from ketacore.testing import example_responses

D0 = date(2026, 1, 5)
T0 = datetime(2026, 1, 5, 9, 0)
T0_AWARE = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def _s(inst: Instrument, total: int) -> Score:
    return inst.score(example_responses(inst, total=total))


M34, M16 = _s(MADRS, 34), _s(MADRS, 16)
Y30, Y18 = _s(YBOCS, 30), _s(YBOCS, 18)


def _day(n: int, total: int = 10, inst: Instrument = MADRS) -> Assessment:
    return Assessment(D0 + timedelta(days=n), _s(inst, total))


def _madrs_traj() -> Trajectory:
    return trajectory(Assessment(D0, M34), [_day(7, 10), _day(14, 10)])


def _aware_traj() -> Trajectory:
    return trajectory(Assessment(T0_AWARE, M34), [Assessment(T0_AWARE + timedelta(days=1), M16)])


# (id, call, (the error's field, then words that must all appear in the message))
_CASES: list[tuple[str, Callable[[], object], tuple[str, ...]]] = [
    # --- classify: the scores themselves
    ("baseline-int", lambda: classify(34, M16), ("baseline", "34", "Score", "Instrument.score")),  # type: ignore[arg-type]
    ("allow-prorated-str", lambda: classify(M34, M16, allow_prorated="yes"), ("allow_prorated", "'yes' (str)", "True or False")),  # type: ignore[arg-type]
    ("current-str", lambda: classify(M34, "16"), ("current", "'16' (str)", "Score")),  # type: ignore[arg-type]
    # --- thresholds out of range or of the wrong type
    ("response-0", lambda: thresholds_for(MADRS, response_percent=0), ("response_percent", "0", "(0, 100]")),
    ("response-150", lambda: thresholds_for(MADRS, response_percent=150), ("response_percent", "150", "(0, 100]")),
    ("response-neg", lambda: thresholds_for(MADRS, response_percent=-5), ("response_percent", "-5", "(0, 100]")),
    ("response-nan", lambda: thresholds_for(MADRS, response_percent=math.nan), ("response_percent", "nan", "finite")),
    ("response-inf", lambda: thresholds_for(MADRS, response_percent=math.inf), ("response_percent", "inf", "finite")),
    ("response-bool", lambda: thresholds_for(MADRS, response_percent=True), ("response_percent", "True (bool)", "number")),
    ("response-str", lambda: thresholds_for(MADRS, response_percent="50"), ("response_percent", "'50' (str)", "number")),  # type: ignore[arg-type]
    ("partial-above-response", lambda: thresholds_for(MADRS, partial_percent=60), ("partial_percent", "60", "at most response_percent (50)", "lower partial_percent")),
    ("partial-above-ybocs-35", lambda: thresholds_for(YBOCS, partial_percent=40), ("partial_percent", "40", "at most response_percent (35)")),
    ("partial-0", lambda: thresholds_for(MADRS, partial_percent=0), ("partial_percent", "0", "(0, 100]")),
    ("partial-101", lambda: thresholds_for(MADRS, partial_percent=101), ("partial_percent", "101", "(0, 100]")),
    # --- rule selection
    ("response-rule-unknown", lambda: thresholds_for(MADRS, response_rule="strict"), ("response_rule", "'strict'", "'standard'")),
    ("remission-rule-unknown", lambda: thresholds_for(MADRS, remission_rule="nice"), ("remission_rule", "'nice'", "'esketamine'", "'ketamine-iv'")),
    ("remission-rule-int", lambda: thresholds_for(MADRS, remission_rule=12), ("remission_rule", "12", "rule name")),  # type: ignore[arg-type]
    ("response-rule-unhashable", lambda: thresholds_for(MADRS, response_rule=["standard"]), ("response_rule", "['standard']", "rule name")),  # type: ignore[arg-type]
    ("rule-and-percent", lambda: thresholds_for(MADRS, response_rule="standard", response_percent=40), ("response_percent", "40", "not both")),
    ("rule-and-max-total", lambda: thresholds_for(MADRS, remission_rule="esketamine", remission_max_total=10), ("remission_max_total", "10", "not both")),
    ("max-total-above-range", lambda: thresholds_for(MADRS, remission_max_total=61), ("remission_max_total", "61", "0–60")),
    ("max-total-negative", lambda: thresholds_for(MADRS, remission_max_total=-1), ("remission_max_total", "-1", "0–60")),
    ("max-total-float", lambda: thresholds_for(MADRS, remission_max_total=12.0), ("remission_max_total", "12.0 (float)", "integer")),  # type: ignore[arg-type]
    ("floor-above-bprs-floor", lambda: thresholds_for(BPRS18, response_percent=50, floor=19), ("floor", "19", "0–18", "raw percent change")),
    ("floor-negative", lambda: thresholds_for(MADRS, floor=-1), ("floor", "-1", "0–0")),
    ("floor-float", lambda: thresholds_for(MADRS, floor=0.5), ("floor", "0.5 (float)", "integer")),  # type: ignore[arg-type]
    ("unknown-course-type", lambda: thresholds_for(GAD7, course_type="iv-ketamine"), ("course_type", "'iv-ketamine'", "'iv_ketamine'")),
    ("no-total-instrument", lambda: thresholds_for(CSSRS_SCREENER), ("instrument", "C-SSRS", "total")),
    ("instrument-str", lambda: thresholds_for("madrs"), ("instrument", "'madrs' (str)", "Instrument")),  # type: ignore[arg-type]
    # --- mismatched instruments where an error is right
    ("thresholds-other-instrument", lambda: classify(M34, M16, thresholds=thresholds_for(PHQ9)), ("thresholds", "'phq9'", "'madrs'", "thresholds_for(MADRS)")),
    ("thresholds-wrong-type", lambda: classify(M34, M16, thresholds={"response": 50}), ("thresholds", "dict", "thresholds_for")),  # type: ignore[arg-type]
    ("companion-single-score", lambda: classify(Y30, Y18, companions=CGI_I.score([2])), ("companions", "CGI-I score", "tuple")),  # type: ignore[arg-type]
    ("companion-wrong-instrument", lambda: classify(M34, M16, companions=[_s(PHQ9, 3)]), ("companions[0]", "PHQ-9", "none", "madrs")),
    ("companion-cgi-s-for-response-only", lambda: classify(Y30, Y18, thresholds=thresholds_for(YBOCS, response_rule="ipd-optimal", remission_rule="ipd-optimal"), companions=[CGI_S.score([2])]), ("companions[0]", "CGI-S", "none")),
    ("companion-twice", lambda: classify(Y30, Y18, companions=[CGI_I.score([2]), CGI_I.score([1])]), ("companions[1]", "one CGI-I", "once")),
    ("companion-not-score", lambda: classify(Y30, Y18, companions=[2]), ("companions[0]", "2", "Score")),  # type: ignore[list-item]
    ("cgi-i-wrong-instrument", lambda: improvement_response(CGI_S.score([2])), ("rating", "CGI-S", "CGI-I")),
    ("cadss-wrong-instrument", lambda: dissociation_event(M34, _s(CADSS, 10)), ("pre_dose", "MADRS", "CADSS")),
    ("cadss-post-total-out-of-range", lambda: dissociation_event(_s(CADSS, 0), 93), ("post_dose", "93", "0–92")),
    ("cadss-post-not-score", lambda: dissociation_event(_s(CADSS, 0), "10"), ("post_dose", "'10'", "CADSS")),  # type: ignore[arg-type]
    # --- trajectories: dates
    ("unsorted", lambda: trajectory(Assessment(D0, M34), [_day(14), _day(7)]), ("assessments[1].when", "2026-01-12", "before", "sort")),
    ("duplicate", lambda: trajectory(Assessment(D0, M34), [_day(7), _day(7)]), ("assessments[1].when", "equals", "duplicates")),
    ("before-baseline", lambda: trajectory(Assessment(D0, M34), [_day(-1)]), ("assessments[0].when", "the baseline", "sort")),
    ("same-as-baseline", lambda: trajectory(Assessment(D0, M34), [_day(0)]), ("assessments[0].when", "equals the baseline")),
    ("date-and-datetime", lambda: trajectory(Assessment(D0, M34), [Assessment(T0_AWARE + timedelta(days=1), M16)]), ("assessments[0].when", "a date like the rest", "one kind")),
    ("naive-datetime", lambda: Assessment(T0, M34), ("when", "naive", "zone")),
    ("naive-event", lambda: RelapseEvent(T0, EventKind.SUICIDE_ATTEMPT), ("when", "naive", "zone")),
    ("when-str", lambda: Assessment("2026-01-05", M34), ("when", "'2026-01-05' (str)", "a date or a timezone-aware datetime")),  # type: ignore[arg-type]
    ("score-int", lambda: Assessment(D0, 34), ("score", "34", "Score")),  # type: ignore[arg-type]
    ("assessment-companions-score", lambda: Assessment(D0, Y30, CGI_I.score([2])), ("companions", "CGI-I score", "tuple")),  # type: ignore[arg-type]
    ("baseline-not-assessment", lambda: trajectory(M34, [_day(7)]), ("baseline", "MADRS score", "Assessment(when, score)")),  # type: ignore[arg-type]
    ("assessments-not-sequence", lambda: trajectory(Assessment(D0, M34), _day(7)), ("assessments", "Assessment", "list")),  # type: ignore[arg-type]
    ("assessment-item-tuple", lambda: trajectory(Assessment(D0, M34), [(D0, M16)]), ("assessments[0]", "tuple", "Assessment(when, score)")),  # type: ignore[list-item]
    ("mixed-instruments", lambda: trajectory(Assessment(D0, M34), [_day(7), _day(14, 5, HAMD17)]), ("assessments[1].score", "HAM-D17", "MADRS", "one instrument")),
    # --- trajectories: windows and rules
    ("rapid-negative-window", lambda: _aware_traj().rapid_response(T0_AWARE, window=timedelta(hours=-24)), ("window", "a positive duration")),
    ("rapid-zero-window", lambda: _aware_traj().rapid_response(T0_AWARE, window=timedelta(0)), ("window", "positive")),
    ("rapid-window-hours-int", lambda: _aware_traj().rapid_response(T0_AWARE, window=24), ("window", "24", "timedelta")),  # type: ignore[arg-type]
    ("rapid-part-day-on-dates", lambda: _madrs_traj().rapid_response(D0, window=timedelta(hours=12)), ("window", "whole days")),
    ("rapid-naive-dose-aware-series", lambda: _aware_traj().rapid_response(T0), ("first_dose", "naive", "zone")),
    ("rapid-date-dose-aware-series", lambda: _aware_traj().rapid_response(D0), ("first_dose", "a timezone-aware datetime like the rest", "one kind")),
    ("time-to-start-kind", lambda: _madrs_traj().time_to_response(T0_AWARE), ("start", "a date like the rest", "one kind")),
    ("sustained-zero", lambda: _madrs_traj().sustained_remission(timedelta(0)), ("duration", "positive")),
    ("stable-on-phq9", lambda: trajectory(Assessment(D0, _s(PHQ9, 20)), [_day(7, 3, PHQ9)]).stable_remission(), ("rule", "PHQ-9", "MADRS", "sustained_remission")),
    ("stable-rule-other-instrument", lambda: _madrs_traj().stable_remission(rule=attrs.evolve(SUSTAIN1_STABLE_REMISSION, instruments={"hamd17"})), ("rule", "'SUSTAIN-1'", "'madrs'", "hamd17")),
    ("stable-rule-wrong-type", lambda: _madrs_traj().stable_remission(rule=SUSTAIN1_RELAPSE), ("rule", "RelapseRule", "StableRemissionRule")),  # type: ignore[arg-type]
    ("stable-required-above-weeks", lambda: attrs.evolve(SUSTAIN1_STABLE_REMISSION, required=5), ("required", "5", "1–4")),
    ("stable-final-above-required", lambda: attrs.evolve(SUSTAIN1_STABLE_REMISSION, final_weeks=4), ("final_weeks", "4", "0–3")),
    ("stable-weeks-float", lambda: attrs.evolve(SUSTAIN1_STABLE_REMISSION, weeks=4.0), ("weeks", "4.0 (float)", "integer")),
    ("stable-max-total-61", lambda: _madrs_traj().stable_remission(rule=attrs.evolve(SUSTAIN1_STABLE_REMISSION, max_total=61)), ("rule.max_total", "61", "0–60")),
    ("stable-max-total-negative", lambda: attrs.evolve(SUSTAIN1_STABLE_REMISSION, max_total=-1), ("max_total", "-1", ">= 0")),
    ("stable-as-of-kind", lambda: _madrs_traj().stable_remission(as_of=T0_AWARE), ("as_of", "a date like the rest")),
    ("relapse-rule-other-instrument", lambda: _madrs_traj().relapse(rule=HAMD17_RELAPSE), ("rule", "'NCT04007367'", "'madrs'", "hamd17")),
    ("relapse-no-default-rule", lambda: trajectory(Assessment(D0, _s(PHQ9, 20)), [_day(7, 3, PHQ9)]).relapse(), ("rule", "PHQ-9", "RelapseRule")),
    ("relapse-date-third", lambda: _madrs_traj().relapse(relapse_date="third"), ("relapse_date", "'third'", "'first' or 'second'")),  # type: ignore[arg-type]
    ("relapse-event-str", lambda: _madrs_traj().relapse(events=["suicide attempt"]), ("events[0]", "'suicide attempt'", "RelapseEvent")),  # type: ignore[list-item]
    ("relapse-event-kind-mix", lambda: _madrs_traj().relapse(events=[RelapseEvent(T0_AWARE, EventKind.SUICIDE_ATTEMPT)]), ("events[0].when", "a date like the rest", "one kind")),
    ("relapse-state-kind", lambda: _madrs_traj().relapse(in_state_since=T0_AWARE), ("in_state_since", "a date")),
    ("event-kind-str", lambda: RelapseEvent(D0, "suicide attempt"), ("kind", "'suicide attempt'", "EventKind")),  # type: ignore[arg-type]
    ("relapse-rule-gaps-swapped", lambda: RelapseRule("x", {"madrs"}, 22, timedelta(days=15), timedelta(days=5), "test"), ("min_gap", "15 days", "at most max_gap")),
    ("relapse-rule-negative-gap", lambda: RelapseRule("x", {"madrs"}, 22, timedelta(days=-1), timedelta(days=5), "test"), ("min_gap", ">= 0")),
    ("relapse-rule-instruments-str", lambda: RelapseRule("x", "madrs", 22, timedelta(days=5), timedelta(days=15), "test"), ("instruments", "'madrs' (str)", "{'madrs'}")),
]  # fmt: skip


def test_table_is_large_and_ids_are_distinct() -> None:
    ids = [case[0] for case in _CASES]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 25


@pytest.mark.parametrize(("call", "words"), [c[1:] for c in _CASES], ids=[c[0] for c in _CASES])
def test_bad_input_raises_response_error(
    call: Callable[[], object], words: tuple[str, ...]
) -> None:
    with pytest.raises(ResponseError) as info:
        call()
    error = info.value
    assert isinstance(error, ValidationError)
    assert isinstance(error, KetacoreError)
    assert isinstance(error, ValueError)
    assert error.field == words[0]
    message = str(error)
    for word in words[1:]:
        assert word in message, f"{word!r} not in {message!r}"
