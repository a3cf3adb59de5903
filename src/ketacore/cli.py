"""The ``ketacore`` command line.

``ketacore dose TEXT --weight W`` parses a clinician-entered dose, resolves it
for a body weight, and prints the arithmetic and any plausibility findings::

    $ ketacore dose "0.5 mg/kg over 40 min" --weight "154 lb" --drug ketamine --route iv

Errors go to stderr with exit status 2; findings never change the exit status
unless ``--strict`` is given (then an error-level finding exits 1).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

__all__ = ["main"]


def _dose_command(args: argparse.Namespace) -> int:
    from ketacore.dose_checks import Severity, check_dose
    from ketacore.doses import parse_dose
    from ketacore.units import format_quantity, magnitude, parse_quantity

    dose = parse_dose(args.text, drug=args.drug, route=args.route)
    weight = parse_quantity(args.weight, kind="mass", field="weight")
    volume = None if args.volume is None else parse_quantity(args.volume, kind="volume")

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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ketacore",
        description="Unit-safe ketamine and esketamine therapy records from the command line.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    dose = commands.add_parser(
        "dose",
        help="parse a dose, resolve it for a body weight and check it",
        description="Parse a clinician-entered dose such as '0.5 mg/kg over 40 min at 10 mg/mL', "
        "resolve it for a body weight and list plausibility findings.",
    )
    dose.add_argument("text", help="the dose as written, e.g. '0.5 mg/kg over 40 min'")
    dose.add_argument("--weight", required=True, help="body weight, e.g. '70 kg' or '154 lb'")
    dose.add_argument("--drug", choices=["ketamine", "esketamine"], help="the drug given")
    dose.add_argument(
        "--route",
        choices=["iv", "im", "sc", "intranasal", "oral", "sublingual"],
        help="the route given by",
    )
    dose.add_argument("--age", type=int, help="the patient's age in years")
    dose.add_argument("--volume", help="the volume drawn up, e.g. '3.5 mL'")
    dose.add_argument(
        "--strict", action="store_true", help="exit 1 when an error-level finding is reported"
    )
    dose.set_defaults(handler=_dose_command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``); return the exit status."""
    from ketacore.exceptions import KetacoreError

    args = _parser().parse_args(argv)
    try:
        status: int = args.handler(args)
    except KetacoreError as error:
        print(f"ketacore: error: {error}", file=sys.stderr)
        return 2
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
