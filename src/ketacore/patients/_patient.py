"""The pseudonymous patient record."""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Iterable, Iterator, Sized
from datetime import date, datetime, timedelta
from typing import Any, Final

import attrs

from ketacore._choices import choose_set
from ketacore._dates import years_between
from ketacore._validators import (
    as_tuple,
    boolean,
    calendar_date,
    fail,
    instance_of,
    items_of,
    on_day,
    optional,
)
from ketacore.doses import Drug
from ketacore.exceptions import (
    WITHHELD,
    MissingMeasurementError,
    PatientError,
    StaleMeasurementWarning,
)
from ketacore.patients._consent import ConsentRecord
from ketacore.patients._diagnoses import Diagnosis, SexAtBirth, read_diagnosis, to_diagnoses
from ketacore.patients._history import MedicalHistory
from ketacore.patients._measurements import HeightMeasurement, WeightMeasurement
from ketacore.patients._medications import Medication, MedicationClass
from ketacore.patients._trials import (
    AntidepressantTrial,
    TrdCriteria,
    TreatmentResistance,
    treatment_resistance,
)
from ketacore.units import Quantity

__all__ = ["MEASUREMENT_MAX_AGE", "Patient", "PatientId"]

MEASUREMENT_MAX_AGE: Final = timedelta(days=90)
"""How old the weight or height in force may be before a warning (ketacore policy).

Not a clinical standard (the clinical reference gives none): pass your clinic's
``max_age`` to :meth:`Patient.weight` and :meth:`Patient.height`.
"""


_NOT_SHOWN: Final = "(not shown: identifiers never appear in messages)"


def _check_identifier(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    # The value is never shown nor kept, whatever its type: identifiers stay out of every
    # message and every error's attributes (value=WITHHELD).
    if not isinstance(value, str):
        length = f" and length {len(value)}" if isinstance(value, Sized) else ""
        fail(
            PatientError,
            "identifier",
            WITHHELD,
            "text such as a pseudonymous study code",
            got=f"a value of type {type(value).__name__}{length} {_NOT_SHOWN}",
        )
    if not value.strip() or value != value.strip():
        fail(
            PatientError,
            "identifier",
            WITHHELD,
            "a non-blank code with no surrounding spaces",
            got=f"text of length {len(value)} that is blank or has leading or trailing "
            f"spaces {_NOT_SHOWN}",
        )


@attrs.frozen(eq=False)
class PatientId:
    """An opaque, pseudonymous patient identifier that never shows itself.

    ``repr`` and ``str`` hide the value; read :attr:`value` explicitly.
    Two identifiers are equal (and hash alike) when their values are equal;
    an identifier never equals plain text.

    >>> pid = PatientId("PT-0042")
    >>> pid, str(pid), pid.value
    (PatientId(<withheld>), 'PatientId(<withheld>)', 'PT-0042')
    >>> pid == PatientId("PT-0042"), pid == "PT-0042"
    (True, False)
    """

    value: str = attrs.field(validator=_check_identifier, repr=False)
    """The identifier itself."""

    def __repr__(self) -> str:
        return "PatientId(<withheld>)"

    __str__ = __repr__

    # Hand-written, not attrs-generated: pytest drills into the fields of classes
    # whose __eq__ attrs generated and prints each differing field's repr, which
    # for ``value`` would be the identifier itself.
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PatientId):
            return NotImplemented
        return self.value == other.value

    def __hash__(self) -> int:
        return hash((PatientId, self.value))


def _to_id(value: object) -> PatientId:
    return value if isinstance(value, PatientId) else PatientId(value)  # type: ignore[arg-type]


def _sorted_by_day(values: Iterable[Any], field: str, kind: type[Any]) -> tuple[Any, ...]:
    # Sort what can be sorted; _one_per_day reports anything else.
    measurements = as_tuple(values, field=field, error=PatientError, of=kind)
    if all(isinstance(value, kind) for value in measurements):
        return tuple(sorted(measurements, key=lambda value: value.measured_on))
    return measurements


def _weights(values: Iterable[WeightMeasurement]) -> tuple[WeightMeasurement, ...]:
    return _sorted_by_day(values, "weights", WeightMeasurement)


def _heights(values: Iterable[HeightMeasurement]) -> tuple[HeightMeasurement, ...]:
    return _sorted_by_day(values, "heights", HeightMeasurement)


def _one_per_day(kind: type[Any]) -> Any:
    check = items_of(kind, error=PatientError)

    def validate(instance: Any, attribute: attrs.Attribute[Any], values: Any) -> None:
        check(instance, attribute, values)
        for before, after in itertools.pairwise(values):
            if before.measured_on == after.measured_on:
                fail(
                    PatientError,
                    attribute.name,
                    after.measured_on,
                    "at most one per day",
                    "keep the one to use, or call Patient.with_weight / with_height, which "
                    "replace the day's value",
                    got=f"two measurements dated {after.measured_on.isoformat()}",
                )

    return validate


def _trials(values: Iterable[AntidepressantTrial]) -> tuple[AntidepressantTrial, ...]:
    return as_tuple(
        values, field="antidepressant_trials", error=PatientError, of=AntidepressantTrial
    )


def _to_sex(value: object) -> SexAtBirth:
    return SexAtBirth.from_text(value)  # type: ignore[arg-type]


_DRUG_SPELLINGS: Final = {"racemic ketamine": Drug.KETAMINE}


def _to_drugs(values: object) -> frozenset[Drug]:
    return choose_set(
        Drug, values, field="hypersensitivities", error=PatientError, aliases=_DRUG_SPELLINGS
    )


def _medications(values: Iterable[Medication]) -> tuple[Medication, ...]:
    return as_tuple(values, field="medications", error=PatientError, of=Medication)


_BOOLEAN: Final = boolean(
    error=PatientError, fix="record an unknown status as False only if it was asked and denied"
)


@attrs.frozen(kw_only=True)
class Patient:
    """A pseudonymous patient: the facts ketamine screening and dosing need.

    There is no name field. ``repr`` and ``str`` leave out the identifier and
    the birth date, and no error message contains the identifier.

    Nothing reads the clock. Age, weight and height are asked for *on* a date,
    and the record is checked for consistency instead of against "today": the
    birth date may not be after any dated record (a measurement, an event, the
    consent).

    The record is immutable; "changing" it returns a new one, via
    :func:`attrs.evolve` or helpers such as :meth:`with_weight`.

    >>> from datetime import date
    >>> patient = Patient(identifier="PT-0042", birth_date=date(1980, 5, 17),
    ...                   sex_at_birth="female", diagnoses={"depression"})
    >>> patient = patient.with_weight(date(2026, 3, 1), "82 kg")
    >>> patient.age(on=date(2026, 3, 2)), patient.weight(on=date(2026, 3, 2))
    (45, <Quantity(82.0, 'kilogram')>)
    >>> "PT-0042" in repr(patient)
    False
    """

    identifier: PatientId = attrs.field(converter=_to_id, repr=False)
    """The opaque identifier (text is wrapped in a :class:`PatientId`)."""
    birth_date: date = attrs.field(validator=calendar_date(error=PatientError), repr=False)
    """Date of birth."""
    sex_at_birth: SexAtBirth = attrs.field(converter=_to_sex)
    """Sex recorded at birth."""
    weights: tuple[WeightMeasurement, ...] = attrs.field(
        default=(),
        converter=_weights,
        validator=_one_per_day(WeightMeasurement),
    )
    """Dated weights, kept sorted by date; at most one per day."""
    heights: tuple[HeightMeasurement, ...] = attrs.field(
        default=(),
        converter=_heights,
        validator=_one_per_day(HeightMeasurement),
    )
    """Dated heights, kept sorted by date; at most one per day."""
    diagnoses: frozenset[Diagnosis] = attrs.field(default=frozenset(), converter=to_diagnoses)
    """Current and past diagnoses (members or text)."""
    medications: tuple[Medication, ...] = attrs.field(
        default=(),
        converter=_medications,
        validator=items_of(Medication, error=PatientError),
    )
    """Current medications."""
    history: MedicalHistory = attrs.field(
        factory=MedicalHistory, validator=instance_of(MedicalHistory, error=PatientError)
    )
    """Medical history relevant to screening."""
    pregnant: bool = attrs.field(default=False, validator=_BOOLEAN)
    """Whether the patient is pregnant, as last recorded."""
    breastfeeding: bool = attrs.field(default=False, validator=_BOOLEAN)
    """Whether the patient is breastfeeding, as last recorded."""
    hypersensitivities: frozenset[Drug] = attrs.field(default=frozenset(), converter=_to_drugs)
    """Drugs the patient is hypersensitive to (ketamine, esketamine or their excipients)."""
    antidepressant_trials: tuple[AntidepressantTrial, ...] = attrs.field(
        default=(),
        converter=_trials,
        validator=items_of(AntidepressantTrial, error=PatientError),
    )
    """Prior antidepressant trials."""
    consent: ConsentRecord | None = attrs.field(
        default=None,
        validator=optional(
            instance_of(ConsentRecord, error=PatientError, expected="a ConsentRecord(...) or None")
        ),
    )
    """The informed-consent record, or None if consent has not been taken."""

    def __attrs_post_init__(self) -> None:
        for field, day in self._dated_records():
            if day < self.birth_date:
                fail(
                    PatientError,
                    "birth_date",
                    self.birth_date,
                    "a birth date on or before every dated record",
                    "check the birth date and the record's date",
                    got=f"{self.birth_date.isoformat()}, which is after a record in {field} "
                    f"dated {day.isoformat()}",
                )

    def _dated_records(self) -> Iterator[tuple[str, date]]:
        for weight in self.weights:
            yield "weights", weight.measured_on
        for height in self.heights:
            yield "heights", height.measured_on
        yield from self.history.dated_records()
        if self.consent is not None:
            yield "consent", self.consent.signed_on

    def __str__(self) -> str:
        diagnoses = ", ".join(sorted(d.value for d in self.diagnoses)) or "none"
        return (
            f"Patient (sex at birth {self.sex_at_birth.value}; diagnoses: {diagnoses}; "
            f"{len(self.weights)} weight(s), {len(self.medications)} medication(s))"
        )

    # -- questions asked on a date ------------------------------------------------------

    def age(self, *, on: date | datetime) -> int:
        """Return the age in completed years on the day *on*.

        *on* is a date, or an aware datetime (its date in its own zone).

        Raises:
            PatientError: *on* is before the birth date, or is not a date or an aware datetime.
        """
        day = on_day(on, error=PatientError)
        if day < self.birth_date:
            fail(
                PatientError,
                "on",
                day,
                "a date on or after the birth date",
                got=f"{day.isoformat()}, which is before the birth date",
            )
        return years_between(self.birth_date, day)

    def weight_measurement(self, *, on: date | datetime) -> WeightMeasurement:
        """Return the weight measurement in force on *on*: the latest on or before it.

        Raises:
            MissingMeasurementError: no weight was measured on or before *on*.
        """
        found: WeightMeasurement = _in_force(
            self.weights, on, "weight", "with_weight(date, '82 kg')"
        )
        return found

    def weight(self, *, on: date | datetime, max_age: timedelta = MEASUREMENT_MAX_AGE) -> Quantity:
        """Return the body weight in force on *on*, as entered (kg or lb).

        Warns:
            StaleMeasurementWarning: the measurement is older than *max_age*.

        Raises:
            MissingMeasurementError: no weight was measured on or before *on*.
        """
        measurement = self.weight_measurement(on=on)
        _warn_if_stale("weight", measurement.measured_on, on_day(on, error=PatientError), max_age)
        return measurement.weight

    def height(self, *, on: date | datetime, max_age: timedelta = MEASUREMENT_MAX_AGE) -> Quantity:
        """Return the height in force on *on*: the latest measured on or before it.

        Warns:
            StaleMeasurementWarning: the measurement is older than *max_age*.

        Raises:
            MissingMeasurementError: no height was measured on or before *on*.
        """
        measurement: HeightMeasurement = _in_force(
            self.heights, on, "height", "with_height(date, '172 cm')"
        )
        _warn_if_stale("height", measurement.measured_on, on_day(on, error=PatientError), max_age)
        return measurement.height

    def has_diagnosis(self, diagnosis: Diagnosis) -> bool:
        """Whether *diagnosis* is recorded."""
        return diagnosis in self.diagnoses

    def takes(self, medication_class: MedicationClass) -> bool:
        """Whether any current medication belongs to *medication_class*."""
        return any(medication_class in medication.classes for medication in self.medications)

    def treatment_resistance(self, criteria: TrdCriteria) -> TreatmentResistance:
        """Judge treatment resistance from this patient's antidepressant trials.

        See :func:`ketacore.patients.treatment_resistance`.
        """
        return treatment_resistance(self.antidepressant_trials, criteria)

    # -- "changing" the record returns a new one ----------------------------------------

    def with_weight(self, measured_on: date, weight: Quantity | str) -> Patient:
        """Return a copy with a weight added; one measured the same day is replaced."""
        new = WeightMeasurement(measured_on=measured_on, weight=weight)
        kept = [w for w in self.weights if w.measured_on != new.measured_on]
        return attrs.evolve(self, weights=(*kept, new))

    def with_height(self, measured_on: date, height: Quantity | str) -> Patient:
        """Return a copy with a height added; one measured the same day is replaced."""
        new = HeightMeasurement(measured_on=measured_on, height=height)
        kept = [h for h in self.heights if h.measured_on != new.measured_on]
        return attrs.evolve(self, heights=(*kept, new))

    def with_diagnosis(self, diagnosis: Diagnosis | str) -> Patient:
        """Return a copy with *diagnosis* added (a member, its name or an ICD-10 code).

        A code of a depressive episode with psychotic symptoms (F32.3, F33.3) adds
        depression and psychosis.
        """
        added = read_diagnosis(diagnosis, field="diagnosis")
        return attrs.evolve(self, diagnoses=self.diagnoses | added)

    def with_medication(self, medication: Medication) -> Patient:
        """Return a copy with *medication* added."""
        return attrs.evolve(self, medications=(*self.medications, medication))

    def with_consent(self, consent: ConsentRecord) -> Patient:
        """Return a copy holding *consent* (it replaces any earlier record)."""
        return attrs.evolve(self, consent=consent)


def _in_force(measurements: tuple[Any, ...], on: object, what: str, fix: str) -> Any:
    day = on_day(on, error=PatientError)
    found = None
    for measurement in measurements:
        if measurement.measured_on > day:
            break
        found = measurement
    if found is None:
        raise MissingMeasurementError(
            field=what,
            value=day,
            got=f"none measured on or before {day.isoformat()}",
            expected="at least one",
            fix=f"record it with Patient.{fix}",
        )
    return found


def _warn_if_stale(what: str, measured_on: date, on: date, max_age: timedelta) -> None:
    if not isinstance(max_age, timedelta) or max_age < timedelta(0):
        fail(
            PatientError,
            "max_age",
            max_age,
            "a timedelta of zero or more, such as timedelta(days=90)",
        )
    age = on - measured_on
    if age > max_age:
        warnings.warn(
            f"{what}: the measurement in force on {on.isoformat()} is from "
            f"{measured_on.isoformat()}, {age.days} days earlier (allowed: {max_age.days}); "
            f"measure the {what} again",
            StaleMeasurementWarning,
            stacklevel=3,
        )
