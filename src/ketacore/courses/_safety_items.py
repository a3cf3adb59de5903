"""Long-term watch items and the dated check-ins that record them (APA 2017)."""

from __future__ import annotations

import enum
from datetime import date

import attrs

from ketacore import _validators as v
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


@attrs.frozen(kw_only=True)
class CheckIn:
    """A dated check on one long-term watch item.

    >>> from datetime import date
    >>> CheckIn(item="bladder", on=date(2026, 6, 1)).item
    <WatchItem.BLADDER: 'bladder'>
    """

    item: WatchItem = attrs.field(converter=_to_item)
    """What was checked (a member or its text)."""
    on: date = attrs.field(validator=v.calendar_date(error=CourseError))
    """The day of the check."""
    concern: bool = attrs.field(default=False, validator=v.boolean(error=CourseError))
    """Whether the check raised a concern."""
    notes: str = attrs.field(default="", validator=v.notes(error=CourseError))
    """Free-text notes."""
