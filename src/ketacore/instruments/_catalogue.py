"""The catalogue: every shipped instrument, looked up by id."""

from __future__ import annotations

from types import MappingProxyType

from ketacore._text import shown
from ketacore.exceptions import UnknownInstrumentError, ValidationError
from ketacore.instruments import _anxiety, _depression, _global, _in_session
from ketacore.instruments._instrument import Instrument

__all__ = ["CATALOGUE", "get", "resolve"]

_MODULES = (_depression, _anxiety, _in_session, _global)

CATALOGUE: MappingProxyType[str, Instrument] = MappingProxyType(
    {
        inst.id: inst
        for inst in sorted(
            (getattr(module, name) for module in _MODULES for name in module.__all__),
            key=lambda i: i.id,
        )
    }
)
"""Read-only mapping from instrument id to :class:`Instrument`, sorted by id."""


def get(instrument_id: str) -> Instrument:
    """Return the instrument with id ``instrument_id``.

    Case, surrounding spaces and ``-`` versus ``_`` are ignored
    (``"QIDS-SR16"`` finds ``"qids_sr16"``).

    Raises:
        UnknownInstrumentError: No such id; the message lists the known ids.
            It is a ``KetacoreError``, ``LookupError`` and ``ValueError``.
    """
    key = instrument_id.strip().lower().replace("-", "_") if isinstance(instrument_id, str) else ""
    try:
        return CATALOGUE[key]
    except KeyError:
        known = ", ".join(CATALOGUE)
        raise UnknownInstrumentError(
            f"unknown instrument id {shown(instrument_id)}; known ids: {known}"
        ) from None


def resolve(
    value: object, *, field: str = "instrument", error: type[ValidationError] = ValidationError
) -> Instrument:
    """Return the instrument that *value* is or names: the one "Instrument or id" rule.

    Raises:
        UnknownInstrumentError: *value* is a string naming no instrument.
        ValidationError: (of class *error*) *value* is neither an Instrument nor a string.
    """
    if isinstance(value, Instrument):
        return value
    if isinstance(value, str):
        return get(value)
    raise error(
        field=field,
        value=value,
        expected="an Instrument such as ketacore.instruments.PHQ9, or its id such as 'phq9'",
        fix="look one up with ketacore.instruments.get",
    )
