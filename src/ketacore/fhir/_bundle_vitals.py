"""Reading the Observations of one dosing session's Encounter: vital-sign sets and totals."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from ketacore.courses._fhir_codes import BLOOD_PRESSURE_PANEL, UCUM, VITAL_SIGNS
from ketacore.exceptions import ValidationError
from ketacore.fhir._common import error, fail, get_list, parse_instant, system_url
from ketacore.instruments._loinc import LOINC
from ketacore.vitals import VitalSigns

__all__ = ["read_vitals"]

_FIELD_OF = {code.code: name for name, code in VITAL_SIGNS.items()}
_Entry = tuple[str, Mapping[str, Any]]


class _Reader(Protocol):
    base: str

    def check_subject(self, resource: Mapping[str, Any], path: str, key: str = ...) -> None: ...


def _loinc(concept: object, path: str) -> str:
    if isinstance(concept, Mapping):
        for coding in get_list(concept, "coding", f"{path}.coding"):
            if isinstance(coding, Mapping) and coding.get("system") == LOINC:
                code = coding.get("code")
                if isinstance(code, str):
                    return code
    raise error(path, concept, f"a CodeableConcept with a LOINC coding ({LOINC})")


def _reading(quantity: object, name: str, path: str) -> float:
    table = VITAL_SIGNS[name]
    if not isinstance(quantity, Mapping):
        fail(path, quantity, f"a valueQuantity in {table.unit}")
    if quantity.get("system") != UCUM or quantity.get("code") != table.unit:
        got = f"{quantity.get('system')!r} / {quantity.get('code')!r}"
        fail(
            f"{path}.code",
            quantity.get("code"),
            f"UCUM {table.unit!r} for {table.display}",
            got=got,
        )
    value = quantity.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float):
        fail(f"{path}.value", value, "a number")
    return value


def read_vitals(reader: _Reader, observations: list[_Entry], session_id: str) -> list[VitalSigns]:
    """The vital-sign sets among an Encounter's Observations (score totals are skipped)."""
    system = system_url(reader.base, "vital-sign-sets")
    sets: dict[str, dict[str, Any]] = {}
    for path, resource in observations:
        reader.check_subject(resource, path)
        when_text = resource.get("effectiveDateTime")
        if when_text is None:
            fail(f"{path}.effectiveDateTime", None, "the time of the reading", "add it")
        when = parse_instant(when_text, f"{path}.effectiveDateTime")
        if "derivedFrom" in resource:
            continue  # a score's total: the score is read from its QuestionnaireResponse
        identifiers = [
            i.get("value")
            for i in get_list(resource, "identifier", f"{path}.identifier")
            if isinstance(i, Mapping) and i.get("system") == system
        ]
        if len(identifiers) != 1 or not isinstance(identifiers[0], str):
            fail(f"{path}.identifier", None, f"one identifier in {system} (the vital-sign set)")
        fields = sets.setdefault(identifiers[0], {"taken_at": when, "_path": path})
        if fields["taken_at"] != when:
            fail(
                f"{path}.effectiveDateTime", when_text, "the time of the other readings of its set"
            )
        code = _loinc(resource.get("code"), f"{path}.code")
        if code == BLOOD_PRESSURE_PANEL[0]:
            for index, component in enumerate(get_list(resource, "component", f"{path}.component")):
                here = f"{path}.component[{index}]"
                if not isinstance(component, Mapping):
                    fail(here, component, "a component")
                name = _FIELD_OF.get(_loinc(component.get("code"), f"{here}.code"))
                if name not in ("systolic", "diastolic") or name in fields:
                    fail(f"{here}.code", name, "one systolic (8480-6) and one diastolic (8462-4)")
                fields[name] = _reading(
                    component.get("valueQuantity"), name, f"{here}.valueQuantity"
                )
            continue
        name = _FIELD_OF.get(code)
        if name is None or name in ("systolic", "diastolic") or name in fields:
            known = ", ".join(c.code for c in VITAL_SIGNS.values())
            fail(
                f"{path}.code",
                code,
                f"one reading per vital sign: {BLOOD_PRESSURE_PANEL[0]}, {known}",
            )
        fields[name] = _reading(resource.get("valueQuantity"), name, f"{path}.valueQuantity")
    out = []
    for fields in sets.values():
        path = fields.pop("_path")
        try:
            out.append(VitalSigns(**fields))
        except ValidationError as problem:
            raise error(path, None, "readings VitalSigns accepts", str(problem)) from problem
    return out
