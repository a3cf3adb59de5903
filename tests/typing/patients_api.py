"""Type-checked usage of the public patients API (checked by test_typing.py).

It also runs (pytest imports it for doctests), so every call here is valid.
"""

from __future__ import annotations

from datetime import date
from typing import assert_type

from ketacore.patients import (
    Diagnosis,
    MedicalHistory,
    Medication,
    NyhaClass,
    Patient,
    PatientId,
)
from ketacore.units import Quantity

patient = Patient(
    identifier="PT-0042",
    birth_date=date(1980, 5, 17),
    sex_at_birth="female",
    diagnoses={"major depressive disorder", "F43.1"},
    medications=[Medication(name="lorazepam", classes={"benzodiazepine"})],
    history=MedicalHistory(hypertension="controlled", heart_failure="II"),
)
assert_type(patient.identifier, PatientId)
assert_type(patient.identifier.value, str)
assert_type(patient.history.heart_failure, NyhaClass | None)
diagnoses: frozenset[Diagnosis] = patient.diagnoses

weighed = patient.with_weight(date(2026, 3, 1), "82 kg")
assert_type(weighed, Patient)
assert_type(weighed.weight(on=date(2026, 3, 2)), Quantity)
assert_type(weighed.age(on=date(2026, 3, 2)), int)
