"""Example builders: valid ketacore values with sensible defaults and keyword overrides.

They need neither hypothesis nor pytest. Every default is a fixed value (no
clock, no randomness unless an ``rng`` is passed), so a test that uses them
sees the same value on every run.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final, Literal, overload

from ketacore._dates import later
from ketacore.courses import Course
from ketacore.doses import Dose, parse_dose
from ketacore.exceptions import DoseError, PatientError, ScoringError, SessionError
from ketacore.instruments import CADSS, MOAAS, Instrument, Responses, Score, get
from ketacore.patients import ConsentRecord, ConsentTopic, Patient, WeightMeasurement
from ketacore.sessions import (
    AdverseEvent,
    DosingSession,
    IntegrationSession,
    PreparationSession,
    ScheduledSession,
    TimedScore,
)
from ketacore.units import Quantity, parse_quantity
from ketacore.vitals import VitalSigns

__all__ = [
    "example_adverse_event",
    "example_baseline_score",
    "example_consent",
    "example_course",
    "example_dose",
    "example_followup_score",
    "example_patient",
    "example_psychotherapy_session",
    "example_responses",
    "example_scheduled_session",
    "example_score",
    "example_session",
    "example_timed_score",
    "example_vitals",
    "example_weight",
]

# The standard IV racemic dose, 0.5 mg/kg over 40 min (APA 2017 consensus;
# clinical reference 3.1), drawn from a 10 mg/mL vial.
_DEFAULT_DOSE: Final = "0.5 mg/kg over 40 min at 10 mg/mL"
_DEFAULT_TIME: Final = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
_DEFAULT_DAY: Final = date(2026, 3, 2)
"""The day every example happens on, unless told otherwise (a Monday)."""
_DEFAULT_DOSED: Final = datetime(2026, 3, 2, 9, 10, tzinfo=UTC)
"""When the example session's dose is given."""
_SESSION_DOSES: Final = {
    "esketamine": ("56 mg", "intranasal"),  # Spravato induction dose (US PI; ref. 3.3)
    "ketamine": ("0.5 mg/kg over 40 min", "iv"),  # APA 2017 consensus (ref. 3.1)
}

_COURSE_PROTOCOLS: Final = {"ketamine": "ketamine-iv-elekt-d", "esketamine": "esketamine-trd"}
# Twice weekly (ELEKT-D series; esketamine induction weeks 1-4; clinical reference 3.1, 3.3).
_COURSE_DAYS: Final = (0, 3, 7)


def example_weight(weight: str | Quantity = "70 kg") -> Quantity:
    """Return a body weight: ``example_weight("154 lb")``; 70 kg by default.

    Raises:
        UnitError: the text is not a mass.
    """
    if isinstance(weight, str):
        return parse_quantity(weight, kind="mass", field="weight", example="70 kg")
    return weight


def example_dose(text: str = _DEFAULT_DOSE, **overrides: Any) -> Dose:
    """Return a dose, by default IV racemic ketamine 0.5 mg/kg over 40 min at 10 mg/mL.

    Keyword overrides go to :func:`ketacore.doses.parse_dose`
    (``example_dose("56 mg", drug="esketamine", route="intranasal")``).

    Raises:
        DoseError: the text or an override is not a valid dose.
    """
    if "drug" not in overrides and "route" not in overrides:
        overrides = {"drug": "ketamine", "route": "iv", **overrides}
    return parse_dose(text, **overrides)


def example_vitals(**overrides: Any) -> VitalSigns:
    """Return a normal set of vital signs (124/78 mmHg, 72/min, SpO2 98 %, 14/min) at 09:00 UTC.

    Keyword overrides replace :class:`~ketacore.vitals.VitalSigns` fields.
    """
    fields: dict[str, Any] = {
        "taken_at": _DEFAULT_TIME,
        "systolic": 124,
        "diastolic": 78,
        "heart_rate": 72,
        "spo2": 98,
        "respiratory_rate": 14,
    }
    fields.update(overrides)
    return VitalSigns(**fields)


# -- patients ---------------------------------------------------------------------------


def example_consent(
    *,
    signed_on: date = _DEFAULT_DAY - timedelta(days=7),
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
    on: date = _DEFAULT_DAY,
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


# -- instruments --------------------------------------------------------------------------


def _instrument(instrument: str | Instrument) -> Instrument:
    return instrument if isinstance(instrument, Instrument) else get(instrument)


def example_responses(
    instrument: str | Instrument = "phq9",
    *,
    total: int | None = None,
    rng: random.Random | None = None,
) -> list[int]:
    """Return complete item values on each item's own scale, adding up to *total*.

    Without *total*, every item is at the bottom of its scale. Without *rng*
    the points fill the items in order (item 1 first); with one they are
    spread over the items at random, reproducibly for a seeded generator.

    >>> from ketacore.testing import example_responses
    >>> example_responses("phq9", total=5)
    [3, 2, 0, 0, 0, 0, 0, 0, 0]

    Raises:
        UnknownInstrumentError: no instrument has that id.
        ScoringError: *total* is outside the instrument's range, or it has no total.
    """
    inst = _instrument(instrument)
    values = [item.low for item in inst.items]
    if total is None:
        return values
    if inst.total_range is None:
        raise ScoringError(f"total: got {total!r}; {inst.short_name} has no total")
    low, high = inst.total_range
    if isinstance(total, bool) or not isinstance(total, int) or not low <= total <= high:
        raise ScoringError(
            f"total: got {total!r}; expected a whole number from {low} to {high} "
            f"for {inst.short_name}"
        )
    # Which items carry points: every item of a summed domain, one item of a "max" domain.
    carriers: list[tuple[int, int]] = []  # (item index, weight)
    for domain in inst.rule.domains:
        numbers = list(domain.items)
        if domain.combine == "max":
            numbers = [rng.choice(numbers)] if rng is not None else numbers[:1]
        carriers.extend((number - 1, domain.weight) for number in numbers)
    remaining = total - low
    if rng is None:
        for index, weight in carriers:
            step = min(remaining // weight, inst.items[index].high - inst.items[index].low)
            values[index] += step
            remaining -= step * weight
    else:
        while remaining > 0:
            open_ = [
                (i, w) for i, w in carriers if values[i] < inst.items[i].high and w <= remaining
            ]
            if not open_:
                break
            index, weight = rng.choice(open_)
            values[index] += 1
            remaining -= weight
    if remaining:  # pragma: no cover - every catalogue instrument has unit weights
        raise ScoringError(f"total: {total} cannot be reached on {inst.short_name}")
    return values


def example_score(
    instrument: str | Instrument = "phq9",
    *,
    total: int | None = None,
    values: Responses | None = None,
    rng: random.Random | None = None,
) -> Score:
    """Return a scored administration of *instrument* (an id or an :class:`Instrument`).

    Give *values* (any responses :meth:`Instrument.score` accepts) or a
    *total* (see :func:`example_responses`); with neither, every item is at
    the bottom of its scale.

    >>> from ketacore.testing import example_score
    >>> example_score("phq9", total=12).severity.label
    'moderate'

    Raises:
        UnknownInstrumentError: no instrument has that id.
        ScoringError: both *total* and *values* are given, or either is invalid.
    """
    inst = _instrument(instrument)
    if values is not None:
        if total is not None:
            raise ScoringError("total: got both total and values; expected one of them")
        return inst.score(values)
    return inst.score(example_responses(inst, total=total, rng=rng))


def _baseline_total(inst: Instrument) -> int:
    if inst.total_range is None:
        raise ScoringError(
            f"instrument: {inst.short_name} has no total, so it has no baseline or follow-up "
            "score; use example_score()"
        )
    low, high = inst.total_range
    return low + round(0.6 * (high - low))


def example_baseline_score(
    instrument: str | Instrument = "phq9",
    *,
    total: int | None = None,
    rng: random.Random | None = None,
) -> Score:
    """Return a pre-treatment score: by default 60 % of the way up the instrument's range.

    PHQ-9 16 (moderately severe), MADRS 36, HAM-D17 31.

    Raises:
        ScoringError: the instrument has no total, or *total* is outside its range.
    """
    inst = _instrument(instrument)
    chosen = _baseline_total(inst) if total is None else total
    return example_score(inst, total=chosen, rng=rng)


def example_followup_score(
    instrument: str | Instrument = "phq9",
    *,
    total: int | None = None,
    rng: random.Random | None = None,
) -> Score:
    """Return a score after treatment: by default about two thirds below the default baseline.

    PHQ-9 5, MADRS 12, HAM-D17 10: compared with :func:`example_baseline_score`,
    a response under the usual rule (a reduction of at least 50 %).

    Raises:
        ScoringError: the instrument has no total, or *total* is outside its range.
    """
    inst = _instrument(instrument)
    if total is None:
        low = inst.total_range[0] if inst.total_range is not None else 0
        total = low + (_baseline_total(inst) - low) // 3
    return example_score(inst, total=total, rng=rng)


# -- sessions -----------------------------------------------------------------------------


def _session_dose(drug: str, dose: Dose | str | None) -> Dose:
    if drug not in _SESSION_DOSES:
        raise DoseError(f"drug: got {drug!r}; expected 'esketamine' or 'ketamine'")
    text, route = _SESSION_DOSES[drug]
    if dose is None:
        return parse_dose(text, drug=drug, route=route)
    if isinstance(dose, str):
        return parse_dose(dose, drug=drug, route=route)
    return dose


def example_timed_score(
    instrument: str | Instrument = "moaas",
    *,
    taken_at: datetime = _DEFAULT_DOSED + timedelta(minutes=110),
    total: int | None = None,
    values: Responses | None = None,
) -> TimedScore:
    """Return a timed assessment: by default MOAA/S 5 (awake) at 11:00 UTC on 2 March 2026.

    *total* and *values* are as for :func:`example_score`; a MOAA/S without
    either is 5.
    """
    inst = _instrument(instrument)
    if inst is MOAAS and total is None and values is None:
        total = 5
    return TimedScore(taken_at=taken_at, score=example_score(inst, total=total, values=values))


def example_adverse_event(**overrides: Any) -> AdverseEvent:
    """Return a mild headache starting 20 min after the example dose and resolved 30 min later.

    Keyword overrides replace :class:`~ketacore.sessions.AdverseEvent` fields.
    """
    fields: dict[str, Any] = {
        "kind": "headache",
        "severity": "mild",
        "onset": _DEFAULT_DOSED + timedelta(minutes=20),
        "resolved_at": _DEFAULT_DOSED + timedelta(minutes=50),
    }
    fields.update(overrides)
    return AdverseEvent(**fields)


def example_session(
    *,
    drug: Literal["esketamine", "ketamine"] = "esketamine",
    dose: Dose | str | None = None,
    dosed_at: datetime = _DEFAULT_DOSED,
    observation: timedelta = timedelta(hours=2),
    **overrides: Any,
) -> DosingSession:
    """Return a completed dosing session that is ready for discharge (with an escort).

    Defaults, in minutes from dosing at 09:10 UTC on 2 March 2026:

    - id ``"S-EXAMPLE-001"``, scheduled for -10, started at -15, observed for
      *observation* (2 h) after dosing;
    - the dose: esketamine 56 mg intranasal, or for ``drug="ketamine"``
      0.5 mg/kg IV over 40 min (text is read with :func:`~ketacore.doses.parse_dose`);
    - vital signs at the monitoring times: pre-dose (-5), near the peak (+40)
      and before discharge (5 min before the end), all below 140/90 mmHg;
    - MOAA/S and CADSS pre-dose (-5: 5 and 0), at the peak (+40: 4 and 6,
      a dissociation event) and before discharge (10 min before the end: 5 and 0).

    With an observation shorter than 50 min the peak readings are left out;
    it must be at least 5 min (and, for an infusion, no shorter than the infusion).

    Keyword overrides replace :class:`~ketacore.sessions.DosingSession` fields
    (``adverse_events=[example_adverse_event()]``, ``observation_end=None``, ...).

    >>> from ketacore.sessions import discharge_check
    >>> from ketacore.testing import example_session
    >>> session = example_session(drug="ketamine")
    >>> discharge_check(session, at=session.observation_end, escort_present=True).ready
    True

    Raises:
        SessionError: an override breaks a rule of :class:`~ketacore.sessions.DosingSession`.
    """
    end = later(dosed_at, observation)  # absolute time, also across a clock change

    def minutes(n: float) -> datetime:
        return later(dosed_at, timedelta(minutes=n))

    def assessment(when: datetime, inst: Instrument, total: int) -> TimedScore:
        return TimedScore(taken_at=when, score=example_score(inst, total=total))

    pre_discharge = end - timedelta(minutes=10)
    fields: dict[str, Any] = {
        "id": "S-EXAMPLE-001",
        "scheduled_start": minutes(-10),
        "started_at": minutes(-15),
        "dosed_at": dosed_at,
        "dose": _session_dose(drug, dose),
        "observation_end": end,
        "vitals": [
            VitalSigns(
                taken_at=minutes(-5),
                systolic=128,
                diastolic=82,
                heart_rate=72,
                spo2=98,
                respiratory_rate=14,
            ),
            VitalSigns(
                taken_at=minutes(40),
                systolic=136,
                diastolic=86,
                heart_rate=80,
                spo2=97,
                respiratory_rate=14,
            ),
            VitalSigns(
                taken_at=later(end, -timedelta(minutes=5)),
                systolic=126,
                diastolic=80,
                heart_rate=70,
                spo2=98,
                respiratory_rate=13,
            ),
        ],
        "assessments": [
            assessment(minutes(-5), MOAAS, 5),
            assessment(minutes(-5), CADSS, 0),
            assessment(minutes(40), MOAAS, 4),
            assessment(minutes(40), CADSS, 6),
            assessment(pre_discharge, MOAAS, 5),
            assessment(pre_discharge, CADSS, 0),
        ],
    }
    if minutes(40) >= pre_discharge:  # a short observation has no separate peak readings
        fields["vitals"] = [fields["vitals"][0], fields["vitals"][2]]
        del fields["assessments"][2:4]
    fields.update(overrides)
    return DosingSession(**fields)


def example_scheduled_session(
    *,
    drug: Literal["esketamine", "ketamine"] = "esketamine",
    planned_dose: Dose | str | None = None,
    **overrides: Any,
) -> ScheduledSession:
    """Return a planned session, ``"S-EXAMPLE-001"`` at 09:00 UTC on 2 March 2026.

    The planned dose is as in :func:`example_session` (esketamine 56 mg
    intranasal, or 0.5 mg/kg IV over 40 min for ``drug="ketamine"``).
    Keyword overrides replace :class:`~ketacore.sessions.ScheduledSession` fields.
    """
    fields: dict[str, Any] = {
        "id": "S-EXAMPLE-001",
        "scheduled_start": _DEFAULT_DOSED - timedelta(minutes=10),
        "planned_dose": _session_dose(drug, planned_dose),
    }
    fields.update(overrides)
    return ScheduledSession(**fields)


@overload
def example_psychotherapy_session(
    kind: Literal["preparation"] = ..., **overrides: Any
) -> PreparationSession: ...
@overload
def example_psychotherapy_session(
    kind: Literal["integration"], **overrides: Any
) -> IntegrationSession: ...
def example_psychotherapy_session(
    kind: Literal["preparation", "integration"] = "preparation", **overrides: Any
) -> PreparationSession | IntegrationSession:
    """Return a 50-minute ketamine-assisted psychotherapy session (therapist T-017, ACT).

    A preparation session (``"P-EXAMPLE-001"``) is at 14:00 UTC the day
    before the example dose; an integration session (``"I-EXAMPLE-001"``)
    at 14:00 UTC the day after. Keyword overrides replace the session's fields.

    >>> from ketacore.testing import example_psychotherapy_session
    >>> example_psychotherapy_session("integration").ended_at.isoformat()
    '2026-03-03T14:50:00+00:00'

    Raises:
        SessionError: *kind* is neither ``"preparation"`` nor ``"integration"``,
            or an override is invalid.
    """
    day = timedelta(days=-1 if kind == "preparation" else 1)
    fields: dict[str, Any] = {
        "id": "P-EXAMPLE-001" if kind == "preparation" else "I-EXAMPLE-001",
        "started_at": datetime(2026, 3, 2, 14, 0, tzinfo=UTC) + day,
        "duration": timedelta(minutes=50),
        "therapist": "T-017",
        "modality": "ACT",
    }
    fields.update(overrides)
    if kind == "preparation":
        return PreparationSession(**fields)
    if kind == "integration":
        return IntegrationSession(**fields)
    raise SessionError(f"kind: got {kind!r}; expected 'preparation' or 'integration'")


def example_course(
    *,
    drug: Literal["esketamine", "ketamine"] = "ketamine",
    days: Iterable[int] = _COURSE_DAYS,
    next_day: int | None = 10,
    patient: Patient | None = None,
    **overrides: Any,
) -> Course:
    """Return a treatment course in progress, starting on Monday 2 March 2026.

    Defaults: :func:`example_patient` (82 kg, consented); for ``drug="ketamine"``
    the ELEKT-D IV protocol (0.5 mg/kg over 40 min, twice weekly), for
    ``drug="esketamine"`` the esketamine TRD protocol (56 mg intranasal);
    completed sessions (:func:`example_session`) on days 0, 3 and 7, a planned
    session on day 10, a baseline MADRS of 32 on day 0 and a follow-up MADRS of 20
    on day 7 (before that day's dose).

    Args:
        drug: Which course to build.
        days: Days after the start with a completed dosing session.
        next_day: The day of the planned next session, or None for none.
        patient: The patient (default :func:`example_patient`).
        **overrides: Any other :class:`~ketacore.courses.Course` field.

    >>> from datetime import date
    >>> from ketacore.courses import cumulative_dose
    >>> from ketacore.testing import example_course
    >>> cumulative_dose(example_course()).total  # 3 x 0.5 mg/kg x 82 kg
    <Quantity(123.0, 'milligram')>
    """
    start = _DEFAULT_DAY
    who = example_patient() if patient is None else patient
    sessions: list[Any] = [
        example_session(
            drug=drug,
            id=f"S-EXAMPLE-{index:03d}",
            dosed_at=_DEFAULT_DOSED + timedelta(days=day),
        )
        for index, day in enumerate(days, start=1)
    ]
    if next_day is not None:
        sessions.append(
            example_scheduled_session(
                drug=drug,
                id="S-EXAMPLE-NEXT",
                scheduled_start=_DEFAULT_DOSED + timedelta(days=next_day, minutes=-10),
            )
        )
    fields: dict[str, Any] = {
        "patient": who,
        "protocol": _COURSE_PROTOCOLS[drug],
        "indication": "trd",
        "start": start,
        "sessions": sessions,
        "baselines": [
            TimedScore(
                taken_at=_DEFAULT_TIME - timedelta(hours=1), score=example_score("madrs", total=32)
            )
        ],
        "assessments": [
            TimedScore(
                taken_at=_DEFAULT_TIME + timedelta(days=7, hours=-1),
                score=example_score("madrs", total=20),
            )
        ],
    }
    fields.update(overrides)
    return Course(**fields)
