"""Private helper: read an enum member from itself or from text, with a helpful error."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import TypeVar

from ketacore._text import shown
from ketacore.exceptions import ValidationError

E = TypeVar("E", bound=enum.Enum)


def normalise(text: str) -> str:
    """Lower-case *text* and turn ``_``, ``-`` and runs of spaces into single spaces."""
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


def choose(
    cls: type[E],
    value: object,
    *,
    field: str,
    error: type[ValidationError],
    aliases: Mapping[str, E] | None = None,
    hint: str | None = None,
) -> E:
    """Return the member of *cls* that *value* is or names (value, name or alias, any case).

    *hint* replaces the default fix at the end of the error message.

    Raises:
        ValidationError: (of class *error*) *value* names no member; the message lists them.
    """
    if isinstance(value, cls):
        return value
    if isinstance(value, str):
        key = normalise(value)
        for member in cls:
            if key in (normalise(str(member.value)), normalise(member.name)):
                return member
        if aliases and key in aliases:
            return aliases[key]
    choices = ", ".join(repr(str(member.value)) for member in cls)
    fix = hint or f"use a {cls.__name__} member such as {cls.__name__}.{next(iter(cls)).name}"
    raise error(f"{field}: got {shown(value)}; expected one of {choices}; {fix}")


def choose_set(
    cls: type[E],
    values: object,
    *,
    field: str,
    error: type[ValidationError],
    aliases: Mapping[str, E] | None = None,
) -> frozenset[E]:
    """Return a frozenset of members from an iterable of members or texts (not a bare string)."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise error(
            f"{field}: got {values!r} ({type(values).__name__}); expected a collection such as "
            f"{{{cls.__name__}.{next(iter(cls)).name}}}; wrap a single value in a set"
        )
    return frozenset(
        choose(cls, value, field=field, error=error, aliases=aliases) for value in values
    )
