"""Bounded quoting of bad values, and the length limit of clinician text.

Every error message that shows a value it received goes through :func:`shown`,
so a 1 MB input never becomes a 1 MB message, and an integer of 5,000 digits
(whose ``repr`` Python itself refuses) is still described. Lists of problems go
through :func:`capped`, which keeps the first few and counts the rest.

>>> from ketacore._text import shown, capped
>>> shown("35 mg")
"'35 mg'"
>>> shown("35 mg" + " " * 8000 + "o")
"'35 mg                         '... (8006 characters)"
>>> shown(10**5000)
'an integer of 5001 digits'
>>> capped([f"problem {n}" for n in range(25)], limit=3)
['problem 0', 'problem 1', 'problem 2', '... and 22 more problems']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

__all__ = ["MAX_PROBLEMS", "MAX_TEXT_LENGTH", "PREFIX_LENGTH", "capped", "shown", "shown_shape"]

MAX_TEXT_LENGTH: Final = 200
"""The longest text a parser reads (a dose, a quantity, a unit, a drug or route name).

A clinician's longest dose text, ``"0.5 mg/kg over 40 min at 10 mg/mL"``, is 34
characters; 200 leaves room for every spelling and refuses pasted documents
before any work is done (ketacore's choice, not a clinical number).
"""

PREFIX_LENGTH: Final = 30
"""How many characters of a long value an error message quotes."""

MAX_PROBLEMS: Final = 20
"""How many problems one error message lists before counting the rest."""


def _int_digits(value: int) -> int:
    # Without str(), which refuses more than sys.get_int_max_str_digits() digits.
    bits = abs(value).bit_length()
    if bits <= 3000:
        return len(str(abs(value)))
    return int(bits * 0.30102999566398120) + 1  # log10(2): a close count is enough


def shown_shape(value: object) -> str:
    """Describe a JSON array or object by its kind and size, never its content.

    Used where a document holds a container in the wrong place: its content may be
    a whole patient record, whose identifier must not reach a message. Anything
    else is quoted by :func:`shown`.
    """
    if isinstance(value, list | tuple):
        return f"a list of {len(value)} item{'s' * (len(value) != 1)}"
    if isinstance(value, dict):
        return f"an object of {len(value)} key{'s' * (len(value) != 1)}"
    return shown(value)


def shown(value: object, limit: int = PREFIX_LENGTH) -> str:
    """Quote *value* for an error message: its ``repr`` or a bounded prefix with its length.

    Strings and bytes longer than *limit* are cut before ``repr`` is taken, so
    the cost does not grow with the value; huge integers are described by their
    digit count; any other ``repr`` is cut to *limit* characters. A ``repr`` that
    raises is described by the value's type alone.
    """
    if isinstance(value, str | bytes):
        if len(value) <= limit:
            return repr(value)
        unit = "characters" if isinstance(value, str) else "bytes"
        return f"{value[:limit]!r}... ({len(value)} {unit})"
    if isinstance(value, int) and not isinstance(value, bool):
        digits = _int_digits(value)
        if digits > limit:
            return f"an integer of {digits} digits"
        return repr(value)
    try:
        text = repr(value)
    except Exception:  # a hostile __repr__ must not hide the real error
        return f"a {type(value).__name__} that cannot be shown"
    if len(text) > limit:
        text = f"{text[:limit]}..."
    return text


def capped(problems: Sequence[str], limit: int = MAX_PROBLEMS) -> list[str]:
    """Keep the first *limit* problems and count the rest in a last line."""
    if len(problems) <= limit:
        return list(problems)
    rest = len(problems) - limit
    return [*problems[:limit], f"... and {rest} more problem{'s' if rest != 1 else ''}"]
