"""The REDCap data dictionary: the 18-column CSV (or the API's metadata JSON) as values.

One row per field. The column names and their order are REDCap's, as listed by
Sage Bionetworks' ``redcapdd`` (``get_dd_cols()``,
https://rdrr.io/github/Sage-Bionetworks/redcapdd/man/get_dd_cols.html) and the
RIOS REDCap converter (https://pythonhosted.org/rios.conversion/redcap.html),
and in the clinical reference §9.3. The API's ``exportMetadata`` names the same
columns in snake case (``field_name`` … ``field_annotation``, as in REDCapCAST's
``redcapcast_meta``,
https://search.r-project.org/CRAN/refmans/REDCapCAST/html/redcapcast_meta.html).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Final

import attrs
from attrs import field, frozen

from ketacore._text import shown
from ketacore.exceptions import RedcapError
from ketacore.redcap._csv import csv_rows, json_rows, read_text
from ketacore.redcap._problems import RowProblem

__all__ = [
    "API_KEYS",
    "CHOICE_TYPES",
    "FIELD_TYPES",
    "HEADER",
    "DataDictionary",
    "DictionaryField",
    "parse_choices",
]

HEADER: Final = (
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices, Calculations, OR Slider Labels",
    "Field Note",
    "Text Validation Type OR Show Slider Number",
    "Text Validation Min",
    "Text Validation Max",
    "Identifier?",
    "Branching Logic (Show field only if...)",
    "Required Field?",
    "Custom Alignment",
    "Question Number (surveys only)",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
)
"""The 18 columns of a REDCap data dictionary CSV, in REDCap's order (see the module docs)."""

API_KEYS: Final = (
    "field_name",
    "form_name",
    "section_header",
    "field_type",
    "field_label",
    "select_choices_or_calculations",
    "field_note",
    "text_validation_type_or_show_slider_number",
    "text_validation_min",
    "text_validation_max",
    "identifier",
    "branching_logic",
    "required_field",
    "custom_alignment",
    "question_number",
    "matrix_group_name",
    "matrix_ranking",
    "field_annotation",
)
"""The same 18 columns as the REDCap API's metadata export names them, in :data:`HEADER` order."""

FIELD_TYPES: Final = frozenset(
    {
        "text",
        "notes",
        "dropdown",
        "radio",
        "checkbox",
        "yesno",
        "truefalse",
        "calc",
        "file",
        "slider",
        "descriptive",
        "sql",
    }
)
"""REDCap's field types (LinkML REDCap schema, ``FieldType``,
https://linkml.io/linkml-redcap/reference/data_dictionary/FieldType/; ``redcapdd``'s
``create_field_type``)."""

CHOICE_TYPES: Final = frozenset({"dropdown", "radio", "checkbox"})
"""Field types whose choices are written ``code, label | code, label``."""

_BUILT_IN_CHOICES: Final = MappingProxyType(
    {
        # Stored as 1/0 (LinkML REDCap schema, FieldType: yesno, truefalse).
        "yesno": (("1", "Yes"), ("0", "No")),
        "truefalse": (("1", "True"), ("0", "False")),
    }
)

_REQUIRED = (0, 1, 3, 4)  # field name, form name, field type, field label
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,99}")
_CODE = re.compile(r"-?[A-Za-z0-9_.]{1,100}")
_MAX_CHOICES = 5_000


def parse_choices(text: str, *, field: str = "choices") -> tuple[tuple[str, str], ...]:
    """Read REDCap choices, ``"0, Not at all | 1, Several days"``, as ``(code, label)`` pairs.

    Each choice is split at its first comma, so a label may contain commas.
    Codes keep their text (``"01"`` is not ``"1"``).

    >>> parse_choices("0, Not at all | 1, Several days")
    (('0', 'Not at all'), ('1', 'Several days'))

    Raises:
        RedcapError: A choice has no comma or no code, a code is not letters, digits,
            ``_`` or ``.`` (with an optional leading ``-``), or a code repeats.
    """
    if not isinstance(text, str) or not text.strip():
        raise RedcapError(
            field=field,
            value=text,
            expected="choices such as '0, Not at all | 1, Several days'",
            fix="write one 'code, label' per choice, separated by '|'",
        )
    parts = text.split("|")
    if len(parts) > _MAX_CHOICES:
        raise RedcapError(
            field=field,
            value=text,
            got=f"{len(parts)} choices",
            expected=f"at most {_MAX_CHOICES} choices",
            fix="use a text field for long lists",
        )
    choices: list[tuple[str, str]] = []
    seen: set[str] = set()
    for part in parts:
        code, comma, label = part.partition(",")
        code = code.strip()
        if not comma or not _CODE.fullmatch(code):
            raise RedcapError(
                field=field,
                value=part.strip(),
                expected="a choice 'code, label' whose code is letters or digits",
                fix="write choices such as '0, Not at all | 1, Several days'",
            )
        if code in seen:
            raise RedcapError(
                field=field,
                value=code,
                got=f"code {shown(code)} twice",
                expected="each choice code once",
                fix="give every choice its own code",
            )
        seen.add(code)
        choices.append((code, label.strip()))
    return tuple(choices)


def _flag(text: str) -> bool:
    return text.strip().lower() in ("y", "yes", "1", "true")


@frozen
class DictionaryField:
    """One field (one row) of a REDCap data dictionary.

    Attributes:
        name: The variable name, e.g. ``"phq9_1"``.
        form: The form (instrument) it is on, e.g. ``"phq9"``.
        field_type: One of :data:`FIELD_TYPES`.
        label: The field label shown on the form.
        choices: ``(code, label)`` pairs of a dropdown, radio or checkbox field, and the
            built-in ``1``/``0`` choices of a yesno or truefalse field; else ``()``.
        calculation: The equation of a calc field (``"sum([phq9_1],...)"``), else ``None``.
        validation: Text validation type (``"integer"``, ``"date_ymd"``), or slider option.
        minimum: Text validation minimum, as written.
        maximum: Text validation maximum, as written.
        section_header: Section header above the field.
        note: Field note.
        identifier: Whether the field is marked as an identifier.
        branching_logic: Show-field-only-if logic.
        required: Whether the field is required.
        alignment: Custom alignment.
        question_number: Question number (surveys only).
        matrix_group: Matrix group name.
        matrix_ranking: Matrix ranking.
        annotation: Field annotation (action tags).
        line: The 1-based line of the dictionary file (or JSON position) it came from.
    """

    name: str
    form: str
    field_type: str
    label: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    calculation: str | None = None
    validation: str | None = None
    minimum: str | None = None
    maximum: str | None = None
    section_header: str = ""
    note: str = ""
    identifier: bool = False
    branching_logic: str = ""
    required: bool = False
    alignment: str = ""
    question_number: str = ""
    matrix_group: str = ""
    matrix_ranking: str = ""
    annotation: str = ""
    line: int = field(default=0, eq=False)

    @property
    def codes(self) -> tuple[str, ...]:
        """The choice codes, in order."""
        return tuple(code for code, _ in self.choices)

    def to_row(self) -> tuple[str, ...]:
        """The field as the 18 cells of a data dictionary row, in :data:`HEADER` order."""
        if self.field_type == "calc":
            third = self.calculation or ""
        elif self.field_type in CHOICE_TYPES:
            third = " | ".join(f"{code}, {label}" for code, label in self.choices)
        else:
            third = ""
        return (
            self.name,
            self.form,
            self.section_header,
            self.field_type,
            self.label,
            third,
            self.note,
            self.validation or "",
            self.minimum or "",
            self.maximum or "",
            "y" if self.identifier else "",
            self.branching_logic,
            "y" if self.required else "",
            self.alignment,
            self.question_number,
            self.matrix_group,
            self.matrix_ranking,
            self.annotation,
        )


def _column_map(header: Sequence[str], what: str) -> list[int | None]:
    """For each canonical column, its position in ``header`` (``None`` if absent)."""
    wanted = {name.lower(): i for i, name in enumerate(HEADER)}
    wanted.update({key: i for i, key in enumerate(API_KEYS)})
    positions: list[int | None] = [None] * len(HEADER)
    for position, name in enumerate(header):
        index = wanted.get(name.strip().lower())
        if index is None:
            if not name.strip():
                continue
            raise RedcapError(
                f"{what}: column {position + 1}, {shown(name)}, is not a data dictionary "
                f"column; expected REDCap's columns {', '.join(repr(h) for h in HEADER[:5])} ...; "
                "download the data dictionary from the project's Data Dictionary page"
            )
        positions[index] = position
    absent = [HEADER[i] for i in _REQUIRED if positions[i] is None]
    if absent:
        raise RedcapError(
            f"{what}: no column {', '.join(repr(a) for a in absent)}; a REDCap data dictionary "
            f"has the columns {', '.join(repr(h) for h in HEADER[:5])} ...; download it from "
            "the project's Data Dictionary page"
        )
    return positions


def _field(cells: Sequence[str], line: int) -> DictionaryField:
    """One dictionary row as a field; raises RedcapError naming the column."""
    name, form, header, kind, label, third, note, validation, low, high = (
        c.strip() for c in cells[:10]
    )
    if not _NAME.fullmatch(name):
        raise RedcapError(
            field=HEADER[0],
            value=name,
            expected="a variable name: a letter, then letters, digits or '_' (at most 100)",
            fix="rename the field in REDCap",
        )
    if not form:
        raise RedcapError(field=HEADER[1], value=form, expected="the form the field is on")
    kind = kind.lower()
    if kind not in FIELD_TYPES:
        raise RedcapError(
            field=HEADER[3],
            value=kind,
            expected=f"one of {', '.join(sorted(FIELD_TYPES))}",
            fix="correct the field type",
        )
    choices: tuple[tuple[str, str], ...] = _BUILT_IN_CHOICES.get(kind, ())
    if kind in CHOICE_TYPES:
        choices = parse_choices(third, field=HEADER[5])
    if kind == "calc" and not third:
        raise RedcapError(field=HEADER[5], value=third, expected="the equation of the calc field")
    return DictionaryField(
        name=name,
        form=form,
        field_type=kind,
        label=label,
        choices=choices,
        calculation=third if kind == "calc" else None,
        validation=validation or None,
        minimum=low or None,
        maximum=high or None,
        section_header=header,
        note=note,
        identifier=_flag(cells[10]),
        branching_logic=cells[11].strip(),
        required=_flag(cells[12]),
        alignment=cells[13].strip(),
        question_number=cells[14].strip(),
        matrix_group=cells[15].strip(),
        matrix_ranking=cells[16].strip(),
        annotation=cells[17].strip(),
        line=line,
    )


@frozen
class DataDictionary:
    """A REDCap project's data dictionary: its fields, and the rows that were left out.

    Read one with :meth:`read` (a CSV file), :meth:`from_text` or :meth:`from_json`
    (the API's metadata). A bad row (an unknown field type, choices that cannot be
    read, a repeated variable name) is left out and listed in :attr:`problems`,
    with its line; the other fields are kept.

    Attributes:
        fields: The fields, in dictionary order (the first is the record id field).
        problems: The rows left out, and why.
        source: The file read, or ``"<text>"`` / ``"<json>"``.
    """

    fields: tuple[DictionaryField, ...]
    problems: tuple[RowProblem, ...] = ()
    source: str = "<text>"
    _by_name: Mapping[str, DictionaryField] = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_name", MappingProxyType({f.name: f for f in self.fields}))

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> DataDictionary:
        """Read a data dictionary CSV file, as downloaded from REDCap.

        A name ending in ``.json`` is read as the API's metadata (:meth:`from_json`).

        Raises:
            RedcapError: The file cannot be read, is not CSV, or lacks the
                ``Variable / Field Name``, ``Form Name``, ``Field Type`` or
                ``Field Label`` column.
        """
        name = os.fspath(path)
        text = read_text(name, "dictionary")
        if name.lower().endswith(".json"):
            return attrs.evolve(cls.from_json(text), source=name)
        return cls.from_text(text, source=name)

    @classmethod
    def from_text(cls, text: str, *, source: str = "<text>") -> DataDictionary:
        """Read a data dictionary from CSV text (see :meth:`read`)."""
        header, rows, problems = csv_rows(text, "dictionary")
        positions = _column_map(header, "dictionary")
        table = [
            (line, tuple("" if p is None else cells[p] for p in positions)) for line, cells in rows
        ]
        return cls._build(table, problems, source)

    @classmethod
    def from_json(cls, data: str | bytes | Sequence[object]) -> DataDictionary:
        """Read the API's metadata export (``content=metadata``, ``format=json``).

        Raises:
            RedcapError: The data is not a JSON list, or its first object lacks the
                ``field_name``, ``form_name``, ``field_type`` or ``field_label`` key.
        """
        objects = json_rows(data, "dictionary")
        table: list[tuple[int, tuple[str, ...]]] = []
        problems: list[RowProblem] = []
        for line, item in enumerate(objects, start=1):
            if not isinstance(item, dict) or not all(
                isinstance(v, str | int | float) and not isinstance(v, bool) for v in item.values()
            ):
                reason = "not an object of text values; export the metadata as JSON again"
                problems.append(RowProblem(line, None, reason))
                continue
            keys = [str(k) for k in item]
            if not table and not problems:
                order = _column_map(keys, "dictionary")  # the first object's keys: raise
            else:
                try:
                    order = _column_map(keys, "dictionary")
                except RedcapError as error:
                    problems.append(RowProblem(line, None, str(error)))
                    continue
            values = [str(v) for v in item.values()]
            table.append((line, tuple("" if p is None else values[p] for p in order)))
        return cls._build(table, problems, "<json>")

    @classmethod
    def _build(
        cls,
        table: Sequence[tuple[int, tuple[str, ...]]],
        problems: list[RowProblem],
        source: str,
    ) -> DataDictionary:
        fields: list[DictionaryField] = []
        seen: dict[str, int] = {}
        for line, cells in table:
            try:
                made = _field(cells, line)
            except RedcapError as error:
                problems.append(RowProblem(line, error.field, str(error)))
                continue
            if made.name in seen:
                problems.append(
                    RowProblem(
                        line,
                        HEADER[0],
                        f"variable {made.name!r} is already defined on line {seen[made.name]}; "
                        "give every field its own name",
                    )
                )
                continue
            seen[made.name] = line
            fields.append(made)
        problems.sort(key=lambda p: p.line)
        return cls(tuple(fields), tuple(problems), source)

    @property
    def record_id(self) -> str | None:
        """The record id field: the first field of the dictionary (``None`` if it is empty)."""
        return self.fields[0].name if self.fields else None

    @property
    def forms(self) -> tuple[str, ...]:
        """The form names, in dictionary order."""
        return tuple(dict.fromkeys(f.form for f in self.fields))

    def form_fields(self, form: str) -> tuple[DictionaryField, ...]:
        """The fields on ``form``, in dictionary order (``()`` for an unknown form)."""
        return tuple(f for f in self.fields if f.form == form)

    def get(self, name: str) -> DictionaryField | None:
        """The field called ``name``, or ``None``."""
        return self._by_name.get(name)

    def __getitem__(self, name: str) -> DictionaryField:
        """The field called ``name``.

        Raises:
            RedcapError: The dictionary has no such field.
        """
        found = self._by_name.get(name)
        if found is None:
            raise RedcapError(
                field="field",
                value=name,
                expected="a variable name of the data dictionary",
                fix=f"use one of its {len(self.fields)} fields, e.g. {self.record_id!r}",
            )
        return found

    def __contains__(self, name: object) -> bool:
        return name in self._by_name
