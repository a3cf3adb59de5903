"""The errors of the unit parsers and checks, with the example each message suggests."""

from __future__ import annotations

import math

from ketacore._text import MAX_TEXT_LENGTH, shown
from ketacore._units._format import _describe, _quoted
from ketacore._units._tables import _AMOUNT_EXAMPLES, _ANY_DOSE_EXAMPLE, _DESCRIPTIONS, _EXAMPLES
from ketacore.exceptions import UnitError


def _examples(kind: str | None, example: str | None) -> tuple[str, str]:
    """The example amount for messages, quoted, and its unit (from *example* or the kind)."""
    amount = example or (_AMOUNT_EXAMPLES.get(kind) if kind else None)
    if amount is None:
        return _ANY_DOSE_EXAMPLE, "mg"
    return f"'{amount}'", amount.partition(" ")[2] or "mg"


def _check_number(value: object, field: str, about: object) -> float:
    """Return *value* as a finite float, else raise; *about* is what the message quotes."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UnitError(
            field=field,
            value=about,
            got=f"{_describe(about)} ({type(value).__name__})",
            expected="a number",
            fix="pass an int or float such as 35 or 0.5",
        )
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise UnitError(
            field=field,
            value=about,
            got=_describe(about),
            expected="a finite number",
            fix="NaN, infinity and numbers beyond floating point are not amounts",
        )
    return number


def _wrong_kind(
    field: str, value: object, described: str, found: str, kind: str, example: str | None = None
) -> UnitError:
    """The error for *value* (quoted as *described*), which measures *found*, not *kind*."""
    what = _DESCRIPTIONS.get(found, "not a unit ketacore uses here")
    needs = (
        _EXAMPLES[kind]
        if example is None
        else f"{_DESCRIPTIONS[kind]} such as {_examples(kind, example)[0]}"
    )
    # Worded "<field> needs ...", which reads better here than "expected ...".
    return UnitError(
        f"{field}: got {described}, which is {what}; {field} needs {needs}",
        field=field,
        value=value,
        expected=needs,
    )


def _wrong_quantity_kind(
    field: str, value: object, found: str, kind: str, example: str | None = None
) -> UnitError:
    """:func:`_wrong_kind` for a quantity (quoted as clinicians write it)."""
    return _wrong_kind(field, value, _quoted(value), found, kind, example)


def _not_a_quantity(value: object, kind: str, field: str, example: str | None) -> UnitError:
    such_as = _EXAMPLES[kind] if example is None else f"such as {_examples(kind, example)[0]}"
    return UnitError(
        field=field,
        value=value,
        expected="a quantity with a unit",
        fix=f"use ketacore.units.quantity(value, unit) with {such_as}",
    )


def _refuse_long(text: str, field: str, example: str) -> None:
    """Refuse *text* longer than :data:`~ketacore._text.MAX_TEXT_LENGTH`, in constant time."""
    if len(text) > MAX_TEXT_LENGTH:
        raise UnitError(
            field=field,
            value=text,
            got=f"{shown(text)}, which is longer than the {MAX_TEXT_LENGTH} characters "
            "ketacore reads",
            fix=f"write the amount and unit alone, such as {example}",
        )
