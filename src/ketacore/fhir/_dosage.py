"""Doses as FHIR: UCUM quantities, SNOMED CT routes, the drug coding, and back.

A dose is written as ``dose`` (``mg`` or ``mg/kg``) and, for an infusion with a
duration, a ``rate`` (``mL/h`` when the strength is known and the dose is a
mass, ``mg/kg/h`` or ``mg/h`` otherwise). The rate is derived, for readers; the
duration and strength are carried exactly in two extensions, and reading uses
those, so no value is recomputed through floating point.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ketacore.courses._fhir_codes import DOSE_UNITS, ROUTES, SNOMED, UCUM
from ketacore.doses import Dose, Drug, FixedDose, Route, WeightBasedDose
from ketacore.exceptions import ValidationError
from ketacore.fhir._common import error, fail, get_dict, get_list, get_str, system_url
from ketacore.units import Quantity, format_quantity, magnitude, parse_unit, quantity

__all__ = [
    "DRUG_SYSTEM",
    "DURATION_EXTENSION",
    "STRENGTH_EXTENSION",
    "read_dose",
    "read_quantity",
    "write_dose",
    "write_quantity",
]

DRUG_SYSTEM: Final = "drugs"
"""Name of ketacore's CodeSystem of drugs (the :class:`~ketacore.doses.Drug` values)."""

DURATION_EXTENSION: Final = "StructureDefinition/infusion-duration"
STRENGTH_EXTENSION: Final = "StructureDefinition/strength"

_FROM_UCUM: Final = {ucum: text for text, ucum in DOSE_UNITS.items() if text not in ("µg", "ug")}
_ROUTE_OF: Final = {code: route for route, (code, _) in ROUTES.items()}


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else float(value)


def write_quantity(value: Quantity) -> dict[str, Any]:
    """A FHIR Quantity in UCUM for a ketacore quantity of a unit in the dose table."""
    _, _, unit = format_quantity(value).partition(" ")
    code = DOSE_UNITS.get(unit)
    if code is None:  # pragma: no cover - every dose unit ketacore accepts is tabled
        raise error("unit", unit, "a unit of ketacore's UCUM table", "report this as a bug")
    return {"value": _number(float(value.magnitude)), "unit": unit, "system": UCUM, "code": code}


def read_quantity(data: object, path: str, kind: str) -> Quantity:
    """A ketacore quantity from a FHIR Quantity in UCUM whose unit measures ``kind``."""
    if not isinstance(data, Mapping):
        fail(path, data, f"a Quantity of {kind} in UCUM")
    value = data.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float):
        fail(f"{path}.value", value, "a number")
    system = data.get("system")
    if system != UCUM:
        fail(f"{path}.system", system, f"{UCUM!r}", "write the unit as a UCUM code")
    code = data.get("code")
    text = _FROM_UCUM.get(code) if isinstance(code, str) else None
    if text is None:
        known = ", ".join(sorted(_FROM_UCUM))
        fail(f"{path}.code", code, f"a UCUM code of {kind} ketacore reads ({known})")
    try:
        result = quantity(value, parse_unit(text))
        magnitude(result, kind)
    except ValidationError as problem:
        raise error(f"{path}.code", code, f"a UCUM unit of {kind}", str(problem)) from problem
    return result


def _extension(base: str, name: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"url": f"{base}/{name}", "valueQuantity": value}


def _rate(dose: Dose) -> dict[str, Any] | None:
    if dose.duration is None:
        return None
    hours = magnitude(dose.duration, "h")
    if isinstance(dose, FixedDose):
        milligrams = magnitude(dose.amount, "mg")
        if dose.concentration is not None:
            rate = quantity(milligrams / magnitude(dose.concentration, "mg/mL") / hours, "mL/h")
        else:
            rate = quantity(milligrams / hours, "mg/h")
    else:
        rate = quantity(magnitude(dose.amount, "mg/kg") / hours, "mg/kg/h")
    return write_quantity(rate)


def write_dose(dose: Dose, base: str) -> dict[str, Any]:
    """The parts of a dose: ``medication``, ``route``, ``dose``, ``rate``, ``extension``."""
    assert dose.drug is not None  # sessions hold doses that name drug and route
    assert dose.route is not None
    code, display = ROUTES[dose.route]
    parts: dict[str, Any] = {
        "medication": {
            "coding": [{"system": system_url(base, DRUG_SYSTEM), "code": dose.drug.value}],
            "text": dose.drug.value,
        },
        "route": {"coding": [{"system": SNOMED, "code": code, "display": display}]},
        "dose": write_quantity(dose.amount),
    }
    rate = _rate(dose)
    if rate is not None:
        parts["rate"] = rate
    extensions = []
    if dose.duration is not None:
        extensions.append(_extension(base, DURATION_EXTENSION, write_quantity(dose.duration)))
    if dose.concentration is not None:
        extensions.append(_extension(base, STRENGTH_EXTENSION, write_quantity(dose.concentration)))
    if extensions:
        parts["extension"] = extensions
    if dose.text is not None:
        parts["text"] = dose.text
    return parts


def read_drug(concept: object, path: str, base: str) -> Drug:
    """The drug of a medication CodeableConcept in ketacore's drug CodeSystem."""
    if not isinstance(concept, Mapping):
        fail(path, concept, "a CodeableConcept naming the drug")
    for index, coding in enumerate(get_list(concept, "coding", f"{path}.coding")):
        if isinstance(coding, Mapping) and coding.get("system") == system_url(base, DRUG_SYSTEM):
            code = coding.get("code")
            for drug in Drug:
                if drug.value == code:
                    return drug
            fail(f"{path}.coding[{index}].code", code, "'ketamine' or 'esketamine'")
    raise error(f"{path}.coding", None, f"a coding in {system_url(base, DRUG_SYSTEM)}")


def read_route(concept: object, path: str) -> Route:
    """The route of a SNOMED CT route CodeableConcept."""
    if not isinstance(concept, Mapping):
        fail(path, concept, "a CodeableConcept with a SNOMED CT route")
    for index, coding in enumerate(get_list(concept, "coding", f"{path}.coding")):
        if isinstance(coding, Mapping) and coding.get("system") == SNOMED:
            code = coding.get("code")
            route = _ROUTE_OF.get(code) if isinstance(code, str) else None
            if route is None:
                known = ", ".join(f"{c} {d}" for c, d in ROUTES.values())
                fail(f"{path}.coding[{index}].code", code, f"a SNOMED CT route: {known}")
            return route
    raise error(f"{path}.coding", None, f"a coding in {SNOMED}")


def _extension_quantity(
    holder: Mapping[str, Any], base: str, name: str, path: str, kind: str
) -> Quantity | None:
    for index, extension in enumerate(get_list(holder, "extension", f"{path}.extension")):
        if isinstance(extension, Mapping) and extension.get("url") == f"{base}/{name}":
            here = f"{path}.extension[{index}].valueQuantity"
            return read_quantity(extension.get("valueQuantity"), here, kind)
    return None


def read_dose(
    holder: Mapping[str, Any],
    *,
    drug: Drug,
    route: Route,
    amount: object,
    path: str,
    amount_path: str,
    base: str,
) -> Dose:
    """A ketacore dose from its FHIR parts (``holder`` carries the extensions and text)."""
    if not isinstance(amount, Mapping):
        fail(amount_path, amount, "a Quantity in mg or mg/kg")
    code = amount.get("code")
    weight_based = isinstance(code, str) and code.endswith("/kg")
    kind = "mg/kg" if weight_based else "mg"
    value = read_quantity(amount, amount_path, kind)
    duration = _extension_quantity(holder, base, DURATION_EXTENSION, path, "min")
    strength = _extension_quantity(holder, base, STRENGTH_EXTENSION, path, "mg/mL")
    text = get_str(holder, "text", f"{path}.text")
    cls = WeightBasedDose if weight_based else FixedDose
    try:
        return cls(
            amount=value,
            drug=drug,
            route=route,
            duration=duration,
            concentration=strength,
            text=text,
        )
    except ValidationError as problem:
        raise error(amount_path, code, "a dose ketacore accepts", str(problem)) from problem


def dose_holder(resource: Mapping[str, Any], key: str, path: str) -> Mapping[str, Any]:
    """``resource[key]`` as an object (the Dosage), or an error naming it."""
    holder = get_dict(resource, key, path)
    if holder is None:
        fail(path, None, "a dosage with route and dose")
    return holder
