"""Support for testing clinic software that uses ketacore.

- Example builders with valid defaults and keyword overrides
  (:func:`example_patient`, :func:`example_score`, :func:`example_baseline_score`,
  :func:`example_followup_score`, :func:`example_session`, ...); they need
  nothing beyond ketacore (not even hypothesis).
- hypothesis strategies for every public type (:func:`patients`,
  :func:`scores`, :func:`dosing_sessions`, ...), plus strategies for *invalid*
  raw input (:func:`invalid_responses`, :func:`invalid_patient_fields`,
  :func:`invalid_documents`, :func:`invalid_dose_texts`); they need the
  ``testing`` extra (``pip install ketacore[testing]``) and are imported on
  first use. With the extra installed, ``st.from_type(Patient)`` etc. work too.
- A pytest plugin with ``ketacore_``-prefixed fixtures, registered through the
  ``pytest11`` entry point (disable it with ``-p no:ketacore``).

SPRAVATO REMS monitoring records have a builder (:func:`example_monitoring_record`)
and strategies (:func:`monitoring_records`, :func:`healthcare_settings`,
:func:`prescribers`, :func:`patient_identities`).

Treatment courses have a builder (:func:`example_course`), a strategy
(:func:`courses`) and a fixture (``ketacore_course``).

>>> from ketacore.testing import example_dose, example_patient
>>> example_dose().text
'0.5 mg/kg over 40 min at 10 mg/mL'
>>> example_patient(age=30).consent.form_version
'v1'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from ketacore.testing._course_builders import example_course
    from ketacore.testing._course_strategies import courses
    from ketacore.testing._instrument_strategies import (
        instruments,
        item_values,
        responses,
        scores,
    )
    from ketacore.testing._invalid import (
        invalid_documents,
        invalid_patient_fields,
        invalid_responses,
    )
    from ketacore.testing._patient_builders import (
        example_consent,
        example_patient,
        example_weight,
    )
    from ketacore.testing._patient_strategies import (
        antidepressant_trials,
        cardiovascular_events,
        cerebrovascular_events,
        consent_records,
        height_measurements,
        maudsley_stagings,
        medical_histories,
        medications,
        patient_ids,
        patients,
        trd_criteria,
        weight_measurements,
    )
    from ketacore.testing._rems_builders import example_monitoring_record
    from ketacore.testing._rems_strategies import (
        healthcare_settings,
        monitoring_records,
        patient_identities,
        prescribers,
    )
    from ketacore.testing._score_builders import (
        example_baseline_score,
        example_followup_score,
        example_responses,
        example_score,
    )
    from ketacore.testing._session_builders import (
        example_adverse_event,
        example_dose,
        example_psychotherapy_session,
        example_scheduled_session,
        example_session,
        example_timed_score,
        example_vitals,
    )
    from ketacore.testing._session_strategies import (
        adverse_events,
        device_lots,
        discharge_criteria,
        dosing_sessions,
        integration_sessions,
        monitoring_plans,
        preparation_sessions,
        psychotherapy_supports,
        scheduled_sessions,
        session_doses,
        session_ids,
        timed_scores,
    )
    from ketacore.testing._strategies import (
        aware_datetimes,
        doses,
        fixed_doses,
        invalid_dose_texts,
        vital_signs,
        weight_based_doses,
        weights,
    )

__all__ = [
    "adverse_events",
    "antidepressant_trials",
    "aware_datetimes",
    "cardiovascular_events",
    "cerebrovascular_events",
    "consent_records",
    "courses",
    "device_lots",
    "discharge_criteria",
    "doses",
    "dosing_sessions",
    "example_adverse_event",
    "example_baseline_score",
    "example_consent",
    "example_course",
    "example_dose",
    "example_followup_score",
    "example_monitoring_record",
    "example_patient",
    "example_psychotherapy_session",
    "example_responses",
    "example_scheduled_session",
    "example_score",
    "example_session",
    "example_timed_score",
    "example_vitals",
    "example_weight",
    "fixed_doses",
    "healthcare_settings",
    "height_measurements",
    "instruments",
    "integration_sessions",
    "invalid_documents",
    "invalid_dose_texts",
    "invalid_patient_fields",
    "invalid_responses",
    "item_values",
    "maudsley_stagings",
    "medical_histories",
    "medications",
    "monitoring_plans",
    "monitoring_records",
    "patient_identities",
    "patient_ids",
    "patients",
    "preparation_sessions",
    "prescribers",
    "psychotherapy_supports",
    "responses",
    "scheduled_sessions",
    "scores",
    "session_doses",
    "session_ids",
    "timed_scores",
    "trd_criteria",
    "vital_signs",
    "weight_based_doses",
    "weight_measurements",
    "weights",
]

# Which private module defines each public name. Builders live apart from the
# strategies so that they work without hypothesis installed.
_MODULES: Final = {
    "_patient_builders": ("example_consent", "example_patient", "example_weight"),
    "_score_builders": (
        "example_baseline_score",
        "example_followup_score",
        "example_responses",
        "example_score",
    ),
    "_session_builders": (
        "example_adverse_event",
        "example_dose",
        "example_psychotherapy_session",
        "example_scheduled_session",
        "example_session",
        "example_timed_score",
        "example_vitals",
    ),
    "_course_builders": ("example_course",),
    "_rems_builders": ("example_monitoring_record",),
    "_strategies": (
        "aware_datetimes",
        "doses",
        "fixed_doses",
        "invalid_dose_texts",
        "vital_signs",
        "weight_based_doses",
        "weights",
    ),
    "_patient_strategies": (
        "antidepressant_trials",
        "cardiovascular_events",
        "cerebrovascular_events",
        "consent_records",
        "height_measurements",
        "maudsley_stagings",
        "medical_histories",
        "medications",
        "patient_ids",
        "patients",
        "trd_criteria",
        "weight_measurements",
    ),
    "_course_strategies": ("courses",),
    "_instrument_strategies": (
        "instruments",
        "item_values",
        "responses",
        "scores",
    ),
    "_rems_strategies": (
        "healthcare_settings",
        "monitoring_records",
        "patient_identities",
        "prescribers",
    ),
    "_session_strategies": (
        "adverse_events",
        "device_lots",
        "discharge_criteria",
        "dosing_sessions",
        "integration_sessions",
        "monitoring_plans",
        "preparation_sessions",
        "psychotherapy_supports",
        "scheduled_sessions",
        "session_doses",
        "session_ids",
        "timed_scores",
    ),
    "_invalid": (
        "invalid_documents",
        "invalid_patient_fields",
        "invalid_responses",
    ),
}
_HOME: Final = {name: module for module, names in _MODULES.items() for name in names}


def __getattr__(name: str) -> Any:
    # Everything loads on first use, so that the pytest plugin (which lives in
    # this package) imports nothing until a fixture is used.
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'ketacore.testing' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"ketacore.testing.{module}"), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
