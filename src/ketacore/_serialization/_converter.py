"""The converter: ketacore's hooks on a converter you own, as cattrs' ``preconf`` modules do."""

from __future__ import annotations

from collections.abc import Set
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any, Final, get_args

import cattrs
from cattrs.strategies import configure_tagged_union

from ketacore._serialization._classes import (
    _is_ketacore_class,
    _refuse_unknown,
    _structure_ketacore_class,
)
from ketacore._serialization._collections import _sorted_set
from ketacore._serialization._domain import (
    _instrument_id,
    _is,
    _is_quantity_type,
    _patient_id,
    _protocol_id,
    _structure_instrument,
    _structure_patient_id,
    _structure_protocol,
    _structure_quantity,
    _structure_score,
    _unstructure_quantity,
    _unstructure_score,
)
from ketacore._serialization._scalars import _is_enum, _structure_enum
from ketacore._serialization._time import (
    _structure_date,
    _structure_datetime,
    _structure_timedelta,
    _unstructure_datetime,
    _unstructure_timedelta,
)
from ketacore.courses import Protocol
from ketacore.doses import Dose, FixedDose, WeightBasedDose
from ketacore.instruments import Instrument, Score
from ketacore.patients import PatientId
from ketacore.sessions import (
    DosingSession,
    IntegrationSession,
    PreparationSession,
    ScheduledSession,
    Session,
)

_DOSE_TAGS: Final[dict[type, str]] = {FixedDose: "fixed", WeightBasedDose: "weight_based"}
_SESSION_TAGS: Final[dict[type, str]] = {
    ScheduledSession: "scheduled",
    DosingSession: "dosing",
    PreparationSession: "preparation",
    IntegrationSession: "integration",
}
_UNIONS: Final[dict[Any, dict[type, str]]] = {Dose: _DOSE_TAGS, Session: _SESSION_TAGS}


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


def _union_of(cls: Any) -> Any:
    """Return the tagged union *cls* is, or belongs to, or None."""
    for union, tags in _UNIONS.items():
        if cls == union or cls in tags:
            return union
    return None
