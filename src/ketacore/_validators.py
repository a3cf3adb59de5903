"""Composable attrs validators and converters shared by every record type (private).

In the style of :mod:`attrs.validators`: each factory returns a callable
``(instance, attribute, value) -> None`` (a validator) or ``(value) -> value``
(a converter). Every factory takes the error class to raise (``error=``), so a
patient field raises :class:`~ketacore.exceptions.PatientError` and a session
field :class:`~ketacore.exceptions.SessionError`, with the structured attributes
(``field``, ``value``, ``expected``, ``fix``) filled in, and nothing is
re-raised or rewritten on the way out.

>>> import attrs
>>> from ketacore.exceptions import PatientError
>>> from ketacore import _validators as v
>>> @attrs.frozen
... class Example:
...     flag: bool = attrs.field(validator=v.boolean(error=PatientError))
>>> try:
...     Example("yes")
... except PatientError as error:
...     print(error.field, error.value, error.expected)
flag yes True or False
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any, Final, NoReturn, TypeVar, overload

import attrs

from ketacore._text import MAX_TEXT_LENGTH, shown
from ketacore.exceptions import ValidationError

__all__ = [
    "MAX_AGE_YEARS",
    "Validator",
    "age_years",
    "as_tuple",
    "aware",
    "boolean",
    "calendar_date",
    "check_age",
    "check_aware",
    "check_count",
    "check_instance",
    "count",
    "fail",
    "function",
    "identifier",
    "instance_of",
    "items_of",
    "notes",
    "on_day",
    "optional",
    "text",
    "to_tuple",
    "tuple_of",
    "validating",
    "whole_number",
]

_T = TypeVar("_T")

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]
"""An attrs validator: ``(instance, attribute, value) -> None``, raising on a bad value."""

MAX_AGE_YEARS: Final = 130
"""The oldest age in years accepted anywhere (a data-entry guard: no recorded human is older)."""

_AWARE_EXAMPLE: Final = "datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)"


def fail(
    error: type[ValidationError],
    field: str,
    value: Any,
    expected: str,
    fix: str | None = None,
    *,
    got: str | None = None,
    item: int | None = None,
) -> NoReturn:
    """Raise *error* with its structured attributes; the message is built from them."""
    raise error(field=field, value=value, got=got, expected=expected, fix=fix, item=item)


def optional(validator: Validator) -> Validator:
    """Accept ``None`` as well as what *validator* accepts."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            validator(instance, attribute, value)

    return validate


def boolean(*, error: type[ValidationError] = ValidationError, fix: str | None = None) -> Validator:
    """Require exactly ``True`` or ``False`` (``"yes"``, ``1`` and ``None`` are refused)."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, bool):
            fail(error, attribute.name, value, "True or False", fix)

    return validate


def text(
    *,
    error: type[ValidationError] = ValidationError,
    example: str | None = None,
    fix: str | None = None,
    max_length: int | None = None,
) -> Validator:
    """Require non-blank text (of at most *max_length* characters, if given)."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        expected = "non-empty text" + (f" such as {example!r}" if example else "")
        if not isinstance(value, str) or not value.strip():
            fail(error, attribute.name, value, expected, fix)
        if max_length is not None and len(value) > max_length:
            fail(error, attribute.name, value, f"{expected} of at most {max_length} characters")

    return validate


def notes(*, error: type[ValidationError] = ValidationError) -> Validator:
    """Require a string, possibly empty (free-text notes)."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, str):
            fail(error, attribute.name, value, "text (an empty string for no notes)")

    return validate


def identifier(
    *,
    error: type[ValidationError] = ValidationError,
    example: str,
    max_length: int = MAX_TEXT_LENGTH,
) -> Validator:
    """Require an opaque id: non-blank text without surrounding spaces, at most *max_length*."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if (
            not isinstance(value, str)
            or not value.strip()
            or value != value.strip()
            or len(value) > max_length
        ):
            fail(
                error,
                attribute.name,
                value,
                f"a non-empty string of at most {max_length} characters without surrounding "
                f"spaces, such as {example!r}",
            )

    return validate


def function(*, error: type[ValidationError] = ValidationError, expected: str) -> Validator:
    """Require a callable; *expected* says what it is called with and returns."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not callable(value):
            fail(error, attribute.name, value, expected)

    return validate


def calendar_date(*, error: type[ValidationError] = ValidationError) -> Validator:
    """Require a calendar date; a datetime is refused (its date depends on a zone)."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, datetime) or not isinstance(value, date):
            fix = (
                "pass its calendar date with .date() (for an aware datetime, in the clinic's zone)"
                if isinstance(value, datetime)
                else "convert text with date.fromisoformat('2026-03-02')"
            )
            fail(
                error,
                attribute.name,
                value,
                "a date such as date(2026, 3, 2)",
                fix,
                got=f"{shown(value, 80)} ({type(value).__name__})",
            )

    return validate


def check_aware(value: object, *, field: str, error: type[ValidationError]) -> datetime:
    """Return *value* if it is a timezone-aware datetime, else raise *error*."""
    if not isinstance(value, datetime):
        fail(error, field, value, f"a timezone-aware datetime such as {_AWARE_EXAMPLE}")
    if value.tzinfo is None or value.utcoffset() is None:
        fail(
            error,
            field,
            value,
            "a timezone-aware datetime",
            "attach the clinic's zone, e.g. value.replace(tzinfo=ZoneInfo('Europe/London'))",
            got=f"the naive datetime {value.isoformat()!r}",
        )
    return value


def aware(*, error: type[ValidationError] = ValidationError) -> Validator:
    """Require a timezone-aware datetime (a naive one has no place on the absolute time line)."""
    return validating(check_aware, error=error)


def on_day(value: object, *, field: str = "on", error: type[ValidationError]) -> date:
    """The one policy for ``on=`` arguments: the calendar day a question is asked about.

    A :class:`~datetime.date` is used as it is; an aware :class:`~datetime.datetime`
    gives its date in its own zone (the clinic's wall-clock day); a naive datetime
    is refused, as its day is ambiguous; anything else is refused.
    """
    if isinstance(value, datetime):
        return check_aware(value, field=field, error=error).date()
    if isinstance(value, date):
        return value
    fail(
        error,
        field,
        value,
        "a date such as date(2026, 3, 2), or a timezone-aware datetime",
        "convert text with date.fromisoformat('2026-03-02')",
    )


def check_age(
    value: object, *, field: str = "age", error: type[ValidationError], minimum: int = 0
) -> int:
    """Return *value* if it is a whole number of years from *minimum* to :data:`MAX_AGE_YEARS`."""
    if isinstance(value, bool) or not isinstance(value, int):
        fail(error, field, value, f"a whole number of years such as {minimum + 40}")
    if not minimum <= value <= MAX_AGE_YEARS:
        fail(error, field, value, f"a whole number of years from {minimum} to {MAX_AGE_YEARS}")
    return value


def age_years(*, error: type[ValidationError] = ValidationError, minimum: int = 0) -> Validator:
    """Require whole years from *minimum* to :data:`MAX_AGE_YEARS` (see :func:`check_age`)."""
    return validating(check_age, error=error, minimum=minimum)


def items_of(kind: type[Any], *, error: type[ValidationError] = ValidationError) -> Validator:
    """Require a tuple whose items are all *kind* (pair it with :func:`to_tuple`)."""
    name = kind.__name__

    def validate(instance: Any, attribute: attrs.Attribute[Any], values: Any) -> None:
        if not isinstance(values, tuple):
            fail(error, attribute.name, values, f"a list or tuple of {name}")
        for index, value in enumerate(values):
            if not isinstance(value, kind):
                fail(
                    error,
                    f"{attribute.name}[{index}]",
                    value,
                    f"a {name}",
                    f"build each with {name}(...)",
                )

    return validate


def to_tuple(
    *, field: str, error: type[ValidationError] = ValidationError, of: type[Any] | None = None
) -> Callable[[Iterable[_T]], tuple[_T, ...]]:
    """Return a converter taking any iterable but a string, bytes or mapping to a tuple.

    *of*, the kind of item expected, is named in the message (pair it with :func:`items_of`).
    mypy's attrs plugin accepts only named functions as converters: there, call
    :func:`as_tuple` from one.
    """

    def convert(value: Iterable[_T]) -> tuple[_T, ...]:
        return as_tuple(value, field=field, error=error, of=of)

    return convert


def check_count(
    value: object, *, field: str, error: type[ValidationError], minimum: int = 0
) -> int:
    """Return *value* if it is a whole number (not a bool) of at least *minimum*, else raise."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        fail(error, field, value, f"a whole number of at least {minimum}")
    return value


def count(*, error: type[ValidationError] = ValidationError, minimum: int = 0) -> Validator:
    """Require a whole number of at least *minimum* (see :func:`check_count`)."""
    return validating(check_count, error=error, minimum=minimum)


def _kind_name(kind: type[Any] | tuple[type[Any], ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(k.__name__ for k in kinds)


@overload
def check_instance(
    value: object,
    kind: type[_T],
    *,
    field: str,
    error: type[ValidationError],
    example: str | None = None,
    expected: str | None = None,
) -> _T: ...
@overload
def check_instance(
    value: object,
    kind: tuple[type[Any], ...],
    *,
    field: str,
    error: type[ValidationError],
    example: str | None = None,
    expected: str | None = None,
) -> Any: ...
def check_instance(
    value: object,
    kind: type[Any] | tuple[type[Any], ...],
    *,
    field: str,
    error: type[ValidationError],
    example: str | None = None,
    expected: str | None = None,
) -> Any:
    """Return *value* if it is a *kind* (a class or a tuple of classes), else raise *error*.

    *example* shows how to build one (``"Course(patient=..., protocol=...)"``);
    *expected* replaces the whole description (default ``"a Kind(...)"``).
    """
    if not isinstance(value, kind):
        if expected is None:
            expected = f"a {_kind_name(kind)}" + (f" such as {example}" if example else "(...)")
        fail(error, field, value, expected)
    return value


def instance_of(
    kind: type[Any] | tuple[type[Any], ...],
    *,
    error: type[ValidationError] = ValidationError,
    example: str | None = None,
    expected: str | None = None,
) -> Validator:
    """Require an instance of *kind* (see :func:`check_instance`); wrap in :func:`optional`."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        check_instance(
            value, kind, field=attribute.name, error=error, example=example, expected=expected
        )

    return validate


def as_tuple(
    value: Iterable[_T],
    *,
    field: str,
    error: type[ValidationError] = ValidationError,
    of: type[Any] | None = None,
) -> tuple[_T, ...]:
    """Return *value*, any iterable but a string, bytes or mapping, as a tuple, else raise.

    The function form of :func:`to_tuple`; *of* names the kind of item expected.
    """
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        kind = f" of {of.__name__}" if of else ""
        fail(error, field, value, f"a list or tuple{kind} (an empty list for none)")
    return tuple(value)


def validating(check: Callable[..., object], /, *args: Any, **options: Any) -> Validator:
    """Turn a function form ``check(value, *args, field=..., **options)`` into a validator.

    The attribute's name is the *field*: ``validating(check_age, error=PatientError)``
    is :func:`age_years`.
    """

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        check(value, *args, field=attribute.name, **options)

    return validate


def tuple_of(
    kind: type[Any] | tuple[type[Any], ...],
    *,
    field: str,
    error: type[ValidationError] = ValidationError,
    example: str | None = None,
) -> Callable[[Iterable[Any]], tuple[Any, ...]]:
    """Return a converter: any iterable (as :func:`to_tuple`) to a tuple of *kind* items.

    A converter rather than a validator, for fields that sort or index their
    items on the way in; a bad item is named by its index (``"vitals[2]"``).
    """
    as_tuple = to_tuple(field=field, error=error)
    build = example or f"{_kind_name(kind)}(...)"

    def convert(value: Iterable[Any]) -> tuple[Any, ...]:
        items = as_tuple(value)
        bad = next((i for i, item in enumerate(items) if not isinstance(item, kind)), None)
        if bad is not None:
            expected = f"a {_kind_name(kind)}"
            fail(error, f"{field}[{bad}]", items[bad], expected, f"build each with {build}")
        return items

    return convert


def whole_number(
    *,
    error: type[ValidationError] = ValidationError,
    minimum: int = 0,
    maximum: int | None = None,
    unit: str = "",
) -> Validator:
    """Require a whole number (not a bool) from *minimum* to *maximum*; wrap in :func:`optional`.

    *unit* names what is counted in the message (``"CADSS points"``, ``"days"``).
    """
    what = f"a whole number of {unit}" if unit else "a whole number"
    bounds = f"from {minimum} to {maximum}" if maximum is not None else f"of at least {minimum}"

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value < minimum
            or (maximum is not None and value > maximum)
        ):
            fail(error, attribute.name, value, f"{what} {bounds}")

    return validate
