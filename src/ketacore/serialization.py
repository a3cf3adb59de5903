"""JSON for every ketacore value, following cattrs' own converter pattern.

``configure_converter(converter)`` registers ketacore's hooks on a converter you
own; ``make_converter()`` builds one. ``to_json`` / ``from_json`` and
``to_dict`` / ``from_dict`` cover the common case with a shared converter of
ketacore's own. Hooks are never registered on cattrs' global converter.

Wire formats:

- quantities are ``{"value": 0.5, "unit": "mg/kg"}``, read back with ketacore's
  safe unit parser (nothing is evaluated);
- datetimes are ISO 8601 with a UTC offset (a naive datetime is an error),
  dates are ISO 8601;
- enums are written by value, sets as sorted lists, durations as ISO 8601;
- members of a union carry a ``"kind"`` tag (``"fixed"`` / ``"weight_based"``
  doses; ``"scheduled"`` / ``"dosing"`` / ``"preparation"`` / ``"integration"``
  sessions);
- instruments and built-in protocols are referenced by id; a score stores its
  item values and is scored again when read.

Documents made by :func:`to_json` / :func:`to_dict` carry a schema version.
Reading one from a newer ketacore is a clear error, and malformed input
raises one :class:`~ketacore.exceptions.SerializationError` listing the
problems (at most 20, the rest counted) with their JSON paths; nothing
half-built is returned. :func:`from_json` reads ``str``, ``bytes`` and
``bytearray`` (UTF-8) alike, and refuses documents over
:data:`MAX_DOCUMENT_SIZE` or nested deeper than :data:`MAX_DEPTH`, keys given
twice in one object, ``NaN`` and ``Infinity``, and a ``type`` that
contradicts the ``kind`` tag.

>>> from ketacore.doses import Dose, parse_dose
>>> from ketacore.serialization import from_json, to_json
>>> text = to_json(parse_dose("0.5 mg/kg over 40 min", drug="ketamine", route="iv"))
>>> text
'{"schema_version": 1, "type": "WeightBasedDose", "data": {"drug": "ketamine", ...}}'
>>> from_json(text, Dose) == parse_dose("0.5 mg/kg over 40 min", drug="ketamine", route="iv")
True
"""

from __future__ import annotations

import contextlib
import enum
import json
import math
import re
from collections.abc import Callable, Mapping, Set
from datetime import date, datetime, timedelta
from functools import cache
from types import UnionType
from typing import Any, Final, Literal, TypeVar, Union, cast, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, override
from cattrs.strategies import configure_tagged_union

from ketacore._json import MAX_DEPTH, MAX_DOCUMENT_SIZE, loads
from ketacore._text import MAX_PROBLEMS, MAX_TEXT_LENGTH, capped, shown
from ketacore.courses import PROTOCOLS, Protocol, get_protocol
from ketacore.doses import Dose, FixedDose, WeightBasedDose
from ketacore.exceptions import KetacoreError, SerializationError
from ketacore.instruments import Instrument, Score, get
from ketacore.patients import PatientId
from ketacore.sessions import (
    DosingSession,
    IntegrationSession,
    PreparationSession,
    ScheduledSession,
    Session,
)
from ketacore.units import format_quantity, parse_unit, quantity

__all__ = [
    "MAX_DEPTH",
    "MAX_DOCUMENT_SIZE",
    "SCHEMA_VERSION",
    "configure_converter",
    "from_dict",
    "from_json",
    "make_converter",
    "to_dict",
    "to_json",
]

T = TypeVar("T")

SCHEMA_VERSION: Final = 1
"""The version of the document format written by this ketacore."""

_DOSE_TAGS: Final[dict[type, str]] = {FixedDose: "fixed", WeightBasedDose: "weight_based"}
_SESSION_TAGS: Final[dict[type, str]] = {
    ScheduledSession: "scheduled",
    DosingSession: "dosing",
    PreparationSession: "preparation",
    IntegrationSession: "integration",
}
_UNIONS: Final[dict[Any, dict[type, str]]] = {Dose: _DOSE_TAGS, Session: _SESSION_TAGS}
_DURATION_RE: Final = re.compile(r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?")


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


def _unstructure_timedelta(value: timedelta) -> str:
    seconds = value.total_seconds()
    sign = "-" if seconds < 0 else ""
    return f"{sign}PT{format(abs(seconds), 'f').rstrip('0').rstrip('.')}S"


def _structure_timedelta(data: Any, cls: Any) -> timedelta:
    text = data[1:] if isinstance(data, str) and data.startswith("-") else data
    match = _DURATION_RE.fullmatch(text) if isinstance(text, str) else None
    if match is None or text in ("P", "PT") or text.endswith("T"):
        raise SerializationError(
            f"got {shown(data)}; expected an ISO 8601 duration such as 'PT45M' or 'PT2700S'"
        )
    days, hours, minutes, seconds = (float(part) if part else 0.0 for part in match.groups())
    span = timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
    return -span if data.startswith("-") else span


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
    responses: dict[int | str, int | str | None] = dict(enumerate(values, start=1))
    for number, option in options:
        if not 1 <= number <= len(values):
            raise SerializationError(f"options: item {shown(number)} is not one of the values")
        item = instrument.item(number)
        if option in item.forms:
            responses[f"{number}{option}"] = responses.pop(number)
        elif option in item.options:
            responses[number] = option
        else:
            raise SerializationError(
                f"options: {shown(option)} is neither a form nor an option of "
                f"{instrument.short_name} item {number}"
            )
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


def _sorted_set(values: Any) -> list[Any]:
    items = list(values)
    try:
        return sorted(items)
    except TypeError:
        return sorted(items, key=repr)


def _structure_datetime(data: Any, cls: Any) -> datetime:
    if not isinstance(data, str):
        raise SerializationError(
            f"got {shown(data)}; expected an ISO 8601 datetime with a UTC offset"
        )
    try:
        value = datetime.fromisoformat(data)
    except ValueError:
        raise SerializationError(
            f"got {shown(data)}; expected an ISO 8601 datetime such as '2026-03-02T09:00:00+00:00'"
        ) from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise SerializationError(
            f"got {shown(data)}, which has no UTC offset; expected for example "
            "'2026-03-02T09:00:00+00:00'"
        )
    return value


def _unstructure_datetime(value: datetime) -> str:
    if value.tzinfo is None or value.utcoffset() is None:
        raise SerializationError(
            f"got the naive datetime {value.isoformat()!r}; only timezone-aware datetimes "
            "can be written"
        )
    return value.isoformat()


def _structure_date(data: Any, cls: Any) -> date:
    if not isinstance(data, str):
        raise SerializationError(
            f"got {shown(data)}; expected an ISO 8601 date such as '2026-03-02'"
        )
    try:
        return date.fromisoformat(data)
    except ValueError:
        raise SerializationError(
            f"got {shown(data)}; expected an ISO 8601 date such as '2026-03-02'"
        ) from None


def _structure_float(data: Any, cls: Any) -> float:
    if type(data) is float:
        if math.isfinite(data):
            return data
    elif type(data) is int:
        return float(data)
    if isinstance(data, bool) or not isinstance(data, (int, float)) or not math.isfinite(data):
        raise SerializationError(f"got {shown(data)}; expected a finite number")
    return float(data)


def _structure_int(data: Any, cls: Any) -> int:
    if isinstance(data, bool) or not isinstance(data, int):
        raise SerializationError(f"got {shown(data)}; expected a whole number")
    return data


def _structure_str(data: Any, cls: Any) -> str:
    if not isinstance(data, str):
        raise SerializationError(f"got {shown(data)}; expected text")
    return data


def _structure_bool(data: Any, cls: Any) -> bool:
    if not isinstance(data, bool):
        raise SerializationError(f"got {shown(data)}; expected true or false")
    return data


def _is_collection(cls: Any) -> bool:
    origin, arguments = get_origin(cls), get_args(cls)
    if origin is tuple:
        return len(arguments) == 2 and arguments[1] is Ellipsis
    return origin in (frozenset, set, list) and len(arguments) == 1


def _structure_collection(
    element: Any, hook: Callable[[Any, Any], Any], origin: Callable[[list[Any]], Any]
) -> Callable[[Any, Any], Any]:
    """Structure ``tuple[X, ...]``, ``frozenset[X]``, ... from a JSON list only.

    cattrs would accept any iterable (a JSON object's keys, a string's letters);
    a ketacore document always writes these as lists. Reading stops at the
    item that would be problem number :data:`~ketacore._text.MAX_PROBLEMS`, so
    a list of 100,000 bad items costs no more than one of 20.
    """

    def structure(data: Any, cls: Any) -> Any:
        if not isinstance(data, list):
            raise SerializationError(f"got {shown(data)}; expected a list")
        # The common case first; on any error, the loop below reads again to collect them.
        with contextlib.suppress(Exception):
            return origin([hook(item, element) for item in data])
        items: list[Any] = []
        errors: list[Exception] = []
        for index, item in enumerate(data):
            try:
                items.append(hook(item, element))
            except Exception as error:  # collected, then raised together with their indices
                if len(errors) == MAX_PROBLEMS - 1:  # with the line below, MAX_PROBLEMS
                    errors.append(_unread(index, len(data)))
                    break
                error.__notes__ = [
                    *getattr(error, "__notes__", []),
                    IterableValidationNote(
                        f"Structuring {element} @ index {index}", index, element
                    ),
                ]
                errors.append(error)
        if errors:
            raise IterableValidationError(f"While structuring {cls!r}", errors, cls)
        return origin(items)

    return structure


def _unread(first: int, length: int) -> SerializationError:
    # Raised without a note, so transform_error reports it at the list's own path.
    return SerializationError(
        f"items {first} to {length - 1} were not read: reading a list stops after "
        f"{MAX_PROBLEMS - 1} problems; fix these and read the document again"
    )


def _is_enum(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, enum.Enum) and _ours(cls)


def _ours(cls: type) -> bool:
    return cls.__module__.startswith("ketacore.")


def _structure_enum(data: Any, cls: Any) -> Any:
    member = None
    if type(data) in (str, int):  # only these can be members' values; never repr the rest
        with contextlib.suppress(ValueError):
            member = cls(data)
    # Exact JSON types: true is not the NYHA class 1, nor 2.0 the class 2.
    if member is None or type(member.value) is not type(data):
        allowed = [member.value for member in cls]
        raise SerializationError(f"got {shown(data)}; expected one of {allowed}")
    return member


_SCALARS: Final[dict[Any, Callable[[Any, Any], Any]]] = {
    int: _structure_int,
    float: _structure_float,
    str: _structure_str,
    bool: _structure_bool,
}


def _optional_float(data: Any, cls: Any) -> float | None:
    return None if data is None else _structure_float(data, cls)


def _optional_int(data: Any, cls: Any) -> int | None:
    return None if data is None else _structure_int(data, cls)


def _optional_str(data: Any, cls: Any) -> str | None:
    return None if data is None else _structure_str(data, cls)


def _optional_bool(data: Any, cls: Any) -> bool | None:
    return None if data is None else _structure_bool(data, cls)


_OPTIONAL_SCALARS: Final[dict[Any, Callable[[Any, Any], Any]]] = {
    int: _optional_int,
    float: _optional_float,
    str: _optional_str,
    bool: _optional_bool,
}


def _is_ketacore_class(cls: Any) -> bool:
    return isinstance(cls, type) and attrs.has(cls) and _ours(cls)


def _structure_ketacore_class(converter: cattrs.Converter) -> Callable[[Any], Any]:
    """A hook factory for ketacore's attrs classes: strict hooks on their fields only.

    The strict scalar and list-only collection hooks are attached to the fields
    of ketacore's classes (cattrs overrides), so a converter you configure keeps
    cattrs' own behaviour for your classes.
    """

    def factory(cls: Any) -> Any:
        attrs.resolve_types(cls)
        overrides: dict[str, Any] = {}
        for field in attrs.fields(cls):
            hook = _field_hook(field.type, converter)
            if hook is not None:
                overrides[field.name] = override(struct_hook=hook)
        return make_dict_structure_fn(cls, converter, **overrides)

    return factory


def _field_hook(cls: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any] | None:
    """The strict hook for a field of type *cls*, or None to leave it to the converter."""
    if cls in _SCALARS:
        return _SCALARS[cls]
    if _is_enum(cls):  # here too: cattrs reads an IntEnum with its int hook, before ours
        return _structure_enum
    arguments = get_args(cls)
    if _is_collection(cls):
        element = arguments[0]
        hook = _field_hook(element, converter) or converter.get_structure_hook(element)
        return _structure_collection(element, hook, get_origin(cls))
    if get_origin(cls) in (Union, UnionType) and type(None) in arguments:
        rest = tuple(argument for argument in arguments if argument is not type(None))
        if len(rest) == 1 and rest[0] in _OPTIONAL_SCALARS:
            return _OPTIONAL_SCALARS[rest[0]]
        inner = _field_hook(rest[0], converter) if len(rest) == 1 else None
        if inner is not None:
            return _optional(inner, rest[0])
    return None


def _optional(hook: Callable[[Any, Any], Any], inner: Any) -> Callable[[Any, Any], Any]:
    def structure(data: Any, _: Any) -> Any:
        return None if data is None else hook(data, inner)

    return structure


def _refuse_unknown(cls: Any) -> Callable[[Any], Any]:
    if cls in (int, float, str, bool, type(None)):
        return _identity

    def refuse(value: Any) -> Any:
        raise SerializationError(
            f"cannot write a {type(value).__name__}: ketacore has no JSON form for it"
        )

    return refuse


def _identity(value: Any) -> Any:
    return value


def configure_converter(converter: cattrs.Converter) -> None:
    """Register ketacore's hooks on *converter* (one you own; never the global one).

    Call it before the converter structures any ketacore class: cattrs caches
    the hooks it generates. The strict reading of numbers, text, booleans,
    enums and lists applies to ketacore's classes only; your own classes keep
    cattrs' behaviour. Quantities, datetimes, dates and durations get
    ketacore's wire formats wherever they appear, as in cattrs' ``preconf``.
    """
    # First, so that every more specific hook below takes precedence over it.
    converter.register_structure_hook_factory(
        _is_ketacore_class, _structure_ketacore_class(converter)
    )
    converter.register_unstructure_hook_func(_is_quantity_type, _unstructure_quantity)
    converter.register_structure_hook_func(_is_quantity_type, _structure_quantity)
    converter.register_unstructure_hook(datetime, _unstructure_datetime)
    converter.register_structure_hook(datetime, _structure_datetime)
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_structure_hook(date, _structure_date)
    converter.register_structure_hook_func(_is_enum, _structure_enum)
    converter.register_unstructure_hook(timedelta, _unstructure_timedelta)
    converter.register_structure_hook(timedelta, _structure_timedelta)
    # Predicate hooks: registering a class hook makes cattrs resolve the class's
    # annotations, and these two name each other only under TYPE_CHECKING.
    converter.register_unstructure_hook_func(_is(Instrument), _instrument_id)
    converter.register_structure_hook_func(_is(Instrument), _structure_instrument)
    converter.register_unstructure_hook_func(_is(Score), _unstructure_score)
    converter.register_structure_hook_func(_is(Score), _structure_score)
    converter.register_unstructure_hook_func(_is(Protocol), _protocol_id)
    converter.register_structure_hook_func(_is(Protocol), _structure_protocol)
    converter.register_unstructure_hook(PatientId, _patient_id)
    converter.register_structure_hook(PatientId, _structure_patient_id)
    for union, tags in _UNIONS.items():
        configure_tagged_union(union, converter, tag_generator=tags.__getitem__, tag_name="kind")
        _configure_optional(converter, union, frozenset(tags))


def _configure_optional(converter: cattrs.Converter, union: Any, members: frozenset[type]) -> None:
    """Make ``union | None`` use the tagged union's hooks (cattrs sees a new union)."""

    def is_optional(candidate: Any) -> bool:
        arguments = set(get_args(candidate))
        return type(None) in arguments and arguments - {type(None)} == members

    def structure(data: Any, _: Any) -> Any:
        return None if data is None else converter.structure(data, union)

    def unstructure(value: Any) -> Any:
        return None if value is None else converter.unstructure(value, unstructure_as=union)

    converter.register_structure_hook_func(is_optional, structure)
    converter.register_unstructure_hook_func(is_optional, unstructure)


def make_converter(**kwargs: Any) -> cattrs.Converter:
    """Return a new converter with ketacore's hooks, refusing unknown keys and types.

    Keyword arguments go to :class:`cattrs.Converter`.
    """
    kwargs.setdefault("forbid_extra_keys", True)
    # Merged, as cattrs' preconf converters do: yours win where both name a type.
    kwargs["unstruct_collection_overrides"] = {
        Set: _sorted_set,
        **kwargs.get("unstruct_collection_overrides", {}),
    }
    kwargs.setdefault("unstructure_fallback_factory", _refuse_unknown)
    converter = cattrs.Converter(**kwargs)
    configure_converter(converter)
    return converter


@cache
def _converter() -> cattrs.Converter:
    return make_converter()


def _type_name(cls: Any) -> str:
    return getattr(cls, "__name__", None) or str(cls)


def to_dict(obj: object, cls: Any = None) -> dict[str, Any]:
    """Return *obj* as a JSON-ready document ``{"schema_version", "type", "data"}``.

    Args:
        obj: any ketacore value.
        cls: the type to write it as (needed for unions such as ``Dose``); default
            its own class.

    Raises:
        SerializationError: *obj* is not a ketacore value (documents hold ketacore
            values, not plain numbers, strings or containers).
    """
    if not attrs.has(type(obj)) or not type(obj).__module__.startswith("ketacore."):
        raise SerializationError(
            f"cannot write a {type(obj).__name__}: a document holds a ketacore value such as "
            "a Patient, a Dose or a Score"
        )
    target = type(obj) if cls is None else cls
    union = _union_of(target)
    if union is not None:
        # Members of a union always carry their "kind" tag, however they are written.
        target = type(obj)
        data = _converter().unstructure(obj, unstructure_as=union)
    else:
        data = _converter().unstructure(obj, unstructure_as=target)
    return {"schema_version": SCHEMA_VERSION, "type": _type_name(target), "data": data}


def _union_of(cls: Any) -> Any:
    """Return the tagged union *cls* is, or belongs to, or None."""
    for union, tags in _UNIONS.items():
        if cls == union or cls in tags:
            return union
    return None


# Built once: json.dumps with any option builds a new encoder on every call.
_ENCODER: Final = json.JSONEncoder(allow_nan=False)


def to_json(obj: object, cls: Any = None, *, indent: int | None = None) -> str:
    """Return *obj* as a JSON document with a schema version (see :func:`to_dict`)."""
    if indent is None:
        return _ENCODER.encode(to_dict(obj, cls))
    return json.dumps(to_dict(obj, cls), indent=indent, allow_nan=False)


def _format_error(exc: BaseException, type_: type | None) -> str:
    if isinstance(exc, KetacoreError):
        return str(exc)
    if isinstance(exc, KeyError):
        return f"required field {exc.args[0]!r} is missing"
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return f"unknown field(s) {_names(exc.extra_fields)}; remove them"
    if isinstance(exc, AttributeError) and str(exc).endswith("has no attribute 'keys'"):
        return "expected a JSON object here"
    return cattrs.v.format_exception(exc, type_)


def _names(keys: Any) -> str:
    """A bounded list of key names, for a message."""
    return ", ".join(capped([shown(key) for key in sorted(map(str, keys))[: MAX_PROBLEMS + 1]]))


_DOCUMENT_KEYS: Final = frozenset({"schema_version", "type", "data"})

# The type names a document read as each union may carry.
_NAMES_OF: Final = {union: {member.__name__ for member in tags} for union, tags in _UNIONS.items()}

# The "kind" tag of each union member, by the name a document's "type" gives it.
_KIND_OF: Final = {
    member.__name__: tag for tags in _UNIONS.values() for member, tag in tags.items()
}

# Types written as a JSON string rather than an object.
_SCALAR_DOCUMENTS: Final = frozenset({PatientId, Instrument})


def from_dict(document: Any, cls: type[T] | Any) -> T:
    """Read a document written by :func:`to_dict` back into a value of *cls*.

    Raises:
        SerializationError: the document is malformed, of another type, from a
            newer schema version, or describes a value that cannot exist. The
            message lists every problem with its JSON path.
    """
    if not isinstance(document, Mapping):
        raise SerializationError(
            f"$: got {shown(document)}; expected a ketacore document "
            "{'schema_version': 1, 'type': ..., 'data': ...}"
        )
    version = document.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise SerializationError(
            f"$.schema_version: got {shown(version)}; expected the whole number "
            f"{SCHEMA_VERSION}; this is not a ketacore document"
        )
    if version > SCHEMA_VERSION:
        raise SerializationError(
            f"$.schema_version: got {version}, written by a newer ketacore; this ketacore reads "
            f"schema {SCHEMA_VERSION} and older; upgrade ketacore to read it"
        )
    if version < 1:
        raise SerializationError(f"$.schema_version: got {version}; expected 1 or more")
    if len(document) != 3 or not _DOCUMENT_KEYS.issuperset(document):
        raise SerializationError(
            f"$: got keys {_names(document)}; expected exactly 'data', 'schema_version', 'type'"
        )
    union = _union_of(cls)
    expected = _NAMES_OF.get(cls) or {_type_name(cls)}
    if not isinstance(document["type"], str) or document["type"] not in expected:
        raise SerializationError(
            f"$.type: got {shown(document['type'])}; expected {' or '.join(sorted(expected))}"
        )
    name, data = document["type"], document["data"]
    if union is not None:
        _check_kind(name, data)
    value = _structure(data, cls if union is None else union, "$.data", name)
    if _type_name(type(value)) != name:  # pragma: no cover - _check_kind refuses these first
        raise SerializationError(f"$.data.kind: describes a {type(value).__name__}, not a {name}")
    return cast(T, value)


def _check_kind(name: str, data: Any) -> None:
    """Refuse a union member whose ``kind`` tag contradicts the document's ``type``."""
    tag = _KIND_OF[name]
    if isinstance(data, Mapping) and "kind" in data and data["kind"] != tag:
        raise SerializationError(
            f"$.data.kind: got {shown(data['kind'])}, but $.type is {name!r}, whose kind is "
            f"{tag!r}; the document contradicts itself: correct the type or the kind"
        )


def _structure(data: Any, cls: Any, path: str, name: str) -> Any:
    if not isinstance(data, Mapping) and cls not in _SCALAR_DOCUMENTS:
        raise SerializationError(f"{path}: got {shown(data)}; expected an object")
    try:
        return _converter().structure(data, cls)
    except Exception as error:  # nothing but SerializationError may leave
        if isinstance(error, cattrs.BaseValidationError):
            problems = cattrs.transform_error(error, path=path, format_exception=_format_error)
        else:
            problems = [f"{_format_error(error, None)} @ {path}"]
        listed = capped([_path_first(problem) for problem in problems])
        raise SerializationError(f"cannot read {name}: " + "; ".join(listed)) from None


def _path_first(problem: str) -> str:
    message, _, where = problem.rpartition(" @ ")
    return f"{where}: {message}" if where else problem


def from_json(text: str | bytes | bytearray, cls: type[T] | Any) -> T:
    """Read a JSON document written by :func:`to_json` back into a value of *cls*.

    *text* is a ``str``, or ``bytes`` or ``bytearray`` in UTF-8, for every type.

    Raises:
        SerializationError: *text* is not JSON text in UTF-8, is longer than
            :data:`MAX_DOCUMENT_SIZE`, is nested deeper than :data:`MAX_DEPTH`,
            repeats a key in an object, holds ``NaN`` or ``Infinity``; or see
            :func:`from_dict`.
    """
    return cast(T, from_dict(loads(text), cls))
