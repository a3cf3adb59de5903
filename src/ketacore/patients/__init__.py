"""Pseudonymous patient records: measurements, diagnoses, history, trials and consent.

>>> from datetime import date
>>> from ketacore.patients import Patient
>>> patient = Patient(identifier="PT-0042", birth_date=date(1980, 5, 17), sex_at_birth="F",
...                   weights=[], diagnoses={"ptsd"}).with_weight(date(2026, 3, 1), "180 lb")
>>> patient.weight(on=date(2026, 3, 2))
<Quantity(180.0, 'pound')>

Treatment resistance (clinical reference 2.3) is judged with
:func:`treatment_resistance` and staged with :class:`MaudsleyStaging`.
"""

from __future__ import annotations

from ketacore.patients._consent import REQUIRED_CONSENT_TOPICS, ConsentRecord, ConsentTopic
from ketacore.patients._diagnoses import Diagnosis, SexAtBirth
from ketacore.patients._history import (
    CardiovascularEvent,
    CardiovascularEventKind,
    CerebrovascularEvent,
    CerebrovascularEventKind,
    ChildPughClass,
    Condition,
    HypertensionControl,
    MedicalHistory,
    NyhaClass,
)
from ketacore.patients._measurements import HeightMeasurement, WeightMeasurement
from ketacore.patients._medications import Medication, MedicationClass
from ketacore.patients._patient import MEASUREMENT_MAX_AGE, Patient, PatientId
from ketacore.patients._staging import (
    MSM_FAILED_TREATMENT_THRESHOLDS,
    MaudsleyStaging,
    MsmBand,
    MsmSeverity,
)
from ketacore.patients._trials import (
    AntidepressantTrial,
    TrdCriteria,
    TreatmentResistance,
    TrialOutcome,
    treatment_resistance,
)

__all__ = [
    "MEASUREMENT_MAX_AGE",
    "MSM_FAILED_TREATMENT_THRESHOLDS",
    "REQUIRED_CONSENT_TOPICS",
    "AntidepressantTrial",
    "CardiovascularEvent",
    "CardiovascularEventKind",
    "CerebrovascularEvent",
    "CerebrovascularEventKind",
    "ChildPughClass",
    "Condition",
    "ConsentRecord",
    "ConsentTopic",
    "Diagnosis",
    "HeightMeasurement",
    "HypertensionControl",
    "MaudsleyStaging",
    "MedicalHistory",
    "Medication",
    "MedicationClass",
    "MsmBand",
    "MsmSeverity",
    "NyhaClass",
    "Patient",
    "PatientId",
    "SexAtBirth",
    "TrdCriteria",
    "TreatmentResistance",
    "TrialOutcome",
    "WeightMeasurement",
    "treatment_resistance",
]
