"""The monitoring record: one filled-in SPRAVATO REMS Patient Monitoring Form.

A record holds what the form asks, as far as it is known. Values that cannot
exist (a monitoring end before its start, a lot number of the wrong form) are
refused when it is built; what is merely missing or does not add up is listed
by :func:`ketacore.rems.check_record`, so an incomplete record can be shown
with its gaps.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any, Final

import attrs

from ketacore import _validators as v
from ketacore._choices import Choice
from ketacore._dates import elapsed, instant
from ketacore.exceptions import RemsError
from ketacore.patients import MedicationClass, SexAtBirth
from ketacore.rems._form import DoseCategory, FormVersion, get_form
from ketacore.rems._parties import HealthcareSetting, PatientIdentity, Prescriber
from ketacore.sessions._common import to_lots
from ketacore.vitals import VitalSigns

__all__ = ["Answer", "ConcomitantMedication", "MonitoringRecord"]


class Answer(Choice, field="answer", error=RemsError):
    """A yes/no answer on the form, or unknown: unknown is never reported as "no"."""

    YES = "yes"
    """Yes."""
    NO = "no"
    """No."""
    UNKNOWN = "unknown"
    """Not known from the record: the form's box stays empty."""

    @classmethod
    def of(cls, value: Answer | bool | str | None) -> Answer:
        """Read an answer: a member, True/False, None (unknown) or ``'yes'``/``'no'``/``'unknown'``.

        >>> Answer.of(True), Answer.of(None)
        (<Answer.YES: 'yes'>, <Answer.UNKNOWN: 'unknown'>)
        """
        if value is None:
            return cls.UNKNOWN
        if isinstance(value, bool):
            return cls.YES if value else cls.NO
        return cls.from_text(value)


def _to_answer(value: Answer | bool | str | None) -> Answer:
    return Answer.of(value)


def _to_class(value: MedicationClass | str) -> MedicationClass:
    return MedicationClass.from_text(value)


@attrs.frozen(kw_only=True)
class ConcomitantMedication:
    """The form's answer for one concomitant medication class.

    >>> from ketacore.rems import ConcomitantMedication
    >>> ConcomitantMedication(medication_class="opioid", answer=False).answer
    <Answer.NO: 'no'>
    """

    medication_class: MedicationClass = attrs.field(converter=_to_class)
    """The class asked about (a member or its text)."""
    answer: Answer = attrs.field(converter=_to_answer)
    """Whether the patient currently takes a medication of the class."""


def _to_concomitant(value: Iterable[ConcomitantMedication]) -> tuple[ConcomitantMedication, ...]:
    items = v.as_tuple(value, field="concomitant_medications", error=RemsError)
    seen: set[MedicationClass] = set()
    for index, item in enumerate(items):
        field = f"concomitant_medications[{index}]"
        v.check_instance(
            item,
            ConcomitantMedication,
            field=field,
            error=RemsError,
            example="ConcomitantMedication(medication_class='opioid', answer='no')",
        )
        if item.medication_class in seen:
            v.fail(
                RemsError,
                field,
                item.medication_class.value,
                "each medication class once",
                "keep one answer per class",
            )
        seen.add(item.medication_class)
    return items


def _to_lots(value: Iterable[str]) -> tuple[str, ...]:
    return to_lots(value, field="device_lots", error=RemsError)


def _check_form_version(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    get_form(value)


def _check_dose(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        v.fail(RemsError, "dose_mg", value, "the esketamine dose in mg, such as 56")
    if not (math.isfinite(value) and value > 0):
        v.fail(RemsError, "dose_mg", value, "a positive, finite number of mg, such as 56")


def _check_spo2(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    # The data-entry bounds of ketacore.vitals.VitalSigns.spo2 (50-100 %).
    if isinstance(value, bool) or not isinstance(value, int | float) or not 50 <= value <= 100:
        v.fail(RemsError, "lowest_spo2", value, "None, or an SpO2 of 50-100 %")


def _blood_pressure(field: str) -> v.Validator:
    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None:
            return
        if not isinstance(value, VitalSigns) or not value.has_blood_pressure:
            v.fail(
                RemsError,
                field,
                value,
                "None, or a VitalSigns with a blood pressure",
                "for example VitalSigns(taken_at=..., systolic=128, diastolic=82)",
            )

    return validate


_AWARE: Final = v.aware(error=RemsError)
_OPTIONAL_AWARE: Final = v.optional(_AWARE)
_SETTING: Final = v.instance_of(
    HealthcareSetting, error=RemsError, example="HealthcareSetting(name=..., kind='outpatient')"
)
_PRESCRIBER: Final = v.instance_of(Prescriber, error=RemsError, example="Prescriber(name=...)")
_IDENTITY: Final = v.optional(
    v.instance_of(
        PatientIdentity,
        error=RemsError,
        example="PatientIdentity(first_name=..., last_name=..., birth_date=...)",
    )
)


def _to_sex(value: SexAtBirth | str) -> SexAtBirth:
    return SexAtBirth.from_text(value)


def _minutes(span: timedelta) -> int:
    # Whole minutes, rounded down: 1 h 59 min 59 s is 119 min and never reads as 2 h.
    return int(span / timedelta(minutes=1))


@attrs.frozen(kw_only=True)
class MonitoringRecord:
    """One SPRAVATO REMS Patient Monitoring Form, as filled from a session and its inputs.

    Build one with :func:`ketacore.rems.monitoring_record`; list its gaps with
    :func:`ketacore.rems.check_record`. The patient's identity is shown by
    neither ``repr`` nor any error; :meth:`without_identity` drops it.
    """

    form_version: str = attrs.field(validator=_check_form_version)
    """The id of the form version followed (see :data:`ketacore.rems.FORMS`)."""
    session_id: str = attrs.field(
        validator=v.identifier(error=RemsError, example="S-2026-03-02-01")
    )
    """The id of the dosing session recorded."""
    setting: HealthcareSetting = attrs.field(validator=_SETTING)
    """The healthcare setting."""
    prescriber: Prescriber = attrs.field(validator=_PRESCRIBER)
    """The prescriber, or the healthcare provider conducting the monitoring."""
    identity: PatientIdentity | None = attrs.field(default=None, validator=_IDENTITY, repr=False)
    """The patient's name and date of birth, if the caller gave them (never in ``repr``)."""
    sex_at_birth: SexAtBirth = attrs.field(default=SexAtBirth.UNKNOWN, converter=_to_sex)
    """The patient's sex, from the patient record."""
    first_treatment: Answer = attrs.field(default=Answer.UNKNOWN, converter=_to_answer)
    """Whether this is the patient's first treatment."""
    enrolled: Answer = attrs.field(default=Answer.UNKNOWN, converter=_to_answer)
    """Whether the patient is enrolled in the REMS (asked for a first treatment)."""
    concomitant_medications: tuple[ConcomitantMedication, ...] = attrs.field(
        default=(), converter=_to_concomitant
    )
    """The answer for each medication class the form asks about."""
    treatment_date: date = attrs.field(validator=v.calendar_date(error=RemsError))
    """The treatment date: the day of the first device, in the session's zone."""
    dose_mg: float = attrs.field(validator=_check_dose)
    """The esketamine dose given, mg."""
    device_lots: tuple[str, ...] = attrs.field(default=(), converter=_to_lots)
    """The lot numbers of the devices used."""
    monitoring_started_at: datetime = attrs.field(validator=_AWARE)
    """The first device: monitoring time counts from here."""
    monitoring_ended_at: datetime | None = attrs.field(default=None, validator=_OPTIONAL_AWARE)
    """The end of monitoring, or None while the patient is still monitored."""
    ready_to_leave_at: datetime | None = attrs.field(default=None, validator=_OPTIONAL_AWARE)
    """When the patient would have been ready to leave without the 2-hour minimum."""
    vitals_acceptable_before_dosing: Answer = attrs.field(
        default=Answer.UNKNOWN, converter=_to_answer
    )
    """Whether vital signs were in an acceptable range before dosing (the clinician's answer)."""
    vitals_acceptable_at_end: Answer = attrs.field(default=Answer.UNKNOWN, converter=_to_answer)
    """Whether vital signs were in an acceptable range at the end (the clinician's answer)."""
    bp_before_dosing: VitalSigns | None = attrs.field(
        default=None, validator=_blood_pressure("bp_before_dosing")
    )
    """The blood pressure before dosing."""
    bp_at_40_min: VitalSigns | None = attrs.field(
        default=None, validator=_blood_pressure("bp_at_40_min")
    )
    """The blood pressure at about 40 min after the first device."""
    bp_before_end: VitalSigns | None = attrs.field(
        default=None, validator=_blood_pressure("bp_before_end")
    )
    """The blood pressure before the end of the session."""
    lowest_spo2: float | None = attrs.field(default=None, validator=_check_spo2)
    """The lowest SpO2 by pulse oximetry during monitoring, %, or None if none was taken."""
    sedation: Answer = attrs.field(default=Answer.UNKNOWN, converter=_to_answer)
    """Whether sedation occurred during monitoring."""
    dissociation: Answer = attrs.field(default=Answer.UNKNOWN, converter=_to_answer)
    """Whether dissociation occurred during monitoring."""
    respiratory_depression: Answer = attrs.field(default=Answer.UNKNOWN, converter=_to_answer)
    """Whether respiratory depression occurred during monitoring (pulse oximetry)."""

    def __attrs_post_init__(self) -> None:
        start = self.monitoring_started_at
        for field in ("monitoring_ended_at", "ready_to_leave_at"):
            moment = getattr(self, field)
            if moment is not None and instant(moment) < instant(start):
                v.fail(
                    RemsError,
                    field,
                    moment,
                    f"a time at or after the start of monitoring ({start.isoformat()!r})",
                    "check both times: monitoring starts at the first device",
                    got=repr(moment.isoformat()),
                )

    @property
    def form(self) -> FormVersion:
        """The form version followed."""
        return get_form(self.form_version)

    @property
    def dose_category(self) -> DoseCategory:
        """The form's dose box: 56 mg, 84 mg or other."""
        return self.form.dose_category(self.dose_mg)

    @property
    def devices(self) -> int | None:
        """How many devices the dose is, or None if it is not a whole number of them."""
        count = self.dose_mg / self.form.device_mg
        rounded = round(count)
        return rounded if rounded >= 1 and math.isclose(count, rounded, abs_tol=1e-9) else None

    @property
    def total_monitoring_minutes(self) -> int | None:
        """Whole minutes from the first device to the end of monitoring, or None if not ended.

        Absolute time, rounded down: 1 h 59 min 59 s is 119.
        """
        end = self.monitoring_ended_at
        return None if end is None else _minutes(elapsed(self.monitoring_started_at, end))

    @property
    def ready_to_leave_minutes(self) -> int | None:
        """Whole minutes from the first device to "ready to leave", or None if not judged."""
        ready = self.ready_to_leave_at
        return None if ready is None else _minutes(elapsed(self.monitoring_started_at, ready))

    @property
    def due_by(self) -> date:
        """The last day to submit the form: the treatment date plus the form's window (7 days).

        Computed for inpatient settings too; :attr:`submission_required` says
        whether the form is submitted at all.
        """
        return self.treatment_date + self.form.submission_window

    @property
    def submission_required(self) -> bool:
        """Whether the form is submitted: outpatient settings do, inpatient ones do not."""
        return self.setting.submits_form

    def answer_for(self, medication_class: MedicationClass) -> Answer:
        """The answer for *medication_class* (UNKNOWN if the record has none)."""
        for item in self.concomitant_medications:
            if item.medication_class is medication_class:
                return item.answer
        return Answer.UNKNOWN

    def without_identity(self) -> MonitoringRecord:
        """A copy without the patient's identity (for display, storage or a report)."""
        return attrs.evolve(self, identity=None)
