"""Reading REDCap's CSV and JSON files as text cells, with the stdlib only.

Every cell stays text: REDCap's record ``001`` is not the number 1 and a choice
code ``"01"`` is not ``"1"``. Rows too wide, or with a cell too long, are
reported as :class:`RowProblem` values; the file as a whole is refused only when
it cannot be read at all.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Sequence

from ketacore._text import shown
from ketacore.exceptions import RedcapError
from ketacore.redcap._problems import RowProblem

__all__ = ["MAX_CELL_LENGTH", "CsvRows", "csv_rows", "json_rows", "read_text"]

MAX_CELL_LENGTH = 100_000
"""The longest cell read, in characters (below the csv module's own limit of 131,072).

A REDCap field label or calculation can be long (rich-text labels with HTML); a
pasted document is refused. ketacore's choice, not REDCap's.
"""

_MAX_COLUMNS = 20_000
"""The widest file read: a large REDCap project exports a few thousand columns."""

_MAX_JSON_BYTES = 200_000_000
"""The largest JSON document read (200 MB), so a runaway export fails early."""

CsvRows = tuple[tuple[str, ...], list[tuple[int, tuple[str, ...]]], list[RowProblem]]
"""``(header, [(line, cells)], problems)``: what :func:`csv_rows` returns."""


def read_text(path: str | os.PathLike[str], what: str) -> str:
    """The UTF-8 text of ``path`` (a byte-order mark dropped), or a :class:`RedcapError`."""
    name = os.fspath(path)
    try:
        with open(name, encoding="utf-8-sig", newline="") as handle:
            return handle.read()
    except FileNotFoundError:
        raise RedcapError(f"{what}: cannot read {name!r}: no such file; check the path") from None
    except IsADirectoryError:
        raise RedcapError(
            f"{what}: cannot read {name!r}: it is a directory; pass the CSV file REDCap exported"
        ) from None
    except UnicodeDecodeError as exc:
        raise RedcapError(
            f"{what}: cannot read {name!r}: not UTF-8 text (byte {exc.start}); "
            "export it again from REDCap, which writes UTF-8"
        ) from None
    except OSError as exc:
        raise RedcapError(
            f"{what}: cannot read {name!r}: {exc.strerror or exc}; check the path"
        ) from None


def csv_rows(text: str, what: str) -> CsvRows:
    """Split CSV text into its header and rows of text cells.

    Blank lines are skipped. A row with fewer cells than the header is padded with
    empty cells; one with more non-empty cells, or a cell longer than
    :data:`MAX_CELL_LENGTH`, becomes a :class:`RowProblem`.

    Raises:
        RedcapError: The text is empty, is not CSV, or its header is too wide or
            repeats a column.
    """
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None or not any(cell.strip() for cell in header):
            raise RedcapError(f"{what}: the file is empty; the first line must name the columns")
        columns = _header(tuple(h.strip() for h in header), what)
        rows: list[tuple[int, tuple[str, ...]]] = []
        problems: list[RowProblem] = []
        width = len(columns)
        for record in reader:
            line = reader.line_num
            if not record or (len(record) == 1 and not record[0].strip()):
                continue
            if len(record) > width and any(cell.strip() for cell in record[width:]):
                problems.append(
                    RowProblem(
                        line,
                        None,
                        f"{len(record)} cells but the header names {width} columns; "
                        "quote cells that contain a comma",
                    )
                )
                continue
            cells = tuple(record[:width]) + ("",) * (width - len(record))
            long = next((i for i, c in enumerate(cells) if len(c) > MAX_CELL_LENGTH), None)
            if long is not None:
                problems.append(
                    RowProblem(
                        line,
                        columns[long],
                        f"a cell of {len(cells[long])} characters; ketacore reads cells of up "
                        f"to {MAX_CELL_LENGTH}",
                    )
                )
                continue
            rows.append((line, cells))
    except csv.Error as exc:
        raise RedcapError(
            f"{what}: line {reader.line_num}: bad CSV ({exc}); export the file again as CSV"
        ) from None
    return columns, rows, problems


def _header(columns: tuple[str, ...], what: str) -> tuple[str, ...]:
    if len(columns) > _MAX_COLUMNS:
        raise RedcapError(
            f"{what}: line 1 has {len(columns)} columns; ketacore reads at most {_MAX_COLUMNS}"
        )
    seen: dict[str, int] = {}
    for position, column in enumerate(columns, start=1):
        if len(column) > MAX_CELL_LENGTH:
            raise RedcapError(f"{what}: line 1, column {position}: a name too long to be a field")
        first = seen.setdefault(column, position)
        if first != position:
            raise RedcapError(
                f"{what}: column {shown(column)} appears twice (columns {first} and "
                f"{position}); export the file again from REDCap"
            )
    return columns


def _no_duplicates(pairs: Sequence[tuple[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"key {shown(key)} appears twice in one object")
        out[key] = value
    return out


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def json_rows(data: str | bytes | Sequence[object], what: str) -> list[object]:
    """The list of objects in the API's JSON (text, bytes, or already-parsed rows).

    Duplicate keys, ``NaN`` and nesting deeper than Python can parse are refused.

    Raises:
        RedcapError: The data is not JSON, or not a JSON list.
    """
    if isinstance(data, str | bytes):
        if len(data) > _MAX_JSON_BYTES:
            raise RedcapError(
                f"{what}: {len(data)} characters of JSON; ketacore reads at most "
                f"{_MAX_JSON_BYTES}; export fewer records at a time"
            )
        try:
            parsed = json.loads(data, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
        except RecursionError:
            raise RedcapError(f"{what}: JSON nested too deeply; export it again") from None
        except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, our hooks
            raise RedcapError(
                f"{what}: not valid JSON ({shown(str(exc), 80)}); pass the text the API returned"
            ) from None
    else:
        parsed = data
    if isinstance(parsed, dict) and "error" in parsed:
        raise RedcapError(
            f"{what}: the REDCap API answered with an error ({shown(parsed['error'], 80)}); "
            "check the token and the request"
        )
    if not isinstance(parsed, list):
        raise RedcapError(
            field=what,
            value=type(parsed).__name__,
            got=f"a JSON {type(parsed).__name__}",
            expected="a JSON list of objects, one per row, as the REDCap API returns",
            fix="export with format=json and type=flat",
        )
    return parsed
