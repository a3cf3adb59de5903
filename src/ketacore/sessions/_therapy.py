"""Ketamine-assisted psychotherapy: preparation and integration sessions, and support in dosing.

Ketamine-assisted psychotherapy (KAP) pairs dosing sessions with psychotherapy
sessions that have no dose: *preparation* before dosing and *integration*
after it. They are separate types because they mean different things in a
course, even though they carry the same fields.

The modality is free text chosen by the clinic (for example ``"ACT"``,
``"psychodynamic"``, ``"IFS"``): the clinical reference lists no modalities,
so ketacore does not fix a list.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Final

import attrs

from ketacore import _validators as v
from ketacore._dates import later
from ketacore.exceptions import SessionError
from ketacore.sessions._common import check_aware, check_id, check_notes, format_duration

__all__ = [
    "MAX_THERAPY_DURATION",
    "IntegrationSession",
    "PreparationSession",
    "PsychotherapySupport",
]

MAX_THERAPY_DURATION: Final = timedelta(hours=12)
"""Longest psychotherapy session accepted: a data-entry guard, not a clinical limit."""

_THERAPIST: Final = v.text(error=SessionError, example="T-017", fix="record the therapist")
_MODALITY: Final = v.text(error=SessionError, example="ACT", fix="record the modality")


@attrs.frozen(kw_only=True)
class PsychotherapySupport:
    """Psychotherapy given alongside a dosing session (a psychotherapy-assisted dose).

    >>> from ketacore.sessions import PsychotherapySupport
    >>> PsychotherapySupport(therapist="T-017", modality="ACT").modality
    'ACT'
    """

    therapist: str = attrs.field(validator=_THERAPIST)
    """Who gave the therapy: a staff id or name (never the patient's)."""
    modality: str = attrs.field(validator=_MODALITY)
    """The psychotherapy approach, as the clinic names it."""


def _check_duration(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, timedelta):
        v.fail(SessionError, "duration", value, "a timedelta such as timedelta(minutes=50)")
    if not timedelta(0) < value <= MAX_THERAPY_DURATION:
        v.fail(
            SessionError,
            "duration",
            value,
            f"more than 0 min and at most {format_duration(MAX_THERAPY_DURATION)}",
            "check the start and end of the session",
            got=format_duration(value),
        )


@attrs.frozen(kw_only=True)
class _TherapySession:
    """Fields shared by preparation and integration sessions."""

    id: str = attrs.field(validator=check_id)
    """The session's opaque id, unique within a course."""
    started_at: datetime = attrs.field(validator=check_aware)
    """When the session started (timezone-aware)."""
    duration: timedelta = attrs.field(validator=_check_duration)
    """How long it lasted (more than zero, at most 12 h)."""
    therapist: str = attrs.field(validator=_THERAPIST)
    """Who led it: a staff id or name (never the patient's)."""
    modality: str = attrs.field(validator=_MODALITY)
    """The psychotherapy approach, as the clinic names it."""
    notes: str = attrs.field(default="", validator=check_notes)
    """Free-text notes."""

    @property
    def ended_at(self) -> datetime:
        """When the session ended: start plus duration (absolute time), in the start's zone."""
        return later(self.started_at, self.duration)


@attrs.frozen(kw_only=True)
class PreparationSession(_TherapySession):
    """A psychotherapy session before dosing, with no dose.

    >>> from datetime import datetime, timedelta, timezone
    >>> from ketacore.sessions import PreparationSession
    >>> prep = PreparationSession(
    ...     id="P1", started_at=datetime(2026, 3, 1, 14, 0, tzinfo=timezone.utc),
    ...     duration=timedelta(minutes=50), therapist="T-017", modality="ACT")
    >>> prep.ended_at.isoformat()
    '2026-03-01T14:50:00+00:00'
    """


@attrs.frozen(kw_only=True)
class IntegrationSession(_TherapySession):
    """A psychotherapy session after dosing, to integrate the experience; no dose."""
