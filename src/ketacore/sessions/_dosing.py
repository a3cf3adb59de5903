"""Dosing sessions: one scheduled, and one that happened (or is happening).

A :class:`ScheduledSession` is a plan: an id, a time and optionally the
planned dose. A :class:`DosingSession` is the record of a dose given, with
what was observed afterwards. They are separate types because their
invariants differ: a record has an actual start, a dose time and readings
that must fall inside it; a plan has none of these.

Time rules checked when a :class:`DosingSession` is built (all datetimes
must be timezone-aware; naive ones are rejected):

- ``started_at <= dosed_at <= observation_end`` (``observation_end`` is
  None while the patient is still being observed), and observation does not
  end before an infusion with a duration has finished;
- the actual start may be before or after the scheduled start (patients
  arrive early or late), but by at most :data:`MAX_START_DRIFT` (24 h),
  which catches a wrong date;
- the whole session lasts at most :data:`MAX_SESSION_LENGTH` (24 h);
- every vital-sign set, assessment and adverse-event onset falls inside
  ``[started_at, observation_end]`` (while in progress, within 24 h of the
  start). An adverse event may resolve after the observation ended.

Dose rules: the dose names its drug and route (a course checks them against
its own), and an esketamine dose is a whole number of 28 mg devices, at
most 84 mg per session (Spravato US PI; clinical reference 3.3).

Two fields serve the SPRAVATO REMS Patient Monitoring Form (clinical reference
section 10; :mod:`ketacore.rems`): ``device_lots``, the lot numbers of the
esketamine devices used (at most one per device, each of the form
:data:`LOT_NUMBER_FORM`), and ``ready_to_leave_at``, the clinician's judgement
of when the patient would have been ready to leave had there been no 2-hour
minimum (between dosing and the end of observation).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, Final

import attrs

from ketacore import _validators as v
from ketacore._dates import elapsed, instant, later
from ketacore._text import shown
from ketacore.doses import (
    ESKETAMINE_DEVICE,
    Dose,
    Drug,
    FixedDose,
    Route,
    WeightBasedDose,
    devices,
)
from ketacore.exceptions import DoseError, SessionError
from ketacore.sessions._assessments import TimedScore
from ketacore.sessions._common import (
    LOT_NUMBER_FORM,
    check_aware,
    check_id,
    check_notes,
    check_optional_aware,
    format_duration,
    sorted_by_time,
    to_lots,
)
from ketacore.sessions._events import AdverseEvent
from ketacore.sessions._therapy import PsychotherapySupport
from ketacore.units import magnitude
from ketacore.vitals import VitalSigns

__all__ = [
    "LOT_NUMBER_FORM",
    "MAX_ESKETAMINE_DEVICES",
    "MAX_SESSION_LENGTH",
    "MAX_START_DRIFT",
    "DosingSession",
    "ScheduledSession",
]

MAX_START_DRIFT: Final = timedelta(hours=24)
"""Largest gap between scheduled and actual start: a data-entry guard (wrong date)."""

MAX_SESSION_LENGTH: Final = timedelta(hours=24)
"""Longest session from actual start to end of observation: a data-entry guard."""

MAX_ESKETAMINE_DEVICES: Final = 3
"""84 mg (3 devices of 28 mg) is the most esketamine per session (Spravato US PI; ref. 3.3)."""


def _to_lots(value: Iterable[str]) -> tuple[str, ...]:
    return to_lots(value, field="device_lots", error=SessionError)


def _check_dose(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    name = attribute.name
    if not isinstance(value, FixedDose | WeightBasedDose):
        v.fail(
            SessionError,
            name,
            value,
            "a FixedDose or WeightBasedDose",
            "build it with ketacore.doses.parse_dose('56 mg', drug='esketamine', "
            "route='intranasal')",
        )
    if value.drug is None or value.route is None:
        v.fail(
            SessionError,
            name,
            value,
            "a dose that names its drug and route, so a course can check them",
            "pass drug= and route= to parse_dose",
            got=f"a dose with drug={value.drug!r} and route={value.route!r}",
        )
    if value.drug is Drug.ESKETAMINE:
        _check_devices(name, value)


def _check_devices(name: str, value: Dose) -> None:
    try:
        count = devices(value)
    except DoseError as error:
        # The session rule is the dose's: keep its expectation and fix, and chain it.
        raise SessionError(
            field=name,
            value=value,
            got=f"{shown(value.text)} of esketamine",
            expected=error.expected,
            fix=error.fix,
        ) from error
    if count > MAX_ESKETAMINE_DEVICES:
        v.fail(
            SessionError,
            name,
            value,
            "at most 84 mg (3 devices) per session (Spravato US PI)",
            "check the amount",
            got=f"{count * ESKETAMINE_DEVICE:g} mg of esketamine ({count} devices)",
        )


_VITALS_CONVERTER: Final = sorted_by_time(
    "vitals",
    VitalSigns,
    lambda reading: reading.taken_at,
    "VitalSigns(taken_at=..., systolic=128, diastolic=82)",
)
_ASSESSMENTS_CONVERTER: Final = sorted_by_time(
    "assessments",
    TimedScore,
    lambda assessment: assessment.taken_at,
    "TimedScore(taken_at=..., score=MOAAS.score([5]))",
)
_EVENTS_CONVERTER: Final = sorted_by_time(
    "adverse_events",
    AdverseEvent,
    lambda event: event.onset,
    "AdverseEvent(kind='headache', severity='mild', onset=...)",
)


def _to_vitals(value: Iterable[VitalSigns]) -> tuple[VitalSigns, ...]:
    return _VITALS_CONVERTER(value)


def _to_assessments(value: Iterable[TimedScore]) -> tuple[TimedScore, ...]:
    return _ASSESSMENTS_CONVERTER(value)


def _to_events(value: Iterable[AdverseEvent]) -> tuple[AdverseEvent, ...]:
    return _EVENTS_CONVERTER(value)


def _check_escort(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, bool):
        v.fail(
            SessionError,
            "escort_present",
            value,
            "True, False or None (not recorded): whether a responsible adult is present to take "
            "the patient home",
            "for example escort_present=True",
        )


_PSYCHOTHERAPY: Final = v.optional(
    v.instance_of(
        PsychotherapySupport,
        error=SessionError,
        example="PsychotherapySupport(therapist=..., modality=...)",
    )
)


@attrs.frozen(kw_only=True)
class ScheduledSession:
    """A dosing session that is planned but has not started.

    >>> from datetime import datetime, timezone
    >>> from ketacore.doses import parse_dose
    >>> from ketacore.sessions import ScheduledSession
    >>> plan = ScheduledSession(
    ...     id="S1", scheduled_start=datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc),
    ...     planned_dose=parse_dose("56 mg", drug="esketamine", route="intranasal"))
    >>> plan.drug, plan.route
    (<Drug.ESKETAMINE: 'esketamine'>, <Route.INTRANASAL: 'intranasal'>)
    """

    id: str = attrs.field(validator=check_id)
    """The session's opaque id, unique within a course."""
    scheduled_start: datetime = attrs.field(validator=check_aware)
    """When the session is booked to start (timezone-aware)."""
    planned_dose: Dose | None = attrs.field(default=None, validator=v.optional(_check_dose))
    """The dose planned, if already decided."""
    psychotherapy: PsychotherapySupport | None = attrs.field(default=None, validator=_PSYCHOTHERAPY)
    """Psychotherapy planned alongside the dose, if any."""
    notes: str = attrs.field(default="", validator=check_notes)
    """Free-text notes."""

    @property
    def drug(self) -> Drug | None:
        """The planned drug, or None if no dose is planned yet."""
        return None if self.planned_dose is None else self.planned_dose.drug

    @property
    def route(self) -> Route | None:
        """The planned route, or None if no dose is planned yet."""
        return None if self.planned_dose is None else self.planned_dose.route

    def record(
        self,
        *,
        started_at: datetime,
        dosed_at: datetime,
        dose: Dose | None = None,
        observation_end: datetime | None = None,
        vitals: Iterable[VitalSigns] = (),
        assessments: Iterable[TimedScore] = (),
        adverse_events: Iterable[AdverseEvent] = (),
        escort_present: bool | None = None,
        device_lots: Iterable[str] = (),
        ready_to_leave_at: datetime | None = None,
        notes: str | None = None,
    ) -> DosingSession:
        """Return the record of this session as it happened.

        The id, scheduled start and psychotherapy come from the plan; *dose*
        defaults to the planned dose and *notes* to the plan's notes.

        >>> from datetime import datetime, timedelta, timezone
        >>> from ketacore.doses import parse_dose
        >>> start = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
        >>> plan = ScheduledSession(id="S1", scheduled_start=start,
        ...     planned_dose=parse_dose("56 mg", drug="esketamine", route="intranasal"))
        >>> record = plan.record(started_at=start, dosed_at=start + timedelta(minutes=10))
        >>> record.id, record.scheduled_start == start, record.dose == plan.planned_dose
        ('S1', True, True)

        Raises:
            SessionError: no dose is given and none was planned, or the record
                breaks a rule of :class:`DosingSession`.
        """
        given = self.planned_dose if dose is None else dose
        if given is None:
            v.fail(
                SessionError,
                "dose",
                None,
                "the dose given, as the session has no planned dose",
                "pass e.g. dose=parse_dose('56 mg', drug='esketamine', route='intranasal')",
            )
        return DosingSession(
            id=self.id,
            scheduled_start=self.scheduled_start,
            started_at=started_at,
            dosed_at=dosed_at,
            dose=given,
            observation_end=observation_end,
            vitals=vitals,
            assessments=assessments,
            adverse_events=adverse_events,
            psychotherapy=self.psychotherapy,
            escort_present=escort_present,
            device_lots=device_lots,
            ready_to_leave_at=ready_to_leave_at,
            notes=self.notes if notes is None else notes,
        )


def _window_text(start: datetime, end: datetime | None) -> str:
    if end is None:
        return (
            f"between the start {start.isoformat()!r} and "
            f"{format_duration(MAX_SESSION_LENGTH)} after it (the session is in progress)"
        )
    return f"between the start {start.isoformat()!r} and the end of observation {end.isoformat()!r}"


@attrs.frozen(kw_only=True)
class DosingSession:
    """The record of a dosing session: the dose given and what was observed.

    ``observation_end`` is None while the patient is still being observed;
    the checks in this package then take the moment to judge as an argument.

    >>> from datetime import datetime, timedelta, timezone
    >>> from ketacore.doses import parse_dose
    >>> from ketacore.sessions import DosingSession
    >>> from ketacore.vitals import VitalSigns
    >>> dosed = datetime(2026, 3, 2, 9, 5, tzinfo=timezone.utc)
    >>> session = DosingSession(
    ...     id="S1", scheduled_start=datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc),
    ...     started_at=dosed - timedelta(minutes=10), dosed_at=dosed,
    ...     dose=parse_dose("56 mg", drug="esketamine", route="intranasal"),
    ...     vitals=[VitalSigns(taken_at=dosed - timedelta(minutes=5),
    ...                        systolic=128, diastolic=82)])
    >>> session.drug.value, session.route.value, session.is_complete
    ('esketamine', 'intranasal', False)
    """

    id: str = attrs.field(validator=check_id)
    """The session's opaque id, unique within a course."""
    started_at: datetime = attrs.field(validator=check_aware)
    """When the session actually started: the patient's arrival (timezone-aware)."""
    dosed_at: datetime = attrs.field(validator=check_aware)
    """When dosing began: the first esketamine device, or the start of an infusion.

    Observation and the 40-minute blood pressure are timed from here. For
    esketamine given with several devices this is the first one: the REMS
    Patient Monitoring Form records the total monitoring time from the first
    device to the end of monitoring, at least 2 h (clinical reference section
    10; Spravato US PI: at least 2 h after administration, ref. 5.1). For an
    infusion it is its start (the Yale cohort times the BP peak from the start
    of the infusion; ref. 5.2).
    """
    dose: Dose = attrs.field(validator=_check_dose)
    """The dose given; names its drug and route."""
    scheduled_start: datetime | None = attrs.field(default=None, validator=check_optional_aware)
    """When the session was booked to start, or None for an unscheduled session."""
    observation_end: datetime | None = attrs.field(default=None, validator=check_optional_aware)
    """When observation ended (discharge), or None while it continues."""
    vitals: tuple[VitalSigns, ...] = attrs.field(default=(), converter=_to_vitals)
    """Vital signs taken during the session, sorted by time (ties by content)."""
    assessments: tuple[TimedScore, ...] = attrs.field(default=(), converter=_to_assessments)
    """In-session assessments (MOAA/S, CADSS, ...), sorted by time."""
    adverse_events: tuple[AdverseEvent, ...] = attrs.field(default=(), converter=_to_events)
    """Adverse events whose onset was during the session, sorted by onset."""
    psychotherapy: PsychotherapySupport | None = attrs.field(default=None, validator=_PSYCHOTHERAPY)
    """Psychotherapy given alongside the dose, if this is a psychotherapy-assisted session."""
    escort_present: bool | None = attrs.field(default=None, validator=_check_escort)
    """Whether a responsible adult is present to take the patient home; None: not recorded.

    The discharge check reads it (ketamine injection label: release into the care
    of a responsible adult; clinical reference 5.2), so a stored session
    reproduces its discharge decision.
    """
    device_lots: tuple[str, ...] = attrs.field(default=(), converter=_to_lots)
    """Lot numbers of the esketamine devices used, each once (empty: not recorded).

    Each has the form :data:`LOT_NUMBER_FORM`; there are at most as many as
    devices, and none for a racemic-ketamine session (the SPRAVATO REMS form
    asks for them; clinical reference section 10).
    """
    ready_to_leave_at: datetime | None = attrs.field(default=None, validator=check_optional_aware)
    """When the patient would have been ready to leave without the 2-hour minimum; None: not judged.

    The clinician's judgement that the SPRAVATO REMS form asks for (clinical
    reference section 10). At or after dosing, and not after the end of
    observation.
    """
    notes: str = attrs.field(default="", validator=check_notes)
    """Free-text notes."""

    def __attrs_post_init__(self) -> None:
        self._check_times()
        self._check_lots()
        self._check_ready()
        end = self.observation_end
        first = instant(self.started_at)
        last = instant(later(self.started_at, MAX_SESSION_LENGTH) if end is None else end)
        for index, vitals in enumerate(self.vitals):
            self._check_inside(f"vitals[{index}].taken_at", vitals.taken_at, first, last)
        for index, assessment in enumerate(self.assessments):
            self._check_inside(f"assessments[{index}].taken_at", assessment.taken_at, first, last)
        for index, event in enumerate(self.adverse_events):
            self._check_inside(f"adverse_events[{index}].onset", event.onset, first, last)

    def _check_times(self) -> None:
        start, dosed, end = self.started_at, self.dosed_at, self.observation_end
        if self.scheduled_start is not None and abs(elapsed(self.scheduled_start, start)) > (
            MAX_START_DRIFT
        ):
            v.fail(
                SessionError,
                "started_at",
                start,
                "the same day as the scheduled start",
                "check the date, or record the rebooked time as scheduled_start",
                got=f"{start.isoformat()!r}, more than {format_duration(MAX_START_DRIFT)} from "
                f"the scheduled start {self.scheduled_start.isoformat()!r}",
            )
        if instant(dosed) < instant(start):
            v.fail(
                SessionError,
                "dosed_at",
                dosed,
                "dosing at or after the start",
                "check both times",
                got=f"{dosed.isoformat()!r}, before the session started ({start.isoformat()!r})",
            )
        if end is not None and instant(end) < instant(dosed):
            v.fail(
                SessionError,
                "observation_end",
                end,
                "the end of observation after the dose",
                "check both times",
                got=f"{end.isoformat()!r}, before dosing ({dosed.isoformat()!r})",
            )
        infusion_end = self.dose_end
        if end is not None and infusion_end is not None and instant(end) < instant(infusion_end):
            v.fail(
                SessionError,
                "observation_end",
                end,
                "observation to end after the dose was given",
                "check the time or the dose's duration",
                got=f"{end.isoformat()!r}, before the infusion ended "
                f"({infusion_end.isoformat()!r}, {format_duration(elapsed(dosed, infusion_end))} "
                "after dosing)",
            )
        last = dosed if end is None else end
        if elapsed(start, last) > MAX_SESSION_LENGTH:
            v.fail(
                SessionError,
                "observation_end",
                end,
                f"at most {format_duration(MAX_SESSION_LENGTH)} from the start",
                "check the dates",
                got=f"a session of {format_duration(elapsed(start, last))} from "
                f"{start.isoformat()!r}",
            )

    def _check_lots(self) -> None:
        lots = self.device_lots
        if not lots:
            return
        if self.drug is not Drug.ESKETAMINE:
            v.fail(
                SessionError,
                "device_lots",
                lots,
                "no device lot numbers: only esketamine is given with devices",
                "record a vial's lot in notes, or leave device_lots empty",
                got=f"{len(lots)} lot number(s) on a {self.drug.value} session",
            )
        count = devices(self.dose)
        if len(lots) > count:
            v.fail(
                SessionError,
                "device_lots",
                lots,
                f"at most one lot number per device ({count} for {self.dose.text})",
                "remove the extra lot numbers",
                got=f"{len(lots)} lot numbers",
            )

    def _check_ready(self) -> None:
        ready, end = self.ready_to_leave_at, self.observation_end
        if ready is None:
            return
        if instant(ready) < instant(self.dosed_at):
            v.fail(
                SessionError,
                "ready_to_leave_at",
                ready,
                "a time at or after dosing",
                "check the time",
                got=f"{ready.isoformat()!r}, before dosing ({self.dosed_at.isoformat()!r})",
            )
        last = later(self.started_at, MAX_SESSION_LENGTH) if end is None else end
        if instant(ready) > instant(last):
            v.fail(
                SessionError,
                "ready_to_leave_at",
                ready,
                f"a time {_window_text(self.started_at, end)}",
                "a patient is not discharged before being ready to leave: check both times",
                got=repr(ready.isoformat()),
            )

    def _check_inside(self, field: str, when: datetime, first: datetime, last: datetime) -> None:
        # first and last: the session's start and latest allowed moment, in UTC.
        if not first <= instant(when) <= last:
            v.fail(
                SessionError,
                field,
                when,
                f"a time {_window_text(self.started_at, self.observation_end)}",
                "check the time, or record it in the session it belongs to",
                got=repr(when.isoformat()),
            )

    @property
    def drug(self) -> Drug:
        """The drug given (from the dose)."""
        assert self.dose.drug is not None  # checked at construction
        return self.dose.drug

    @property
    def route(self) -> Route:
        """The route it was given by (from the dose)."""
        assert self.dose.route is not None  # checked at construction
        return self.dose.route

    @property
    def dose_end(self) -> datetime | None:
        """When the dose finished: dosing plus the infusion time, or None if the dose has none."""
        if self.dose.duration is None:
            return None
        return later(self.dosed_at, timedelta(minutes=magnitude(self.dose.duration, "min")))

    @property
    def is_complete(self) -> bool:
        """Whether observation has ended (``observation_end`` is set)."""
        return self.observation_end is not None

    @property
    def observation(self) -> timedelta | None:
        """How long the patient was observed after dosing, or None if still observed.

        Absolute time: 01:00 to 03:05 on a night the clocks spring forward is 1 h 05 min.
        """
        end = self.observation_end
        return None if end is None else elapsed(self.dosed_at, end)

    @property
    def is_psychotherapy_assisted(self) -> bool:
        """Whether psychotherapy was given alongside the dose."""
        return self.psychotherapy is not None

    def blood_pressures(self, *, until: datetime | None = None) -> tuple[VitalSigns, ...]:
        """Vital-sign sets that include blood pressure, in time order, up to *until*."""
        cutoff = None if until is None else instant(until)
        return tuple(
            v
            for v in self.vitals
            if v.has_blood_pressure and (cutoff is None or instant(v.taken_at) <= cutoff)
        )

    def pre_dose_vitals(self) -> tuple[VitalSigns, ...]:
        """Vital-sign sets taken at or before dosing, in time order."""
        dosed = instant(self.dosed_at)
        return tuple(v for v in self.vitals if instant(v.taken_at) <= dosed)
