"""Finding the fields of a REDCap project that form a ketacore instrument.

A form is found in two ways, both checked against the instrument's items:

1. by field names, with the rules of :mod:`ketacore.tables` (``phq9_1`` … ``phq9_9``,
   ``PHQ9_item01``; see :func:`ketacore.tables.item_columns`);
2. by form name: a form called after an instrument (``phq9``, ``qids_sr16``) whose
   scorable fields, in dictionary order, are as many as the instrument's items.

Each item field must be able to record exactly the item's scale: a radio or
dropdown field whose integer codes are the item's points (and its special codes,
lettered options), or a text field validated as an integer. A field that cannot
(PHQ-9 choices coded 1–4) is reported, naming the field and its dictionary line.
The instrument's total is the ``calc`` field whose equation refers to every item
field and to nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final

from attrs import field, frozen

from ketacore.exceptions import RedcapError, UnknownInstrumentError
from ketacore.instruments import CATALOGUE, Instrument, Item, Value
from ketacore.instruments._catalogue import get, resolve
from ketacore.redcap._dictionary import CHOICE_TYPES, DataDictionary, DictionaryField
from ketacore.redcap._problems import RowProblem
from ketacore.redcap._records import ExportKind, RecordRow, decode_choice

__all__ = ["FoundForms", "InstrumentForm", "calc_references", "find_forms"]

_INTEGER: Final = re.compile(r"[+-]?[0-9]{1,9}")
_REFERENCE: Final = re.compile(r"\[([A-Za-z][A-Za-z0-9_]{0,99})(?:\([^)\]]{0,100}\))?\]")
_SCORABLE: Final = frozenset({*CHOICE_TYPES - {"checkbox"}, "yesno", "truefalse", "text"})
_TEXT_VALIDATIONS: Final = frozenset({"integer", "int", "number"})


def calc_references(equation: str) -> frozenset[str]:
    """The field names a calc equation refers to: ``"sum([a],[b])"`` -> ``{"a", "b"}``.

    Event names in ``[event][field]`` are included; the caller keeps only the names
    that are fields. A checkbox reference ``[field(code)]`` counts as ``field``.
    """
    return frozenset(_REFERENCE.findall(equation))


_EXPORT_KINDS: Final = ("raw", "label", "auto")
_UNKNOWN: Final[Any] = object()


def _decoder(item: Item, f: DictionaryField, kind: str) -> Mapping[str, Value]:
    """The cells of ``f`` that record a value of ``item``, and the value each records."""
    table: dict[str, Value] = {}
    pairs: list[tuple[str, str]] = []
    if f.field_type != "text":
        if kind != "raw":
            pairs += [(label, code) for code, label in f.choices]
        if kind != "label":
            pairs += [(code, code) for code, _ in f.choices]  # after labels: codes win
    for text, code in pairs:
        if _INTEGER.fullmatch(code) and int(code) in item.allowed:
            table[text] = int(code)
        elif code in item.options:
            table[text] = code
    return MappingProxyType(table)


def _holds_a_number(f: DictionaryField) -> bool:
    """Whether ``f`` is a single-choice field or a text field validated as a number."""
    if f.field_type == "text":
        return (f.validation or "").lower() in _TEXT_VALIDATIONS
    return f.field_type in _SCORABLE


def _item_problem(inst: Instrument, item: Item, f: DictionaryField) -> str | None:
    """Why ``f`` cannot record ``item``, or ``None`` when it can."""
    name = f"{inst.short_name} item {item.number}"
    if f.field_type not in _SCORABLE:
        return (
            f"a {f.field_type} field cannot hold {name} ({item.describe_range()}); "
            "use a radio, dropdown or integer text field"
        )
    if f.field_type == "text":
        if f.validation is None or f.validation.lower() not in _TEXT_VALIDATIONS:
            return (
                f"a text field validated as {f.validation or 'nothing'} cannot hold {name}; "
                "validate it as an integer, or make it a radio field"
            )
        for bound, wanted, label in ((f.minimum, item.low, "min"), (f.maximum, item.high, "max")):
            if bound is not None and (not _INTEGER.fullmatch(bound) or int(bound) != wanted):
                return (
                    f"validation {label} {bound!r} does not match {name}, scored "
                    f"{item.low}–{item.high}; set it to {wanted}"
                )
        return None
    scale = set(range(item.low, item.high + 1))
    numbers = {int(c) for c in f.codes if _INTEGER.fullmatch(c)}
    letters = {c for c in f.codes if not _INTEGER.fullmatch(c)}
    if not scale <= numbers or not numbers <= item.allowed or not letters <= set(item.options):
        shown_codes = ", ".join(f.codes[:12]) + (" ..." if len(f.codes) > 12 else "")
        return (
            f"choices coded {shown_codes} do not match {name}, which is "
            f"{item.describe_range()}; recode the choices to the item's points"
        )
    return None


@frozen
class InstrumentForm:
    """The fields of a REDCap project that hold one ketacore instrument.

    Attributes:
        instrument: The instrument.
        form: The REDCap form (instrument) name the items are on.
        item_fields: One dictionary field per item, in item order.
        total_field: The calc field that is REDCap's total, or ``None``.
    """

    instrument: Instrument = field(repr=lambda i: i.id)
    form: str
    item_fields: tuple[DictionaryField, ...] = field(repr=False)
    total_field: DictionaryField | None = field(default=None, repr=False)
    # Cell text -> item value, per item and export kind: the one fast path of responses().
    _decoders: Mapping[str, tuple[Mapping[str, Value], ...]] = field(
        init=False, repr=False, eq=False
    )

    def __attrs_post_init__(self) -> None:
        decoders = {
            kind: tuple(
                _decoder(item, f, kind)
                for item, f in zip(self.instrument.items, self.item_fields, strict=False)
            )
            for kind in _EXPORT_KINDS
        }
        object.__setattr__(self, "_decoders", MappingProxyType(decoders))

    @property
    def items(self) -> tuple[str, ...]:
        """The item field names, in item order."""
        return tuple(f.name for f in self.item_fields)

    @property
    def total(self) -> str | None:
        """The total calc field's name, or ``None``."""
        return None if self.total_field is None else self.total_field.name

    @classmethod
    def from_fields(
        cls,
        dictionary: DataDictionary,
        instrument: Instrument | str,
        items: Sequence[str],
        *,
        total: str | None = None,
    ) -> InstrumentForm:
        """Name the fields of ``instrument`` yourself, when :func:`find_forms` cannot find them.

        Raises:
            RedcapError: A field is not in the dictionary, the count is not the
                instrument's item count, or a field cannot record its item's scale.
            UnknownInstrumentError: ``instrument`` is an unknown id.
        """
        inst = resolve(instrument, error=RedcapError)
        if isinstance(items, str) or len(items) != len(inst.items):
            raise RedcapError(
                field="items",
                value=items if isinstance(items, str) else len(items),
                expected=f"{len(inst.items)} field names, one per {inst.short_name} item",
            )
        fields = tuple(dictionary[name] for name in items)
        for item, f in zip(inst.items, fields, strict=True):
            reason = _item_problem(inst, item, f)
            if reason is not None:
                raise RedcapError(f"{f.name}: {reason}", field=f.name, value=f.codes)
        total_field = None if total is None else dictionary[total]
        return cls(inst, fields[0].form, fields, total_field)

    def value(self, row: RecordRow, number: int, *, export: ExportKind = "auto") -> Value:
        """Item ``number``'s value in ``row``: an ``int``, a lettered option, or ``None``.

        Raises:
            RedcapError: The cell is no code or label of the field, or not an integer.
        """
        f = self.item_fields[number - 1]
        text = row.get(f.name)
        if text is None:
            return None
        code = text if f.field_type == "text" else decode_choice(f, text, export=export)
        if _INTEGER.fullmatch(code):
            return int(code)
        if code in self.instrument.items[number - 1].options:
            return code
        raise RedcapError(
            field=f.name,
            value=code,
            expected=self.instrument.items[number - 1].describe_range(),
            fix="correct the value in REDCap",
        )

    def responses(self, row: RecordRow, *, export: ExportKind = "auto") -> list[Value]:
        """Every item's value in ``row``, in item order (see :meth:`value`).

        Raises:
            RedcapError: A cell is no code (or label) of its field, or ``export`` is
                not ``"raw"``, ``"label"`` or ``"auto"``.
        """
        tables = self._decoders.get(export)
        if tables is None:
            raise RedcapError(field="export", value=export, expected="'raw', 'label' or 'auto'")
        cells = row.values
        out: list[Value] = []
        for number, (f, table) in enumerate(zip(self.item_fields, tables, strict=True), start=1):
            text = cells.get(f.name)
            if text is None:
                out.append(None)
                continue
            value = table.get(text, _UNKNOWN)
            out.append(self.value(row, number, export=export) if value is _UNKNOWN else value)
        return out

    def answered(self, row: RecordRow) -> bool:
        """Whether any item field of the form has a value in ``row``."""
        return any(row.get(f.name) is not None for f in self.item_fields)


@frozen
class FoundForms:
    """What :func:`find_forms` found.

    Attributes:
        forms: The instrument forms, in dictionary order.
        problems: Fields that look like an instrument's items but cannot record them
            (wrong choices, a text field without integer validation), with their
            dictionary line; their instrument is left out.
    """

    forms: tuple[InstrumentForm, ...]
    problems: tuple[RowProblem, ...] = ()


def _total_field(
    dictionary: DataDictionary, items: Sequence[DictionaryField]
) -> DictionaryField | None:
    names = {f.name for f in items}
    for f in dictionary.fields:
        if f.field_type == "calc" and f.calculation is not None:
            refs = {r for r in calc_references(f.calculation) if r in dictionary}
            if refs == names:
                return f
    return None


def _by_names(dictionary: DataDictionary, inst: Instrument) -> tuple[DictionaryField, ...] | None:
    from ketacore.batch._columns import find_columns
    from ketacore.exceptions import BatchError

    names = [f.name for f in dictionary.fields if f.field_type != "calc"]
    try:
        columns, _coding = find_columns(inst, names)
    except BatchError:
        return None
    return tuple(dictionary[c] for c in columns)


def _by_form_name(
    dictionary: DataDictionary, form: str
) -> tuple[Instrument, tuple[DictionaryField, ...]] | None:
    try:
        inst = get(form)
    except UnknownInstrumentError:
        return None
    scorable = tuple(f for f in dictionary.form_fields(form) if _holds_a_number(f))
    if len(scorable) != len(inst.items):
        return None
    return inst, scorable


def find_forms(
    dictionary: DataDictionary, instruments: Sequence[Instrument | str] | None = None
) -> FoundForms:
    """Find the fields of each ketacore instrument in a data dictionary.

    Args:
        dictionary: The project's dictionary.
        instruments: The instruments to look for (default: the whole catalogue).

    Returns:
        A :class:`FoundForms`: the forms found, and the fields that look like an
        instrument's items but cannot record them.

    Raises:
        UnknownInstrumentError: An id in ``instruments`` is unknown.
    """
    wanted = (
        list(CATALOGUE.values())
        if instruments is None
        else [resolve(i, error=RedcapError) for i in instruments]
    )
    candidates: list[tuple[Instrument, tuple[DictionaryField, ...]]] = []
    for inst in wanted:
        fields = _by_names(dictionary, inst)
        if fields is not None:
            candidates.append((inst, fields))
    taken = {f.name for _, fields in candidates for f in fields}
    for form in dictionary.forms:
        found = _by_form_name(dictionary, form)
        if found is None or found[0] not in wanted or found[0] in (c[0] for c in candidates):
            continue
        if not taken.isdisjoint(f.name for f in found[1]):
            continue
        candidates.append(found)
    forms: list[InstrumentForm] = []
    problems: list[RowProblem] = []
    for inst, fields in candidates:
        bad = [
            (f, reason)
            for item, f in zip(inst.items, fields, strict=True)
            if (reason := _item_problem(inst, item, f)) is not None
        ]
        if bad:
            problems.extend(
                RowProblem(f.line, f.name, f"{reason}; {inst.short_name} is not scored")
                for f, reason in bad
            )
            continue
        forms.append(InstrumentForm(inst, fields[0].form, fields, _total_field(dictionary, fields)))
    order = {f.name: i for i, f in enumerate(dictionary.fields)}
    forms.sort(key=lambda form: order[form.item_fields[0].name])
    problems.sort(key=lambda p: p.line)
    return FoundForms(tuple(forms), tuple(problems))
