"""Dated body measurements: weight and height, as pint quantities."""

from __future__ import annotations

from datetime import date
from typing import Any, Final, cast

import attrs

from ketacore._body_weight import read_weight
from ketacore._text import shown
from ketacore._validators import calendar_date, fail
from ketacore.doses import _body_weight_kg
from ketacore.exceptions import PatientError
from ketacore.units import (
    Kind,
    Quantity,
    _hold,
    checked_magnitude,
    format_quantity,
    parse_quantity,
)

__all__ = ["HeightMeasurement", "WeightMeasurement"]

# Data-entry bounds, not clinical limits: they catch a wrong unit or a slipped
# digit. No one stands 3 m tall. Body weight has one rule, shared with the dose
# arithmetic (ketacore.doses: 0.2 kg to 700 kg, sourced there).
_MAX_HEIGHT_CM: Final = 300.0


def _weight_from_text(value: object) -> object:
    if isinstance(value, str):
        return read_weight(value)  # the one reading, shared with the dose arithmetic
    return _hold(cast(Quantity, value))


def _height_from_text(value: object) -> object:
    if isinstance(value, str):
        return parse_quantity(value, kind="length", field="height", example="170 cm")
    return _hold(cast(Quantity, value))


def _check_weight(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    _body_weight_kg(value, field=attribute.name, error=PatientError)


def _in_range(kind: Kind, unit: str, high: float, example: str) -> Any:
    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        number = checked_magnitude(value, kind, unit, field=attribute.name, example=example)
        if not 0 < number <= high:
            fail(
                PatientError,
                attribute.name,
                value,
                f"above zero and at most {high:g} {unit}",
                f"check the number and the unit, for example {example!r}",
                got=shown(format_quantity(value)),
            )

    return validate


@attrs.frozen(kw_only=True)
class WeightMeasurement:
    """A body weight measured on a day: a pint mass, entered in kg or lb (or as text).

    >>> WeightMeasurement(measured_on=date(2026, 3, 2), weight="180 lb").weight
    <Quantity(180.0, 'pound')>
    """

    measured_on: date = attrs.field(validator=calendar_date(error=PatientError))
    """The day it was measured."""
    weight: Quantity = attrs.field(
        converter=_weight_from_text,
        validator=_check_weight,
    )
    """The weight, as entered (kg or lb); an immutable copy of a quantity passed in."""


@attrs.frozen(kw_only=True)
class HeightMeasurement:
    """A body height measured on a day: a pint length, entered in cm, m or in (or as text)."""

    measured_on: date = attrs.field(validator=calendar_date(error=PatientError))
    """The day it was measured."""
    height: Quantity = attrs.field(
        converter=_height_from_text,
        validator=_in_range("length", "cm", _MAX_HEIGHT_CM, "172 cm"),
    )
    """The height, as entered."""
