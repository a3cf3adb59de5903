"""The unit façade: one pint registry, safe parsing of clinician text, typed helpers.

ketacore uses pint's *application registry* (``pint.get_application_registry()``),
looked up when needed, so quantities made by the caller with that registry mix
freely with ours. ketacore never builds a private registry and never replaces
the application registry.

Parsing never evaluates an expression: the text must be one plain decimal number
(ASCII digits) followed by one unit from a fixed list of spellings clinicians use.

>>> from ketacore.units import parse_quantity, quantity, format_quantity
>>> parse_quantity("0.5 mg/kg", kind="mass/mass")
<Quantity(0.5, 'milligram / kilogram')>
>>> quantity(154, "lb").to("kg").magnitude
69.8532249...
>>> format_quantity(parse_quantity("250 mcg"))
'250 mcg'

Every quantity ketacore makes, and every quantity a ketacore value holds, is
immutable (see :func:`freeze`), and two of them are equal when they denote
exactly the same amount: ``35 mg == 0.035 g``, with equal hashes.

>>> quantity(35, "mg") == quantity(0.035, "g")
True

This is the only public module that talks to pint directly; the rest of
ketacore goes through the typed helpers here. The work is done in the private
modules of :mod:`ketacore._units`, one concept each: the unit tables, the
registry, immutable quantities, parsing, formatting, and measuring.
"""

from __future__ import annotations

from ketacore._units._build import _hold as _hold
from ketacore._units._build import _hold_optional as _hold_optional
from ketacore._units._build import freeze, is_quantity, quantity
from ketacore._units._format import format_quantity
from ketacore._units._frozen import Quantity, Unit
from ketacore._units._measure import checked_magnitude, convert, kind_of, magnitude
from ketacore._units._parse import parse_quantity, parse_quantity_kind, parse_unit
from ketacore._units._registry import _new_quantity as _new_quantity
from ketacore._units._registry import _unpickle as _unpickle
from ketacore._units._registry import registry
from ketacore._units._tables import Kind

__all__ = [
    "Kind",
    "Quantity",
    "Unit",
    "checked_magnitude",
    "convert",
    "format_quantity",
    "freeze",
    "is_quantity",
    "kind_of",
    "magnitude",
    "parse_quantity",
    "parse_quantity_kind",
    "parse_unit",
    "quantity",
    "registry",
]

# The public functions are documented, and shown in tracebacks, as this module's.
for _name in __all__:
    _public = globals()[_name]
    if callable(_public) and getattr(_public, "__module__", "").startswith("ketacore._units"):
        _public.__module__ = __name__
