"""Tidy, long-format research tables: one row per observation, as plain dicts.

A *table* here is a list of ``dict`` rows with stable column names; units are in
the column name (``weight_kg``, ``systolic_mmhg``, ``minutes_after_dose``).
Nothing in this module imports numpy, pandas or polars at import time:
:func:`to_pandas` and :func:`to_polars` import their library when called, and
:func:`score_table` imports numpy (through :mod:`ketacore.batch`).

>>> from ketacore.tables import score_table, to_csv_text
>>> rows = [
...     {"patient_id": "SYN-0001", "day": 0, **{f"phq9_{i}": 2 for i in range(1, 10)}},
...     {"patient_id": "SYN-0001", "day": 21, **{f"phq9_{i}": 0 for i in range(1, 10)}},
... ]
>>> scored = score_table(rows, "phq9")
>>> [(r["day"], r["total"], r["band"]) for r in scored.scores]
[(0, 18, 'moderately severe'), (21, 0, 'none/minimal')]
>>> print(to_csv_text(scored.scores), end="")
patient_id,day,instrument,total,band,flags,unanswered_critical_items,prorated
SYN-0001,0,phq9,18,moderately severe,suicide-risk review (item 9 endorsed),,false
SYN-0001,21,phq9,0,none/minimal,,,false
"""

from __future__ import annotations

import csv
import importlib
import io
import itertools
import math
import os
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any, TypeAlias

from attrs import frozen

from ketacore._dates import elapsed
from ketacore._text import MAX_TEXT_LENGTH, shown
from ketacore._visit_order import VisitOrderError, visit_keys
from ketacore.exceptions import BatchError, KetacoreError, TableError
from ketacore.instruments import CATALOGUE, Instrument, MissingPolicy, SourceCoding, get
from ketacore.response._policy import REMISSION_RULES as _POLICY_REMISSION_RULES
from ketacore.response._policy import course_type, course_type_of

if TYPE_CHECKING:
    from datetime import datetime

    from ketacore.courses import Course
    from ketacore.response import Thresholds
    from ketacore.sessions import DosingSession, Session
    from ketacore.units import Quantity

__all__ = [
    "COURSE_TYPES",
    "KEY_COLUMNS",
    "REMISSION_RULES",
    "SCORE_COLUMNS",
    "VISIT_COLUMNS",
    "Cell",
    "Row",
    "ScoredTable",
    "TableFile",
    "assessment_rows",
    "course_rows",
    "course_type",
    "detect_instrument",
    "dissociation_summary",
    "dissociation_table",
    "dose_rows",
    "item_columns",
    "parse_cell",
    "read_table",
    "response_table",
    "score_table",
    "summarise",
    "to_csv_text",
    "to_pandas",
    "to_polars",
    "vitals_rows",
    "write_csv",
]

Cell: TypeAlias = str | int | float | bool | None
"""A table cell: text, a number, a boolean, or ``None`` for an empty cell."""

Row: TypeAlias = dict[str, Cell]
"""One observation: column name to cell."""

COURSE_TYPES: tuple[str, ...] = ("iv_ketamine", "esketamine")
"""Course types used in the ``course_type`` column (courses are not objects yet)."""

KEY_COLUMNS: tuple[str, ...] = (
    "patient_id",
    "record_id",
    "SEQN",
    "course_type",
    "visit",
    "day",
    "session",
    "minutes_after_dose",
)
"""Common identifying columns of rating-scale exports.

``record_id`` is REDCap's record column and ``SEQN`` the NHANES respondent number.
:func:`score_table` copies every non-item column by default; to copy only these,
pass ``keys=[c for c in KEY_COLUMNS if c in table.columns]``.
"""

REMISSION_RULES: Mapping[tuple[str, str], str] = _POLICY_REMISSION_RULES
"""Remission rule name per ``(instrument id, course type)`` (read-only); others use the default.

Read from the rules' ``course_types`` (the one policy,
:func:`ketacore.response.thresholds_for`): MADRS <= 10 for IV ketamine (Daly 2018,
KetECT) and <= 12 for esketamine (ASPIRE, SUSTAIN-1/3), as the clinical reference
suggests (ref §1.3, §2.1).
"""

VISIT_COLUMNS: tuple[str, ...] = ("day", "date", "visit_date", "visit", "redcap_repeat_instance")
"""Columns :func:`response_table` looks for, in this order, to order a patient's visits."""

_UNSEEN = object()
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


def _as_instrument(instrument: Instrument | str) -> Instrument:
    if isinstance(instrument, Instrument):
        return instrument
    if not isinstance(instrument, str):
        raise TableError(
            f"instrument: got {instrument!r}; expected an instrument id such as 'phq9'"
        )
    return get(instrument)


def _find(inst: Instrument, columns: Sequence[str]) -> tuple[tuple[str, ...], SourceCoding | None]:
    from ketacore.batch._columns import find_columns

    try:
        return find_columns(inst, list(columns))
    except BatchError as exc:
        message = str(exc)
        if not message.startswith("columns: "):  # pragma: no cover - find_columns' own format
            message = f"columns: {message}"
        raise TableError(f"{message}; or pick another --instrument") from None


def item_columns(instrument: Instrument | str, columns: Sequence[str]) -> tuple[str, ...]:
    """Return the item columns of ``instrument`` in item order.

    Columns are found by :mod:`ketacore.batch`'s rules: names such as ``phq9_1``,
    ``PHQ9_1``, ``phq9_item01`` or ``PHQ-9 1``, or the fields of a known export
    (NHANES ``DPQ010`` … ``DPQ090``, whose codes 7 and 9 then count as missing).

    >>> item_columns("phq9", ["id", *(f"PHQ9_{n}" for n in range(9, 0, -1))])[:3]
    ('PHQ9_1', 'PHQ9_2', 'PHQ9_3')

    Raises:
        TableError: Some or all item columns are missing, or an item has two columns.
        UnknownInstrumentError: ``instrument`` is an unknown id.
    """
    return _find(_as_instrument(instrument), columns)[0]


def detect_instrument(columns: Sequence[str]) -> Instrument:
    """Return the catalogue instrument whose item columns are all in ``columns``.

    Raises:
        TableError: No instrument, or more than one, has all its item columns there.
    """
    matches = []
    for inst in CATALOGUE.values():
        try:
            _find(inst, columns)
        except TableError:
            continue
        matches.append(inst)
    if len(matches) != 1:
        what = "no" if not matches else "more than one"
        found = "" if not matches else f" ({', '.join(m.id for m in matches)})"
        raise TableError(
            f"columns: {what} instrument's item columns found{found} among the "
            f"{len(columns)} columns (names withheld: a file without a header would show a "
            "patient's values here); name the instrument, e.g. --instrument phq9, "
            "with columns phq9_1 … phq9_9"
        )
    return matches[0]


@frozen
class ScoredTable:
    """The result of :func:`score_table`.

    Attributes:
        instrument: The instrument scored.
        scores: One tidy row per scorable input row: the input's key columns, then
            ``instrument``, ``total``, ``band``, ``flags`` (labels joined by ``"; "``),
            ``unanswered_critical_items`` (numbers of the critical items not answered,
            joined by ``"; "``: their flags are unknown, not negative) and ``prorated``.
        errors: One row per input row that could not be scored: ``line``, ``row``
            (0-based), the key columns, and ``reason``.
        n_rows: How many input rows there were.
        rows: One row per input row, in input order: the columns of ``scores`` and an
            ``error`` column, the reason for a row that could not be scored (whose
            ``total``, ``band``, ``flags`` and ``prorated`` are then empty) and
            ``None`` for the others. This is what ``ketacore score`` writes.
        columns: The columns of ``rows``: the key columns, then :data:`SCORE_COLUMNS`.
    """

    instrument: Instrument
    scores: tuple[Row, ...]
    errors: tuple[Row, ...]
    n_rows: int
    rows: tuple[Row, ...] = ()
    columns: tuple[str, ...] = ()


SCORE_COLUMNS: tuple[str, ...] = (
    "instrument",
    "total",
    "band",
    "flags",
    "unanswered_critical_items",
    "prorated",
    "error",
)
"""The columns :func:`score_table` adds to the key columns of every row, in order."""


def _keys(keys: Sequence[str] | None, columns: Sequence[str], items: Sequence[str]) -> list[str]:
    """The key columns: those asked for, else every column that is not an item."""
    if keys is None:
        item_set = set(items)
        chosen = [c for c in columns if c not in item_set]
    else:
        if isinstance(keys, str):
            raise TableError(f"keys: got {shown(keys)}; expected a list of column names")
        known = set(columns)
        absent = [k for k in keys if k not in known]
        if absent:
            raise TableError(
                f"keys: no column {shown(absent[0])} in the table; name columns it has, "
                f"such as {shown(next(iter(columns), 'patient_id'))}"
            )
        chosen = list(dict.fromkeys(keys))
    clash = [k for k in chosen if k in SCORE_COLUMNS]
    if clash:
        raise TableError(
            f"keys: {shown(clash[0])} is a column score_table writes ({', '.join(SCORE_COLUMNS)}); "
            "rename it in the input, or choose the key columns (keys=[...], --keys)"
        )
    return chosen


def score_table(
    rows: Sequence[Mapping[str, Cell]] | TableFile,
    instrument: Instrument | str,
    *,
    missing: MissingPolicy = "strict",
    keys: Sequence[str] | None = None,
) -> ScoredTable:
    """Score the item columns of every row with :func:`ketacore.batch.score_array`.

    Args:
        rows: The rows (or a :class:`TableFile`), one administration each, with item
            columns named ``<instrument id>_<n>`` (see :func:`item_columns`).
        instrument: An instrument or its id.
        missing: ``"strict"`` or ``"prorate"`` (the instrument's published rule).
        keys: Columns copied to each output row, in this order; by default every
            column that is not an item column, in table order.

    Returns:
        A :class:`ScoredTable`; bad rows are in its ``errors`` (and marked in its
        ``rows``), never raised.

    Raises:
        TableError: The item columns are missing, a key column is not in the table,
            or a key column has the name of a column score_table writes
            (:data:`SCORE_COLUMNS`).
        UnknownInstrumentError: ``instrument`` is an unknown id.
    """
    import numpy as np

    from ketacore.batch import score_array

    inst = _as_instrument(instrument)
    data: tuple[Mapping[str, Cell], ...]
    if isinstance(rows, TableFile):
        data, lines, columns = rows.rows, rows.lines, rows.columns
    else:
        data = tuple(rows)
        lines = tuple(range(2, len(data) + 2))
        columns = tuple(data[0]) if data else ()
    if not data and not columns:
        return ScoredTable(inst, (), (), 0, (), SCORE_COLUMNS)
    items, coding = _find(inst, columns)
    present = _keys(keys, columns, items)
    out_columns = (*present, *SCORE_COLUMNS)
    if not data:
        return ScoredTable(inst, (), (), 0, (), out_columns)
    values = [[row.get(c) for c in items] for row in data]
    if all(type(v) is int or v is None for row_values in values for v in row_values):
        # Integers and blanks only: a float array (NaN = missing) takes batch's fast path.
        matrix: Any = np.array(
            [[math.nan if v is None else v for v in row_values] for row_values in values],
            dtype=np.float64,
        )
    else:
        matrix = np.empty((len(data), len(items)), dtype=object)
        for i, row_values in enumerate(values):
            matrix[i] = row_values
    batch = score_array(inst, matrix, missing=missing, coding=coding)
    totals = batch.total.tolist()
    bands = batch.band_labels.tolist()
    valid = batch.valid.tolist()
    prorated = batch.prorated.tolist()
    flags = batch.flags.tolist()
    blank = batch.unanswered_flags.tolist()
    rules = inst.critical_items
    reasons = {e.row: e.reason for e in batch.errors}
    scores: list[Row] = []
    errors: list[Row] = []
    out: list[Row] = []
    for i, row in enumerate(data):
        base: Row = {k: row.get(k) for k in present}
        if valid[i]:
            total = totals[i]
            raised = [r.label for r, on in zip(rules, flags[i], strict=True) if on]
            unanswered = sorted({r.item for r, on in zip(rules, blank[i], strict=True) if on})
            # The score columns of a scored row (SCORE_COLUMNS without "error").
            cells: Row = {
                "instrument": inst.id,
                "total": None if math.isnan(total) else int(total),
                "band": bands[i],
                "flags": "; ".join(raised),
                "unanswered_critical_items": "; ".join(map(str, unanswered)),
                "prorated": bool(prorated[i]),
            }
            scores.append({**base, **cells})
            out.append({**base, **cells, "error": None})
        else:
            reason = reasons[i]
            errors.append({"line": lines[i], "row": i, **base, "reason": reason})
            empty: Row = dict.fromkeys(SCORE_COLUMNS[1:-1])
            out.append({**base, "instrument": inst.id, **empty, "error": reason})
    return ScoredTable(inst, tuple(scores), tuple(errors), len(data), tuple(out), out_columns)


def _visit_column(columns: Sequence[str], visit: str | None) -> str:
    if visit is not None:
        if not isinstance(visit, str) or visit not in columns:
            raise TableError(
                f"visit: got {shown(visit)}; expected the name of a column that orders the "
                f"visits; the table has {list(columns)[:8]}"
            )
        return visit
    for name in VISIT_COLUMNS:
        if name in columns:
            return name
    raise TableError(
        f"columns: none of {list(VISIT_COLUMNS)} is in the table, so the visits cannot be "
        "ordered (file order is never used); add a 'day' column (days from the start) or "
        "name the column with visit='...' (ketacore summary --visit COLUMN)"
    )


def _ordered_visits(
    data: Sequence[Mapping[str, Cell]], column: str
) -> dict[str, list[Mapping[str, Cell]]]:
    """Each patient's rows ordered by ``column``, patients in order of first appearance."""
    try:
        keys = visit_keys([row.get(column) for row in data], column)
    except VisitOrderError as exc:
        raise TableError(str(exc)) from None
    groups: dict[str, list[tuple[Any, Mapping[str, Cell]]]] = {}
    for key, row in zip(keys, data, strict=True):
        groups.setdefault(str(row.get("patient_id")), []).append((key, row))
    out: dict[str, list[Mapping[str, Cell]]] = {}
    for patient, members in groups.items():
        members.sort(key=lambda pair: pair[0])
        for (first, _), (second, _) in itertools.pairwise(members):
            if first == second:
                raise TableError(
                    f"{column}: two rows of one patient have the same {column} "
                    f"({shown(second)}), so which visit comes first is unknown; keep one "
                    "row per visit (identifiers are withheld from this message)"
                )
        out[patient] = [row for _, row in members]
    return out


def response_table(
    rows: Sequence[Mapping[str, Cell]] | TableFile,
    instrument: Instrument | str,
    *,
    remission_rules: Mapping[tuple[str, str], str] | None = None,
    visit: str | None = None,
) -> list[Row]:
    """Classify each patient's last administration against the first (ref §2.4).

    Rows are grouped by ``patient_id`` and ordered by the visit column: ``visit``, else
    the first of :data:`VISIT_COLUMNS` in the table (``day`` first). Numbers are
    ordered as numbers and dates (ISO text such as ``"2026-03-01"``) as dates; the
    order never depends on the order of the rows.
    The rules are the one policy's (:func:`ketacore.response.thresholds_for`) for the
    patient's ``course_type`` (a value of :data:`ketacore.response.COURSE_TYPES`;
    any other value, or none, means the drug is not known). An instrument without a
    response rule (GAD-7) is judged on the core definition, a 50 % reduction (ref
    §2.1); one without a remission rule leaves ``remission`` empty.
    The baseline is the first row and the endpoint the last one; both are scored
    with :meth:`Instrument.score <ketacore.instruments.Instrument.score>` and
    classified with :func:`ketacore.response.classify`. A row that cannot be scored
    counts as missing, so the patient is *not evaluable*.

    Args:
        rows: The rows (or a :class:`TableFile`), with ``patient_id``, optional
            ``course_type``, a visit column and item columns.
        instrument: An instrument or its id.
        remission_rules: Remission rule names per ``(instrument id, course type)``
            that replace the policy's (course type ``""`` for rows without one).
        visit: The column ordering the visits (default: see above).

    Returns:
        One row per patient, in order of first appearance: ``patient_id``,
        ``course_type``, ``instrument``, ``baseline_day``, ``baseline_total``,
        ``endpoint_day``, ``endpoint_total``, ``percent_change``, ``status``,
        ``response``, ``remission``, ``remission_max_total``, ``response_rule``,
        ``remission_rule``, ``reason``. ``baseline_day`` and ``endpoint_day`` hold the
        visit column's cells.

    Raises:
        TableError: There is no ``patient_id`` column, item columns are missing, no
            column orders the visits (or a cell of it is missing, neither a number nor
            a date, or repeated for one patient), or ``remission_rules`` names a rule
            the instrument does not have.
    """
    from ketacore.response import classify

    inst = _as_instrument(instrument)
    data = rows.rows if isinstance(rows, TableFile) else tuple(rows)
    if not data:
        return []
    columns = rows.columns if isinstance(rows, TableFile) else tuple(_columns_of(data))
    if "patient_id" not in columns:
        raise TableError(
            f"columns: no 'patient_id' column among the {len(columns)} columns (names "
            "withheld: a file without a header would show a patient's values here); "
            "response needs one row per administration with a patient_id"
        )
    items, coding = _find(inst, columns)
    order = _visit_column(columns, visit)
    out: list[Row] = []
    for patient, members in _ordered_visits(data, order).items():
        first, last = members[0], members[-1]
        course = first.get("course_type")
        course_text = course if isinstance(course, str) else None
        thresholds = _thresholds(inst, course, remission_rules)
        baseline = _score_or_none(inst, first, items, coding)
        current = _score_or_none(inst, last, items, coding) if len(members) > 1 else None
        status = classify(baseline, current, thresholds=thresholds)
        change = status.percent_change
        out.append(
            {
                "patient_id": patient,
                "course_type": course_text,
                "instrument": inst.id,
                "baseline_day": first.get(order),
                "baseline_total": status.baseline_total,
                "endpoint_day": last.get(order) if len(members) > 1 else None,
                "endpoint_total": status.current_total,
                "percent_change": None if change is None else round(change, 1),
                "status": status.status.value,
                "response": status.response,
                "remission": status.remission,
                "remission_max_total": thresholds.remission_max_total,
                "response_rule": thresholds.response_rule,
                "remission_rule": thresholds.remission_rule,
                "reason": None if status.reason is None else status.reason.value,
            }
        )
    return out


def _thresholds(
    inst: Instrument,
    course: Cell,
    remission_rules: Mapping[tuple[str, str], str] | None = None,
) -> Thresholds:
    """The one policy's thresholds for a row's ``course_type`` cell (or a caller's override)."""
    from ketacore.exceptions import ResponseError
    from ketacore.response import thresholds_for

    name = None
    if remission_rules is not None:
        key = course if isinstance(course, str) else ""
        name = remission_rules.get((inst.id, key))
    try:
        return thresholds_for(inst, course_type=course_type_of(course), remission_rule=name)
    except ResponseError as exc:
        raise TableError(f"remission_rules: {exc}") from None


def _score_or_none(
    inst: Instrument,
    row: Mapping[str, Cell],
    items: Sequence[str],
    coding: SourceCoding | None,
) -> Any:
    values: list[Any] = [row.get(c) for c in items]
    try:
        if coding is not None:
            values = list(coding.decode(values))
        return inst.score(values)
    except KetacoreError:
        return None


def _session_key(row: Mapping[str, Cell], index: int) -> Cell:
    for column in ("session", "session_id", "day"):
        value = row.get(column)
        if value is not None:
            return value
    return index


def _minutes_of(row: Mapping[str, Cell]) -> float:
    value = row.get("minutes_after_dose")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return math.inf
    return float(value)


def dissociation_table(rows: Sequence[Mapping[str, Cell]] | TableFile) -> list[Row]:
    """Per patient, the sessions with a CADSS dissociation event (ref §1.8).

    Ratings are grouped by ``patient_id`` and session (``session``, else
    ``session_id``, else ``day``). In each session the rating with the smallest
    ``minutes_after_dose`` is the pre-dose one, and every later rating is checked
    against it with :func:`ketacore.response.dissociation_event` (Spravato
    programme: total > 4 and an increase > 0). Sessions without a scorable
    pre-dose and post-dose pair are not counted.

    Args:
        rows: CADSS-23 ratings (item columns ``cadss23_1`` … ``cadss23_23``) with
            ``patient_id``, optional ``course_type``, a session column and
            ``minutes_after_dose``.

    Returns:
        One row per patient: ``patient_id``, ``course_type``, ``sessions`` (rated
        before and after dosing), ``event_sessions``, ``first_event_session``.

    Raises:
        TableError: There is no ``patient_id`` column, or the item columns are missing.
    """
    from ketacore.instruments import CADSS
    from ketacore.response import dissociation_event

    data = rows.rows if isinstance(rows, TableFile) else tuple(rows)
    if not data:
        return []
    columns = rows.columns if isinstance(rows, TableFile) else tuple(data[0])
    if "patient_id" not in columns:
        raise TableError(
            f"columns: no 'patient_id' column among the {len(columns)} columns (names "
            "withheld: a file without a header would show a patient's values here); "
            "dissociation needs one row per CADSS rating with a patient_id"
        )
    items, coding = _find(CADSS, columns)
    patients: dict[str, dict[Cell, list[Mapping[str, Cell]]]] = {}
    for index, row in enumerate(data):
        by_session = patients.setdefault(str(row.get("patient_id")), {})
        by_session.setdefault(_session_key(row, index), []).append(row)
    out: list[Row] = []
    for patient, sessions in patients.items():
        rated = 0
        events: list[Cell] = []
        for session, ratings in sessions.items():
            ratings.sort(key=_minutes_of)
            pre = _score_or_none(CADSS, ratings[0], items, coding)
            posts = [_score_or_none(CADSS, r, items, coding) for r in ratings[1:]]
            posts = [p for p in posts if p is not None and p.total is not None]
            if pre is None or pre.total is None or not posts:
                continue
            rated += 1
            if any(dissociation_event(pre, post) for post in posts):
                events.append(session)
        course = next(iter(sessions.values()))[0].get("course_type")
        out.append(
            {
                "patient_id": patient,
                "course_type": course if isinstance(course, str) else None,
                "sessions": rated,
                "event_sessions": len(events),
                "first_event_session": events[0] if events else None,
            }
        )
    return out


def dissociation_summary(patients: Iterable[Mapping[str, Cell]]) -> list[Row]:
    """Share of patients with at least one dissociation event, per course type.

    Only patients with at least one rated session count.

    Args:
        patients: Rows from :func:`dissociation_table`.

    Returns:
        One row per ``course_type``: ``instrument`` (``"cadss23"``), ``course_type``,
        ``patients``, ``with_event``, ``event_percent``, ``event_sessions_percent``
        (of all rated sessions).
    """
    groups: dict[Cell, list[Mapping[str, Cell]]] = {}
    for row in patients:
        groups.setdefault(row.get("course_type"), []).append(row)
    out: list[Row] = []
    for course, members in groups.items():
        rated = [m for m in members if isinstance(m.get("sessions"), int) and m["sessions"]]
        sessions = sum(int(m["sessions"] or 0) for m in rated)
        event_sessions = sum(int(m.get("event_sessions") or 0) for m in rated)
        with_event = sum(1 for m in rated if m.get("event_sessions"))
        out.append(
            {
                "instrument": "cadss23",
                "course_type": course,
                "patients": len(rated),
                "with_event": with_event,
                "event_percent": _percent(with_event, len(rated)),
                "event_sessions_percent": _percent(event_sessions, sessions),
            }
        )
    return out


def _percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100 * part / whole, 1)


def summarise(responses: Iterable[Mapping[str, Cell]]) -> list[Row]:
    """Response and remission rates per instrument and course type.

    Rates are over evaluable patients (those with a status other than
    *not evaluable*); an instrument without a remission rule has no remission rate.

    Args:
        responses: Rows from :func:`response_table`.

    Returns:
        One row per ``(instrument, course_type)`` in order of first appearance:
        ``instrument``, ``course_type``, ``patients``, ``evaluable``, ``responders``,
        ``response_percent``, ``remitters``, ``remission_percent``,
        ``remission_max_total``, ``response_rule``, ``remission_rule`` (the rule
        names used, see :func:`response_table`).

    >>> summarise([
    ...     {"instrument": "phq9", "course_type": "esketamine", "status": "remission",
    ...      "response": True, "remission": True, "remission_max_total": 4},
    ...     {"instrument": "phq9", "course_type": "esketamine", "status": "non-response",
    ...      "response": False, "remission": False, "remission_max_total": 4},
    ... ])[0]["response_percent"]
    50.0
    """
    groups: dict[tuple[Cell, Cell], list[Mapping[str, Cell]]] = {}
    for row in responses:
        groups.setdefault((row.get("instrument"), row.get("course_type")), []).append(row)
    out: list[Row] = []
    for (instrument, course), members in groups.items():
        evaluable = [m for m in members if m.get("status") != "not evaluable"]
        responders = sum(1 for m in evaluable if m.get("response") is True)
        remitters = sum(1 for m in evaluable if m.get("remission") is True)
        no_rule = members[0].get("remission_max_total") is None  # remission never decided
        out.append(
            {
                "instrument": instrument,
                "course_type": course,
                "patients": len(members),
                "evaluable": len(evaluable),
                "responders": responders,
                "response_percent": _percent(responders, len(evaluable)),
                "remitters": remitters,
                "remission_percent": None if no_rule else _percent(remitters, len(evaluable)),
                "remission_max_total": members[0].get("remission_max_total"),
                "response_rule": members[0].get("response_rule"),
                "remission_rule": members[0].get("remission_rule"),
            }
        )
    return out


def _columns_of(rows: Sequence[Mapping[str, Cell]]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(key, None)
    return list(seen)


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
    names = _columns_of(rows) if columns is None else list(columns)
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


def to_pandas(rows: Sequence[Mapping[str, Cell]]) -> Any:
    """Return rows as a ``pandas.DataFrame`` (needs ``ketacore[pandas]``).

    Raises:
        TableError: pandas is not installed.
    """
    try:
        pd = importlib.import_module("pandas")
    except ImportError:
        raise TableError(
            "to_pandas: pandas is not installed; pip install 'ketacore[pandas]'"
        ) from None
    return pd.DataFrame.from_records(list(rows), columns=_columns_of(rows))


def to_polars(rows: Sequence[Mapping[str, Cell]]) -> Any:
    """Return rows as a ``polars.DataFrame`` (needs ``ketacore[polars]``).

    Raises:
        TableError: polars is not installed.
    """
    try:
        pl = importlib.import_module("polars")
    except ImportError:
        raise TableError(
            "to_polars: polars is not installed; pip install 'ketacore[polars]'"
        ) from None
    columns = _columns_of(rows)
    return pl.DataFrame(
        [{c: row.get(c) for c in columns} for row in rows], infer_schema_length=None
    )


# --- Domain objects to tidy rows -------------------------------------------------------


def _minutes(later: datetime, earlier: datetime) -> float:
    # Absolute time: minutes after the dose stay right across a daylight-saving change.
    return round(elapsed(earlier, later).total_seconds() / 60, 2)


def _dosing(sessions: Iterable[Session]) -> list[DosingSession]:
    from ketacore.sessions import DosingSession

    return [s for s in sessions if isinstance(s, DosingSession)]


def course_rows(
    courses: Iterable[Course], *, keys: Sequence[Mapping[str, Cell]] | None = None
) -> list[Row]:
    """One row per :class:`~ketacore.courses.Course`: protocol, route and sessions.

    Args:
        courses: The courses.
        keys: One mapping per course of columns put first (e.g. a study id); patient
            identifiers are not copied from the course.

    Returns:
        Rows with ``course_type`` (see :func:`course_type`), ``protocol``, ``drug``,
        ``route``, ``indication``, ``start`` (ISO date), ``start_phase``,
        ``dosing_sessions``, ``first_dose`` and ``last_dose`` (ISO date-times or
        ``None``). Flatten the sessions with :func:`dose_rows`,
        :func:`vitals_rows` and :func:`assessment_rows` on ``course.sessions``.

    Raises:
        TableError: ``keys`` is not one mapping per course.
    """
    course_list = list(courses)
    key_list = [{} for _ in course_list] if keys is None else list(keys)
    if len(key_list) != len(course_list):
        raise TableError(
            f"keys: got {len(key_list)} mappings for {len(course_list)} courses; "
            "pass one mapping per course, or none"
        )
    out: list[Row] = []
    for course, extra in zip(course_list, key_list, strict=True):
        dosing = _dosing(course.sessions)
        drug, route = course.drug.value, course.route.value
        out.append(
            {
                **extra,
                "course_type": course_type(drug, route),
                "protocol": course.protocol.id,
                "drug": drug,
                "route": route,
                "indication": course.indication.value,
                "start": course.start.isoformat(),
                "start_phase": course.phase,
                "dosing_sessions": len(dosing),
                "first_dose": dosing[0].dosed_at.isoformat() if dosing else None,
                "last_dose": dosing[-1].dosed_at.isoformat() if dosing else None,
            }
        )
    return out


def _with_keys(keys: Mapping[str, Cell], session: DosingSession) -> Row:
    return {**keys, "session_id": session.id}


def dose_rows(
    sessions: Iterable[Session],
    *,
    weight: Quantity | None = None,
    keys: Mapping[str, Cell] | None = None,
) -> list[Row]:
    """One row per dosing session: what was given, in mg and (where known) mg/kg.

    Args:
        sessions: Session records, e.g. ``course.sessions``; only
            :class:`~ketacore.sessions.DosingSession` records give rows.
        weight: The patient's body weight, to resolve weight-based doses to mg and
            fixed doses to mg/kg; without it those cells are ``None``.
        keys: Columns put first in every row, e.g. ``{"patient_id": "SYN-0001"}``.

    Returns:
        Rows with ``session_id``, ``dosed_at`` (ISO 8601), ``drug``, ``route``,
        ``dose_text``, ``dose_mg``, ``dose_mg_per_kg``, ``duration_min``.

    >>> from datetime import datetime, timezone
    >>> from ketacore.doses import parse_dose
    >>> from ketacore.sessions import DosingSession
    >>> from ketacore.units import parse_quantity
    >>> at = datetime(2026, 3, 2, 9, 10, tzinfo=timezone.utc)
    >>> dose = parse_dose("0.5 mg/kg over 40 min", drug="ketamine", route="iv")
    >>> session = DosingSession(id="S-1", started_at=at, dosed_at=at, dose=dose)
    >>> (row,) = dose_rows([session], weight=parse_quantity("70 kg"), keys={"patient_id": "P1"})
    >>> row["patient_id"], row["session_id"], row["dosed_at"], row["drug"], row["route"]
    ('P1', 'S-1', '2026-03-02T09:10:00+00:00', 'ketamine', 'iv')
    >>> row["dose_text"], row["dose_mg"], row["dose_mg_per_kg"], row["duration_min"]
    ('0.5 mg/kg over 40 min', 35.0, 0.5, 40.0)
    """
    from ketacore.doses import WeightBasedDose
    from ketacore.units import magnitude

    out: list[Row] = []
    for session in _dosing(sessions):
        dose = session.dose
        mg: float | None = None
        per_kg: float | None = None
        if isinstance(dose, WeightBasedDose):
            per_kg = magnitude(dose.amount, "mg/kg")
        else:
            mg = magnitude(dose.amount, "mg")
        if weight is not None:
            mg = magnitude(dose.resolve(weight=weight), "mg")
            per_kg = magnitude(dose.per_weight(weight=weight), "mg/kg")
        out.append(
            {
                **_with_keys(keys or {}, session),
                "dosed_at": session.dosed_at.isoformat(),
                "drug": session.drug.value,
                "route": session.route.value,
                "dose_text": dose.text,
                "dose_mg": None if mg is None else round(mg, 4),
                "dose_mg_per_kg": None if per_kg is None else round(per_kg, 4),
                "duration_min": (
                    None if dose.duration is None else round(magnitude(dose.duration, "min"), 2)
                ),
            }
        )
    return out


def vitals_rows(
    sessions: Iterable[Session], *, keys: Mapping[str, Cell] | None = None
) -> list[Row]:
    """One row per vital-sign reading, timed from the dose.

    Returns:
        Rows with ``session_id``, ``taken_at`` (ISO 8601), ``minutes_after_dose``
        (negative before the dose), ``systolic_mmhg``, ``diastolic_mmhg``,
        ``heart_rate_bpm``, ``spo2_percent``, ``respiratory_rate_per_min``.
    """
    out: list[Row] = []
    for session in _dosing(sessions):
        for reading in session.vitals:
            out.append(
                {
                    **_with_keys(keys or {}, session),
                    "taken_at": reading.taken_at.isoformat(),
                    "minutes_after_dose": _minutes(reading.taken_at, session.dosed_at),
                    "systolic_mmhg": reading.systolic,
                    "diastolic_mmhg": reading.diastolic,
                    "heart_rate_bpm": reading.heart_rate,
                    "spo2_percent": reading.spo2,
                    "respiratory_rate_per_min": reading.respiratory_rate,
                }
            )
    return out


def assessment_rows(
    sessions: Iterable[Session], *, keys: Mapping[str, Cell] | None = None
) -> list[Row]:
    """One row per in-session assessment (CADSS, MOAA/S, ...), timed from the dose.

    Returns:
        Rows with ``session_id``, ``taken_at`` (ISO 8601), ``minutes_after_dose``,
        ``instrument``, ``total``, ``band``, ``flags`` (labels joined by ``"; "``) and
        ``unanswered_critical_items`` (item numbers joined by ``"; "``).
    """
    out: list[Row] = []
    for session in _dosing(sessions):
        for timed in session.assessments:
            score = timed.score
            band = score.severity
            out.append(
                {
                    **_with_keys(keys or {}, session),
                    "taken_at": timed.taken_at.isoformat(),
                    "minutes_after_dose": _minutes(timed.taken_at, session.dosed_at),
                    "instrument": score.instrument.id,
                    "total": score.total,
                    "band": None if band is None else band.label,
                    "flags": "; ".join(f.label for f in score.flags),
                    "unanswered_critical_items": "; ".join(
                        map(str, score.unanswered_critical_items)
                    ),
                }
            )
    return out
