"""``ketacore dose``: parse a dose, resolve it for a weight, list the findings."""

from __future__ import annotations

import argparse

__all__ = ["dose_command"]


def dose_command(args: argparse.Namespace) -> int:
    from ketacore.dose_checks import Severity, check_dose
    from ketacore.doses import parse_dose
    from ketacore.units import format_quantity, magnitude, parse_quantity

    dose = parse_dose(args.text, drug=args.drug, route=args.route)
    weight = parse_quantity(args.weight, kind="mass", field="weight", example="70 kg")
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
    show("weight", f"{format_quantity(weight)} = {_round(magnitude(weight, 'kg'))} kg")
    show("give", f"{_round(magnitude(dose.resolve(weight=weight), 'mg'))} mg")
    show("per kg", f"{_round(magnitude(dose.per_weight(weight=weight), 'mg/kg'))} mg/kg")
    if dose.duration is not None:
        show("over", format_quantity(dose.duration))
        show("rate", f"{_round(magnitude(dose.rate(weight=weight), 'mg/min'))} mg/min")
        show(
            "rate per kg",
            f"{_round(magnitude(dose.rate_per_weight(weight=weight), 'mg/kg/h'))} mg/kg/h",
        )
    if dose.concentration is not None:
        show("concentration", format_quantity(dose.concentration))
        show("volume", f"{_round(magnitude(dose.volume(weight=weight), 'mL'))} mL")
        if dose.duration is not None:
            show("pump rate", f"{_round(magnitude(dose.volume_rate(weight=weight), 'mL/h'))} mL/h")
    findings = check_dose(dose, weight=weight, age=args.age, volume=volume)
    if not findings:
        print("findings         none")
    for finding in findings:
        print(f"{finding.severity.value:<8} {finding.rule.id}: {finding.message}")
    errors = any(f.severity is Severity.ERROR for f in findings)
    return 1 if args.strict and errors else 0


def _round(value: float) -> str:
    return f"{value:.4g}"
