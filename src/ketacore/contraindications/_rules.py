"""Screening rules as data, and rule sets a clinic can change without editing ketacore."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any, Final, Literal, TypeAlias

import attrs

from ketacore._choices import Choice, choose_set
from ketacore._text import shown
from ketacore._validators import as_tuple, fail, function, items_of, text
from ketacore.doses import Drug, Route
from ketacore.exceptions import ScreeningError, UnknownRuleError
from ketacore.patients import Patient
from ketacore.vitals import BloodPressureLimit, VitalSigns

__all__ = ["Predicate", "Rule", "RuleClass", "RuleSet", "ScreeningContext"]


class RuleClass(Choice, field="classification", error=ScreeningError):
    """How serious a finding is, and what it means for the dose.

    :meth:`from_text` reads a member or its value (``"absolute"``, ``"relative"``, ...).
    """

    ABSOLUTE = "absolute"
    """A contraindication (or a missing requirement): treatment is blocked."""
    RELATIVE = "relative"
    """A precaution: a clinician must review before treating."""
    HOLD = "hold"
    """A pre-dose check failed: hold this dose and re-check (clinical reference 4)."""
    INTERACTION = "interaction"
    """An interaction warning with a current medication."""


@attrs.frozen(kw_only=True)
class ScreeningContext:
    """Everything a rule's condition may look at: the patient, the planned dose, the day.

    Built by :func:`ketacore.contraindications.screen`; a clinic's own rules
    receive it too.
    """

    patient: Patient
    """The patient screened."""
    drug: Drug
    """The drug planned."""
    route: Route
    """The route planned."""
    on: date
    """The screening day: dated history is judged relative to it."""
    age: int
    """The patient's age in completed years on :attr:`on`."""
    vitals: VitalSigns | None = None
    """Pre-dose vital signs, if taken."""
    blood_pressure_limits: Literal["us", "eu"] | tuple[BloodPressureLimit, ...] = "us"
    """The pre-dose blood-pressure limits in force (see :mod:`ketacore.vitals`)."""


Predicate: TypeAlias = Callable[[ScreeningContext], bool]
"""A rule's condition: a plain function of the context, true when the rule fires."""

_ID_RE: Final = re.compile(r"[a-z][a-z0-9_.]*")


def _check_id(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not _ID_RE.fullmatch(value):
        fail(
            ScreeningError,
            "id",
            value,
            "lower-case letters, digits, '_' and '.', starting with a letter, such as "
            "'clinic.no_driver'",
        )


_TEXT: Final = text(
    error=ScreeningError, fix="every rule says what it means and where it comes from"
)


def _to_class(value: object) -> RuleClass:
    return RuleClass.from_text(value)  # type: ignore[arg-type]


_NAME_THEM: Final = "name the drugs and routes the rule applies to"


def _to_drugs(values: object) -> frozenset[Drug]:
    return choose_set(Drug, values, field="drugs", error=ScreeningError, if_empty=_NAME_THEM)


def _to_routes(values: object) -> frozenset[Route]:
    return choose_set(Route, values, field="routes", error=ScreeningError, if_empty=_NAME_THEM)


@attrs.frozen(kw_only=True)
class Rule:
    """One screening rule: when it fires, how serious it is, why, and where it comes from.

    >>> from ketacore.patients import MedicationClass
    >>> rule = Rule(id="clinic.lamotrigine", classification="relative",
    ...             condition=lambda c: c.patient.takes(MedicationClass.LAMOTRIGINE),
    ...             explanation="On lamotrigine: discuss.", source="Clinic policy")
    >>> rule.applies_to(Drug.KETAMINE, Route.IV)
    True
    """

    id: str = attrs.field(validator=_check_id)
    """A stable identifier, used to disable or reclassify the rule."""
    condition: Predicate = attrs.field(
        validator=function(
            error=ScreeningError,
            expected="a function taking a ScreeningContext and returning True when the rule fires",
        ),
        repr=False,
    )
    """When the rule fires."""
    classification: RuleClass = attrs.field(converter=_to_class)
    """How serious a finding is."""
    explanation: str = attrs.field(validator=_TEXT)
    """What the finding means, in a sentence or two."""
    source: str = attrs.field(validator=_TEXT)
    """Where the rule comes from (a short citation)."""
    drugs: frozenset[Drug] = attrs.field(default=frozenset(Drug), converter=_to_drugs)
    """The drugs it applies to (all by default)."""
    routes: frozenset[Route] = attrs.field(default=frozenset(Route), converter=_to_routes)
    """The routes it applies to (all by default)."""

    def applies_to(self, drug: Drug, route: Route) -> bool:
        """Whether the rule is checked for this drug and route."""
        return drug in self.drugs and route in self.routes


_RULES: Final = items_of(Rule, error=ScreeningError)


def _to_rules(values: Iterable[Rule]) -> tuple[Rule, ...]:
    return as_tuple(values, field="rules", error=ScreeningError, of=Rule)


def _check_rules(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    _RULES(instance, attribute, value)
    seen: set[str] = set()
    for rule in value:
        if rule.id in seen:
            fail(
                ScreeningError,
                "rules",
                rule.id,
                "unique ids",
                "use RuleSet.replacing to swap a rule",
                got=f"two rules with id {shown(rule.id)}",
            )
        seen.add(rule.id)


@attrs.frozen
class RuleSet:
    """An ordered set of rules with unique ids; changing it returns a new one.

    >>> from ketacore.contraindications import DEFAULT_RULES
    >>> clinic = (DEFAULT_RULES.without("breastfeeding")
    ...           .reclassify("pregnancy", RuleClass.ABSOLUTE))
    >>> "breastfeeding" in clinic, clinic["pregnancy"].classification
    (False, <RuleClass.ABSOLUTE: 'absolute'>)
    """

    rules: tuple[Rule, ...] = attrs.field(converter=_to_rules, validator=_check_rules)
    """The rules, in the order findings are reported."""

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def __contains__(self, rule_id: object) -> bool:
        return any(rule.id == rule_id for rule in self.rules)

    def __getitem__(self, rule_id: str) -> Rule:
        return self._require(rule_id)

    @property
    def ids(self) -> tuple[str, ...]:
        """The rule ids, in order."""
        return tuple(rule.id for rule in self.rules)

    def without(self, *rule_ids: str) -> RuleSet:
        """Return a copy without the named rules.

        Raises:
            ScreeningError: an id names no rule in the set.
        """
        for rule_id in rule_ids:
            self._require(rule_id)
        return RuleSet(tuple(rule for rule in self.rules if rule.id not in rule_ids))

    def reclassify(self, rule_id: str, classification: RuleClass | str) -> RuleSet:
        """Return a copy in which the named rule has another class.

        Raises:
            ScreeningError: the id names no rule, or the class is unknown.
        """
        new = attrs.evolve(self[rule_id], classification=classification)
        return self.replacing(new)

    def with_rule(self, rule: Rule) -> RuleSet:
        """Return a copy with *rule* added at the end.

        Raises:
            ScreeningError: a rule with the same id is already in the set.
        """
        return RuleSet((*self.rules, rule))

    def replacing(self, rule: Rule) -> RuleSet:
        """Return a copy in which *rule* takes the place of the rule with its id.

        Raises:
            ScreeningError: no rule has that id.
        """
        self._require(rule.id)
        return RuleSet(tuple(rule if old.id == rule.id else old for old in self.rules))

    def _require(self, rule_id: object) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise UnknownRuleError(
            field="rule id",
            value=rule_id,
            got=f"{shown(rule_id)}, which names no rule in this set",
            expected=f"one of {', '.join(self.ids)}",
        )
