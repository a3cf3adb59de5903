"""REDCap projects: read a data dictionary and a records export, score, audit, write.

The CSV path needs only the standard library; :func:`pull_project` pulls a
project through the REDCap API with PyCap (``pip install 'ketacore[redcap]'``).
Every value is read as text and decoded through the data dictionary: choice
codes (or a label export's labels), ``field___code`` checkbox columns,
``<form>_complete`` status, events and repeat instances. Scores come from the
instruments' own rules.

>>> from ketacore.redcap import DataDictionary, RecordsExport, score_records
>>> dictionary = DataDictionary.from_text(
...     "Variable / Field Name,Form Name,Field Type,Field Label,"
...     "\\"Choices, Calculations, OR Slider Labels\\"\\n"
...     "record_id,gad7,text,Record ID,\\n"
...     + "".join(f"gad7_{n},gad7,radio,item {n},\\"0, 0 | 1, 1 | 2, 2 | 3, 3\\"\\n"
...               for n in range(1, 8))
... )
>>> records = RecordsExport.from_text(
...     "record_id," + ",".join(f"gad7_{n}" for n in range(1, 8)) + "\\n001,1,1,1,1,1,1,2\\n"
... )
>>> [(s.record, s.total) for s in score_records(dictionary, records).scores]
[('001', 8)]
"""

from __future__ import annotations

from ketacore.exceptions import RedcapError
from ketacore.redcap._api import Project, pull_project
from ketacore.redcap._dictionary import (
    API_KEYS,
    FIELD_TYPES,
    HEADER,
    DataDictionary,
    DictionaryField,
    parse_choices,
)
from ketacore.redcap._forms import FoundForms, InstrumentForm, calc_references, find_forms
from ketacore.redcap._problems import RowProblem
from ketacore.redcap._records import (
    EVENT_COLUMN,
    REPEAT_INSTANCE_COLUMN,
    REPEAT_INSTRUMENT_COLUMN,
    ExportKind,
    FormStatus,
    RecordRow,
    RecordsExport,
    checked,
    decode_choice,
)
from ketacore.redcap._score import (
    SCORE_COLUMNS,
    AuditFinding,
    RecordScore,
    ScoredRecords,
    audit,
    score_records,
)
from ketacore.redcap._write import (
    EXAMPLES,
    build_dictionary,
    dictionary_csv,
    example_path,
    write_dictionary,
)

__all__ = [
    "API_KEYS",
    "EVENT_COLUMN",
    "EXAMPLES",
    "FIELD_TYPES",
    "HEADER",
    "REPEAT_INSTANCE_COLUMN",
    "REPEAT_INSTRUMENT_COLUMN",
    "SCORE_COLUMNS",
    "AuditFinding",
    "DataDictionary",
    "DictionaryField",
    "ExportKind",
    "FormStatus",
    "FoundForms",
    "InstrumentForm",
    "Project",
    "RecordRow",
    "RecordScore",
    "RecordsExport",
    "RedcapError",
    "RowProblem",
    "ScoredRecords",
    "audit",
    "build_dictionary",
    "calc_references",
    "checked",
    "decode_choice",
    "dictionary_csv",
    "example_path",
    "find_forms",
    "parse_choices",
    "pull_project",
    "score_records",
    "write_dictionary",
]
