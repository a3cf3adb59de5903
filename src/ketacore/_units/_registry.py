"""The one pint registry: the application registry in force, adopted once under a lock."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Final, NamedTuple, TypeVar

import pint

from ketacore._units._frozen import Quantity, _frozen_class, _make, _units_key


class _Ready(NamedTuple):
    """The application registry in force, fully built, and its immutable Quantity class."""

    registry: Any
    frozen: type[Any]


_LOCK: Final = threading.Lock()
_ready: _Ready | None = None
_FROZEN_CLASSES: Final[dict[type[Any], type[Any]]] = {}

_C = TypeVar("_C", bound=Callable[..., Any])

# Every cache that holds pint objects or registry answers; emptied when a new
# application registry comes into force (each module adds its own).
_CACHES: Final[list[Any]] = [_units_key]


def _cleared_on_change(cache: _C) -> _C:
    """Register an ``lru_cache``'d function to be emptied when the registry changes."""
    _CACHES.append(cache)
    return cache


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
            frozen = _FROZEN_CLASSES[base] = _frozen_class(base, _unpickle)
        for cache in _CACHES:
            cache.cache_clear()
        _ready = _Ready(current, frozen)
        return _ready


def _frozen_now() -> type[Any]:
    """The immutable Quantity class of the registry in force (the hot path's check)."""
    ready = _ready
    if ready is None or ready.registry is not _APPLICATION.get():
        ready = _adopt()
    return ready.frozen


def registry() -> Any:
    """Return pint's application registry, the one registry ketacore uses.

    It is looked up on every call, so a caller who installs their own
    registry with ``pint.set_application_registry`` before using ketacore is
    honoured. Building it costs about 150 ms, paid on first use only; the first
    use is made under a lock, so threads may start using ketacore together.
    """
    _state()
    return pint.get_application_registry()  # type: ignore[no-untyped-call]


def _new_quantity(number: float, units: Any) -> Quantity:
    """Build an immutable quantity of the registry in force from a float and a UnitsContainer."""
    return _make(_state().frozen, number, units)


def _unpickle(number: Any, units: Any) -> Quantity:
    return _new_quantity(number, units)
