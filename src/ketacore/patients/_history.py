"""Medical history relevant to contraindication screening."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, Final, Self

import attrs

from ketacore._choices import Choice, choose, choose_set
from ketacore._text import shown
from ketacore._validators import as_tuple, calendar_date, items_of
from ketacore.exceptions import PatientError
from ketacore.patients._diagnoses import read_diagnosis

__all__ = [
    "CardiovascularEvent",
    "CardiovascularEventKind",
    "CerebrovascularEvent",
    "CerebrovascularEventKind",
    "ChildPughClass",
    "Condition",
    "HypertensionControl",
    "MedicalHistory",
    "NyhaClass",
]


_CONDITION_SPELLINGS: Final = {
    "avm": "arteriovenous_malformation",
    "aneurysm": "aneurysmal_vascular_disease",
    "intracerebral hemorrhage": "intracerebral_haemorrhage",
    "ich": "intracerebral_haemorrhage",
    "glaucoma": "raised_intraocular_pressure",
    "mania": "current_hypomania",
    "hypomania": "current_hypomania",
}


class Condition(Choice, field="conditions", error=PatientError, aliases=_CONDITION_SPELLINGS):
    """An undated condition from the contraindication table (clinical reference section 4).

    A diagnosis is not a condition; the error says where it goes:

    >>> Condition.from_text("psychosis")
    Traceback (most recent call last):
    ketacore.exceptions.PatientError: conditions: got 'psychosis', which names the diagnosis ...
    """

    @classmethod
    def from_text(cls, value: Self | str) -> Self:
        """Return the condition that *value* is or names: its value, its name or a spelling.

        Raises:
            PatientError: the text names no condition (the message lists them), or
                names a diagnosis (the fix is ``Patient.with_diagnosis``).
        """
        _not_a_diagnosis(value, field="conditions")
        return choose(cls, value, field="conditions", error=PatientError)

    ANEURYSMAL_VASCULAR_DISEASE = "aneurysmal_vascular_disease"
    """Aneurysm of the thoracic or abdominal aorta, intracranial or peripheral arteries."""
    ARTERIOVENOUS_MALFORMATION = "arteriovenous_malformation"
    """Arteriovenous malformation (AVM)."""
    INTRACEREBRAL_HAEMORRHAGE = "intracerebral_haemorrhage"
    """History of intracerebral haemorrhage."""
    SIGNIFICANT_VALVULAR_DISEASE = "significant_valvular_disease"
    """Significant valvular heart disease."""
    UNSTABLE_CARDIOVASCULAR_DISEASE = "unstable_cardiovascular_disease"
    """Other unstable cardiovascular or cerebrovascular disease."""
    HYPERTENSIVE_ENCEPHALOPATHY = "hypertensive_encephalopathy"
    """Hypertensive encephalopathy."""
    RAISED_INTRACRANIAL_PRESSURE = "raised_intracranial_pressure"
    """Raised intracranial pressure, a CNS mass or hydrocephalus."""
    RAISED_INTRAOCULAR_PRESSURE = "raised_intraocular_pressure"
    """Raised intraocular pressure, glaucoma or a globe injury."""
    HYPERTHYROIDISM = "hyperthyroidism"
    """Hyperthyroidism (thyroid disorder)."""
    AIRWAY_INSTABILITY = "airway_instability"
    """Airway instability."""
    ACTIVE_PULMONARY_INFECTION = "active_pulmonary_infection"
    """Active pulmonary infection."""
    CURRENT_HYPOMANIA = "current_hypomania"
    """Current (hypo)mania or bipolar instability (screen with the YMRS)."""


class NyhaClass(enum.IntEnum):
    """New York Heart Association heart-failure class, I to IV.

    >>> NyhaClass.from_value("III")
    <NyhaClass.III: 3>
    """

    I = 1  # noqa: E741 - the class's own name
    """No limitation of physical activity."""
    II = 2
    """Slight limitation."""
    III = 3
    """Marked limitation."""
    IV = 4
    """Symptoms at rest."""

    @classmethod
    def from_value(cls, value: NyhaClass | int | str) -> NyhaClass:
        """Return the class for a member, 1-4, or a roman numeral ``"I"``-``"IV"``.

        Raises:
            PatientError: the value is not a NYHA class.
        """
        if isinstance(value, cls):
            return value
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4:
            return cls(value)
        if isinstance(value, str):
            key = value.strip().upper().removeprefix("NYHA").strip()
            if key in cls.__members__:
                return cls[key]
            if key in {"1", "2", "3", "4"}:
                return cls(int(key))
        raise PatientError(
            field="heart_failure",
            value=value,
            expected="a NYHA class I-IV (1-4)",
            fix="use NyhaClass.I to NyhaClass.IV, or None for no heart failure",
        )


class ChildPughClass(Choice, field="hepatic_impairment", error=PatientError):
    """Child-Pugh class of hepatic impairment: A (mild), B (moderate), C (severe)."""

    A = "A"
    """Mild hepatic impairment."""
    B = "B"
    """Moderate hepatic impairment."""
    C = "C"
    """Severe hepatic impairment."""

    @classmethod
    def from_value(cls, value: ChildPughClass | str) -> ChildPughClass:
        """Return the class for a member or ``"A"``, ``"B"`` or ``"C"`` (any case), or raise."""
        return cls.from_text(value)


class HypertensionControl(enum.Enum):
    """Whether a patient's diagnosed hypertension is controlled."""

    CONTROLLED = "controlled"
    """Hypertension controlled on treatment."""
    UNCONTROLLED = "uncontrolled"
    """Uncontrolled or poorly controlled hypertension."""


class CardiovascularEventKind(enum.Enum):
    """The kind of a dated cardiovascular event."""

    MYOCARDIAL_INFARCTION = "myocardial_infarction"
    """Myocardial infarction."""
    OTHER = "other"
    """Another acute cardiovascular event."""


class CerebrovascularEventKind(enum.Enum):
    """The kind of a dated ischaemic cerebrovascular event."""

    ISCHAEMIC_STROKE = "ischaemic_stroke"
    """Ischaemic stroke (record intracerebral haemorrhage as a :class:`Condition`)."""
    TIA = "tia"
    """Transient ischaemic attack."""


def _cardiovascular_kind(value: object) -> CardiovascularEventKind:
    return choose(CardiovascularEventKind, value, field="kind", error=PatientError)


def _cerebrovascular_kind(value: object) -> CerebrovascularEventKind:
    return choose(CerebrovascularEventKind, value, field="kind", error=PatientError)


@attrs.frozen(kw_only=True)
class CardiovascularEvent:
    """A cardiovascular event with its date, such as a myocardial infarction.

    >>> CardiovascularEvent(occurred_on=date(2026, 2, 9)).kind
    <CardiovascularEventKind.MYOCARDIAL_INFARCTION: 'myocardial_infarction'>
    """

    occurred_on: date = attrs.field(validator=calendar_date(error=PatientError))
    """The day it happened."""
    kind: CardiovascularEventKind = attrs.field(
        default=CardiovascularEventKind.MYOCARDIAL_INFARCTION, converter=_cardiovascular_kind
    )
    """What happened."""


@attrs.frozen(kw_only=True)
class CerebrovascularEvent:
    """An ischaemic stroke or TIA with its date."""

    occurred_on: date = attrs.field(validator=calendar_date(error=PatientError))
    """The day it happened."""
    kind: CerebrovascularEventKind = attrs.field(
        default=CerebrovascularEventKind.ISCHAEMIC_STROKE, converter=_cerebrovascular_kind
    )
    """What happened."""


def _to_conditions(values: object) -> frozenset[Condition]:
    try:
        return choose_set(Condition, values, field="conditions", error=PatientError)
    except PatientError:
        if isinstance(values, Iterable) and not isinstance(values, str | bytes):
            for value in values:
                _not_a_diagnosis(value, field="conditions")
        raise


def _not_a_diagnosis(value: object, *, field: str) -> None:
    """Refuse, with the fix, text that names a diagnosis rather than a condition."""
    if not isinstance(value, str):
        return
    try:
        choose(Condition, value, field=field, error=PatientError)
    except PatientError:
        pass
    else:
        return
    try:
        diagnoses = read_diagnosis(value, field=field)
    except PatientError:
        return
    names = " and ".join(sorted(d.value for d in diagnoses))
    kind = "diagnoses" if len(diagnoses) > 1 else "diagnosis"
    raise PatientError(
        field=field,
        value=value,
        got=f"{shown(value)}, which names the {kind} {names}, not a medical condition",
        expected="one of " + ", ".join(repr(c.value) for c in Condition),
        fix=f"record it with Patient.with_diagnosis({value!r}) or in Patient(diagnoses=...)",
    )


def _heart_failure(value: object) -> NyhaClass | None:
    return None if value is None else NyhaClass.from_value(value)  # type: ignore[arg-type]


def _hypertension(value: object) -> HypertensionControl | None:
    if value is None:
        return None
    return choose(HypertensionControl, value, field="hypertension", error=PatientError)


def _hepatic(value: object) -> ChildPughClass | None:
    return None if value is None else ChildPughClass.from_value(value)  # type: ignore[arg-type]


def _events(values: Iterable[Any], field: str, kind: type[Any]) -> tuple[Any, ...]:
    return as_tuple(values, field=field, error=PatientError, of=kind)


def _cardiovascular_events(values: Iterable[CardiovascularEvent]) -> tuple[Any, ...]:
    return _events(values, "cardiovascular_events", CardiovascularEvent)


def _cerebrovascular_events(values: Iterable[CerebrovascularEvent]) -> tuple[Any, ...]:
    return _events(values, "cerebrovascular_events", CerebrovascularEvent)


@attrs.frozen(kw_only=True)
class MedicalHistory:
    """The parts of a patient's medical history that screening looks at.

    >>> history = MedicalHistory(conditions={"avm"}, heart_failure="II")
    >>> sorted(c.value for c in history.conditions), history.heart_failure
    (['arteriovenous_malformation'], <NyhaClass.II: 2>)
    """

    conditions: frozenset[Condition] = attrs.field(default=frozenset(), converter=_to_conditions)
    """Undated conditions (members or their text)."""
    cardiovascular_events: tuple[CardiovascularEvent, ...] = attrs.field(
        default=(),
        converter=_cardiovascular_events,
        validator=items_of(CardiovascularEvent, error=PatientError),
    )
    """Dated cardiovascular events such as myocardial infarction."""
    cerebrovascular_events: tuple[CerebrovascularEvent, ...] = attrs.field(
        default=(),
        converter=_cerebrovascular_events,
        validator=items_of(CerebrovascularEvent, error=PatientError),
    )
    """Dated ischaemic strokes and TIAs."""
    heart_failure: NyhaClass | None = attrs.field(default=None, converter=_heart_failure)
    """Heart-failure NYHA class, or None for no heart failure."""
    hypertension: HypertensionControl | None = attrs.field(default=None, converter=_hypertension)
    """Whether diagnosed hypertension is controlled, or None for no hypertension."""
    hepatic_impairment: ChildPughClass | None = attrs.field(default=None, converter=_hepatic)
    """Child-Pugh class of hepatic impairment, or None for none."""

    def has(self, condition: Condition) -> bool:
        """Whether the history records *condition*."""
        return condition in self.conditions

    def dated_records(self) -> Iterator[tuple[str, date]]:
        """Yield ``(field, date)`` for every dated record, for checks against the birth date."""
        for event in self.cardiovascular_events:
            yield "cardiovascular_events", event.occurred_on
        for stroke in self.cerebrovascular_events:
            yield "cerebrovascular_events", stroke.occurred_on
