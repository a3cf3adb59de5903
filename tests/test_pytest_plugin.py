"""The ketacore pytest plugin, tested in isolated runs with pytester."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

GUIDE = Path(__file__).parent.parent / "docs" / "testing.md"


def documented(name: str) -> str:
    """The ```python block of docs/testing.md that starts with the comment ``# {name}``."""
    match = re.search(rf"```python\n# {re.escape(name)}\n(.*?)```", GUIDE.read_text(), re.S)
    assert match is not None, f"docs/testing.md has no block for {name}"
    return match.group(1)


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


USES_CLINICAL_FIXTURES = """
from datetime import date

from ketacore.sessions import discharge_check

def test_patient(ketacore_patient):
    assert ketacore_patient.age(on=date(2026, 3, 2)) >= 18
    assert ketacore_patient.consent is not None

def test_session(ketacore_session):
    assert ketacore_session.is_complete
    report = discharge_check(ketacore_session, at=ketacore_session.observation_end)
    assert report.ready

def test_scores(ketacore_baseline_score, ketacore_followup_score):
    assert ketacore_baseline_score.instrument.id == "phq9"
    assert (ketacore_baseline_score.total, ketacore_followup_score.total) == (16, 5)

def test_course(ketacore_course, ketacore_patient):
    from ketacore.courses import next_due
    assert ketacore_course.belongs_to(ketacore_patient)
    assert len(ketacore_course.dosing_sessions) == 3
    assert next_due(ketacore_course, after=date(2026, 3, 9)) is not None
"""


def test_clinical_fixtures_are_available(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(USES_CLINICAL_FIXTURES)
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=4)


def test_clinical_fixtures_need_the_plugin(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(USES_CLINICAL_FIXTURES)
    result = pytester.runpytest("-p", "no:ketacore", "-p", "no:cacheprovider")
    result.assert_outcomes(errors=4)
    result.stdout.fnmatch_lines(["*fixture 'ketacore_patient' not found*"])


def test_instrument_can_be_overridden(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        "import pytest\n@pytest.fixture\ndef ketacore_instrument():\n    return 'madrs'\n"
    )
    pytester.makepyfile(
        "def test_madrs(ketacore_baseline_score, ketacore_followup_score):\n"
        "    assert ketacore_baseline_score.instrument.id == 'madrs'\n"
        "    assert (ketacore_baseline_score.total, ketacore_followup_score.total) == (36, 12)\n"
    )
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


@pytest.mark.parametrize("instrument", ["moaas", "cgi_i"])
def test_an_instrument_without_a_response_rule_is_refused(
    pytester: pytest.Pytester, instrument: str
) -> None:
    # Issue 14: MOAA/S 3 -> 1 is no response, and CGI-I is no baseline.
    pytester.makeconftest(
        f"import pytest\n@pytest.fixture\ndef ketacore_instrument():\n    return {instrument!r}\n"
    )
    pytester.makepyfile(
        "import pytest\n"
        "from ketacore.exceptions import ScoringError\n"
        "def test_baseline(request):\n"
        "    with pytest.raises(ScoringError) as caught:\n"
        "        request.getfixturevalue('ketacore_baseline_score')\n"
        f"    assert caught.value.field == 'ketacore_instrument'\n"
        f"    assert caught.value.value == {instrument!r}\n"
        "    assert 'phq9' in caught.value.expected and 'madrs' in caught.value.expected\n"
        "    assert 'ketacore_instrument fixture' in caught.value.fix\n"
        "def test_followup(ketacore_followup_score):\n"
        "    pass\n"
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines([f"*ScoringError: ketacore_instrument: got '{instrument}'*"])


def test_seed_spreads_the_scores_reproducibly(pytester: pytest.Pytester) -> None:
    """Same seed, same item values; another seed, other item values with the same total."""
    pytester.makepyfile(
        "import pytest\n"
        "SEEN = []\n"
        "@pytest.fixture(params=[1, 1, 2])\n"
        "def ketacore_seed(request):\n"
        "    return request.param\n"
        "def test_scores(ketacore_baseline_score, ketacore_followup_score):\n"
        "    SEEN.append((ketacore_baseline_score.values, ketacore_followup_score.values))\n"
        "    assert ketacore_baseline_score.values != ketacore_followup_score.values\n"
        "def test_compare():\n"
        "    assert SEEN[0] == SEEN[1] != SEEN[2]\n"
    )
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=4)


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
        "    assert not [m for m in sys.modules if m.endswith('_builders')]\n"
        "    assert 'hypothesis' not in sys.modules\n"
        "    assert 'pint' not in sys.modules\n"
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:hypothesispytest")
    result.assert_outcomes(passed=1)


def test_the_guides_example_test_file_passes(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_clinic=documented("test_clinic.py"))
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=4)


def test_the_guides_conftest_overrides_seed_and_instrument(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(documented("conftest.py"))
    pytester.makepyfile(
        test_clinic=documented("test_clinic.py") + "\n\ndef test_overridden(\n"
        "    ketacore_seed, ketacore_baseline_score, ketacore_followup_score\n"
        "):\n"
        "    assert ketacore_seed == 7\n"
        "    assert ketacore_baseline_score.instrument.id == 'madrs'\n"
        "    assert (ketacore_baseline_score.total, ketacore_followup_score.total) == (36, 12)\n"
    )
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=5)
