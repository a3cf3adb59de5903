"""Bad input to the REMS record and the session fields it reads: each error names its field.

Attributes are asserted (the error's class, ``field`` and ``value``), not prose;
identifying values are never kept or shown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import attrs
import pytest

from ketacore.exceptions import WITHHELD, KetacoreError, PatientError, RemsError, SessionError
from ketacore.patients import Medication, Patient
from ketacore.rems import (
    Answer,
    ConcomitantMedication,
    HealthcareSetting,
    MonitoringRecord,
    PatientIdentity,
    Prescriber,
    check_record,
    monitoring_record,
)
from ketacore.sessions import ScheduledSession
from ketacore.vitals import VitalSigns
from session_helpers import DOSED, at, esketamine_dose, ketamine_dose, session

NAIVE = datetime(2026, 3, 2, 9, 0)
CLINIC = HealthcareSetting(name="Riverside Clinic", kind="outpatient")
DOCTOR = Prescriber(name="Dr A. Rivera")
PATIENT = Patient(identifier="PT-0042", birth_date=date(1980, 5, 17), sex_at_birth="F")


def _record(**overrides: Any) -> MonitoringRecord:
    fields: dict[str, Any] = {
        "form_version": "2021-11",
        "session_id": "S-001",
        "setting": CLINIC,
        "prescriber": DOCTOR,
        "treatment_date": date(2026, 3, 2),
        "dose_mg": 56.0,
        "monitoring_started_at": DOSED,
    }
    fields.update(overrides)
    return MonitoringRecord(**fields)


def _build(**overrides: Any) -> MonitoringRecord:
    arguments: dict[str, Any] = {"setting": CLINIC, "prescriber": DOCTOR}
    arguments.update(overrides)
    given = arguments.pop("session", session(observation_end=at(125)))
    who = arguments.pop("patient", PATIENT)
    return monitoring_record(given, who, **arguments)


def _identity(**overrides: Any) -> PatientIdentity:
    fields: dict[str, Any] = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "birth_date": date(1980, 5, 17),
    }
    fields.update(overrides)
    return PatientIdentity(**fields)


# (label, thunk that must raise, error class, field, value: the rejected value or WITHHELD)
_CASES: list[tuple[str, Callable[[], object], type[KetacoreError], str, object]] = [
    # --- the session and patient given to monitoring_record
    (
        "ketamine session",
        lambda: _build(session=session(dose=ketamine_dose(), observation_end=at(125))),
        RemsError,
        "session.dose",
        ketamine_dose(),
    ),
    (
        "scheduled session",
        lambda: _build(session=ScheduledSession(id="S-1", scheduled_start=DOSED)),
        RemsError,
        "session",
        ScheduledSession(id="S-1", scheduled_start=DOSED),
    ),
    ("no session", lambda: _build(session=None), RemsError, "session", None),
    ("patient as text", lambda: _build(patient="PT-0042"), RemsError, "patient", "PT-0042"),
    ("setting as text", lambda: _build(setting="Riverside"), RemsError, "setting", "Riverside"),
    ("prescriber as text", lambda: _build(prescriber="Dr R"), RemsError, "prescriber", "Dr R"),
    ("identity as text", lambda: _build(identity="Ada"), RemsError, "identity", "Ada"),
    (
        "identity of another birth date",
        lambda: _build(identity=_identity(birth_date=date(1990, 1, 1))),
        RemsError,
        "identity.birth_date",
        WITHHELD,
    ),
    ("answer as number", lambda: _build(first_treatment=1), RemsError, "answer", 1),
    ("form as text", lambda: _build(form="2021-11"), RemsError, "form", "2021-11"),
    # --- the session fields the form reads
    (
        "lot with a space",
        lambda: session(device_lots=["LOT 24"]),
        SessionError,
        "device_lots[0]",
        "LOT 24",
    ),
    ("blank lot", lambda: session(device_lots=[""]), SessionError, "device_lots[0]", ""),
    (
        "lot with punctuation",
        lambda: session(device_lots=["A1", "B2;DROP"]),
        SessionError,
        "device_lots[1]",
        "B2;DROP",
    ),
    (
        "lot with a trailing hyphen",
        lambda: session(device_lots=["A1-"]),
        SessionError,
        "device_lots[0]",
        "A1-",
    ),
    (
        "lot too long",
        lambda: session(device_lots=["A" * 21]),
        SessionError,
        "device_lots[0]",
        "A" * 21,
    ),
    ("lot as number", lambda: session(device_lots=[24113]), SessionError, "device_lots[0]", 24113),
    ("lots as text", lambda: session(device_lots="A1"), SessionError, "device_lots", "A1"),
    ("lot twice", lambda: session(device_lots=["A1", "A1"]), SessionError, "device_lots[1]", "A1"),
    (
        "more lots than devices",
        lambda: session(dose=esketamine_dose(28), device_lots=["A1", "B2"]),
        SessionError,
        "device_lots",
        ("A1", "B2"),
    ),
    (
        "lots on a ketamine session",
        lambda: session(dose=ketamine_dose(), device_lots=["A1"]),
        SessionError,
        "device_lots",
        ("A1",),
    ),
    (
        "ready before dosing",
        lambda: session(ready_to_leave_at=at(-1)),
        SessionError,
        "ready_to_leave_at",
        at(-1),
    ),
    (
        "ready after the end",
        lambda: session(observation_end=at(125), ready_to_leave_at=at(126)),
        SessionError,
        "ready_to_leave_at",
        at(126),
    ),
    (
        "naive ready",
        lambda: session(ready_to_leave_at=NAIVE),
        SessionError,
        "ready_to_leave_at",
        NAIVE,
    ),
    # --- the record itself
    (
        "end before start",
        lambda: _record(monitoring_ended_at=at(-1)),
        RemsError,
        "monitoring_ended_at",
        at(-1),
    ),
    (
        "ready before start",
        lambda: _record(ready_to_leave_at=at(-5)),
        RemsError,
        "ready_to_leave_at",
        at(-5),
    ),
    (
        "naive start",
        lambda: _record(monitoring_started_at=NAIVE),
        RemsError,
        "monitoring_started_at",
        NAIVE,
    ),
    ("unknown form", lambda: _record(form_version="2019-03"), RemsError, "form_version", "2019-03"),
    ("zero dose", lambda: _record(dose_mg=0), RemsError, "dose_mg", 0),
    ("dose as text", lambda: _record(dose_mg="56 mg"), RemsError, "dose_mg", "56 mg"),
    ("dose as bool", lambda: _record(dose_mg=True), RemsError, "dose_mg", True),
    ("infinite dose", lambda: _record(dose_mg=float("inf")), RemsError, "dose_mg", float("inf")),
    ("datetime as date", lambda: _record(treatment_date=DOSED), RemsError, "treatment_date", DOSED),
    ("spo2 above 100", lambda: _record(lowest_spo2=101), RemsError, "lowest_spo2", 101),
    (
        "bad lot on the record",
        lambda: _record(device_lots=["#1"]),
        RemsError,
        "device_lots[0]",
        "#1",
    ),
    (
        "vitals without a blood pressure",
        lambda: _record(bp_at_40_min=VitalSigns(taken_at=at(40), spo2=97)),
        RemsError,
        "bp_at_40_min",
        VitalSigns(taken_at=at(40), spo2=97),
    ),
    ("answer as text", lambda: _record(sedation="maybe"), RemsError, "answer", "maybe"),
    (
        "a class twice",
        lambda: _record(
            concomitant_medications=[
                ConcomitantMedication(medication_class="opioid", answer=True),
                ConcomitantMedication(medication_class="opioid", answer=False),
            ]
        ),
        RemsError,
        "concomitant_medications[1]",
        "opioid",
    ),
    (
        "a concomitant answer as text",
        lambda: _record(concomitant_medications=["opioid"]),
        RemsError,
        "concomitant_medications[0]",
        "opioid",
    ),
    ("record as text", lambda: check_record("record"), RemsError, "record", "record"),
    (
        "require_identity as text",
        lambda: check_record(_record(), require_identity="no"),
        RemsError,
        "require_identity",
        "no",
    ),
    # --- the parties
    (
        "blank setting name",
        lambda: HealthcareSetting(name=" ", kind="outpatient"),
        RemsError,
        "name",
        " ",
    ),
    (
        "unknown setting kind",
        lambda: HealthcareSetting(name="X", kind="home"),
        RemsError,
        "kind",
        "home",
    ),
    (
        "padded setting id",
        lambda: HealthcareSetting(name="X", kind="inpatient", rems_id=" H1"),
        RemsError,
        "rems_id",
        " H1",
    ),
    ("blank prescriber", lambda: Prescriber(name=""), RemsError, "name", ""),
    ("blank first name", lambda: _identity(first_name=" "), RemsError, "first_name", WITHHELD),
    ("numeric last name", lambda: _identity(last_name=7), RemsError, "last_name", WITHHELD),
    (
        "text birth date",
        lambda: _identity(birth_date="1980-05-17"),
        RemsError,
        "birth_date",
        WITHHELD,
    ),
    # --- the medication classes the form asks about
    (
        "unknown medication class",
        lambda: Medication(name="x", classes={"opiate-ish"}),
        PatientError,
        "classes",
        "opiate-ish",
    ),
]


@pytest.mark.parametrize(
    ("label", "make", "error", "field", "value"), _CASES, ids=[c[0] for c in _CASES]
)
def test_bad_input_raises_an_error_naming_the_field(
    label: str, make: Callable[[], object], error: type[KetacoreError], field: str, value: object
) -> None:
    with pytest.raises(error) as caught:
        make()
    assert type(caught.value) is error
    assert isinstance(caught.value, ValueError)
    assert caught.value.field == field  # type: ignore[attr-defined]
    assert caught.value.value == value  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "make",
    [
        lambda: _identity(first_name=" "),
        lambda: _identity(last_name="x" * 201),
        lambda: _identity(birth_date="1980-05-17"),
        lambda: _build(identity=_identity(first_name="Zed", birth_date=date(1990, 1, 1))),
    ],
    ids=["blank first name", "long last name", "text birth date", "another birth date"],
)
def test_identity_errors_show_no_identifying_value(make: Callable[[], object]) -> None:
    with pytest.raises(RemsError) as caught:
        make()
    text = str(caught.value)
    for secret in ("Zed", "xxxxx", "1980", "1990"):
        assert secret not in text
    assert caught.value.value is WITHHELD


def test_answers_read_booleans_none_and_text() -> None:
    assert [Answer.of(x) for x in (True, False, None, "Yes", "UNKNOWN")] == [
        Answer.YES,
        Answer.NO,
        Answer.UNKNOWN,
        Answer.YES,
        Answer.UNKNOWN,
    ]


def test_no_half_built_record_after_a_refusal() -> None:
    good = _record()
    with pytest.raises(RemsError):
        attrs.evolve(good, monitoring_ended_at=at(-1))
    assert good.monitoring_ended_at is None
