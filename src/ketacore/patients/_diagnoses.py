"""Diagnoses that matter to ketamine therapy, and sex recorded at birth."""

from __future__ import annotations

from typing import Final

from ketacore._choices import Choice, choose_set
from ketacore.exceptions import PatientError

__all__ = ["Diagnosis", "SexAtBirth"]

# ICD-10 (WHO 2019, https://icd.who.int/browse10/2019/en) codes, given only where
# one code names the diagnosis. Depression is F32 (single episode) or F33
# (recurrent); chronic pain, substance use disorder (F10-F19, by substance) and
# psychosis (F20-F29) span several codes, so they have none.
_ICD10: Final[dict[str, str | None]] = {
    "depression": None,
    "bipolar_depression": "F31",
    "ptsd": "F43.1",
    "ocd": "F42",
    "gad": "F41.1",
    "chronic_pain": None,
    "substance_use_disorder": None,
    "psychosis": None,
}


# Other spellings of a diagnosis, by its value; ICD-10 codes are spellings too.
_SPELLINGS: Final[dict[str, str]] = {
    "mdd": "depression",
    "major depression": "depression",
    "major depressive disorder": "depression",
    "trd": "depression",
    "treatment resistant depression": "depression",
    "f32": "depression",
    "f33": "depression",
    "post traumatic stress disorder": "ptsd",
    "obsessive compulsive disorder": "ocd",
    "generalised anxiety disorder": "gad",
    "generalized anxiety disorder": "gad",
    "sud": "substance_use_disorder",
    "schizophrenia": "psychosis",
    **{code.lower(): value for value, code in _ICD10.items() if code},
}


class Diagnosis(Choice, field="diagnosis", error=PatientError, aliases=_SPELLINGS):
    """A diagnosis recorded for the patient, current or past.

    >>> Diagnosis.from_text("PTSD").icd10
    'F43.1'
    >>> Diagnosis.from_text("major depressive disorder")
    <Diagnosis.DEPRESSION: 'depression'>
    """

    DEPRESSION = "depression"
    """Unipolar major depression (ICD-10 F32 single episode or F33 recurrent)."""
    BIPOLAR_DEPRESSION = "bipolar_depression"
    """Depression in bipolar disorder (ICD-10 F31, bipolar affective disorder)."""
    PTSD = "ptsd"
    """Post-traumatic stress disorder (ICD-10 F43.1)."""
    OCD = "ocd"
    """Obsessive-compulsive disorder (ICD-10 F42)."""
    GAD = "gad"
    """Generalised anxiety disorder (ICD-10 F41.1)."""
    CHRONIC_PAIN = "chronic_pain"
    """Chronic pain (no single ICD-10 code)."""
    SUBSTANCE_USE_DISORDER = "substance_use_disorder"
    """Substance use disorder, current or past (ICD-10 F10-F19, by substance)."""
    PSYCHOSIS = "psychosis"
    """A psychotic disorder or episode, current or past (ICD-10 F20-F29)."""

    @property
    def icd10(self) -> str | None:
        """The ICD-10 code, or None where no single code names the diagnosis."""
        return _ICD10[self.value]


def to_diagnoses(values: object) -> frozenset[Diagnosis]:
    """Read a collection of diagnoses (members or text) into a frozenset."""
    return choose_set(Diagnosis, values, field="diagnoses", error=PatientError)


class SexAtBirth(
    Choice, field="sex_at_birth", error=PatientError, aliases={"f": "female", "m": "male"}
):
    """Sex recorded at birth (:meth:`from_text` also reads ``"F"`` and ``"M"``)."""

    FEMALE = "female"
    """Recorded female at birth."""
    MALE = "male"
    """Recorded male at birth."""
    INTERSEX = "intersex"
    """Recorded intersex at birth."""
    UNKNOWN = "unknown"
    """Not recorded."""
