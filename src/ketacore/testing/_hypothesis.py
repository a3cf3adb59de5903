"""Registers ketacore's strategies with ``st.from_type`` (the ``hypothesis`` entry point).

Only ketacore's own types are registered, never pint's. Enums need no
registration: hypothesis samples their members. Result types (a
``DischargeReport``, a ``TreatmentResistance``, ...) are computed, not entered,
and instrument definitions other than the catalogue's are data, so neither is
registered.

The hook runs while hypothesis is being imported, which may be in the middle
of importing one of ketacore's strategy modules (they import hypothesis).
So each type is registered with a function that looks its strategy up when
``st.from_type`` first asks, not while the hook runs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, Final

from hypothesis import strategies as st

# (module, class) -> (strategy module in ketacore.testing, strategy function)
_REGISTRY: Final = (
    ("ketacore.doses", "FixedDose", "_strategies", "fixed_doses"),
    ("ketacore.doses", "WeightBasedDose", "_strategies", "weight_based_doses"),
    ("ketacore.vitals", "VitalSigns", "_strategies", "vital_signs"),
    ("ketacore.patients", "PatientId", "_patient_strategies", "patient_ids"),
    ("ketacore.patients", "WeightMeasurement", "_patient_strategies", "weight_measurements"),
    ("ketacore.patients", "HeightMeasurement", "_patient_strategies", "height_measurements"),
    ("ketacore.patients", "Medication", "_patient_strategies", "medications"),
    ("ketacore.patients", "CardiovascularEvent", "_patient_strategies", "cardiovascular_events"),
    ("ketacore.patients", "CerebrovascularEvent", "_patient_strategies", "cerebrovascular_events"),
    ("ketacore.patients", "MedicalHistory", "_patient_strategies", "medical_histories"),
    ("ketacore.patients", "ConsentRecord", "_patient_strategies", "consent_records"),
    ("ketacore.patients", "AntidepressantTrial", "_patient_strategies", "antidepressant_trials"),
    ("ketacore.patients", "TrdCriteria", "_patient_strategies", "trd_criteria"),
    ("ketacore.patients", "MaudsleyStaging", "_patient_strategies", "maudsley_stagings"),
    ("ketacore.patients", "Patient", "_patient_strategies", "patients"),
    ("ketacore.instruments", "Instrument", "_instrument_strategies", "instruments"),
    ("ketacore.instruments", "Score", "_instrument_strategies", "scores"),
    ("ketacore.sessions", "TimedScore", "_session_strategies", "timed_scores"),
    ("ketacore.sessions", "AdverseEvent", "_session_strategies", "adverse_events"),
    ("ketacore.sessions", "PsychotherapySupport", "_session_strategies", "psychotherapy_supports"),
    ("ketacore.sessions", "PreparationSession", "_session_strategies", "preparation_sessions"),
    ("ketacore.sessions", "IntegrationSession", "_session_strategies", "integration_sessions"),
    ("ketacore.sessions", "ScheduledSession", "_session_strategies", "scheduled_sessions"),
    ("ketacore.sessions", "DosingSession", "_session_strategies", "dosing_sessions"),
    ("ketacore.sessions", "MonitoringPlan", "_session_strategies", "monitoring_plans"),
    ("ketacore.sessions", "DischargeCriteria", "_session_strategies", "discharge_criteria"),
    ("ketacore.courses", "Course", "_course_strategies", "courses"),
    ("ketacore.rems", "HealthcareSetting", "_rems_strategies", "healthcare_settings"),
    ("ketacore.rems", "Prescriber", "_rems_strategies", "prescribers"),
    ("ketacore.rems", "PatientIdentity", "_rems_strategies", "patient_identities"),
    ("ketacore.rems", "MonitoringRecord", "_rems_strategies", "monitoring_records"),
)


def _lookup(module: str, name: str) -> Callable[[type[Any]], st.SearchStrategy[Any]]:
    def strategy_for(cls: type[Any]) -> st.SearchStrategy[Any]:
        factory = getattr(importlib.import_module(f"ketacore.testing.{module}"), name)
        result: st.SearchStrategy[Any] = factory()
        return result

    return strategy_for


def _hypothesis_setup_hook() -> None:
    for type_module, type_name, module, name in _REGISTRY:
        cls = getattr(importlib.import_module(type_module), type_name)
        st.register_type_strategy(cls, _lookup(module, name))
