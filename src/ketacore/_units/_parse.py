"""Safe parsing of clinician text: one plain decimal and one known unit, never an expression."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final, cast

import pint

from ketacore._text import MAX_TEXT_LENGTH, shown
from ketacore._units import _registry
from ketacore._units._errors import _examples, _refuse_long, _wrong_kind
from ketacore._units._frozen import Quantity, Unit, _make
from ketacore._units._tables import _BASE_KIND, _KINDS, _MAX_UNIT_PARTS, _SPELLINGS, Kind
from ketacore.exceptions import UnitError

# ASCII digits only ([0-9], not \d, which also matches '３' and '٣'); possessive
# quantifiers on stripped text, so matching never backtracks over long runs.
_TEXT_RE: Final = re.compile(
    r"(?P<number>[+-]?(?:[0-9]++(?:\.[0-9]*+)?+|\.[0-9]++))\s*+(?P<unit>\S.*)?"
)
_FOREIGN_DIGIT_RE: Final = re.compile(r"(?![0-9])\d")
_COMMA_DECIMAL_RE: Final = re.compile(r"[+-]?[0-9]*+,[0-9]")
_EXPRESSION_RE: Final = re.compile(r"[-+*^()0-9=<>!%]")


class _BadUnitError(Exception):
    """A unit text was rejected: why (after the quoted text), what is expected, and a fix."""

    def __init__(self, why: str, *, expected: str | None = None, fix: str | None = None) -> None:
        super().__init__(why)
        self.why, self.expected, self.fix = why, expected, fix

    def for_field(self, field: str, whole: str) -> UnitError:
        """The error to raise for *whole*, the text given as *field*."""
        return UnitError(
            field=field,
            value=whole,
            got=f"{shown(whole)}, {self.why}",
            expected=self.expected,
            fix=self.fix,
        )


def _unit_parts(text: str) -> list[str]:
    """Split a unit on '/' and on the word 'per' (in linear time, without a regex)."""
    parts: list[str] = []
    for piece in text.split("/"):
        words: list[str] = []
        for word in piece.split():
            if word.lower() == "per":
                parts.append(" ".join(words))
                words = []
            else:
                words.append(word)
        parts.append(" ".join(words))
    return parts


@_registry._cleared_on_change
@lru_cache(maxsize=256)
def _parse_unit_cached(text: str) -> tuple[pint.Unit, str]:
    stripped = text.strip()
    if not stripped:
        raise _BadUnitError("with no unit", expected="a number followed by a unit such as 'mg'")
    if _FOREIGN_DIGIT_RE.search(stripped):
        raise _BadUnitError(
            "which has digits other than ASCII 0-9", fix="write numbers with the ASCII digits 0-9"
        )
    if _EXPRESSION_RE.search(stripped):
        raise _BadUnitError(
            "which looks like an expression or has more than one number",
            fix="ketacore does not evaluate expressions; write a single amount such as '35 mg'",
        )
    parts = _unit_parts(stripped)
    if len(parts) > _MAX_UNIT_PARTS:
        raise _BadUnitError(
            f"whose unit has {len(parts)} parts",
            fix=f"ketacore reads units of at most {_MAX_UNIT_PARTS} parts, such as 'mg/kg/h'",
        )
    names: list[tuple[str, int]] = []
    for position, token in enumerate(parts):
        name = _SPELLINGS.get(token if token in ("µg", "μg") else token.lower())
        if name is None:
            raise _BadUnitError(
                f"the unit {shown(token)} is not one ketacore knows",
                fix="use mg, mcg, g, kg, lb, mL, min or h, combined with '/' as in 'mg/kg' "
                "or 'mg/kg/h'",
            )
        names.append((name, 1 if position == 0 else -1))
    units = _registry._state().registry.parse_units(
        " ".join(f"{'/ ' if power < 0 else ''}{name}" for name, power in names)
    )
    kind = "/".join(_BASE_KIND[name] for name, _ in names)
    return cast(pint.Unit, units), kind if kind in _KINDS else "other"


def _unreadable(text: str, stripped: str, field: str, such_as: str, unit: str) -> UnitError:
    """The error for text that is not a number followed by a unit."""
    if _COMMA_DECIMAL_RE.match(stripped):
        return _comma_error(field, text, unit)
    why, expected, fix = (
        (", which is empty", f"a number followed by a unit, such as {such_as}", None)
        if not stripped
        else (
            ", which has digits other than ASCII 0-9",
            None,
            f"write the number with the ASCII digits 0-9, such as {such_as}",
        )
        if _FOREIGN_DIGIT_RE.search(stripped)
        else (
            "",
            f"a number followed by a unit, such as {such_as}",
            "write the amount first, as digits",
        )
    )
    return UnitError(field=field, value=text, got=shown(text) + why, expected=expected, fix=fix)


def _comma_error(field: str, text: str, unit: str) -> UnitError:
    return UnitError(
        field=field,
        value=text,
        got=f"{shown(text)}, which uses a comma",
        fix="ketacore never guesses whether a comma is a decimal mark; write the decimal "
        f"with a point, as in '0.5 {unit}'",
    )


_MAX_TEXT: Final = MAX_TEXT_LENGTH


def parse_unit(text: str, *, field: str = "unit") -> Unit:
    """Parse a unit as clinicians write it (``"mg/kg"``, ``"mcg"``, ``"cc"``, ``"mg/kg/h"``).

    A unit has at most four parts joined by ``/`` or ``per``.

    Raises:
        UnitError: the unit is empty, unknown, too long, or an expression.
    """
    if not isinstance(text, str):
        raise UnitError(field=field, value=text, expected="text like 'mg'")
    _refuse_long(text, field, "'mg'")
    try:
        return _parse_unit_cached(text)[0]
    except _BadUnitError as error:
        raise error.for_field(field, text) from None


def _parse(
    text: str, field: str, kind: str | None = None, example: str | None = None
) -> tuple[Quantity, str]:
    """Parse *text* into a quantity and its kind (the shared work of the parsers)."""
    if not isinstance(text, str):
        raise UnitError(
            field=field, value=text, expected=f"text such as {_examples(kind, example)[0]}"
        )
    if len(text) > _MAX_TEXT:  # checked before any other work
        _refuse_long(text, field, _examples(kind, example)[0])
    stripped = text.strip()
    match = _TEXT_RE.fullmatch(stripped)
    if match is None:
        raise _unreadable(text, stripped, field, *_examples(kind, example))
    number_text, unit_text = match.group("number", "unit")
    if unit_text is None:
        unit = _examples(kind, example)[1]
        raise UnitError(
            field=field,
            value=text,
            got=f"{shown(text)} with no unit",
            expected="a number followed by a unit",
            fix=f"add the unit, for example '{number_text} {unit}'",
        )
    if unit_text[0] == "," and unit_text[1:2] in tuple("0123456789"):
        raise _comma_error(field, text, _examples(kind, example)[1])
    try:
        units, found = _parse_unit_cached(unit_text)
    except _BadUnitError as error:
        raise error.for_field(field, text) from None
    # Finite by construction: at most 200 characters of ASCII digits is below
    # 1e200, far from the float limit (1.8e308); NaN and infinity do not match.
    number = float(number_text)
    return _make(_registry._frozen_now(), number, units._units), found


def parse_quantity(
    text: str, *, kind: Kind | None = None, field: str = "quantity", example: str | None = None
) -> Quantity:
    """Parse clinician text such as ``"0.5 mg/kg"`` into a quantity, safely.

    The text must be one plain decimal number in ASCII digits and one unit.
    Nothing is evaluated: ``"1 mg + 1 g"``, ``"2**10 mg"``, ``"mg"`` alone and
    ``"35"`` with no unit are all rejected, as is ``"0,5 mg"`` (a comma decimal
    could be misread, so it is never guessed) and text longer than 200
    characters.

    Args:
        text: what the clinician typed.
        kind: if given, what the quantity must measure (``"mass"``, ``"mass/mass"``, ...).
        field: the field name used in error messages.
        example: the amount that error messages suggest (default: one of the
            kind, such as ``"35 mg"``); a body weight passes ``"70 kg"``.

    Raises:
        UnitError: the text is not a single number and known unit, or is of the wrong kind.
    """
    value, found = _parse(text, field, kind, example)
    if kind is not None and found != kind:
        raise _wrong_kind(field, text, shown(text), found, kind, example)
    return value


def parse_quantity_kind(
    text: str, *, field: str = "quantity", example: str | None = None
) -> tuple[Quantity, str]:
    """Parse *text* like :func:`parse_quantity` and also return its kind.

    >>> parse_quantity_kind("35 mg")
    (<Quantity(35.0, 'milligram')>, 'mass')
    """
    return _parse(text, field, None, example)
