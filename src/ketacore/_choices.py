"""Private helper: read an enum member from itself or from text, with a helpful error.

:func:`choose` and :func:`choose_set` read one member or a set of members;
:class:`Choice` is a base for enums that read themselves from text, so the
"``from_text`` classmethod calling :func:`choose`" is written once:

>>> import enum
>>> from ketacore.exceptions import PatientError
>>> class Colour(Choice, field="colour", error=PatientError, aliases={"grey": "gray"}):
...     GRAY = "gray"
...     RED = "red"
>>> Colour.from_text("Grey"), Colour.from_text(Colour.RED)
(<Colour.GRAY: 'gray'>, <Colour.RED: 'red'>)
>>> try:
...     Colour.from_text("blue")
... except PatientError as error:
...     print(error.field, error.value)
colour blue
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any, Self, TypeVar

import attrs

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

    *hint* replaces the default fix at the end of the error message. A
    :class:`Choice` subclass brings its own aliases when *aliases* is not given.

    Raises:
        ValidationError: (of class *error*) *value* names no member; the message lists them.
    """
    if isinstance(value, cls):
        return value
    if aliases is None and issubclass(cls, Choice):
        aliases = cls._aliases()
    if isinstance(value, str):
        key = normalise(value)
        for member in cls:
            if key in (normalise(str(member.value)), normalise(member.name)):
                return member
        if aliases and key in aliases:
            return aliases[key]
    choices = ", ".join(repr(str(member.value)) for member in cls)
    fix = hint or f"use a {cls.__name__} member such as {cls.__name__}.{next(iter(cls)).name}"
    raise error(field=field, value=value, got=shown(value), expected=f"one of {choices}", fix=fix)


def choose_set(
    cls: type[E],
    values: object,
    *,
    field: str,
    error: type[ValidationError],
    aliases: Mapping[str, E] | None = None,
    if_empty: str | None = None,
) -> frozenset[E]:
    """Return a frozenset of members from an iterable of members or texts (not a bare string).

    With *if_empty* (the fix to show), an empty collection is refused too.
    """
    example = f"{{{cls.__name__}.{next(iter(cls)).name}}}"
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise error(
            field=field,
            value=values,
            expected=f"a collection such as {example}",
            fix="wrap a single value in a set",
        )
    chosen = frozenset(
        choose(cls, value, field=field, error=error, aliases=aliases) for value in values
    )
    if not chosen and if_empty is not None:
        raise error(
            field=field,
            value=values,
            got="an empty collection",
            expected=f"at least one {cls.__name__}, such as {example}",
            fix=if_empty,
        )
    return chosen


@attrs.frozen
class _Config:
    field: str
    error: type[ValidationError]
    aliases: Mapping[str, str]
    hint: str | None


_CONFIGS: dict[type[enum.Enum], _Config] = {}
_RESOLVED: dict[type[enum.Enum], dict[str, Any]] = {}


class Choice(enum.Enum):
    """Base of enums read from a member or from text by :meth:`from_text` (private).

    The class statement names the field and the error class, and may give
    *aliases* (other spellings, mapped to a member's value) and a *hint* (the
    fix shown when the text names no member)::

        class Colour(Choice, field="colour", error=PatientError, aliases={"grey": "gray"}):
    """

    def __init_subclass__(
        cls,
        *,
        field: str = "value",
        error: type[ValidationError] = ValidationError,
        aliases: Mapping[str, str] | None = None,
        hint: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init_subclass__(**kwargs)
        _CONFIGS[cls] = _Config(field, error, dict(aliases or {}), hint)

    @classmethod
    def _aliases(cls) -> dict[str, Self]:
        resolved = _RESOLVED.get(cls)
        if resolved is None:
            spellings = _CONFIGS[cls].aliases
            resolved = _RESOLVED[cls] = {
                normalise(alias): cls(value) for alias, value in spellings.items()
            }
        return resolved

    @classmethod
    def from_text(cls, value: Self | str) -> Self:
        """Return the member that *value* is or names: its value, its name or a common spelling.

        Any case is accepted, and ``_``, ``-`` and spaces are alike.

        Raises:
            ValidationError: the text names no member (the error class is the enum's own,
                such as :class:`~ketacore.exceptions.PatientError`); the message lists them.
        """
        config = _CONFIGS[cls]
        return choose(cls, value, field=config.field, error=config.error, hint=config.hint)
