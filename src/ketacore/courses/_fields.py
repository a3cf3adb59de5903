"""The fields of a :class:`~ketacore.courses.Course`: converters, validators, ordering.

Each converter returns a checked value or raises :class:`~ketacore.exceptions.CourseError`
naming the field; the course's sessions, assessments, baselines and check-ins are kept
in time order on absolute time, so a course built in any order equals one built sorted.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Final, TypeVar

import attrs

from ketacore import _validators as v
from ketacore._choices import choose
from ketacore._dates import instant
from ketacore.courses._catalogue import get_protocol
from ketacore.courses._protocols import Indication, Protocol
from ketacore.courses._safety_items import CheckIn
from ketacore.doses import _ROUTE_ALIASES, Route
from ketacore.exceptions import WITHHELD, CourseError
from ketacore.patients import Patient, PatientId
from ketacore.sessions import (
    DosingSession,
    IntegrationSession,
    PreparationSession,
    ScheduledSession,
    Session,
    TimedScore,
)

__all__ = [
    "check_patient",
    "check_unshown",
    "identifier_of",
    "session_day",
    "session_time",
    "sorted_baselines",
    "sorted_checkins",
    "sorted_scores",
    "sorted_sessions",
    "to_indication",
    "to_protocol",
    "to_route",
    "validate_patient",
]

_K = TypeVar("_K")

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


def to_protocol(value: object) -> Protocol:
    if isinstance(value, str):
        return get_protocol(value)
    return v.check_instance(
        value, Protocol, field="protocol", error=CourseError, example="'esketamine-trd' (an id)"
    )


def to_route(value: object) -> Route:
    return choose(Route, value, field="route", error=CourseError, aliases=_ROUTE_ALIASES)


_SCORE_EXAMPLE: Final = "TimedScore(taken_at=..., score=...)"
_SESSIONS: Final = v.tuple_of(
    _SESSION_TYPES, field="sessions", error=CourseError, example="DosingSession(...)"
)
_SCORES: Final = v.tuple_of(
    TimedScore, field="assessments", error=CourseError, example=_SCORE_EXAMPLE
)
_BASELINES: Final = v.tuple_of(
    TimedScore, field="baselines", error=CourseError, example=_SCORE_EXAMPLE
)
_CHECKINS: Final = v.tuple_of(
    CheckIn, field="checkins", error=CourseError, example="CheckIn(item='bladder', on=date(...))"
)


def _by_time(score: TimedScore) -> tuple[datetime, str]:
    return instant(score.taken_at), score.score.instrument.id


def sorted_sessions(value: Any) -> tuple[Session, ...]:
    return tuple(sorted(_SESSIONS(value), key=lambda s: (instant(session_time(s)), s.id)))


def sorted_scores(value: Any) -> tuple[TimedScore, ...]:
    return tuple(sorted(_SCORES(value), key=_by_time))


def sorted_baselines(value: Any) -> tuple[TimedScore, ...]:
    return tuple(sorted(_BASELINES(value), key=_by_time))


def sorted_checkins(value: Any) -> tuple[CheckIn, ...]:
    return tuple(sorted(_CHECKINS(value), key=lambda c: (c.on, c.item.value)))


def check_unshown(value: object, kind: type[_K], *, field: str, expected: str) -> _K:
    """Return *value* if it is a *kind*, else raise CourseError describing it by type alone.

    A wrong-type patient or course may be an identifier, so it is never shown.
    """
    if not isinstance(value, kind):
        v.fail(CourseError, field, WITHHELD, expected, got=f"a {type(value).__name__} (not shown)")
    return value


def check_patient(value: Any, field: str = "patient") -> Patient:
    """Return *value* if it is a Patient, else raise CourseError (the value is not shown)."""
    return check_unshown(value, Patient, field=field, expected="a ketacore.patients.Patient")


def validate_patient(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_patient(value)


def to_indication(value: object) -> Indication:
    return Indication.from_text(value)  # type: ignore[arg-type]


def identifier_of(patient: Patient | PatientId) -> PatientId:
    if isinstance(patient, Patient):
        return patient.identifier
    return check_unshown(patient, PatientId, field="patient", expected="a Patient or a PatientId")
