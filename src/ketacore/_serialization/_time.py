"""Wire formats of time: ISO 8601 datetimes with a UTC offset, dates and durations."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any, Final

from ketacore._text import shown
from ketacore.exceptions import SerializationError

_DURATION_RE: Final = re.compile(r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?")


def _unstructure_timedelta(value: timedelta) -> str:
    seconds = value.total_seconds()
    sign = "-" if seconds < 0 else ""
    return f"{sign}PT{format(abs(seconds), 'f').rstrip('0').rstrip('.')}S"


def _structure_timedelta(data: Any, cls: Any) -> timedelta:
    text = data[1:] if isinstance(data, str) and data.startswith("-") else data
    match = _DURATION_RE.fullmatch(text) if isinstance(text, str) else None
    if match is None or text in ("P", "PT") or text.endswith("T"):
        raise SerializationError(
            f"got {shown(data)}; expected an ISO 8601 duration such as 'PT45M' or 'PT2700S'"
        )
    days, hours, minutes, seconds = (float(part) if part else 0.0 for part in match.groups())
    span = timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
    return -span if data.startswith("-") else span


def _structure_datetime(data: Any, cls: Any) -> datetime:
    if not isinstance(data, str):
        raise SerializationError(
            f"got {shown(data)}; expected an ISO 8601 datetime with a UTC offset"
        )
    try:
        value = datetime.fromisoformat(data)
    except ValueError:
        raise SerializationError(
            f"got {shown(data)}; expected an ISO 8601 datetime such as '2026-03-02T09:00:00+00:00'"
        ) from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise SerializationError(
            f"got {shown(data)}, which has no UTC offset; expected for example "
            "'2026-03-02T09:00:00+00:00'"
        )
    return value


def _unstructure_datetime(value: datetime) -> str:
    if value.tzinfo is None or value.utcoffset() is None:
        raise SerializationError(
            f"got the naive datetime {value.isoformat()!r}; only timezone-aware datetimes "
            "can be written"
        )
    return value.isoformat()


def _structure_date(data: Any, cls: Any) -> date:
    if not isinstance(data, str):
        raise SerializationError(
            f"got {shown(data)}; expected an ISO 8601 date such as '2026-03-02'"
        )
    try:
        return date.fromisoformat(data)
    except ValueError:
        raise SerializationError(
            f"got {shown(data)}; expected an ISO 8601 date such as '2026-03-02'"
        ) from None
