"""Response status over a dated series of scores: onset, rapid, sustained, stable, relapse.

Dates and datetimes are arguments; nothing here reads a clock. Times between
aware datetimes are absolute (taken in UTC), so a window of whole days spans
a daylight-saving change at its true length: two 09:00 visits 15 calendar
days apart across the autumn change are 15 days 1 hour apart. A dated series
(dates, no times) counts calendar days.
"ref §x" is a section of ketacore's clinical reference.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Literal, TypeAlias

from attrs import field, frozen

from ketacore._dates import elapsed, instant, later
from ketacore.instruments import MADRS, Score
from ketacore.response._classify import (
    ResponseStatus,
    Status,
    Thresholds,
    _fail,
    classify,
    thresholds_for,
)

__all__ = [
    "HAMD17_RELAPSE",
    "RAPID_RESPONSE_WINDOW",
    "SUSTAIN1_RELAPSE",
    "SUSTAINED_DURATION",
    "Assessment",
    "EventKind",
    "Relapse",
    "RelapseEvent",
    "RelapseRule",
    "Span",
    "Trajectory",
    "When",
    "trajectory",
]

When: TypeAlias = date | datetime
"""A point in time: a :class:`~datetime.date`, or a :class:`~datetime.datetime`.

One series uses one kind throughout, and datetimes are all naive or all aware.
"""

RAPID_RESPONSE_WINDOW = timedelta(hours=24)
"""Default window after the first dose for rapid response: 24 h (ASPIRE; ref §2.1 [?])."""

SUSTAINED_DURATION = timedelta(weeks=3)
"""Default duration for sustained response or remission: 3 consecutive weeks (ACNP 2006,
ref §2.1 [1])."""

_MADRS_IDS = frozenset({"madrs", "madrs_24h"})


def _kind(value: When) -> tuple[bool, bool]:
    """(is a datetime, is aware) of a point in time."""
    if isinstance(value, datetime):
        return True, value.utcoffset() is not None
    return False, False


def _describe(kind: tuple[bool, bool]) -> str:
    if not kind[0]:
        return "a date"
    return "an aware datetime" if kind[1] else "a naive datetime"


def _check_when(name: str, value: object) -> When:
    if not isinstance(value, date):
        raise _fail(name, value, "a date or datetime", "pass datetime.date or datetime.datetime")
    return value


def _check_same_kind(name: str, value: When, kind: tuple[bool, bool]) -> None:
    got = _kind(value)
    if got != kind:
        raise _fail(
            name,
            value,
            f"{_describe(kind)} like the rest of the series",
            "use one kind throughout: all dates, all naive datetimes or all aware datetimes",
        )


def _check_window(name: str, value: object, kind: tuple[bool, bool]) -> timedelta:
    if not isinstance(value, timedelta):
        raise _fail(name, value, "a datetime.timedelta", "pass e.g. timedelta(hours=24)")
    if value <= timedelta(0):
        raise _fail(name, value, "a positive duration", "pass e.g. timedelta(hours=24)")
    if not kind[0] and value % timedelta(days=1):
        raise _fail(
            name,
            value,
            "whole days, because the series is dated (no times)",
            "pass a whole number of days, or record the assessments as datetimes",
        )
    return value


def _companion_tuple(value: Iterable[Score]) -> tuple[Score, ...]:
    if isinstance(value, Score) or not isinstance(value, Iterable):
        raise _fail("companions", value, "an iterable of Score", "wrap one in a tuple")
    return tuple(value)


@frozen
class Assessment:
    """One dated score in a series.

    Attributes:
        when: When it was rated: a date, or a datetime (naive or aware).
        score: The :class:`~ketacore.instruments.Score`.
        companions: Ratings the rules need at the same visit (Y-BOCS: CGI-I and CGI-S).
    """

    when: When
    score: Score
    companions: tuple[Score, ...] = field(default=(), converter=_companion_tuple)

    def __attrs_post_init__(self) -> None:
        _check_when("when", self.when)
        if not isinstance(self.score, Score):
            raise _fail(
                "score", self.score, "a Score", "score the item responses with Instrument.score()"
            )


@frozen
class Span:
    """When a sustained status started and when it had lasted long enough to count.

    Attributes:
        start: The first assessment of the run with the status.
        established: The first assessment at which the run had lasted the duration.
    """

    start: When
    established: When


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
        when: Start of the hospitalisation, or the date of the event (ref §2.2).
        kind: The :class:`EventKind`.
    """

    when: When
    kind: EventKind

    def __attrs_post_init__(self) -> None:
        _check_when("when", self.when)
        if not isinstance(self.kind, EventKind):
            raise _fail("kind", self.kind, "an EventKind", "use e.g. EventKind.SUICIDE_ATTEMPT")


def _ids(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise _fail("instruments", value, "an iterable of instrument ids", "pass e.g. {'madrs'}")
    return frozenset(value)


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
    instruments: frozenset[str] = field(converter=_ids)
    min_total: int
    min_gap: timedelta
    max_gap: timedelta
    source: str

    def __attrs_post_init__(self) -> None:
        if type(self.min_total) is not int or self.min_total < 0:
            raise _fail("min_total", self.min_total, "an integer >= 0", "pass a total")
        for name in ("min_gap", "max_gap"):
            value = getattr(self, name)
            if not isinstance(value, timedelta) or value < timedelta(0):
                raise _fail(name, value, "a timedelta >= 0", "pass e.g. timedelta(days=5)")
        if self.min_gap > self.max_gap:
            raise _fail(
                "min_gap", self.min_gap, f"at most max_gap ({self.max_gap})", "swap the two"
            )


SUSTAIN1_RELAPSE = RelapseRule(
    "SUSTAIN-1",
    _MADRS_IDS,
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

_DEFAULT_RELAPSE_RULES = (SUSTAIN1_RELAPSE, HAMD17_RELAPSE)


@frozen
class Relapse:
    """A relapse found by :meth:`Trajectory.relapse`.

    Attributes:
        when: The relapse date (see ``relapse_date`` of :meth:`Trajectory.relapse`).
        assessments: The two qualifying assessments, for relapse by score; else ``()``.
        event: The qualifying event, for relapse by event; else ``None``.
    """

    when: When
    assessments: tuple[Assessment, ...] = ()
    event: RelapseEvent | None = None


@frozen
class Trajectory:
    """A baseline and the later assessments on the same instrument, each classified.

    Build one with :func:`trajectory`.

    Attributes:
        baseline: The baseline assessment.
        assessments: Later assessments, strictly increasing in time.
        statuses: The :class:`ResponseStatus` of each assessment against the baseline.
        thresholds: The :class:`Thresholds` used.
    """

    baseline: Assessment
    assessments: tuple[Assessment, ...]
    statuses: tuple[ResponseStatus, ...]
    thresholds: Thresholds

    @property
    def _series_kind(self) -> tuple[bool, bool]:
        return _kind(self.baseline.when)

    def _first(
        self, flag: Literal["response", "remission"], start: When | None
    ) -> Assessment | None:
        if start is not None:
            _check_same_kind("start", _check_when("start", start), self._series_kind)
        for assessment, status in zip(self.assessments, self.statuses, strict=True):
            if start is not None and instant(assessment.when) < instant(start):
                continue
            if getattr(status, flag) is True:
                return assessment
        return None

    def first_response(self, start: When | None = None) -> Assessment | None:
        """The first assessment (at or after ``start``) whose response flag is true."""
        return self._first("response", start)

    def first_remission(self, start: When | None = None) -> Assessment | None:
        """The first assessment (at or after ``start``) in remission."""
        return self._first("remission", start)

    def time_to_response(self, start: When | None = None) -> timedelta | None:
        """Time from ``start`` (default: the baseline) to the first response, or ``None``.

        Raises:
            ResponseError: ``start`` is not the same kind of date as the series.
        """
        return self._time_to("response", start)

    def time_to_remission(self, start: When | None = None) -> timedelta | None:
        """Time from ``start`` (default: the baseline) to the first remission, or ``None``.

        Raises:
            ResponseError: ``start`` is not the same kind of date as the series.
        """
        return self._time_to("remission", start)

    def _time_to(
        self, flag: Literal["response", "remission"], start: When | None
    ) -> timedelta | None:
        found = self._first(flag, start)
        if found is None:
            return None
        origin = self.baseline.when if start is None else start
        return elapsed(origin, found.when)

    def rapid_response(
        self, first_dose: When, *, window: timedelta = RAPID_RESPONSE_WINDOW
    ) -> Assessment | None:
        """The first response within ``window`` after the first dose (ref §2.1 [?]).

        An assessment counts when ``first_dose < when <= first_dose + window``.
        There is no universal definition: widen the window for "24 h ± a few hours".

        Args:
            first_dose: When the first dose was given (same kind as the series).
            window: Length of the window; default 24 h. Whole days for a dated series.

        Returns:
            The responding assessment, or ``None``.

        Raises:
            ResponseError: A bad ``first_dose`` or ``window``.
        """
        kind = self._series_kind
        _check_same_kind("first_dose", _check_when("first_dose", first_dose), kind)
        opens = instant(first_dose)
        closes = instant(later(first_dose, _check_window("window", window, kind)))
        for assessment, status in zip(self.assessments, self.statuses, strict=True):
            if opens < instant(assessment.when) <= closes and status.response is True:
                return assessment
        return None

    def sustained_response(self, duration: timedelta = SUSTAINED_DURATION) -> Span | None:
        """The first run of response lasting at least ``duration`` (ACNP 2006, ref §2.1 [1]).

        A run is consecutive assessments all with the response flag; any other
        assessment (including a not-evaluable one) ends it. The run counts once
        the time from its first to its latest assessment reaches ``duration``.

        Raises:
            ResponseError: ``duration`` is not a positive timedelta.
        """
        return self._sustained("response", duration)

    def sustained_remission(self, duration: timedelta = SUSTAINED_DURATION) -> Span | None:
        """The first run of remission lasting at least ``duration`` (ACNP 2006, ref §2.1 [1]).

        Runs are as in :meth:`sustained_response`.

        Raises:
            ResponseError: ``duration`` is not a positive timedelta.
        """
        return self._sustained("remission", duration)

    def _sustained(
        self, flag: Literal["response", "remission"], duration: timedelta
    ) -> Span | None:
        _check_window("duration", duration, self._series_kind)
        start: When | None = None
        for assessment, status in zip(self.assessments, self.statuses, strict=True):
            if getattr(status, flag) is not True:
                start = None
                continue
            if start is None:
                start = assessment.when
            if elapsed(start, assessment.when) >= duration:
                return Span(start, assessment.when)
        return None

    def stable_remission(
        self,
        *,
        as_of: When | None = None,
        max_total: int | None = None,
        weeks: int = 4,
        required: int = 3,
        final_weeks: int = 2,
    ) -> bool:
        """SUSTAIN-1 stable remission: MADRS <= 12 in at least 3 of the last 4 weeks.

        The 4 weeks before ``as_of`` are split into week-long windows ending at
        ``as_of``. A week is met when it has an assessment and every assessment in
        it is at or below ``max_total``. SUSTAIN-1 allowed one excursion above 12, or
        one missing MADRS, only at optimisation week 13 or 14, so the last
        ``final_weeks`` (2) weeks must be met (ref §2.2 [2+]).

        Args:
            as_of: End of the last week; default the last assessment.
            max_total: Highest MADRS total that counts; default the MADRS
                ``"esketamine"`` remission rule (<= 12, ASPIRE and SUSTAIN-1/3).
            weeks: Number of weeks looked at.
            required: How many of them must be met.
            final_weeks: How many of the most recent weeks must be met.

        Returns:
            Whether stable remission holds at ``as_of``.

        Raises:
            ResponseError: The series is not on the MADRS, or an argument is bad.
        """
        instrument = self.baseline.score.instrument
        if instrument.id not in _MADRS_IDS:
            raise _fail(
                "trajectory",
                instrument,
                "a MADRS series (SUSTAIN-1 stable remission is defined on the MADRS)",
                "rate the series on MADRS, or use sustained_remission() for other scales",
            )
        if max_total is None:
            max_total = MADRS.remission_rule("esketamine").max_total
        low, high = instrument.total_range or (0, 0)
        if type(max_total) is not int or not low <= max_total <= high:
            raise _fail(
                "max_total", max_total, f"an integer MADRS total {low}–{high}", "pass e.g. 12"
            )
        for name, value, smallest, largest in (
            ("weeks", weeks, 1, 52),
            ("required", required, 1, weeks),
            ("final_weeks", final_weeks, 0, required),
        ):
            if type(value) is not int or not smallest <= value <= largest:
                raise _fail(
                    name, value, f"an integer {smallest}–{largest}", "SUSTAIN-1 uses 4, 3 and 2"
                )
        if as_of is None:
            if not self.assessments:
                return False
            as_of = self.assessments[-1].when
        else:
            _check_same_kind("as_of", _check_when("as_of", as_of), self._series_kind)
        met: list[bool] = []
        for back in range(weeks - 1, -1, -1):
            high_end = instant(later(as_of, -timedelta(weeks=back)))
            low_end = later(high_end, -timedelta(weeks=1))
            totals = [
                a.score.total for a in self.assessments if low_end < instant(a.when) <= high_end
            ]
            met.append(bool(totals) and all(t is not None and t <= max_total for t in totals))
        return sum(met) >= required and all(met[weeks - final_weeks :])

    def relapse(
        self,
        *,
        events: Iterable[RelapseEvent] = (),
        rule: RelapseRule | None = None,
        relapse_date: Literal["first", "second"] = "second",
        in_state_since: When | None = None,
    ) -> Relapse | None:
        """The first relapse after a remission or response state (ref §2.2, §2.4).

        Relapse is only reported after a prior remission or response state: by
        default the first assessment with remission or response; or
        ``in_state_since`` when the state was established elsewhere (e.g. stable
        remission at randomisation). Then the first of these counts:

        1. the score rule (default for MADRS: SUSTAIN-1, >= 22 at 2 consecutive
           assessments 5–15 days apart), both assessments after the state began;
        2. a qualifying :class:`RelapseEvent` after the state began.

        Args:
            events: Dated qualifying events (any order).
            rule: The score rule; default :data:`SUSTAIN1_RELAPSE` for MADRS and
                :data:`HAMD17_RELAPSE` for HAM-D17.
            relapse_date: Which of the two assessments dates a relapse by score.
                Unconfirmed in the sources (ref §2.2 [?]). The default ``"second"``
                is the date the rule is first met, so a relapse reported on a date
                never depends on later data; ``"first"`` dates it at onset.
            in_state_since: When the remission or response state began, if known
                from outside this series.

        Returns:
            The :class:`Relapse`, or ``None``.

        Raises:
            ResponseError: A bad argument, a rule for another instrument, or no
                default rule for the instrument.
        """
        kind = self._series_kind
        instrument = self.baseline.score.instrument
        if rule is None:
            rule = next((r for r in _DEFAULT_RELAPSE_RULES if instrument.id in r.instruments), None)
            if rule is None:
                raise _fail(
                    "rule",
                    None,
                    f"a RelapseRule for {instrument.short_name}",
                    "the reference gives relapse rules for MADRS and HAM-D17 only; "
                    "pass rule=RelapseRule(...)",
                )
        elif not isinstance(rule, RelapseRule):
            raise _fail("rule", rule, "a RelapseRule", "use e.g. SUSTAIN1_RELAPSE")
        elif instrument.id not in rule.instruments:
            raise _fail(
                "rule",
                rule.name,
                f"a rule for {instrument.id!r}",
                f"the rule applies to {', '.join(sorted(rule.instruments))}",
            )
        if relapse_date not in ("first", "second"):
            raise _fail("relapse_date", relapse_date, "'first' or 'second'", "pick one")
        checked: list[RelapseEvent] = []
        if isinstance(events, RelapseEvent) or not isinstance(events, Iterable):
            raise _fail("events", events, "an iterable of RelapseEvent", "wrap one in a tuple")
        for index, event in enumerate(events):
            if not isinstance(event, RelapseEvent):
                raise _fail(
                    f"events[{index}]", event, "a RelapseEvent", "build RelapseEvent(when, kind)"
                )
            _check_same_kind(f"events[{index}].when", event.when, kind)
            checked.append(event)
        if in_state_since is None:
            state = next(
                (
                    a.when
                    for a, s in zip(self.assessments, self.statuses, strict=True)
                    if s.status in (Status.REMISSION, Status.RESPONSE)
                ),
                None,
            )
            if state is None:
                return None
        else:
            state = _check_when("in_state_since", in_state_since)
            _check_same_kind("in_state_since", state, kind)
        began = instant(state)
        found: list[Relapse] = [Relapse(e.when, (), e) for e in checked if instant(e.when) > began]
        pairs = zip(self.assessments, self.assessments[1:], strict=False)
        for first, second in pairs:
            if instant(first.when) <= began:
                continue
            t1, t2 = first.score.total, second.score.total
            if t1 is None or t2 is None or t1 < rule.min_total or t2 < rule.min_total:
                continue
            if rule.min_gap <= elapsed(first.when, second.when) <= rule.max_gap:
                when = first.when if relapse_date == "first" else second.when
                found.append(Relapse(when, (first, second)))
                break
        return min(found, key=lambda r: instant(r.when)) if found else None


def trajectory(
    baseline: Assessment,
    assessments: Sequence[Assessment],
    *,
    thresholds: Thresholds | None = None,
    allow_prorated: bool = False,
) -> Trajectory:
    """Classify a dated series of scores against a baseline.

    Args:
        baseline: The baseline assessment.
        assessments: Later assessments on the same instrument, strictly increasing in
            time, all after the baseline.
        thresholds: From :func:`thresholds_for`; default the instrument's defaults.
        allow_prorated: Passed to :func:`classify`.

    Returns:
        A :class:`Trajectory`.

    Raises:
        ResponseError: Unsorted or duplicate times, a mix of dates and datetimes or of
            naive and aware datetimes, an assessment on another instrument, or an
            argument of the wrong type.
    """
    if not isinstance(baseline, Assessment):
        raise _fail("baseline", baseline, "an Assessment", "wrap it: Assessment(when, score)")
    if isinstance(assessments, (str, bytes)) or not isinstance(assessments, Sequence):
        raise _fail("assessments", assessments, "a sequence of Assessment", "pass a list")
    kind = _kind(baseline.when)
    instrument = baseline.score.instrument
    previous = baseline.when
    for index, item in enumerate(assessments):
        name = f"assessments[{index}]"
        if not isinstance(item, Assessment):
            raise _fail(name, item, "an Assessment", "wrap it: Assessment(when, score)")
        _check_same_kind(f"{name}.when", item.when, kind)
        if item.score.instrument is not instrument:
            raise _fail(
                f"{name}.score",
                item.score,
                f"a {instrument.short_name} score like the baseline",
                "keep one instrument per trajectory",
            )
        if instant(item.when) <= instant(previous):
            before = "the baseline" if index == 0 else f"assessments[{index - 1}]"
            what = "equals" if instant(item.when) == instant(previous) else "is before"
            raise _fail(
                f"{name}.when",
                item.when,
                f"a time after {before} ({previous})",
                f"it {what} {before}: sort the assessments by time and drop duplicates",
            )
        previous = item.when
    if thresholds is None:
        thresholds = thresholds_for(instrument)
    statuses = tuple(
        classify(
            baseline.score,
            a.score,
            companions=a.companions,
            allow_prorated=allow_prorated,
            thresholds=thresholds,
        )
        for a in assessments
    )
    return Trajectory(baseline, tuple(assessments), statuses, thresholds)
