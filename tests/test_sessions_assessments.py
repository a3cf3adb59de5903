"""Timed in-session assessments (MOAA/S, CADSS) and the checks that read them."""

from __future__ import annotations

import attrs
import pytest

from ketacore.exceptions import ValidationError
from ketacore.instruments import CADSS, MOAAS, PHQ9
from ketacore.sessions import (
    ESKETAMINE_DISCHARGE,
    KETAMINE_DISCHARGE,
    DischargeCriteria,
    DosingSession,
    Requirement,
    TimedScore,
    discharge_check,
    dissociation_event,
    dissociation_events,
)
from session_helpers import at, bp, cadss, cadss_items, ketamine_dose, moaas, session


def _full_esketamine_session(**overrides: object) -> DosingSession:
    fields: dict[str, object] = {
        "vitals": [bp(-5), bp(40), bp(115)],
        "assessments": [moaas(20, 3), moaas(45, 4), moaas(110, 5)],
    }
    fields.update(overrides)
    return session(**fields)


def test_full_esketamine_session_passes_discharge_at_2_h_5_min() -> None:
    """Worked example: BP at -5, +40 and +115 min, MOAA/S back to 5: discharge at 2 h 5 min."""
    record = _full_esketamine_session()
    report = discharge_check(record, at=at(125))
    assert report.ready
    assert report.missing == ()


def test_same_session_refused_at_1_h_50_min() -> None:
    record = _full_esketamine_session()
    report = discharge_check(record, at=at(110))
    assert report.messages == (
        "observation 1 h 50 min of the required 2 h",
        "no pre-discharge blood pressure",
    )


def test_moaas_not_yet_5() -> None:
    record = _full_esketamine_session(assessments=[moaas(20, 3), moaas(100, 4)])
    report = discharge_check(record, at=at(125))
    assert report.messages == ("MOAA/S not yet 5 (last 4 at +1 h 40 min)",)


def test_no_moaas_after_dosing() -> None:
    record = _full_esketamine_session(assessments=[moaas(-5, 5)])
    report = discharge_check(record, at=at(125))
    assert report.messages == ("no MOAA/S recorded after dosing",)


def test_moaas_check_can_be_switched_off() -> None:
    record = _full_esketamine_session(assessments=[])
    criteria = attrs.evolve(ESKETAMINE_DISCHARGE, moaas_back_to_5=False)
    assert discharge_check(record, at=at(125), criteria=criteria).ready


def _racemic(**overrides: object) -> DosingSession:
    fields: dict[str, object] = {
        "dose": ketamine_dose(),
        "vitals": [bp(-5), bp(40), bp(85)],
        "assessments": [cadss(-5, 2), moaas(60, 5), cadss(45, 20), cadss(85, 4)],
    }
    fields.update(overrides)
    return session(**fields)


def test_racemic_session_back_to_baseline_passes_with_escort() -> None:
    record = _racemic()
    report = discharge_check(record, at=at(90), escort_present=True)
    assert report.ready, report.messages


def test_cadss_not_back_to_baseline() -> None:
    record = _racemic(assessments=[cadss(-5, 2), moaas(60, 5), cadss(85, 9)])
    report = discharge_check(record, at=at(90), escort_present=True)
    assert report.messages == ("CADSS not back to baseline (last 9 at +1 h 25 min, pre-dose 2)",)


def test_cadss_tolerance_allows_points_above_baseline() -> None:
    record = _racemic(assessments=[cadss(-5, 2), moaas(60, 5), cadss(85, 9)])
    lenient = attrs.evolve(KETAMINE_DISCHARGE, cadss_tolerance=7)
    report = discharge_check(record, at=at(90), criteria=lenient, escort_present=True)
    assert report.ready


def test_high_baseline_cadss_is_compared_with_itself() -> None:
    """A patient who dissociates at baseline is back to baseline at the same total."""
    record = _racemic(assessments=[cadss(-5, 12), moaas(60, 5), cadss(85, 12)])
    assert discharge_check(record, at=at(90), escort_present=True).ready


@pytest.mark.parametrize(
    ("assessments", "message"),
    [
        ([moaas(60, 5), cadss(85, 3)], "no pre-dose CADSS to compare with"),
        ([cadss(-5, 2), moaas(60, 5)], "no CADSS recorded after dosing"),
    ],
)
def test_cadss_needs_both_readings(assessments: list[TimedScore], message: str) -> None:
    record = _racemic(assessments=assessments)
    report = discharge_check(record, at=at(90), escort_present=True)
    assert report.messages == (message,)


@pytest.mark.parametrize(
    ("before", "after", "event"),
    [(0, 5, True), (0, 4, False), (6, 6, False), (6, 7, True), (10, 5, False), (4, 92, True)],
)
def test_dissociation_event_rule(before: int, after: int, event: bool) -> None:
    """Spravato programme: CADSS total > 4 and increased from pre-dose (reference 1.8)."""
    assert dissociation_event(before, after) is event
    assert dissociation_event(cadss(-5, before).score, cadss(40, after).score) is event
    assert dissociation_event(CADSS.score(cadss_items(before)), after) is event


def test_dissociation_events_of_a_session() -> None:
    record = _racemic()
    assert dissociation_events(record) == (cadss(45, 20),)
    assert dissociation_events(session(assessments=[cadss(45, 20)])) == ()


def test_assessments_are_sorted_and_any_instrument_is_kept() -> None:
    phq = TimedScore(taken_at=at(-10), score=PHQ9.score([0] * 9))
    record = session(assessments=[moaas(40, 4), phq, moaas(20, 3)])
    assert [a.taken_at for a in record.assessments] == [at(-10), at(20), at(40)]
    assert record.assessments[0].instrument_id == "phq9"


def test_timed_score_exposes_total() -> None:
    assert moaas(40, 4).total == 4
    assert cadss(40, 17).total == 17
    assert TimedScore(taken_at=at(0), score=MOAAS.score([0])).instrument_id == "moaas"


def test_dissociation_event_rejects_other_instruments() -> None:
    with pytest.raises(ValidationError) as caught:
        dissociation_event(0, moaas(40, 3).score)
    assert "post_dose" in str(caught.value)
    assert "CADSS" in str(caught.value)


def test_one_dissociation_rule_for_sessions_and_response() -> None:
    """Issue 10: both entry points are one function, with one argument convention."""
    from ketacore import response, sessions

    assert sessions.dissociation_event is response.dissociation_event
    assert response.dissociation_event(0, 5) is sessions.dissociation_event(0, 5) is True


def test_criteria_with_cadss_only() -> None:
    criteria = DischargeCriteria(
        monitoring=KETAMINE_DISCHARGE.monitoring, moaas_back_to_5=False, cadss_back_to_baseline=True
    )
    record = _racemic(assessments=[cadss(-5, 0), cadss(60, 30)])
    assert discharge_check(record, at=at(90), criteria=criteria).requirements == {Requirement.CADSS}
