"""The dose plausibility rules as data: each rule, its severity, its numbers and their sources.

Section 3.6 of the clinical reference: the ranges are sourced, the actions are
ketacore's choice. The checking code is :mod:`ketacore.dose_checks`.
"""

from __future__ import annotations

import enum
from typing import Final

import attrs

from ketacore.doses import Route


class Severity(enum.Enum):
    """How serious a finding is."""

    ERROR = "error"
    """Almost certainly wrong: do not give without correcting or confirming."""
    WARNING = "warning"
    """Unusual: confirm it is intended."""
    NOT_CHECKED = "not_checked"
    """Rules could not run for want of context (weight, route, ...): supply it to check them."""


@attrs.frozen
class DoseRule:
    """One plausibility rule, as data: what it checks and where its numbers come from."""

    id: str
    """Stable identifier, e.g. ``"iv.anaesthetic"``."""
    severity: Severity
    """How serious a finding from this rule is."""
    summary: str
    """What the rule checks, in one line."""
    source: str
    """The public source of its numbers."""


@attrs.frozen
class DoseFinding:
    """A rule that fired on a dose, with a message about this dose."""

    rule: DoseRule
    """The rule that fired."""
    message: str
    """What is wrong with this dose and what to do."""
    skipped: tuple[str, ...] = ()
    """For a ``not_checked`` finding, the ids of the rules that could not run."""

    @property
    def severity(self) -> Severity:
        """The rule's severity."""
        return self.rule.severity


_PI = "Spravato US prescribing information (clinical reference 3.3)"
_ANDRADE = "Andrade 2017, studied IV range 0.1-0.75 mg/kg (clinical reference 3.1)"
_KETALAR = "Ketalar label: IV induction 1-4.5 mg/kg, IM 6.5-13 mg/kg (clinical reference 3.1)"
_UNKNOWN_IS_NOT_NO = "ketacore rule: unknown is never reported as no (developers' guide)"

DOSE_RULES: Final[tuple[DoseRule, ...]] = (
    DoseRule(
        "esketamine.route",
        Severity.ERROR,
        "esketamine is given only intranasally (enforced when the dose is built)",
        _PI,
    ),
    DoseRule(
        "esketamine.unit",
        Severity.ERROR,
        "esketamine is dosed in fixed mg, never mg/kg (enforced when the dose is built)",
        _PI,
    ),
    DoseRule(
        "esketamine.amount",
        Severity.ERROR,
        "an esketamine session dose is 28, 56 or 84 mg (1-3 devices); 84 mg is the maximum",
        _PI,
    ),
    DoseRule(
        "esketamine.reduced_start",
        Severity.WARNING,
        "28 mg is the start dose for patients 65 or older; under 65 it needs a documented plan",
        "UK/EU SmPC: day 1 = 28 mg from age 65 (clinical reference 3.3, 3.6)",
    ),
    DoseRule("iv.low", Severity.WARNING, "IV racemic ketamine below 0.1 mg/kg", _ANDRADE),
    DoseRule("iv.high", Severity.WARNING, "IV racemic ketamine above 0.75 mg/kg", _ANDRADE),
    DoseRule(
        "iv.anaesthetic",
        Severity.ERROR,
        "IV racemic ketamine above 1.0 mg/kg is the anaesthetic-induction range",
        f"{_KETALAR}; Fava 2020 tested up to 1.0 mg/kg",
    ),
    DoseRule(
        "iv.short_infusion",
        Severity.WARNING,
        "IV infusion much shorter than the standard 40 min (bolus-like)",
        "APA 2017 consensus (Sanacora et al.): 0.5 mg/kg over 40 min; the threshold is a "
        "clinic choice (clinical reference 3.6)",
    ),
    DoseRule(
        "im_sc.high",
        Severity.WARNING,
        "IM or SC racemic ketamine above 0.5 mg/kg",
        "Loo et al. 2016: titrated 0.1-0.5 mg/kg (clinical reference 3.2)",
    ),
    DoseRule(
        "im_sc.anaesthetic",
        Severity.ERROR,
        "IM or SC racemic ketamine at or above 6.5 mg/kg is the IM anaesthetic range",
        _KETALAR,
    ),
    DoseRule(
        "oral.range",
        Severity.WARNING,
        "oral or sublingual racemic ketamine outside 0.25-7 mg/kg or 25-300 mg per dose",
        "Andrade 2019 review (clinical reference 3.4)",
    ),
    DoseRule(
        "unit.mg_per_kg_as_mg",
        Severity.WARNING,
        "a value entered as mg/kg above 5 was probably meant as mg",
        "ketacore heuristic (clinical reference 3.6)",
    ),
    DoseRule(
        "unit.mg_as_mg_per_kg",
        Severity.WARNING,
        "a value entered as mg that is below 0.05 mg/kg was probably meant as mg/kg",
        "ketacore heuristic (clinical reference 3.6)",
    ),
    DoseRule(
        "volume.mismatch",
        Severity.ERROR,
        "the volume drawn up does not hold the dose at the recorded concentration",
        "10 and 100 mg/mL vials: a 10x trap (openFDA NDC records; clinical reference 3.1, 3.6)",
    ),
    DoseRule(
        "volume.no_concentration",
        Severity.WARNING,
        "a volume was recorded without the concentration it was drawn at",
        "10 and 100 mg/mL vials: a 10x trap (openFDA NDC records; clinical reference 3.1, 3.6)",
    ),
    DoseRule(
        "weight.adult_range",
        Severity.WARNING,
        "a body weight below 30 kg or above 250 kg is outside the adults ketacore checks doses for",
        "ketacore choice: 30 kg is the lowest adult weight the project accepts unflagged "
        "(issue 10); 250 kg is a ketacore choice, not a clinical limit. Weights that cannot "
        "be a person (below 0.2 kg, above 700 kg) are refused when given",
    ),
    DoseRule(
        "text.trailing_zero",
        Severity.WARNING,
        "a trailing zero ('5.0 mg') can be misread as ten times the dose",
        "ISMP error-prone abbreviations (clinical reference 3.5)",
    ),
    DoseRule(
        "text.naked_decimal",
        Severity.WARNING,
        "a decimal without a leading zero ('.5 mg') can be misread as a whole number",
        "ISMP error-prone abbreviations (clinical reference 3.5)",
    ),
    *(
        DoseRule(
            f"not_checked.{need}",
            Severity.NOT_CHECKED,
            f"rules that need the {what} could not run because it was not given",
            _UNKNOWN_IS_NOT_NO,
        )
        for need, what in (
            ("drug", "drug"),
            ("route", "route"),
            ("weight", "patient's weight"),
            ("age", "patient's age"),
            ("duration", "infusion duration"),
        )
    ),
)
"""Every dose plausibility rule, in the order findings are reported."""

_RULES: Final = {rule.id: rule for rule in DOSE_RULES}

# Numbers of section 3.6 of the clinical reference (sources in DOSE_RULES).
_ESKETAMINE_DOSES_MG: Final = (28.0, 56.0, 84.0)
_ESKETAMINE_REDUCED_START_AGE: Final = 65
_IV_LOW, _IV_HIGH, _IV_ANAESTHETIC = 0.1, 0.75, 1.0
_IM_SC_HIGH, _IM_SC_ANAESTHETIC = 0.5, 6.5
_ORAL_MG_PER_KG: Final = (0.25, 7.0)
_ORAL_MG: Final = (25.0, 300.0)
_MG_PER_KG_LOOKS_LIKE_MG: Final = 5.0
_MG_LOOKS_LIKE_MG_PER_KG: Final = 0.05
_DEFAULT_MIN_INFUSION_MIN: Final = 20.0  # ketacore choice: half the standard 40 min
# The adult body weights ketacore checks doses for (sources in DOSE_RULES).
_ADULT_KG: Final = (30.0, 250.0)
_VOLUME_TOLERANCE: Final = 0.05  # 5 %: rounding of what can be drawn up


# What each missing piece holds back, and how to supply it.
_NEEDS: Final[dict[str, str]] = {
    "drug": "the drug; give it, e.g. parse_dose('35 mg', drug='ketamine')",
    "route": "the route; give it, e.g. parse_dose('0.5 mg/kg', drug='ketamine', route='iv')",
    "weight": "the patient's weight; pass it, e.g. check_dose(dose, weight=quantity(70, 'kg'))",
    "age": "the patient's age; pass it, e.g. check_dose(dose, age=67)",
    "duration": "the infusion duration; give it, e.g. parse_dose('0.5 mg/kg over 40 min')",
}
_ROUTE_RULES: Final[dict[Route, tuple[str, ...]]] = {
    Route.IV: ("iv.low", "iv.high", "iv.anaesthetic", "iv.short_infusion"),
    Route.IM: ("im_sc.high", "im_sc.anaesthetic"),
    Route.SC: ("im_sc.high", "im_sc.anaesthetic"),
    Route.ORAL: ("oral.range",),
    Route.SUBLINGUAL: ("oral.range",),
    Route.INTRANASAL: (),
}
_PER_KG_RULES: Final = frozenset(
    {"iv.low", "iv.high", "iv.anaesthetic", "im_sc.high", "im_sc.anaesthetic"}
)
_ALL_ROUTE_RULES: Final = tuple(
    rule.id for rule in DOSE_RULES if any(rule.id in ids for ids in _ROUTE_RULES.values())
)
