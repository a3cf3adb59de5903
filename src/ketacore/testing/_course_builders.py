"""Example builder for a treatment course.

They need neither hypothesis nor pytest. Every default is a fixed value (no
clock, no randomness unless an ``rng`` is passed), so a test that uses them
sees the same value on every run.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any, Final, Literal

from ketacore.courses import Course
from ketacore.patients import Patient
from ketacore.sessions import TimedScore
from ketacore.testing._example_clock import DEFAULT_DAY, DEFAULT_DOSED, DEFAULT_TIME
from ketacore.testing._patient_builders import example_patient
from ketacore.testing._score_builders import example_score
from ketacore.testing._session_builders import example_scheduled_session, example_session

__all__ = [
    "example_course",
]

_COURSE_PROTOCOLS: Final = {"ketamine": "ketamine-iv-elekt-d", "esketamine": "esketamine-trd"}
# Twice weekly (ELEKT-D series; esketamine induction weeks 1-4; clinical reference 3.1, 3.3).
_COURSE_DAYS: Final = (0, 3, 7)


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
    start = DEFAULT_DAY
    who = example_patient() if patient is None else patient
    sessions: list[Any] = [
        example_session(
            drug=drug,
            id=f"S-EXAMPLE-{index:03d}",
            dosed_at=DEFAULT_DOSED + timedelta(days=day),
        )
        for index, day in enumerate(days, start=1)
    ]
    if next_day is not None:
        sessions.append(
            example_scheduled_session(
                drug=drug,
                id="S-EXAMPLE-NEXT",
                scheduled_start=DEFAULT_DOSED + timedelta(days=next_day, minutes=-10),
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
                taken_at=DEFAULT_TIME - timedelta(hours=1), score=example_score("madrs", total=32)
            )
        ],
        "assessments": [
            TimedScore(
                taken_at=DEFAULT_TIME + timedelta(days=7, hours=-1),
                score=example_score("madrs", total=20),
            )
        ],
    }
    fields.update(overrides)
    return Course(**fields)
