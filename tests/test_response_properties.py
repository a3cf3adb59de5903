"""Properties of classify() and trajectories that must hold for every input."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st

from ketacore.instruments import BDI_II, BPRS18, HAMD17, MADRS, PHQ9, QIDS_SR16, Instrument, Score
from ketacore.response import (
    SUSTAIN1_RELAPSE,
    Assessment,
    Reason,
    Status,
    Thresholds,
    Trajectory,
    classify,
    thresholds_for,
    trajectory,
)
from ketacore.testing import example_responses

_RANK = {
    Status.NOT_EVALUABLE: -1,
    Status.NON_RESPONSE: 0,
    Status.PARTIAL_RESPONSE: 1,
    Status.RESPONSE: 2,
    Status.REMISSION: 3,
}
_WITH_RULES = (PHQ9, MADRS, HAMD17, QIDS_SR16, BDI_II)
_CACHE: dict[tuple[str, int], Score] = {}
D0 = date(2026, 1, 5)


def _s(inst: Instrument, total: int) -> Score:
    key = (inst.id, total)
    if key not in _CACHE:
        _CACHE[key] = inst.score(example_responses(inst, total=total))
    return _CACHE[key]


@st.composite
def _setups(draw: st.DrawFn) -> tuple[Instrument, Thresholds, int, int]:
    """An instrument, valid thresholds for it, and a baseline and current total."""
    inst = draw(st.sampled_from((*_WITH_RULES, BPRS18)))
    assert inst.total_range is not None
    low, high = inst.total_range
    response = draw(st.one_of(st.none(), st.integers(1, 100), st.floats(1, 100)))
    if response is None and inst is BPRS18:
        response = 50
    upper = 50 if response is None else response
    partial = draw(st.one_of(st.integers(1, int(upper)), st.floats(0.1, upper)))
    assume(0 < partial <= upper)
    remission = draw(st.one_of(st.none(), st.integers(low, high)))
    th = thresholds_for(
        inst, response_percent=response, partial_percent=partial, remission_max_total=remission
    )
    return inst, th, draw(st.integers(low, high)), draw(st.integers(low, high))


def _meets(drop: int, span: int, percent: float) -> bool:
    return Fraction(drop) * 100 >= Fraction(percent) * span


@given(_setups())
def test_classification_is_consistent_with_its_thresholds(
    setup: tuple[Instrument, Thresholds, int, int],
) -> None:
    inst, th, b, c = setup
    result = classify(_s(inst, b), _s(inst, c), thresholds=th)
    assert result.thresholds is th
    span = b - th.floor
    if span == 0:
        assert result.reason is Reason.BASELINE_ZERO
        return
    assert result.percent_change is not None
    assert abs(result.percent_change - (b - c) * 100 / span) < 1e-9
    # Unknown is never "no": no remission rule, or a rule whose index condition the
    # baseline does not meet, leaves remission (and response) undetermined.
    has_rule = th.remission_max_total is not None
    rem_applies = th.remission_min_baseline is None or b >= th.remission_min_baseline
    remission = (c <= th.remission_max_total) if has_rule and rem_applies else None
    resp_applies = th.min_baseline is None or b >= th.min_baseline
    below_min = not resp_applies or (has_rule and not rem_applies)
    response = _meets(b - c, span, th.response_percent) if resp_applies else None
    partial = _meets(b - c, span, th.partial_percent)
    if remission:
        expected = Status.REMISSION
    elif below_min:
        expected = Status.NOT_EVALUABLE
    elif response:
        expected = Status.RESPONSE
    elif partial:
        expected = Status.PARTIAL_RESPONSE
    else:
        expected = Status.NON_RESPONSE
    assert result.status is expected
    if result.evaluable:
        assert result.remission is remission
        assert result.response is response


@given(_setups(), st.integers(0, 10))
def test_lowering_the_current_score_never_worsens_the_status(
    setup: tuple[Instrument, Thresholds, int, int], lower_by: int
) -> None:
    inst, th, b, c = setup
    assert inst.total_range is not None
    lower = max(inst.total_range[0], c - lower_by)
    now = classify(_s(inst, b), _s(inst, c), thresholds=th)
    better = classify(_s(inst, b), _s(inst, lower), thresholds=th)
    assert _RANK[better.status] >= _RANK[now.status]


@given(_setups())
def test_remission_implies_the_current_total_is_at_most_the_threshold(
    setup: tuple[Instrument, Thresholds, int, int],
) -> None:
    inst, th, b, c = setup
    result = classify(_s(inst, b), _s(inst, c), thresholds=th)
    if result.remission or result.status is Status.REMISSION:
        assert th.remission_max_total is not None
        assert c <= th.remission_max_total
    if result.response:
        assert result.percent_change is not None
        assert result.percent_change >= th.response_percent - 1e-9


@given(st.sampled_from(_WITH_RULES), st.data())
def test_default_thresholds_are_the_instruments_own_rules(
    inst: Instrument, data: st.DataObject
) -> None:
    assert inst.total_range is not None
    b = data.draw(st.integers(*inst.total_range))
    c = data.draw(st.integers(*inst.total_range))
    result = classify(_s(inst, b), _s(inst, c))
    if result.remission:
        assert c <= inst.remission_rule().max_total
    if result.response:
        assert (b - c) * 100 >= inst.response_rule().min_reduction_percent * b


_visits = st.lists(
    st.tuples(st.integers(1, 20), st.integers(0, 60)),  # (days since previous, MADRS total)
    min_size=1,
    max_size=14,
)


def _madrs_trajectory(baseline: int, visits: list[tuple[int, int]]) -> Trajectory:
    day = 0
    later = []
    for gap, total in visits:
        day += gap
        later.append(Assessment(D0 + timedelta(days=day), _s(MADRS, total)))
    return trajectory(Assessment(D0, _s(MADRS, baseline)), later)


@given(st.integers(0, 60), _visits, st.sampled_from(["first", "second"]))
def test_relapse_is_never_reported_without_a_prior_remission_or_response(
    baseline: int, visits: list[tuple[int, int]], which: str
) -> None:
    t = _madrs_trajectory(baseline, visits)
    relapse = t.relapse(relapse_date=which)  # type: ignore[arg-type]
    if relapse is None:
        return
    first, second = relapse.assessments
    prior = [
        a
        for a, s in zip(t.assessments, t.statuses, strict=True)
        if a.when < first.when and s.status in (Status.REMISSION, Status.RESPONSE)
    ]
    assert prior
    assert first.score.total is not None
    assert second.score.total is not None
    assert min(first.score.total, second.score.total) >= SUSTAIN1_RELAPSE.min_total
    assert SUSTAIN1_RELAPSE.min_gap <= second.when - first.when <= SUSTAIN1_RELAPSE.max_gap
    assert relapse.when == (first.when if which == "first" else second.when)
    index = t.assessments.index(first)
    assert t.assessments[index + 1] is second


@given(st.integers(0, 60), _visits, st.integers(1, 40))
def test_sustained_spans_hold_the_status_throughout(
    baseline: int, visits: list[tuple[int, int]], days: int
) -> None:
    t = _madrs_trajectory(baseline, visits)
    duration = timedelta(days=days)
    for span, flag in (
        (t.sustained_response(duration), "response"),
        (t.sustained_remission(duration), "remission"),
    ):
        if span is None:
            continue
        assert span.established - span.start >= duration
        inside = [
            s
            for a, s in zip(t.assessments, t.statuses, strict=True)
            if span.start <= a.when <= span.established
        ]
        assert inside
        assert all(getattr(s, flag) is True for s in inside)


@given(st.integers(0, 60), _visits)
def test_first_response_is_the_first_with_the_flag(
    baseline: int, visits: list[tuple[int, int]]
) -> None:
    t = _madrs_trajectory(baseline, visits)
    found = t.first_response()
    flags = [s.response is True for s in t.statuses]
    if found is None:
        assert not any(flags)
        assert t.time_to_response() is None
    else:
        index = t.assessments.index(found)
        assert flags[index]
        assert not any(flags[:index])
        elapsed = t.time_to_response()
        assert elapsed is not None
        assert elapsed > timedelta(0)


@given(
    st.sampled_from((MADRS, HAMD17, QIDS_SR16, BDI_II, BPRS18)),
    st.sampled_from((None, "iv_ketamine", "esketamine")),
    st.data(),
)
def test_response_cutoff_is_the_line_classify_draws(
    inst: Instrument, course: str | None, data: st.DataObject
) -> None:
    """A current total at or below ``response_cutoff`` is a response, and only then."""
    th = thresholds_for(inst, course_type=course)
    assume(th.min_baseline is None and not th.response_companions)
    assert inst.total_range is not None
    low, high = inst.total_range
    baseline = data.draw(st.integers(low + 1, high))
    current = data.draw(st.integers(low, high))
    result = classify(_s(inst, baseline), _s(inst, current), thresholds=th)
    assert result.response is (current <= th.response_cutoff(baseline))
