"""A treatment course: one patient, one protocol, its sessions and assessments.

A :class:`Course` is an immutable value checked when it is built; adding a
session returns a new course and leaves the old one unchanged.

Decisions recorded here:

- **Consent** is required before the first *dosing* session: a course holding a
  :class:`~ketacore.sessions.DosingSession` dated before the patient's
  :attr:`~ketacore.patients.Patient.consent` was signed, or with no consent at
  all, is rejected with a :class:`~ketacore.exceptions.ConsentRequiredError`
  (a :class:`~ketacore.exceptions.CourseError`). Planned
  and psychotherapy sessions need no consent. Consent that misses a required
  topic is not an error but a finding of :func:`adherence_findings`.
- **Patient identity.** A session carries no patient field, so whoever adds a
  session may say whose it is with ``patient=``; it is compared with the
  course patient's :class:`~ketacore.patients.PatientId` and a mismatch is
  rejected with a :class:`~ketacore.exceptions.PatientMismatchError`. Messages
  never show either identifier. Two sessions with one id raise a
  :class:`~ketacore.exceptions.DuplicateSessionError`.
- **Dates.** The course starts on a calendar date. A session's day is the
  local calendar date of its (timezone-aware) time: ``dosed_at`` for a dosing
  session, ``scheduled_start`` for a plan, ``started_at`` for psychotherapy.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from ketacore import _validators as v
from ketacore._dates import instant
from ketacore.courses._fields import (
    check_unshown,
    identifier_of,
    session_day,
    sorted_baselines,
    sorted_checkins,
    sorted_scores,
    sorted_sessions,
    to_indication,
    to_protocol,
    to_route,
    validate_patient,
)
from ketacore.courses._protocols import Indication, Phase, Protocol
from ketacore.courses._safety_items import CheckIn
from ketacore.doses import Drug, Route
from ketacore.exceptions import (
    WITHHELD,
    ConsentRequiredError,
    CourseError,
    DuplicateSessionError,
    PatientMismatchError,
)
from ketacore.patients import Diagnosis, Patient, PatientId
from ketacore.sessions import (
    DosingSession,
    ScheduledSession,
    Session,
    TimedScore,
)

__all__ = ["Course", "check_course"]


def _default_route(course: Course) -> Route:
    routes = course.protocol.routes
    if len(routes) != 1:
        allowed = ", ".join(sorted(repr(route.value) for route in routes))
        v.fail(
            CourseError,
            "route",
            None,
            f"one of {allowed}, the routes protocol {course.protocol.id!r} allows",
            "pass route= to choose one",
        )
    return next(iter(routes))


def _default_phase(course: Course) -> str:
    return course.protocol.phases[0].name


def _check_phase(instance: Course, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str):
        v.fail(
            CourseError,
            "phase",
            value,
            f"a phase name such as {instance.protocol.phases[0].name!r}",
        )
    instance.protocol.phase(value)


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
        CourseError: a rule above is broken; the error's ``field``, ``value``,
            ``expected`` and ``fix`` say which and how to fix it, and never show the
            patient's identifier. Two of its subclasses name a failure callers may
            handle apart: :class:`~ketacore.exceptions.DuplicateSessionError` and
            :class:`~ketacore.exceptions.ConsentRequiredError`.
    """

    patient: Patient = attrs.field(validator=validate_patient)
    """The patient treated (the identifier never appears in messages)."""
    protocol: Protocol = attrs.field(converter=to_protocol)
    """The protocol followed (a :class:`Protocol` or a built-in id)."""
    indication: Indication = attrs.field(converter=to_indication)
    """What the course treats; must be one of the protocol's indications."""
    start: date = attrs.field(validator=v.calendar_date(error=CourseError))
    """The first day of the course (course week 1 of :attr:`phase` starts here)."""
    route: Route = attrs.field(
        default=attrs.Factory(_default_route, takes_self=True), converter=to_route
    )
    """The route every dose is given by; defaults to the protocol's only route."""
    phase: str = attrs.field(
        default=attrs.Factory(_default_phase, takes_self=True), validator=_check_phase
    )
    """The protocol phase the course starts in (default: the first)."""
    sessions: tuple[Session, ...] = attrs.field(default=(), converter=sorted_sessions)
    """Dosing, planned and psychotherapy sessions, sorted by time (ties by id)."""
    baselines: tuple[TimedScore, ...] = attrs.field(default=(), converter=sorted_baselines)
    """Baseline ratings, at most one per instrument, none after the first dose."""
    assessments: tuple[TimedScore, ...] = attrs.field(default=(), converter=sorted_scores)
    """Follow-up ratings outside sessions (MADRS, PHQ-9, ...), on or after the start."""
    checkins: tuple[CheckIn, ...] = attrs.field(default=(), converter=sorted_checkins)
    """Long-term safety check-ins (cognition, bladder, substance misuse)."""

    def __attrs_post_init__(self) -> None:
        self._check_patient_fits()
        self._check_sessions()
        self._check_scores()

    def _check_patient_fits(self) -> None:
        protocol = self.protocol
        choices = (
            (
                "indication",
                self.indication,
                protocol.indications,
                "choose the protocol for this indication",
            ),
            ("route", self.route, protocol.routes, None),
        )
        for part, chosen, allowed, fix in choices:
            if chosen not in allowed:
                names = ", ".join(sorted(repr(member.value) for member in allowed))
                expected = f"one of {names}, the {part}s of protocol {protocol.id!r}"
                v.fail(CourseError, part, chosen.value, expected, fix)
        if not self.patient.has_diagnosis(Diagnosis.DEPRESSION):
            v.fail(
                CourseError,
                "patient.diagnoses",
                self.patient.diagnoses,
                f"'depression' among the diagnoses, as indication {self.indication.value!r} is "
                "a depression",
                "record it with Patient.with_diagnosis('depression')",
                got="no 'depression' recorded",
            )
        age = self.patient.age(on=self.start)
        if age < protocol.min_age:
            v.fail(
                CourseError,
                "patient",
                WITHHELD,
                f"at least {protocol.min_age} years for protocol {protocol.id!r} (an adult "
                "protocol)",
                "the protocols here do not cover younger patients",
                got=f"a patient aged {age} on the start date {self.start.isoformat()}",
            )

    def _check_sessions(self) -> None:
        seen: dict[str, Session] = {}
        for index, session in enumerate(self.sessions):
            field = f"sessions[{index}]"
            first = seen.get(session.id)
            if first is not None:
                raise _duplicate(f"{field}.id", first, session)
            seen[session.id] = session
            day = session_day(session)
            if day < self.start:
                v.fail(
                    CourseError,
                    field,
                    session,
                    f"a day on or after the course start ({self.start.isoformat()})",
                    "check the date, or start the course earlier",
                    got=f"session {session.id!r} on {day.isoformat()}",
                )
            if isinstance(session, DosingSession | ScheduledSession):
                self._check_drug_and_route(field, session)
        self._check_consent()

    def _check_drug_and_route(self, field: str, session: DosingSession | ScheduledSession) -> None:
        checks = (
            ("drug", session.drug, self.drug, "record it in a course of its own"),
            ("route", session.route, self.route, "check the dose's route"),
        )
        for part, given, course_value, fix in checks:
            if given is not None and given is not course_value:
                v.fail(
                    CourseError,
                    f"{field}.dose.{part}",
                    given.value,
                    f"{course_value.value!r}, the {part} of this course",
                    fix,
                    got=f"{given.value!r} in session {session.id!r}",
                )

    def _check_consent(self) -> None:
        first = self.first_dose
        if first is None:
            return
        consent, dosed = self.patient.consent, first.dosed_at.date()
        if consent is None or consent.signed_on > dosed:
            raise ConsentRequiredError(
                field="patient.consent" if consent is None else "patient.consent.signed_on",
                value=None if consent is None else consent.signed_on,
                got=None if consent is None else consent.signed_on.isoformat(),
                expected=f"consent signed on or before the first dose (session {first.id!r}, "
                f"{dosed.isoformat()})",
                fix="record it with Patient.with_consent(ConsentRecord(...))"
                if consent is None
                else "check the dates",
            )

    def _check_scores(self) -> None:
        instruments: set[str] = set()
        first = self.first_dose
        for index, baseline in enumerate(self.baselines):
            instrument = baseline.score.instrument.id
            if instrument in instruments:
                v.fail(
                    CourseError,
                    f"baselines[{index}]",
                    baseline,
                    "at most one baseline per instrument",
                    "keep the one taken closest before the first dose",
                    got=f"a second {instrument!r} baseline",
                )
            instruments.add(instrument)
            if first is not None and instant(baseline.taken_at) > instant(first.dosed_at):
                v.fail(
                    CourseError,
                    f"baselines[{index}].taken_at",
                    baseline.taken_at,
                    f"a baseline before the first dose ({first.dosed_at.isoformat()!r})",
                    "record later ratings as assessments",
                    got=f"{baseline.taken_at.isoformat()!r}, after the first dose",
                )
        for index, assessment in enumerate(self.assessments):
            if assessment.taken_at.date() < self.start:
                v.fail(
                    CourseError,
                    f"assessments[{index}].taken_at",
                    assessment.taken_at,
                    f"a rating during the course, on or after {self.start.isoformat()}",
                    "record a pre-course rating as a baseline",
                    got=f"{assessment.taken_at.isoformat()!r}, before the course starts",
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
        return identifier_of(patient) == self.patient.identifier

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
            PatientMismatchError: the session is another patient's.
            CourseError: the session breaks a course rule.
        """
        if patient is not None and not self.belongs_to(patient):
            raise PatientMismatchError(
                field="patient",
                value=WITHHELD,
                got="another patient (identifiers withheld)",
                expected="this course's patient",
                fix="add the session to that patient's course",
            )
        return attrs.evolve(self, sessions=(*self.sessions, session))

    def with_recorded_session(
        self, session: DosingSession, *, patient: Patient | PatientId | None = None
    ) -> Course:
        """Return a new course with the planned session of *session*'s id replaced by *session*.

        This is how a planned session (:class:`~ketacore.sessions.ScheduledSession`)
        becomes what happened: record it with
        :meth:`ScheduledSession.record <ketacore.sessions.ScheduledSession.record>` and
        put the record in the plan's place. :meth:`with_session` would refuse it,
        as the course would then hold two sessions with one id. This course is
        unchanged.

        Args:
            session: the record, a :class:`~ketacore.sessions.DosingSession`.
            patient: whose session it is, if known; it must be this course's patient.

        Raises:
            CourseError: *session* is not a ``DosingSession``, or the course has no
                planned session with its id (add an unplanned one with
                :meth:`with_session`).
            PatientMismatchError: the session is another patient's.
        """
        if not isinstance(session, DosingSession):
            raise CourseError(
                field="session",
                value=WITHHELD,
                got=f"a {type(session).__name__}",
                expected="a DosingSession, the record of a planned session",
                fix="record the plan first, e.g. course.with_recorded_session("
                "plan.record(started_at=..., dosed_at=...))",
            )
        planned = [
            i
            for i, s in enumerate(self.sessions)
            if s.id == session.id and isinstance(s, ScheduledSession)
        ]
        if not planned:
            held = next((s for s in self.sessions if s.id == session.id), None)
            got = (
                f"no session {session.id!r} in the course"
                if held is None
                else f"session {session.id!r} held as a {type(held).__name__}, not a plan"
            )
            raise CourseError(
                field="session.id",
                value=session.id,
                got=got,
                expected=f"a planned session (ScheduledSession) with id {session.id!r}",
                fix="add a session that was not planned with Course.with_session(session)"
                if held is None
                else "a recorded session is not recorded again; give a new session its own id",
            )
        kept = tuple(s for i, s in enumerate(self.sessions) if i not in planned)
        replaced = attrs.evolve(self, sessions=kept)
        return replaced.with_session(session, patient=patient)

    def with_assessment(self, assessment: TimedScore) -> Course:
        """Return a new course with a follow-up rating added."""
        return attrs.evolve(self, assessments=(*self.assessments, assessment))

    def with_baseline(self, baseline: TimedScore) -> Course:
        """Return a new course with a baseline rating added."""
        return attrs.evolve(self, baselines=(*self.baselines, baseline))

    def with_checkin(self, checkin: CheckIn) -> Course:
        """Return a new course with a long-term safety check-in added."""
        return attrs.evolve(self, checkins=(*self.checkins, checkin))


def _duplicate(field: str, first: Session, second: Session) -> DuplicateSessionError:
    """Two sessions with one id; a plan and its record get the operation that replaces it."""
    kinds = {type(first), type(second)}
    if kinds == {ScheduledSession, DosingSession}:
        fix = (
            f"session {second.id!r} is planned; to record it, replace the plan with "
            "Course.with_recorded_session(plan.record(...)) instead of adding the record "
            "with with_session"
        )
    else:
        fix = "give the second session its own id"
    return DuplicateSessionError(
        field=field, value=second.id, expected="unique session ids in a course", fix=fix
    )


def check_course(value: object) -> Course:
    """Return *value* if it is a Course, else raise CourseError (the value is not shown)."""
    return check_unshown(value, Course, field="course", expected="a ketacore.courses.Course")
