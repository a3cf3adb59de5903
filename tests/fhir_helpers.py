"""Helpers for the FHIR tests: test data, and validation of every resource ketacore writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fhir.resources.R4B import get_fhir_model_class

DATA = Path(__file__).parent / "data" / "fhir"


def load(name: str) -> Any:
    """One resource of tests/data/fhir (see its README for the sources)."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def validate(resource: dict[str, Any]) -> dict[str, Any]:
    """Validate ``resource`` with fhir.resources' R4B model of its type, and return it.

    The model is also dumped back to JSON and compared, so an element the model
    dropped silently (an unknown name) fails too.
    """
    model = get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    dumped = json.loads(model.model_dump_json(exclude_none=True))
    assert _keys(dumped) == _keys(resource), "fhir.resources dropped or added elements"
    return resource


def _keys(value: Any, prefix: str = "") -> set[str]:
    if isinstance(value, dict):
        out = set()
        for key, inner in value.items():
            out.add(prefix + key)
            out |= _keys(inner, f"{prefix}{key}.")
        return out
    if isinstance(value, list):
        out = set()
        for inner in value:
            out |= _keys(inner, prefix)
        return out
    return set()
