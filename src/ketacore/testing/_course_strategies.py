"""hypothesis strategies for treatment courses."""

from __future__ import annotations

from datetime import date
from typing import Literal

from hypothesis import strategies as st

from ketacore.courses import Course
from ketacore.testing._course_builders import example_course
from ketacore.testing._patient_builders import example_patient

__all__ = ["courses"]


def courses(*, max_sessions: int = 12, max_day: int = 120) -> st.SearchStrategy[Course]:
    """Courses in progress: IV ketamine (ELEKT-D) or esketamine TRD, built by ``example_course``.

    Completed sessions fall on distinct days from 0 to *max_day* after the start
    (2 March 2026), at most *max_sessions* of them; the patient weighs 40–150 kg
    (or, for esketamine, may have no weight on record). Schedule findings (too
    soon, too late) are allowed: they are findings, not invalid courses.
    """
    if max_sessions < 0 or max_day < 0:
        raise ValueError(f"max_sessions={max_sessions}, max_day={max_day}: expected >= 0")
    days = st.lists(
        st.integers(min_value=0, max_value=max_day), unique=True, max_size=max_sessions
    ).map(sorted)
    kilograms = st.integers(min_value=40, max_value=150).map(lambda kg: f"{kg} kg")

    @st.composite
    def build(draw: st.DrawFn) -> Course:
        drug: Literal["ketamine", "esketamine"] = draw(st.sampled_from(["ketamine", "esketamine"]))
        weight = draw(kilograms if drug == "ketamine" else st.none() | kilograms)
        chosen = draw(days)
        patient = example_patient(weight=weight, on=date(2026, 3, 2))
        return example_course(drug=drug, days=chosen, next_day=None, patient=patient)

    return build()
