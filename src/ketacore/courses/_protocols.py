"""Treatment protocols as data: phases, cadence, start doses, each with its source.

Every clinical number below comes from section 3 of the clinical reference
and is cited next to it. The schedule tolerances (``min_gap``, ``max_gap``) and
the nominal ``interval`` used to say when the next session is due are not
clinical standards: the reference gives none, so they are ketacore choices,
documented on each phase and replaceable with :func:`attrs.evolve`.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Iterable, Mapping
from datetime import timedelta
from types import MappingProxyType
from typing import Any, Final

import attrs

from ketacore import _validators as v
from ketacore._choices import choose, choose_set
from ketacore.dose_checks import _ESKETAMINE_REDUCED_START_AGE
from ketacore.doses import _ROUTE_ALIASES, Dose, Drug, FixedDose, Route, WeightBasedDose, parse_dose
from ketacore.exceptions import CourseError

__all__ = [
    "ADULT_MIN_AGE",
    "ESKETAMINE_MDSI",
    "ESKETAMINE_TRD",
    "KETAMINE_IM_SC",
    "KETAMINE_IV_ELEKT_D",
    "KETAMINE_IV_KETECT",
    "KETAMINE_ORAL",
    "PROTOCOLS",
    "Indication",
    "Phase",
    "Protocol",
    "StartDoseConvention",
    "get_protocol",
]

ADULT_MIN_AGE: Final = 18
"""Youngest age, in completed years, for the protocols here: they are adult protocols.

The sources (ELEKT-D, KetECT, Spravato labels) are adult trials and labels;
ketacore's contraindication screen is likewise for adult clinics.
"""


class Indication(enum.Enum):
    """What a course treats: the indication its protocol was studied or licensed for."""

    DEPRESSION = "depression"
    """Major depression, racemic ketamine off-label (clinical reference 3.1)."""
    TRD = "trd"
    """Treatment-resistant depression (clinical reference 2.3, 3.3)."""
    MDSI = "mdsi"
    """MDD with acute suicidal ideation or behaviour (Spravato US PI; reference 3.3)."""

    @classmethod
    def from_text(cls, value: Indication | str) -> Indication:
        """The indication for a member, its value or a common name (``"TRD"``); else CourseError."""
        return choose(cls, value, field="indication", error=CourseError, aliases=_INDICATIONS)


_INDICATIONS: Final = {
    "mdd": Indication.DEPRESSION,
    "major depression": Indication.DEPRESSION,
    "treatment resistant depression": Indication.TRD,
    "suicidal ideation": Indication.MDSI,
}


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
    return choose_set(
        Indication, value, field="indications", error=CourseError, aliases=_INDICATIONS
    )


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


# -- schedule tolerances (ketacore choices: the reference gives none) -------------------

_DAY = timedelta(days=1)
_CHOICE = (
    "the interval, min_gap and max_gap are ketacore choices (the reference gives no "
    "tolerance): {} days nominal, too soon under {} days, too late over {} days"
)

# (interval, min_gap, max_gap) in days.
# Twice or three times weekly: no two doses on consecutive days (min gap 2 days),
# and a whole week without a dose is too late (max gap 7 days).
_TWICE_WEEKLY = (3, 2, 7)
_THREE_TIMES_WEEKLY = (2, 2, 7)
# Weekly: 5 days allows rebooking by two days; two weeks is too late.
_WEEKLY = (7, 5, 14)
# Weekly or every 2 weeks (esketamine week 9 onwards): three weeks is too late.
_WEEKLY_OR_FORTNIGHTLY = (7, 5, 21)
_ORAL_EXAMPLE = (3, 2, 7)


def _phase(
    name: str,
    weeks: tuple[int, int | None],
    per_week: int,
    cadence: tuple[int, int, int],
    source: str,
    max_sessions: int | None = None,
    then: str = "",
) -> Phase:
    """A phase whose gaps are a ketacore cadence; its source says so (then *then*)."""
    interval, min_gap, max_gap = cadence
    return Phase(
        name=name,
        first_week=weeks[0],
        last_week=weeks[1],
        max_per_week=per_week,
        max_sessions=max_sessions,
        interval=interval * _DAY,
        min_gap=min_gap * _DAY,
        max_gap=max_gap * _DAY,
        source=f"{source}; {_CHOICE.format(*cadence)}{then}",
    )


_ELEKT_D = "ELEKT-D (Anand et al., NEJM 2023): 6 infusions over about 3 weeks (reference 3.1)"
_KETECT = "KetECT: three times weekly, up to 12 infusions (PMC9154276; reference 3.1)"
_APA = "APA consensus, Sanacora et al. 2017: 0.5 mg/kg over 40 min (reference 3.1)"
_SPRAVATO = "Spravato US PI: 56 mg day 1; weeks 1-4 twice weekly (reference 3.3)"
_SMPC = "UK/EU SmPC: day 1 = 28 mg from age 65 (reference 3.3)"
_IV_START = parse_dose("0.5 mg/kg over 40 min", drug="ketamine", route="iv")
_RACEMIC_FOR = frozenset({Indication.TRD, Indication.DEPRESSION})

KETAMINE_IV_ELEKT_D: Final = Protocol(
    id="ketamine-iv-elekt-d",
    name="IV racemic ketamine, 6 infusions twice weekly (ELEKT-D)",
    routes={Route.IV},
    drug=Drug.KETAMINE,
    indications=_RACEMIC_FOR,
    phases=[_phase("series", (1, None), 2, _TWICE_WEEKLY, _ELEKT_D, max_sessions=6)],
    start_dose=_IV_START,
    source=f"{_APA}; {_ELEKT_D}",
    note=(
        "Off-label for depression. The series has no end week: 'about 3 weeks' is met by "
        "twice-weekly dosing, and the 6-infusion cap ends it. Maintenance is not standardised "
        "(APA: lowest effective frequency; CANMAT 2020 level 3)."
    ),
)
"""IV racemic ketamine 0.5 mg/kg over 40 min, 6 infusions twice weekly (ELEKT-D; ref. 3.1)."""

KETAMINE_IV_KETECT: Final = Protocol(
    id="ketamine-iv-ketect",
    name="IV racemic ketamine, three times weekly up to 12 infusions (KetECT)",
    routes={Route.IV},
    drug=Drug.KETAMINE,
    indications=_RACEMIC_FOR,
    phases=[_phase("series", (1, None), 3, _THREE_TIMES_WEEKLY, _KETECT, max_sessions=12)],
    start_dose=_IV_START,
    source=f"{_APA}; {_KETECT}",
    note="Off-label for depression. 'Up to 12': fewer infusions complete the series too.",
)
"""IV racemic ketamine 0.5 mg/kg over 40 min, three times weekly, up to 12 (KetECT; ref. 3.1)."""

ESKETAMINE_TRD: Final = Protocol(
    id="esketamine-trd",
    name="Intranasal esketamine for treatment-resistant depression (Spravato)",
    drug=Drug.ESKETAMINE,
    routes={Route.INTRANASAL},
    indications={Indication.TRD},
    phases=[
        _phase("induction", (1, 4), 2, _TWICE_WEEKLY, _SPRAVATO),
        _phase(
            "optimisation",
            (5, 8),
            1,
            _WEEKLY,
            "Spravato US PI: weeks 5-8 once weekly (reference 3.3)",
        ),
        _phase(
            "maintenance",
            (9, None),
            1,
            _WEEKLY_OR_FORTNIGHTLY,
            "Spravato US PI: week 9 onwards weekly or every 2 weeks, at the lowest frequency "
            "that keeps the response (reference 3.3)",
            then="; for every 2 weeks pass interval=timedelta(weeks=2) to next_due",
        ),
    ],
    start_dose=parse_dose("56 mg", drug="esketamine", route="intranasal"),
    reduced_start_dose=parse_dose("28 mg", drug="esketamine", route="intranasal"),
    reduced_start_age=_ESKETAMINE_REDUCED_START_AGE,
    source=f"{_SPRAVATO}; {_SMPC}",
    note=(
        "Later doses are 56 or 84 mg (28, 56 or 84 mg from 65 under the EU label). A separate US "
        "start dose for 65+ was not found [?], so the US convention (56 mg) is the default and "
        "the EU 28 mg start is an option (StartDoseConvention.EU). EU: continue for at least 6 "
        "months after symptoms improve."
    ),
)
"""Esketamine for TRD: induction, optimisation and maintenance (Spravato; ref. 3.3)."""

ESKETAMINE_MDSI: Final = Protocol(
    id="esketamine-mdsi",
    name="Intranasal esketamine 84 mg twice weekly for 4 weeks (MDSI)",
    drug=Drug.ESKETAMINE,
    routes={Route.INTRANASAL},
    indications={Indication.MDSI},
    phases=[
        _phase(
            "treatment",
            (1, 4),
            2,
            _TWICE_WEEKLY,
            "Spravato US PI: 84 mg twice weekly for 4 weeks (reference 3.3)",
            max_sessions=8,
        )
    ],
    start_dose=parse_dose("84 mg", drug="esketamine", route="intranasal"),
    source="Spravato US PI: MDSI 84 mg twice weekly for 4 weeks (reference 3.3)",
    note="The dose may drop to 56 mg if 84 mg is not tolerated (US PI).",
)
"""Esketamine for MDD with acute suicidal ideation or behaviour (Spravato US PI; ref. 3.3)."""

KETAMINE_IM_SC: Final = Protocol(
    id="ketamine-im-sc",
    name="IM or SC racemic ketamine (no standard protocol)",
    routes={Route.IM, Route.SC},
    drug=Drug.KETAMINE,
    indications=_RACEMIC_FOR,
    phases=[
        _phase(
            "series",
            (1, None),
            1,
            _WEEKLY,
            "no sourced schedule: the reference gives none for IM or SC; weekly dosing is a "
            "ketacore placeholder to replace with the clinic's plan",
        )
    ],
    source="Loo et al. 2016: titrated within patients from 0.1 up to 0.5 mg/kg (reference 3.2)",
    note=(
        "The reference gives no standard IM or SC dose or schedule: there is no start dose "
        "(Loo 2016 titrated 0.1 up to 0.5 mg/kg), and the weekly cadence is a placeholder. "
        "Build the clinic's protocol with attrs.evolve."
    ),
)
"""IM or SC racemic ketamine: dose titrated 0.1-0.5 mg/kg, schedule left to the clinic (3.2)."""

KETAMINE_ORAL: Final = Protocol(
    id="ketamine-oral",
    name="Oral or sublingual racemic ketamine (example regimen, no standard)",
    routes={Route.ORAL, Route.SUBLINGUAL},
    drug=Drug.KETAMINE,
    indications=_RACEMIC_FOR,
    phases=[
        _phase(
            "series",
            (1, None),
            3,
            _ORAL_EXAMPLE,
            "Al Shirawi 2017 example: 50 mg every 3 days (reference 3.4)",
        )
    ],
    start_dose=parse_dose("50 mg", drug="ketamine", route="oral"),
    source="Al Shirawi 2017: 50 mg every 3 days, titrated up in 25 mg steps (reference 3.4)",
    note=(
        "No standard oral or sublingual protocol was found [?]; this is the one example regimen "
        "in the reference. Published doses range 0.25-7 mg/kg or 25-300 mg (Andrade 2019)."
    ),
)
"""Oral or sublingual racemic ketamine: the example regimen of reference 3.4 (no standard)."""

PROTOCOLS: Final[Mapping[str, Protocol]] = MappingProxyType(
    {
        protocol.id: protocol
        for protocol in (
            KETAMINE_IV_ELEKT_D,
            KETAMINE_IV_KETECT,
            ESKETAMINE_TRD,
            ESKETAMINE_MDSI,
            KETAMINE_IM_SC,
            KETAMINE_ORAL,
        )
    }
)
"""The built-in protocols by id."""


def get_protocol(protocol_id: str) -> Protocol:
    """Return the built-in protocol with id *protocol_id*.

    >>> get_protocol("esketamine-mdsi").start_dose.text
    '84 mg'

    Raises:
        CourseError: no built-in protocol has that id; the message lists them.
    """
    found = PROTOCOLS.get(protocol_id) if isinstance(protocol_id, str) else None
    if found is None:
        known = ", ".join(repr(key) for key in PROTOCOLS)
        v.fail(CourseError, "protocol", protocol_id, f"one of {known}", "or pass a Protocol(...)")
    return found
