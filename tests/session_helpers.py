"""Helpers shared by the session tests (not a test module).

Times are minutes relative to dosing at :data:`DOSED` (09:10 UTC on 2 March 2026).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from ketacore.doses import Dose, parse_dose
from ketacore.exceptions import ValidationError
from ketacore.instruments import CADSS, MOAAS
from ketacore.sessions import DosingSession, TimedScore
from ketacore.vitals import VitalSigns

DOSED = datetime(2026, 3, 2, 9, 10, tzinfo=UTC)
"""Dosing time used by every helper."""


def at(minutes: float) -> datetime:
    """The moment *minutes* after dosing (negative: before)."""
    return DOSED + timedelta(minutes=minutes)


def bp(minutes: float, systolic: float = 128, diastolic: float = 82) -> VitalSigns:
    """A blood-pressure reading *minutes* after dosing."""
    return VitalSigns(taken_at=at(minutes), systolic=systolic, diastolic=diastolic)


def esketamine_dose(mg: int = 56) -> Dose:
    """An intranasal esketamine dose."""
    return parse_dose(f"{mg} mg", drug="esketamine", route="intranasal")


def ketamine_dose() -> Dose:
    """The standard IV racemic dose (0.5 mg/kg over 40 min; APA 2017)."""
    return parse_dose("0.5 mg/kg over 40 min", drug="ketamine", route="iv")


def session(**overrides: Any) -> DosingSession:
    """An esketamine session that started 15 min before dosing, still in progress."""
    fields: dict[str, Any] = {
        "id": "S-001",
        "scheduled_start": at(-10),
        "started_at": at(-15),
        "dosed_at": DOSED,
        "dose": esketamine_dose(),
    }
    fields.update(overrides)
    return DosingSession(**fields)


def moaas(minutes: float, level: int) -> TimedScore:
    """A MOAA/S level *minutes* after dosing."""
    return TimedScore(taken_at=at(minutes), score=MOAAS.score([level]))


def cadss_items(total: int) -> list[int]:
    """23 CADSS item values (0–4 each) adding up to *total* (0–92)."""
    items = []
    for _ in range(23):
        step = min(4, total)
        items.append(step)
        total -= step
    return items


def cadss(minutes: float, total: int) -> TimedScore:
    """A CADSS administration with this *total*, *minutes* after dosing."""
    return TimedScore(taken_at=at(minutes), score=CADSS.score(cadss_items(total)))


BadCase = tuple[str, Callable[[], object], type[Exception], tuple[str, ...]]


def assert_fields_named(
    cases: Iterable[BadCase], base: type[ValidationError], message_only: frozenset[str]
) -> None:
    """Each *base* error of a bad-input table carries its field: the first word of its row.

    Rows in *message_only* may carry none yet (their error is built by ketacore._choices).
    The error's class is the row's exactly, so a named subclass is checked too.
    """
    for label, make, error, words in cases:
        if not issubclass(error, base):
            continue
        with pytest.raises(base) as caught:
            make()
        allowed = (words[0], None) if label in message_only else (words[0],)
        assert caught.value.field in allowed, label
        assert type(caught.value) is error, label
