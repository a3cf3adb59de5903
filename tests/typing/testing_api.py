"""Type-checked usage of the public ketacore.testing API (checked by test_typing.py).

It also runs (pytest imports it for doctests), so every call here is valid.
"""

from __future__ import annotations

from typing import assert_type

from hypothesis import strategies as st

from ketacore.doses import Dose
from ketacore.instruments import Instrument, Responses, Score
from ketacore.patients import ConsentRecord, Patient
from ketacore.sessions import (
    AdverseEvent,
    DosingSession,
    IntegrationSession,
    PreparationSession,
    ScheduledSession,
    TimedScore,
)
from ketacore.testing import (
    adverse_events,
    dosing_sessions,
    example_adverse_event,
    example_baseline_score,
    example_consent,
    example_followup_score,
    example_patient,
    example_psychotherapy_session,
    example_responses,
    example_scheduled_session,
    example_score,
    example_session,
    example_timed_score,
    instruments,
    invalid_documents,
    invalid_patient_fields,
    invalid_responses,
    patients,
    responses,
    scores,
    session_doses,
    timed_scores,
)

assert_type(example_patient(weight="82 kg", age=40), Patient)
assert_type(example_consent(), ConsentRecord)
assert_type(example_responses("phq9", total=10), list[int])
assert_type(example_score("phq9", total=10), Score)
assert_type(example_baseline_score(), Score)
assert_type(example_followup_score("madrs"), Score)
assert_type(example_session(drug="ketamine"), DosingSession)
assert_type(example_scheduled_session(), ScheduledSession)
assert_type(example_psychotherapy_session(), PreparationSession)
assert_type(example_psychotherapy_session("preparation"), PreparationSession)
assert_type(example_psychotherapy_session("integration"), IntegrationSession)
assert_type(example_timed_score(), TimedScore)
assert_type(example_adverse_event(), AdverseEvent)

assert_type(patients(consented=True), st.SearchStrategy[Patient])
assert_type(scores("phq9", prorated=True), st.SearchStrategy[Score])
assert_type(responses("bdi2"), st.SearchStrategy[Responses])
assert_type(instruments(), st.SearchStrategy[Instrument])
assert_type(dosing_sessions(complete=True), st.SearchStrategy[DosingSession])
assert_type(session_doses(), st.SearchStrategy[Dose])
assert_type(timed_scores(instrument="moaas"), st.SearchStrategy[TimedScore])
assert_type(adverse_events(), st.SearchStrategy[AdverseEvent])
invalid: list[st.SearchStrategy[object]] = [
    invalid_responses("phq9", missing="prorate"),
    invalid_patient_fields(),
    invalid_documents(values=patients()),
]
