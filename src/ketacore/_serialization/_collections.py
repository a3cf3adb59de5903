"""Collections in documents: read from JSON lists only, with every bad item's index; sets sorted."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, get_args, get_origin

from cattrs.errors import IterableValidationError, IterableValidationNote

from ketacore._text import MAX_PROBLEMS, shown_shape
from ketacore.exceptions import SerializationError


def _sorted_set(values: Any) -> list[Any]:
    items = list(values)
    try:
        return sorted(items)
    except TypeError:
        return sorted(items, key=repr)


def _is_collection(cls: Any) -> bool:
    origin, arguments = get_origin(cls), get_args(cls)
    if origin is tuple:
        return len(arguments) == 2 and arguments[1] is Ellipsis
    return origin in (frozenset, set, list) and len(arguments) == 1


def _structure_collection(
    element: Any, hook: Callable[[Any, Any], Any], origin: Callable[[list[Any]], Any]
) -> Callable[[Any, Any], Any]:
    """Structure ``tuple[X, ...]``, ``frozenset[X]``, ... from a JSON list only.

    cattrs would accept any iterable (a JSON object's keys, a string's letters);
    a ketacore document always writes these as lists. Reading stops at the
    item that would be problem number :data:`~ketacore._text.MAX_PROBLEMS`, so
    a list of 100,000 bad items costs no more than one of 20.
    """

    def structure(data: Any, cls: Any) -> Any:
        if not isinstance(data, list):
            raise SerializationError(f"got {shown_shape(data)}; expected a list")
        # The common case first; on any error, the loop below reads again to collect them.
        with contextlib.suppress(Exception):
            return origin([hook(item, element) for item in data])
        items: list[Any] = []
        errors: list[Exception] = []
        for index, item in enumerate(data):
            try:
                items.append(hook(item, element))
            except Exception as error:  # collected, then raised together with their indices
                if len(errors) == MAX_PROBLEMS - 1:  # with the line below, MAX_PROBLEMS
                    errors.append(_unread(index, len(data)))
                    break
                error.__notes__ = [
                    *getattr(error, "__notes__", []),
                    IterableValidationNote(
                        f"Structuring {element} @ index {index}", index, element
                    ),
                ]
                errors.append(error)
        if errors:
            raise IterableValidationError(f"While structuring {cls!r}", errors, cls)
        return origin(items)

    return structure


def _unread(first: int, length: int) -> SerializationError:
    # Raised without a note, so transform_error reports it at the list's own path.
    return SerializationError(
        f"items {first} to {length - 1} were not read: reading a list stops after "
        f"{MAX_PROBLEMS - 1} problems; fix these and read the document again"
    )
