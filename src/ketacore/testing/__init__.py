"""Support for testing clinic software that uses ketacore.

- Example builders with valid defaults and keyword overrides
  (:func:`example_dose`, :func:`example_vitals`, :func:`example_weight`);
  they need nothing beyond ketacore.
- hypothesis strategies for every public type, plus strategies for *invalid*
  raw input (:func:`invalid_dose_texts`); they need the ``testing`` extra
  (``pip install ketacore[testing]``) and are imported on first use.
  With the extra installed, ``st.from_type(FixedDose)`` etc. work too.

>>> from ketacore.testing import example_dose
>>> example_dose().text
'0.5 mg/kg over 40 min at 10 mg/mL'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ketacore.testing._builders import example_dose, example_vitals, example_weight
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
    "example_dose",
    "example_vitals",
    "example_weight",
    "fixed_doses",
    "invalid_dose_texts",
    "vital_signs",
    "weight_based_doses",
    "weights",
]

_BUILDERS = frozenset({"example_dose", "example_vitals", "example_weight"})


def __getattr__(name: str) -> Any:
    # Everything loads on first use, so that the pytest plugin (which lives in
    # this package) imports nothing until a fixture is used.
    if name in _BUILDERS:
        from ketacore.testing import _builders

        return getattr(_builders, name)
    if name in __all__:
        from ketacore.testing import _strategies

        return getattr(_strategies, name)
    raise AttributeError(f"module 'ketacore.testing' has no attribute {name!r}")
