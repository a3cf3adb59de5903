"""The ketacore pytest plugin, tested in isolated runs with pytester."""

from __future__ import annotations

import pytest

USES_FIXTURES = """
from ketacore.doses import WeightBasedDose
from ketacore.units import magnitude

def test_fixtures(ketacore_dose, ketacore_weight, ketacore_vitals, ketacore_rng):
    assert isinstance(ketacore_dose, WeightBasedDose)
    assert magnitude(ketacore_dose.resolve(weight=ketacore_weight), "mg") == 35
    assert ketacore_vitals.blood_pressure == "124/78 mmHg"
    assert 0 <= ketacore_rng.random() < 1
"""


def test_fixtures_are_available(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(USES_FIXTURES)
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_seed_can_be_overridden(pytester: pytest.Pytester) -> None:
    pytester.makeconftest("import pytest\n@pytest.fixture\ndef ketacore_seed():\n    return 7\n")
    pytester.makepyfile(
        "import random\n"
        "def test_seed(ketacore_rng):\n"
        "    assert ketacore_rng.random() == random.Random(7).random()\n"
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_opting_out(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(USES_FIXTURES)
    result = pytester.runpytest("-p", "no:ketacore")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'ketacore_dose' not found*"])


def test_plugin_imports_nothing_until_a_fixture_is_used(pytester: pytest.Pytester) -> None:
    # hypothesis' own pytest plugin imports hypothesis, which loads ketacore's
    # hypothesis entry point (and so its types); leave it out to see ours alone.
    pytester.makepyfile(
        "import sys\n"
        "def test_nothing_loaded():\n"
        "    assert 'ketacore.doses' not in sys.modules\n"
        "    assert 'pint' not in sys.modules\n"
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:hypothesispytest")
    result.assert_outcomes(passed=1)
