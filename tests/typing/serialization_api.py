"""Type-checked usage of the public serialization API (checked by test_typing.py).

It also runs (pytest imports it for doctests), so every call here is valid.
"""

from __future__ import annotations

from typing import Any, assert_type

import cattrs

from ketacore.doses import Dose, parse_dose
from ketacore.instruments import PHQ9, Score
from ketacore.serialization import (
    configure_converter,
    from_dict,
    from_json,
    make_converter,
    to_dict,
    to_json,
)

dose = parse_dose("0.5 mg/kg over 40 min", drug="ketamine", route="iv")
text = to_json(dose)
assert_type(text, str)
# Dose is a union alias, not a class: from_json returns Any for it, so annotate the result.
loaded: Dose = from_json(text.encode("utf-8"), Dose)
assert loaded == dose

score = PHQ9.score([2, 2, 2, 2, 1, 1, 2, 0, 0])
document = to_dict(score)
assert_type(document, dict[str, Any])
assert_type(from_dict(document, Score), Score)
assert_type(from_json(to_json(score), Score), Score)

converter = cattrs.Converter()
configure_converter(converter)
assert_type(make_converter(), cattrs.Converter)
