"""The catalogue: every shipped instrument, looked up by id."""

from __future__ import annotations

import difflib
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


def _key(name: str) -> str:
    """``name`` without case, spaces or punctuation: ``"PHQ-9"``, ``"phq9"`` -> ``"phq9"``."""
    return "".join(c for c in name.lower() if c.isalnum())


_BY_KEY: MappingProxyType[str, Instrument] = MappingProxyType(
    {_key(name): inst for inst in CATALOGUE.values() for name in (inst.id, inst.short_name)}
)
"""Every instrument by the key of its id and of its short name (``"hamd17"``)."""


def get(instrument_id: str) -> Instrument:
    """Return the instrument with id or short name ``instrument_id``.

    Case, spaces and punctuation are ignored, so the short names ketacore prints
    work too: ``"PHQ-9"`` finds ``"phq9"``, ``"HAM-D17"`` finds ``"hamd17"`` and
    ``"QIDS-SR16"`` finds ``"qids_sr16"``.

    >>> get("HAM-D17").id
    'hamd17'

    Raises:
        UnknownInstrumentError: No such id or name; the message suggests the
            closest id, if one is close, and lists the known ids.
            It is a ``KetacoreError``, ``LookupError`` and ``ValueError``.
    """
    key = _key(instrument_id) if isinstance(instrument_id, str) else ""
    try:
        return _BY_KEY[key]
    except KeyError:
        known = ", ".join(CATALOGUE)
        close = difflib.get_close_matches(key, _BY_KEY, n=1) if key else []
        hint = f"did you mean {_BY_KEY[close[0]].id!r}? " if close else ""
        raise UnknownInstrumentError(
            f"unknown instrument id {shown(instrument_id)}; {hint}known ids: {known}"
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
