"""Identifiers stay out of pytest's diffs, and patient validators give bounded messages.

Each case failed on the code before its fix.
"""

from __future__ import annotations

from datetime import date

import pytest

from ketacore.exceptions import WITHHELD, PatientError
from ketacore.patients import (
    ConsentRecord,
    MedicalHistory,
    Medication,
    Patient,
    PatientId,
)
from ketacore.testing import example_patient
from work_helpers import counting_calls

SECRET = "MRN-55512345"
OTHER = "MRN-55598765"

# The identifiers live at module level, so the test source pytest prints never holds them.
FAILING_COMPARISON = f"""
from datetime import date
from ketacore.patients import Patient, PatientId

IDENTIFIERS = {{1: "{SECRET}", 2: "{OTHER}"}}

def identifier(n):
    return PatientId(IDENTIFIERS[n])

def make(n):
    return Patient(identifier=IDENTIFIERS[n], birth_date=date(1980, 5, 17), sex_at_birth="female")

def test_patients():
    assert make(1) == make(2)

def test_identifiers():
    assert identifier(1) == identifier(2)

def test_in_a_list():
    assert [make(1)] == [make(2)]
"""


@pytest.mark.parametrize("verbosity", [[], ["-vv"]], ids=["default", "verbose"])
def test_a_failing_patient_comparison_shows_no_identifier(
    pytester: pytest.Pytester, verbosity: list[str]
) -> None:
    pytester.makepyfile(FAILING_COMPARISON)
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:randomly", *verbosity)
    result.assert_outcomes(failed=3)
    output = result.stdout.str()
    assert output.count("AssertionError") >= 3  # the diffs were printed
    assert SECRET not in output
    assert OTHER not in output
    assert "55512345" not in output
    assert "55598765" not in output


def test_identifiers_keep_value_equality_and_hashing() -> None:
    assert PatientId(SECRET) == PatientId(SECRET)
    assert hash(PatientId(SECRET)) == hash(PatientId(SECRET))
    assert PatientId(SECRET) != PatientId(OTHER)
    assert PatientId(SECRET) != SECRET  # an identifier is not its text
    assert len({PatientId(SECRET), PatientId(SECRET), PatientId(OTHER)}) == 2
    with pytest.raises(AttributeError):
        PatientId(SECRET).value = OTHER  # type: ignore[misc]


@pytest.mark.parametrize(
    "value",
    [77310042, {"value": SECRET}, [SECRET], SECRET.encode(), 7731.0042],
    ids=["int", "asdict form", "list", "bytes", "float"],
)
def test_a_wrong_type_identifier_is_described_by_type_and_length_only(value: object) -> None:
    with pytest.raises(PatientError) as caught:
        PatientId(value)  # type: ignore[arg-type]
    assert caught.value.field == "identifier"
    assert caught.value.value is WITHHELD  # the error does not keep it either
    message = str(caught.value) + repr(caught.value) + repr(caught.value.__dict__)
    assert "55512345" not in message
    assert "77310042" not in message
    assert "7731" not in message
    assert type(value).__name__ in message


def _patient(**changes: object) -> Patient:
    return example_patient(identifier=SECRET, **changes)


HUGE = "x" * 1_000_000

BOUNDED = {
    "diagnoses as one long text": lambda: _patient(diagnoses=HUGE),
    "a diagnosis of long text": lambda: _patient(diagnoses=[HUGE]),
    "a diagnosis holding 100,000 items": lambda: _patient(diagnoses=[["flu"] * 100_000]),
    "100,000 bad diagnoses": lambda: _patient(diagnoses=[f"flu-{n}" for n in range(100_000)]),
    "medications as a set of 100,000": lambda: _patient(medications=frozenset(range(100_000))),
    "a medication item of long text": lambda: _patient(medications=[HUGE]),
    "medication classes of long text": lambda: Medication(name="x", classes=[HUGE]),
    "medication name not text": lambda: Medication(name=[HUGE]),  # type: ignore[arg-type]
    "conditions of long text": lambda: MedicalHistory(conditions=[HUGE]),
    "events as a set of 100,000": lambda: MedicalHistory(
        cardiovascular_events=frozenset(range(100_000))  # type: ignore[arg-type]
    ),
    "hypersensitivities of long text": lambda: _patient(hypersensitivities=[HUGE]),
    "pregnant as long text": lambda: _patient(pregnant=HUGE),
    "birth date as long text": lambda: _patient(birth_date=HUGE),
    "sex at birth as long text": lambda: _patient(sex_at_birth=HUGE),
    "history as a long list": lambda: _patient(history=[0] * 100_000),
    "consent topics of long text": lambda: ConsentRecord(
        signed_on=date(2026, 3, 1), form_version="v1", topics=[HUGE]
    ),
    "trials as a set of 100,000": lambda: _patient(antidepressant_trials=frozenset(range(100_000))),
}


@pytest.mark.parametrize("build", list(BOUNDED.values()), ids=list(BOUNDED))
def test_patient_validators_give_bounded_messages_quickly(build: object) -> None:
    with pytest.raises(PatientError):
        build()  # type: ignore[operator]  # warm: first use imports and builds caches
    with counting_calls() as work, pytest.raises(PatientError) as caught:
        build()  # type: ignore[operator]
    # Refused up front: a few hundred calls, where a pass over the 100,000 items or the
    # 1,000,000 characters would make at least that many.
    assert work.calls < 5_000
    message = str(caught.value)
    assert len(message) < 1_000, message[:300]
    assert SECRET not in message
