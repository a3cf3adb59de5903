"""Cells and rows of a tidy table, and how one CSV cell is read."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import TypeAlias

from ketacore._text import MAX_TEXT_LENGTH

__all__ = ["Cell", "Row", "columns_of", "parse_cell"]

Cell: TypeAlias = str | int | float | bool | None
"""A table cell: text, a number, a boolean, or ``None`` for an empty cell."""

Row: TypeAlias = dict[str, Cell]
"""One observation: column name to cell."""

_INT = re.compile(r"[+-]?[0-9]+")
_FLOAT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def parse_cell(text: str) -> Cell:
    """Read one CSV cell: ``""`` → ``None``, ``true``/``false``, integers, floats, else text.

    An integral float such as ``"2.0"`` (what spreadsheet exports write for an
    integer column with gaps) is read as the integer ``2``. Text longer than
    :data:`ketacore._text.MAX_TEXT_LENGTH` (200) characters, and numbers beyond the
    range of a float (``"1e400"``), stay text, so reading a cell is linear in its
    length and a 5,000-digit cell is reported as a bad value, not a crash.

    >>> [parse_cell(t) for t in ["", "3", "2.0", "0.5", "true", "SYN-0001"]]
    [None, 3, 2, 0.5, True, 'SYN-0001']
    """
    if len(text) > MAX_TEXT_LENGTH:  # bounded work: too long to be a number
        return text.strip() or None
    if text.isdecimal() and text.isascii():  # the common case, first
        return int(text)
    text = text.strip()
    if text == "":
        return None
    if text in ("true", "false"):
        return text == "true"
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        value = float(text)
        if not math.isfinite(value):  # '1e400' is not infinity
            return text
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    return text


def columns_of(rows: Sequence[Mapping[str, Cell]]) -> list[str]:
    """Every key of the rows, in order of first appearance."""
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(key, None)
    return list(seen)
