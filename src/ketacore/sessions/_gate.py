"""The pre-dose blood-pressure gate: dose, hold, or measure first.

The limits are not re-encoded here: they come from :mod:`ketacore.vitals`
(US 140/90 mmHg; EU 140/90 under 65 and 150/90 from 65; clinical reference
section 4). The gate reads the *latest* blood pressure taken before dosing,
so a high reading followed by a lower one after rest lets the dose go ahead.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Literal

import attrs

from ketacore._dates import instant
from ketacore._validators import check_age, fail, tuple_of
from ketacore.exceptions import SessionError
from ketacore.sessions._dosing import DosingSession
from ketacore.vitals import BloodPressureLimit, VitalSigns, blood_pressure_limit

__all__ = ["GateDecision", "PreDoseGate", "pre_dose_gate"]

_READINGS = tuple_of(
    VitalSigns,
    field="readings",
    error=SessionError,
    example="VitalSigns(taken_at=..., systolic=128, diastolic=82)",
)


class GateDecision(enum.Enum):
    """The outcome of the pre-dose blood-pressure gate."""

    PROCEED = "proceed"
    """The latest pre-dose blood pressure is within the limit."""
    HOLD = "hold"
    """The latest pre-dose blood pressure is above the limit: weigh delaying the dose."""
    MEASURE = "measure"
    """No blood pressure has been taken yet: measure before dosing."""


@attrs.frozen(kw_only=True)
class PreDoseGate:
    """The gate's result: the decision, the reading and the limit it was judged by."""

    decision: GateDecision
    """Proceed, hold or measure first."""
    limit: BloodPressureLimit
    """The limit that applied at the patient's age."""
    reading: VitalSigns | None
    """The reading judged (the latest with blood pressure), or None if there was none."""

    @property
    def may_proceed(self) -> bool:
        """Whether the dose may be given as far as blood pressure is concerned."""
        return self.decision is GateDecision.PROCEED

    @property
    def message(self) -> str:
        """One sentence saying what was decided and why."""
        if self.reading is None:
            return "measure: no pre-dose blood pressure; measure it before dosing"
        shown = self.reading.blood_pressure
        if self.decision is GateDecision.HOLD:
            return (
                f"hold: pre-dose blood pressure {shown} is above {self.limit} "
                f"({self.limit.source}); re-measure after rest or delay the dose"
            )
        return f"proceed: pre-dose blood pressure {shown} is within {self.limit}"


def pre_dose_gate(
    readings: DosingSession | VitalSigns | Iterable[VitalSigns],
    *,
    age: int,
    limits: Literal["us", "eu"] | Sequence[BloodPressureLimit] = "us",
    before: datetime | None = None,
) -> PreDoseGate:
    """Decide whether blood pressure allows the dose.

    *readings* is the vital signs taken so far (any order), one set, or a
    recorded :class:`DosingSession` (its readings up to the dose are used,
    to audit the decision afterwards). Readings after *before* are ignored.

    >>> from datetime import datetime, timezone
    >>> from ketacore.sessions import pre_dose_gate
    >>> from ketacore.vitals import VitalSigns
    >>> at = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    >>> gate = pre_dose_gate(VitalSigns(taken_at=at, systolic=150, diastolic=95), age=40)
    >>> gate.decision.value, str(gate.limit)
    ('hold', '140/90 mmHg')

    Raises:
        SessionError: a reading is not a :class:`~ketacore.vitals.VitalSigns`, or
            *age* is not whole years from 0 to 130.
        ValidationError: *limits* is not a known rule set, or none applies at *age*.
    """
    check_age(age, error=SessionError)
    if isinstance(readings, str | bytes):
        fail(
            SessionError,
            "readings",
            readings,
            "VitalSigns, a list of them, or a DosingSession",
        )
    if isinstance(readings, DosingSession):
        if before is None or instant(before) > instant(readings.dosed_at):
            before = readings.dosed_at
        readings = readings.vitals
    elif isinstance(readings, VitalSigns):
        readings = (readings,)
    chosen = _READINGS(readings)
    limit = blood_pressure_limit(age, limits)
    cutoff = None if before is None else instant(before)
    with_pressure = [
        v
        for v in chosen
        if v.has_blood_pressure and (cutoff is None or instant(v.taken_at) <= cutoff)
    ]
    if not with_pressure:
        return PreDoseGate(decision=GateDecision.MEASURE, limit=limit, reading=None)
    latest = max(with_pressure, key=lambda v: instant(v.taken_at))
    decision = GateDecision.HOLD if limit.exceeded_by(latest) else GateDecision.PROCEED
    return PreDoseGate(decision=decision, limit=limit, reading=latest)
