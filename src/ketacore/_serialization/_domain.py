"""Wire formats of ketacore's domain values: quantities, instruments, scores, protocols, ids."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, Final, Literal, get_origin

from ketacore._serialization._scalars import _structure_bool
from ketacore._text import MAX_TEXT_LENGTH, shown
from ketacore.courses import PROTOCOLS, Protocol, get_protocol
from ketacore.exceptions import SerializationError
from ketacore.instruments import Instrument, Score, get
from ketacore.patients import PatientId
from ketacore.units import format_quantity, parse_unit, quantity


def _is_quantity_type(cls: Any) -> bool:
    origin = get_origin(cls) or cls
    return isinstance(origin, type) and origin.__name__ == "Quantity" and _from_pint(origin)


def _from_pint(cls: type) -> bool:
    return cls.__module__.startswith("pint")


def _unstructure_quantity(value: Any) -> dict[str, Any]:
    _, _, unit = format_quantity(value).partition(" ")
    return {"value": float(value.magnitude), "unit": unit}


def _structure_quantity(data: Any, cls: Any) -> Any:
    if not isinstance(data, Mapping) or set(data) != {"value", "unit"}:
        raise SerializationError(
            f"got {shown(data)}; expected a quantity object {{'value': number, 'unit': text}}, "
            "such as {'value': 0.5, 'unit': 'mg/kg'}"
        )
    value, unit = data["value"], data["unit"]
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise SerializationError(f"value: got {shown(value)}; expected a finite number")
    if not isinstance(unit, str):
        raise SerializationError(f"unit: got {shown(unit)}; expected a unit such as 'mg'")
    return quantity(value, parse_unit(unit, field="unit"))


def _structure_instrument(data: Any, cls: Any) -> Instrument:
    if not isinstance(data, str) or len(data) > MAX_TEXT_LENGTH:  # no id is that long
        raise SerializationError(f"got {shown(data)}; expected an instrument id such as 'phq9'")
    return get(data)


def _unstructure_score(score: Score) -> dict[str, Any]:
    return {
        "instrument": score.instrument.id,
        "values": list(score.values),
        "options": [[number, option] for number, option in score.options],
        "prorated": score.prorated,
        "total": score.total,
    }


_SCORE_KEYS: Final = frozenset({"instrument", "values", "options", "prorated", "total"})
_WHOLE_OR_NULL: Final = frozenset({int, type(None)})  # exact types: no bool, no float


def _structure_score(data: Any, cls: Any) -> Score:
    """Re-score the stored item values, so a stored total can never disagree with them."""
    if not isinstance(data, Mapping) or set(data) != _SCORE_KEYS:
        raise SerializationError(
            f"got {shown(data)}; expected a score object with keys {sorted(_SCORE_KEYS)}"
        )
    instrument = _structure_instrument(data["instrument"], Instrument)
    values, options = data["values"], data["options"]
    if not isinstance(values, list) or not _WHOLE_OR_NULL.issuperset(map(type, values)):
        raise SerializationError(
            f"values: got {shown(values)}; expected a list of whole numbers or nulls"
        )
    if not isinstance(options, list) or not all(
        isinstance(pair, list)
        and len(pair) == 2
        and type(pair[0]) is int
        and isinstance(pair[1], str)
        for pair in options
    ):
        raise SerializationError(
            f"options: got {shown(options)}; expected a list of [item number, option] pairs"
        )
    if len(values) != len(instrument.items):
        raise SerializationError(
            f"values: got {len(values)} item values; {instrument.short_name} has "
            f"{len(instrument.items)} items"
        )
    prorated = _structure_bool(data["prorated"], bool)
    if not options:  # the common case: score the list as it is (the fast path)
        return _checked(instrument.score(values, missing=_policy(prorated)), data, prorated)
    for number, option in options:
        if not 1 <= number <= len(values):
            raise SerializationError(
                f"options: item {shown(number)} is not one of the values",
                field="options",
                value=number,
            )
        item = instrument.item(number)
        if option not in item.forms and option not in item.options:
            raise SerializationError(
                f"options: {shown(option)} is neither a form nor an option of "
                f"{instrument.short_name} item {number}",
                field="options",
                value=option,
            )
    # The stored values and options as responses, by Score's own rule (never a second copy):
    # an unchecked draft, scored again below, so nothing unchecked is returned.
    draft = object.__new__(Score)
    draft.__attrs_init__(
        instrument, tuple(values), None, prorated, tuple((n, o) for n, o in options)
    )
    responses = draft.responses()
    return _checked(instrument.score(responses, missing=_policy(prorated)), data, prorated)


def _policy(prorated: bool) -> Literal["strict", "prorate"]:
    return "prorate" if prorated else "strict"


def _checked(score: Score, data: Mapping[str, Any], prorated: bool) -> Score:
    total = data["total"]
    if type(total) is not type(score.total):  # 12.0 and true are not the whole number 12
        expected = "null" if score.total is None else f"the whole number {score.total}"
        raise SerializationError(
            f"total: got {shown(total)} ({type(total).__name__}); expected {expected}, "
            f"the total of the item values on {score.instrument.short_name}"
        )
    if score.total != total or score.prorated != prorated:
        raise SerializationError(
            f"total: got {shown(total)}, but the item values score "
            f"{score.total} on {score.instrument.short_name}; the document was altered"
        )
    return score


def _is(cls: type) -> Callable[[Any], bool]:
    def predicate(candidate: Any) -> bool:
        return candidate is cls

    return predicate


def _instrument_id(instrument: Instrument) -> str:
    return instrument.id


def _protocol_id(protocol: Protocol) -> str:
    if PROTOCOLS.get(protocol.id) is not protocol:
        raise SerializationError(
            f"protocol {protocol.id!r} is not a built-in protocol; documents refer to protocols "
            "by id, so only built-in ones can be written"
        )
    return protocol.id


def _structure_protocol(data: Any, cls: Any) -> Protocol:
    if not isinstance(data, str) or len(data) > MAX_TEXT_LENGTH:  # no id is that long
        raise SerializationError(f"got {shown(data)}; expected a built-in protocol id")
    return get_protocol(data)


def _patient_id(identifier: PatientId) -> str:
    return identifier.value


def _structure_patient_id(data: Any, cls: Any) -> PatientId:
    # PatientId's own check names the type and length of a bad value, never the value.
    return PatientId(data)
