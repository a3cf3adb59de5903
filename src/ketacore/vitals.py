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
from datetime import datetime
from typing import Any, Final

import attrs

from ketacore.exceptions import ValidationError

__all__ = ["VitalSigns", "aware_datetime"]

# Data-entry bounds (inclusive). Wide on purpose: values outside them are not
# survivable for long or are impossible (SpO2 above 100 %), so they are typos.
_BOUNDS: Final[dict[str, tuple[int, int, str]]] = {
    "systolic": (40, 300, "mmHg"),
    "diastolic": (20, 200, "mmHg"),
    "heart_rate": (20, 250, "beats/min"),
    "spo2": (50, 100, "%"),
    "respiratory_rate": (4, 60, "breaths/min"),
}


def aware_datetime(value: object, *, field: str) -> datetime:
    """Return *value* if it is a timezone-aware datetime, else raise.

    Raises:
        ValidationError: *value* is not a datetime, or is naive (has no UTC offset).
    """
    if not isinstance(value, datetime):
        raise ValidationError(
            f"{field}: got {value!r} ({type(value).__name__}); expected a timezone-aware "
            "datetime such as datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)"
        )
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(
            f"{field}: got the naive datetime {value.isoformat()!r}; expected a timezone-aware "
            "datetime; attach the clinic's zone, e.g. "
            "value.replace(tzinfo=ZoneInfo('Europe/London'))"
        )
    return value


def _check_aware(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    aware_datetime(value, field=attribute.name)


def _check_reading(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    low, high, unit = _BOUNDS[attribute.name]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(
            f"{attribute.name}: got {value!r} ({type(value).__name__}); expected a number "
            f"of {unit} between {low} and {high}"
        )
    if not (math.isfinite(value) and low <= value <= high):
        raise ValidationError(
            f"{attribute.name}: got {value!r} {unit}; expected {low}–{high} {unit}; "
            "check the reading for a typo or a swapped field"
        )


@attrs.frozen(kw_only=True)
class VitalSigns:
    """One set of vital signs taken at one moment.

    Any reading may be absent, but systolic and diastolic pressure come
    together, and diastolic must be below systolic.
    """

    taken_at: datetime = attrs.field(validator=_check_aware)
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
            raise ValidationError(
                f"blood pressure: got systolic={self.systolic!r} and diastolic={self.diastolic!r}; "
                "expected both or neither; record the full reading such as 132/84"
            )
        if (
            self.systolic is not None
            and self.diastolic is not None
            and self.diastolic >= self.systolic
        ):
            raise ValidationError(
                f"diastolic: got {self.diastolic!r} mmHg with systolic {self.systolic!r} mmHg; "
                "expected diastolic below systolic; the two may have been swapped"
            )
        if all(
            getattr(self, name) is None
            for name in ("systolic", "heart_rate", "spo2", "respiratory_rate")
        ):
            raise ValidationError(
                "vital signs: got no readings; expected at least one of blood pressure, "
                "heart rate, SpO2 or respiratory rate"
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
