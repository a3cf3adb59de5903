"""Rows as pandas or polars DataFrames (each library imported when called)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ketacore._optional import optional_import
from ketacore.exceptions import TableError
from ketacore.tables._cells import Cell, columns_of

__all__ = ["to_pandas", "to_polars"]


def to_pandas(rows: Sequence[Mapping[str, Cell]]) -> Any:
    """Return rows as a ``pandas.DataFrame`` (needs ``ketacore[pandas]``).

    Raises:
        TableError: pandas is not installed.
    """
    pd = optional_import("pandas", extra="pandas", field="to_pandas", error=TableError)
    return pd.DataFrame.from_records(list(rows), columns=columns_of(rows))


def to_polars(rows: Sequence[Mapping[str, Cell]]) -> Any:
    """Return rows as a ``polars.DataFrame`` (needs ``ketacore[polars]``).

    Raises:
        TableError: polars is not installed.
    """
    pl = optional_import("polars", extra="polars", field="to_polars", error=TableError)
    columns = columns_of(rows)
    return pl.DataFrame(
        [{c: row.get(c) for c in columns} for row in rows], infer_schema_length=None
    )
