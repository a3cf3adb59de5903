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

from ketacore._json import MAX_DEPTH, MAX_DOCUMENT_SIZE
from ketacore._serialization._converter import configure_converter, make_converter
from ketacore._serialization._document import (
    SCHEMA_VERSION,
    from_dict,
    from_json,
    to_dict,
    to_json,
)

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

# The public functions are documented, and shown in tracebacks, as this module's.
for _name in __all__:
    _public = globals()[_name]
    if callable(_public):
        _public.__module__ = __name__
