"""Example builders for patients: weight, consent and the patient record.

They need neither hypothesis nor pytest. Every default is a fixed value (no
clock, no randomness unless an ``rng`` is passed), so a test that uses them
sees the same value on every run.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from ketacore.exceptions import PatientError
from ketacore.patients import ConsentRecord, ConsentTopic, Patient, WeightMeasurement
from ketacore.testing._example_clock import DEFAULT_DAY
from ketacore.units import Quantity, parse_quantity

__all__ = [
    "example_consent",
    "example_patient",
    "example_weight",
]


def example_weight(weight: str | Quantity = "70 kg") -> Quantity:
    """Return a body weight: ``example_weight("154 lb")``; 70 kg by default.

    Raises:
        UnitError: the text is not a mass.
    """
    if isinstance(weight, str):
        return parse_quantity(weight, kind="mass", field="weight", example="70 kg")
    return weight


def example_consent(
    *,
    signed_on: date = DEFAULT_DAY - timedelta(days=7),
    form_version: str = "v1",
    topics: Iterable[ConsentTopic | str] | None = None,
) -> ConsentRecord:
    """Return a consent record covering every topic, for ketamine and esketamine alike.

    Args:
        signed_on: The signing day; by default 23 February 2026.
        form_version: The form version; ``"v1"``.
        topics: The topics covered; by default every :class:`~ketacore.patients.ConsentTopic`.
    """
    chosen = frozenset(ConsentTopic) if topics is None else topics
    return ConsentRecord(signed_on=signed_on, form_version=form_version, topics=chosen)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def example_patient(
    *,
    weight: str | Quantity | None = "82 kg",
    age: int | None = None,
    on: date = DEFAULT_DAY,
    **overrides: Any,
) -> Patient:
    """Return an adult, consented patient with a pseudonymous identifier.

    Defaults: identifier ``"PT-EXAMPLE-0001"``, born 17 May 1980 (45 on
    2 March 2026), female at birth, diagnosed with depression, weighing
    82 kg measured on *on*, no medications, an empty medical history, not
    pregnant or breastfeeding, no hypersensitivities, and consent
    (:func:`example_consent`) covering every topic for ketamine and esketamine.

    Args:
        weight: The weight measured on *on* (text or a pint mass), or None for no weight.
        age: The age in completed years on *on* (the birth date is then *age* years
            before *on*); give this or ``birth_date``, not both.
        on: The day the example describes: the weight's date and the day *age* refers to;
            the consent is signed a week earlier.
        **overrides: Any other :class:`~ketacore.patients.Patient` field
            (``diagnoses={"ptsd"}``, ``consent=None``, ``pregnant=True``, ...).

    Raises:
        PatientError: both *age* and ``birth_date`` are given, or a field is invalid.

    >>> from datetime import date
    >>> from ketacore.testing import example_patient
    >>> patient = example_patient(weight="180 lb", age=70)
    >>> patient.age(on=date(2026, 3, 2)), patient.weight(on=date(2026, 3, 2))
    (70, <Quantity(180.0, 'pound')>)
    """
    if age is not None and "birth_date" in overrides:
        raise PatientError(
            "age: got both age and birth_date; expected one of them (age is counted on the "
            "day given as on=)"
        )
    fields: dict[str, Any] = {
        "identifier": "PT-EXAMPLE-0001",
        "birth_date": date(1980, 5, 17) if age is None else _years_before(on, age),
        "sex_at_birth": "female",
        "diagnoses": {"depression"},
        "consent": example_consent(signed_on=on - timedelta(days=7)),
    }
    if weight is not None:
        fields["weights"] = (WeightMeasurement(measured_on=on, weight=weight),)
    fields.update(overrides)
    return Patient(**fields)
