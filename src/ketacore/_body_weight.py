"""The one rule for what can be a person's body weight (doses and patient records share it)."""

from __future__ import annotations

from typing import Final, cast, overload

from ketacore._text import shown
from ketacore.exceptions import DoseError, ValidationError
from ketacore.units import Quantity, checked_magnitude, format_quantity, parse_quantity

# Hard limits on what can be a person's body weight, in kg. Below the lightest
# newborn known to have survived, Kwek Yu Xuan, 212 g at birth (Singapore, 2020;
# Guinness World Records "lightest birth", verified by the University of Iowa's
# Tiniest Babies Registry in 2021), a weight is a unit slip ('70 g', '70 mg');
# ketacore refuses below 200 g. No person has weighed 700 kg: the heaviest on
# record, Jon Brower Minnoch, was estimated at about 635 kg (Guinness World
# Records "heaviest man ever"). Weights possible for a person but outside the
# adult population ketacore serves are findings of ketacore.dose_checks.
_MIN_BODY_KG: Final = 0.2
_MAX_BODY_KG: Final = 700.0
_WEIGHT_EXAMPLE: Final = "70 kg"


@overload
def read_weight(weight: str, *, field: str = "weight") -> Quantity: ...
@overload
def read_weight(weight: object, *, field: str = "weight") -> object: ...
def read_weight(weight: object, *, field: str = "weight") -> object:
    """The one reading of a body weight: text (``"70 kg"``, ``"154 lb"``) becomes a mass.

    Anything else is returned as given, for the caller's own check.
    """
    if isinstance(weight, str):
        return parse_quantity(weight, kind="mass", field=field, example=_WEIGHT_EXAMPLE)
    return weight


def weight_in_kg(weight: object) -> float:
    """Return a body weight in kg after checking it can be a person's weight.

    A weight is a mass quantity or its text (``"70 kg"``, ``"154 lb"``), read as
    ``Patient.with_weight`` reads it. It is refused below 200 g (the lightest
    newborn known to have survived weighed 212 g) and above 700 kg: ``70 g`` or
    ``70 mg`` is a unit slip, not a patient.

    >>> from ketacore.units import quantity
    >>> weight_in_kg(quantity(154, "lb"))
    69.8532249...
    >>> weight_in_kg("154 lb")
    69.8532249...
    >>> weight_in_kg(quantity(70, "g"))
    Traceback (most recent call last):
    ketacore.exceptions.DoseError: weight: got '70 g', which cannot be a person's body weight; ...

    Raises:
        UnitError: *weight* is not a mass (``70 cm``), not a quantity, or text
            that is not one (``"70"``).
        DoseError: *weight* is not a possible body weight (0.2 kg to 700 kg).
    """
    return _body_weight_kg(weight, field="weight", error=DoseError)


def _body_weight_kg(weight: object, *, field: str, error: type[ValidationError]) -> float:
    """Check that *weight* can be a person's body weight and return it in kg (one rule)."""
    weight = read_weight(weight, field=field)
    kilograms = checked_magnitude(weight, "mass", "kg", field=field, example=_WEIGHT_EXAMPLE)
    if not _MIN_BODY_KG <= kilograms <= _MAX_BODY_KG:
        raise _not_a_body_weight(weight, kilograms, field, error)
    return kilograms


def _not_a_body_weight(
    weight: object, kilograms: float, field: str, error: type[ValidationError]
) -> ValidationError:
    described = shown(format_quantity(cast(Quantity, weight)))
    if kilograms <= 0:
        got, expected = described, "a body weight above zero"
    elif kilograms < _MIN_BODY_KG:
        got = f"{described}, which cannot be a person's body weight"
        expected = (
            f"at least {_MIN_BODY_KG:g} kg "
            "(the lightest newborn known to have survived weighed 212 g)"
        )
    else:
        got = f"{described}, which cannot be a person's body weight"
        expected = f"at most {_MAX_BODY_KG:g} kg (no person on record has weighed more)"
    return error(
        field=field,
        value=weight,
        got=got,
        expected=expected,
        fix="check the number and the unit, such as '70 kg' or '154 lb'",
    )
