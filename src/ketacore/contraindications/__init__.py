"""Contraindication screening: rules as data, and a pure :func:`screen`.

>>> from datetime import date
>>> from ketacore.contraindications import screen
>>> from ketacore.patients import Patient
>>> patient = Patient(identifier="PT-7", birth_date=date(1990, 1, 1), sex_at_birth="F",
...                   pregnant=True)
>>> result = screen(patient, "ketamine", "iv", on=date(2026, 3, 2))
>>> result.needs_review, [f.rule_id for f in result.relative]
(True, ['pregnancy'])

A clinic changes the rules without editing ketacore: :meth:`RuleSet.without`,
:meth:`RuleSet.reclassify`, :meth:`RuleSet.with_rule`, or
:func:`default_rules` with its parameters.
"""

from __future__ import annotations

from ketacore.contraindications._catalogue import (
    CARDIOVASCULAR_EVENT_WEEKS,
    CEREBROVASCULAR_EVENT_MONTHS,
    DEFAULT_RULES,
    default_rules,
)
from ketacore.contraindications._rules import (
    Predicate,
    Rule,
    RuleClass,
    RuleSet,
    ScreeningContext,
)
from ketacore.contraindications._screen import ADULT_AGE, Finding, ScreeningResult, screen

__all__ = [
    "ADULT_AGE",
    "CARDIOVASCULAR_EVENT_WEEKS",
    "CEREBROVASCULAR_EVENT_MONTHS",
    "DEFAULT_RULES",
    "Finding",
    "Predicate",
    "Rule",
    "RuleClass",
    "RuleSet",
    "ScreeningContext",
    "ScreeningResult",
    "default_rules",
    "screen",
]
