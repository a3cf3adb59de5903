"""Trajectories: time to response, rapid, sustained, SUSTAIN-1 stable remission, relapse."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import attrs
import pytest

from ketacore.exceptions import ResponseError
from ketacore.instruments import CGI_I, HAMD17, MADRS, PHQ9, YBOCS, Instrument, Score
from ketacore.response import (
    HAMD17_RELAPSE,
    RAPID_RESPONSE_WINDOW,
    SUSTAIN1_RELAPSE,
    SUSTAIN1_STABLE_REMISSION,
    SUSTAINED_DURATION,
    Assessment,
    EventKind,
    RelapseEvent,
    Span,
    StableRemissionRule,
    Status,
    Trajectory,
    When,
    thresholds_for,
    trajectory,
)
from ketacore.testing import example_responses

D0 = date(2026, 1, 5)


def _s(inst: Instrument, total: int) -> Score:
    return inst.score(example_responses(inst, total=total))


def _series(
    totals: list[tuple[int, int]], inst: Instrument = MADRS, start: When = D0
) -> list[Assessment]:
    """(day offset, total) pairs as assessments."""
    return [Assessment(start + timedelta(days=day), _s(inst, total)) for day, total in totals]


def _traj(baseline: int, totals: list[tuple[int, int]], inst: Instrument = MADRS) -> Trajectory:
    return trajectory(Assessment(D0, _s(inst, baseline)), _series(totals, inst))


# --- defaults match the reference ----------------------------------------------------------


def test_defaults_match_the_reference() -> None:
    assert timedelta(hours=24) == RAPID_RESPONSE_WINDOW  # ref §2.1
    assert timedelta(weeks=3) == SUSTAINED_DURATION  # ACNP 2006, ref §2.1
    # SUSTAIN-1 (ref §2.2): MADRS >= 22 at 2 consecutive assessments 5–15 days apart
    assert SUSTAIN1_RELAPSE.min_total == 22
    assert (SUSTAIN1_RELAPSE.min_gap, SUSTAIN1_RELAPSE.max_gap) == (
        timedelta(days=5),
        timedelta(days=15),
    )
    # NCT04007367 (ref §1.4): HAM-D17 >= 18 at 2 consecutive visits 7–14 days apart
    assert (HAMD17_RELAPSE.min_total, HAMD17_RELAPSE.min_gap, HAMD17_RELAPSE.max_gap) == (
        18,
        timedelta(days=7),
        timedelta(days=14),
    )


# --- D8 and D9, reference §6.2 ------------------------------------------------------------

# A stable remitter: baseline 34, MADRS <= 12 weekly for 4 weeks, then the relapse phase.
_REMITTER = [(7, 10), (14, 9), (21, 8), (28, 10)]


def test_d8_two_consecutive_madrs_at_least_22_seven_days_apart_is_relapse() -> None:
    # D8: MADRS 23 on day 0 and 24 on day 7 → relapse (both >= 22, 7 days in [5, 15])
    t = _traj(34, [*_REMITTER, (60, 23), (67, 24)])
    relapse = t.relapse()
    assert relapse is not None
    assert [a.score.total for a in relapse.assessments] == [23, 24]
    assert relapse.when == D0 + timedelta(days=67)  # default: the second assessment
    first = t.relapse(relapse_date="first")
    assert first is not None
    assert first.when == D0 + timedelta(days=60)


def test_d8_with_the_state_given_from_outside_the_series() -> None:
    # D8 as written: "stable remitter" established before day 0 of the relapse phase.
    day0 = date(2026, 6, 1)
    t = trajectory(
        Assessment(day0 - timedelta(days=120), _s(MADRS, 34)),
        [Assessment(day0, _s(MADRS, 23)), Assessment(day0 + timedelta(days=7), _s(MADRS, 24))],
    )
    assert t.relapse() is None  # no remission or response inside the series
    relapse = t.relapse(in_state_since=day0 - timedelta(days=1))
    assert relapse is not None
    assert relapse.when == day0 + timedelta(days=7)


def test_d9_gap_above_15_days_is_not_relapse_by_the_madrs_rule() -> None:
    # D9: 23 on day 0, 24 on day 20 → not relapse (gap > 15 days)
    t = _traj(34, [*_REMITTER, (60, 23), (80, 24)])
    assert t.relapse() is None


@pytest.mark.parametrize(
    ("gap", "relapse"),
    [(4, False), (5, True), (10, True), (15, True), (16, False)],
)
def test_relapse_gap_edges(gap: int, relapse: bool) -> None:
    t = _traj(34, [*_REMITTER, (60, 22), (60 + gap, 22)])
    assert (t.relapse() is not None) is relapse


@pytest.mark.parametrize(("second", "relapse"), [(21, False), (22, True), (30, True)])
def test_relapse_total_edge(second: int, relapse: bool) -> None:
    t = _traj(34, [*_REMITTER, (60, 25), (67, second)])
    assert (t.relapse() is not None) is relapse


def test_relapse_needs_consecutive_assessments() -> None:
    t = _traj(34, [*_REMITTER, (60, 23), (63, 10), (67, 24)])
    assert t.relapse() is None


def test_no_relapse_without_a_prior_remission_or_response() -> None:
    t = _traj(34, [(7, 30), (14, 28), (21, 30)])
    assert t.first_response() is None
    assert t.relapse() is None
    event = RelapseEvent(D0 + timedelta(days=10), EventKind.SUICIDE_ATTEMPT)
    assert t.relapse(events=[event]) is None


def test_relapse_by_event_after_the_state() -> None:
    t = _traj(34, [*_REMITTER, (60, 15)])
    before = RelapseEvent(D0 + timedelta(days=3), EventKind.HOSPITALISATION_TO_PREVENT_SUICIDE)
    after = RelapseEvent(
        D0 + timedelta(days=40), EventKind.HOSPITALISATION_FOR_WORSENING_DEPRESSION
    )
    relapse = t.relapse(events=[after, before])
    assert relapse is not None
    assert relapse.event is after
    assert relapse.when == after.when
    assert relapse.assessments == ()


def test_earliest_of_event_and_score_rule_wins() -> None:
    t = _traj(34, [*_REMITTER, (60, 23), (67, 24)])
    event = RelapseEvent(D0 + timedelta(days=62), EventKind.COMPLETED_SUICIDE)
    relapse = t.relapse(events=[event])
    assert relapse is not None
    assert relapse.event is event
    assert t.relapse(events=[event], relapse_date="first").event is None  # type: ignore[union-attr]


def test_hamd17_relapse_rule() -> None:
    t = _traj(24, [(7, 6), (14, 5), (40, 18), (47, 19)], HAMD17)
    relapse = t.relapse()
    assert relapse is not None
    assert relapse.when == D0 + timedelta(days=47)
    assert _traj(24, [(7, 6), (40, 18), (46, 19)], HAMD17).relapse() is None  # 6 days < 7


# --- time to response / remission -----------------------------------------------------------


def test_time_to_response_and_remission() -> None:
    t = _traj(34, [(1, 30), (7, 16), (14, 12), (21, 10)])
    assert t.first_response() is t.assessments[1]
    assert t.time_to_response() == timedelta(days=7)
    assert t.time_to_remission() == timedelta(days=14)
    assert [s.status for s in t.statuses] == [
        Status.NON_RESPONSE,
        Status.RESPONSE,
        Status.REMISSION,
        Status.REMISSION,
    ]
    # from the first dose on day 2: the first response at or after it
    assert t.time_to_response(D0 + timedelta(days=2)) == timedelta(days=5)
    assert t.time_to_remission(D0 + timedelta(days=15)) == timedelta(days=6)


def test_no_response_gives_none() -> None:
    t = _traj(34, [(7, 30)])
    assert t.time_to_response() is None
    assert t.time_to_remission() is None
    assert t.sustained_response() is None
    assert t.stable_remission() is False


# --- rapid response --------------------------------------------------------------------------


def test_rapid_response_within_24_hours_of_the_first_dose() -> None:
    dose = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    base = Assessment(dose - timedelta(hours=1), _s(MADRS, 34))

    def at(hours: float, total: int) -> Assessment:
        return Assessment(dose + timedelta(hours=hours), _s(MADRS, total))

    assert trajectory(base, [at(4, 20), at(24, 17)]).rapid_response(dose) is not None
    assert trajectory(base, [at(4, 20), at(25, 17)]).rapid_response(dose) is None
    wider = trajectory(base, [at(4, 20), at(25, 17)])
    assert wider.rapid_response(dose, window=timedelta(hours=28)) is not None
    assert trajectory(base, [at(4, 16)]).rapid_response(dose) is not None


def test_rapid_response_on_a_dated_series_uses_whole_days() -> None:
    t = _traj(34, [(1, 16)])
    assert t.rapid_response(D0) is not None  # the next day counts with 24 h
    assert _traj(34, [(2, 16)]).rapid_response(D0) is None


# --- sustained ---------------------------------------------------------------------------------


def test_sustained_remission_needs_three_weeks() -> None:
    t = _traj(34, [(7, 12), (14, 10), (21, 11), (28, 9)])
    assert t.sustained_remission() == Span(D0 + timedelta(days=7), D0 + timedelta(days=28))
    short = _traj(34, [(7, 12), (14, 10), (21, 11), (28, 20)])
    assert short.sustained_remission() is None
    assert short.sustained_remission(timedelta(weeks=2)) == Span(
        D0 + timedelta(days=7), D0 + timedelta(days=21)
    )


def test_a_break_restarts_the_run() -> None:
    t = _traj(34, [(7, 10), (14, 20), (21, 10), (28, 10), (35, 10), (42, 10)])
    assert t.sustained_remission() == Span(D0 + timedelta(days=21), D0 + timedelta(days=42))
    assert t.sustained_response() == Span(D0 + timedelta(days=21), D0 + timedelta(days=42))


def test_sustained_response_includes_remission_visits() -> None:
    t = _traj(34, [(7, 16), (14, 10), (21, 16), (28, 17)])
    assert t.sustained_response() == Span(D0 + timedelta(days=7), D0 + timedelta(days=28))


# --- SUSTAIN-1 stable remission (ref §2.2) -----------------------------------------------------


@pytest.mark.parametrize(
    ("weekly", "stable"),
    [
        ([10, 10, 10, 10], True),
        ([20, 10, 10, 10], True),  # excursion at week 13
        ([10, 20, 10, 10], True),  # excursion at week 14
        ([10, 10, 20, 10], False),  # excursion at week 15: not allowed
        ([10, 10, 10, 13], False),  # week 16 above 12
        ([20, 20, 10, 10], False),  # only 2 of 4
        ([None, 10, 10, 10], True),  # one missing MADRS at week 13
        ([None, None, 10, 10], False),
        ([12, 12, 12, 12], True),  # the threshold itself
    ],
)
def test_stable_remission(weekly: list[int | None], stable: bool) -> None:
    totals = [(7 * week, 30) for week in range(1, 13)]
    totals += [(7 * (13 + i), t) for i, t in enumerate(weekly) if t is not None]
    t = _traj(34, totals)
    assert t.stable_remission(as_of=D0 + timedelta(weeks=16)) is stable


def test_stable_remission_default_as_of_is_the_last_assessment() -> None:
    t = _traj(34, [(7, 10), (14, 10), (21, 10), (28, 10)])
    assert t.stable_remission() is True
    assert t.stable_remission(rule=attrs.evolve(SUSTAIN1_STABLE_REMISSION, max_total=9)) is False


# --- companions in a trajectory -------------------------------------------------------------


def test_ybocs_trajectory_uses_companions_per_visit() -> None:
    base = Assessment(D0, _s(YBOCS, 30))
    later = [
        Assessment(D0 + timedelta(days=28), _s(YBOCS, 18), (CGI_I.score([2]),)),
        Assessment(D0 + timedelta(days=56), _s(YBOCS, 18)),
    ]
    t = trajectory(base, later)
    assert [s.status for s in t.statuses] == [Status.RESPONSE, Status.NOT_EVALUABLE]


def test_custom_thresholds_in_a_trajectory() -> None:
    base = Assessment(D0, _s(MADRS, 34))
    t = trajectory(
        base,
        _series([(7, 12)]),
        thresholds=thresholds_for(MADRS, remission_rule="ketamine-iv"),
    )
    assert t.statuses[0].status is Status.RESPONSE


def test_aware_datetimes_in_different_zones_compare_by_instant() -> None:
    utc = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    plus2 = timezone(timedelta(hours=2))
    t = trajectory(
        Assessment(utc, _s(PHQ9, 20)),
        [Assessment(datetime(2026, 1, 5, 15, 0, tzinfo=plus2), _s(PHQ9, 9))],  # 13:00 UTC
    )
    assert t.time_to_response() == timedelta(hours=1)


# --- aware datetimes across daylight-saving changes: absolute time ----------------------------
# Moments are written in local time; the expected spans are the absolute ones (UTC),
# which differ from the wall-clock ones by the hour the clocks move.

_NEW_YORK = ZoneInfo("America/New_York")  # 2026: spring 8 March, fall 1 November
_LONDON = ZoneInfo("Europe/London")  # 2026: spring 29 March, fall 25 October


def _local(zone: ZoneInfo, *fields: int, fold: int = 0) -> datetime:
    return datetime(*fields, tzinfo=zone, fold=fold)


def test_time_to_response_across_spring_forward_is_absolute() -> None:
    base = _local(_NEW_YORK, 2026, 3, 7, 9, 0)
    t = trajectory(
        Assessment(base, _s(PHQ9, 20)),
        [Assessment(_local(_NEW_YORK, 2026, 3, 8, 9, 0), _s(PHQ9, 9))],
    )
    assert t.time_to_response() == timedelta(hours=23)


@pytest.mark.parametrize(
    ("zone", "dose", "rated", "rapid"),
    [
        # 10:00 EST to 10:30 EDT the next day is 23 h 30 min: within 24 h.
        (_NEW_YORK, (2026, 3, 7, 10, 0), (2026, 3, 8, 10, 30), True),
        # 10:00 BST to 09:30 GMT the next day is 24 h 30 min: outside 24 h.
        (_LONDON, (2026, 10, 24, 10, 0), (2026, 10, 25, 9, 30), False),
    ],
)
def test_rapid_response_window_across_a_clock_change(
    zone: ZoneInfo, dose: tuple[int, ...], rated: tuple[int, ...], rapid: bool
) -> None:
    first_dose = _local(zone, *dose)
    t = trajectory(
        Assessment(first_dose - timedelta(hours=1), _s(MADRS, 34)),
        [Assessment(_local(zone, *rated), _s(MADRS, 16))],
    )
    assert (t.rapid_response(first_dose) is not None) is rapid


@pytest.mark.parametrize(
    ("zone", "first", "second"),
    [
        # 09:00 GMT to 09:30 BST 15 calendar days later is 14 days 23 h 30 min: within 15 days.
        (_LONDON, (2026, 3, 20, 9, 0), (2026, 4, 4, 9, 30)),
        # 09:00 EDT to 08:30 EST 5 calendar days later is 5 days 30 min: at least 5 days.
        (_NEW_YORK, (2026, 10, 30, 9, 0), (2026, 11, 4, 8, 30)),
    ],
)
def test_sustain1_relapse_spacing_across_a_clock_change(
    zone: ZoneInfo, first: tuple[int, ...], second: tuple[int, ...]
) -> None:
    one, two = _local(zone, *first), _local(zone, *second)
    remitted = one - timedelta(days=7)
    t = trajectory(
        Assessment(remitted - timedelta(days=28), _s(MADRS, 34)),
        [
            Assessment(remitted, _s(MADRS, 10)),
            Assessment(one, _s(MADRS, 23)),
            Assessment(two, _s(MADRS, 24)),
        ],
    )
    relapse = t.relapse()
    assert relapse is not None
    assert relapse.when == two


def test_sustained_remission_across_fall_back_is_absolute() -> None:
    # 09:00 EDT on 18 October to 08:30 EST on 8 November is 3 weeks and 30 min.
    start = _local(_NEW_YORK, 2026, 10, 18, 9, 0)
    end = _local(_NEW_YORK, 2026, 11, 8, 8, 30)
    t = trajectory(
        Assessment(start - timedelta(days=7), _s(MADRS, 34)),
        [Assessment(start, _s(MADRS, 10)), Assessment(end, _s(MADRS, 9))],
    )
    assert t.sustained_remission() == Span(start, end)


def test_assessments_in_the_repeated_hour_are_ordered_by_instant() -> None:
    # 01:50 EDT, then 01:10 EST 20 min later: increasing in time, not a duplicate.
    first = _local(_NEW_YORK, 2026, 11, 1, 1, 50)
    second = _local(_NEW_YORK, 2026, 11, 1, 1, 10, fold=1)
    t = trajectory(Assessment(first, _s(PHQ9, 20)), [Assessment(second, _s(PHQ9, 9))])
    assert t.time_to_response() == timedelta(minutes=20)
    with pytest.raises(ResponseError) as caught:
        trajectory(Assessment(second, _s(PHQ9, 20)), [Assessment(first, _s(PHQ9, 9))])
    assert caught.value.field == "assessments[0].when"
    assert caught.value.value == first


# --- statuses are derived from the assessments, never stored beside them -------------------


def test_statuses_are_computed_from_the_assessments() -> None:
    base = Assessment(D0, _s(MADRS, 34))
    t = Trajectory(base, _series([(7, 40), (14, 10)]), thresholds_for(MADRS))
    assert [s.status for s in t.statuses] == [Status.NON_RESPONSE, Status.REMISSION]
    assert [s.current_total for s in t.statuses] == [40, 10]
    assert t.statuses is t.statuses  # computed once


def test_statuses_cannot_be_given_or_set() -> None:
    t = _traj(34, [(7, 40)])
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        t.statuses = t.statuses  # type: ignore[misc]
    assert "statuses" not in attrs.fields_dict(Trajectory)
    # The old positional form (baseline, assessments, statuses, thresholds) is refused.
    with pytest.raises(ResponseError) as caught:
        Trajectory(t.baseline, t.assessments, t.statuses, t.thresholds)  # type: ignore[arg-type]
    assert caught.value.field == "thresholds"


def test_a_changed_trajectory_recomputes_its_statuses() -> None:
    t = _traj(34, [(7, 40)])
    assert t.statuses[0].status is Status.NON_RESPONSE
    better = attrs.evolve(t, assessments=_series([(7, 10)]))
    assert better.statuses[0].status is Status.REMISSION


def test_a_trajectory_built_directly_is_checked_like_one_from_trajectory() -> None:
    base = Assessment(D0, _s(MADRS, 34))
    with pytest.raises(ResponseError) as caught:
        Trajectory(base, _series([(14, 10), (7, 10)]), thresholds_for(MADRS))
    assert caught.value.field == "assessments[1].when"
    with pytest.raises(ResponseError) as caught:
        Trajectory(base, _series([(7, 10)]), thresholds_for(PHQ9))
    assert (caught.value.field, caught.value.value) == ("thresholds", "phq9")


def test_allow_prorated_is_kept_and_used() -> None:
    base = Assessment(D0, _s(PHQ9, 20))
    prorated = PHQ9.score([1, 1, 1, 1, 1, 1, 1, 1, None], missing="prorate")
    later = [Assessment(D0 + timedelta(days=7), prorated)]
    assert trajectory(base, later).statuses[0].status is Status.NOT_EVALUABLE
    allowed = trajectory(base, later, allow_prorated=True)
    assert allowed.allow_prorated is True
    assert allowed.statuses[0].status is Status.RESPONSE


# --- dated and timed series -----------------------------------------------------------------


def test_a_series_is_dated_or_timed_by_its_baseline() -> None:
    assert _traj(34, [(7, 10)]).timed is False
    aware = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    timed = trajectory(
        Assessment(aware, _s(MADRS, 34)), [Assessment(aware + timedelta(hours=4), _s(MADRS, 16))]
    )
    assert timed.timed is True
    assert timed.rapid_response(aware) == timed.assessments[0]


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(ResponseError) as caught:
        Assessment(datetime(2026, 1, 5, 9, 0), _s(MADRS, 34))
    assert caught.value.field == "when"


# --- stable remission is a rule object --------------------------------------------------------


def test_sustain1_stable_remission_rule_matches_the_reference() -> None:
    # SUSTAIN-1 (ref §2.2): MADRS <= 12 in at least 3 of the last 4 weeks, last 2 met.
    rule = SUSTAIN1_STABLE_REMISSION
    assert (rule.max_total, rule.weeks, rule.required, rule.final_weeks) == (12, 4, 3, 2)
    assert rule.instruments == {"madrs", "madrs_24h"}
    assert "NCT02493868" in rule.source


def test_a_stable_remission_rule_for_another_instrument() -> None:
    rule = StableRemissionRule("test", {"hamd17"}, 7, 4, 3, 2, "a test rule")
    t = _traj(30, [(7, 7), (14, 6), (21, 7), (28, 5)], inst=HAMD17)
    assert t.stable_remission(rule=rule) is True
    with pytest.raises(ResponseError) as caught:
        t.stable_remission()  # no default rule for HAM-D17
    assert caught.value.field == "rule"
