"""Sort keys for the visits of long-format tables: numbers as numbers, dates as dates.

One ordering for :func:`ketacore.tables.response_table` and
:func:`ketacore.batch.pandas.classify_visits` (and polars): a column orders visits
when every cell is a number (a day or visit number) or every cell is a date or
date-time (objects, or ISO 8601 text such as ``"2026-03-01"``). Anything else is an
error, never file order.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from ketacore._text import shown

__all__ = ["VisitOrderError", "visit_keys"]


class VisitOrderError(Exception):
    """Why a column cannot order visits; callers re-raise it as their own error."""


def _as_datetime(value: object) -> datetime | None:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, str) and 8 <= len(value.strip()) <= 40:
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    else:
        return None
    return moment if moment.tzinfo is None else moment.astimezone(UTC)


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT
    except (TypeError, ValueError):  # pandas.NA has no truth value
        return True


def visit_keys(values: Sequence[object], column: str) -> list[float] | list[datetime]:
    """Return one sort key per cell of ``column``: all numbers, or all date-times.

    Aware date-times are compared in UTC; a column may not mix aware and naive ones.

    Raises:
        VisitOrderError: A cell is missing, or the cells are neither all numbers nor
            all dates (the message names the column, the row and the value).
    """
    for row, value in enumerate(values):
        if _missing(value):
            raise VisitOrderError(
                f"{column}: row {row} has no value; every row needs its visit's day or date "
                "to order the visits (fill it in, or drop the row)"
            )
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return [float(v) for v in values]  # type: ignore[arg-type]
    moments: list[datetime] = []
    for row, value in enumerate(values):
        moment = _as_datetime(value)
        if moment is None:
            raise VisitOrderError(
                f"{column}: row {row} holds {shown(value)}, which orders no visits; expected "
                "every cell to be a number (day or visit number, e.g. 28) or every cell a "
                "date (e.g. '2026-03-01')"
            )
        moments.append(moment)
    if len({m.tzinfo is None for m in moments}) > 1:
        raise VisitOrderError(
            f"{column}: mixes date-times with and without a UTC offset; give every time "
            "an offset (e.g. '2026-03-01T09:00+00:00') or none"
        )
    return moments
