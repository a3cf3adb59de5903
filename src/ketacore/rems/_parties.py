"""Who the form is about and who fills it: the setting, the prescriber, the patient's identity.

These are inputs: ketacore's records are pseudonymous and know no setting, so
the caller supplies them. The patient's name and date of birth are held by a
:class:`PatientIdentity`, which never shows them in ``repr``, ``str`` or an error.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Final

import attrs

from ketacore import _validators as v
from ketacore._choices import Choice
from ketacore.exceptions import WITHHELD, RemsError

__all__ = ["HealthcareSetting", "PatientIdentity", "Prescriber", "SettingKind"]


class SettingKind(Choice, field="kind", error=RemsError):
    """Whether a REMS-certified healthcare setting treats outpatients or inpatients.

    Outpatient settings submit a Patient Monitoring Form after every session;
    inpatient settings are exempt from enrolment and the monitoring form
    (clinical reference section 5.1).
    """

    OUTPATIENT = "outpatient"
    """An outpatient medical office or clinic: submits the form within 7 days."""
    INPATIENT = "inpatient"
    """An inpatient setting (emergency departments included): does not submit the form."""


def _to_kind(value: SettingKind | str) -> SettingKind:
    return SettingKind.from_text(value)


_NAME: Final = 200
_OPTIONAL_ID: Final = v.optional(v.identifier(error=RemsError, example="HCS-1234567"))


@attrs.frozen(kw_only=True)
class HealthcareSetting:
    """The REMS-certified healthcare setting where the session took place.

    >>> from ketacore.rems import HealthcareSetting
    >>> HealthcareSetting(name="Riverside Clinic", kind="outpatient").kind
    <SettingKind.OUTPATIENT: 'outpatient'>
    """

    name: str = attrs.field(
        validator=v.text(error=RemsError, example="Riverside Clinic", max_length=_NAME)
    )
    """The setting's name, as certified."""
    kind: SettingKind = attrs.field(converter=_to_kind)
    """Outpatient or inpatient (a member or its text)."""
    rems_id: str | None = attrs.field(default=None, validator=_OPTIONAL_ID)
    """The setting's REMS certification id, if the caller has it."""

    @property
    def submits_form(self) -> bool:
        """Whether this setting submits the Patient Monitoring Form (outpatient settings do)."""
        return self.kind is SettingKind.OUTPATIENT


@attrs.frozen(kw_only=True)
class Prescriber:
    """The prescriber onsite, or the healthcare provider conducting the monitoring.

    >>> from ketacore.rems import Prescriber
    >>> Prescriber(name="Dr A. Rivera").name
    'Dr A. Rivera'
    """

    name: str = attrs.field(
        validator=v.text(error=RemsError, example="Dr A. Rivera", max_length=_NAME)
    )
    """The clinician's name."""
    rems_id: str | None = attrs.field(default=None, validator=_OPTIONAL_ID)
    """The clinician's REMS or NPI identifier, if the caller has it."""


_NOT_SHOWN: Final = "(not shown: identifying fields never appear in messages)"


def _check_name(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    # The value is never shown nor kept: identifying fields stay out of every message.
    if not isinstance(value, str) or not value.strip() or len(value) > _NAME:
        kind = type(value).__name__
        length = f" of length {len(value)}" if isinstance(value, str) else ""
        v.fail(
            RemsError,
            attribute.name,
            WITHHELD,
            f"non-blank text of at most {_NAME} characters",
            got=f"a {kind}{length} {_NOT_SHOWN}",
        )


def _check_birth_date(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, datetime) or not isinstance(value, date):
        v.fail(
            RemsError,
            attribute.name,
            WITHHELD,
            "a calendar date (a datetime.date)",
            got=f"a {type(value).__name__} {_NOT_SHOWN}",
        )


@attrs.frozen(kw_only=True, eq=False)
class PatientIdentity:
    """The patient's name and date of birth, for the form only; they never show themselves.

    ``repr`` and ``str`` hide every field, and no error message quotes one.
    Read the attributes explicitly. Two identities are equal when all fields are.

    >>> from datetime import date
    >>> from ketacore.rems import PatientIdentity
    >>> who = PatientIdentity(first_name="Ada", last_name="Byron", birth_date=date(1980, 5, 17))
    >>> who, who.first_name
    (PatientIdentity(<withheld>), 'Ada')
    """

    first_name: str = attrs.field(validator=_check_name, repr=False)
    """The patient's first name."""
    last_name: str = attrs.field(validator=_check_name, repr=False)
    """The patient's last name."""
    birth_date: date = attrs.field(validator=_check_birth_date, repr=False)
    """The patient's date of birth."""

    def __repr__(self) -> str:
        return "PatientIdentity(<withheld>)"

    __str__ = __repr__

    # Hand-written, not attrs-generated: pytest drills into the fields of classes whose
    # __eq__ attrs generated and prints each differing field's repr (the name itself).
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PatientIdentity):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash((PatientIdentity, *self._key()))

    def _key(self) -> tuple[str, str, date]:
        return (self.first_name, self.last_name, self.birth_date)
