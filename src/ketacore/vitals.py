"""Timed vital signs: blood pressure, heart rate, SpO2 and respiratory rate.

Each measurement is in the unit it is always charted in, named by the field:
blood pressure in mmHg, heart rate in beats/min, SpO2 in percent, respiratory
rate in breaths/min. Values are checked against wide physiological bounds that
catch data-entry errors (a transposed or missing digit); they are not clinical
thresholds, which live in the checks that use them.

>>> from datetime import datetime, timezone
>>> from ketacore.vitals import VitalSigns
>>> v = VitalSigns(taken_at=datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc),
...                systolic=132, diastolic=84, heart_rate=72, spo2=98)
>>> v.blood_pressure
'132/84 mmHg'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final, Literal

import attrs

from ketacore._text import shown
from ketacore._validators import aware, check_age, fail
from ketacore.exceptions import ValidationError

__all__ = [
    "EU_BLOOD_PRESSURE_LIMITS",
    "US_BLOOD_PRESSURE_LIMITS",
    "BloodPressureLimit",
    "VitalSigns",
    "blood_pressure_limit",
    "blood_pressure_too_high",
]

# Data-entry bounds (inclusive). Wide on purpose: values outside them are not
# survivable for long or are impossible (SpO2 above 100 %), so they are typos.
_BOUNDS: Final[dict[str, tuple[int, int, str]]] = {
    "systolic": (40, 300, "mmHg"),
    "diastolic": (20, 200, "mmHg"),
    "heart_rate": (20, 250, "beats/min"),
    "spo2": (50, 100, "%"),
    "respiratory_rate": (4, 60, "breaths/min"),
}


def _check_reading(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    low, high, unit = _BOUNDS[attribute.name]
    if isinstance(value, bool) or not isinstance(value, int | float):
        fail(ValidationError, attribute.name, value, f"a number of {unit} between {low} and {high}")
    if not (low <= value <= high and math.isfinite(value)):
        fail(
            ValidationError,
            attribute.name,
            value,
            f"{low}–{high} {unit}",
            "check the reading for a typo or a swapped field",
            got=f"{shown(value)} {unit}",
        )


@attrs.frozen(kw_only=True)
class VitalSigns:
    """One set of vital signs taken at one moment.

    Any reading may be absent, but systolic and diastolic pressure come
    together, and diastolic must be below systolic.
    """

    taken_at: datetime = attrs.field(validator=aware(error=ValidationError))
    """When the readings were taken (timezone-aware)."""
    systolic: float | None = attrs.field(default=None, validator=_check_reading)
    """Systolic blood pressure, mmHg."""
    diastolic: float | None = attrs.field(default=None, validator=_check_reading)
    """Diastolic blood pressure, mmHg."""
    heart_rate: float | None = attrs.field(default=None, validator=_check_reading)
    """Heart rate, beats/min."""
    spo2: float | None = attrs.field(default=None, validator=_check_reading)
    """Peripheral oxygen saturation, percent."""
    respiratory_rate: float | None = attrs.field(default=None, validator=_check_reading)
    """Respiratory rate, breaths/min."""

    def __attrs_post_init__(self) -> None:
        if (self.systolic is None) != (self.diastolic is None):
            missing = "systolic" if self.systolic is None else "diastolic"
            fail(
                ValidationError,
                missing,
                None,
                "both systolic and diastolic, or neither",
                "record the full reading such as 132/84",
                got=f"systolic={self.systolic!r} and diastolic={self.diastolic!r}",
            )
        if (
            self.systolic is not None
            and self.diastolic is not None
            and self.diastolic >= self.systolic
        ):
            fail(
                ValidationError,
                "diastolic",
                self.diastolic,
                "diastolic below systolic",
                "the two may have been swapped",
                got=f"{self.diastolic!r} mmHg with systolic {self.systolic!r} mmHg",
            )
        if all(
            getattr(self, name) is None
            for name in ("systolic", "heart_rate", "spo2", "respiratory_rate")
        ):
            fail(
                ValidationError,
                "vital signs",
                None,
                "at least one of blood pressure, heart rate, SpO2 or respiratory rate",
                got="no readings",
            )

    @property
    def has_blood_pressure(self) -> bool:
        """Whether this set includes a blood-pressure reading."""
        return self.systolic is not None

    @property
    def blood_pressure(self) -> str | None:
        """The blood pressure as charted (``'132/84 mmHg'``), or None if not taken."""
        if self.systolic is None or self.diastolic is None:
            return None
        return f"{self.systolic:g}/{self.diastolic:g} mmHg"


@attrs.frozen
class BloodPressureLimit:
    """A pre-dose blood-pressure limit: dosing is held *above* it.

    ``min_age`` makes the limit apply from that age (years) on; the limit with
    the highest ``min_age`` that the patient has reached applies.
    """

    systolic: int
    """Hold if systolic pressure is above this, mmHg."""
    diastolic: int
    """Hold if diastolic pressure is above this, mmHg."""
    source: str
    """Where the limit comes from."""
    min_age: int = 0
    """The age (years) from which this limit applies."""

    def exceeded_by(self, vitals: VitalSigns) -> bool:
        """Whether *vitals* has a blood pressure above this limit (either number)."""
        if vitals.systolic is None or vitals.diastolic is None:
            return False
        return vitals.systolic > self.systolic or vitals.diastolic > self.diastolic

    def __str__(self) -> str:
        return f"{self.systolic}/{self.diastolic} mmHg"


US_BLOOD_PRESSURE_LIMITS: Final = (
    BloodPressureLimit(
        140,
        90,
        "Spravato US PI and J&J medical guidance: above about 140/90 mmHg weigh delaying the "
        "dose (clinical reference section 4)",
    ),
)
"""US label guidance: hold above 140/90 mmHg at any age (the default)."""

EU_BLOOD_PRESSURE_LIMITS: Final = (
    BloodPressureLimit(
        140, 90, "Spravato EU SmPC: >140/90 mmHg if under 65 (clinical reference section 4)"
    ),
    BloodPressureLimit(
        150,
        90,
        "Spravato EU SmPC: >150/90 mmHg if 65 or older (clinical reference section 4)",
        min_age=65,
    ),
)
"""EU SmPC: hold above 140/90 mmHg under 65, above 150/90 mmHg from 65."""

_LIMIT_SETS: Final = {"us": US_BLOOD_PRESSURE_LIMITS, "eu": EU_BLOOD_PRESSURE_LIMITS}


def blood_pressure_limit(
    age: int, limits: Literal["us", "eu"] | Sequence[BloodPressureLimit] = "us"
) -> BloodPressureLimit:
    """Return the pre-dose limit that applies at *age* (years).

    >>> from ketacore.vitals import blood_pressure_limit
    >>> str(blood_pressure_limit(70)), str(blood_pressure_limit(70, "eu"))
    ('140/90 mmHg', '150/90 mmHg')

    Raises:
        ValidationError: *limits* names no known rule set, or none applies at *age*.
    """
    check_age(age, error=ValidationError)
    chosen: tuple[BloodPressureLimit, ...] | None = None
    if isinstance(limits, str):
        chosen = _LIMIT_SETS.get(limits)
    elif isinstance(limits, Sequence):
        given = [limit for limit in limits if isinstance(limit, BloodPressureLimit)]
        if len(given) == len(limits):
            chosen = tuple(given)
    if chosen is None:
        fail(ValidationError, "limits", limits, "'us', 'eu' or a sequence of BloodPressureLimit")
    applicable = [limit for limit in chosen if limit.min_age <= age]
    if not applicable:
        fail(
            ValidationError,
            "limits",
            limits,
            "a limit for every age",
            "add a BloodPressureLimit with min_age=0",
            got=f"none that applies at age {age}",
        )
    return max(applicable, key=lambda limit: limit.min_age)


def blood_pressure_too_high(
    vitals: VitalSigns,
    *,
    age: int,
    limits: Literal["us", "eu"] | Sequence[BloodPressureLimit] = "us",
) -> BloodPressureLimit | None:
    """Return the limit that *vitals* exceeds (dose should be held), or None.

    A set of vitals without blood pressure exceeds nothing; whether a reading
    is missing is a separate check.

    >>> from datetime import datetime, timezone
    >>> from ketacore.vitals import VitalSigns, blood_pressure_too_high
    >>> at = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    >>> str(blood_pressure_too_high(VitalSigns(taken_at=at, systolic=150, diastolic=95), age=40))
    '140/90 mmHg'
    >>> blood_pressure_too_high(VitalSigns(taken_at=at, systolic=145, diastolic=88), age=70,
    ...                         limits="eu") is None
    True
    """
    limit = blood_pressure_limit(age, limits)
    return limit if limit.exceeded_by(vitals) else None
