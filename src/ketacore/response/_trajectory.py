"""Response status over a series of scores: onset, rapid, sustained, stable, relapse.

A series is dated (calendar dates) or timed (timezone-aware datetimes), never a
mix (:mod:`ketacore.response._time`). Times are arguments; nothing here reads a
clock. The statuses are derived from the assessments, never stored beside them.
"ref §x" is a section of ketacore's clinical reference.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta
from functools import cached_property
from typing import Literal

from attrs import field, frozen

from ketacore._dates import elapsed, instant, later
from ketacore._validators import boolean, to_tuple
from ketacore.exceptions import ResponseError
from ketacore.response._assessment import Assessment, check_assessment
from ketacore.response._classify import classify
from ketacore.response._errors import fail
from ketacore.response._relapse import (
    DEFAULT_RELAPSE_RULES,
    Relapse,
    RelapseEvent,
    RelapseRule,
    checked_events,
    first_relapse,
)
from ketacore.response._rules import rule_for
from ketacore.response._stable import (
    DEFAULT_STABLE_REMISSION_RULES,
    StableRemissionRule,
    check_fits,
    stable_remission_at,
)
from ketacore.response._status import ResponseStatus, Status
from ketacore.response._thresholds import Thresholds, thresholds_for
from ketacore.response._time import Timeline, When, timeline_of

__all__ = [
    "RAPID_RESPONSE_WINDOW",
    "SUSTAINED_DURATION",
    "Span",
    "Trajectory",
    "trajectory",
]

RAPID_RESPONSE_WINDOW = timedelta(hours=24)
"""Default window after the first dose for rapid response: 24 h (ASPIRE; ref §2.1 [?])."""

SUSTAINED_DURATION = timedelta(weeks=3)
"""Default duration for sustained response or remission: 3 consecutive weeks (ACNP 2006,
ref §2.1 [1])."""


@frozen
class Span:
    """When a sustained status started and when it had lasted long enough to count.

    Attributes:
        start: The first assessment of the run with the status.
        established: The first assessment at which the run had lasted the duration.
    """

    start: When
    established: When


_to_tuple = to_tuple(field="assessments", error=ResponseError)


def _assessment_tuple(value: Iterable[Assessment]) -> tuple[Assessment, ...]:
    return _to_tuple(value)


def _check_thresholds(instance: Trajectory, attribute: object, value: Thresholds) -> None:
    if not isinstance(value, Thresholds):
        raise fail("thresholds", value, "Thresholds", "build them with thresholds_for()")


@frozen
class Trajectory:
    """A baseline and the later assessments on the same instrument, each classified.

    Build one with :func:`trajectory` (which picks the instrument's default
    thresholds) or directly; either way the series is checked: one instrument, one
    kind of time, strictly increasing times after the baseline, thresholds for the
    instrument.

    Attributes:
        baseline: The baseline assessment; its time makes the series dated or timed.
        assessments: Later assessments, strictly increasing in time.
        thresholds: The :class:`Thresholds` used.
        allow_prorated: Passed to :func:`classify`.
    """

    baseline: Assessment = field()
    assessments: tuple[Assessment, ...] = field(converter=_assessment_tuple)
    thresholds: Thresholds = field(validator=_check_thresholds)
    allow_prorated: bool = field(default=False, validator=boolean(error=ResponseError))

    def __attrs_post_init__(self) -> None:
        baseline = check_assessment("baseline", self.baseline)
        timeline = timeline_of("baseline.when", baseline.when)
        instrument = baseline.score.instrument
        if self.thresholds.instrument != instrument.id:
            raise fail(
                "thresholds",
                self.thresholds.instrument,
                f"thresholds for {instrument.id!r}",
                f"build them with thresholds_for({instrument.short_name})",
            )
        previous = baseline.when
        for index, item in enumerate(self.assessments):
            name = f"assessments[{index}]"
            check_assessment(name, item)
            timeline.check(f"{name}.when", item.when)
            if item.score.instrument is not instrument:
                raise fail(
                    f"{name}.score",
                    item.score,
                    f"a {instrument.short_name} score like the baseline",
                    "keep one instrument per trajectory",
                )
            if instant(item.when) <= instant(previous):
                before = "the baseline" if index == 0 else f"assessments[{index - 1}]"
                what = "equals" if instant(item.when) == instant(previous) else "is before"
                raise fail(
                    f"{name}.when",
                    item.when,
                    f"a time after {before} ({previous})",
                    f"it {what} {before}: sort the assessments by time and drop duplicates",
                )
            previous = item.when

    @cached_property
    def statuses(self) -> tuple[ResponseStatus, ...]:
        """The :class:`ResponseStatus` of each assessment against the baseline.

        Derived from the assessments and the thresholds through :func:`classify`
        (computed once, on first use); never stored beside them, so it cannot
        disagree with them.
        """
        base = self.baseline.score
        return tuple(
            classify(
                base,
                a.score,
                thresholds=self.thresholds,
                companions=a.companions,
                allow_prorated=self.allow_prorated,
            )
            for a in self.assessments
        )

    @property
    def timed(self) -> bool:
        """Whether the series is timed (aware datetimes) rather than dated (dates)."""
        return self._timeline.timed

    @property
    def _timeline(self) -> Timeline:
        return timeline_of("baseline.when", self.baseline.when)

    def _first(
        self, flag: Literal["response", "remission"], start: When | None
    ) -> Assessment | None:
        if start is not None:
            self._timeline.check("start", start)
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
        timeline = self._timeline
        timeline.check("first_dose", first_dose)
        opens = instant(first_dose)
        closes = instant(later(first_dose, timeline.window("window", window)))
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
        self._timeline.window("duration", duration)
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
        self, *, as_of: When | None = None, rule: StableRemissionRule | None = None
    ) -> bool:
        """Whether stable remission holds at ``as_of`` under ``rule`` (ref §2.2 [2+]).

        Args:
            as_of: End of the last week; default the last assessment.
            rule: The :class:`StableRemissionRule`; default
                :data:`SUSTAIN1_STABLE_REMISSION` for the MADRS (<= 12 in at least 3
                of the last 4 weeks, the last 2 met). For other numbers, derive one:
                ``attrs.evolve(SUSTAIN1_STABLE_REMISSION, max_total=10)``.

        Returns:
            Whether stable remission holds at ``as_of``.

        Raises:
            ResponseError: No rule given for a series not on the MADRS, a rule for
                another instrument, or a bad ``as_of``.
        """
        instrument = self.baseline.score.instrument
        chosen = check_fits(
            rule_for(
                instrument,
                rule,
                StableRemissionRule,
                DEFAULT_STABLE_REMISSION_RULES,
                example="SUSTAIN1_STABLE_REMISSION",
                missing="the reference defines stable remission on the MADRS only "
                "(SUSTAIN-1); use sustained_remission() for other scales",
            ),
            instrument,
        )
        if as_of is None:
            if not self.assessments:
                return False
            as_of = self.assessments[-1].when
        else:
            self._timeline.check("as_of", as_of)
        return stable_remission_at(chosen, self.assessments, as_of)

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
        timeline = self._timeline
        chosen = rule_for(
            self.baseline.score.instrument,
            rule,
            RelapseRule,
            DEFAULT_RELAPSE_RULES,
            example="SUSTAIN1_RELAPSE",
            missing="the reference gives relapse rules for MADRS and HAM-D17 only",
        )
        if relapse_date not in ("first", "second"):
            raise fail("relapse_date", relapse_date, "'first' or 'second'", "pick one")
        checked = checked_events(events, timeline)
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
            state = timeline.check("in_state_since", in_state_since)
        return first_relapse(self.assessments, state, checked, chosen, relapse_date)


def trajectory(
    baseline: Assessment,
    assessments: Sequence[Assessment],
    *,
    thresholds: Thresholds | None = None,
    allow_prorated: bool = False,
) -> Trajectory:
    """Classify a series of scores against a baseline.

    Args:
        baseline: The baseline assessment.
        assessments: Later assessments on the same instrument, strictly increasing in
            time, all after the baseline, with times of the baseline's kind (all
            dates, or all timezone-aware datetimes).
        thresholds: From :func:`thresholds_for`; default the instrument's defaults.
        allow_prorated: Passed to :func:`classify`.

    Returns:
        A :class:`Trajectory`.

    Raises:
        ResponseError: Unsorted or duplicate times, a mix of dates and datetimes, a
            naive datetime, an assessment on another instrument, or an argument of
            the wrong type.
    """
    if thresholds is None:
        thresholds = thresholds_for(check_assessment("baseline", baseline).score.instrument)
    return Trajectory(baseline, assessments, thresholds, allow_prorated)
