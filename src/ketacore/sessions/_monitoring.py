"""The in-session monitoring plan: which blood pressures, how long to observe.

The esketamine plan is the Spravato US PI / REMS one (clinical reference 5.1):
blood pressure before dosing, again about 40 min after, and before
discharge; at least 2 h of observation after dosing. Both are timed from
:attr:`DosingSession.dosed_at`, the first device when several are used (the
REMS Patient Monitoring Form counts the monitoring time from the first device;
clinical reference section 10). How far "about 40 min"
may stray is not sourced **[?]**, so it is the named parameter
:attr:`MonitoringPlan.peak_tolerance` (default 10 min, a ketacore choice).

For racemic ketamine the reference gives no numbers **[?]** (section 5.2:
monitoring during and after the infusion), so :data:`KETAMINE_MONITORING`
asks for blood pressure before dosing and before discharge, with no minimum
observation; clinics set their own.

Each gap is a :class:`MissingItem`: a :class:`Requirement` (stable, to
compare) and a message for people (which changes as time passes).
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import Any, Final

import attrs

from ketacore import _validators as v
from ketacore._dates import elapsed, instant, later
from ketacore.exceptions import SessionError
from ketacore.sessions._common import check_bool, check_source, format_duration, format_signed
from ketacore.sessions._dosing import MAX_SESSION_LENGTH, DosingSession
from ketacore.vitals import VitalSigns

__all__ = [
    "ESKETAMINE_MONITORING",
    "KETAMINE_MONITORING",
    "MissingItem",
    "MonitoringPlan",
    "Requirement",
    "monitoring_gaps",
]


class Requirement(enum.Enum):
    """A requirement that can still be missing before discharge."""

    OBSERVATION = "observation"
    """The minimum observation time after dosing."""
    PRE_DOSE_BLOOD_PRESSURE = "pre-dose blood pressure"
    """A blood pressure taken before dosing."""
    PEAK_BLOOD_PRESSURE = "peak blood pressure"
    """A blood pressure taken about 40 min after dosing."""
    PRE_DISCHARGE_BLOOD_PRESSURE = "pre-discharge blood pressure"
    """A blood pressure taken after the peak check (or after dosing), before discharge."""
    BLOOD_PRESSURE_LIMIT = "blood pressure within limit"
    """The latest blood pressure within the clinic's limit."""
    MOAAS = "MOAA/S"
    """Sedation resolved: MOAA/S back to 5."""
    CADSS = "CADSS"
    """Dissociation resolved: CADSS back to about its pre-dose total."""
    ADVERSE_EVENTS = "adverse events"
    """No unresolved adverse event at or above the configured severity."""
    ESCORT = "escort"
    """A responsible adult present to take the patient home."""


@attrs.frozen
class MissingItem:
    """One thing still missing: which requirement, and a message saying why.

    Compare :attr:`requirement` in code; show :attr:`message` to people.
    """

    requirement: Requirement
    """The requirement not yet met."""
    message: str
    """What is missing, for example ``'observation 1 h 50 min of the required 2 h'``."""

    def __str__(self) -> str:
        return self.message


def _check_span(*, allow_none: bool, allow_zero: bool = False) -> v.Validator:
    lowest = "0 min or more" if allow_zero else "more than 0 min"
    none = " or None" if allow_none else ""
    expected = (
        f"a timedelta {lowest} and at most {format_duration(MAX_SESSION_LENGTH)}{none}, "
        "for example timedelta(minutes=10)"
    )

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and allow_none:
            return
        if not isinstance(value, timedelta):
            v.fail(SessionError, attribute.name, value, expected)
        if (
            value < timedelta(0)
            or (value == timedelta(0) and not allow_zero)
            or value > MAX_SESSION_LENGTH
        ):
            v.fail(SessionError, attribute.name, value, expected, got=format_duration(value))

    return validate


@attrs.frozen(kw_only=True)
class MonitoringPlan:
    """What must be measured during a session, and how long to observe.

    >>> from ketacore.sessions import ESKETAMINE_MONITORING
    >>> ESKETAMINE_MONITORING.peak_window_text()
    '+30 min to +50 min'
    """

    minimum_observation: timedelta | None = attrs.field(
        default=timedelta(hours=2), validator=_check_span(allow_none=True)
    )
    """Least observation after dosing; 2 h for esketamine (Spravato US PI, ref. 5.1)."""
    pre_dose_blood_pressure: bool = attrs.field(default=True, validator=check_bool)
    """Whether a blood pressure before dosing is required (Spravato US PI / REMS)."""
    peak_blood_pressure_after: timedelta | None = attrs.field(
        default=timedelta(minutes=40), validator=_check_span(allow_none=True)
    )
    """When the near-peak blood pressure is due; about 40 min (Spravato US PI / REMS)."""
    peak_tolerance: timedelta = attrs.field(
        default=timedelta(minutes=10), validator=_check_span(allow_none=False, allow_zero=True)
    )
    """How far the near-peak reading may stray from its time [?]; ketacore default 10 min."""
    pre_discharge_blood_pressure: bool = attrs.field(default=True, validator=check_bool)
    """Whether a blood pressure before discharge is required (Spravato US PI / REMS)."""
    pre_discharge_within: timedelta | None = attrs.field(
        default=None, validator=_check_span(allow_none=True)
    )
    """How recent the pre-discharge reading must be; None (default) accepts any [?]."""
    source: str = attrs.field(default="clinic policy", validator=check_source)
    """Where the plan comes from."""

    def __attrs_post_init__(self) -> None:
        peak = self.peak_blood_pressure_after
        if peak is not None and self.peak_tolerance >= peak:
            v.fail(
                SessionError,
                "peak_tolerance",
                self.peak_tolerance,
                f"a tolerance shorter than the peak check at {format_duration(peak)}, so the "
                "window opens after dosing",
                got=format_duration(self.peak_tolerance),
            )

    def peak_window(self, dosed_at: datetime) -> tuple[datetime, datetime] | None:
        """The inclusive window for the near-peak reading, or None if not required.

        Timed in absolute minutes from *dosed_at*, and given in its zone.
        """
        if self.peak_blood_pressure_after is None:
            return None
        due = later(dosed_at, self.peak_blood_pressure_after)
        return later(due, -self.peak_tolerance), later(due, self.peak_tolerance)

    def peak_window_text(self) -> str:
        """The near-peak window relative to dosing, e.g. ``'+30 min to +50 min'``."""
        peak = self.peak_blood_pressure_after
        if peak is None:
            return "none"
        start, end = peak - self.peak_tolerance, peak + self.peak_tolerance
        return f"{format_signed(start)} to {format_signed(end)}"


ESKETAMINE_MONITORING: Final = MonitoringPlan(
    source="Spravato US PI / REMS: BP before dosing, about 40 min after and before discharge; "
    "observe at least 2 h (clinical reference 5.1)"
)
"""The esketamine (Spravato REMS) plan: BP at pre-dose, about +40 min and pre-discharge; 2 h."""

KETAMINE_MONITORING: Final = MonitoringPlan(
    minimum_observation=None,
    peak_blood_pressure_after=None,
    source="APA 2017 / ketamine injection label: monitor during and after; no sourced "
    "numbers [?] (clinical reference 5.2)",
)
"""A racemic-ketamine plan: BP before dosing and before discharge; no minimum observation [?]."""


def resolve_moment(session: DosingSession, at: datetime | None) -> datetime:
    """Return the moment to judge: *at*, or the session's end of observation.

    Raises:
        SessionError: *at* is naive or before the session started, or neither is given.
    """
    if at is None:
        if session.observation_end is None:
            v.fail(
                SessionError,
                "at",
                None,
                "the moment to judge, as the session is still in progress",
                "pass at=, e.g. the planned discharge time",
            )
        return session.observation_end
    moment = v.check_aware(at, field="at", error=SessionError)
    if instant(moment) < instant(session.started_at):
        v.fail(
            SessionError,
            "at",
            moment,
            "a moment during or after the session",
            got=f"{moment.isoformat()!r}, before the session started "
            f"({session.started_at.isoformat()!r})",
        )
    return moment


@attrs.frozen
class Checkpoints:
    """The blood pressures that meet a plan's three checks, each None if none does (private).

    One rule for :func:`monitoring_gaps` and the REMS record (:mod:`ketacore.rems`).
    """

    pre_dose: VitalSigns | None
    """The latest reading at or before dosing."""
    peak: VitalSigns | None
    """The reading inside the near-peak window closest to its due time (earlier on a tie)."""
    pre_discharge: VitalSigns | None
    """The latest reading after the near-peak window closes (after dosing with no peak check)."""


def blood_pressure_checkpoints(
    session: DosingSession, plan: MonitoringPlan, moment: datetime
) -> Checkpoints:
    """Pick the readings, taken at or before *moment*, that meet each blood-pressure check."""
    dosed = instant(session.dosed_at)
    until = instant(moment)
    readings = [
        (t, v)
        for v in session.vitals
        if v.has_blood_pressure and (t := instant(v.taken_at)) <= until
    ]
    pre_dose = next((v for t, v in reversed(readings) if t <= dosed), None)
    window = plan.peak_window(dosed)  # dosed is in UTC, so the window is too
    peak = None
    if window is not None:
        due = later(window[0], plan.peak_tolerance)
        inside = [(abs(elapsed(due, t)), t, v) for t, v in readings if window[0] <= t <= window[1]]
        peak = min(inside, key=lambda found: found[:2])[2] if inside else None
    after = dosed if window is None else window[1]
    within = plan.pre_discharge_within
    recent = later(until, -within) if within else None
    pre_discharge = next(
        (v for t, v in reversed(readings) if t > after and (recent is None or t >= recent)), None
    )
    return Checkpoints(pre_dose, peak, pre_discharge)


def monitoring_gaps(
    session: DosingSession,
    *,
    at: datetime | None = None,
    plan: MonitoringPlan = ESKETAMINE_MONITORING,
) -> tuple[MissingItem, ...]:
    """List what the monitoring *plan* still lacks at *at* (default: end of observation).

    Only readings taken at or before *at* count. The near-peak reading must fall
    inside :meth:`MonitoringPlan.peak_window`; the pre-discharge reading must be
    taken after that window closes (after dosing if there is no peak check).

    See ``docs/sessions.md`` for worked examples.

    Raises:
        SessionError: *at* is missing for a session in progress, naive, or before the start.
    """
    moment = resolve_moment(session, at)
    found = blood_pressure_checkpoints(session, plan, moment)
    missing: list[MissingItem] = []
    minimum = plan.minimum_observation
    observed = max(elapsed(session.dosed_at, moment), timedelta(0))
    if minimum is not None and observed < minimum:
        missing.append(
            MissingItem(
                Requirement.OBSERVATION,
                f"observation {format_duration(observed)} of the required "
                f"{format_duration(minimum)}",
            )
        )
    if plan.pre_dose_blood_pressure and found.pre_dose is None:
        missing.append(
            MissingItem(Requirement.PRE_DOSE_BLOOD_PRESSURE, "no pre-dose blood pressure")
        )
    peak = plan.peak_blood_pressure_after
    if peak is not None and found.peak is None:
        missing.append(
            MissingItem(
                Requirement.PEAK_BLOOD_PRESSURE,
                f"no blood pressure about {format_duration(peak)} "
                f"after dosing ({plan.peak_window_text()})",
            )
        )
    if plan.pre_discharge_blood_pressure and found.pre_discharge is None:
        missing.append(
            MissingItem(Requirement.PRE_DISCHARGE_BLOOD_PRESSURE, "no pre-discharge blood pressure")
        )
    return tuple(missing)
