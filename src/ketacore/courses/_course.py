"""A treatment course: one patient, one protocol, its sessions and assessments.

A :class:`Course` is an immutable value checked when it is built; adding a
session returns a new course and leaves the old one unchanged.

Decisions recorded here:

- **Consent** is required before the first *dosing* session: a course holding a
  :class:`~ketacore.sessions.DosingSession` dated before the patient's
  :attr:`~ketacore.patients.Patient.consent` was signed, or with no consent at
  all, is rejected with a :class:`~ketacore.exceptions.CourseError`. Planned
  and psychotherapy sessions need no consent. Consent that misses a required
  topic is not an error but a finding of :func:`adherence_findings`.
- **Patient identity.** A session carries no patient field, so whoever adds a
  session may say whose it is with ``patient=``; it is compared with the
  course patient's :class:`~ketacore.patients.PatientId` and a mismatch is
  rejected. Messages never show either identifier.
- **Dates.** The course starts on a calendar date. A session's day is the
  local calendar date of its (timezone-aware) time: ``dosed_at`` for a dosing
  session, ``scheduled_start`` for a plan, ``started_at`` for psychotherapy.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import attrs

from ketacore._dates import instant
from ketacore.courses._protocols import Indication, Phase, Protocol, get_protocol
from ketacore.courses._safety_items import CheckIn
from ketacore.doses import Drug, Route
from ketacore.exceptions import CourseError, DoseError
from ketacore.patients import Diagnosis, Patient, PatientId
from ketacore.sessions import (
    DosingSession,
    IntegrationSession,
    PreparationSession,
    ScheduledSession,
    Session,
    TimedScore,
)

__all__ = ["Course", "session_day", "session_time"]

_SESSION_TYPES = (DosingSession, ScheduledSession, PreparationSession, IntegrationSession)


def session_time(session: Session) -> datetime:
    """Return the moment a session is placed at in a course.

    ``dosed_at`` for a dosing session, ``scheduled_start`` for a planned one,
    ``started_at`` for a psychotherapy session.
    """
    if isinstance(session, DosingSession):
        return session.dosed_at
    if isinstance(session, ScheduledSession):
        return session.scheduled_start
    return session.started_at


def session_day(session: Session) -> date:
    """Return the local calendar date of :func:`session_time`."""
    return session_time(session).date()


def _to_protocol(value: object) -> Protocol:
    if isinstance(value, Protocol):
        return value
    if isinstance(value, str):
        return get_protocol(value)
    raise CourseError(
        f"protocol: got {value!r} ({type(value).__name__}); expected a Protocol or a protocol "
        "id such as 'esketamine-trd'"
    )


def _to_route(value: object) -> Route:
    try:
        return Route.from_text(value)  # type: ignore[arg-type]
    except DoseError as error:
        raise CourseError(str(error)) from None


def _default_route(course: Course) -> Route:
    routes = course.protocol.routes
    if len(routes) != 1:
        allowed = ", ".join(sorted(repr(route.value) for route in routes))
        raise CourseError(
            f"route: got None; protocol {course.protocol.id!r} allows {allowed}; "
            "pass route= to choose one"
        )
    return next(iter(routes))


def _default_phase(course: Course) -> str:
    return course.protocol.phases[0].name


def _tuple_of(kind: type[Any] | tuple[type[Any], ...], field: str, example: str) -> Any:
    def convert(value: object) -> tuple[Any, ...]:
        if isinstance(value, str | bytes) or not isinstance(value, Iterable):
            raise CourseError(
                f"{field}: got {value!r} ({type(value).__name__}); expected a list or tuple "
                f"(an empty list for none) of {example}"
            )
        items = tuple(value)
        for index, item in enumerate(items):
            if not isinstance(item, kind):
                raise CourseError(
                    f"{field}[{index}]: got {item!r} ({type(item).__name__}); expected {example}"
                )
        return items

    return convert


_SESSIONS = _tuple_of(
    _SESSION_TYPES, "sessions", "a session (DosingSession, ScheduledSession, ...)"
)
_SCORES = _tuple_of(TimedScore, "assessments", "TimedScore(taken_at=..., score=...)")
_BASELINES = _tuple_of(TimedScore, "baselines", "TimedScore(taken_at=..., score=...)")
_CHECKINS = _tuple_of(CheckIn, "checkins", "CheckIn(item='bladder', on=date(...))")


def _sorted_sessions(value: object) -> tuple[Session, ...]:
    sessions: tuple[Session, ...] = _SESSIONS(value)
    return tuple(sorted(sessions, key=lambda s: (instant(session_time(s)), s.id)))


def _sorted_scores(value: object) -> tuple[TimedScore, ...]:
    scores: tuple[TimedScore, ...] = _SCORES(value)
    return tuple(sorted(scores, key=lambda s: (instant(s.taken_at), s.score.instrument.id)))


def _sorted_baselines(value: object) -> tuple[TimedScore, ...]:
    scores: tuple[TimedScore, ...] = _BASELINES(value)
    return tuple(sorted(scores, key=lambda s: (instant(s.taken_at), s.score.instrument.id)))


def _sorted_checkins(value: object) -> tuple[CheckIn, ...]:
    checkins: tuple[CheckIn, ...] = _CHECKINS(value)
    return tuple(sorted(checkins, key=lambda c: (c.on, c.item.value)))


def _check_patient(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Patient):
        raise CourseError(
            f"patient: got a {type(value).__name__}; expected a ketacore.patients.Patient"
        )


def _to_indication(value: object) -> Indication:
    return Indication.from_text(value)  # type: ignore[arg-type]


def _check_start(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, datetime) or not isinstance(value, date):
        hint = (
            "pass its calendar date with .date() (naive or aware, a datetime is not a day)"
            if isinstance(value, datetime)
            else "convert text with date.fromisoformat('2026-03-02')"
        )
        raise CourseError(
            f"start: got {value!r} ({type(value).__name__}); expected a date such as "
            f"date(2026, 3, 2); {hint}"
        )


def _check_phase(instance: Course, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str):
        raise CourseError(
            f"phase: got {value!r} ({type(value).__name__}); expected a phase name such as "
            f"{instance.protocol.phases[0].name!r}"
        )
    instance.protocol.phase(value)


def _identifier(patient: Patient | PatientId) -> PatientId:
    if isinstance(patient, Patient):
        return patient.identifier
    if isinstance(patient, PatientId):
        return patient
    raise CourseError(
        f"patient: got a {type(patient).__name__} (not shown); expected a Patient or a PatientId"
    )


@attrs.frozen(kw_only=True)
class Course:
    """A treatment course: patient, indication, protocol, route, phase, sessions, assessments.

    ``phase`` is the phase the course *starts* in (the protocol's first by
    default); a course entering a protocol later, such as a transferred
    esketamine patient starting in maintenance, names it. Course weeks and the
    phase in force on a day follow from it (:meth:`phase_on`).

    >>> from datetime import date
    >>> from ketacore.patients import ConsentRecord, Patient
    >>> patient = Patient(identifier="PT-7", birth_date=date(1980, 1, 1), sex_at_birth="F",
    ...                   diagnoses={"depression"})
    >>> course = Course(patient=patient, protocol="esketamine-trd", indication="trd",
    ...                 start=date(2026, 3, 2))
    >>> course.drug, course.route, course.phase
    (<Drug.ESKETAMINE: 'esketamine'>, <Route.INTRANASAL: 'intranasal'>, 'induction')
    >>> course.phase_on(date(2026, 4, 6)).name
    'optimisation'

    Raises:
        CourseError: a rule above is broken; the message names the field, the
            value and the fix, and never the patient's identifier.
    """

    patient: Patient = attrs.field(validator=_check_patient)
    """The patient treated (the identifier never appears in messages)."""
    protocol: Protocol = attrs.field(converter=_to_protocol)
    """The protocol followed (a :class:`Protocol` or a built-in id)."""
    indication: Indication = attrs.field(converter=_to_indication)
    """What the course treats; must be one of the protocol's indications."""
    start: date = attrs.field(validator=_check_start)
    """The first day of the course (course week 1 of :attr:`phase` starts here)."""
    route: Route = attrs.field(
        default=attrs.Factory(_default_route, takes_self=True), converter=_to_route
    )
    """The route every dose is given by; defaults to the protocol's only route."""
    phase: str = attrs.field(
        default=attrs.Factory(_default_phase, takes_self=True), validator=_check_phase
    )
    """The protocol phase the course starts in (default: the first)."""
    sessions: tuple[Session, ...] = attrs.field(default=(), converter=_sorted_sessions)
    """Dosing, planned and psychotherapy sessions, sorted by time (ties by id)."""
    baselines: tuple[TimedScore, ...] = attrs.field(default=(), converter=_sorted_baselines)
    """Baseline ratings, at most one per instrument, none after the first dose."""
    assessments: tuple[TimedScore, ...] = attrs.field(default=(), converter=_sorted_scores)
    """Follow-up ratings outside sessions (MADRS, PHQ-9, ...), on or after the start."""
    checkins: tuple[CheckIn, ...] = attrs.field(default=(), converter=_sorted_checkins)
    """Long-term safety check-ins (cognition, bladder, substance misuse)."""

    def __attrs_post_init__(self) -> None:
        self._check_patient_fits()
        self._check_sessions()
        self._check_scores()

    def _check_patient_fits(self) -> None:
        protocol = self.protocol
        if self.indication not in protocol.indications:
            allowed = ", ".join(sorted(repr(i.value) for i in protocol.indications))
            raise CourseError(
                f"indication: got {self.indication.value!r}, which protocol {protocol.id!r} is "
                f"not for; expected one of {allowed}; choose the protocol for this indication"
            )
        if self.route not in protocol.routes:
            allowed = ", ".join(sorted(repr(r.value) for r in protocol.routes))
            raise CourseError(
                f"route: got {self.route.value!r}, which protocol {protocol.id!r} does not use; "
                f"expected one of {allowed}"
            )
        if not self.patient.has_diagnosis(Diagnosis.DEPRESSION):
            raise CourseError(
                f"patient.diagnoses: no 'depression' recorded, but indication "
                f"{self.indication.value!r} is a depression; expected it among the diagnoses; "
                "record it with Patient.with_diagnosis('depression')"
            )
        age = self.patient.age(on=self.start)
        if age < protocol.min_age:
            raise CourseError(
                f"patient age: got {age} on the start date {self.start.isoformat()}; expected at "
                f"least {protocol.min_age} for protocol {protocol.id!r} (an adult protocol); "
                "the protocols here do not cover younger patients"
            )

    def _check_sessions(self) -> None:
        seen: set[str] = set()
        for index, session in enumerate(self.sessions):
            field = f"sessions[{index}]"
            if session.id in seen:
                raise CourseError(
                    f"{field}.id: got {session.id!r} twice; expected unique session ids in a "
                    "course; give the second session its own id"
                )
            seen.add(session.id)
            day = session_day(session)
            if day < self.start:
                raise CourseError(
                    f"{field}: session {session.id!r} is on {day.isoformat()}, before the course "
                    f"starts ({self.start.isoformat()}); expected a day on or after the start; "
                    "check the date, or start the course earlier"
                )
            if not isinstance(session, DosingSession | ScheduledSession):
                continue
            drug, route = session.drug, session.route
            if drug is not None and drug is not self.drug:
                raise CourseError(
                    f"{field}.dose.drug: got {drug.value!r} in session {session.id!r}; expected "
                    f"{self.drug.value!r}, the drug of this course; record it in a course of "
                    "its own"
                )
            if route is not None and route is not self.route:
                raise CourseError(
                    f"{field}.dose.route: got {route.value!r} in session {session.id!r}; "
                    f"expected {self.route.value!r}, the route of this course; check the dose's "
                    "route"
                )
        first = self.first_dose
        if first is None:
            return
        consent = self.patient.consent
        if consent is None:
            raise CourseError(
                f"patient.consent: got None, but session {first.id!r} gave a dose on "
                f"{first.dosed_at.date().isoformat()}; expected consent signed on or before the "
                "first dosing session; record it with Patient.with_consent(ConsentRecord(...))"
            )
        if consent.signed_on > first.dosed_at.date():
            raise CourseError(
                f"patient.consent.signed_on: got {consent.signed_on.isoformat()}, after the "
                f"first dose (session {first.id!r}, {first.dosed_at.date().isoformat()}); "
                "expected consent on or before the first dosing session; check the dates"
            )

    def _check_scores(self) -> None:
        instruments: set[str] = set()
        first = self.first_dose
        for index, baseline in enumerate(self.baselines):
            instrument = baseline.score.instrument.id
            if instrument in instruments:
                raise CourseError(
                    f"baselines[{index}]: got a second {instrument!r} baseline; expected at most "
                    "one per instrument; keep the one taken closest before the first dose"
                )
            instruments.add(instrument)
            if first is not None and instant(baseline.taken_at) > instant(first.dosed_at):
                raise CourseError(
                    f"baselines[{index}].taken_at: got {baseline.taken_at.isoformat()!r}, after "
                    f"the first dose ({first.dosed_at.isoformat()!r}); expected a baseline "
                    "before dosing; record later ratings as assessments"
                )
        for index, assessment in enumerate(self.assessments):
            if assessment.taken_at.date() < self.start:
                raise CourseError(
                    f"assessments[{index}].taken_at: got {assessment.taken_at.isoformat()!r}, "
                    f"before the course starts ({self.start.isoformat()}); expected a rating "
                    "during the course; record a pre-course rating as a baseline"
                )

    # -- derived values -----------------------------------------------------------------

    @property
    def drug(self) -> Drug:
        """The drug of the course: the protocol's drug."""
        return self.protocol.drug

    @property
    def dosing_sessions(self) -> tuple[DosingSession, ...]:
        """Sessions in which a dose was given, in time order."""
        return tuple(s for s in self.sessions if isinstance(s, DosingSession))

    @property
    def first_dose(self) -> DosingSession | None:
        """The first dosing session, or None before any dose."""
        for session in self.sessions:
            if isinstance(session, DosingSession):
                return session
        return None

    def week_of(self, day: date) -> int:
        """Return the protocol week that *day* falls in (week 1 is the first phase's first).

        A course starting in a later phase starts at that phase's first week.
        """
        offset = self.protocol.phase(self.phase).first_week - 1
        return offset + (day - self.start).days // 7 + 1

    def phase_on(self, day: date) -> Phase | None:
        """Return the protocol phase in force on *day*, or None after the last phase ends."""
        return self.protocol.phase_for_week(self.week_of(day))

    def belongs_to(self, patient: Patient | PatientId) -> bool:
        """Whether this is *patient*'s course (compared by identifier, never shown)."""
        return _identifier(patient) == self.patient.identifier

    # -- "changing" the course returns a new one ----------------------------------------

    def with_session(
        self, session: Session, *, patient: Patient | PatientId | None = None
    ) -> Course:
        """Return a new course with *session* added; this course is unchanged.

        Args:
            session: the session to add.
            patient: whose session it is, if known; it must be this course's patient.

        >>> from datetime import date, datetime, timezone
        >>> from ketacore.patients import Patient
        >>> from ketacore.sessions import ScheduledSession
        >>> patient = Patient(identifier="PT-7", birth_date=date(1980, 1, 1),
        ...                   sex_at_birth="F", diagnoses={"depression"})
        >>> course = Course(patient=patient, protocol="esketamine-trd", indication="trd",
        ...                 start=date(2026, 3, 2))
        >>> plan = ScheduledSession(id="S1",
        ...     scheduled_start=datetime(2026, 3, 2, 9, tzinfo=timezone.utc))
        >>> len(course.with_session(plan).sessions), len(course.sessions)
        (1, 0)

        Raises:
            CourseError: the session is another patient's, or breaks a course rule.
        """
        if patient is not None and not self.belongs_to(patient):
            raise CourseError(
                f"patient: session {getattr(session, 'id', '?')!r} is recorded for a different "
                "patient than this course's (identifiers withheld); expected this course's "
                "patient; add the session to that patient's course"
            )
        return attrs.evolve(self, sessions=(*self.sessions, session))

    def with_assessment(self, assessment: TimedScore) -> Course:
        """Return a new course with a follow-up rating added."""
        return attrs.evolve(self, assessments=(*self.assessments, assessment))

    def with_baseline(self, baseline: TimedScore) -> Course:
        """Return a new course with a baseline rating added."""
        return attrs.evolve(self, baselines=(*self.baselines, baseline))

    def with_checkin(self, checkin: CheckIn) -> Course:
        """Return a new course with a long-term safety check-in added."""
        return attrs.evolve(self, checkins=(*self.checkins, checkin))
