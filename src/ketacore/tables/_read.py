"""Reading a CSV (or Parquet) file into rows, refusing what cannot be read without guessing."""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Callable, Collection
from typing import IO, Any

from attrs import frozen

from ketacore._text import shown
from ketacore.exceptions import TableError
from ketacore.tables._cells import Cell, Row, parse_cell

__all__ = ["TableFile", "read_table"]

_UNSEEN = object()


@frozen
class TableFile:
    """A table read from a file, with the file line of every row.

    Attributes:
        path: The file it was read from.
        columns: Column names in file order.
        rows: One dict per data row; cells parsed with :func:`parse_cell`.
        lines: The 1-based file line of each row (the header is line 1); for Parquet,
            the row number + 1.
    """

    path: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    lines: tuple[int, ...]


_MAX_COLUMNS = 20_000
"""The widest table read: a REDCap export of a large project has a few thousand columns."""

_MAX_CELL_LENGTH = 10_000
"""The longest cell read, in characters: free-text answers fit; a pasted document does not."""

_IDENTIFIER_COLUMNS = frozenset({"patient_id", "record_id", "seqn", "session_id", "id"})


def _is_identifier(column: str) -> bool:
    """Identifier columns are read as text: REDCap's ``001`` is not the number 1."""
    name = column.lower()
    return name in _IDENTIFIER_COLUMNS or name.endswith("_id")


def _unreadable(path: str, why: str, fix: str) -> TableError:
    return TableError(f"file: cannot read {path!r}: {why}; {fix}")


def read_table(
    path: str | os.PathLike[str],
    *,
    progress: Callable[[int], None] | None = None,
    text_columns: Collection[str] = (),
) -> TableFile:
    """Read a CSV file (or Parquet, with pyarrow installed) into rows.

    Cells are read with :func:`parse_cell`, except in identifier columns
    (``patient_id``, ``record_id``, ``SEQN``, ``session_id``, ``id`` and any name
    ending in ``_id``, in any case) and in ``text_columns``: their cells keep the
    text of the file without surrounding spaces, so REDCap's record ``001`` stays
    ``"001"`` (an empty cell is ``None``).

    Args:
        path: The file. Names ending in ``.parquet`` or ``.pq`` are read with pyarrow;
            anything else as UTF-8 CSV with a header row (comma-separated, or
            semicolon- or tab-separated when the header has no comma).
        progress: Called with the number of rows read so far, every 1,000 rows.
        text_columns: More columns whose cells are kept as text.

    Returns:
        A :class:`TableFile`.

    Raises:
        TableError: The file does not exist, cannot be decoded, has no header (or a
            number in it: the first line is data), repeats a column name, has more
            than 20,000 columns, a row with more cells than the header, a cell
            longer than 10,000 characters, or is Parquet without pyarrow installed.
            Every message about a line names it.
    """
    name = os.fspath(path)
    if name.lower().endswith((".parquet", ".pq")):
        return _read_parquet(name)
    try:
        with open(name, encoding="utf-8-sig", newline="") as handle:
            return _read_csv(name, handle, progress, frozenset(text_columns))
    except FileNotFoundError:
        raise _unreadable(name, "no such file", "check the path") from None
    except IsADirectoryError:
        raise _unreadable(name, "it is a directory", "pass a CSV file") from None
    except UnicodeDecodeError as exc:
        raise _unreadable(
            name, f"not UTF-8 text (byte {exc.start})", "export the table as UTF-8 CSV"
        ) from None


def _delimiter(first_line: str) -> str:
    """Comma, unless the header has none and is split by semicolons or tabs instead."""
    if "," not in first_line:
        for other in ("\t", ";"):
            if other in first_line:
                return other
    return ","


def _header(name: str, header: list[str] | None) -> tuple[str, ...]:
    """Check the header row; messages name columns by position, never by a data value."""
    if header is None or not any(h.strip() for h in header):
        raise _unreadable(name, "the file is empty", "the first line must name the columns")
    if len(header) > _MAX_COLUMNS:
        raise _unreadable(
            name,
            f"line 1 has {len(header)} columns; ketacore reads at most {_MAX_COLUMNS}",
            "keep the columns you need",
        )
    columns = tuple(h.strip() for h in header)
    for position, column in enumerate(columns, start=1):
        if len(column) > _MAX_CELL_LENGTH:
            raise _unreadable(
                name,
                f"line 1, column {position}: a name of {len(column)} characters; "
                f"ketacore reads cells of up to {_MAX_CELL_LENGTH}",
                "shorten the column names",
            )
        if type(parse_cell(column)) in (int, float):
            # The first line is data (a file without a header): its cells, an identifier
            # among them, must not become column names in messages.
            raise _unreadable(
                name,
                f"column {position} of the first line is a number, not a column name",
                "the first line must name the columns (add a header such as "
                "patient_id,day,phq9_1,...)",
            )
    seen: dict[str, int] = {}
    for position, column in enumerate(columns, start=1):
        first = seen.setdefault(column, position)
        if first != position:
            raise _unreadable(
                name,
                f"column {shown(column)} appears twice (columns {first} and {position})",
                "give every column a unique name",
            )
    return columns


def _read_csv(
    name: str,
    handle: IO[str],
    progress: Callable[[int], None] | None,
    text_columns: frozenset[str],
) -> TableFile:
    first = handle.readline()
    handle.seek(0)
    reader = csv.reader(handle, delimiter=_delimiter(first))
    try:
        columns = _header(name, next(reader, None))
        rows, lines = _read_rows(name, reader, columns, progress, text_columns)
    except csv.Error as exc:
        raise _unreadable(
            name, f"line {reader.line_num}: bad CSV ({exc})", "export the table as plain CSV"
        ) from None
    return TableFile(name, columns, tuple(rows), tuple(lines))


def _read_rows(
    name: str,
    reader: Any,  # a csv reader: its line_num is the file line
    columns: tuple[str, ...],
    progress: Callable[[int], None] | None,
    text_columns: frozenset[str],
) -> tuple[list[Row], list[int]]:
    rows: list[Row] = []
    lines: list[int] = []
    width = len(columns)
    as_text = [_is_identifier(c) or c in text_columns for c in columns]
    memo: dict[str, object] = {}  # cells repeat a lot ("0", "1", ids): parse each text once
    texts: dict[str, Cell] = {}
    for record in reader:
        if not record or (len(record) == 1 and not record[0].strip()):
            continue
        if len(record) > width:
            if any(cell.strip() for cell in record[width:]):
                raise _unreadable(
                    name,
                    f"line {reader.line_num} has {len(record)} cells but the header names "
                    f"{width} columns",
                    "quote cells that contain the delimiter, or name every column",
                )
            record = record[:width]
        cells = record + [""] * (width - len(record))
        row: Row = {}
        for position, (column, text, keep) in enumerate(
            zip(columns, cells, as_text, strict=True), start=1
        ):
            value = (texts if keep else memo).get(text, _UNSEEN)
            if value is _UNSEEN:
                if len(text) > _MAX_CELL_LENGTH:
                    raise _unreadable(
                        name,
                        f"line {reader.line_num}, column {position}: a cell of {len(text)} "
                        f"characters; ketacore reads cells of up to {_MAX_CELL_LENGTH}",
                        "shorten it or leave the column out",
                    )
                if keep:
                    value = texts[text] = text.strip() or None
                else:
                    value = memo[text] = parse_cell(text)
            row[column] = value  # type: ignore[assignment]
        rows.append(row)
        lines.append(reader.line_num)
        if progress is not None and len(rows) % 1000 == 0:
            progress(len(rows))
    if progress is not None:
        progress(len(rows))
    return rows, lines


def _read_parquet(name: str) -> TableFile:
    try:
        import pyarrow.parquet as pq  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except ImportError:
        raise _unreadable(
            name, "Parquet needs pyarrow", "pip install 'ketacore[parquet]' or export CSV"
        ) from None
    if not os.path.isfile(name):
        raise _unreadable(name, "no such file", "check the path")
    try:
        data = pq.read_table(name)
    except Exception as exc:  # pyarrow raises its own error types
        raise _unreadable(name, f"not a Parquet file ({exc})", "check the file") from None
    columns = _header(name, [str(c) for c in data.column_names])
    identifiers = {c for c in columns if _is_identifier(c)}
    rows: list[Row] = []
    for line, raw in enumerate(data.to_pylist(), start=2):
        row: Row = {}
        for key, value in raw.items():
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            elif isinstance(value, float) and math.isnan(value):
                value = None
            elif isinstance(value, str) and len(value) > _MAX_CELL_LENGTH:
                raise _unreadable(
                    name,
                    f"row {line - 1}, column {columns.index(str(key)) + 1}: a cell of "
                    f"{len(value)} characters; ketacore reads cells of up to {_MAX_CELL_LENGTH}",
                    "shorten it or leave the column out",
                )
            if type(value) is int and str(key) in identifiers:
                value = str(value)  # identifiers are text, as in a CSV file
            row[str(key)] = value if isinstance(value, (str, int, float, bool)) else None
        rows.append(row)
    return TableFile(name, columns, tuple(rows), tuple(range(2, len(rows) + 2)))
