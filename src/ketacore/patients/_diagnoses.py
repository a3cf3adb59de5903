"""Diagnoses that matter to ketamine therapy, and sex recorded at birth."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final, Self

from ketacore._choices import Choice, choose, normalise
from ketacore._text import shown
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


# ICD-10 codes of a depressive episode, as EHRs send depression, with their titles and
# whether the episode has psychotic symptoms (then the code names psychosis too).
# WHO ICD-10 2019 (https://icd.who.int/browse10/2019/en#/F32 and #/F33): F32.0-F32.3,
# F32.8, F32.9; F33.0-F33.4, F33.8, F33.9 (F32.3 "Severe depressive episode with
# psychotic symptoms", http://id.who.int/icd/release/10/2019/F32.3).
# ICD-10-CM (CMS/NCHS, FY2025-2026 tabular list, https://www.cms.gov/medicare/coding-billing/
# icd-10-codes; F32.0-F32.3, F32.8, F32.81 cross-checked in the HL7 mCODE "Elixhauser
# Depression" value set, https://hl7.org/fhir/us/mcode/STU2/ValueSet-elixhauser-depression-vs.html):
# F32.4, F32.5 (single episode in partial / full remission), F32.89 (other specified
# depressive episodes), F32.A (depression, unspecified), F33.40-F33.42 (recurrent, in
# remission: unspecified, partial, full). ICD-10-CM F32.81 is premenstrual dysphoric
# disorder, not a depressive episode, so it is refused (_NOT_EPISODES); F32.8 is read
# as the WHO category "other depressive episodes".
_DEPRESSION_CODES: Final[dict[str, tuple[str, bool]]] = {
    "F32": ("depressive episode", False),
    "F32.0": ("mild depressive episode", False),
    "F32.1": ("moderate depressive episode", False),
    "F32.2": ("severe depressive episode without psychotic symptoms", False),
    "F32.3": ("severe depressive episode with psychotic symptoms", True),
    "F32.4": ("major depressive disorder, single episode, in partial remission", False),
    "F32.5": ("major depressive disorder, single episode, in full remission", False),
    "F32.8": ("other depressive episodes", False),
    "F32.89": ("other specified depressive episodes", False),
    "F32.9": ("depressive episode, unspecified", False),
    "F32.A": ("depression, unspecified", False),
    "F33": ("recurrent depressive disorder", False),
    "F33.0": ("recurrent depressive disorder, current episode mild", False),
    "F33.1": ("recurrent depressive disorder, current episode moderate", False),
    "F33.2": (
        "recurrent depressive disorder, current episode severe without psychotic symptoms",
        False,
    ),
    "F33.3": (
        "recurrent depressive disorder, current episode severe with psychotic symptoms",
        True,
    ),
    "F33.4": ("recurrent depressive disorder, currently in remission", False),
    "F33.40": ("major depressive disorder, recurrent, in remission, unspecified", False),
    "F33.41": ("major depressive disorder, recurrent, in partial remission", False),
    "F33.42": ("major depressive disorder, recurrent, in full remission", False),
    "F33.8": ("other recurrent depressive disorders", False),
    "F33.9": ("recurrent depressive disorder, unspecified", False),
}

# Codes under F32/F33 that are not a depressive episode, with what they are.
_NOT_EPISODES: Final[dict[str, str]] = {
    "F32.81": "premenstrual dysphoric disorder (ICD-10-CM)",
}

# Text shaped like an ICD-10 code: a letter, two digits, optionally a dot and up to
# four characters (bounded and anchored: no backtracking on long input).
_ICD10_SHAPE: Final = re.compile(r"[A-Z][0-9]{2}(?:\.?[0-9A-Z]{1,4})?")


def _icd10_key(text: str) -> str | None:
    """*text* as an ICD-10 code in canonical form (``"f321"`` is ``"F32.1"``), or None."""
    code = text.strip().upper()
    if len(code) > 8 or not _ICD10_SHAPE.fullmatch(code):
        return None
    if "." not in code and len(code) > 3:
        code = f"{code[:3]}.{code[3:]}"
    return code


# Other spellings of a diagnosis, by its value; ICD-10 codes are spellings too.
_SPELLINGS: Final[dict[str, str]] = {
    "mdd": "depression",
    "major depression": "depression",
    "major depressive disorder": "depression",
    "trd": "depression",
    "treatment resistant depression": "depression",
    "post traumatic stress disorder": "ptsd",
    "obsessive compulsive disorder": "ocd",
    "generalised anxiety disorder": "gad",
    "generalized anxiety disorder": "gad",
    "sud": "substance_use_disorder",
    "schizophrenia": "psychosis",
    **{code.lower(): value for value, code in _ICD10.items() if code},
    **{
        code.lower(): "depression"
        for code, (_, psychotic) in _DEPRESSION_CODES.items()
        if not psychotic
    },
}


class Diagnosis(Choice, field="diagnosis", error=PatientError, aliases=_SPELLINGS):
    """A diagnosis recorded for the patient, current or past.

    >>> Diagnosis.from_text("PTSD").icd10
    'F43.1'
    >>> Diagnosis.from_text("major depressive disorder")
    <Diagnosis.DEPRESSION: 'depression'>

    ICD-10 codes of a depressive episode (F32.x, F33.x, as EHRs send them) read as
    depression; one with psychotic symptoms names psychosis too, so it is read
    into a set:

    >>> Diagnosis.from_text("F32.1")
    <Diagnosis.DEPRESSION: 'depression'>
    >>> sorted(d.value for d in Diagnosis.from_icd10("F33.3"))
    ['depression', 'psychosis']
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

    @classmethod
    def from_text(cls, value: Self | str) -> Self:
        """Return the diagnosis that *value* is or names (value, name, spelling or ICD-10 code).

        Raises:
            PatientError: the text names no diagnosis, is an ICD-10 code ketacore does
                not read (the message says why), or is a code of depression with
                psychotic symptoms, which names two diagnoses (use :meth:`from_icd10`).
        """
        found = read_diagnosis(value, field="diagnosis")
        if len(found) > 1:
            raise PatientError(
                field="diagnosis",
                value=value,
                got=f"{shown(value)}, which names two diagnoses, depression and psychosis",
                expected="text naming one diagnosis",
                fix=f"use Diagnosis.from_icd10({value!r}), or pass the code in "
                "Patient(diagnoses=...) or to Patient.with_diagnosis, which record both",
            )
        return cls(next(iter(found)).value)

    @classmethod
    def from_icd10(cls, code: str) -> frozenset[Diagnosis]:
        """Return the diagnoses an ICD-10 code names.

        A depressive episode with psychotic symptoms (F32.3, F33.3) names
        depression and psychosis.

        >>> sorted(d.value for d in Diagnosis.from_icd10("F43.1"))
        ['ptsd']

        Raises:
            PatientError: *code* is not an ICD-10 code ketacore reads.
        """
        key = _icd10_key(code) if isinstance(code, str) else None
        if key is None:
            raise PatientError(
                field="diagnosis",
                value=code,
                expected="an ICD-10 code such as 'F32.1'",
                fix="give the code as text, for example Diagnosis.from_icd10('F33.2')",
            )
        return read_diagnosis(key, field="diagnosis")


def read_diagnosis(value: object, *, field: str) -> frozenset[Diagnosis]:
    """The diagnoses a member or a text names (two for a psychotic depressive episode)."""
    if isinstance(value, str):
        key = _icd10_key(value)
        if key is not None:
            return _from_code(value, key, field)
    return frozenset({choose(Diagnosis, value, field=field, error=PatientError)})


def _from_code(value: str, key: str, field: str) -> frozenset[Diagnosis]:
    episode = _DEPRESSION_CODES.get(key)
    if episode is not None:
        if episode[1]:
            return frozenset({Diagnosis.DEPRESSION, Diagnosis.PSYCHOSIS})
        return frozenset({Diagnosis.DEPRESSION})
    alias = Diagnosis._aliases().get(normalise(key))
    if alias is not None:
        return frozenset({alias})
    what = _NOT_EPISODES.get(key)
    parent = next((v for v, c in _ICD10.items() if c and key.startswith(c)), None)
    if what is not None:
        got = f"{shown(value)}, which is {what}, not a depressive episode"
    elif parent is not None:
        got = (
            f"{shown(value)}, a subcode of {_ICD10[parent]} ({parent}), which ketacore does "
            f"not read; record {_ICD10[parent]!r} or {parent!r} if that is the diagnosis"
        )
    elif key[:3] in ("F32", "F33"):
        got = f"{shown(value)}, which is not a depressive episode code in ICD-10 or ICD-10-CM"
    else:
        got = f"{shown(value)}, an ICD-10 code of no diagnosis ketacore models"
    known = ", ".join(code for code in _ICD10.values() if code)
    raise PatientError(
        field=field,
        value=value,
        got=got,
        expected=f"a depressive episode (F32.0-F32.9, F32.A, F33.0-F33.9) or one of {known}",
        fix="record the diagnosis by name if ketacore models it, such as 'depression' or "
        "'bipolar_depression'; otherwise leave it out",
    )


def to_diagnoses(values: object) -> frozenset[Diagnosis]:
    """Read a collection of diagnoses (members, names or ICD-10 codes) into a frozenset."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise PatientError(
            field="diagnoses",
            value=values,
            expected="a collection such as {Diagnosis.DEPRESSION}",
            fix="wrap a single value in a set",
        )
    found: set[Diagnosis] = set()
    for value in values:
        found |= read_diagnosis(value, field="diagnoses")
    return frozenset(found)


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
