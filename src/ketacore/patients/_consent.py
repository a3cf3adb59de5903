"""Informed consent for ketamine or esketamine treatment."""

from __future__ import annotations

import enum
from datetime import date
from types import MappingProxyType
from typing import Final

import attrs

from ketacore._choices import choose_set
from ketacore._validators import calendar_date, text
from ketacore.doses import Drug
from ketacore.exceptions import PatientError

__all__ = ["REQUIRED_CONSENT_TOPICS", "ConsentRecord", "ConsentTopic"]


class ConsentTopic(enum.Enum):
    """A topic an informed-consent discussion covers."""

    DISSOCIATION = "dissociation"
    """Dissociation and sedation during the session (US PI; clinical reference 5.3)."""
    BLOOD_PRESSURE = "blood_pressure"
    """The rise in blood pressure and its monitoring (US PI; clinical reference 5.1, 5.3)."""
    MISUSE_POTENTIAL = "misuse_potential"
    """Abuse, misuse and diversion potential (US PI; APA 2017; ASA 2025; reference 4)."""
    NO_DRIVING = "no_driving"
    """No driving or operating machinery until the next day (US PI; reference 5.1)."""
    OFF_LABEL = "off_label"
    """Racemic ketamine is off-label for depression (clinical reference 3.1)."""


_COMMON: Final = frozenset(
    {
        ConsentTopic.DISSOCIATION,
        ConsentTopic.BLOOD_PRESSURE,
        ConsentTopic.MISUSE_POTENTIAL,
        ConsentTopic.NO_DRIVING,
    }
)

REQUIRED_CONSENT_TOPICS: Final = MappingProxyType(
    {
        Drug.ESKETAMINE: _COMMON,
        Drug.KETAMINE: _COMMON | {ConsentTopic.OFF_LABEL},
    }
)
"""Topics the consent must cover for each drug; the off-label topic only for racemic ketamine."""


def _to_topics(values: object) -> frozenset[ConsentTopic]:
    return choose_set(ConsentTopic, values, field="topics", error=PatientError)


@attrs.frozen(kw_only=True)
class ConsentRecord:
    """A signed informed-consent record: when, which form version, which topics.

    >>> consent = ConsentRecord(signed_on=date(2026, 3, 1), form_version="v2",
    ...                         topics={"dissociation", "blood_pressure"})
    >>> sorted(t.value for t in consent.missing_topics(Drug.ESKETAMINE))
    ['misuse_potential', 'no_driving']
    """

    signed_on: date = attrs.field(validator=calendar_date(error=PatientError))
    """The day consent was given."""
    form_version: str = attrs.field(validator=text(error=PatientError, example="v2"))
    """The version of the consent form used."""
    topics: frozenset[ConsentTopic] = attrs.field(converter=_to_topics)
    """Topics covered (members or their text)."""

    def missing_topics(self, drug: Drug) -> frozenset[ConsentTopic]:
        """Return the topics required for *drug* that this consent does not cover."""
        return REQUIRED_CONSENT_TOPICS[drug] - self.topics
