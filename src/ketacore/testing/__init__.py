"""Support for testing clinic software that uses ketacore.

- Example builders with valid defaults and keyword overrides
  (:func:`example_patient`, :func:`example_score`, :func:`example_session`, ...);
  they need nothing beyond ketacore (not even hypothesis).
- hypothesis strategies for every public type, plus strategies for *invalid*
  raw input (:func:`invalid_dose_texts`); they need the ``testing`` extra
  (``pip install ketacore[testing]``) and are imported on first use.
  With the extra installed, ``st.from_type(FixedDose)`` etc. work too.
- A pytest plugin with ``ketacore_``-prefixed fixtures, registered through the
  ``pytest11`` entry point (disable it with ``-p no:ketacore``).

A course builder (``example_course``) and fixture (``ketacore_course``) will
come with :mod:`ketacore.courses`.

>>> from ketacore.testing import example_dose
>>> example_dose().text
'0.5 mg/kg over 40 min at 10 mg/mL'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from ketacore.testing._builders import (
        example_adverse_event,
        example_baseline_score,
        example_consent,
        example_dose,
        example_followup_score,
        example_patient,
        example_psychotherapy_session,
        example_responses,
        example_scheduled_session,
        example_score,
        example_session,
        example_timed_score,
        example_vitals,
        example_weight,
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
    "aware_datetimes",
    "doses",
    "example_adverse_event",
    "example_baseline_score",
    "example_consent",
    "example_dose",
    "example_followup_score",
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
    "invalid_dose_texts",
    "vital_signs",
    "weight_based_doses",
    "weights",
]

# Which private module defines each public name. Builders live apart from the
# strategies so that they work without hypothesis installed.
_MODULES: Final = {
    "_builders": (
        "example_adverse_event",
        "example_baseline_score",
        "example_consent",
        "example_dose",
        "example_followup_score",
        "example_patient",
        "example_psychotherapy_session",
        "example_responses",
        "example_scheduled_session",
        "example_score",
        "example_session",
        "example_timed_score",
        "example_vitals",
        "example_weight",
    ),
    "_strategies": (
        "aware_datetimes",
        "doses",
        "fixed_doses",
        "invalid_dose_texts",
        "vital_signs",
        "weight_based_doses",
        "weights",
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
