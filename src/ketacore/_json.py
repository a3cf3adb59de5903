"""Strict reading of JSON text: bounded size and depth, no duplicate keys, finite numbers only.

:func:`json.loads` alone recurses once per nesting level (a document 1,000 levels
deep raises ``RecursionError``), keeps the last of two equal keys, and reads
``NaN``, ``Infinity`` and ``1e999`` as floats. :func:`loads` refuses all of these
with a :class:`~ketacore.exceptions.SerializationError`, checking the size before
any work and the depth with a linear scan (no recursion).

>>> loads('{"total": 12}')
{'total': 12}
>>> loads('{"total": 20, "total": 12}')
Traceback (most recent call last):
...
ketacore.exceptions.SerializationError: $.total: the key 'total' appears more than once ...
"""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from typing import Any, Final

from ketacore._text import shown
from ketacore.exceptions import SerializationError

__all__ = ["MAX_DEPTH", "MAX_DOCUMENT_SIZE", "loads"]

MAX_DOCUMENT_SIZE: Final = 4_000_000
"""The longest JSON text read: 4,000,000 characters (or bytes, for bytes input).

ketacore's choice, not a clinical number: a dosing session with its vitals and
scores is about 3 kB, so a course of 100 such sessions is about 0.3 MB.
"""

MAX_DEPTH: Final = 32
"""The deepest nesting of JSON arrays and objects read.

ketacore's choice: its deepest documents (courses holding sessions holding
scores) are nested 8 levels.
"""

# A JSON string, or an unterminated one up to the end: possessive, so linear.
_STRING: Final = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"?', re.DOTALL)
_NOT_BRACKET: Final = re.compile(r"[^\[\]{}]++")
_STEP: Final = {"[": 1, "{": 1, "]": -1, "}": -1}


class _DuplicateKeyError(Exception):
    """Raised inside :func:`json.loads` to stop at the first duplicate key."""


class _NotFiniteError(Exception):
    """Raised inside :func:`json.loads` for ``NaN``, ``Infinity`` or an overflowing number."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


class _Duplicated(dict[str, Any]):
    """An object with a repeated key (used only to find where the duplicate is)."""

    key: str = ""


def _depth(text: str) -> int:
    """Return how deeply *text* nests arrays and objects, or a lower bound above the limit."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return 0  # cannot nest deeper than the limit: skip the scan
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _DuplicateKeyError
    return result


def _marked(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    seen: set[str] = set()
    marked = _Duplicated(result)
    for key, _ in pairs:
        if key in seen:
            marked.key = key
            break
        seen.add(key)
    return marked


def _constant(text: str) -> Any:
    raise _NotFiniteError(text)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NotFiniteError(text)
    return value


def _step(path: str, key: object) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    text = str(key)
    return f"{path}.{text}" if text.isidentifier() and len(text) <= 40 else f"{path}[{shown(text)}]"


def _first_duplicate(document: Any) -> tuple[str, str]:
    """Return the path of the first object with a repeated key, in document order, and the key.

    The walk keeps its own stack: no recursion, whatever the depth.
    """
    stack: list[tuple[Any, str]] = [(document, "$")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, _Duplicated):
            return path, value.key
        if isinstance(value, dict):
            stack.extend((child, _step(path, key)) for key, child in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((child, _step(path, i)) for i, child in reversed(list(enumerate(value))))
    raise AssertionError("no duplicate key")  # pragma: no cover - called after one was seen


# Built once: json.loads with options builds a new decoder on every call. A decoder
# is safe to share between threads (json.loads shares its default one).
_STRICT: Final = json.JSONDecoder(
    object_pairs_hook=_unique, parse_constant=_constant, parse_float=_finite
)
_MARKING: Final = json.JSONDecoder(
    object_pairs_hook=_marked, parse_constant=_constant, parse_float=_finite
)


def _parse(text: str, decoder: json.JSONDecoder) -> Any:
    try:
        return decoder.decode(text)
    except _NotFiniteError as error:
        raise _at(
            "$",
            f"got {shown(error.text)}, which is not a finite number; JSON (RFC 8259) has no "
            "NaN or Infinity: write the number, or null where a value may be missing",
        ) from None
    except (ValueError, RecursionError) as error:
        raise _at("$", f"not valid JSON ({shown(str(error), 120)})") from None


def _too_big(size: int, unit: str) -> SerializationError:
    return _at(
        "$",
        f"got a document of {size:,} {unit}; ketacore reads at most {MAX_DOCUMENT_SIZE:,} "
        f"{unit}; split the data into smaller documents (one per patient, course or session)",
    )


def _at(path: str, message: str) -> SerializationError:
    """The error for one problem at *path* of the text, with it as its only problem."""
    error = SerializationError(f"{path}: {message}", field=path)
    error.problems = ((path, message),)
    return error


def loads(text: object) -> Any:
    """Return the JSON value in *text*: a ``str``, or ``bytes`` / ``bytearray`` in UTF-8.

    Raises:
        SerializationError: *text* is of another type, longer than
            :data:`MAX_DOCUMENT_SIZE`, not UTF-8, not JSON, nested deeper than
            :data:`MAX_DEPTH`, repeats a key in an object, or holds a number that
            is not finite.
    """
    if isinstance(text, bytes | bytearray):
        if len(text) > MAX_DOCUMENT_SIZE:
            raise _too_big(len(text), "bytes")
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            raise _at(
                "$",
                f"byte {error.start} is not UTF-8; ketacore reads JSON bytes as UTF-8 only "
                "(RFC 8259): decode other encodings yourself and pass the text",
            ) from None
    elif not isinstance(text, str):
        raise _at(
            "$",
            f"got a {type(text).__name__}; expected JSON text: a str, or bytes or bytearray "
            "in UTF-8, such as the output of to_json",
        )
    if len(text) > MAX_DOCUMENT_SIZE:
        raise _too_big(len(text), "characters")
    depth = _depth(text)
    if depth > MAX_DEPTH:
        raise _at(
            "$",
            f"the document is nested {depth} levels deep; ketacore reads at most "
            f"{MAX_DEPTH} levels of arrays and objects (its own documents use fewer than 10)",
        )
    try:
        return _parse(text, _STRICT)
    except _DuplicateKeyError:
        # Parse again, marking the objects with a repeated key, to say where it is.
        path, key = _first_duplicate(_parse(text, _MARKING))
    raise _at(
        _step(path, key),
        f"the key {shown(key)} appears more than once in the same object; "
        "a clinical record must say each thing once: keep the right value and delete the other",
    )
