"""Example builders: valid ketacore values with sensible defaults and keyword overrides.

They need neither hypothesis nor pytest.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ketacore.doses import Dose, parse_dose
from ketacore.units import Quantity, parse_quantity
from ketacore.vitals import VitalSigns

__all__ = ["example_dose", "example_vitals", "example_weight"]

# The standard IV racemic dose, 0.5 mg/kg over 40 min (APA 2017 consensus;
# clinical reference 3.1), drawn from a 10 mg/mL vial.
_DEFAULT_DOSE = "0.5 mg/kg over 40 min at 10 mg/mL"
_DEFAULT_TIME = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def example_weight(weight: str | Quantity = "70 kg") -> Quantity:
    """A body weight: ``example_weight("154 lb")``."""
    if isinstance(weight, str):
        return parse_quantity(weight, kind="mass", field="weight")
    return weight


def example_dose(text: str = _DEFAULT_DOSE, **overrides: Any) -> Dose:
    """A dose, by default IV racemic ketamine 0.5 mg/kg over 40 min at 10 mg/mL.

    Keyword overrides go to :func:`ketacore.doses.parse_dose`
    (``example_dose("56 mg", drug="esketamine", route="intranasal")``).
    """
    if "drug" not in overrides and "route" not in overrides:
        overrides = {"drug": "ketamine", "route": "iv", **overrides}
    return parse_dose(text, **overrides)


def example_vitals(**overrides: Any) -> VitalSigns:
    """A normal set of vital signs (124/78 mmHg, 72/min, SpO2 98 %, 14/min) at 09:00 UTC."""
    fields: dict[str, Any] = {
        "taken_at": _DEFAULT_TIME,
        "systolic": 124,
        "diastolic": 78,
        "heart_rate": 72,
        "spo2": 98,
        "respiratory_rate": 14,
    }
    fields.update(overrides)
    return VitalSigns(**fields)
