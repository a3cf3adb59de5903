"""Which response and remission rule applies to which course: the one policy.

The rules themselves are data on the instruments
(:attr:`~ketacore.instruments.Instrument.remission_rules` and
:attr:`~ketacore.instruments.Instrument.response_rules`); each rule names the course
types (drug and route) it is the one for. This module only reads that data:
:func:`select_rules` is the single place that picks a rule for an instrument and a
course type, and :func:`ketacore.response.thresholds_for` (used by every entry point:
``classify``, courses, tables, batch, plots, the cohort generator and the CLI) calls it.
"""

from __future__ import annotations

from enum import Enum
from types import MappingProxyType
from typing import Final, TypeVar

from ketacore.instruments import CATALOGUE, Instrument, RemissionRule, ResponseRule
from ketacore.response._errors import fail

__all__ = [
    "CORE_RESPONSE",
    "COURSE_TYPES",
    "REMISSION_RULES",
    "course_type",
    "select_rules",
]

_DRUGS: Final = ("ketamine", "esketamine")
# The values of ketacore.doses.Drug and ketacore.doses.Route (a test checks they agree);
# spelled out so that ketacore.response does not import ketacore.doses (and pint).
_ROUTES: Final = ("iv", "im", "sc", "intranasal", "oral", "sublingual")

COURSE_TYPES: Final[tuple[str, ...]] = ("esketamine", *(f"{route}_ketamine" for route in _ROUTES))
"""Every course type :func:`course_type` can return: ``"esketamine"`` and ``"<route>_ketamine"``."""

CORE_RESPONSE: Final = ResponseRule(
    "core",
    50,
    "≥50% reduction from baseline, the core definition [2+] (ref §2.1, §2.4)",
    note="Used for instruments without a response rule of their own (e.g. GAD-7, for which "
    "the reference found no standard definition [?]); pass response_percent= to choose another.",
)
"""The response rule used for an instrument that has none of its own (ref §2.1, §2.4)."""


def _value(value: object) -> object:
    return value.value if isinstance(value, Enum) else value


def course_type(drug: object, route: object) -> str:
    """The course type of a drug and route: ``"esketamine"`` or ``"<route>_ketamine"``.

    This is the vocabulary of the ``course_type`` column of research tables and of
    :attr:`RemissionRule.course_types <ketacore.instruments.RemissionRule.course_types>`.
    Esketamine is one course type whatever the route.

    Args:
        drug: ``"ketamine"`` or ``"esketamine"`` (or a :class:`~ketacore.doses.Drug`).
        route: A route such as ``"iv"`` (or a :class:`~ketacore.doses.Route`).

    Raises:
        ResponseError: An unknown drug or route.

    >>> course_type("ketamine", "iv"), course_type("esketamine", "intranasal")
    ('iv_ketamine', 'esketamine')
    """
    drug_text, route_text = _value(drug), _value(route)
    if drug_text not in _DRUGS:
        raise fail(
            "drug", drug_text, f"one of {', '.join(map(repr, _DRUGS))}", "pass e.g. 'ketamine'"
        )
    if route_text not in _ROUTES:
        raise fail("route", route_text, f"one of {', '.join(map(repr, _ROUTES))}", "pass e.g. 'iv'")
    return "esketamine" if drug_text == "esketamine" else f"{route_text}_ketamine"


def check_course_type(value: object) -> str | None:
    """Return ``value`` if it is ``None`` or a known course type, else raise ResponseError."""
    if value is None or (isinstance(value, str) and value in COURSE_TYPES):
        return value
    raise fail(
        "course_type",
        value,
        f"None (drug not known) or one of {', '.join(map(repr, COURSE_TYPES))}",
        "build it with course_type('ketamine', 'iv')",
    )


def course_type_of(cell: object) -> str | None:
    """A table cell's course type: the cell if it is one of :data:`COURSE_TYPES`, else ``None``.

    Other values (``"placebo"``, an empty cell) mean the drug is not known, so the
    instruments' default rules apply; the tables report which rule was used.
    """
    return cell if isinstance(cell, str) and cell in COURSE_TYPES else None


def select_rules(
    instrument: Instrument, course_type: str | None
) -> tuple[ResponseRule, RemissionRule | None]:
    """The response and remission rules the policy gives ``instrument`` for a course type.

    A rule whose ``course_types`` lists the course type wins; otherwise (other course
    types, or the drug not known: ``None``) the instrument's first rule. An instrument
    without a response rule gets :data:`CORE_RESPONSE`; one without a remission rule
    gets ``None`` (remission is then not determined).
    """

    return (
        _pick(instrument.response_rules, course_type) or CORE_RESPONSE,
        _pick(instrument.remission_rules, course_type),
    )


_R = TypeVar("_R", RemissionRule, ResponseRule)


def _pick(rules: tuple[_R, ...], course_type: str | None) -> _R | None:
    if course_type is not None:
        for rule in rules:
            if course_type in rule.course_types:
                return rule
    return rules[0] if rules else None


REMISSION_RULES: Final = MappingProxyType(
    {
        (inst.id, kind): rule.name
        for inst in CATALOGUE.values()
        for rule in inst.remission_rules
        for kind in rule.course_types
    }
)
"""Remission rule name per ``(instrument id, course type)``, read from the rule data (read-only)."""
