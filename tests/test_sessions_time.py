"""Elapsed time in sessions is absolute time, across both daylight-saving changes.

Python subtracts and compares aware datetimes that share one ``tzinfo`` by wall
clock (pitfalls: "Aware datetimes with the same tzinfo subtract by wall clock").
Every moment below is built in UTC, at a known absolute offset from dosing, and
then shown in the clinic's zone with ``astimezone`` (so the datetimes share one
``ZoneInfo`` and carry the right ``fold``). The expected durations are those
absolute offsets.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ketacore.instruments import MOAAS
from ketacore.sessions import (
    ESKETAMINE_MONITORING,
    AdverseEvent,
    DosingSession,
    GateDecision,
    IntegrationSession,
    Requirement,
    TimedScore,
    discharge_check,
    monitoring_gaps,
    pre_dose_gate,
)
from ketacore.vitals import VitalSigns
from session_helpers import esketamine_dose, ketamine_dose

NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")

# The UTC instant of each 2026 change, and which way the clocks go.
TRANSITIONS = [
    pytest.param(NEW_YORK, datetime(2026, 3, 8, 7, 0, tzinfo=UTC), "spring", id="new-york-spring"),
    pytest.param(NEW_YORK, datetime(2026, 11, 1, 6, 0, tzinfo=UTC), "fall", id="new-york-fall"),
    pytest.param(LONDON, datetime(2026, 3, 29, 1, 0, tzinfo=UTC), "spring", id="london-spring"),
    pytest.param(LONDON, datetime(2026, 10, 25, 1, 0, tzinfo=UTC), "fall", id="london-fall"),
]


def _local(zone: ZoneInfo, dosed: datetime, minutes: float) -> datetime:
    """The moment *minutes* of absolute time after *dosed* (UTC), in *zone*."""
    return (dosed + timedelta(minutes=minutes)).astimezone(zone)


def _check_zone_really_changes(zone: ZoneInfo, change: datetime) -> None:
    before, after = _local(zone, change, -30), _local(zone, change, 30)
    assert before.utcoffset() != after.utcoffset()


def _session(zone: ZoneInfo, dosed: datetime, observed: int) -> DosingSession:
    """A complete esketamine session dosed at *dosed* (UTC) and observed *observed* min."""

    def bp(minutes: float) -> VitalSigns:
        return VitalSigns(taken_at=_local(zone, dosed, minutes), systolic=128, diastolic=82)

    return DosingSession(
        id="S-DST",
        started_at=_local(zone, dosed, -15),
        dosed_at=_local(zone, dosed, 0),
        dose=esketamine_dose(),
        observation_end=_local(zone, dosed, observed),
        vitals=[bp(-5), bp(40), bp(observed - 5)],
        assessments=[
            TimedScore(taken_at=_local(zone, dosed, observed - 5), score=MOAAS.score([5]))
        ],
    )


@pytest.mark.parametrize(("zone", "change", "direction"), TRANSITIONS)
def test_observation_and_discharge_across_a_clock_change(
    zone: ZoneInfo, change: datetime, direction: str
) -> None:
    # Dosed 30 min before the change. Spring: 1 h 05 min of observation reads as
    # 2 h 05 min on the wall clock (discharged too early). Fall: 2 h 05 min reads
    # as 1 h 05 min (kept too long).
    _check_zone_really_changes(zone, change)
    dosed = change - timedelta(minutes=30)
    observed = 65 if direction == "spring" else 125
    record = _session(zone, dosed, observed)
    assert record.observation == timedelta(minutes=observed)
    report = discharge_check(record, at=record.observation_end)
    if direction == "spring":
        assert not report.ready
        assert report.messages == ("observation 1 h 5 min of the required 2 h",)
    else:
        assert report.ready, report.messages


@pytest.mark.parametrize(("zone", "change", "direction"), TRANSITIONS)
def test_forty_minute_blood_pressure_across_a_clock_change(
    zone: ZoneInfo, change: datetime, direction: str
) -> None:
    # Dosed 20 min before the change; the +40 min reading falls after it.
    dosed = change - timedelta(minutes=20)
    record = _session(zone, dosed, 130)
    gaps = monitoring_gaps(record, plan=ESKETAMINE_MONITORING)
    assert Requirement.PEAK_BLOOD_PRESSURE not in {gap.requirement for gap in gaps}
    window = ESKETAMINE_MONITORING.peak_window(record.dosed_at)
    assert window is not None
    start, end = window
    assert start.astimezone(UTC) == dosed + timedelta(minutes=30)
    assert end.astimezone(UTC) == dosed + timedelta(minutes=50)
    assert start.tzinfo is zone  # shown in the clinic's zone


FALL_BACK = [p for p in TRANSITIONS if p.values[2] == "fall"]


@pytest.mark.parametrize(("zone", "change", "direction"), FALL_BACK)
def test_a_wall_clock_40_minutes_is_not_the_peak_reading(
    zone: ZoneInfo, change: datetime, direction: str
) -> None:
    # Dosed 01:30 summer time; 02:10 standard time is 40 wall-clock minutes
    # later but 1 h 40 min of absolute time: not the near-peak reading.
    dosed = change - timedelta(minutes=30)
    wall = _local(zone, dosed, 0).replace(tzinfo=None) + timedelta(minutes=40)
    reading_at = wall.replace(tzinfo=zone)
    assert reading_at.astimezone(UTC) - dosed == timedelta(minutes=100)
    record = DosingSession(
        id="S-DST",
        started_at=_local(zone, dosed, -15),
        dosed_at=_local(zone, dosed, 0),
        dose=esketamine_dose(),
        observation_end=_local(zone, dosed, 130),
        vitals=[
            VitalSigns(taken_at=_local(zone, dosed, -5), systolic=128, diastolic=82),
            VitalSigns(taken_at=reading_at, systolic=128, diastolic=82),
            VitalSigns(taken_at=_local(zone, dosed, 125), systolic=128, diastolic=82),
        ],
    )
    gaps = monitoring_gaps(record, plan=ESKETAMINE_MONITORING)
    assert Requirement.PEAK_BLOOD_PRESSURE in {gap.requirement for gap in gaps}


@pytest.mark.parametrize("zone", [NEW_YORK, LONDON])
def test_readings_in_the_repeated_hour_are_ordered_by_instant(zone: ZoneInfo) -> None:
    # Fall back: 01:50 (summer time) comes 40 min before 01:10 (standard time).
    change = {NEW_YORK: datetime(2026, 11, 1, 6, 0, tzinfo=UTC)}.get(
        zone, datetime(2026, 10, 25, 1, 0, tzinfo=UTC)
    )
    high = VitalSigns(taken_at=_local(zone, change, -10), systolic=150, diastolic=95)
    rested = VitalSigns(taken_at=_local(zone, change, 30), systolic=132, diastolic=84)
    assert rested.taken_at.replace(tzinfo=None) < high.taken_at.replace(tzinfo=None)
    gate = pre_dose_gate([high, rested], age=40)
    assert gate.decision is GateDecision.PROCEED
    assert gate.reading == rested
    record = DosingSession(
        id="S-DST",
        started_at=_local(zone, change, -20),
        dosed_at=_local(zone, change, 35),
        dose=esketamine_dose(),
        vitals=[rested, high],
    )
    assert record.vitals == (high, rested)
    assert record.pre_dose_vitals() == (high, rested)
    assert pre_dose_gate(record, age=40).decision is GateDecision.PROCEED


def test_session_inside_the_repeated_hour_is_accepted() -> None:
    # Started 01:20 EDT, a reading at 01:10 EST (50 min later): inside the session.
    change = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)
    start = _local(NEW_YORK, change, -40)
    reading = VitalSigns(taken_at=_local(NEW_YORK, change, 10), systolic=128, diastolic=82)
    record = DosingSession(
        id="S-DST",
        started_at=start,
        dosed_at=_local(NEW_YORK, change, -30),
        dose=esketamine_dose(),
        vitals=[reading],
    )
    assert record.blood_pressures(until=_local(NEW_YORK, change, 15)) == (reading,)
    assert record.blood_pressures(until=_local(NEW_YORK, change, 5)) == ()


def test_infusion_end_and_adverse_event_resolution_use_absolute_time() -> None:
    # Ketamine 0.5 mg/kg over 40 min started 01:40 EDT on the fall-back night.
    change = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)
    dosed = change - timedelta(minutes=20)
    event = AdverseEvent(
        kind="nausea/vomiting",
        severity="moderate",
        onset=_local(NEW_YORK, dosed, 10),
        resolved_at=_local(NEW_YORK, dosed, 30),
    )
    record = DosingSession(
        id="S-DST",
        started_at=_local(NEW_YORK, dosed, -15),
        dosed_at=_local(NEW_YORK, dosed, 0),
        dose=ketamine_dose(),
        observation_end=_local(NEW_YORK, dosed, 45),
        adverse_events=[event],
    )
    assert record.dose_end is not None
    assert record.dose_end.astimezone(UTC) == dosed + timedelta(minutes=40)
    assert event.is_resolved(_local(NEW_YORK, dosed, 35))
    assert not event.is_resolved(_local(NEW_YORK, dosed, 25))


def test_therapy_session_end_is_absolute() -> None:
    change = datetime(2026, 10, 25, 1, 0, tzinfo=UTC)
    start = _local(LONDON, change, -30)
    therapy = IntegrationSession(
        id="I1",
        started_at=start,
        duration=timedelta(minutes=50),
        therapist="T-017",
        modality="ACT",
    )
    assert therapy.ended_at.astimezone(UTC) == change + timedelta(minutes=20)


def test_multi_device_observation_is_timed_from_the_first_device() -> None:
    # Decision (clinical default 7): the REMS Patient Monitoring Form records the total
    # monitoring time from the first device (clinical reference section 10). 84 mg is
    # 3 devices 5 min apart, so the last is at +10 min; 2 h from the first device is enough.
    first_device = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    record = DosingSession(
        id="S-84",
        started_at=first_device - timedelta(minutes=15),
        dosed_at=first_device,
        dose=esketamine_dose(84),
        observation_end=first_device + timedelta(hours=2),
        vitals=[
            VitalSigns(taken_at=first_device + timedelta(minutes=m), systolic=128, diastolic=82)
            for m in (-5, 40, 115)
        ],
        assessments=[
            TimedScore(taken_at=first_device + timedelta(minutes=115), score=MOAAS.score([5]))
        ],
    )
    assert record.observation == timedelta(hours=2)
    assert discharge_check(record, at=record.observation_end).ready
    early = discharge_check(record, at=first_device + timedelta(minutes=119))
    assert early.messages == ("observation 1 h 59 min of the required 2 h",)


def test_example_session_across_spring_forward_is_still_ready() -> None:
    from ketacore.testing import example_session

    dosed = datetime(2026, 3, 8, 1, 30, tzinfo=NEW_YORK)  # 02:00 EST becomes 03:00 EDT
    record = example_session(dosed_at=dosed)
    assert record.observation_end is not None
    assert record.observation_end.astimezone(UTC) - dosed.astimezone(UTC) == timedelta(hours=2)
    assert record.observation == timedelta(hours=2)
    assert discharge_check(record, at=record.observation_end).ready


def test_vitals_rows_time_readings_from_the_dose_in_absolute_minutes() -> None:
    from ketacore.tables import vitals_rows

    change = datetime(2026, 3, 8, 7, 0, tzinfo=UTC)  # New York springs forward
    record = _session(NEW_YORK, change - timedelta(minutes=30), 125)
    minutes = [row["minutes_after_dose"] for row in vitals_rows([record])]
    assert minutes == [-5.0, 40.0, 120.0]
