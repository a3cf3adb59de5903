"""Hypothesis strategies shared by the tests (patients, screening, instruments)."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, timedelta

import attrs
from hypothesis import strategies as st

from ketacore.doses import Drug
from ketacore.instruments import Instrument, Item
from ketacore.patients import (
    CardiovascularEvent,
    CerebrovascularEvent,
    ChildPughClass,
    Condition,
    ConsentRecord,
    ConsentTopic,
    Diagnosis,
    HypertensionControl,
    MedicalHistory,
    Medication,
    MedicationClass,
    NyhaClass,
    Patient,
    WeightMeasurement,
)
from ketacore.units import quantity

# Born by the end of 2000 and screened from 2020: every generated patient is an adult.
BIRTH_DATES = st.dates(date(1930, 1, 1), date(2000, 12, 31))
RECORD_DATES = st.dates(date(2001, 1, 1), date(2026, 12, 31))
SCREEN_DATES = st.dates(date(2020, 1, 1), date(2026, 12, 31))
IDENTIFIERS = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ23456789", min_size=10, max_size=16).map(
    lambda text: f"PT-{text}"
)


def _set_of(cls: type) -> st.SearchStrategy[frozenset]:  # type: ignore[type-arg]
    return st.frozensets(st.sampled_from(list(cls)))


medications = st.builds(
    Medication,
    name=st.sampled_from(
        ["sertraline", "lorazepam", "phenelzine", "methylphenidate", "amlodipine"]
    ),
    classes=_set_of(MedicationClass),
)

histories = st.builds(
    MedicalHistory,
    conditions=_set_of(Condition),
    cardiovascular_events=st.lists(
        st.builds(CardiovascularEvent, occurred_on=RECORD_DATES), max_size=2
    ),
    cerebrovascular_events=st.lists(
        st.builds(CerebrovascularEvent, occurred_on=RECORD_DATES), max_size=2
    ),
    heart_failure=st.none() | st.sampled_from(list(NyhaClass)),
    hypertension=st.none() | st.sampled_from(list(HypertensionControl)),
    hepatic_impairment=st.none() | st.sampled_from(list(ChildPughClass)),
)

consents = st.builds(
    ConsentRecord, signed_on=RECORD_DATES, form_version=st.just("v1"), topics=_set_of(ConsentTopic)
)

weights = st.lists(
    st.builds(
        WeightMeasurement,
        measured_on=RECORD_DATES,
        weight=st.floats(35, 250).map(lambda kg: quantity(kg, "kg")),
    ),
    max_size=4,
    unique_by=lambda w: w.measured_on,
)

patients = st.builds(
    Patient,
    identifier=IDENTIFIERS,
    birth_date=BIRTH_DATES,
    sex_at_birth=st.sampled_from(["female", "male", "intersex", "unknown"]),
    weights=weights,
    diagnoses=_set_of(Diagnosis),
    medications=st.lists(medications, max_size=3),
    history=histories,
    pregnant=st.booleans(),
    breastfeeding=st.booleans(),
    hypersensitivities=_set_of(Drug),
    consent=st.none() | consents,
)


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
    medications.map(lambda m: lambda p: p.with_medication(m)),
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


def days_after(start: date, *, max_days: int = 4000) -> st.SearchStrategy[date]:
    """Dates from *start* to *max_days* later."""
    return st.integers(0, max_days).map(lambda n: start + timedelta(days=n))


def responses_for_total(inst: Instrument, total: int) -> list[int]:
    """Build in-scale item values whose total is ``total`` (all items start at their low)."""
    values = [item.low for item in inst.items]
    remaining = total - _base(inst)
    for domain in inst.rule.domains:
        numbers = domain.items if domain.combine == "sum" else domain.items[:1]
        for number in numbers:
            item = inst.items[number - 1]
            step = min(remaining // domain.weight, item.high - item.low)
            values[number - 1] += step
            remaining -= step * domain.weight
    assert remaining == 0, f"cannot reach {total} on {inst.id}"
    return values


def _base(inst: Instrument) -> int:
    total = 0
    for domain in inst.rule.domains:
        lows = [inst.items[i - 1].low for i in domain.items]
        total += domain.weight * (max(lows) if domain.combine == "max" else sum(lows))
    return total


def item_values(inst: Instrument) -> st.SearchStrategy[list[int]]:
    """Draw a complete response on each item's own scale (no special codes)."""
    return st.tuples(*(st.integers(item.low, item.high) for item in inst.items)).map(list)


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
