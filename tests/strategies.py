"""Hypothesis strategies shared by the tests, beyond the public ones in ketacore.testing.

Patients, histories, consents, item values and responses for a total are
public (``ketacore.testing``); what is left here serves ketacore's own tests.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import attrs
from hypothesis import strategies as st

from ketacore.doses import Drug
from ketacore.patients import (
    CardiovascularEvent,
    CerebrovascularEvent,
    ChildPughClass,
    Condition,
    Diagnosis,
    HypertensionControl,
    NyhaClass,
    Patient,
)
from ketacore.testing import medications, patient_ids

# ketacore.testing.patients() draws birth dates up to the end of 2000 and records
# from 2001: screened from 2020, every generated patient is an adult.
RECORD_DATES = st.dates(date(2001, 1, 1), date(2026, 12, 31))
SCREEN_DATES = st.dates(date(2020, 1, 1), date(2026, 12, 31))
IDENTIFIERS = patient_ids().map(lambda pid: pid.value)
"""Identifier text such as ``"PT-7K2M9QX4HT"``."""


def _add_condition(condition: Condition) -> Callable[[Patient], Patient]:
    def add(patient: Patient) -> Patient:
        history = attrs.evolve(patient.history, conditions=patient.history.conditions | {condition})
        return attrs.evolve(patient, history=history)

    return add


def _evolve_history(**changes: object) -> Callable[[Patient], Patient]:
    def change(patient: Patient) -> Patient:
        current = {name: getattr(patient.history, name) for name in changes}
        # "Adding" never downgrades: a field already set is kept.
        kept = {name: value for name, value in changes.items() if current[name] is None}
        return attrs.evolve(patient, history=attrs.evolve(patient.history, **kept))

    return change


def _add_event(field: str, event: object) -> Callable[[Patient], Patient]:
    def add(patient: Patient) -> Patient:
        events = (*getattr(patient.history, field), event)
        return attrs.evolve(patient, history=attrs.evolve(patient.history, **{field: events}))

    return add


additions: st.SearchStrategy[Callable[[Patient], Patient]] = st.one_of(
    st.sampled_from(list(Condition)).map(_add_condition),
    st.sampled_from(list(Diagnosis)).map(lambda d: lambda p: p.with_diagnosis(d)),
    medications().map(lambda m: lambda p: p.with_medication(m)),
    st.just(lambda p: attrs.evolve(p, pregnant=True)),
    st.just(lambda p: attrs.evolve(p, breastfeeding=True)),
    st.sampled_from(list(Drug)).map(
        lambda d: lambda p: attrs.evolve(p, hypersensitivities=p.hypersensitivities | {d})
    ),
    st.sampled_from(list(NyhaClass)).map(lambda c: _evolve_history(heart_failure=c)),
    st.sampled_from(list(ChildPughClass)).map(lambda c: _evolve_history(hepatic_impairment=c)),
    st.sampled_from(list(HypertensionControl)).map(lambda c: _evolve_history(hypertension=c)),
    RECORD_DATES.map(
        lambda d: _add_event("cardiovascular_events", CardiovascularEvent(occurred_on=d))
    ),
    RECORD_DATES.map(
        lambda d: _add_event("cerebrovascular_events", CerebrovascularEvent(occurred_on=d))
    ),
)
"""Ways of adding one condition (in the broad sense) to a patient; none removes anything."""
