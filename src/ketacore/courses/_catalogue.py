"""The built-in treatment protocols: phases, cadence, start doses, each with its source.

Declarative data. Every clinical number below comes from section 3 of the
clinical reference and is cited next to it. The schedule tolerances
(``min_gap``, ``max_gap``) and the nominal ``interval`` used to say when the next
session is due are ketacore choices (the reference gives none), stated in each
phase's ``source``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from types import MappingProxyType
from typing import Final

from ketacore import _validators as v
from ketacore.courses._protocols import Indication, Phase, Protocol
from ketacore.dose_checks import _ESKETAMINE_REDUCED_START_AGE
from ketacore.doses import Drug, Route, parse_dose
from ketacore.exceptions import CourseError

__all__ = [
    "ESKETAMINE_MDSI",
    "ESKETAMINE_TRD",
    "KETAMINE_IM_SC",
    "KETAMINE_IV_ELEKT_D",
    "KETAMINE_IV_KETECT",
    "KETAMINE_ORAL",
    "PROTOCOLS",
    "get_protocol",
]

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
