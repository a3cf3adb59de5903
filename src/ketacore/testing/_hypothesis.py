"""Registers ketacore's strategies with ``st.from_type`` (the ``hypothesis`` entry point).

Only ketacore's own types are registered, never pint's. Enums need no
registration: hypothesis samples their members. Result types (a
``DischargeReport``, a ``TreatmentResistance``, ...) are computed, not entered,
and instrument definitions other than the catalogue's are data, so neither is
registered.
"""

from __future__ import annotations

from hypothesis import strategies as st


def _hypothesis_setup_hook() -> None:
    from ketacore import doses, instruments, patients, sessions, vitals
    from ketacore.testing import (
        _instrument_strategies,
        _patient_strategies,
        _session_strategies,
        _strategies,
    )

    registrations: list[tuple[type, st.SearchStrategy[object]]] = [
        (doses.FixedDose, _strategies.fixed_doses()),
        (doses.WeightBasedDose, _strategies.weight_based_doses()),
        (vitals.VitalSigns, _strategies.vital_signs()),
        (patients.PatientId, _patient_strategies.patient_ids()),
        (patients.WeightMeasurement, _patient_strategies.weight_measurements()),
        (patients.HeightMeasurement, _patient_strategies.height_measurements()),
        (patients.Medication, _patient_strategies.medications()),
        (patients.CardiovascularEvent, _patient_strategies.cardiovascular_events()),
        (patients.CerebrovascularEvent, _patient_strategies.cerebrovascular_events()),
        (patients.MedicalHistory, _patient_strategies.medical_histories()),
        (patients.ConsentRecord, _patient_strategies.consent_records()),
        (patients.AntidepressantTrial, _patient_strategies.antidepressant_trials()),
        (patients.TrdCriteria, _patient_strategies.trd_criteria()),
        (patients.MaudsleyStaging, _patient_strategies.maudsley_stagings()),
        (patients.Patient, _patient_strategies.patients()),
        (instruments.Instrument, _instrument_strategies.instruments()),
        (instruments.Score, _instrument_strategies.scores()),
        (sessions.TimedScore, _session_strategies.timed_scores()),
        (sessions.AdverseEvent, _session_strategies.adverse_events()),
        (sessions.PsychotherapySupport, _session_strategies.psychotherapy_supports()),
        (sessions.PreparationSession, _session_strategies.preparation_sessions()),
        (sessions.IntegrationSession, _session_strategies.integration_sessions()),
        (sessions.ScheduledSession, _session_strategies.scheduled_sessions()),
        (sessions.DosingSession, _session_strategies.dosing_sessions()),
        (sessions.MonitoringPlan, _session_strategies.monitoring_plans()),
        (sessions.DischargeCriteria, _session_strategies.discharge_criteria()),
    ]
    for cls, strategy in registrations:
        st.register_type_strategy(cls, strategy)
