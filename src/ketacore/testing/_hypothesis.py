"""Registers ketacore's strategies with ``st.from_type`` (the ``hypothesis`` entry point).

Only ketacore's own types are registered, never pint's.
"""

from __future__ import annotations

from hypothesis import strategies as st


def _hypothesis_setup_hook() -> None:
    from ketacore.doses import FixedDose, WeightBasedDose
    from ketacore.testing import _strategies
    from ketacore.vitals import VitalSigns

    st.register_type_strategy(FixedDose, _strategies.fixed_doses())
    st.register_type_strategy(WeightBasedDose, _strategies.weight_based_doses())
    st.register_type_strategy(VitalSigns, _strategies.vital_signs())
