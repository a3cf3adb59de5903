"""Type-checked usage of the public units, doses and dose-checks API (checked by test_typing.py).

It also runs (pytest imports it for doctests), so every call here is valid.
"""

from __future__ import annotations

from typing import assert_type

from ketacore.dose_checks import DoseFinding, check_dose
from ketacore.doses import Dose, Drug, FixedDose, Route, WeightBasedDose, devices, parse_dose
from ketacore.units import Quantity, format_quantity, magnitude, parse_quantity, quantity

weight = quantity(70, "kg")
assert_type(weight, Quantity)
assert_type(parse_quantity("250 µg"), Quantity)
assert_type(format_quantity(weight), str)
assert_type(magnitude(weight, "lb"), float)

iv = parse_dose("0.5 mg/kg over 40 min", drug="ketamine", route="iv")
assert_type(iv, Dose)
assert isinstance(iv, WeightBasedDose)
assert_type(iv.resolve(weight=weight), Quantity)
assert_type(iv.drug, Drug | None)
assert_type(iv.route, Route | None)

spray = parse_dose("56 mg", drug="esketamine", route="intranasal")
assert isinstance(spray, FixedDose)
assert_type(devices(spray), int)

findings = check_dose(iv, weight=weight)
assert_type(findings, tuple[DoseFinding, ...])
