"""Tidy, long-format research tables: one row per observation, as plain dicts.

A *table* here is a list of ``dict`` rows with stable column names; units are in
the column name (``weight_kg``, ``systolic_mmhg``, ``minutes_after_dose``).
Nothing in this package imports numpy, pandas or polars at import time:
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

from ketacore.response._policy import course_type
from ketacore.tables._analytics import (
    REMISSION_RULES,
    VISIT_COLUMNS,
    dissociation_summary,
    dissociation_table,
    response_table,
    summarise,
)
from ketacore.tables._cells import Cell, Row, parse_cell
from ketacore.tables._frames import to_pandas, to_polars
from ketacore.tables._read import TableFile, read_table
from ketacore.tables._rows import assessment_rows, course_rows, dose_rows, vitals_rows
from ketacore.tables._scoring import (
    KEY_COLUMNS,
    SCORE_COLUMNS,
    ScoredTable,
    detect_instrument,
    item_columns,
    score_table,
)
from ketacore.tables._write import to_csv_text, write_csv

__all__ = [
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
