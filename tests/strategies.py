"""Hypothesis strategies shared by the tests, beyond the public ones in ketacore.testing.

Patients, histories, consents, item values and responses for a total are
public (``ketacore.testing``); what is left here serves ketacore's own tests.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date

import attrs
from hypothesis import strategies as st

from ketacore.doses import Drug
from ketacore.instruments import Instrument, Item
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


def _item_element(item: Item, *, junk: bool) -> st.SearchStrategy[object]:
    """One recorded value: mostly on the scale, sometimes a code, missing or out of range."""
    choices: list[st.SearchStrategy[object]] = [
        st.integers(item.low, item.high),
        st.none(),
        st.integers(item.low - 3, item.high + 3),
    ]
    if item.codes:
        choices.append(st.sampled_from([c.value for c in item.codes]))
    if junk:
        if item.options:
            choices.append(st.sampled_from(item.options))
        choices.append(st.sampled_from([1.5, 2.0, True, False, "2", "", math.nan, b"1"]))
    return st.one_of(choices)


@st.composite
def _batch_row(draw: st.DrawFn, inst: Instrument, junk: bool) -> list[object]:
    row: list[object] = [draw(st.integers(item.low, item.high)) for item in inst.items]
    n_changes = draw(st.integers(0, min(3, len(row))))
    for _ in range(n_changes):
        index = draw(st.integers(0, len(row) - 1))
        row[index] = draw(_item_element(inst.items[index], junk=junk))
    return row


def batch_rows(inst: Instrument, *, junk: bool) -> st.SearchStrategy[list[list[object]]]:
    """Draw 0–15 rows for batch scoring: valid rows, and rows with 1–3 odd values.

    Without ``junk`` every value is an int or ``None`` (so it fits a float array with NaN).
    """
    return st.lists(_batch_row(inst, junk), max_size=15)
