"""A REDCap records export (CSV or the API's flat JSON), every value kept as text.

REDCap's export layout (clinical reference §9.3): one row per record, and per
event in a longitudinal project (``redcap_event_name``) and per instance of a
repeating instrument (``redcap_repeat_instrument``, ``redcap_repeat_instance``);
a checkbox field becomes one column per choice, ``field___code``
(redcapAPI's ``exportFieldNames``: "the field name appended with
``___[choice_value]``",
https://rdocumentation.org/packages/redcapAPI/versions/2.5.0/topics/exportFieldNames);
each form has a ``<form>_complete`` status, 0 / 1 / 2 (incomplete / unverified /
complete). A "label" export writes choice labels instead of codes, and
``Checked`` / ``Unchecked`` (or the choice label) in checkbox columns.
"""

from __future__ import annotations

import enum
import os
import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Final, Literal

import attrs
from attrs import field, frozen

from ketacore._text import shown
from ketacore.exceptions import RedcapError
from ketacore.redcap._csv import csv_rows, json_rows, read_text
from ketacore.redcap._dictionary import DataDictionary, DictionaryField
from ketacore.redcap._problems import RowProblem

__all__ = [
    "EVENT_COLUMN",
    "REPEAT_INSTANCE_COLUMN",
    "REPEAT_INSTRUMENT_COLUMN",
    "ExportKind",
    "FormStatus",
    "RecordRow",
    "RecordsExport",
    "checked",
    "decode_choice",
    "form_key",
]

EVENT_COLUMN: Final = "redcap_event_name"
REPEAT_INSTRUMENT_COLUMN: Final = "redcap_repeat_instrument"
REPEAT_INSTANCE_COLUMN: Final = "redcap_repeat_instance"

ExportKind = Literal["raw", "label", "auto"]
"""How choice cells are written: codes (``"raw"``), labels, or either (``"auto"``)."""

_INSTANCE = re.compile(r"[1-9][0-9]{0,8}")


class FormStatus(enum.IntEnum):
    """A form's ``<form>_complete`` status in a records export."""

    INCOMPLETE = 0
    UNVERIFIED = 1
    COMPLETE = 2

    @classmethod
    def parse(cls, text: str, *, field: str = "complete") -> FormStatus | None:
        """Read a status cell: ``"0"``/``"1"``/``"2"`` or a label export's word; blank is ``None``.

        Raises:
            RedcapError: Any other text.
        """
        cleaned = text.strip()
        if not cleaned:
            return None
        found = _STATUSES.get(cleaned.lower())
        if found is not None:
            return found
        raise RedcapError(
            field=field,
            value=cleaned,
            expected="0, 1 or 2 (Incomplete, Unverified, Complete)",
            fix="export the form status column as REDCap writes it",
        )


_STATUSES: Final = MappingProxyType(
    {key: status for status in FormStatus for key in (str(status.value), status.name.lower())}
)


def form_key(name: str) -> str:
    """A form name or label without case, spaces or punctuation: ``"PHQ-9"`` -> ``"phq9"``.

    A label export names a repeating instrument by its label; REDCap derives a form's
    name from its label, so the two agree under this key.
    """
    return "".join(c for c in name.lower() if c.isalnum())


@frozen
class RecordRow:
    """One row of a records export: a record, at one event and instance.

    Attributes:
        record: The record id, as text (``"001"`` stays ``"001"``). Left out of ``repr``.
        event: The unique event name (``"baseline_arm_1"``), or ``None`` in a
            classic project.
        repeat_instrument: The repeating instrument of this row, or ``None``.
        repeat_instance: The repeat instance (1, 2, ...), or ``None``.
        values: Column name to cell text, for the non-blank cells only.
        line: The 1-based file line (or JSON position) of the row.
    """

    record: str = field(repr=False)
    event: str | None
    repeat_instrument: str | None
    repeat_instance: int | None
    values: Mapping[str, str] = field(repr=False, hash=False)  # read-only; hash on the key
    line: int = field(eq=False)

    @property
    def key(self) -> tuple[str, str | None, str | None, int | None]:
        """``(record, event, repeat_instrument, repeat_instance)``: unique within an export."""
        return (self.record, self.event, self.repeat_instrument, self.repeat_instance)

    def get(self, column: str) -> str | None:
        """The text of ``column`` in this row, or ``None`` if it is blank or absent."""
        return self.values.get(column)

    def holds(self, form: str) -> bool:
        """Whether this row can hold ``form``'s data: a plain row or an instance of the form."""
        return self.repeat_instrument is None or form_key(self.repeat_instrument) == form_key(form)

    def status(self, form: str) -> FormStatus | None:
        """The form's ``<form>_complete`` status in this row, or ``None`` if blank.

        Raises:
            RedcapError: The status cell is not 0, 1 or 2 (or their labels).
        """
        column = f"{form}_complete"
        return FormStatus.parse(self.values.get(column, ""), field=column)


def decode_choice(field: DictionaryField, text: str, *, export: ExportKind = "auto") -> str:
    """The choice code that ``text`` records for a radio, dropdown, yesno or truefalse field.

    With ``export="auto"`` a cell that is a code is taken as the code, else as a label.

    >>> from ketacore.redcap import DictionaryField
    >>> f = DictionaryField(
    ...     "phq9_1", "phq9", "radio", choices=(("0", "Not at all"), ("1", "Several days"))
    ... )
    >>> decode_choice(f, "1"), decode_choice(f, "Several days")
    ('1', '1')

    Raises:
        RedcapError: ``text`` is no code (or label) of the field.
    """
    cleaned = text.strip()
    if export != "label" and cleaned in field.codes:
        return cleaned
    if export != "raw":
        for code, label in field.choices:
            if cleaned == label:
                return code
    described = ", ".join(f"{c} = {shown(label, 20)}" for c, label in field.choices[:12])
    kind = {"raw": "code", "label": "label", "auto": "code or label"}[export]
    raise RedcapError(
        field=field.name,
        value=cleaned,
        expected=f"a choice {kind} of the field ({described})",
        fix="correct the value in REDCap, or the field's choices in the dictionary",
    )


_CHECKED: Final = MappingProxyType({"1": True, "0": False, "checked": True, "unchecked": False})


def checked(field: DictionaryField, row: RecordRow) -> frozenset[str]:
    """The codes checked in a checkbox field's ``field___code`` columns of ``row``.

    Raw exports write ``1`` / ``0``; label exports ``Checked`` / ``Unchecked``, or the
    choice label and a blank cell when checkbox labels are exported.

    Raises:
        RedcapError: ``field`` is not a checkbox field, or a cell is none of those.
    """
    if field.field_type != "checkbox":
        raise RedcapError(
            field=field.name,
            value=field.field_type,
            expected="a checkbox field",
            fix="read radio and dropdown fields with decode_choice",
        )
    out: set[str] = set()
    for code, label in field.choices:
        column = f"{field.name}___{code.lower()}"
        text = row.values.get(column)
        if text is None:
            continue
        state = _CHECKED.get(text.strip().lower())
        if state is None and text.strip() == label:
            state = True
        if state is None:
            raise RedcapError(
                field=column,
                value=text,
                expected="1 or 0 (Checked or Unchecked, or the choice label)",
                fix="export the checkbox columns as REDCap writes them",
            )
        if state:
            out.add(code)
    return frozenset(out)


@frozen
class RecordsExport:
    """A REDCap records export: rows of text cells, and the rows that were left out.

    Read one with :meth:`read` (a CSV file with REDCap's variable names as headers),
    :meth:`from_text` or :meth:`from_json` (the API's ``type=flat`` JSON). The record
    id column is ``record_field`` (the dictionary's first field, else the first
    column). A row without a record id, with a bad repeat instance, or repeating the
    record, event and instance of an earlier row is left out and listed in
    :attr:`problems`; the other rows are kept.

    Attributes:
        columns: The column names, in file order.
        rows: The rows kept, in file order.
        problems: The rows left out, and why (never quoting a record id).
        record_field: The record id column.
        source: The file read, or ``"<text>"`` / ``"<json>"``.
    """

    columns: tuple[str, ...]
    rows: tuple[RecordRow, ...]
    problems: tuple[RowProblem, ...] = ()
    record_field: str = "record_id"
    source: str = "<text>"

    @classmethod
    def read(
        cls, path: str | os.PathLike[str], *, dictionary: DataDictionary | None = None
    ) -> RecordsExport:
        """Read a records export CSV file.

        Args:
            path: The file, as exported with "raw" or "label" values and the variable
                names as column headers; a name ending in ``.json`` is read as the API's
                flat JSON (:meth:`from_json`).
            dictionary: The project's dictionary; its first field names the record id
                column (default: the file's first column).

        Raises:
            RedcapError: The file cannot be read, is not CSV, or has no record id column.
        """
        name = os.fspath(path)
        text = read_text(name, "records")
        if name.lower().endswith(".json"):
            return attrs.evolve(cls.from_json(text, dictionary=dictionary), source=name)
        return cls.from_text(text, dictionary=dictionary, source=name)

    @classmethod
    def from_text(
        cls, text: str, *, dictionary: DataDictionary | None = None, source: str = "<text>"
    ) -> RecordsExport:
        """Read a records export from CSV text (see :meth:`read`)."""
        header, rows, problems = csv_rows(text, "records")
        table = [(line, dict(zip(header, cells, strict=True))) for line, cells in rows]
        return cls._build(header, table, problems, dictionary, source)

    @classmethod
    def from_json(
        cls, data: str | bytes | Sequence[object], *, dictionary: DataDictionary | None = None
    ) -> RecordsExport:
        """Read the API's flat JSON records export (a list of objects of text values).

        Numbers are read as their text; nested values make the row a problem.

        Raises:
            RedcapError: The data is not a JSON list, or has no record id column.
        """
        objects = json_rows(data, "records")
        columns: dict[str, None] = {}
        table: list[tuple[int, dict[str, str]]] = []
        problems: list[RowProblem] = []
        for line, item in enumerate(objects, start=1):
            if not isinstance(item, dict) or not all(
                isinstance(v, str | int | float) and not isinstance(v, bool) for v in item.values()
            ):
                reason = "not an object of text values; export the records with type=flat"
                problems.append(RowProblem(line, None, reason))
                continue
            cells = {str(k): str(v) for k, v in item.items()}
            columns.update(dict.fromkeys(cells))
            table.append((line, cells))
        return cls._build(tuple(columns), table, problems, dictionary, "<json>")

    @classmethod
    def _build(
        cls,
        columns: tuple[str, ...],
        table: Sequence[tuple[int, Mapping[str, str]]],
        problems: list[RowProblem],
        dictionary: DataDictionary | None,
        source: str,
    ) -> RecordsExport:
        record_field = dictionary.record_id if dictionary is not None else None
        if record_field is None:
            record_field = columns[0] if columns else "record_id"
        if record_field not in columns and (table or columns):
            raise RedcapError(
                f"records: no column {record_field!r} (the record id field); export the "
                "records with the variable names as column headers (not the field labels)"
            )
        rows: list[RecordRow] = []
        seen: dict[tuple[str, str | None, str | None, int | None], int] = {}
        for line, cells in table:
            values = {k: v.strip() for k, v in cells.items() if v.strip()}
            record = values.get(record_field)
            if record is None:
                problems.append(RowProblem(line, record_field, "no record id; fill it in"))
                continue
            instance_text = values.get(REPEAT_INSTANCE_COLUMN)
            instance = None
            if instance_text is not None:
                if not _INSTANCE.fullmatch(instance_text):
                    problems.append(
                        RowProblem(
                            line,
                            REPEAT_INSTANCE_COLUMN,
                            f"got {shown(instance_text)}; expected a whole number from 1",
                        )
                    )
                    continue
                instance = int(instance_text)
            row = RecordRow(
                record,
                values.get(EVENT_COLUMN),
                values.get(REPEAT_INSTRUMENT_COLUMN),
                instance,
                MappingProxyType(values),
                line,
            )
            first = seen.setdefault(row.key, line)
            if first != line:
                problems.append(
                    RowProblem(
                        line,
                        record_field,
                        f"the same record, event and instance as line {first}; "
                        "a record is exported once per event and instance: remove the duplicate",
                    )
                )
                continue
            rows.append(row)
        problems.sort(key=lambda p: p.line)
        return cls(columns, tuple(rows), tuple(problems), record_field, source)

    @property
    def events(self) -> tuple[str, ...]:
        """The event names, in order of first appearance (``()`` in a classic project)."""
        return tuple(dict.fromkeys(r.event for r in self.rows if r.event is not None))
