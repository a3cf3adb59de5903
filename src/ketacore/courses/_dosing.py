"""Doses over a course: cumulative dose, and the starting dose for a patient."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import attrs

from ketacore import _validators as v
from ketacore._choices import choose
from ketacore.courses._course import Course, check_course
from ketacore.courses._fields import check_patient, session_day
from ketacore.courses._protocols import Protocol, StartDoseConvention
from ketacore.doses import Dose, FixedDose, weight_in_kg
from ketacore.exceptions import CourseError, PatientError
from ketacore.patients import Patient
from ketacore.sessions import DosingSession
from ketacore.units import Quantity, _hold, _hold_optional, magnitude, parse_unit, quantity

__all__ = ["CumulativeDose", "cumulative_dose", "starting_dose"]


@functools.cache
def _unit(text: str) -> Any:
    return parse_unit(text)


@attrs.frozen
class CumulativeDose:
    """The total given over a set of dosing sessions.

    ``per_kg`` adds each session's dose divided by the weight in force on its
    day, so it stays right when the weight changes during the course. It is
    None when a fixed dose (esketamine mg) has no weight on record to divide by.
    """

    sessions: int
    """How many dosing sessions were added up."""
    total: Quantity = attrs.field(converter=_hold)
    """The mass given, in mg."""
    per_kg: Quantity | None = attrs.field(converter=_hold_optional)
    """The sum of each session's mg/kg, or None if a weight was missing."""


def _optional_day(value: object, field: str) -> date | None:
    return None if value is None else v.on_day(value, field=field, error=CourseError)


def _session_doses(
    patient: Patient, sessions: Iterable[DosingSession]
) -> Iterator[tuple[float, float | None]]:
    """Yield (mg, mg/kg or None) per session, using the weight in force on its day.

    Sessions of a course share dose and weight records, so each record's number
    is worked out once per call (keyed by identity; the records are immutable).
    """
    kilograms_of: dict[int, float] = {}
    amount_of: dict[int, float] = {}
    for session in sessions:
        day = session_day(session)
        try:
            # The weight in force, without the stale-measurement warning: this is
            # an account of doses already given, not a dosing decision.
            measurement = patient.weight_measurement(on=day)
        except PatientError:
            kilograms = None
        else:
            kilograms = kilograms_of.get(id(measurement))
            if kilograms is None:
                kilograms = kilograms_of[id(measurement)] = weight_in_kg(measurement.weight)
        dose = session.dose
        fixed = isinstance(dose, FixedDose)
        amount = amount_of.get(id(dose))
        if amount is None:
            amount = amount_of[id(dose)] = magnitude(dose.amount, _unit("mg" if fixed else "mg/kg"))
        if fixed:
            yield amount, None if kilograms is None else amount / kilograms
        elif kilograms is None:
            v.fail(
                CourseError,
                "patient.weights",
                None,
                f"a weight in force on {day.isoformat()} for the weight-based dose "
                f"({dose.text or 'mg/kg'}) of session {session.id!r}",
                "record it with Patient.with_weight(date, '70 kg')",
                got="no weight recorded on or before that day",
            )
        else:
            yield amount * kilograms, amount


def _add_up(pairs: Iterable[tuple[float, float | None]]) -> CumulativeDose:
    count, milligrams, per_kg = 0, 0.0, 0.0
    complete = True
    for mg, mg_per_kg in pairs:
        count += 1
        milligrams += mg
        if mg_per_kg is None:
            complete = False
        else:
            per_kg += mg_per_kg
    return CumulativeDose(
        count,
        quantity(milligrams, _unit("mg")),
        quantity(per_kg, _unit("mg/kg")) if complete else None,
    )


def cumulative_dose(
    course: Course, *, since: date | None = None, until: date | None = None
) -> CumulativeDose:
    """Return the dose given over a course's dosing sessions, optionally between two days.

    Only :class:`~ketacore.sessions.DosingSession` records count (plans were
    not given). *since* and *until* are inclusive calendar days.

    A worked example (six 0.5 mg/kg infusions at 70 kg: 210 mg, 3 mg/kg) is
    in the courses guide.

    Raises:
        CourseError: a weight-based dose has no weight in force on its day, or a
            bound is not a date (or an aware datetime).
    """
    course = check_course(course)
    start, end = _optional_day(since, "since"), _optional_day(until, "until")
    chosen = [
        session
        for session in course.dosing_sessions
        if (start is None or session_day(session) >= start)
        and (end is None or session_day(session) <= end)
    ]
    return _add_up(_session_doses(course.patient, chosen))


def starting_dose(
    protocol: Protocol,
    patient: Patient,
    *,
    on: date,
    convention: StartDoseConvention | str = StartDoseConvention.US,
) -> Dose:
    """Return the day-1 dose of *protocol* for *patient* starting on *on*.

    Esketamine for TRD starts at 56 mg; under :attr:`StartDoseConvention.EU`
    a patient aged 65 or older starts at 28 mg (UK/EU SmPC; reference 3.3). The
    US label gives no separate start for 65+ [?], so US is the default.

    >>> from datetime import date
    >>> from ketacore.courses import ESKETAMINE_TRD, StartDoseConvention
    >>> from ketacore.patients import Patient
    >>> patient = Patient(identifier="PT-9", birth_date=date(1958, 6, 1), sex_at_birth="M")
    >>> starting_dose(ESKETAMINE_TRD, patient, on=date(2026, 3, 2)).text
    '56 mg'
    >>> starting_dose(ESKETAMINE_TRD, patient, on=date(2026, 3, 2),
    ...               convention=StartDoseConvention.EU).text
    '28 mg'

    Raises:
        CourseError: the protocol gives no standard start dose (IM/SC), the
            convention is unknown, or *on* is not a date (or an aware datetime).
    """
    v.check_instance(
        protocol, Protocol, field="protocol", error=CourseError, example="ESKETAMINE_TRD"
    )
    patient = check_patient(patient)
    convention = choose(StartDoseConvention, convention, field="convention", error=CourseError)
    day = v.on_day(on, error=CourseError)
    if protocol.start_dose is None:
        v.fail(
            CourseError,
            "protocol",
            protocol.id,
            "a protocol with a standard start dose (the reference gives none for this one)",
            "set one with attrs.evolve(protocol, start_dose=parse_dose(...))",
        )
    reduced, age_limit = protocol.reduced_start_dose, protocol.reduced_start_age
    if (
        convention is StartDoseConvention.EU
        and reduced is not None
        and age_limit is not None
        and patient.age(on=day) >= age_limit
    ):
        return reduced
    return protocol.start_dose
