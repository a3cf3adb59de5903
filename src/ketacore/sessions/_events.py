"""Adverse events observed during a session (clinical reference section 5.3)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from ketacore._choices import Choice
from ketacore._dates import instant
from ketacore._validators import fail
from ketacore.exceptions import SessionError
from ketacore.sessions._common import check_aware, check_notes, check_optional_aware

__all__ = ["AdverseEvent", "AdverseEventKind", "Severity"]

_KIND_HINT = "use 'other' with a description for anything else"
_SEVERITY_HINT = "grade the event as mild, moderate or severe"


class AdverseEventKind(Choice, field="kind", error=SessionError, hint=_KIND_HINT):
    """What kind of adverse event was observed.

    The kinds are the common in-session events of section 5.3 of the clinical
    reference (ASPIRE pooled table; Singh 2016 for IV ketamine), and respiratory
    depression, which the SPRAVATO REMS form asks about (section 10); anything
    else is :attr:`OTHER` with a description.
    """

    DISSOCIATION = "dissociation"
    """Dissociation or perceptual disturbance."""
    SEDATION = "sedation"
    """Sedation or somnolence."""
    NAUSEA_VOMITING = "nausea/vomiting"
    """Nausea or vomiting."""
    BLOOD_PRESSURE_RISE = "blood pressure rise"
    """A rise in blood pressure."""
    RESPIRATORY_DEPRESSION = "respiratory depression"
    """Respiratory depression (Spravato US PI boxed warning; REMS monitoring with pulse oximetry).

    The REMS Patient Monitoring Form asks whether it occurred (clinical reference
    sections 5.1 and 10); ketacore does not infer it from SpO2, as the reference
    gives no threshold: the observer records the event.
    """
    DIZZINESS = "dizziness"
    """Dizziness or vertigo."""
    HEADACHE = "headache"
    """Headache."""
    OTHER = "other"
    """Any other event; the description says what."""


class Severity(Choice, field="severity", error=SessionError, hint=_SEVERITY_HINT):
    """How severe an adverse event was: mild, moderate or severe.

    The three-grade scale is the usual clinical grading; ketacore does not
    define the grades, the observer does.
    """

    MILD = "mild"
    """Noticeable; no intervention needed."""
    MODERATE = "moderate"
    """Needs attention or a simple intervention."""
    SEVERE = "severe"
    """Needs significant intervention, or stops the session."""

    @property
    def rank(self) -> int:
        """1 for mild, 2 for moderate, 3 for severe (for comparisons)."""
        return list(Severity).index(self) + 1


def _to_kind(value: AdverseEventKind | str) -> AdverseEventKind:
    return AdverseEventKind.from_text(value)


def _to_severity(value: Severity | str) -> Severity:
    return Severity.from_text(value)


def _check_description(instance: AdverseEvent, attribute: Any, value: Any) -> None:
    check_notes(instance, attribute, value)
    if instance.kind is AdverseEventKind.OTHER and not value.strip():
        fail(
            SessionError,
            "description",
            value,
            "what happened, for an event of kind 'other'",
            "describe the event, for example description='dysgeusia'",
        )


def _check_resolution(instance: AdverseEvent, attribute: Any, value: Any) -> None:
    check_optional_aware(instance, attribute, value)
    if value is not None and instant(value) < instant(instance.onset):
        fail(
            SessionError,
            "resolved_at",
            value,
            "a resolution at or after the onset",
            "check the two times (or leave resolved_at=None while the event is ongoing)",
            got=f"{value.isoformat()!r}, before the onset {instance.onset.isoformat()!r}",
        )


@attrs.frozen(kw_only=True)
class AdverseEvent:
    """One adverse event: what it was, how severe, when it began and ended.

    >>> from datetime import datetime, timezone
    >>> from ketacore.sessions import AdverseEvent
    >>> at = datetime(2026, 3, 2, 9, 20, tzinfo=timezone.utc)
    >>> event = AdverseEvent(kind="nausea/vomiting", severity="mild", onset=at)
    >>> event.kind, event.severity, event.is_resolved(at)
    (<AdverseEventKind.NAUSEA_VOMITING: 'nausea/vomiting'>, <Severity.MILD: 'mild'>, False)
    """

    kind: AdverseEventKind = attrs.field(converter=_to_kind)
    """What kind of event it was."""
    severity: Severity = attrs.field(converter=_to_severity)
    """How severe it was at its worst."""
    onset: datetime = attrs.field(validator=check_aware)
    """When it began (timezone-aware)."""
    resolved_at: datetime | None = attrs.field(default=None, validator=_check_resolution)
    """When it resolved (timezone-aware), or None while it is ongoing."""
    description: str = attrs.field(default="", validator=_check_description)
    """What happened, in the observer's words; required for :attr:`AdverseEventKind.OTHER`."""

    def is_resolved(self, at: datetime) -> bool:
        """Whether the event had resolved by *at*."""
        return self.resolved_at is not None and instant(self.resolved_at) <= instant(at)

    def label(self) -> str:
        """The kind as charted (the description for 'other' events)."""
        if self.kind is AdverseEventKind.OTHER:
            return self.description.strip()
        return str(self.kind.value)
