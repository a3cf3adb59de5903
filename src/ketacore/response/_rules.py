"""Choosing a series rule (relapse, stable remission) for an instrument (private).

A rule names the instruments it applies to; a series on another instrument is
refused, and without a rule the first default rule for the instrument is used.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

from ketacore.instruments import Instrument
from ketacore.response._errors import fail

__all__ = ["instrument_ids", "rule_for"]


class _Rule(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def instruments(self) -> frozenset[str]: ...


_R = TypeVar("_R", bound=_Rule)


def instrument_ids(value: Iterable[str]) -> frozenset[str]:
    """Converter: the ids of the instruments a rule applies to (a set, not one string)."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise fail("instruments", value, "an iterable of instrument ids", "pass e.g. {'madrs'}")
    return frozenset(value)


def rule_for(
    instrument: Instrument,
    given: object,
    kind: type[_R],
    defaults: tuple[_R, ...],
    *,
    example: str,
    missing: str,
) -> _R:
    """The rule *given* (checked against *instrument*), else the default rule for it.

    Raises:
        ResponseError: *given* is not a *kind*, applies to other instruments, or no
            default rule applies to *instrument* (*missing* says where rules exist).
    """
    name = kind.__name__
    if given is None:
        found = next((r for r in defaults if instrument.id in r.instruments), None)
        if found is None:
            raise fail(
                "rule",
                None,
                f"a {name} for {instrument.short_name}",
                f"{missing}; pass rule={name}(...)",
            )
        return found
    if not isinstance(given, kind):
        raise fail("rule", given, f"a {name}", f"use e.g. {example}")
    if instrument.id not in given.instruments:
        raise fail(
            "rule",
            given.name,
            f"a rule for {instrument.id!r}",
            f"the rule applies to {', '.join(sorted(given.instruments))}",
        )
    return given
