"""The ketacore pytest plugin (registered through the ``pytest11`` entry point).

Fixtures carry the ``ketacore_`` prefix. Nothing from ketacore is imported
until a fixture is used. Override points are fixtures you redefine in your
``conftest.py``: ``ketacore_seed`` changes what seeded fixtures produce and
``ketacore_instrument`` which instrument the baseline and follow-up scores
use. Disable the plugin with ``-p no:ketacore``.

The fixtures tell one story: racemic ketamine 0.5 mg/kg IV over 40 min
(``ketacore_dose``) given in ``ketacore_session`` and in every session of
``ketacore_course``, for ``ketacore_patient``. The builders behind them take
``drug="esketamine"`` for the intranasal story.

"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ketacore.courses import Course
    from ketacore.doses import Dose
    from ketacore.instruments import Instrument, Score
    from ketacore.patients import Patient
    from ketacore.sessions import DosingSession
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
def ketacore_instrument() -> str:
    """The id of the instrument the baseline and follow-up scores use: ``"phq9"``.

    Override it in a conftest (``return "madrs"``) to score another catalogue
    instrument with a response rule (BDI-II, HAM-D17, MADRS, PHQ-9, QIDS-SR16,
    Y-BOCS): the follow-up is then a response to the baseline. Any other
    instrument (MOAA/S, CGI-I, ...) makes those fixtures raise a ``ScoringError``.
    """
    return "phq9"


def _response_instrument(instrument: str | Instrument) -> Instrument:
    """*instrument* as an :class:`Instrument`, refused unless it has a response rule."""
    from ketacore.exceptions import ScoringError
    from ketacore.instruments import CATALOGUE, Instrument, get

    inst = instrument if isinstance(instrument, Instrument) else get(instrument)
    if inst.response_rules:
        return inst
    usable = ", ".join(repr(i.id) for i in CATALOGUE.values() if i.response_rules)
    raise ScoringError(
        field="ketacore_instrument",
        value=inst.id,
        got=f"{inst.id!r} ({inst.short_name}), which has no response rule, so a lower "
        "follow-up score is not a response to the baseline",
        expected=f"the id of an instrument with a response rule: {usable}",
        fix="return one of them (such as 'phq9' or 'madrs') from your ketacore_instrument "
        "fixture; build scores of other instruments with ketacore.testing.example_score",
    )


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


@pytest.fixture
def ketacore_patient() -> Patient:
    """An adult patient consented for ketamine and esketamine, 82 kg (``example_patient()``)."""
    from ketacore.testing import example_patient

    return example_patient()


@pytest.fixture
def ketacore_session() -> DosingSession:
    """A completed IV ketamine session, ready for discharge (``example_session()``)."""
    from ketacore.testing import example_session

    return example_session()


@pytest.fixture
def ketacore_baseline_score(ketacore_instrument: str, ketacore_seed: int) -> Score:
    """A pre-treatment score of :func:`ketacore_instrument` (PHQ-9 16 by default).

    Raises ``ScoringError`` when :func:`ketacore_instrument` has no response rule.
    The total is fixed; how it is spread over the items depends on :func:`ketacore_seed`.
    """
    from ketacore.testing import example_baseline_score

    rng = random.Random(f"{ketacore_seed}-baseline")
    return example_baseline_score(_response_instrument(ketacore_instrument), rng=rng)


@pytest.fixture
def ketacore_followup_score(ketacore_instrument: str, ketacore_seed: int) -> Score:
    """A post-treatment score of :func:`ketacore_instrument`: a response (PHQ-9 5 by default).

    No item that raises a review flag (PHQ-9 item 9, ...) is endorsed. Raises
    ``ScoringError`` when :func:`ketacore_instrument` has no response rule.
    The total is fixed; how it is spread over the items depends on :func:`ketacore_seed`.
    """
    from ketacore.testing import example_followup_score

    rng = random.Random(f"{ketacore_seed}-followup")
    return example_followup_score(_response_instrument(ketacore_instrument), rng=rng)


@pytest.fixture
def ketacore_course(ketacore_patient: Patient) -> Course:
    """An IV ketamine course in progress for :func:`ketacore_patient` (``example_course()``).

    Three completed twice-weekly sessions, a planned fourth, a baseline and a
    follow-up MADRS. Override ``ketacore_patient`` to change whose course it is.
    """
    from ketacore.testing import example_course

    return example_course(patient=ketacore_patient)
