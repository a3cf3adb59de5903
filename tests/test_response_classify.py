"""classify(): worked examples D5–D7, boundaries at every threshold, not-evaluable reasons."""

from __future__ import annotations

import attrs
import pytest

from import_helpers import modules_after
from ketacore.exceptions import ScoringError
from ketacore.instruments import (
    BPRS18,
    CADSS,
    CGI_I,
    CGI_S,
    HAMD17,
    MADRS,
    MADRS_24H,
    PHQ9,
    QIDS_SR16,
    YBOCS,
    Instrument,
    Score,
)
from ketacore.response import (
    PARTIAL_RESPONSE_PERCENT,
    PREDICT_PARTIAL_RESPONSE_PERCENT,
    Reason,
    Status,
    classify,
    dissociation_event,
    improvement_response,
    thresholds_for,
)
from ketacore.testing import example_responses


def _s(inst: Instrument, total: int) -> Score:
    return inst.score(example_responses(inst, total=total))


def _madrs(total: int) -> Score:
    return _s(MADRS, total)


# --- worked examples, reference §6.2 (expected values typed from the reference) ---------


def test_d5_response_not_remission() -> None:
    # D5: MADRS 34 → 16: 52.9 % reduction → response, not remission (16 > 12).
    result = classify(_madrs(34), _madrs(16))
    assert result.status is Status.RESPONSE
    assert result.percent_change == pytest.approx(52.9, abs=0.05)
    assert result.response is True
    assert result.remission is False
    assert result.reason is None


def test_d6_response_and_remission_esketamine_default() -> None:
    # D6: MADRS 34 → 12: 64.7 % → response + remission (<= 12 esketamine default).
    result = classify(_madrs(34), _madrs(12))
    assert result.status is Status.REMISSION
    assert result.percent_change == pytest.approx(64.7, abs=0.05)
    assert (result.remission, result.response) == (True, True)
    assert result.thresholds is not None
    assert result.thresholds.remission_max_total == 12


def test_d6_with_the_ketamine_iv_rule_is_response_only() -> None:
    # D6, second half: with the <= 10 rule, response only.
    result = classify(
        _madrs(34), _madrs(12), thresholds=thresholds_for(MADRS, remission_rule="ketamine-iv")
    )
    assert result.status is Status.RESPONSE
    assert (result.remission, result.response) == (False, True)
    assert result.thresholds is not None
    assert result.thresholds.remission_max_total == 10


def test_d7_partial_response() -> None:
    # D7: MADRS 34 → 22: 35.3 % → partial response (25–49 % default).
    result = classify(_madrs(34), _madrs(22))
    assert result.status is Status.PARTIAL_RESPONSE
    assert result.percent_change == pytest.approx(35.3, abs=0.05)
    assert (result.remission, result.response) == (False, False)


def test_defaults_match_the_reference() -> None:
    assert PARTIAL_RESPONSE_PERCENT == 25  # ref §2.1
    assert PREDICT_PARTIAL_RESPONSE_PERCENT == 30  # ref §2.1, PReDICT
    # (instrument, remission max total, response %) from ref §1.1, §1.3, §1.4, §1.5, §1.11
    for inst, remission, response in [
        (PHQ9, 4, 50),
        (MADRS, 12, 50),
        (HAMD17, 7, 50),
        (QIDS_SR16, 5, 50),
        (YBOCS, 12, 35),
    ]:
        th = thresholds_for(inst)
        assert (th.remission_max_total, th.response_percent) == (remission, response)
        assert th.partial_percent == 25
    assert thresholds_for(MADRS, remission_rule="ketamine-iv").remission_max_total == 10
    assert thresholds_for(PHQ9).min_baseline == 10  # index score > 9


# --- boundaries: at each threshold and either side ---------------------------------------


@pytest.mark.parametrize(
    ("current", "status"),
    [
        (10, Status.REMISSION),  # 50 % and <= 12
        (11, Status.REMISSION),
        (12, Status.REMISSION),  # remission threshold itself
        (13, Status.PARTIAL_RESPONSE),  # 13 > 12 and 35 %: below the 50 % response edge
    ],
)
def test_madrs_remission_boundary(current: int, status: Status) -> None:
    assert classify(_madrs(20), _madrs(current)).status is status


@pytest.mark.parametrize(
    ("current", "status"),
    [
        (19, Status.RESPONSE),  # 52.5 %
        (20, Status.RESPONSE),  # exactly 50 %
        (21, Status.PARTIAL_RESPONSE),  # 47.5 %
        (29, Status.PARTIAL_RESPONSE),  # 27.5 %
        (30, Status.PARTIAL_RESPONSE),  # exactly 25 %
        (31, Status.NON_RESPONSE),  # 22.5 %
        (40, Status.NON_RESPONSE),  # 0 %
        (50, Status.NON_RESPONSE),  # worse
    ],
)
def test_madrs_response_and_partial_boundaries(current: int, status: Status) -> None:
    assert classify(_madrs(40), _madrs(current)).status is status


@pytest.mark.parametrize(
    ("current", "status"),
    [
        (27, Status.PARTIAL_RESPONSE),  # 32.5 %
        (28, Status.PARTIAL_RESPONSE),  # exactly 30 %
        (29, Status.NON_RESPONSE),  # 27.5 %: partial under 25 %, non-response under 30 %
    ],
)
def test_predict_partial_band(current: int, status: Status) -> None:
    result = classify(
        _madrs(40),
        _madrs(current),
        thresholds=thresholds_for(MADRS, partial_percent=PREDICT_PARTIAL_RESPONSE_PERCENT),
    )
    assert result.status is status
    assert classify(_madrs(40), _madrs(29)).status is Status.PARTIAL_RESPONSE


def test_thresholds_are_compared_exactly_not_in_floating_point() -> None:
    # 30 → 20 is 33.33...%: above 33.333 %, below 33.334 %
    assert (
        classify(
            _madrs(30), _madrs(20), thresholds=thresholds_for(MADRS, response_percent=33.333)
        ).status
        is Status.RESPONSE
    )
    below = classify(
        _madrs(30), _madrs(20), thresholds=thresholds_for(MADRS, response_percent=33.334)
    )
    assert below.status is Status.PARTIAL_RESPONSE
    # 10 → 7 is exactly 30 %: meets a float threshold of 30.0 (0.3 * 10 is not exact in floats)
    assert (
        classify(
            _madrs(10), _madrs(7), thresholds=thresholds_for(MADRS, response_percent=30.0)
        ).response
        is True
    )


@pytest.mark.parametrize(
    ("inst", "baseline", "edge"),
    [(PHQ9, 20, 4), (HAMD17, 24, 7), (QIDS_SR16, 20, 5)],
)
def test_remission_edges_of_other_instruments(inst: Instrument, baseline: int, edge: int) -> None:
    # PHQ-9 < 5 (ref §1.1), HAM-D17 <= 7 (§1.4), QIDS-SR16 <= 5 (§1.5)
    assert classify(_s(inst, baseline), _s(inst, edge)).status is Status.REMISSION
    above = classify(_s(inst, baseline), _s(inst, edge + 1))
    assert above.status is Status.RESPONSE
    assert above.remission is False


def test_phq9_response_needs_an_index_score_above_9() -> None:
    # NQF 1885: response from an index score > 9 (ref §1.1)
    assert classify(_s(PHQ9, 10), _s(PHQ9, 5)).status is Status.RESPONSE
    below = classify(_s(PHQ9, 9), _s(PHQ9, 5))
    assert below.status is Status.NOT_EVALUABLE
    assert below.reason is Reason.BASELINE_BELOW_MINIMUM
    assert below.percent_change == pytest.approx(44.4, abs=0.05)
    # CMS159 remission also needs the index score > 9: 9 -> 4 is not evaluable, never
    # remission (see test_phq9_remission_needs_the_cms159_index_score)
    assert classify(_s(PHQ9, 9), _s(PHQ9, 4)).status is Status.NOT_EVALUABLE


# --- Y-BOCS companions (ref §1.11, §1.14) --------------------------------------------------


def test_ybocs_response_needs_cgi_i_at_most_2() -> None:
    base, now = _s(YBOCS, 30), _s(YBOCS, 19)  # 36.7 % >= 35 %
    assert classify(base, now, companions=[CGI_I.score([2])]).status is Status.RESPONSE
    # CGI-I 3: not a response; the reduction is in the partial band
    worse = classify(base, now, companions=[CGI_I.score([3])])
    assert worse.status is Status.PARTIAL_RESPONSE
    missing = classify(base, now)
    assert missing.status is Status.NOT_EVALUABLE
    assert missing.reason is Reason.MISSING_COMPANION
    not_assessed = classify(base, now, companions=[CGI_I.score([0])])
    assert not_assessed.reason is Reason.MISSING_COMPANION


def test_ybocs_response_edge_35_percent() -> None:
    base = _s(YBOCS, 20)
    cgi = [CGI_I.score([1])]
    assert classify(base, _s(YBOCS, 13), companions=cgi).status is Status.RESPONSE  # 35 %
    assert classify(base, _s(YBOCS, 14), companions=cgi).status is Status.PARTIAL_RESPONSE  # 30 %


def test_ybocs_remission_needs_cgi_s_at_most_2() -> None:
    base, now = _s(YBOCS, 30), _s(YBOCS, 12)
    both = [CGI_I.score([1]), CGI_S.score([2])]
    assert classify(base, now, companions=both).status is Status.REMISSION
    ill = [CGI_I.score([1]), CGI_S.score([3])]
    assert classify(base, now, companions=ill).status is Status.RESPONSE
    no_cgi_s = classify(base, now, companions=[CGI_I.score([1])])
    assert no_cgi_s.reason is Reason.MISSING_COMPANION
    assert no_cgi_s.response is True


def test_cgi_companion_not_needed_when_the_reduction_is_small() -> None:
    result = classify(_s(YBOCS, 30), _s(YBOCS, 28))
    assert result.status is Status.NON_RESPONSE


def test_cgi_i_response_is_1_or_2() -> None:
    # CGI-I response = 1 or 2 (ref §1.14)
    assert [improvement_response(CGI_I.score([v])) for v in range(1, 8)] == [
        True,
        True,
        False,
        False,
        False,
        False,
        False,
    ]
    assert improvement_response(CGI_I.score([0])) is None
    assert improvement_response(None) is None


# --- scales with a floor above 0 ----------------------------------------------------------


def test_bprs_percent_change_is_measured_above_the_floor_of_18() -> None:
    result = classify(
        _s(BPRS18, 30), _s(BPRS18, 24), thresholds=thresholds_for(BPRS18, response_percent=50)
    )
    assert result.percent_change == pytest.approx(50.0)  # (30 − 24) / (30 − 18)
    assert result.status is Status.RESPONSE
    raw = classify(
        _s(BPRS18, 30),
        _s(BPRS18, 24),
        thresholds=thresholds_for(BPRS18, response_percent=50, floor=0),
    )
    assert raw.percent_change == pytest.approx(20.0)
    assert raw.status is Status.NON_RESPONSE


def test_baseline_at_the_floor_is_not_evaluable() -> None:
    floored = classify(
        _s(BPRS18, 18), _s(BPRS18, 18), thresholds=thresholds_for(BPRS18, response_percent=50)
    )
    assert floored.reason is Reason.BASELINE_ZERO
    assert floored.percent_change is None
    cgi = classify(
        CGI_S.score([1]), CGI_S.score([1]), thresholds=thresholds_for(CGI_S, response_percent=50)
    )
    assert cgi.reason is Reason.BASELINE_ZERO
    assert (
        classify(
            CGI_S.score([5]),
            CGI_S.score([3]),
            thresholds=thresholds_for(CGI_S, response_percent=50),
        ).percent_change
        == 50
    )


# --- not evaluable --------------------------------------------------------------------------


def test_baseline_zero_is_not_evaluable() -> None:
    result = classify(_madrs(0), _madrs(0))
    assert result.status is Status.NOT_EVALUABLE
    assert result.reason is Reason.BASELINE_ZERO
    assert (result.remission, result.response, result.percent_change) == (None, None, None)
    assert not result.evaluable


def test_missing_scores_are_not_evaluable() -> None:
    assert classify(None, _madrs(10)).reason is Reason.MISSING_BASELINE
    assert classify(_madrs(10), None).reason is Reason.MISSING_CURRENT
    both = classify(None, None)
    assert both.reason is Reason.MISSING_BASELINE
    assert both.thresholds is None


def test_different_instruments_are_not_evaluable() -> None:
    result = classify(_madrs(30), _s(HAMD17, 10))
    assert result.reason is Reason.DIFFERENT_INSTRUMENTS
    # MADRS and its 24-hour-recall variant are different instruments
    assert classify(_madrs(30), _s(MADRS_24H, 10)).reason is Reason.DIFFERENT_INSTRUMENTS


def test_not_rated_and_invalid_totals_are_not_evaluable() -> None:
    not_rated = BPRS18.score([1] * 17 + [0])
    assert (
        classify(
            not_rated, _s(BPRS18, 20), thresholds=thresholds_for(BPRS18, response_percent=50)
        ).reason
        is Reason.NO_TOTAL
    )
    # An impossible total cannot even be built: Score(...) scores its items again.
    with pytest.raises(ScoringError):
        Score(MADRS, (), 61)
    with pytest.raises(ScoringError):
        Score(MADRS, (), -1)


def test_prorated_scores_need_allow_prorated() -> None:
    prorated = PHQ9.score([3, 3, 3, 3, 3, 3, 3, 3, None], missing="prorate")
    assert prorated.prorated
    now = _s(PHQ9, 3)
    assert classify(prorated, now).reason is Reason.PRORATED
    assert classify(prorated, now, allow_prorated=True).status is Status.REMISSION


def test_result_is_frozen_and_slotted() -> None:
    result = classify(_madrs(34), _madrs(16))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.status = Status.REMISSION  # type: ignore[misc]
    assert not hasattr(result, "__dict__")


def test_prebuilt_thresholds_are_reused() -> None:
    th = thresholds_for(MADRS, remission_rule="ketamine-iv")
    assert classify(_madrs(34), _madrs(12), thresholds=th).status is Status.RESPONSE
    assert thresholds_for(MADRS) is thresholds_for(MADRS)  # cached


# --- CADSS dissociation event (ref §1.8) --------------------------------------------------


@pytest.mark.parametrize(
    ("pre", "post", "event"),
    [
        (0, 5, True),  # > 4 and increased
        (0, 4, False),  # not > 4
        (4, 5, True),  # increase of 1
        (5, 5, False),  # no increase
        (6, 5, False),  # decrease
        (10, 30, True),
    ],
)
def test_dissociation_event(pre: int, post: int, event: bool) -> None:
    assert dissociation_event(_s(CADSS, pre), _s(CADSS, post)) is event


# --- import cost ----------------------------------------------------------------------------


def test_response_does_not_import_pint() -> None:
    assert "pint" not in modules_after("import ketacore.response")
