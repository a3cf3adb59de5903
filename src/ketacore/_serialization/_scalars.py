"""Strict reading of JSON scalars for ketacore's fields: numbers, text, booleans, enums."""

from __future__ import annotations

import contextlib
import enum
import math
from collections.abc import Callable
from typing import Any, Final

from ketacore._text import shown
from ketacore.exceptions import SerializationError


def _structure_float(data: Any, cls: Any) -> float:
    if type(data) is float:
        if math.isfinite(data):
            return data
    elif type(data) is int:
        return float(data)
    if isinstance(data, bool) or not isinstance(data, (int, float)) or not math.isfinite(data):
        raise SerializationError(f"got {shown(data)}; expected a finite number")
    return float(data)


def _structure_int(data: Any, cls: Any) -> int:
    if isinstance(data, bool) or not isinstance(data, int):
        raise SerializationError(f"got {shown(data)}; expected a whole number")
    return data


def _structure_str(data: Any, cls: Any) -> str:
    if not isinstance(data, str):
        raise SerializationError(f"got {shown(data)}; expected text")
    return data


def _structure_bool(data: Any, cls: Any) -> bool:
    if not isinstance(data, bool):
        raise SerializationError(f"got {shown(data)}; expected true or false")
    return data


_SCALARS: Final[dict[Any, Callable[[Any, Any], Any]]] = {
    int: _structure_int,
    float: _structure_float,
    str: _structure_str,
    bool: _structure_bool,
}


def _optional_float(data: Any, cls: Any) -> float | None:
    return None if data is None else _structure_float(data, cls)


def _optional_int(data: Any, cls: Any) -> int | None:
    return None if data is None else _structure_int(data, cls)


def _optional_str(data: Any, cls: Any) -> str | None:
    return None if data is None else _structure_str(data, cls)


def _optional_bool(data: Any, cls: Any) -> bool | None:
    return None if data is None else _structure_bool(data, cls)


_OPTIONAL_SCALARS: Final[dict[Any, Callable[[Any, Any], Any]]] = {
    int: _optional_int,
    float: _optional_float,
    str: _optional_str,
    bool: _optional_bool,
}


def _is_enum(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, enum.Enum) and _ours(cls)


def _ours(cls: type) -> bool:
    return cls.__module__.startswith("ketacore.")


def _structure_enum(data: Any, cls: Any) -> Any:
    member = None
    if type(data) in (str, int):  # only these can be members' values; never repr the rest
        with contextlib.suppress(ValueError):
            member = cls(data)
    # Exact JSON types: true is not the NYHA class 1, nor 2.0 the class 2.
    if member is None or type(member.value) is not type(data):
        allowed = [member.value for member in cls]
        raise SerializationError(f"got {shown(data)}; expected one of {allowed}")
    return member
