"""Dose parsing, dose arithmetic and import cost, each against a bare baseline.

Run: ``python benchmarks/bench_doses.py``. Targets (issue 2): parse-and-validate
at least 20x faster than ``ureg.Quantity(text)``; ``resolve`` at most 1.2x bare
pint arithmetic; ``import ketacore`` does not import pint.
"""

from __future__ import annotations

import pint
from _timing import per_call_us, row, startup_ms

from ketacore.doses import parse_dose
from ketacore.units import quantity


def main() -> None:
    ureg = pint.get_application_registry()
    print("dose parsing (ketacore parse-and-validate vs bare ureg.Quantity(text))")
    for text in ("0.5 mg/kg", "35 mg", "0.5 mg/kg over 40 min"):
        bare_text = text.replace(" over ", " / ") if "over" in text else text
        ours = per_call_us(lambda t=text: parse_dose(t))  # type: ignore[misc]
        bare = per_call_us(lambda t=bare_text: ureg.Quantity(t))  # type: ignore[misc]
        print(row(f"parse_dose({text!r})", ours, bare), f"-> {bare / ours:.1f}x faster")

    print("\ndose arithmetic (resolve vs bare pint multiply-and-convert)")
    weight_kg, weight_lb = quantity(70, "kg"), quantity(154, "lb")
    dose = parse_dose("0.5 mg/kg")
    mg = ureg.parse_units("mg")
    for label, weight in (("kg", weight_kg), ("lb", weight_lb)):
        ours = per_call_us(lambda w=weight: dose.resolve(weight=w))  # type: ignore[misc]
        bare = per_call_us(lambda w=weight: (dose.amount * w).to(mg))  # type: ignore[misc]
        print(row(f"resolve(0.5 mg/kg, weight in {label})", ours, bare))

    print("\nimport cost (median of fresh interpreters)")
    bare_ms = startup_ms("pass")
    ketacore_ms = startup_ms("import ketacore")
    pint_ms = startup_ms("import pint")
    print(f"{'python -c pass':<44} {bare_ms:>9.1f} ms")
    print(f"{'import ketacore':<44} {ketacore_ms:>9.1f} ms  (+{ketacore_ms - bare_ms:.1f} ms)")
    print(f"{'import pint':<44} {pint_ms:>9.1f} ms  (+{pint_ms - bare_ms:.1f} ms)")


if __name__ == "__main__":
    main()
