"""Treatment protocols as data: the Protocol and Phase types and their rules.

The built-in protocols, each number cited to the clinical reference, are in
:mod:`ketacore.courses._catalogue`. The schedule tolerances (``min_gap``,
``max_gap``) and the nominal ``interval`` are not clinical standards: the
reference gives none, so they are ketacore choices, documented on each phase
and replaceable with :func:`attrs.evolve`.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Iterable
from datetime import timedelta
from typing import Any, Final

import attrs

from ketacore import _validators as v
from ketacore._choices import Choice, choose, choose_set
from ketacore.doses import _ROUTE_ALIASES, Dose, Drug, FixedDose, Route, WeightBasedDose
from ketacore.exceptions import CourseError

__all__ = ["ADULT_MIN_AGE", "Indication", "Phase", "Protocol", "StartDoseConvention"]

ADULT_MIN_AGE: Final = 18
"""Youngest age, in completed years, for the protocols here: they are adult protocols.

The sources (ELEKT-D, KetECT, Spravato labels) are adult trials and labels;
ketacore's contraindication screen is likewise for adult clinics.
"""


class Indication(
    Choice,
    field="indication",
    error=CourseError,
    aliases={
        "mdd": "depression",
        "major depression": "depression",
        "treatment resistant depression": "trd",
        "suicidal ideation": "mdsi",
    },
):
    """What a course treats: the indication its protocol was studied or licensed for."""

    DEPRESSION = "depression"
    """Major depression, racemic ketamine off-label (clinical reference 3.1)."""
    TRD = "trd"
    """Treatment-resistant depression (clinical reference 2.3, 3.3)."""
    MDSI = "mdsi"
    """MDD with acute suicidal ideation or behaviour (Spravato US PI; reference 3.3)."""


class StartDoseConvention(enum.Enum):
    """Which label's starting dose applies to esketamine patients aged 65 or older."""

    US = "us"
    """Day 1 is 56 mg at any adult age: no separate US start dose for 65+ was found [?]."""
    EU = "eu"
    """Day 1 is 28 mg from age 65 (EU/UK SmPC, MIMS HK; clinical reference 3.3)."""


_TEXT: Final = v.text(error=CourseError)
_COUNT: Final = v.whole_number(error=CourseError, minimum=1)
_AGE: Final = v.age_years(error=CourseError)


def _check_days(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, timedelta) or value < timedelta(0) or value % timedelta(days=1):
        v.fail(
            CourseError,
            attribute.name,
            value,
            "a whole number of days of zero or more",
            "use for example timedelta(days=3)",
            got=repr(value) if isinstance(value, timedelta) else None,
        )


@attrs.frozen(kw_only=True)
class Phase:
    """One phase of a protocol: which course weeks it covers and how often it doses.

    Weeks are counted from the course start: week 1 is days 0-6. The tolerances
    ``min_gap`` and ``max_gap`` and the nominal ``interval`` are ketacore
    choices unless the phase's ``source`` says otherwise.

    >>> from ketacore.courses import ESKETAMINE_TRD, KETAMINE_IV_ELEKT_D
    >>> ESKETAMINE_TRD.phase("induction").max_per_week
    2
    """

    name: str = attrs.field(validator=_TEXT)
    """The phase's name, unique within its protocol (``"induction"``)."""
    first_week: int = attrs.field(validator=_COUNT)
    """First course week of the phase (1-based)."""
    last_week: int | None = attrs.field(validator=v.optional(_COUNT))
    """Last course week of the phase (inclusive), or None if open-ended."""
    max_per_week: int = attrs.field(validator=_COUNT)
    """Most dosing sessions allowed in one course week."""
    interval: timedelta = attrs.field(validator=_check_days)
    """Nominal gap between sessions: the next one is due this long after the last."""
    min_gap: timedelta = attrs.field(validator=_check_days)
    """A session fewer days than this after the previous one is too soon."""
    max_gap: timedelta = attrs.field(validator=_check_days)
    """A session more days than this after the previous one is too late."""
    max_sessions: int | None = attrs.field(default=None, validator=v.optional(_COUNT))
    """Most dosing sessions in the phase, or None for no cap."""
    source: str = attrs.field(validator=_TEXT)
    """Where the cadence comes from (and which numbers are ketacore choices)."""

    def __attrs_post_init__(self) -> None:
        if self.last_week is not None and self.last_week < self.first_week:
            v.fail(
                CourseError,
                "last_week",
                self.last_week,
                f"a week on or after first_week {self.first_week}",
                "check the phase's weeks",
            )
        if not self.min_gap <= self.interval <= self.max_gap:
            v.fail(
                CourseError,
                "interval",
                self.interval,
                "min_gap <= interval <= max_gap",
                "check the three gaps",
                got=f"{self.interval.days} days with min_gap {self.min_gap.days} and max_gap "
                f"{self.max_gap.days}",
            )

    def covers(self, week: int) -> bool:
        """Whether course week *week* (1-based) falls in this phase."""
        return self.first_week <= week and (self.last_week is None or week <= self.last_week)


def _to_drug(value: object) -> Drug:
    return choose(Drug, value, field="drug", error=CourseError)


def _to_routes(value: object) -> frozenset[Route]:
    return choose_set(Route, value, field="routes", error=CourseError, aliases=_ROUTE_ALIASES)


def _to_indications(value: object) -> frozenset[Indication]:
    return choose_set(Indication, value, field="indications", error=CourseError)


_PHASES: Final = v.to_tuple(field="phases", error=CourseError)


def _to_phases(value: Iterable[Phase]) -> tuple[Phase, ...]:
    return _PHASES(value)


def _check_phases(instance: Protocol, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not value:
        v.fail(CourseError, "phases", value, "at least one Phase", "give the protocol's phases")
    if value[0].first_week != 1:
        v.fail(CourseError, "phases[0].first_week", value[0].first_week, "1 (week 1 comes first)")
    for before, after in itertools.pairwise(value):
        if before.last_week is None or after.first_week != before.last_week + 1:
            v.fail(
                CourseError,
                "phases",
                after.name,
                "consecutive phases; only the last phase may be open-ended",
                got=f"phase {after.name!r} starting in week {after.first_week}, which does not "
                f"follow phase {before.name!r} (last week {before.last_week})",
            )
    names = [phase.name for phase in value]
    if len(set(names)) != len(names):
        v.fail(CourseError, "phases", names, "unique phase names", "rename the repeated phase")


def _check_optional_dose(instance: Protocol, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, FixedDose | WeightBasedDose):
        v.fail(
            CourseError, attribute.name, value, "a dose or None", "build it with parse_dose(...)"
        )
    if value.drug is not instance.drug or value.route not in instance.routes:
        v.fail(
            CourseError,
            attribute.name,
            value.text,
            f"a dose of {instance.drug.value} by one of the protocol's routes",
            "pass drug= and route= to parse_dose",
        )


@attrs.frozen(kw_only=True)
class Protocol:
    """A treatment protocol: drug, routes, indications, phases and doses, with sources.

    >>> from ketacore.courses import ESKETAMINE_TRD, KETAMINE_IV_ELEKT_D
    >>> KETAMINE_IV_ELEKT_D.start_dose.text
    '0.5 mg/kg over 40 min'
    >>> [phase.name for phase in ESKETAMINE_TRD.phases]
    ['induction', 'optimisation', 'maintenance']
    """

    id: str = attrs.field(validator=v.identifier(error=CourseError, example="esketamine-trd"))
    """Stable identifier, such as ``"esketamine-trd"``."""
    name: str = attrs.field(validator=_TEXT)
    """A short human name."""
    drug: Drug = attrs.field(converter=_to_drug)
    """The drug every session of the course gives."""
    routes: frozenset[Route] = attrs.field(converter=_to_routes)
    """Routes the protocol allows; a course picks one."""
    indications: frozenset[Indication] = attrs.field(converter=_to_indications)
    """Indications the protocol was studied or licensed for."""
    phases: tuple[Phase, ...] = attrs.field(
        converter=_to_phases,
        validator=[v.items_of(Phase, error=CourseError), _check_phases],
    )
    """Consecutive phases from week 1; only the last may be open-ended."""
    start_dose: Dose | None = attrs.field(default=None, validator=_check_optional_dose)
    """The day-1 dose, or None where the reference gives no standard."""
    reduced_start_dose: Dose | None = attrs.field(default=None, validator=_check_optional_dose)
    """The day-1 dose for older patients under :attr:`StartDoseConvention.EU`, if any."""
    reduced_start_age: int | None = attrs.field(default=None, validator=v.optional(_AGE))
    """Age from which the reduced start dose applies under the EU convention."""
    min_age: int = attrs.field(default=ADULT_MIN_AGE, validator=_AGE)
    """Youngest patient age at the course start."""
    source: str = attrs.field(validator=_TEXT)
    """The public source of the protocol's numbers."""
    note: str = attrs.field(default="", validator=v.notes(error=CourseError))
    """What the reference leaves open, and which numbers are ketacore choices."""

    def phase(self, name: str) -> Phase:
        """Return the phase called *name*.

        Raises:
            CourseError: the protocol has no such phase; the message lists its phases.
        """
        for phase in self.phases:
            if phase.name == name:
                return phase
        known = ", ".join(repr(phase.name) for phase in self.phases)
        raise CourseError(
            field="phase",
            value=name,
            expected=f"one of {known}, the phases of protocol {self.id!r}",
        )

    def phase_for_week(self, week: int) -> Phase | None:
        """Return the phase covering course week *week*, or None after the last phase."""
        for phase in self.phases:
            if phase.covers(week):
                return phase
        return None
