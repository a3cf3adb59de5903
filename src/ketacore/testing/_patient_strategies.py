"""hypothesis strategies for the patient record types (:mod:`ketacore.patients`)."""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, TypeVar

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ketacore.doses import Drug
from ketacore.patients import (
    REQUIRED_CONSENT_TOPICS,
    AntidepressantTrial,
    CardiovascularEvent,
    CardiovascularEventKind,
    CerebrovascularEvent,
    CerebrovascularEventKind,
    ChildPughClass,
    Condition,
    ConsentRecord,
    ConsentTopic,
    Diagnosis,
    HeightMeasurement,
    HypertensionControl,
    MaudsleyStaging,
    MedicalHistory,
    Medication,
    MedicationClass,
    MsmSeverity,
    NyhaClass,
    Patient,
    PatientId,
    SexAtBirth,
    TrdCriteria,
    TrialOutcome,
    WeightMeasurement,
)
from ketacore.testing._strategies import weights
from ketacore.units import Quantity, quantity

__all__ = [
    "antidepressant_trials",
    "cardiovascular_events",
    "cerebrovascular_events",
    "consent_records",
    "height_measurements",
    "maudsley_stagings",
    "medical_histories",
    "medications",
    "patient_ids",
    "patients",
    "trd_criteria",
    "weight_measurements",
]

_E = TypeVar("_E", bound=enum.Enum)
_Event = TypeVar("_Event")

_MIN_DAY = date(1900, 1, 1)
_MAX_DAY = date(2099, 12, 31)
_MEDICATION_NAMES = ["sertraline", "lorazepam", "phenelzine", "methylphenidate", "amlodipine"]
_ANTIDEPRESSANTS = ["sertraline", "escitalopram", "venlafaxine", "bupropion", "mirtazapine"]
_IDENTIFIER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _sets_of(kind: type[_E]) -> st.SearchStrategy[frozenset[_E]]:
    return st.frozensets(st.sampled_from(list(kind)))


def _dates(min_value: date, max_value: date) -> st.SearchStrategy[date]:
    return st.dates(min_value=min_value, max_value=max_value)


def _texts() -> st.SearchStrategy[str]:
    return st.text(min_size=1, max_size=40).filter(str.strip)


def patient_ids() -> st.SearchStrategy[PatientId]:
    """Pseudonymous identifiers such as ``PatientId("PT-7K2M9QX4HT")``."""
    return st.text(alphabet=_IDENTIFIER_ALPHABET, min_size=10, max_size=16).map(
        lambda text: PatientId(f"PT-{text}")
    )


def weight_measurements(
    *, min_date: date = _MIN_DAY, max_date: date = _MAX_DAY
) -> st.SearchStrategy[WeightMeasurement]:
    """Adult body weights (35-250 kg, in kg or lb) measured between the two dates."""
    return st.builds(WeightMeasurement, measured_on=_dates(min_date, max_date), weight=weights())


def _heights() -> st.SearchStrategy[Quantity]:
    centimetres = st.integers(min_value=120, max_value=220)
    return st.one_of(
        centimetres.map(lambda cm: quantity(cm, "cm")),
        centimetres.map(lambda cm: quantity(round(cm / 2.54, 1), "in")),
    )


def height_measurements(
    *, min_date: date = _MIN_DAY, max_date: date = _MAX_DAY
) -> st.SearchStrategy[HeightMeasurement]:
    """Adult heights (120-220 cm, in cm or inches) measured between the two dates."""
    return st.builds(HeightMeasurement, measured_on=_dates(min_date, max_date), height=_heights())


def medications() -> st.SearchStrategy[Medication]:
    """Current medications with any set of :class:`~ketacore.patients.MedicationClass`."""
    return st.builds(
        Medication,
        name=st.sampled_from(_MEDICATION_NAMES) | _texts(),
        classes=_sets_of(MedicationClass),
    )


def cardiovascular_events(
    *, min_date: date = _MIN_DAY, max_date: date = _MAX_DAY
) -> st.SearchStrategy[CardiovascularEvent]:
    """Dated cardiovascular events of any kind."""
    return _dated_events(CardiovascularEvent, CardiovascularEventKind, min_date, max_date)


def cerebrovascular_events(
    *, min_date: date = _MIN_DAY, max_date: date = _MAX_DAY
) -> st.SearchStrategy[CerebrovascularEvent]:
    """Dated ischaemic strokes and TIAs."""
    return _dated_events(CerebrovascularEvent, CerebrovascularEventKind, min_date, max_date)


def _dated_events(
    event: Callable[..., _Event], kinds: type[enum.Enum], min_date: date, max_date: date
) -> st.SearchStrategy[_Event]:
    """Events of *event*'s class, of any of *kinds*, on a day in the range."""
    return st.builds(
        event, occurred_on=_dates(min_date, max_date), kind=st.sampled_from(list(kinds))
    )


def medical_histories(
    *, min_date: date = _MIN_DAY, max_date: date = _MAX_DAY
) -> st.SearchStrategy[MedicalHistory]:
    """Medical histories: any conditions, up to two dated events of each kind, any classes."""
    return st.builds(
        MedicalHistory,
        conditions=_sets_of(Condition),
        cardiovascular_events=st.lists(
            cardiovascular_events(min_date=min_date, max_date=max_date), max_size=2
        ),
        cerebrovascular_events=st.lists(
            cerebrovascular_events(min_date=min_date, max_date=max_date), max_size=2
        ),
        heart_failure=st.none() | st.sampled_from(list(NyhaClass)),
        hypertension=st.none() | st.sampled_from(list(HypertensionControl)),
        hepatic_impairment=st.none() | st.sampled_from(list(ChildPughClass)),
    )


def consent_records(
    *,
    min_date: date = _MIN_DAY,
    max_date: date = _MAX_DAY,
    covers: Drug | None = None,
) -> st.SearchStrategy[ConsentRecord]:
    """Consent records with any topics, or with at least those required for *covers*."""
    required = frozenset() if covers is None else REQUIRED_CONSENT_TOPICS[covers]
    return st.builds(
        ConsentRecord,
        signed_on=_dates(min_date, max_date),
        form_version=st.sampled_from(["v1", "v2", "2026-01"]) | _texts(),
        topics=_sets_of(ConsentTopic).map(lambda topics: topics | required),
    )


def antidepressant_trials() -> st.SearchStrategy[AntidepressantTrial]:
    """Prior antidepressant trials of 1 to 104 weeks with any outcome."""
    return st.builds(
        AntidepressantTrial,
        drug=st.sampled_from(_ANTIDEPRESSANTS) | _texts(),
        dose_adequate=st.booleans(),
        duration=st.integers(min_value=1, max_value=104).map(lambda wk: quantity(wk, "wk")),
        outcome=st.sampled_from(list(TrialOutcome)),
        current_episode=st.booleans(),
        oral=st.booleans(),
    )


def trd_criteria() -> st.SearchStrategy[TrdCriteria]:
    """Treatment-resistance criteria: 2-12 weeks, 1-4 trials, any non-empty outcome set."""
    return st.builds(
        TrdCriteria,
        min_duration=st.integers(min_value=2, max_value=12).map(lambda wk: quantity(wk, "wk")),
        min_trials=st.integers(min_value=1, max_value=4),
        inadequate_outcomes=st.frozensets(st.sampled_from(list(TrialOutcome)), min_size=1),
        oral_only=st.booleans(),
    )


def maudsley_stagings() -> st.SearchStrategy[MaudsleyStaging]:
    """Maudsley staging inputs (every score from 3 to 15 can be drawn)."""
    return st.builds(
        MaudsleyStaging,
        episode_months=st.integers(min_value=0, max_value=240),
        severity=st.sampled_from(list(MsmSeverity)),
        failed_treatments=st.integers(min_value=1, max_value=20),
        augmentation=st.booleans(),
        ect=st.booleans(),
    )


def patients(
    *,
    min_birth_date: date = date(1930, 1, 1),
    max_birth_date: date = date(2000, 12, 31),
    max_record_date: date = date(2026, 12, 31),
    consented: bool | None = None,
) -> st.SearchStrategy[Patient]:
    """Patients with any diagnoses, medications, history, trials and consent.

    Every dated record (measurements, events, consent) falls after
    *max_birth_date* and on or before *max_record_date*, so the defaults draw
    patients who were adults at every record from 2019 on.

    Args:
        min_birth_date: Earliest birth date.
        max_birth_date: Latest birth date.
        max_record_date: Latest date of any record.
        consented: True for a consent covering every topic (ketamine and
            esketamine), False for no consent, None (default) for either,
            with any topics.

    Raises:
        hypothesis.errors.InvalidArgument: the dates are out of order (at draw time).
    """

    def build() -> st.SearchStrategy[Patient]:
        if not min_birth_date <= max_birth_date < max_record_date:
            raise InvalidArgument(
                f"expected min_birth_date <= max_birth_date < max_record_date; got "
                f"{min_birth_date}, {max_birth_date}, {max_record_date}"
            )
        first = max_birth_date + timedelta(days=1)
        bounds: dict[str, Any] = {"min_date": first, "max_date": max_record_date}
        if consented is None:
            consent: st.SearchStrategy[ConsentRecord | None] = st.none() | consent_records(**bounds)
        elif consented:
            consent = consent_records(**bounds, covers=Drug.KETAMINE)
        else:
            consent = st.none()
        return st.builds(
            Patient,
            identifier=patient_ids(),
            birth_date=_dates(min_birth_date, max_birth_date),
            sex_at_birth=st.sampled_from(list(SexAtBirth)),
            weights=st.lists(
                weight_measurements(**bounds), max_size=4, unique_by=lambda w: w.measured_on
            ),
            heights=st.lists(
                height_measurements(**bounds), max_size=2, unique_by=lambda h: h.measured_on
            ),
            diagnoses=_sets_of(Diagnosis),
            medications=st.lists(medications(), max_size=3),
            history=medical_histories(**bounds),
            pregnant=st.booleans(),
            breastfeeding=st.booleans(),
            hypersensitivities=_sets_of(Drug),
            antidepressant_trials=st.lists(antidepressant_trials(), max_size=3),
            consent=consent,
        )

    return st.deferred(build)
