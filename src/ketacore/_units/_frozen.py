"""Immutable quantities: the subclass of a registry's Quantity that refuses change in place."""

from __future__ import annotations

import math
import numbers
import operator
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any, Final, TypeAlias, cast

import pint

from ketacore._units._tables import _EXACT_SIZES, _NO_DIMENSIONS
from ketacore.exceptions import FrozenQuantityError

Quantity: TypeAlias = pint.Quantity[Any]
"""A pint quantity from the application registry (the type used in annotations)."""

Unit: TypeAlias = pint.Unit
"""A pint unit from the application registry."""


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
            reg = pint.get_application_registry().get()  # type: ignore[no-untyped-call]
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


def _refused(what: str, instead: str) -> Callable[..., None]:
    """A method that refuses to change a quantity in place (pint's ``ito`` family, ``put``)."""

    def refuse(self: Any, *args: Any, **kwargs: Any) -> None:
        raise _refusal(what)

    refuse.__doc__ = f"Refused: {instead}."
    return refuse


def _rebinding(op: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """An in-place operator that returns a new quantity, as ``+=`` does for int and float."""

    def apply(self: Any, other: Any) -> Any:
        return op(self, other)

    return apply


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

    ito = _refused("ito()", "use ``to``, which returns a new quantity")
    ito_base_units = _refused("ito_base_units()", "use ``to_base_units``")
    ito_reduced_units = _refused("ito_reduced_units()", "use ``to_reduced_units``")
    ito_root_units = _refused("ito_root_units()", "use ``to_root_units``")
    ito_preferred = _refused("ito_preferred()", "use ``to_preferred``")
    ito_unprefixed = _refused("ito_unprefixed()", "use ``to_unprefixed``")
    put = _refused("put()", "a quantity ketacore holds cannot be changed")
    fill = _refused("fill()", "a quantity ketacore holds cannot be changed")

    def __setitem__(self, key: Any, value: Any) -> None:
        raise _refusal("item assignment")

    # In-place operators return a new quantity, as for int and float: ``x += y``
    # rebinds x and never changes the object that a value holds.
    __iadd__ = _rebinding(operator.add)
    __isub__ = _rebinding(operator.sub)
    __imul__ = _rebinding(operator.mul)
    __itruediv__ = __idiv__ = _rebinding(operator.truediv)
    __ifloordiv__ = _rebinding(operator.floordiv)
    __imod__ = _rebinding(operator.mod)
    __ipow__ = _rebinding(operator.pow)

    def __copy__(self) -> Any:
        return self

    def __deepcopy__(self, memo: Any) -> Any:
        return self

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


def _frozen_class(base: type[Any], rebuild: Callable[[Any, Any], Quantity]) -> type[Any]:
    """Build the immutable subclass of one registry's Quantity class (once per registry).

    Pickling calls *rebuild* with the magnitude and units, so an unpickled
    quantity belongs to the registry in force where it is read.
    """

    def reduce(self: Any) -> tuple[Callable[[Any, Any], Quantity], tuple[Any, Any]]:
        return rebuild, (self._magnitude, self._units)

    namespace = {
        "__slots__": (),
        "__module__": "ketacore.units",
        "__reduce__": reduce,
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
