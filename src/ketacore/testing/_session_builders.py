"""Example builders for a session: the dose, vital signs, timed scores, events, sessions.

They need neither hypothesis nor pytest. Every default is a fixed value (no
clock, no randomness unless an ``rng`` is passed), so a test that uses them
sees the same value on every run.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Final, Literal, overload

from ketacore._dates import later
from ketacore.doses import Dose, parse_dose
from ketacore.exceptions import DoseError, SessionError
from ketacore.instruments import CADSS, MOAAS, Instrument, Responses
from ketacore.sessions import (
    AdverseEvent,
    DosingSession,
    IntegrationSession,
    PreparationSession,
    ScheduledSession,
    TimedScore,
)
from ketacore.testing._example_clock import DEFAULT_DOSED, DEFAULT_TIME
from ketacore.testing._score_builders import _instrument, example_score
from ketacore.vitals import VitalSigns

__all__ = [
    "example_adverse_event",
    "example_dose",
    "example_psychotherapy_session",
    "example_scheduled_session",
    "example_session",
    "example_timed_score",
    "example_vitals",
]

# The standard IV racemic dose, 0.5 mg/kg over 40 min (APA 2017 consensus;
# clinical reference 3.1), drawn from a 10 mg/mL vial.
_DEFAULT_DOSE: Final = "0.5 mg/kg over 40 min at 10 mg/mL"
_SESSION_DOSES: Final = {
    "esketamine": ("56 mg", "intranasal"),  # Spravato induction dose (US PI; ref. 3.3)
    "ketamine": (_DEFAULT_DOSE, "iv"),  # APA 2017 consensus (ref. 3.1)
}


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
        "taken_at": DEFAULT_TIME,
        "systolic": 124,
        "diastolic": 78,
        "heart_rate": 72,
        "spo2": 98,
        "respiratory_rate": 14,
    }
    fields.update(overrides)
    return VitalSigns(**fields)


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
    taken_at: datetime = DEFAULT_DOSED + timedelta(minutes=110),
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
        "onset": DEFAULT_DOSED + timedelta(minutes=20),
        "resolved_at": DEFAULT_DOSED + timedelta(minutes=50),
    }
    fields.update(overrides)
    return AdverseEvent(**fields)


def example_session(
    *,
    drug: Literal["esketamine", "ketamine"] = "ketamine",
    dose: Dose | str | None = None,
    dosed_at: datetime = DEFAULT_DOSED,
    observation: timedelta = timedelta(hours=2),
    **overrides: Any,
) -> DosingSession:
    """Return a completed IV ketamine session that is ready for discharge (with an escort).

    Defaults, in minutes from dosing at 09:10 UTC on 2 March 2026:

    - id ``"S-EXAMPLE-001"``, scheduled for -10, started at -15, observed for
      *observation* (2 h) after dosing, an escort present;
    - the dose: :func:`example_dose` (racemic ketamine 0.5 mg/kg IV over 40 min at
      10 mg/mL), or for ``drug="esketamine"`` 56 mg intranasal (a *dose* given as
      text is read with :func:`~ketacore.doses.parse_dose` for that drug and route);
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
    >>> session = example_session()
    >>> session.dose.text, discharge_check(session, at=session.observation_end).ready
    ('0.5 mg/kg over 40 min at 10 mg/mL', True)
    >>> example_session(drug="esketamine").dose.text
    '56 mg'

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
        "escort_present": True,
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
    drug: Literal["esketamine", "ketamine"] = "ketamine",
    planned_dose: Dose | str | None = None,
    **overrides: Any,
) -> ScheduledSession:
    """Return a planned session, ``"S-EXAMPLE-001"`` at 09:00 UTC on 2 March 2026.

    The planned dose is as in :func:`example_session` (ketamine 0.5 mg/kg IV over
    40 min at 10 mg/mL, or 56 mg intranasal for ``drug="esketamine"``).
    Keyword overrides replace :class:`~ketacore.sessions.ScheduledSession` fields.
    """
    fields: dict[str, Any] = {
        "id": "S-EXAMPLE-001",
        "scheduled_start": DEFAULT_DOSED - timedelta(minutes=10),
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
