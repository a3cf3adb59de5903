"""The unit façade: one pint registry, safe parsing of clinician text, typed helpers.

ketacore uses pint's *application registry* (``pint.get_application_registry()``),
looked up when needed, so quantities made by the caller with that registry mix
freely with ours. ketacore never builds a private registry and never replaces
the application registry.

Parsing never evaluates an expression: the text must be one plain decimal number
(ASCII digits) followed by one unit from a fixed list of spellings clinicians use.

>>> from ketacore.units import parse_quantity, quantity, format_quantity
>>> parse_quantity("0.5 mg/kg", kind="mass/mass")
<Quantity(0.5, 'milligram / kilogram')>
>>> quantity(154, "lb").to("kg").magnitude
69.8532249...
>>> format_quantity(parse_quantity("250 mcg"))
'250 mcg'

Every quantity ketacore makes, and every quantity a ketacore value holds, is
immutable (see :func:`freeze`), and two of them are equal when they denote
exactly the same amount: ``35 mg == 0.035 g``, with equal hashes.

>>> quantity(35, "mg") == quantity(0.035, "g")
True

This is the only module that talks to pint directly; the rest of ketacore goes
through the typed helpers here.
"""

from __future__ import annotations

import math
import numbers
import operator
import re
import threading
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any, Final, Literal, NamedTuple, TypeAlias, cast, get_args

import pint

from ketacore._text import MAX_TEXT_LENGTH, shown, too_long
from ketacore.exceptions import FrozenQuantityError, UnitError

__all__ = [
    "Kind",
    "Quantity",
    "Unit",
    "checked_magnitude",
    "convert",
    "format_quantity",
    "freeze",
    "is_quantity",
    "kind_of",
    "magnitude",
    "parse_quantity",
    "parse_quantity_kind",
    "parse_unit",
    "quantity",
    "registry",
    "require_kind",
]

Quantity: TypeAlias = pint.Quantity[Any]
"""A pint quantity from the application registry (the type used in annotations)."""

Unit: TypeAlias = pint.Unit
"""A pint unit from the application registry."""

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

# ASCII digits only ([0-9], not \d, which also matches '３' and '٣'); possessive
# quantifiers on stripped text, so matching never backtracks over long runs.
_TEXT_RE: Final = re.compile(
    r"(?P<number>[+-]?(?:[0-9]++(?:\.[0-9]*+)?+|\.[0-9]++))\s*+(?P<unit>\S.*)?"
)
_FOREIGN_DIGIT_RE: Final = re.compile(r"(?![0-9])\d")
_COMMA_DECIMAL_RE: Final = re.compile(r"[+-]?[0-9]*+,[0-9]")
_EXPRESSION_RE: Final = re.compile(r"[-+*^()0-9=<>!%]")


# ---------------------------------------------------------------- the registry


class _Ready(NamedTuple):
    """The application registry in force, fully built, and its immutable Quantity class."""

    registry: Any
    frozen: type[Any]


_LOCK: Final = threading.Lock()
_ready: _Ready | None = None
_FROZEN_CLASSES: Final[dict[type[Any], type[Any]]] = {}


# pint's one ApplicationRegistry wrapper (set_application_registry changes what
# it wraps, never the wrapper itself).
_APPLICATION: Final = pint.get_application_registry()  # type: ignore[no-untyped-call]


def _state() -> _Ready:
    """Return the registry in force, building it first (once, under a lock) if needed."""
    # Ask the application registry for the registry in force now (its
    # attribute forwarding is slow); never cache it across calls.
    current = _APPLICATION.get()
    ready = _ready
    if ready is not None and ready.registry is current:
        return ready
    return _adopt()


def _adopt() -> _Ready:
    global _ready
    with _LOCK:
        current = pint.get_application_registry().get()  # type: ignore[no-untyped-call]
        ready = _ready
        if ready is not None and ready.registry is current:
            return ready
        # pint builds its default registry lazily and not under a lock: the lazy
        # object becomes a UnitRegistry before its units are defined, so another
        # thread sees "'kilogram' is not defined". Reading an attribute builds it
        # here, once, under ketacore's lock, before any cache uses it.
        base = current.Quantity
        frozen = _FROZEN_CLASSES.get(base)
        if frozen is None:
            frozen = _FROZEN_CLASSES[base] = _frozen_class(base)
        for cache in _CACHES:
            cache.cache_clear()
        _ready = _Ready(current, frozen)
        return _ready


def registry() -> Any:
    """Return pint's application registry, the one registry ketacore uses.

    It is looked up on every call, so a caller who installs their own
    registry with ``pint.set_application_registry`` before using ketacore is
    honoured. Building it costs about 150 ms, paid on first use only; the first
    use is made under a lock, so threads may start using ketacore together.
    """
    _state()
    return pint.get_application_registry()  # type: ignore[no-untyped-call]


# ---------------------------------------------------------- immutable quantities


def _refusal(what: str) -> FrozenQuantityError:
    return FrozenQuantityError(
        f"quantity: {what} would change a quantity in place, and the quantities ketacore "
        "makes and holds are immutable; use q.to('mg') (or q.to_base_units()), which "
        "returns a new quantity"
    )


def _exact_number(number: object) -> Fraction | None:
    """The exact decimal a finite real magnitude stands for (a float as its shortest repr)."""
    if type(number) is float:
        return Fraction(repr(number)) if math.isfinite(number) else None
    if isinstance(number, numbers.Rational):
        return Fraction(int(number.numerator), int(number.denominator))
    if isinstance(number, Decimal):
        return Fraction(number) if number.is_finite() else None
    if isinstance(number, numbers.Real):
        as_float = float(number)
        return Fraction(repr(as_float)) if math.isfinite(as_float) else None
    return None


@lru_cache(maxsize=1024)
def _units_key(units: Any) -> tuple[Any, Fraction] | None:
    """The dimensions as written (numerator, denominator) and the exact size of *units*.

    ``mg/kg`` keeps a mass over a mass (it is not a plain number here). None for
    units that have no exact multiplicative size (offset units, odd powers).
    """
    up: dict[str, float] = {}
    down: dict[str, float] = {}
    size = Fraction(1)
    for name, power in units.items():
        known = _EXACT_SIZES.get(name)
        if known is None:
            reg = _state().registry
            if not reg._is_multiplicative(name):
                return None
            factor, root = reg.get_root_units(name)
            known = (Fraction(repr(float(factor))), tuple(root._units.items()))
        if power != int(power):
            return None
        size *= known[0] ** int(power)
        for root_name, root_power in known[1]:
            total = root_power * power
            side = up if total > 0 else down
            side[root_name] = side.get(root_name, 0) + abs(total)
    return (tuple(sorted(up.items())), tuple(sorted(down.items()))), size


def _key(value: Any) -> tuple[Any, ...]:
    """What equality and hashing of an immutable quantity are computed from."""
    units_key = _units_key(value._units)
    number = _exact_number(value._magnitude)
    if units_key is None or number is None:
        return ("as written", value._units, value._magnitude)
    return ("exact", units_key[0], number * units_key[1])


# What pint itself sets on a quantity: its two fields when it is built, and a
# cache of the dimensionality (derived from the units) on first use.
_SET_ONCE: Final = frozenset({"_magnitude", "_units", "_dimensionality"})


class _Immutable:
    """The behaviour added to the registry's Quantity class to make it immutable."""

    __slots__ = ()
    _ketacore_plain: type[Any]

    def __new__(cls, value: Any, units: Any = None) -> Any:
        made = cast(Any, super()).__new__(cls, value, units)
        if isinstance(made._magnitude, numbers.Number):
            return made
        # An array can be changed through its own buffer: not immutable, so a
        # result with an array magnitude is a plain quantity of the registry.
        return cls._ketacore_plain(made._magnitude, made._units)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SET_ONCE and name not in cast(Any, self).__dict__:
            object.__setattr__(self, name, value)  # pint's constructor or cache, once
            return
        raise _refusal(f"setting {name!r}")

    def __delattr__(self, name: str) -> None:
        raise _refusal(f"deleting {name!r}")

    def ito(self, *args: Any, **kwargs: Any) -> None:
        """Refused: use ``to``, which returns a new quantity."""
        raise _refusal("ito()")

    def ito_base_units(self, *args: Any, **kwargs: Any) -> None:
        """Refused: use ``to_base_units``."""
        raise _refusal("ito_base_units()")

    def ito_reduced_units(self, *args: Any, **kwargs: Any) -> None:
        """Refused: use ``to_reduced_units``."""
        raise _refusal("ito_reduced_units()")

    def ito_root_units(self, *args: Any, **kwargs: Any) -> None:
        """Refused: use ``to_root_units``."""
        raise _refusal("ito_root_units()")

    def ito_preferred(self, *args: Any, **kwargs: Any) -> None:
        """Refused: use ``to_preferred``."""
        raise _refusal("ito_preferred()")

    def ito_unprefixed(self, *args: Any, **kwargs: Any) -> None:
        """Refused: use ``to_unprefixed``."""
        raise _refusal("ito_unprefixed()")

    def __setitem__(self, key: Any, value: Any) -> None:
        raise _refusal("item assignment")

    def put(self, *args: Any, **kwargs: Any) -> None:
        """Refused: a quantity ketacore holds cannot be changed."""
        raise _refusal("put()")

    def fill(self, *args: Any, **kwargs: Any) -> None:
        """Refused: a quantity ketacore holds cannot be changed."""
        raise _refusal("fill()")

    # In-place operators return a new quantity, as for int and float: ``x += y``
    # rebinds x and never changes the object that a value holds.
    def __iadd__(self, other: Any) -> Any:
        return cast(Any, self) + other

    def __isub__(self, other: Any) -> Any:
        return cast(Any, self) - other

    def __imul__(self, other: Any) -> Any:
        return cast(Any, self) * other

    def __itruediv__(self, other: Any) -> Any:
        return cast(Any, self) / other

    __idiv__ = __itruediv__

    def __ifloordiv__(self, other: Any) -> Any:
        return cast(Any, self) // other

    def __imod__(self, other: Any) -> Any:
        return cast(Any, self) % other

    def __ipow__(self, other: Any) -> Any:
        return cast(Any, self) ** other

    def __copy__(self) -> Any:
        return self

    def __deepcopy__(self, memo: Any) -> Any:
        return self

    def __reduce__(self) -> tuple[Callable[[Any, Any], Quantity], tuple[Any, Any]]:
        own = cast(Any, self)
        return _unpickle, (own._magnitude, own._units)

    # Equality: the same amount, computed exactly (35 mg == 0.035 g), and a hash
    # from the same key, so the two agree by construction.
    def __eq__(self, other: object) -> Any:
        own = cast(Any, self)
        if isinstance(other, pint.Quantity):
            mine, theirs = own._magnitude, other._magnitude
            if type(mine) is float and type(theirs) is float and own._units == other._units:
                return mine == theirs  # equal floats have equal shortest reprs
            if not isinstance(theirs, numbers.Number):
                return cast(Any, super()).__eq__(other)  # element-wise, as pint does
            return _key(self) == _key(other)
        if isinstance(other, numbers.Number):
            key = _key(self)
            return key[0] == "exact" and key[1] == _NO_DIMENSIONS and key[2] == _exact_number(other)
        return NotImplemented

    def __ne__(self, other: object) -> Any:
        equal = self.__eq__(other)
        if equal is NotImplemented:
            return equal
        return not equal if isinstance(equal, bool) else ~equal  # numpy: element-wise

    def __hash__(self) -> int:
        key = _key(self)
        if key[0] == "exact" and key[1] == _NO_DIMENSIONS:
            return hash(key[2])  # as a plain number of that value
        return hash(key)

    def compare(self, other: Any, op: Any) -> Any:
        """Order two quantities exactly when both have an exact size, else as pint does."""
        if isinstance(other, pint.Quantity) and isinstance(other._magnitude, numbers.Number):
            mine, theirs = _key(self), _key(other)
            if mine[0] == theirs[0] == "exact" and mine[1] == theirs[1]:
                return op(mine[2], theirs[2])
        return cast(Any, super()).compare(other, op)

    def __lt__(self, other: Any) -> Any:
        return self.compare(other, operator.lt)

    def __le__(self, other: Any) -> Any:
        return self.compare(other, operator.le)

    def __gt__(self, other: Any) -> Any:
        return self.compare(other, operator.gt)

    def __ge__(self, other: Any) -> Any:
        return self.compare(other, operator.ge)


def _refuse_shape(self: Any, value: Any) -> None:
    raise _refusal("setting the shape")


def _frozen_class(base: type[Any]) -> type[Any]:
    """Build the immutable subclass of one registry's Quantity class (once per registry)."""
    namespace = {
        "__slots__": (),
        "__module__": __name__,
        "_ketacore_plain": base,
        "shape": property(base.shape.fget, _refuse_shape),
    }
    return type("FrozenQuantity", (_Immutable, base), namespace)


def _make(frozen: type[Any], number: float, units: Any) -> Quantity:
    """Build an immutable quantity from a float and a pint UnitsContainer, on the hot path.

    pint's general constructor spends about 2.5 µs sniffing the types of its
    arguments; for a float and a UnitsContainer all it does in the end is set
    these two attributes, which is what happens here (0.2 µs). pint is pinned
    below 0.26 and ``tests/test_units.py`` checks the result equals the
    constructor's.
    """
    instance = object.__new__(frozen)
    state = instance.__dict__
    state["_magnitude"] = number
    state["_units"] = units
    return cast(Quantity, instance)


def _new_quantity(number: float, units: Any) -> Quantity:
    """Build an immutable quantity of the registry in force from a float and a UnitsContainer."""
    return _make(_state().frozen, number, units)


def _unpickle(number: Any, units: Any) -> Quantity:
    return _new_quantity(number, units)


def _hold(value: Quantity) -> Quantity:
    """Converter for a quantity field of a ketacore value: an immutable copy of it.

    A finite int or float quantity is copied into the immutable type (a no-op
    for one that already is); anything else is returned unchanged, for the
    field's validator to reject with a message naming the field.
    """
    if isinstance(value, _Immutable) or not isinstance(value, pint.Quantity):
        return value
    number = value._magnitude
    if isinstance(number, bool) or not isinstance(number, int | float):
        return value
    try:
        as_float = float(number)
    except OverflowError:
        return value
    return _make(_state().frozen, as_float, value._units)


def _hold_optional(value: Quantity | None) -> Quantity | None:
    """:func:`_hold` for a field that may be None."""
    return None if value is None else _hold(value)


def freeze(value: Quantity, *, field: str = "quantity") -> Quantity:
    """Return an immutable copy of *value*, a quantity with a finite number as magnitude.

    ketacore does this to every quantity it keeps, so a caller changing their
    own quantity later never changes a ketacore value. The copy belongs to the
    application registry, mixes with its plain quantities, and refuses to be
    changed in place.

    >>> import pint
    >>> from ketacore.units import freeze
    >>> mine = pint.get_application_registry().Quantity(70, "kg")
    >>> held = freeze(mine)
    >>> held == mine, held is mine
    (True, False)
    >>> held.magnitude = 154
    Traceback (most recent call last):
    ketacore.exceptions.FrozenQuantityError: quantity: setting 'magnitude' would change ...

    Raises:
        UnitError: *value* is not a quantity, or its magnitude is not a finite number.
    """
    if not isinstance(value, pint.Quantity):
        raise UnitError(
            f"{field}: got {shown(value)} ({type(value).__name__}); expected a quantity with "
            "a unit; use ketacore.units.quantity(value, unit), such as quantity(35, 'mg')"
        )
    _check_number(value._magnitude, field, value)
    return _hold(value)


def is_quantity(value: object) -> bool:
    """Return whether *value* is a pint quantity (from any registry)."""
    return isinstance(value, pint.Quantity)


# --------------------------------------------------------------------- parsing


def _check_number(value: object, field: str, about: object) -> float:
    """Return *value* as a finite float, else raise; *about* is what the message quotes."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UnitError(
            f"{field}: got {_describe(about)} ({type(value).__name__}); expected a number; "
            "pass an int or float such as 35 or 0.5"
        )
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise UnitError(
            f"{field}: got {_describe(about)}; expected a finite number; NaN, infinity and "
            "numbers beyond floating point are not amounts"
        )
    return number


def _describe(about: object) -> str:
    """Quote a value for a message, boundedly: a quantity as clinicians write it."""
    return _quoted(about) if isinstance(about, pint.Quantity) else shown(about)


def _quoted(value: Any) -> str:
    """A bounded, quoted description of a quantity for a message."""
    try:
        text = format_quantity(value)
    except Exception:  # an array or odd magnitude: describe it by its repr
        return shown(value)
    return shown(text)


class _BadUnitError(Exception):
    """A unit text was rejected; carries the reason, worded for any field."""


def _unit_parts(text: str) -> list[str]:
    """Split a unit on '/' and on the word 'per' (in linear time, without a regex)."""
    parts: list[str] = []
    for piece in text.split("/"):
        words: list[str] = []
        for word in piece.split():
            if word.lower() == "per":
                parts.append(" ".join(words))
                words = []
            else:
                words.append(word)
        parts.append(" ".join(words))
    return parts


@lru_cache(maxsize=256)
def _parse_unit_cached(text: str) -> tuple[pint.Unit, str]:
    stripped = text.strip()
    if not stripped:
        raise _BadUnitError("with no unit; expected a number followed by a unit such as 'mg'")
    if _FOREIGN_DIGIT_RE.search(stripped):
        raise _BadUnitError(
            "which has digits other than ASCII 0-9; write numbers with the ASCII digits 0-9"
        )
    if _EXPRESSION_RE.search(stripped):
        raise _BadUnitError(
            "which looks like an expression or has more than one number; ketacore does not "
            "evaluate expressions; write a single amount such as '35 mg'"
        )
    parts = _unit_parts(stripped)
    if len(parts) > _MAX_UNIT_PARTS:
        raise _BadUnitError(
            f"whose unit has {len(parts)} parts; ketacore reads units of at most "
            f"{_MAX_UNIT_PARTS} parts, such as 'mg/kg/h'"
        )
    names: list[tuple[str, int]] = []
    for position, token in enumerate(parts):
        name = _SPELLINGS.get(token if token in ("µg", "μg") else token.lower())
        if name is None:
            raise _BadUnitError(
                f"the unit {shown(token)} is not one ketacore knows; use mg, mcg, g, kg, lb, "
                "mL, min or h, combined with '/' as in 'mg/kg' or 'mg/kg/h'"
            )
        names.append((name, 1 if position == 0 else -1))
    units = _state().registry.parse_units(
        " ".join(f"{'/ ' if power < 0 else ''}{name}" for name, power in names)
    )
    kind = "/".join(_BASE_KIND[name] for name, _ in names)
    return cast(pint.Unit, units), kind if kind in _KINDS else "other"


def _unit_and_kind(text: str, *, field: str, whole: str) -> tuple[pint.Unit, str]:
    try:
        return _parse_unit_cached(text)
    except _BadUnitError as error:
        raise UnitError(f"{field}: got {shown(whole)}, {error}") from None


def _refuse_long(text: str, field: str, example: str) -> None:
    refusal = too_long(text, field, example=example)
    if refusal is not None:
        raise UnitError(refusal)


_MAX_TEXT: Final = MAX_TEXT_LENGTH


def parse_unit(text: str, *, field: str = "unit") -> Unit:
    """Parse a unit as clinicians write it (``"mg/kg"``, ``"mcg"``, ``"cc"``, ``"mg/kg/h"``).

    A unit has at most four parts joined by ``/`` or ``per``.

    Raises:
        UnitError: the unit is empty, unknown, too long, or an expression.
    """
    if not isinstance(text, str):
        raise UnitError(
            f"{field}: got {shown(text)} ({type(text).__name__}); expected text like 'mg'"
        )
    _refuse_long(text, field, "'mg'")
    return _unit_and_kind(text, field=field, whole=text)[0]


def _examples(kind: str | None, example: str | None) -> tuple[str, str]:
    """The example amount for messages, quoted, and its unit (from *example* or the kind)."""
    amount = example or (_AMOUNT_EXAMPLES.get(kind) if kind else None)
    if amount is None:
        return _ANY_DOSE_EXAMPLE, "mg"
    return f"'{amount}'", amount.partition(" ")[2] or "mg"


def _unreadable(text: str, stripped: str, field: str, such_as: str, unit: str) -> UnitError:
    described = shown(text)
    if not stripped:
        return UnitError(
            f"{field}: got {described}, which is empty; expected a number followed by a unit, "
            f"such as {such_as}"
        )
    if _FOREIGN_DIGIT_RE.search(stripped):
        return UnitError(
            f"{field}: got {described}, which has digits other than ASCII 0-9; write the "
            f"number with the ASCII digits 0-9, such as {such_as}"
        )
    if _COMMA_DECIMAL_RE.match(stripped):
        return _comma_error(field, described, unit)
    return UnitError(
        f"{field}: got {described}; expected a number followed by a unit, such as {such_as}; "
        "write the amount first, as digits"
    )


def _comma_error(field: str, described: str, unit: str) -> UnitError:
    return UnitError(
        f"{field}: got {described}, which uses a comma; ketacore never guesses whether a "
        f"comma is a decimal mark; write the decimal with a point, as in '0.5 {unit}'"
    )


def _parse(
    text: str, field: str, kind: str | None = None, example: str | None = None
) -> tuple[Quantity, str]:
    """Parse *text* into a quantity and its kind (the shared work of the parsers)."""
    if not isinstance(text, str):
        raise UnitError(
            f"{field}: got {shown(text)} ({type(text).__name__}); expected text such as "
            f"{_examples(kind, example)[0]}"
        )
    if len(text) > _MAX_TEXT:  # checked before any other work (the message: too_long)
        _refuse_long(text, field, _examples(kind, example)[0])
    stripped = text.strip()
    match = _TEXT_RE.fullmatch(stripped)
    if match is None:
        raise _unreadable(text, stripped, field, *_examples(kind, example))
    number_text, unit_text = match.group("number", "unit")
    if unit_text is None:
        unit = _examples(kind, example)[1]
        raise UnitError(
            f"{field}: got {shown(text)} with no unit; expected a number followed by a unit; "
            f"add the unit, for example '{number_text} {unit}'"
        )
    if unit_text[0] == "," and unit_text[1:2] in tuple("0123456789"):
        raise _comma_error(field, shown(text), _examples(kind, example)[1])
    try:
        units, found = _parse_unit_cached(unit_text)
    except _BadUnitError as error:
        raise UnitError(f"{field}: got {shown(text)}, {error}") from None
    # Finite by construction: at most 200 characters of ASCII digits is below
    # 1e200, far from the float limit (1.8e308); NaN and infinity do not match.
    number = float(number_text)
    ready = _ready
    if ready is None or ready.registry is not _APPLICATION.get():
        ready = _adopt()
    made = object.__new__(ready.frozen)  # _make, inlined on the hottest path
    fields = made.__dict__
    fields["_magnitude"] = number
    fields["_units"] = units._units
    return made, found


def parse_quantity(
    text: str, *, kind: Kind | None = None, field: str = "quantity", example: str | None = None
) -> Quantity:
    """Parse clinician text such as ``"0.5 mg/kg"`` into a quantity, safely.

    The text must be one plain decimal number in ASCII digits and one unit.
    Nothing is evaluated: ``"1 mg + 1 g"``, ``"2**10 mg"``, ``"mg"`` alone and
    ``"35"`` with no unit are all rejected, as is ``"0,5 mg"`` (a comma decimal
    could be misread, so it is never guessed) and text longer than 200
    characters.

    Args:
        text: what the clinician typed.
        kind: if given, what the quantity must measure (``"mass"``, ``"mass/mass"``, ...).
        field: the field name used in error messages.
        example: the amount that error messages suggest (default: one of the
            kind, such as ``"35 mg"``); a body weight passes ``"70 kg"``.

    Raises:
        UnitError: the text is not a single number and known unit, or is of the wrong kind.
    """
    value, found = _parse(text, field, kind, example)
    if kind is not None and found != kind:
        raise _wrong_kind(field, shown(text), found, kind, example)
    return value


def parse_quantity_kind(
    text: str, *, field: str = "quantity", example: str | None = None
) -> tuple[Quantity, str]:
    """Parse *text* like :func:`parse_quantity` and also return its kind.

    >>> parse_quantity_kind("35 mg")
    (<Quantity(35.0, 'milligram')>, 'mass')
    """
    return _parse(text, field, None, example)


def quantity(value: float, unit: str | Unit, *, field: str = "quantity") -> Quantity:
    """Build an (immutable) quantity from a number and a unit, as ``quantity(70, "kg")``.

    The magnitude is stored as a float. Bools, NaN, infinity and integers
    beyond floating point are rejected.

    Raises:
        UnitError: the value is not a finite number, or the unit is unknown.
    """
    number = _check_number(value, field, value)
    units = unit if isinstance(unit, pint.Unit) else parse_unit(unit, field=field)
    ready = _ready
    if ready is None or ready.registry is not _APPLICATION.get():
        ready = _adopt()
    made = object.__new__(ready.frozen)  # _make, inlined on the hottest path
    fields = made.__dict__
    fields["_magnitude"] = number
    fields["_units"] = units._units
    return cast(Quantity, made)


@lru_cache(maxsize=512)
def _kind_of_units(units: Any) -> str:
    numerator: list[str] = []
    denominator: list[str] = []
    for name, power in units.items():
        base = _BASE_KIND.get(name)
        if base is None:
            dims = str(_state().registry.get_dimensionality(name))
            base = {"[mass]": "mass", "[length]": "length", "[time]": "time"}.get(
                dims, "volume" if dims == "[length] ** 3" else "other"
            )
        if power == 1:
            numerator.append(base)
        elif power == -1:
            denominator.append(base)
        else:
            return "other"
    if not numerator and not denominator:
        return "dimensionless"
    kind = "/".join([*numerator, *denominator])
    return kind if kind in _KINDS and len(numerator) <= 1 else "other"


@lru_cache(maxsize=1024)
def _factor(source: Any, target: Any) -> float:
    reg = _state().registry
    return float(reg.Quantity(1.0, reg.Unit(source)).to(reg.Unit(target)).magnitude)


def kind_of(value: Quantity) -> str:
    """Return what a quantity measures, read from its units (``"mass/mass"`` for mg/kg).

    Returns ``"other"`` for combinations ketacore does not use.
    """
    return _kind_of_units(value._units)


def _wrong_kind(
    field: str, described: str, found: str, expected: str, example: str | None = None
) -> UnitError:
    what = _DESCRIPTIONS.get(found, "not a unit ketacore uses here")
    needs = (
        _EXAMPLES[expected]
        if example is None
        else f"{_DESCRIPTIONS[expected]} such as {_examples(expected, example)[0]}"
    )
    return UnitError(f"{field}: got {described}, which is {what}; {field} needs {needs}")


def _not_a_quantity(value: object, kind: str, field: str, example: str | None) -> UnitError:
    such_as = _EXAMPLES[kind] if example is None else f"such as {_examples(kind, example)[0]}"
    return UnitError(
        f"{field}: got {shown(value)} ({type(value).__name__}); expected a quantity with a "
        f"unit; use ketacore.units.quantity(value, unit) with {such_as}"
    )


def require_kind(value: object, kind: Kind, *, field: str, example: str | None = None) -> Quantity:
    """Return *value* if it is a quantity of the given kind, else raise.

    Raises:
        UnitError: *value* is not a quantity, or measures something else
            (``70 cm`` given as a weight).
    """
    if not isinstance(value, pint.Quantity):
        raise _not_a_quantity(value, kind, field, example)
    found = _kind_of_units(value._units)
    if found != kind:
        raise _wrong_kind(field, _quoted(value), found, kind, example)
    number = value.magnitude
    if isinstance(number, bool) or not isinstance(number, int | float) or not math.isfinite(number):
        _check_number(number, field, value)
    return value


@lru_cache(maxsize=1024)
def _factor_if_kind(units: Any, kind: str, unit: str) -> float | None:
    if _kind_of_units(units) != kind:
        return None
    return _factor(units, parse_unit(unit)._units)


def checked_magnitude(
    value: object, kind: Kind, unit: str, *, field: str, example: str | None = None
) -> float:
    """Check that *value* is a finite quantity of *kind* and return its magnitude in *unit*.

    This is the one-step check that validators use: one cached lookup answers
    both "is it the right kind?" and "how many *unit* is it?".

    >>> from ketacore.units import checked_magnitude, quantity
    >>> checked_magnitude(quantity(154, "lb"), "mass", "kg", field="weight")
    69.8532249...
    >>> checked_magnitude(quantity(70, "cm"), "mass", "kg", field="weight", example="70 kg")
    Traceback (most recent call last):
    ketacore.exceptions.UnitError: weight: got '70 cm', which is a length; weight needs a mass ...

    Raises:
        UnitError: *value* is not a quantity, is of another kind, or is not finite.
    """
    if not isinstance(value, pint.Quantity):
        raise _not_a_quantity(value, kind, field, example)
    factor = _factor_if_kind(value._units, kind, unit)
    if factor is None:
        raise _wrong_kind(field, _quoted(value), _kind_of_units(value._units), kind, example)
    number = value.magnitude
    if isinstance(number, bool) or not isinstance(number, int | float) or not math.isfinite(number):
        _check_number(number, field, value)
    try:
        return float(number) * factor
    except OverflowError:  # an int beyond floating point
        _check_number(math.inf, field, value)
        raise


def convert(value: Quantity, unit: str | Unit) -> Quantity:
    """Return *value* expressed in *unit*, as a new (immutable) quantity (never in place).

    Raises:
        UnitError: the units measure different things.
    """
    units = unit if isinstance(unit, pint.Unit) else parse_unit(unit)
    return _make(_state().frozen, magnitude(value, units), units._units)


def magnitude(value: Quantity, unit: str | Unit) -> float:
    """Return the number of *unit* in *value*: the only way to drop a unit, explicitly.

    Conversion factors are cached per pair of units, so this is much cheaper
    than ``value.to(unit).magnitude``.

    >>> from ketacore.units import magnitude, quantity
    >>> magnitude(quantity(154, "lb"), "kg")
    69.8532249...

    Raises:
        UnitError: the units measure different things.
    """
    units = unit if isinstance(unit, pint.Unit) else parse_unit(unit)
    try:
        return float(value.magnitude) * _factor(value._units, units._units)
    except pint.DimensionalityError:
        raise UnitError(
            f"cannot express {_quoted(value)} in {shown(str(unit))}: they measure different things"
        ) from None


def _format_number(number: float) -> str:
    # Shortest text that reads back as the same float, never in exponent form
    # (the parser accepts plain decimals only).
    text = format(Decimal(repr(float(number))), "f")
    return text[:-2] if text.endswith(".0") else text


def format_quantity(value: Quantity) -> str:
    """Write a quantity the way clinicians do, so that parsing it gives it back.

    >>> from ketacore.units import format_quantity, quantity
    >>> format_quantity(quantity(0.5, "mg/kg"))
    '0.5 mg/kg'
    """
    parts_up: list[str] = []
    parts_down: list[str] = []
    for name, power in value._units.items():
        symbol = _SYMBOLS.get(name, name)
        if power == 1:
            parts_up.append(symbol)
        elif power == -1:
            parts_down.append(symbol)
        else:
            return f"{_format_number(value.magnitude)} {value.units:~}"
    unit_text = "/".join(parts_up + parts_down) if parts_up else str(value.units)
    return f"{_format_number(value.magnitude)} {unit_text}"


# Every cache above that holds pint objects or registry answers; emptied when
# a new application registry comes into force.
_CACHES: Final = (_parse_unit_cached, _kind_of_units, _factor, _factor_if_kind, _units_key)
