"""Writing a REDCap data dictionary for ketacore instruments, and the bundled example project.

A project set up from :func:`write_dictionary` has one form per instrument, named
by its id, with one radio field per item named ``<id>_<n>``: exactly what
:func:`ketacore.redcap.find_forms` finds again. A field label is the item's
wording only where the instrument's licence allows shipping it
(:attr:`ketacore.instruments.Licence.item_text_allowed`); otherwise it is the
item's short label (MADRS ``"2. reported sadness"``), never the copyrighted text.
Choice labels are the points themselves (``0, 0 | 1, 1``): ketacore does not hold
the anchor wording.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path
from typing import Final, Literal

from ketacore.exceptions import RedcapError
from ketacore.instruments import Instrument
from ketacore.instruments._catalogue import resolve
from ketacore.redcap._dictionary import HEADER, DataDictionary, DictionaryField

__all__ = ["EXAMPLES", "build_dictionary", "dictionary_csv", "example_path", "write_dictionary"]

EXAMPLES: Final = ("dictionary", "records")
"""The bundled example files: a data dictionary and a raw records export of SYNTHETIC data."""

_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet evaluate a cell (OWASP, "CSV Injection"); as :mod:`ketacore.tables`."""


def _plain_sum(inst: Instrument) -> bool:
    """Whether the total is the plain sum of numeric items: no special codes, letters or skips."""
    rule = inst.rule
    return (
        rule.kind == "sum"
        and len(rule.domains) == 1
        and rule.domains[0].combine == "sum"
        and rule.domains[0].weight == 1
        and sorted(rule.domains[0].items) == list(range(1, len(inst.items) + 1))
        and not inst.skip_rules
        and not any(item.codes or item.options for item in inst.items)
    )


def _item_fields(inst: Instrument) -> list[DictionaryField]:
    fields = []
    for item in inst.items:
        allowed = inst.licence.item_text_allowed and item.text is not None
        label = item.text if allowed and item.text is not None else f"{item.number}. {item.label}"
        points = [str(v) for v in range(item.low, item.high + 1)]
        choices = [(p, p) for p in points]
        choices += [(str(c.value), f"{c.value} = {c.meaning}") for c in item.codes]
        choices += [(o, o) for o in item.options if o not in points]
        fields.append(
            DictionaryField(
                name=f"{inst.id}_{item.number}",
                form=inst.id,
                field_type="radio",
                label=label,
                choices=tuple(sorted(choices, key=lambda c: (len(c[0]), c[0]))),
                required=True,
            )
        )
    return fields


def build_dictionary(
    instruments: Sequence[Instrument | str], *, record_id: str = "record_id"
) -> DataDictionary:
    """A data dictionary with one form per instrument (see the module docs).

    The record id field comes first, on the first instrument's form (REDCap wants the
    record id as the first field of the first form). An instrument whose total is a
    plain sum of its items gets a ``<id>_total`` calc field written with ``+``, which
    REDCap leaves blank while any item is blank (unlike ``sum()``, which skips
    blanks: clinical reference §8) [1]; the others get none, as their totals
    (QIDS-SR16 domain maxima, special codes, BDI-II lettered options) are ketacore's
    to compute.

    Raises:
        RedcapError: ``instruments`` is empty or names an instrument twice.
        UnknownInstrumentError: An id is unknown.
    """
    chosen = [resolve(i, error=RedcapError) for i in instruments]
    if not chosen or len({i.id for i in chosen}) != len(chosen):
        raise RedcapError(
            field="instruments",
            value=[i.id for i in chosen],
            expected="one or more different instruments",
            fix="name each instrument once, e.g. ['phq9', 'madrs']",
        )
    fields = [DictionaryField(record_id, chosen[0].id, "text", "Record ID")]
    for inst in chosen:
        items = _item_fields(inst)
        fields.extend(items)
        if _plain_sum(inst):
            equation = " + ".join(f"[{f.name}]" for f in items)
            fields.append(
                DictionaryField(
                    f"{inst.id}_total",
                    inst.id,
                    "calc",
                    f"{inst.short_name} total",
                    calculation=equation,
                )
            )
    return DataDictionary(tuple(fields), (), "<ketacore>")


def _safe(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def dictionary_csv(dictionary: DataDictionary) -> str:
    """The dictionary as REDCap's 18-column CSV text, ready to upload.

    A cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets
    a ``'`` in front, so a spreadsheet shows it as text rather than evaluating it.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for f in dictionary.fields:
        writer.writerow([_safe(cell) for cell in f.to_row()])
    return buffer.getvalue()


def write_dictionary(
    instruments: Sequence[Instrument | str], *, record_id: str = "record_id"
) -> str:
    """The CSV text of :func:`build_dictionary`, to upload on REDCap's Data Dictionary page.

    >>> rows = write_dictionary(["phq9"]).splitlines()
    >>> rows[2].split(",")[:5]
    ['phq9_1', 'phq9', '', 'radio', 'Little interest or pleasure in doing things']
    >>> rows[-1]
    'phq9_total,phq9,,calc,PHQ-9 total,[phq9_1] + [phq9_2] + ... + [phq9_9],,,,,,,,,,,,'

    """
    return dictionary_csv(build_dictionary(instruments, record_id=record_id))


def example_path(name: Literal["dictionary", "records"]) -> Path:
    """The path of a bundled example file (SYNTHETIC data): ``"dictionary"`` or ``"records"``.

    The project has an enrolment form with a checkbox field, a PHQ-9 form whose
    ``phq9_total`` is ``sum([phq9_1],...)``, and a repeating MADRS form, over two
    events.

    Raises:
        RedcapError: ``name`` is not one of :data:`EXAMPLES`.
    """
    if name not in EXAMPLES:
        raise RedcapError(field="name", value=name, expected="'dictionary' or 'records'")
    return Path(str(files("ketacore.redcap").joinpath("data", f"example_{name}.csv")))
