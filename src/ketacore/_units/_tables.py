"""The unit tables: what ketacore reads, how it writes units back, and what they measure."""

from __future__ import annotations

from fractions import Fraction
from typing import Final, Literal, get_args

Kind = Literal[
    "mass",
    "mass/mass",
    "volume",
    "mass/volume",
    "length",
    "time",
    "mass/time",
    "mass/mass/time",
    "volume/time",
    "dimensionless",
]
"""What a quantity measures, read from its units (``"mg/kg"`` is ``"mass/mass"``).

pint calls ``mg/kg`` dimensionless because the masses cancel; ketacore keeps the
difference between a fixed dose and a weight-based one, so kinds are read from
the units as written.
"""

_KINDS: Final = frozenset(get_args(Kind))

# Spellings clinicians write, mapped to pint's canonical unit names (section 3.5
# of the clinical reference). Lookup is case-insensitive except for the micro sign.
_SPELLINGS: Final[dict[str, str]] = {
    "mg": "milligram",
    "milligram": "milligram",
    "milligrams": "milligram",
    "mcg": "microgram",
    "µg": "microgram",  # micro sign U+00B5
    "μg": "microgram",  # Greek mu U+03BC
    "ug": "microgram",
    "microgram": "microgram",
    "micrograms": "microgram",
    "g": "gram",
    "gram": "gram",
    "grams": "gram",
    "kg": "kilogram",
    "kilogram": "kilogram",
    "kilograms": "kilogram",
    "lb": "pound",
    "lbs": "pound",
    "pound": "pound",
    "pounds": "pound",
    "ml": "milliliter",
    "millilitre": "milliliter",
    "milliliter": "milliliter",
    "cc": "milliliter",  # ISMP error-prone, accepted and stored as mL
    "l": "liter",
    "litre": "liter",
    "liter": "liter",
    "cm": "centimeter",
    "m": "meter",
    "in": "inch",
    "s": "second",
    "sec": "second",
    "min": "minute",
    "mins": "minute",
    "minute": "minute",
    "minutes": "minute",
    "h": "hour",
    "hr": "hour",
    "hrs": "hour",
    "hour": "hour",
    "hours": "hour",
    "d": "day",
    "day": "day",
    "days": "day",
    "wk": "week",
    "week": "week",
    "weeks": "week",
}

# How each canonical unit is written back, and what it measures.
_SYMBOLS: Final[dict[str, str]] = {
    "milligram": "mg",
    "microgram": "mcg",
    "gram": "g",
    "kilogram": "kg",
    "pound": "lb",
    "milliliter": "mL",
    "liter": "L",
    "centimeter": "cm",
    "meter": "m",
    "inch": "in",
    "second": "s",
    "minute": "min",
    "hour": "h",
    "day": "d",
    "week": "wk",
}
_BASE_KIND: Final[dict[str, str]] = {
    "milligram": "mass",
    "microgram": "mass",
    "gram": "mass",
    "kilogram": "mass",
    "pound": "mass",
    "milliliter": "volume",
    "liter": "volume",
    "centimeter": "length",
    "meter": "length",
    "inch": "length",
    "second": "time",
    "minute": "time",
    "hour": "time",
    "day": "time",
    "week": "time",
}

_EXAMPLES: Final[dict[str, str]] = {
    "mass": "a mass such as 'mg', 'g' or 'kg'",
    "mass/mass": "a mass per body mass such as 'mg/kg'",
    "volume": "a volume such as 'mL'",
    "mass/volume": "a concentration such as 'mg/mL'",
    "length": "a length such as 'cm'",
    "time": "a duration such as 'min' or 'h'",
    "mass/time": "a rate such as 'mg/min'",
    "mass/mass/time": "a weight-based rate such as 'mg/kg/h'",
    "volume/time": "a volume rate such as 'mL/h'",
    "dimensionless": "a plain number",
}
_DESCRIPTIONS: Final[dict[str, str]] = {
    "mass": "a mass",
    "mass/mass": "a mass per body mass",
    "volume": "a volume",
    "mass/volume": "a concentration",
    "length": "a length",
    "time": "a duration",
    "mass/time": "a mass rate",
    "mass/mass/time": "a weight-based rate",
    "volume/time": "a volume rate",
    "dimensionless": "a plain number",
}

# Whole amounts used as the example in messages, by kind, so that a weight's
# message never suggests '70 mg' (callers name a better one with example=).
_AMOUNT_EXAMPLES: Final[dict[str, str]] = {
    "mass": "35 mg",
    "mass/mass": "0.5 mg/kg",
    "volume": "3.5 mL",
    "mass/volume": "10 mg/mL",
    "length": "170 cm",
    "time": "40 min",
    "mass/time": "0.875 mg/min",
    "mass/mass/time": "0.75 mg/kg/h",
    "volume/time": "5.25 mL/h",
    "dimensionless": "2",
}
_ANY_DOSE_EXAMPLE: Final = "'35 mg' or '0.5 mg/kg'"

# Exact size of each unit ketacore spells, in pint's root units (gram, meter,
# second), for exact equality: the pound is 0.45359237 kg and the inch 2.54 cm
# exactly (international yard and pound agreement, 1959; clinical reference 3.5).
_GRAM: Final = (("gram", 1),)
_CUBIC_METRE: Final = (("meter", 3),)
_METRE: Final = (("meter", 1),)
_SECOND: Final = (("second", 1),)
_EXACT_SIZES: Final[dict[str, tuple[Fraction, tuple[tuple[str, int], ...]]]] = {
    "microgram": (Fraction(1, 10**6), _GRAM),
    "milligram": (Fraction(1, 1000), _GRAM),
    "gram": (Fraction(1), _GRAM),
    "kilogram": (Fraction(1000), _GRAM),
    "pound": (Fraction("453.59237"), _GRAM),
    "milliliter": (Fraction(1, 10**6), _CUBIC_METRE),
    "liter": (Fraction(1, 1000), _CUBIC_METRE),
    "centimeter": (Fraction(1, 100), _METRE),
    "meter": (Fraction(1), _METRE),
    "inch": (Fraction("0.0254"), _METRE),
    "second": (Fraction(1), _SECOND),
    "minute": (Fraction(60), _SECOND),
    "hour": (Fraction(3600), _SECOND),
    "day": (Fraction(86400), _SECOND),
    "week": (Fraction(604800), _SECOND),
}
_NO_DIMENSIONS: Final = ((), ())

_MAX_UNIT_PARTS: Final = 4
"""The most '/'-separated parts a unit may have: ketacore's longest is mg/kg/h (3)."""
