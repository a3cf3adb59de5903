"""The pure screening function and its result."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Final, Literal, overload

import attrs

from ketacore._validators import check_instance, fail, on_day
from ketacore.contraindications._catalogue import DEFAULT_RULES
from ketacore.contraindications._rules import Rule, RuleClass, RuleSet, ScreeningContext
from ketacore.doses import Drug, Route
from ketacore.exceptions import WITHHELD, ScreeningError
from ketacore.patients import Patient
from ketacore.vitals import BloodPressureLimit, VitalSigns, blood_pressure_limit

__all__ = ["ADULT_AGE", "Finding", "ScreeningResult", "screen"]

ADULT_AGE: Final = 18
"""Screening is for adult clinics (clinical reference section 4): younger patients are refused."""


@attrs.frozen(kw_only=True)
class Finding:
    """A rule that fired: its id, class, explanation and source."""

    rule_id: str
    """The id of the rule that fired."""
    classification: RuleClass
    """How serious it is (the rule's class in the rule set used)."""
    explanation: str
    """What it means."""
    source: str
    """Where the rule comes from."""

    @classmethod
    def from_rule(cls, rule: Rule) -> Finding:
        """Return the finding *rule* gives when it fires."""
        return cls(
            rule_id=rule.id,
            classification=rule.classification,
            explanation=rule.explanation,
            source=rule.source,
        )

    def __str__(self) -> str:
        return f"[{self.classification.value}] {self.rule_id}: {self.explanation} ({self.source})"


class _FindingsOf:
    """A read-only attribute of :class:`ScreeningResult`: its findings of one class."""

    def __init__(self, classification: RuleClass, doc: str) -> None:
        self.classification = classification
        self.__doc__ = doc

    @overload
    def __get__(self, result: None, owner: type[Any]) -> _FindingsOf: ...
    @overload
    def __get__(self, result: ScreeningResult, owner: type[Any]) -> tuple[Finding, ...]: ...
    def __get__(
        self, result: ScreeningResult | None, owner: type[Any]
    ) -> _FindingsOf | tuple[Finding, ...]:
        if result is None:
            return self
        return tuple(f for f in result.findings if f.classification is self.classification)


@attrs.frozen(kw_only=True)
class ScreeningResult:
    """Every finding of one screen, and what they mean together.

    ``blocked`` if any finding is absolute; ``held`` if a pre-dose check
    failed; ``needs_review`` if any is relative. Interaction warnings are
    listed in :attr:`interactions` and change none of the three; a clinic that
    wants them reviewed reclassifies them as relative.
    """

    drug: Drug
    """The drug screened for."""
    route: Route
    """The route screened for."""
    on: date
    """The screening day."""
    findings: tuple[Finding, ...]
    """Every finding, in rule-set order."""
    blood_pressure_limit: BloodPressureLimit | None = None
    """The pre-dose limit applied, or None if no blood pressure was given."""

    absolute = _FindingsOf(RuleClass.ABSOLUTE, "The absolute findings.")
    relative = _FindingsOf(RuleClass.RELATIVE, "The relative findings (precautions to review).")
    holds = _FindingsOf(RuleClass.HOLD, "The failed pre-dose checks.")
    interactions = _FindingsOf(RuleClass.INTERACTION, "The interaction warnings.")

    @property
    def blocked(self) -> bool:
        """Whether treatment is blocked: any absolute finding."""
        return bool(self.absolute)

    @property
    def held(self) -> bool:
        """Whether this dose must be held: a pre-dose check failed."""
        return bool(self.holds)

    @property
    def needs_review(self) -> bool:
        """Whether a clinician must review: any relative finding."""
        return bool(self.relative)

    @property
    def rule_ids(self) -> frozenset[str]:
        """The ids of the rules that fired."""
        return frozenset(f.rule_id for f in self.findings)

    def __str__(self) -> str:
        verdict = (
            "blocked"
            if self.blocked
            else "held"
            if self.held
            else "review"
            if self.needs_review
            else "clear"
        )
        lines = [f"{self.drug.value} {self.route.value} on {self.on.isoformat()}: {verdict}"]
        lines += [f"  {finding}" for finding in self.findings]
        return "\n".join(lines)


def screen(
    patient: Patient,
    drug: Drug | str,
    route: Route | str,
    *,
    on: date | datetime,
    vitals: VitalSigns | None = None,
    blood_pressure_limits: Literal["us", "eu"] | Sequence[BloodPressureLimit] = "us",
    rules: RuleSet = DEFAULT_RULES,
) -> ScreeningResult:
    """Screen *patient* for *drug* by *route* on the day *on*; pure, reads no clock.

    Every rule in *rules* that applies to the drug and route is checked;
    dated history is judged relative to *on*. If *vitals* carry a blood
    pressure, it is checked against the pre-dose limit: US label guidance
    (140/90 mmHg) by default, or ``"eu"`` (150/90 from 65), via
    :func:`ketacore.vitals.blood_pressure_too_high`. Vitals must be from the
    screening day (the date of ``taken_at`` in its own zone). Without them,
    blood pressure is not checked and :attr:`ScreeningResult.blood_pressure_limit`
    is None.

    >>> from datetime import date, datetime
    >>> from ketacore.patients import MedicalHistory, Patient
    >>> patient = Patient(identifier="PT-1", birth_date=date(1980, 5, 17), sex_at_birth="M",
    ...                   history=MedicalHistory(conditions={"arteriovenous malformation"}))
    >>> result = screen(patient, "esketamine", "intranasal", on=date(2026, 3, 2))
    >>> result.blocked, sorted(result.rule_ids)
    (True, ['arteriovenous_malformation', 'consent_missing'])

    Raises:
        ScreeningError: the patient is under 18 on *on*, the vitals are from another day,
            or an argument has the wrong type.
        ValidationError: *on* is a naive datetime, or *blood_pressure_limits* is unknown.
    """
    if not isinstance(patient, Patient):
        # Described by its type only: a stand-in (a dict, a row) may hold the identifier.
        fail(
            ScreeningError,
            "patient",
            WITHHELD,
            "a ketacore.patients.Patient",
            got=f"a {type(patient).__name__} (not shown)",
        )
    check_instance(
        rules,
        RuleSet,
        field="rules",
        error=ScreeningError,
        expected="a RuleSet such as DEFAULT_RULES",
    )
    if vitals is not None:
        check_instance(
            vitals,
            VitalSigns,
            field="vitals",
            error=ScreeningError,
            expected="ketacore.vitals.VitalSigns or None",
        )
    the_drug, the_route = Drug.from_text(drug), Route.from_text(route)
    day = on_day(on, error=ScreeningError)
    if vitals is not None and vitals.taken_at.date() != day:
        fail(
            ScreeningError,
            "vitals",
            vitals,
            "pre-dose vital signs from the day itself",
            "take them again, or screen without vitals",
            got=f"vitals taken on {vitals.taken_at.date().isoformat()}, not on the screening day "
            f"{day.isoformat()}",
        )
    age = patient.age(on=day)
    if age < ADULT_AGE:
        fail(
            ScreeningError,
            "age",
            age,
            f"at least {ADULT_AGE}",
            "ketacore's screening rules are for adult clinics and no paediatric rules exist",
            got=f"{age} years on {day.isoformat()}",
        )
    limits = (
        blood_pressure_limits
        if isinstance(blood_pressure_limits, str)
        else tuple(blood_pressure_limits)
    )
    limit = blood_pressure_limit(age, limits)
    context = ScreeningContext(
        patient=patient,
        drug=the_drug,
        route=the_route,
        on=day,
        age=age,
        vitals=vitals,
        blood_pressure_limits=limits,
    )
    findings = tuple(
        Finding.from_rule(rule)
        for rule in rules
        if rule.applies_to(the_drug, the_route) and rule.condition(context)
    )
    return ScreeningResult(
        drug=the_drug,
        route=the_route,
        on=day,
        findings=findings,
        blood_pressure_limit=limit if vitals is not None and vitals.has_blood_pressure else None,
    )
