"""Long-term watch items and the dated check-ins that record them (APA 2017)."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import attrs

from ketacore._choices import choose
from ketacore.exceptions import CourseError

__all__ = ["CheckIn", "WatchItem"]


class WatchItem(enum.Enum):
    """A long-term watch item over a course (APA 2017 consensus; clinical reference 4, 5.3)."""

    COGNITION = "cognition"
    """Cognitive effects."""
    BLADDER = "bladder"
    """Bladder symptoms (ketamine cystitis)."""
    SUBSTANCE_MISUSE = "substance_misuse"
    """Substance use and misuse of ketamine."""


def _to_item(value: object) -> WatchItem:
    return choose(WatchItem, value, field="item", error=CourseError)


def _check_day(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise CourseError(
            f"{attribute.name}: got {value!r} ({type(value).__name__}); expected a date such as "
            "date(2026, 6, 1); pass a datetime's calendar date with .date()"
        )


def _check_bool(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, bool):
        raise CourseError(
            f"{attribute.name}: got {value!r} ({type(value).__name__}); expected True or False"
        )


def _check_notes(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str):
        raise CourseError(
            f"{attribute.name}: got {value!r} ({type(value).__name__}); expected text "
            "(an empty string for no notes)"
        )


@attrs.frozen(kw_only=True)
class CheckIn:
    """A dated check on one long-term watch item.

    >>> from datetime import date
    >>> CheckIn(item="bladder", on=date(2026, 6, 1)).item
    <WatchItem.BLADDER: 'bladder'>
    """

    item: WatchItem = attrs.field(converter=_to_item)
    """What was checked (a member or its text)."""
    on: date = attrs.field(validator=_check_day)
    """The day of the check."""
    concern: bool = attrs.field(default=False, validator=_check_bool)
    """Whether the check raised a concern."""
    notes: str = attrs.field(default="", validator=_check_notes)
    """Free-text notes."""
