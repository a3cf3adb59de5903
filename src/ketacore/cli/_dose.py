"""``ketacore dose``: parse a dose, resolve it for a weight, list the findings."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ketacore.units import Quantity

__all__ = ["dose_command"]


def dose_command(args: argparse.Namespace) -> int:
    from ketacore._body_weight import read_weight
    from ketacore.dose_checks import Severity, check_dose
    from ketacore.doses import parse_dose
    from ketacore.units import format_quantity, parse_quantity

    dose = parse_dose(args.text, drug=args.drug, route=args.route)
    weight = read_weight(args.weight)  # as the API reads a weight given as text
    volume = (
        None
        if args.volume is None
        else parse_quantity(args.volume, kind="volume", field="--volume")
    )

    def show(name: str, value: object) -> None:
        print(f"{name:<16} {value}")

    show("dose", f"{format_quantity(dose.amount)} ({type(dose).__name__})")
    if dose.drug is not None:
        show("drug", dose.drug.value)
    if dose.route is not None:
        show("route", dose.route.value)
    show("weight", f"{format_quantity(weight)} = {_shown(weight, 'kg')}")
    show("give", _shown(dose.resolve(weight=weight), "mg"))
    show("per kg", _shown(dose.per_weight(weight=weight), "mg/kg"))
    if dose.duration is not None:
        show("over", format_quantity(dose.duration))
        show("rate", _shown(dose.rate(weight=weight), "mg/min"))
        show(
            "rate per kg",
            _shown(dose.rate_per_weight(weight=weight), "mg/kg/h"),
        )
    if dose.concentration is not None:
        show("concentration", format_quantity(dose.concentration))
        show("volume", _shown(dose.volume(weight=weight), "mL"))
        if dose.duration is not None:
            show("pump rate", _shown(dose.volume_rate(weight=weight), "mL/h"))
    findings = check_dose(dose, weight=weight, age=args.age, volume=volume)
    if not findings:
        print("findings         none")
    for finding in findings:
        print(f"{finding.severity.value:<8} {finding.rule.id}: {finding.message}")
    errors = any(f.severity is Severity.ERROR for f in findings)
    return 1 if args.strict and errors else 0


_DIGITS = 4
"""Significant digits shown, through format_quantity as in the API."""


def _shown(value: Quantity, unit: str) -> str:
    from ketacore.units import convert, format_quantity

    return format_quantity(convert(value, unit), digits=_DIGITS)
