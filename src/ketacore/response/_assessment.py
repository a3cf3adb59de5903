"""One dated or timed score in a series (see :mod:`ketacore.response._time`)."""

from __future__ import annotations

from collections.abc import Iterable

from attrs import field, frozen

from ketacore.instruments import Score
from ketacore.response._errors import fail
from ketacore.response._time import When, timeline_of

__all__ = ["Assessment", "check_assessment"]


def _companion_tuple(value: Iterable[Score]) -> tuple[Score, ...]:
    if isinstance(value, Score) or not isinstance(value, Iterable):
        raise fail("companions", value, "an iterable of Score", "wrap one in a tuple")
    return tuple(value)


@frozen
class Assessment:
    """One score in a series, with the time it was rated.

    Attributes:
        when: When it was rated: a date (a dated series) or a timezone-aware
            datetime (a timed series). A naive datetime is refused.
        score: The :class:`~ketacore.instruments.Score`.
        companions: Ratings the rules need at the same visit (Y-BOCS: CGI-I and CGI-S).
    """

    when: When
    score: Score
    companions: tuple[Score, ...] = field(default=(), converter=_companion_tuple)

    def __attrs_post_init__(self) -> None:
        timeline_of("when", self.when)
        if not isinstance(self.score, Score):
            raise fail(
                "score", self.score, "a Score", "score the item responses with Instrument.score()"
            )


def check_assessment(name: str, value: object) -> Assessment:
    """Return *value* if it is an :class:`Assessment`, else raise ResponseError."""
    if not isinstance(value, Assessment):
        raise fail(name, value, "an Assessment", "wrap it: Assessment(when, score)")
    return value
