"""Scoring the item columns of a table: finding the columns, one output row per input row."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from attrs import frozen

from ketacore._text import shown
from ketacore.exceptions import BatchError, TableError
from ketacore.instruments import CATALOGUE, Instrument, MissingPolicy, SourceCoding
from ketacore.instruments._catalogue import resolve
from ketacore.tables._cells import Cell, Row
from ketacore.tables._read import TableFile

__all__ = [
    "KEY_COLUMNS",
    "SCORE_COLUMNS",
    "ScoredTable",
    "detect_instrument",
    "find_items",
    "item_columns",
    "item_matrix",
    "score_table",
]

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


def find_items(
    inst: Instrument, columns: Sequence[str]
) -> tuple[tuple[str, ...], SourceCoding | None]:
    """The item columns of ``inst`` among ``columns``, and the export's coding (if known)."""
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
    return find_items(resolve(instrument, error=TableError), columns)[0]


def detect_instrument(columns: Sequence[str]) -> Instrument:
    """Return the catalogue instrument whose item columns are all in ``columns``.

    Raises:
        TableError: No instrument, or more than one, has all its item columns there.
    """
    matches = []
    for inst in CATALOGUE.values():
        try:
            find_items(inst, columns)
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
            raise TableError(field="keys", value=keys, expected="a list of column names")
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


def item_matrix(values: list[list[Cell]], width: int) -> Any:
    """The item cells of rows as the array :func:`ketacore.batch.score_array` reads fastest.

    Integers and blanks only: a float array (NaN = missing), batch's fast path; any
    other cell: an object array, read element by element as ``Instrument.score`` reads.
    """
    import numpy as np

    if all(type(v) is int or v is None for row_values in values for v in row_values):
        return np.array(
            [[math.nan if v is None else v for v in row_values] for row_values in values],
            dtype=np.float64,
        ).reshape(len(values), width)
    matrix = np.empty((len(values), width), dtype=object)
    for i, row_values in enumerate(values):
        matrix[i] = row_values
    return matrix


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

    from ketacore.batch import score_array

    inst = resolve(instrument, error=TableError)
    data: tuple[Mapping[str, Cell], ...]
    if isinstance(rows, TableFile):
        data, lines, columns = rows.rows, rows.lines, rows.columns
    else:
        data = tuple(rows)
        lines = tuple(range(2, len(data) + 2))
        columns = tuple(data[0]) if data else ()
    if not data and not columns:
        return ScoredTable(inst, (), (), 0, (), SCORE_COLUMNS)
    items, coding = find_items(inst, columns)
    present = _keys(keys, columns, items)
    out_columns = (*present, *SCORE_COLUMNS)
    if not data:
        return ScoredTable(inst, (), (), 0, (), out_columns)
    matrix = item_matrix([[row.get(c) for c in items] for row in data], len(items))
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
