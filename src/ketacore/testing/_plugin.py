"""The ketacore pytest plugin (registered through the ``pytest11`` entry point).

Fixtures carry the ``ketacore_`` prefix. Nothing from ketacore is imported
until a fixture is used. Override ``ketacore_seed`` in your ``conftest.py`` to
change what seeded fixtures produce; disable the plugin with ``-p no:ketacore``.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ketacore.doses import Dose
    from ketacore.units import Quantity
    from ketacore.vitals import VitalSigns


@pytest.fixture
def ketacore_seed() -> int:
    """The seed for ketacore's seeded fixtures; override it in a conftest to vary them."""
    return 20260302


@pytest.fixture
def ketacore_rng(ketacore_seed: int) -> random.Random:
    """A ``random.Random`` seeded with :func:`ketacore_seed`."""
    return random.Random(ketacore_seed)


@pytest.fixture
def ketacore_weight() -> Quantity:
    """A 70 kg body weight."""
    from ketacore.testing import example_weight

    return example_weight()


@pytest.fixture
def ketacore_dose() -> Dose:
    """IV racemic ketamine 0.5 mg/kg over 40 min at 10 mg/mL."""
    from ketacore.testing import example_dose

    return example_dose()


@pytest.fixture
def ketacore_vitals() -> VitalSigns:
    """A normal set of vital signs at 2026-03-02 09:00 UTC."""
    from ketacore.testing import example_vitals

    return example_vitals()
