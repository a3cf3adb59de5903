"""Relapse after remission or response: the score rule, qualifying events, the search.

SUSTAIN-1 (ref §2.2 [2+]) counts a relapse by score (MADRS >= 22 at 2
consecutive assessments 5–15 days apart) or by a qualifying event; the
HAM-D17 rule of NCT04007367 (ref §1.4 [1]) is the same shape. "ref §x" is a
section of ketacore's clinical reference.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Final, Literal

from attrs import field, frozen

from ketacore._dates import elapsed, instant
from ketacore.response._assessment import Assessment
from ketacore.response._errors import fail
from ketacore.response._rules import instrument_ids
from ketacore.response._time import Timeline, When, timeline_of

__all__ = [
    "DEFAULT_RELAPSE_RULES",
    "HAMD17_RELAPSE",
    "MADRS_IDS",
    "SUSTAIN1_RELAPSE",
    "EventKind",
    "Relapse",
    "RelapseEvent",
    "RelapseRule",
    "checked_events",
    "first_relapse",
]

MADRS_IDS: Final = frozenset({"madrs", "madrs_24h"})
"""The MADRS and its 24-hour-recall variant: the SUSTAIN-1 rules apply to both."""


class EventKind(enum.Enum):
    """A clinical event that counts as relapse in SUSTAIN-1 (ref §2.2 [2+])."""

    HOSPITALISATION_FOR_WORSENING_DEPRESSION = "hospitalisation for worsening depression"
    SUICIDE_ATTEMPT = "suicide attempt"
    COMPLETED_SUICIDE = "completed suicide"
    HOSPITALISATION_TO_PREVENT_SUICIDE = "hospitalisation to prevent suicide"


@frozen
class RelapseEvent:
    """A dated qualifying event.

    Attributes:
        when: Start of the hospitalisation, or the date of the event (ref §2.2):
            a date or a timezone-aware datetime, the same kind as the series.
        kind: The :class:`EventKind`.
    """

    when: When
    kind: EventKind

    def __attrs_post_init__(self) -> None:
        timeline_of("when", self.when)
        if not isinstance(self.kind, EventKind):
            raise fail("kind", self.kind, "an EventKind", "use e.g. EventKind.SUICIDE_ATTEMPT")


@frozen
class RelapseRule:
    """Relapse by score: a total at or above ``min_total`` at two consecutive assessments
    ``min_gap`` to ``max_gap`` apart (both inclusive).

    Attributes:
        name: Short name, e.g. ``"SUSTAIN-1"``.
        instruments: Ids of the instruments the rule applies to.
        min_total: Lowest total that counts.
        min_gap: Shortest allowed time between the two assessments.
        max_gap: Longest allowed time between the two assessments.
        source: Citation.
    """

    name: str
    instruments: frozenset[str] = field(converter=instrument_ids)
    min_total: int
    min_gap: timedelta
    max_gap: timedelta
    source: str

    def __attrs_post_init__(self) -> None:
        if type(self.min_total) is not int or self.min_total < 0:
            raise fail("min_total", self.min_total, "an integer >= 0", "pass a total")
        for name in ("min_gap", "max_gap"):
            value = getattr(self, name)
            if not isinstance(value, timedelta) or value < timedelta(0):
                raise fail(name, value, "a timedelta >= 0", "pass e.g. timedelta(days=5)")
        if self.min_gap > self.max_gap:
            raise fail("min_gap", self.min_gap, f"at most max_gap ({self.max_gap})", "swap the two")


SUSTAIN1_RELAPSE = RelapseRule(
    "SUSTAIN-1",
    MADRS_IDS,
    22,
    timedelta(days=5),
    timedelta(days=15),
    "MADRS >= 22 at 2 consecutive assessments 5–15 days apart, SUSTAIN-1 NCT02493868 [2+] "
    "(ref §2.2)",
)
"""SUSTAIN-1 relapse by MADRS: >= 22 at two consecutive assessments 5–15 days apart."""

HAMD17_RELAPSE = RelapseRule(
    "NCT04007367",
    {"hamd17"},
    18,
    timedelta(days=7),
    timedelta(days=14),
    "HAM-D17 >= 18 at 2 consecutive visits 7–14 days apart, NCT04007367 [1] (ref §1.4)",
)
"""An example HAM-D17 relapse rule: >= 18 at two consecutive visits 7–14 days apart."""

DEFAULT_RELAPSE_RULES: Final = (SUSTAIN1_RELAPSE, HAMD17_RELAPSE)
"""The rule used for an instrument when none is given: the first that lists it."""


@frozen
class Relapse:
    """A relapse found by :meth:`Trajectory.relapse <ketacore.response.Trajectory.relapse>`.

    Attributes:
        when: The relapse date (see ``relapse_date`` of ``Trajectory.relapse``).
        assessments: The two qualifying assessments, for relapse by score; else ``()``.
        event: The qualifying event, for relapse by event; else ``None``.
    """

    when: When
    assessments: tuple[Assessment, ...] = ()
    event: RelapseEvent | None = None


def checked_events(events: Iterable[RelapseEvent], timeline: Timeline) -> list[RelapseEvent]:
    """The events as a list, each a :class:`RelapseEvent` of the series' kind of time."""
    if isinstance(events, RelapseEvent) or not isinstance(events, Iterable):
        raise fail("events", events, "an iterable of RelapseEvent", "wrap one in a tuple")
    checked: list[RelapseEvent] = []
    for index, event in enumerate(events):
        if not isinstance(event, RelapseEvent):
            raise fail(
                f"events[{index}]", event, "a RelapseEvent", "build RelapseEvent(when, kind)"
            )
        timeline.check(f"events[{index}].when", event.when)
        checked.append(event)
    return checked


def first_relapse(
    assessments: Sequence[Assessment],
    began: When,
    events: Sequence[RelapseEvent],
    rule: RelapseRule,
    relapse_date: Literal["first", "second"],
) -> Relapse | None:
    """The earliest relapse after *began*: by an event, or by the score *rule*."""
    start = instant(began)
    found = [Relapse(e.when, (), e) for e in events if instant(e.when) > start]
    for first, second in itertools.pairwise(assessments):
        if instant(first.when) <= start:
            continue
        t1, t2 = first.score.total, second.score.total
        if t1 is None or t2 is None or t1 < rule.min_total or t2 < rule.min_total:
            continue
        if rule.min_gap <= elapsed(first.when, second.when) <= rule.max_gap:
            when = first.when if relapse_date == "first" else second.when
            found.append(Relapse(when, (first, second)))
            break
    return min(found, key=lambda r: instant(r.when)) if found else None
