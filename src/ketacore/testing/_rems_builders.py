"""An example SPRAVATO REMS monitoring record (:mod:`ketacore.rems`).

Like the other builders it needs neither hypothesis nor pytest, and every
default is a fixed value.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ketacore._dates import later
from ketacore.patients import Patient
from ketacore.rems import (
    HealthcareSetting,
    MonitoringRecord,
    PatientIdentity,
    Prescriber,
    monitoring_record,
)
from ketacore.sessions import DosingSession
from ketacore.testing._example_clock import DEFAULT_DOSED
from ketacore.testing._patient_builders import example_patient
from ketacore.testing._session_builders import example_session

__all__ = ["example_monitoring_record"]


def example_monitoring_record(
    *,
    session: DosingSession | None = None,
    patient: Patient | None = None,
    **options: Any,
) -> MonitoringRecord:
    """Return a complete REMS monitoring record of a 56 mg esketamine session.

    Defaults: :func:`example_session` with ``drug="esketamine"``, device lot
    ``"LOT-EXAMPLE-1"`` and "ready to leave" at +90 min; :func:`example_patient`;
    an outpatient setting "Example Clinic", prescriber "Dr Example", a
    synthetic identity ("Test Patient", the patient's birth date); not a first
    treatment; vital signs acceptable before dosing and at the end. The example
    session's MOAA/S of 4 and CADSS of 6 at +40 min make sedation and
    dissociation "yes". Keyword *options* go to :func:`ketacore.rems.monitoring_record`.

    >>> from ketacore.rems import check_record
    >>> from ketacore.testing import example_monitoring_record
    >>> record = example_monitoring_record()
    >>> check_record(record), record.sedation.value, record.total_monitoring_minutes
    ((), 'yes', 120)

    Raises:
        RemsError: an option is not valid for :func:`ketacore.rems.monitoring_record`.
    """
    if session is None:
        session = example_session(
            drug="esketamine",
            device_lots=["LOT-EXAMPLE-1"],
            ready_to_leave_at=later(DEFAULT_DOSED, timedelta(minutes=90)),
        )
    who = example_patient() if patient is None else patient
    arguments: dict[str, Any] = {
        "setting": HealthcareSetting(name="Example Clinic", kind="outpatient"),
        "prescriber": Prescriber(name="Dr Example"),
        "identity": PatientIdentity(
            first_name="Test", last_name="Patient", birth_date=who.birth_date
        ),
        "first_treatment": False,
        "vitals_acceptable_before_dosing": True,
        "vitals_acceptable_at_end": True,
    }
    arguments.update(options)
    return monitoring_record(session, who, **arguments)
