"""Versioned documents ``{"schema_version", "type", "data"}``, and errors listing problems."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final, TypeVar, overload

import attrs
import cattrs

from ketacore._json import loads
from ketacore._serialization._converter import _UNIONS, _converter, _union_of
from ketacore._text import MAX_PROBLEMS, capped, shown, shown_shape
from ketacore.exceptions import KetacoreError, SerializationError
from ketacore.instruments import Instrument
from ketacore.patients import PatientId

T = TypeVar("T")

SCHEMA_VERSION: Final = 1
"""The version of the document format written by this ketacore."""


def _type_name(cls: Any) -> str:
    return getattr(cls, "__name__", None) or str(cls)


def to_dict(obj: object, cls: Any = None) -> dict[str, Any]:
    """Return *obj* as a JSON-ready document ``{"schema_version", "type", "data"}``.

    Args:
        obj: any ketacore value.
        cls: the type to write it as (needed for unions such as ``Dose``); default
            its own class.

    Raises:
        SerializationError: *obj* is not a ketacore value (documents hold ketacore
            values, not plain numbers, strings or containers).
    """
    if not attrs.has(type(obj)) or not type(obj).__module__.startswith("ketacore."):
        raise SerializationError(
            f"cannot write a {type(obj).__name__}: a document holds a ketacore value such as "
            "a Patient, a Dose or a Score"
        )
    target = type(obj) if cls is None else cls
    union = _union_of(target)
    if union is not None:
        # Members of a union always carry their "kind" tag, however they are written.
        target = type(obj)
        data = _converter().unstructure(obj, unstructure_as=union)
    else:
        data = _converter().unstructure(obj, unstructure_as=target)
    return {"schema_version": SCHEMA_VERSION, "type": _type_name(target), "data": data}


# Built once: json.dumps with any option builds a new encoder on every call.
_ENCODER: Final = json.JSONEncoder(allow_nan=False)


def to_json(obj: object, cls: Any = None, *, indent: int | None = None) -> str:
    """Return *obj* as a JSON document with a schema version (see :func:`to_dict`)."""
    if indent is None:
        return _ENCODER.encode(to_dict(obj, cls))
    return json.dumps(to_dict(obj, cls), indent=indent, allow_nan=False)


def _format_error(exc: BaseException, type_: type | None) -> str:
    if isinstance(exc, KetacoreError):
        return str(exc)
    if isinstance(exc, KeyError):
        return f"required field {exc.args[0]!r} is missing"
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return f"unknown field(s) {_names(exc.extra_fields)}; remove them"
    if isinstance(exc, AttributeError) and str(exc).endswith("has no attribute 'keys'"):
        return "expected a JSON object here"
    return cattrs.v.format_exception(exc, type_)


def _names(keys: Any) -> str:
    """A bounded list of key names, for a message."""
    return ", ".join(capped([shown(key) for key in sorted(map(str, keys))[: MAX_PROBLEMS + 1]]))


_DOCUMENT_KEYS: Final = frozenset({"schema_version", "type", "data"})

# The type names a document read as each union may carry.
_NAMES_OF: Final = {union: {member.__name__ for member in tags} for union, tags in _UNIONS.items()}

# The "kind" tag of each union member, by the name a document's "type" gives it.
_KIND_OF: Final = {
    member.__name__: tag for tags in _UNIONS.values() for member, tag in tags.items()
}

# Types written as a JSON string rather than an object.
_SCALAR_DOCUMENTS: Final = frozenset({PatientId, Instrument})


@overload
def from_dict(document: Any, cls: type[T]) -> T: ...
@overload
def from_dict(document: Any, cls: Any) -> Any: ...
def from_dict(document: Any, cls: Any) -> Any:
    """Read a document written by :func:`to_dict` back into a value of *cls*.

    Raises:
        SerializationError: the document is malformed, of another type, from a
            newer schema version, or describes a value that cannot exist. The
            message lists every problem with its JSON path.
    """
    if not isinstance(document, Mapping):
        raise _refused(
            "$",
            document,
            expected="a ketacore document {'schema_version': 1, 'type': ..., 'data': ...}",
        )
    version = document.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise _refused(
            "$.schema_version",
            version,
            expected=f"the whole number {SCHEMA_VERSION}",
            fix="this is not a ketacore document",
        )
    if version > SCHEMA_VERSION:
        raise _refused(
            "$.schema_version",
            version,
            got=f"{version}, written by a newer ketacore",
            fix=f"this ketacore reads schema {SCHEMA_VERSION} and older; upgrade ketacore to "
            "read it",
        )
    if version < 1:
        raise _refused("$.schema_version", version, expected="1 or more")
    if len(document) != 3 or not _DOCUMENT_KEYS.issuperset(document):
        raise _refused(
            "$",
            document,
            got=f"keys {_names(document)}",
            expected="exactly 'data', 'schema_version', 'type'",
        )
    union = _union_of(cls)
    expected = _NAMES_OF.get(cls) or {_type_name(cls)}
    if not isinstance(document["type"], str) or document["type"] not in expected:
        raise _refused("$.type", document["type"], expected=" or ".join(sorted(expected)))
    name, data = document["type"], document["data"]
    if union is not None:
        _check_kind(name, data)
    value = _structure(data, cls if union is None else union, "$.data", name)
    if _type_name(type(value)) != name:  # pragma: no cover - _check_kind refuses these first
        raise _refused("$.data.kind", name, got=f"a {type(value).__name__}", expected=f"a {name}")
    return value


def _check_kind(name: str, data: Any) -> None:
    """Refuse a union member whose ``kind`` tag contradicts the document's ``type``."""
    tag = _KIND_OF[name]
    if isinstance(data, Mapping) and "kind" in data and data["kind"] != tag:
        raise _refused(
            "$.data.kind",
            data["kind"],
            got=f"{shown(data['kind'])}, but $.type is {name!r}, whose kind is {tag!r}",
            fix="the document contradicts itself: correct the type or the kind",
        )


def _structure(data: Any, cls: Any, path: str, name: str) -> Any:
    if not isinstance(data, Mapping) and cls not in _SCALAR_DOCUMENTS:
        raise _refused(path, data, got=shown_shape(data), expected="an object")
    try:
        return _converter().structure(data, cls)
    except Exception as error:  # nothing but SerializationError may leave
        if isinstance(error, cattrs.BaseValidationError):
            problems = cattrs.transform_error(error, path=path, format_exception=_format_error)
        else:
            problems = [f"{_format_error(error, None)} @ {path}"]
        pairs = [_path_and_message(problem, path) for problem in problems]
        listed = capped([f"{where}: {message}" for where, message in pairs])
        failure = SerializationError(
            f"cannot read {name}: " + "; ".join(listed), field=pairs[0][0] if pairs else path
        )
        failure.problems = tuple(pairs[:MAX_PROBLEMS])
        raise failure from None


def _path_and_message(problem: str, path: str) -> tuple[str, str]:
    """Split cattrs' ``"message @ $.path"`` into ``($.path, message)``."""
    message, _, where = problem.rpartition(" @ ")
    return (where, message) if where else (path, problem)


def _refused(
    path: str,
    value: Any,
    *,
    got: str | None = None,
    expected: str | None = None,
    fix: str | None = None,
) -> SerializationError:
    """The error for one problem at *path* of a document, with it as its only problem."""
    error = SerializationError(
        field=path,
        value=value,
        got=shown(value) if got is None else got,
        expected=expected,
        fix=fix,
    )
    error.problems = ((path, str(error).removeprefix(f"{path}: ")),)
    return error


@overload
def from_json(text: str | bytes | bytearray, cls: type[T]) -> T: ...
@overload
def from_json(text: str | bytes | bytearray, cls: Any) -> Any: ...
def from_json(text: str | bytes | bytearray, cls: Any) -> Any:
    """Read a JSON document written by :func:`to_json` back into a value of *cls*.

    *text* is a ``str``, or ``bytes`` or ``bytearray`` in UTF-8, for every type.

    Raises:
        SerializationError: *text* is not JSON text in UTF-8, is longer than
            :data:`MAX_DOCUMENT_SIZE`, is nested deeper than :data:`MAX_DEPTH`,
            repeats a key in an object, holds ``NaN`` or ``Infinity``; or see
            :func:`from_dict`.
    """
    return from_dict(loads(text), cls)
