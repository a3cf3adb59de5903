"""Writing rows as CSV, with text cells a spreadsheet will not evaluate."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import IO

from ketacore.tables._cells import Cell, columns_of

__all__ = ["to_csv_text", "write_csv"]


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet evaluate a cell (OWASP, "CSV Injection")."""


def _safe(text: str) -> str:
    """Text a spreadsheet shows as text: a formula-like start is prefixed with ``'``."""
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def _text(value: object) -> str:
    kind = type(value)  # exact types first: this runs once per cell written
    if kind is int:
        return str(value)
    if kind is str:
        return _safe(value)  # type: ignore[arg-type]
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    return _safe(str(value))


def write_csv(
    rows: Sequence[Mapping[str, Cell]], out: IO[str], *, columns: Sequence[str] | None = None
) -> None:
    """Write rows as CSV with a header to an open text file.

    ``None`` is written as an empty cell and booleans as ``true``/``false``, so
    :func:`read_table` reads the same values back, with one exception: a text
    cell (or column name) that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return is written with a ``'`` in front, so a spreadsheet shows it
    as text instead of evaluating it as a formula (OWASP's advice against CSV
    injection). Numbers are written as numbers, ``-3`` included.

    Args:
        rows: The rows.
        out: An open text file (opened with ``newline=""``).
        columns: The columns in order (default: every key of the rows, in order of
            first appearance); the header is written even when there are no rows.
    """
    names = columns_of(rows) if columns is None else list(columns)
    writer = csv.writer(out, lineterminator="\n")
    # The csv module quotes fields with "\n" but not with a lone "\r", which readers
    # take for a line break: a row with one is written with every field quoted.
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow([_safe(str(c)) for c in names])
    for row in rows:
        cells = [_text(row.get(c)) for c in names]
        (quoted if "\r" in "".join(cells) else writer).writerow(cells)


def to_csv_text(rows: Sequence[Mapping[str, Cell]], *, columns: Sequence[str] | None = None) -> str:
    """Return rows as CSV text (see :func:`write_csv`)."""
    buffer = io.StringIO()
    write_csv(rows, buffer, columns=columns)
    return buffer.getvalue()
