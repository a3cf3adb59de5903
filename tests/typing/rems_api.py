"""Type-checked usage of the public REMS API (checked by test_typing.py).

It also runs (pytest imports it for doctests), so every call here is valid.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import assert_type

from ketacore.doses import parse_dose
from ketacore.patients import Patient
from ketacore.rems import (
    CURRENT_FORM,
    Answer,
    DoseCategory,
    Finding,
    FindingKind,
    FormVersion,
    HealthcareSetting,
    MonitoringRecord,
    PatientIdentity,
    Prescriber,
    check_record,
    get_form,
    monitoring_record,
)
from ketacore.sessions import DosingSession
from ketacore.vitals import VitalSigns

dosed = datetime(2026, 3, 2, 9, 10, tzinfo=UTC)


def minutes(n: int) -> datetime:
    return dosed + timedelta(minutes=n)


session = DosingSession(
    id="S-001",
    started_at=minutes(-15),
    dosed_at=dosed,
    observation_end=minutes(125),
    dose=parse_dose("56 mg", drug="esketamine", route="intranasal"),
    vitals=[VitalSigns(taken_at=minutes(-5), systolic=128, diastolic=82, spo2=98)],
    device_lots=["LOT-24A113"],
    ready_to_leave_at=minutes(90),
)
patient = Patient(identifier="PT-0042", birth_date=date(1980, 5, 17), sex_at_birth="F")
record = monitoring_record(
    session,
    patient,
    setting=HealthcareSetting(name="Riverside Clinic", kind="outpatient"),
    prescriber=Prescriber(name="Dr A. Rivera"),
    identity=PatientIdentity(first_name="Ada", last_name="Lovelace", birth_date=date(1980, 5, 17)),
    first_treatment=False,
)
assert_type(record, MonitoringRecord)
assert_type(record.due_by, date)
assert_type(record.submission_required, bool)
assert_type(record.total_monitoring_minutes, int | None)
assert_type(record.dose_category, DoseCategory)
assert_type(record.sedation, Answer)
assert_type(record.bp_at_40_min, VitalSigns | None)
assert_type(record.without_identity(), MonitoringRecord)
findings = check_record(record, require_identity=False)
assert_type(findings, tuple[Finding, ...])
assert all(isinstance(finding.kind, FindingKind) for finding in findings)
assert_type(get_form("2021-11"), FormVersion)
assert_type(CURRENT_FORM.minimum_monitoring, timedelta)
