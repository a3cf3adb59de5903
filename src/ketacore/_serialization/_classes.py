"""Strict hooks on the fields of ketacore's own attrs classes (never on the caller's)."""

from __future__ import annotations

from collections.abc import Callable
from types import UnionType
from typing import Any, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, override

from ketacore._serialization._collections import _is_collection, _structure_collection
from ketacore._serialization._scalars import (
    _OPTIONAL_SCALARS,
    _SCALARS,
    _is_enum,
    _ours,
    _structure_enum,
)
from ketacore.exceptions import SerializationError


def _is_ketacore_class(cls: Any) -> bool:
    return isinstance(cls, type) and attrs.has(cls) and _ours(cls)


def _structure_ketacore_class(converter: cattrs.Converter) -> Callable[[Any], Any]:
    """A hook factory for ketacore's attrs classes: strict hooks on their fields only.

    The strict scalar and list-only collection hooks are attached to the fields
    of ketacore's classes (cattrs overrides), so a converter you configure keeps
    cattrs' own behaviour for your classes.
    """

    def factory(cls: Any) -> Any:
        attrs.resolve_types(cls)
        overrides: dict[str, Any] = {}
        for field in attrs.fields(cls):
            hook = _field_hook(field.type, converter)
            if hook is not None:
                overrides[field.name] = override(struct_hook=hook)
        return make_dict_structure_fn(cls, converter, **overrides)

    return factory


def _field_hook(cls: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any] | None:
    """The strict hook for a field of type *cls*, or None to leave it to the converter."""
    if cls in _SCALARS:
        return _SCALARS[cls]
    if _is_enum(cls):  # here too: cattrs reads an IntEnum with its int hook, before ours
        return _structure_enum
    arguments = get_args(cls)
    if _is_collection(cls):
        element = arguments[0]
        hook = _field_hook(element, converter) or converter.get_structure_hook(element)
        return _structure_collection(element, hook, get_origin(cls))
    if get_origin(cls) in (Union, UnionType) and type(None) in arguments:
        rest = tuple(argument for argument in arguments if argument is not type(None))
        if len(rest) == 1 and rest[0] in _OPTIONAL_SCALARS:
            return _OPTIONAL_SCALARS[rest[0]]
        inner = _field_hook(rest[0], converter) if len(rest) == 1 else None
        if inner is not None:
            return _optional(inner, rest[0])
    return None


def _optional(hook: Callable[[Any, Any], Any], inner: Any) -> Callable[[Any, Any], Any]:
    def structure(data: Any, _: Any) -> Any:
        return None if data is None else hook(data, inner)

    return structure


def _refuse_unknown(cls: Any) -> Callable[[Any], Any]:
    if cls in (int, float, str, bool, type(None)):
        return _identity

    def refuse(value: Any) -> Any:
        raise SerializationError(
            f"cannot write a {type(value).__name__}: ketacore has no JSON form for it"
        )

    return refuse


def _identity(value: Any) -> Any:
    return value
