"""The completeness check of a monitoring record: what is missing, what does not add up."""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from ketacore import _validators as v
from ketacore._dates import elapsed, instant
from ketacore.exceptions import RemsError
from ketacore.rems._form import FormVersion
from ketacore.rems._record import Answer, MonitoringRecord
from ketacore.sessions._common import format_duration

__all__ = ["Finding", "FindingKind", "check_record"]


class FindingKind(enum.Enum):
    """Whether a form field is missing or inconsistent."""

    MISSING = "missing"
    """The form asks for it and the record does not have it (or has "unknown")."""
    INCONSISTENT = "inconsistent"
    """The record has it, but it breaks a rule of the form or contradicts another field."""


@attrs.frozen
class Finding:
    """One gap in a monitoring record: which field, what kind, and a message for people.

    Compare :attr:`field` and :attr:`kind` in code; show :attr:`message` to people.
    :attr:`field` is the :class:`~ketacore.rems.MonitoringRecord` attribute concerned
    (``"concomitant_medications.opioid"`` for one medication class).
    """

    field: str
    """The record attribute concerned, such as ``"bp_at_40_min"``."""
    kind: FindingKind
    """Missing or inconsistent."""
    message: str
    """What is wrong, for example ``'monitoring 110 min; the form requires at least 120 min'``."""

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def _missing(field: str, message: str) -> Finding:
    return Finding(field, FindingKind.MISSING, message)


def _inconsistent(field: str, message: str) -> Finding:
    return Finding(field, FindingKind.INCONSISTENT, message)


_ANSWERS = (
    ("vitals_acceptable_before_dosing", "whether vital signs were acceptable before dosing"),
    ("vitals_acceptable_at_end", "whether vital signs were acceptable at the end"),
)
_EVENTS = (
    ("sedation", "whether sedation occurred (no MOAA/S near the peak, no event recorded)"),
    ("dissociation", "whether dissociation occurred (no pre-dose and near-peak CADSS)"),
)


def check_record(record: MonitoringRecord, *, require_identity: bool = True) -> tuple[Finding, ...]:
    """List exactly what *record* is missing or gets inconsistent, in the form's order.

    An empty result means the form can be submitted as it is. Unknown answers
    are missing, never "no". With ``require_identity=False`` a record without
    the patient's name and date of birth (one made by
    :meth:`~ketacore.rems.MonitoringRecord.without_identity`) is not reported
    for it. Enrolment is not asked of inpatient settings (clinical reference 5.1).
    See ``docs/rems.md`` for worked examples.

    Raises:
        RemsError: *record* is not a MonitoringRecord, or *require_identity* not a bool.
    """
    v.check_instance(
        record, MonitoringRecord, field="record", error=RemsError, example="monitoring_record(...)"
    )
    if not isinstance(require_identity, bool):
        v.fail(RemsError, "require_identity", require_identity, "True or False")
    form = record.form
    found: list[Finding] = []
    if require_identity and record.identity is None:
        found.append(_missing("identity", "the patient's name and date of birth"))
    found += _patient_section(record, form)
    for item in form.concomitant_classes:
        if record.answer_for(item) is Answer.UNKNOWN:
            label = form.concomitant_labels[item]
            found.append(
                _missing(
                    f"concomitant_medications.{item.value}",
                    f"whether the patient takes {label} (a medication classed only as a CNS "
                    "depressant may be one: give it its narrower class)",
                )
            )
    found += _dose(record, form)
    found += _times(record, form)
    for field, what in _ANSWERS:
        if getattr(record, field) is Answer.UNKNOWN:
            found.append(_missing(field, what))
    found += _blood_pressures(record, form)
    if record.lowest_spo2 is None:
        found.append(_missing("lowest_spo2", "no pulse oximetry (SpO2) during monitoring"))
    for field, what in _EVENTS:
        if getattr(record, field) is Answer.UNKNOWN:
            found.append(_missing(field, what))
    if form.asks_respiratory_depression and record.respiratory_depression is Answer.UNKNOWN:
        found.append(
            _missing(
                "respiratory_depression",
                "whether respiratory depression occurred (no pulse oximetry after dosing)",
            )
        )
    return tuple(found)


def _patient_section(record: MonitoringRecord, form: FormVersion) -> list[Finding]:
    if not (form.asks_first_treatment and record.setting.submits_form):
        return []
    if record.first_treatment is Answer.UNKNOWN:
        return [_missing("first_treatment", "whether this is the patient's first treatment")]
    if record.first_treatment is Answer.NO:
        return []
    if record.enrolled is Answer.UNKNOWN:
        return [_missing("enrolled", "whether the patient is enrolled in the REMS")]
    if record.enrolled is Answer.NO:
        # Outpatients are enrolled before the first dose (clinical reference 5.1).
        return [
            _inconsistent(
                "enrolled",
                "a first treatment of a patient not enrolled: outpatients are enrolled in the "
                "REMS before the first dose; submit the Patient Enrollment Form",
            )
        ]
    return []


def _dose(record: MonitoringRecord, form: FormVersion) -> list[Finding]:
    found = []
    count = record.devices
    most = max(form.dose_categories.values())
    if count is None:
        found.append(
            _inconsistent(
                "dose_mg",
                f"{record.dose_mg:g} mg is not a whole number of {form.device_mg:g} mg devices",
            )
        )
    elif record.dose_mg > most:
        # 84 mg (3 devices) is the most per session (Spravato US PI; clinical reference 3.3).
        found.append(
            _inconsistent("dose_mg", f"{record.dose_mg:g} mg is above {most:g} mg per session")
        )
    lots = record.device_lots
    if not lots:
        found.append(_missing("device_lots", "the lot number(s) of the devices used"))
    elif count is not None and len(lots) > count:
        found.append(_inconsistent("device_lots", f"{len(lots)} lot numbers for {count} device(s)"))
    return found


def _times(record: MonitoringRecord, form: FormVersion) -> list[Finding]:
    found = []
    minimum = form.minimum_monitoring
    total = record.total_monitoring_minutes
    least = int(minimum.total_seconds()) // 60
    if total is None:
        found.append(
            _missing("monitoring_ended_at", "the end of monitoring (the session is in progress)")
        )
    elif total < least:
        found.append(
            _inconsistent(
                "monitoring_ended_at",
                f"monitoring {total} min from the first device; the form requires at least "
                f"{least} min ({format_duration(minimum)})",
            )
        )
    ready, end = record.ready_to_leave_at, record.monitoring_ended_at
    if ready is None:
        found.append(
            _missing("ready_to_leave_at", "when the patient would have been ready to leave")
        )
    elif end is not None and instant(ready) > instant(end):
        found.append(
            _inconsistent(
                "ready_to_leave_at",
                f"ready to leave at {record.ready_to_leave_minutes} min, after the end of "
                f"monitoring at {total} min",
            )
        )
    return found


def _offset(record: MonitoringRecord, when: datetime) -> str:
    minutes = int(elapsed(record.monitoring_started_at, when).total_seconds() // 60)
    return f"{minutes:+d} min"


def _blood_pressures(record: MonitoringRecord, form: FormVersion) -> list[Finding]:
    found = []
    start = instant(record.monitoring_started_at)
    before, peak, last = record.bp_before_dosing, record.bp_at_40_min, record.bp_before_end
    if before is None:
        found.append(_missing("bp_before_dosing", "the blood pressure before dosing"))
    elif instant(before.taken_at) > start:
        found.append(
            _inconsistent(
                "bp_before_dosing",
                f"taken at {_offset(record, before.taken_at)}, after the first device",
            )
        )
    window = form.monitoring.peak_window(start)
    assert window is not None  # every form asks for the near-peak reading
    due = format_duration(form.peak_blood_pressure_after)
    if peak is None:
        found.append(
            _missing(
                "bp_at_40_min",
                f"the blood pressure about {due} after the first device "
                f"({form.monitoring.peak_window_text()})",
            )
        )
    elif not window[0] <= instant(peak.taken_at) <= window[1]:
        found.append(
            _inconsistent(
                "bp_at_40_min",
                f"taken at {_offset(record, peak.taken_at)}, outside "
                f"{form.monitoring.peak_window_text()}",
            )
        )
    end = record.monitoring_ended_at
    if last is None:
        found.append(_missing("bp_before_end", "the blood pressure before the end of the session"))
    elif instant(last.taken_at) <= window[1] or (
        end is not None and instant(last.taken_at) > instant(end)
    ):
        found.append(
            _inconsistent(
                "bp_before_end",
                f"taken at {_offset(record, last.taken_at)}: expected after "
                f"{_offset(record, window[1])} and before the end",
            )
        )
    return found
