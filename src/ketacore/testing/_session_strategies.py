"""hypothesis strategies for sessions, assessments and adverse events (:mod:`ketacore.sessions`).

Every drawn value is valid by construction: the strategies respect the
sessions' time rules rather than filtering.
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ketacore._dates import later
from ketacore.doses import Dose, Drug, FixedDose, Route, WeightBasedDose, devices
from ketacore.instruments import CADSS, MOAAS, Instrument
from ketacore.sessions import (
    MAX_SESSION_LENGTH,
    AdverseEvent,
    AdverseEventKind,
    DischargeCriteria,
    DosingSession,
    IntegrationSession,
    MonitoringPlan,
    PreparationSession,
    PsychotherapySupport,
    ScheduledSession,
    Severity,
    TimedScore,
)
from ketacore.testing._instrument_strategies import scores
from ketacore.testing._strategies import aware_datetimes, vital_signs
from ketacore.units import quantity

__all__ = [
    "adverse_events",
    "device_lots",
    "discharge_criteria",
    "dosing_sessions",
    "integration_sessions",
    "monitoring_plans",
    "preparation_sessions",
    "psychotherapy_supports",
    "scheduled_sessions",
    "session_doses",
    "session_ids",
    "timed_scores",
]

# Session datetimes stay a day away from the ends of st.datetimes' range, so
# adding a session's length never overflows.
_SESSION_TIMES = {"min_value": datetime(2000, 1, 2), "max_value": datetime(2099, 12, 30)}


def _texts(max_size: int = 40) -> st.SearchStrategy[str]:
    return st.text(min_size=1, max_size=max_size).filter(str.strip)


def _minutes(low: int, high: int) -> st.SearchStrategy[timedelta]:
    return st.integers(min_value=low, max_value=high).map(lambda n: timedelta(minutes=n))


def session_ids() -> st.SearchStrategy[str]:
    """Opaque session ids: any non-blank text of up to 24 characters without surrounding spaces."""
    return st.text(min_size=1, max_size=24).map(str.strip).filter(bool)


@functools.cache
def _doses(drug: Drug) -> tuple[Dose, ...]:
    # Built once: doses are immutable, and parsing their units is slow.
    if drug is Drug.ESKETAMINE:
        return tuple(
            FixedDose(amount=quantity(mg, "mg"), drug=Drug.ESKETAMINE, route=Route.INTRANASAL)
            for mg in (28, 56, 84)
        )
    infusions = tuple(
        WeightBasedDose(
            amount=quantity(value, "mg/kg"),
            drug=Drug.KETAMINE,
            route=Route.IV,
            duration=quantity(40, "min"),
        )
        for value in (0.5, 0.75, 1.0)
    )
    injections = tuple(
        WeightBasedDose(amount=quantity(value, "mg/kg"), drug=Drug.KETAMINE, route=Route.IM)
        for value in (0.5, 0.75, 1.0)
    )
    return infusions + injections


_LOT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789abcxyz"


def device_lots(*, max_size: int = 3) -> st.SearchStrategy[tuple[str, ...]]:
    """0 to *max_size* distinct lot numbers of :data:`~ketacore.sessions.LOT_NUMBER_FORM`."""
    part = st.text(alphabet=_LOT_ALPHABET, min_size=1, max_size=6)
    lot = st.lists(part, min_size=1, max_size=3).map("-".join)
    return st.lists(lot, max_size=max_size, unique=True).map(tuple)


def session_doses(*, drug: Drug | None = None) -> st.SearchStrategy[Dose]:
    """Doses a session can record: esketamine 28, 56 or 84 mg intranasal, or racemic ketamine.

    Racemic ketamine is 0.5-1 mg/kg IV over 40 min, or 0.5-1 mg/kg IM
    (clinical reference 3.1); each names its drug and route, as
    :class:`~ketacore.sessions.DosingSession` requires.
    """
    drugs = list(Drug) if drug is None else [drug]
    return st.deferred(lambda: st.sampled_from([d for each in drugs for d in _doses(each)]))


def adverse_events(
    *,
    onset: st.SearchStrategy[datetime] | None = None,
    max_duration: timedelta = timedelta(hours=4),
) -> st.SearchStrategy[AdverseEvent]:
    """Adverse events of any kind and severity, ongoing or resolved within *max_duration*.

    Events of kind ``other`` always have a description.

    Args:
        onset: Strategy for the onset (default: any aware datetime).
        max_duration: Longest time from onset to resolution.
    """

    @st.composite
    def build(draw: st.DrawFn) -> AdverseEvent:
        start = draw(onset if onset is not None else aware_datetimes(**_SESSION_TIMES))
        kind = draw(st.sampled_from(list(AdverseEventKind)))
        seconds = int(max_duration.total_seconds())
        lasts = draw(st.none() | st.integers(min_value=0, max_value=max(seconds, 0)))
        description = draw(_texts() if kind is AdverseEventKind.OTHER else st.just("") | _texts())
        return AdverseEvent(
            kind=kind,
            severity=draw(st.sampled_from(list(Severity))),
            onset=start,
            resolved_at=None if lasts is None else later(start, timedelta(seconds=lasts)),
            description=description,
        )

    return build()


def timed_scores(
    *,
    instrument: str | Instrument | None = None,
    taken_at: st.SearchStrategy[datetime] | None = None,
) -> st.SearchStrategy[TimedScore]:
    """Timed assessments: a score from :func:`scores` and when it was taken.

    Args:
        instrument: The instrument, or None for MOAA/S or CADSS (the in-session ones).
        taken_at: Strategy for the time (default: any aware datetime).
    """
    chosen = scores(instrument) if instrument is not None else scores(MOAAS) | scores(CADSS)
    return st.builds(
        TimedScore,
        taken_at=taken_at if taken_at is not None else aware_datetimes(**_SESSION_TIMES),
        score=chosen,
    )


def psychotherapy_supports() -> st.SearchStrategy[PsychotherapySupport]:
    """Psychotherapy given alongside a dose: any therapist and modality text."""
    return st.builds(
        PsychotherapySupport,
        therapist=st.sampled_from(["T-017", "Dr Rivera"]) | _texts(),
        modality=st.sampled_from(["ACT", "psychodynamic", "IFS"]) | _texts(),
    )


def _therapy_fields() -> dict[str, st.SearchStrategy[object]]:
    return {
        "id": session_ids(),
        "started_at": aware_datetimes(**_SESSION_TIMES),
        "duration": _minutes(1, 12 * 60),
        "therapist": st.sampled_from(["T-017", "Dr Rivera"]) | _texts(),
        "modality": st.sampled_from(["ACT", "psychodynamic", "IFS"]) | _texts(),
        "notes": st.text(max_size=80),
    }


def preparation_sessions() -> st.SearchStrategy[PreparationSession]:
    """Preparation sessions lasting 1 min to 12 h."""
    return st.builds(PreparationSession, **_therapy_fields())


def integration_sessions() -> st.SearchStrategy[IntegrationSession]:
    """Integration sessions lasting 1 min to 12 h."""
    return st.builds(IntegrationSession, **_therapy_fields())


def scheduled_sessions(*, drug: Drug | None = None) -> st.SearchStrategy[ScheduledSession]:
    """Planned sessions, with or without a planned dose (of *drug*, if given) and psychotherapy."""
    return st.builds(
        ScheduledSession,
        id=session_ids(),
        scheduled_start=aware_datetimes(**_SESSION_TIMES),
        planned_dose=st.none() | session_doses(drug=drug),
        psychotherapy=st.none() | psychotherapy_supports(),
        notes=st.text(max_size=80),
    )


def dosing_sessions(
    *,
    dosed_at: datetime | None = None,
    complete: bool | None = None,
    drug: Drug | None = None,
    max_minutes: int = 180,
) -> st.SearchStrategy[DosingSession]:
    """Dosing session records with vital signs, MOAA/S and CADSS scores and adverse events.

    The session starts up to 60 min before dosing; every reading, assessment
    and event onset falls between the start and *max_minutes* after dosing
    (and before the end of observation, for a complete session). Esketamine
    sessions may carry device lot numbers (at most one per device), and any
    session a "ready to leave" time between dosing and its latest reading.

    Args:
        dosed_at: When the dose is given (default: any aware datetime).
        complete: True for sessions whose observation has ended, False for
            sessions in progress, None for either.
        drug: The drug given (default: either).
        max_minutes: Latest reading, in minutes after dosing (at most 1380).

    Raises:
        hypothesis.errors.InvalidArgument: *max_minutes* is out of range (at draw time).
    """

    @st.composite
    def build(draw: st.DrawFn) -> DosingSession:
        longest = int((MAX_SESSION_LENGTH - timedelta(hours=1)) / timedelta(minutes=1))
        if not 0 <= max_minutes <= longest:
            raise InvalidArgument(f"max_minutes: got {max_minutes!r}; expected 0 to {longest}")
        dosed = dosed_at if dosed_at is not None else draw(aware_datetimes(**_SESSION_TIMES))
        lead = draw(st.integers(min_value=0, max_value=60))
        dose = draw(session_doses(drug=drug))
        done = draw(st.booleans()) if complete is None else complete
        latest = max_minutes
        end = None
        if done:
            infusion = 0 if dose.duration is None else 40
            latest = draw(st.integers(min_value=min(infusion, max_minutes), max_value=max_minutes))
            latest = max(latest, infusion)
            end = later(dosed, timedelta(minutes=latest))

        def at(minutes: int) -> datetime:  # absolute minutes, also across a clock change
            return later(dosed, timedelta(minutes=minutes))

        times = st.integers(min_value=-lead, max_value=latest).map(at)
        drift = draw(st.none() | st.integers(min_value=-30, max_value=30))
        lots: tuple[str, ...] = ()
        if dose.drug is Drug.ESKETAMINE:
            lots = draw(device_lots(max_size=devices(dose)))
        ready = draw(st.none() | st.integers(min_value=0, max_value=latest).map(at))
        return DosingSession(
            id=draw(session_ids()),
            scheduled_start=None if drift is None else at(drift - lead),
            started_at=at(-lead),
            dosed_at=dosed,
            dose=dose,
            observation_end=end,
            vitals=draw(st.lists(vital_signs(taken_at=times), max_size=8)),
            assessments=draw(st.lists(timed_scores(taken_at=times), max_size=6)),
            adverse_events=draw(st.lists(adverse_events(onset=times), max_size=3)),
            psychotherapy=draw(st.none() | psychotherapy_supports()),
            escort_present=draw(st.none() | st.booleans()),
            device_lots=lots,
            ready_to_leave_at=ready,
            notes=draw(st.text(max_size=40)),
        )

    return build()


def monitoring_plans() -> st.SearchStrategy[MonitoringPlan]:
    """Monitoring plans: any observation, peak check (with a shorter tolerance) and recency."""

    @st.composite
    def build(draw: st.DrawFn) -> MonitoringPlan:
        peak = draw(st.none() | _minutes(1, 240))
        top = 60 if peak is None else int(peak / timedelta(minutes=1)) - 1
        return MonitoringPlan(
            minimum_observation=draw(st.none() | _minutes(1, 24 * 60)),
            pre_dose_blood_pressure=draw(st.booleans()),
            peak_blood_pressure_after=peak,
            peak_tolerance=draw(_minutes(0, min(top, 60))),
            pre_discharge_blood_pressure=draw(st.booleans()),
            pre_discharge_within=draw(st.none() | _minutes(1, 24 * 60)),
            source=draw(st.just("clinic policy") | _texts()),
        )

    return build()


def discharge_criteria() -> st.SearchStrategy[DischargeCriteria]:
    """Discharge criteria with any monitoring plan and any combination of checks."""
    return st.builds(
        DischargeCriteria,
        monitoring=monitoring_plans(),
        moaas_back_to_5=st.booleans(),
        cadss_back_to_baseline=st.booleans(),
        cadss_tolerance=st.integers(min_value=0, max_value=10),
        blood_pressure_limits=st.sampled_from([None, "us", "eu"]),
        blocking_severity=st.none() | st.sampled_from(list(Severity)),
        escort_required=st.booleans(),
        source=st.just("clinic policy") | _texts(),
    )
