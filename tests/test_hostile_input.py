"""The standing hostile-input suite: hostile text, JSON, CSV, arrays and concurrent use.

Every case runs through :func:`hostile_helpers.check_hostile`, which enforces one rule:
only ``KetacoreError`` escapes, no call takes more than a set bound, no message
exceeds a set size, no planted identifier appears in a message or a returned
value, and a bad document is refused. The cases reproduce the inputs reported in
issue 15 ("A standing hostile-input suite"); each is a parametrized case, plus
bounded hypothesis runs over every parser and over mutated JSON documents.

The cases assert only the rule, never a message's wording or an exception's
subclass (batch input, documented to raise ``BatchError``, is the exception).
"""

from __future__ import annotations

import contextlib
import copy
import csv
import functools
import io
import json
import math
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

from hostile_helpers import IDENTIFIERS, MAX_MESSAGE, CliResult, Outcome, check_hostile, run_cli
from ketacore._text import MAX_TEXT_LENGTH
from ketacore.batch import BatchScores, score_array
from ketacore.contraindications import RuleClass
from ketacore.courses import Course, Indication, get_protocol
from ketacore.doses import Dose, Drug, FixedDose, Route, WeightBasedDose, parse_dose
from ketacore.instruments import PHQ9, Score, get
from ketacore.patients import (
    ChildPughClass,
    ConsentRecord,
    Diagnosis,
    HeightMeasurement,
    Medication,
    NyhaClass,
    Patient,
    SexAtBirth,
    WeightMeasurement,
)
from ketacore.rems import Answer, MonitoringRecord, SettingKind
from ketacore.serialization import from_json, to_dict, to_json
from ketacore.sessions import (
    AdverseEvent,
    AdverseEventKind,
    DosingSession,
    PreparationSession,
    ScheduledSession,
    Session,
    Severity,
)
from ketacore.tables import parse_cell
from ketacore.testing import (
    example_adverse_event,
    example_consent,
    example_course,
    example_dose,
    example_monitoring_record,
    example_patient,
    example_psychotherapy_session,
    example_scheduled_session,
    example_session,
    example_vitals,
)
from ketacore.units import is_quantity, parse_quantity, parse_quantity_kind, parse_unit, quantity
from ketacore.vitals import VitalSigns, blood_pressure_limit

MRN = IDENTIFIERS[0]  # "MRN-77310042": the identifier planted in patient records
DAY = date(2026, 3, 2)
PATIENT = example_patient(identifier=MRN)

# -- hostile text, for every public parser ------------------------------------------------

HOSTILE_TEXTS: dict[str, str] = {
    "1MB-of-spaces": " " * 1_000_000,
    "amount-8000-spaces-o": "35 mg" + " " * 8000 + "o",
    "unit-8000-spaces-x": "mg" + " " * 8000 + "x",
    "400-digits": "9" * 400 + " mg",
    "mg-per-mg-x1000": "mg" + "/mg" * 1000,
    "fullwidth-digits": "３５ mg",
    "arabic-indic-digits": "٣.٥ mg",
    "math-bold-digit": "𝟓 mg",
    "nul-byte": "35\x00 mg",
    "nul-run": "\x00" * 10_000,
    "lone-surrogate": "35 \ud800mg",
    "rtl-override": "\u202e35 mg",
    "rtl-override-in-unit": "35 \u202egm",
    "expression-sum": "1 mg + 1 g",
    "expression-power": "2**10 mg",
    "expression-10**5000": "10**5000 mg",
}
"""Texts that no parser may accept (issue 15's list)."""

NON_TEXT: dict[str, object] = {"int-10**5000": 10**5000, "bytes": b"35 mg"}
"""Values that are not text at all, given where text is expected."""

TextCall = Callable[[Any], object]

PARSERS: dict[str, TextCall] = {
    "units.parse_quantity": lambda t: parse_quantity(t),
    "units.parse_quantity(kind=mass)": lambda t: parse_quantity(t, kind="mass"),
    "units.parse_quantity_kind": lambda t: parse_quantity_kind(t),
    "units.parse_unit": lambda t: parse_unit(t),
    "units.quantity(35, unit)": lambda t: quantity(35, t),
    "doses.parse_dose": lambda t: parse_dose(t),
    "doses.parse_dose(duration=)": lambda t: parse_dose("35 mg", duration=t),
    "doses.parse_dose(concentration=)": lambda t: parse_dose("35 mg", concentration=t),
    "doses.parse_dose(drug=)": lambda t: parse_dose("35 mg", drug=t),
    "doses.parse_dose(route=)": lambda t: parse_dose("35 mg", route=t),
    "doses.Drug.from_text": lambda t: Drug.from_text(t),
    "doses.Route.from_text": lambda t: Route.from_text(t),
    "patients.WeightMeasurement(weight=)": lambda t: WeightMeasurement(measured_on=DAY, weight=t),
    "patients.HeightMeasurement(height=)": lambda t: HeightMeasurement(measured_on=DAY, height=t),
    "Patient.with_weight": lambda t: PATIENT.with_weight(DAY, t),
    "Patient.with_height": lambda t: PATIENT.with_height(DAY, t),
    "Patient.with_diagnosis": lambda t: PATIENT.with_diagnosis(t),
    "patients.Diagnosis.from_text": lambda t: Diagnosis.from_text(t),
    "patients.SexAtBirth.from_text": lambda t: SexAtBirth.from_text(t),
    "patients.NyhaClass.from_value": lambda t: NyhaClass.from_value(t),
    "patients.ChildPughClass.from_value": lambda t: ChildPughClass.from_value(t),
    "patients.Medication(classes=)": lambda t: Medication(name="x", classes={t}),
    "patients.ConsentRecord(topics=)": lambda t: ConsentRecord(
        signed_on=DAY, form_version="v1", topics={t}
    ),
    "vitals.blood_pressure_limit(limits=)": lambda t: blood_pressure_limit(40, t),
    "instruments.get": lambda t: get(t),
    "instruments.Instrument.band_set": lambda t: PHQ9.band_set(t),
    "courses.get_protocol": lambda t: get_protocol(t),
    "courses.Indication.from_text": lambda t: Indication.from_text(t),
    "sessions.AdverseEventKind.from_text": lambda t: AdverseEventKind.from_text(t),
    "sessions.Severity.from_text": lambda t: Severity.from_text(t),
    "contraindications.RuleClass.from_text": lambda t: RuleClass.from_text(t),
    "sessions.DosingSession(device_lots=)": lambda t: example_session(
        drug="esketamine", device_lots=[t]
    ),
    "rems.Answer.from_text": lambda t: Answer.from_text(t),
    "rems.SettingKind.from_text": lambda t: SettingKind.from_text(t),
}
"""Every public function that reads clinician text, with the text bound last."""

CELL_READERS: dict[str, TextCall] = {"tables.parse_cell": lambda t: parse_cell(t)}
"""Readers that may accept any text (a CSV cell is text when it is not a number)."""


def _accepted_text_keeps_the_rule(parser: str, text: str, outcome: Outcome) -> None:
    """What a parser may accept: short text with ASCII digits, as a finite quantity."""
    assert len(text) <= MAX_TEXT_LENGTH, f"{parser} accepted {len(text)} characters"
    assert not any(c.isdigit() and not c.isascii() for c in text), (
        f"{parser} accepted non-ASCII digits in {text!r}"
    )
    value = outcome.value
    parts = [value, *(value if isinstance(value, tuple) else ()), getattr(value, "amount", None)]
    for q in filter(is_quantity, parts):
        assert math.isfinite(float(q.magnitude)), f"{parser} returned {q!r} for {text[:40]!r}"


def slow_prone(value: object) -> bool:
    """Whether a call on *value* may hang: long text or a huge integer (run it in a child)."""
    if isinstance(value, str | bytes):
        return len(value) > 1_000
    return isinstance(value, int) and value.bit_length() > 1_000


@pytest.mark.parametrize("text", list(HOSTILE_TEXTS.values()), ids=list(HOSTILE_TEXTS))
@pytest.mark.parametrize("parser", list(PARSERS), ids=list(PARSERS))
def test_hostile_text_is_refused_by_every_parser(parser: str, text: str) -> None:
    call = PARSERS[parser]
    check_hostile(lambda: call(text), refused=True, isolate=slow_prone(text))


@pytest.mark.parametrize("value", list(NON_TEXT.values()), ids=list(NON_TEXT))
@pytest.mark.parametrize("parser", list(PARSERS), ids=list(PARSERS))
def test_non_text_is_refused_by_every_parser(parser: str, value: object) -> None:
    call = PARSERS[parser]
    check_hostile(lambda: call(value), refused=True, isolate=slow_prone(value))


@pytest.mark.parametrize(
    "text",
    [*HOSTILE_TEXTS.values(), "1" * 4301, "-" + "1" * 4301, "1" * 4301 + ".5"],
    ids=[*HOSTILE_TEXTS, "4301-digits", "minus-4301-digits", "4301-digits-point-5"],
)
def test_hostile_text_in_a_csv_cell(text: str) -> None:
    # A cell may be read as text, but nothing else escapes (4,301 digits is over int()'s limit).
    call = CELL_READERS["tables.parse_cell"]
    check_hostile(lambda: call(text), isolate=slow_prone(text))


@pytest.mark.parametrize(
    "value",
    [10**5000, -(10**5000), 10**400, float("nan"), float("inf"), True, "35", Decimal("35")],
    ids=["10**5000", "-10**5000", "10**400", "nan", "inf", "bool", "str", "decimal"],
)
def test_quantity_refuses_values_that_are_not_finite_numbers(value: object) -> None:
    check = functools.partial(quantity, value, "mg")  # type: ignore[arg-type]
    check_hostile(check, refused=True, isolate=slow_prone(value))


def test_a_patient_never_shows_its_identifier_in_text_errors() -> None:
    # The patient's identifier (planted) must stay out of every message of its methods.
    for text in ("70 cm", "-5 kg", "0 kg", "35", "unknown disease"):
        check_hostile(functools.partial(PATIENT.with_weight, DAY, text), refused=True)
        check_hostile(functools.partial(PATIENT.with_diagnosis, text), refused=True)


_TEXT_ALPHABET = st.sampled_from(
    [
        *"0123456789.,+-*/^()= eE",
        *"mgkcuµμlbLhrsinpovat@",
        *("３", "٣", "𝟓", "\x00", "\u202e", "\ud800", "\t", "\n", "\u00a0", "\u2009", "\u2212"),
    ]
)
HOSTILE_STRINGS = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=_TEXT_ALPHABET, max_size=300),
    st.builds(
        lambda number, space, unit: f"{number}{space}{unit}",
        st.one_of(
            st.from_regex(r"[0-9]{1,12}(\.[0-9]{0,3})?", fullmatch=True),
            st.from_regex(r"[0-9]{300,450}(\.[0-9]{0,3})?", fullmatch=True),
        ),
        st.text(alphabet=" \t", max_size=3),
        st.sampled_from(["mg", "mg/kg", "kg", "lb", "min", "mL", "mg/mL", "mcg", "", "mg/mg"]),
    ),
)
"""Short hostile text: random text, text over a hostile alphabet, long numbers with units."""

NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)
"""Hypothesis phases without shrinking: a failure is reported as found, in bounded time."""


@settings(max_examples=200, deadline=None, phases=NO_SHRINK)
@given(text=HOSTILE_STRINGS)
def test_hypothesis_text_keeps_the_rule_in_every_parser(text: str) -> None:
    # One drawn text goes to every parser: the run is bounded by examples, not parsers.
    for parser, call in PARSERS.items():
        outcome = check_hostile(functools.partial(call, text), isolate=False, label=parser)
        if outcome.returned:
            _accepted_text_keeps_the_rule(parser, text, outcome)
    for parser, call in CELL_READERS.items():
        check_hostile(functools.partial(call, text), isolate=False, label=parser)


# -- hostile JSON, for every top-level type ------------------------------------------------


def _score_13() -> Any:
    return PHQ9.score([2, 2, 2, 2, 1, 1, 2, 1, 0])  # total 13


DOCUMENTS: dict[str, tuple[Any, Any]] = {
    "Dose": (Dose, example_dose()),
    "FixedDose": (FixedDose, example_dose("35 mg")),
    "WeightBasedDose": (WeightBasedDose, example_dose()),
    "VitalSigns": (VitalSigns, example_vitals()),
    "WeightMeasurement": (WeightMeasurement, WeightMeasurement(measured_on=DAY, weight="82 kg")),
    "ConsentRecord": (ConsentRecord, example_consent()),
    "Patient": (Patient, PATIENT),
    "Score": (Score, _score_13()),
    "AdverseEvent": (AdverseEvent, example_adverse_event()),
    "Session": (Session, example_session()),
    "DosingSession": (DosingSession, example_session()),
    "ScheduledSession": (ScheduledSession, example_scheduled_session()),
    "PreparationSession": (PreparationSession, example_psychotherapy_session()),
    "Course": (Course, example_course(patient=PATIENT)),
    "MonitoringRecord": (MonitoringRecord, example_monitoring_record()),
}
"""A valid value of every top-level type ``ketacore.serialization`` reads, as read."""

BIG = 20_000_000  # a 20 MB document


def _text(name: str) -> str:
    cls, value = DOCUMENTS[name]
    return to_json(value, cls)


def _with_data_value(name: str, key: str, raw: str) -> str:
    """The valid document with ``data[key]`` set to the raw JSON text *raw*."""
    document = to_dict(DOCUMENTS[name][1], DOCUMENTS[name][0])
    document["data"][key] = "@@HOSTILE@@"
    return json.dumps(document).replace('"@@HOSTILE@@"', raw, 1)


def _inserted(name: str, key: str, raw: str) -> str:
    """The valid document with an unknown key *key* (raw JSON value *raw*) first in its data."""
    return _text(name).replace('"data": {', f'"data": {{"{key}": {raw}, ', 1)


def _first_key(name: str) -> str:
    data: dict[str, Any] = to_dict(DOCUMENTS[name][1], DOCUMENTS[name][0])["data"]
    return next(iter(data))


def _nan_in_data(name: str, constant: str) -> str | None:
    text = _text(name)
    start = text.index('"data"')
    found = re.compile(r'(?<=": )-?\d+(?:\.\d+)?').search(text, start)
    return None if found is None else text[: found.start()] + constant + text[found.end() :]


def _nested(depth: int) -> str:
    return '{"a": ' * depth + "1" + "}" * depth


def _replaced(old: str, new: str) -> Callable[[str], str]:
    return lambda name: _text(name).replace(old, new, 1)


def _encoded(old: bytes, new: bytes) -> Callable[[str], bytes]:
    return lambda name: _text(name).encode().replace(old, new, 1)


def _nan(constant: str) -> Callable[[str], str]:
    return lambda name: _nan_in_data(name, constant) or ""


GENERIC_JSON: dict[str, Callable[[str], str | bytes]] = {
    "nesting-1000-document": lambda name: "[" * 1000 + "]" * 1000,
    "nesting-100000-document": lambda name: "[" * 100_000 + "]" * 100_000,
    "nesting-1000-in-data": lambda name: _with_data_value(name, _first_key(name), _nested(1000)),
    "20MB-value-under-unknown-key": lambda name: _inserted(
        name, "hostile_padding", f'"{"x" * BIG}"'
    ),
    "20MB-unknown-key": lambda name: _inserted(name, "x" * BIG, "1"),
    "duplicate-schema_version": _replaced(
        '{"schema_version": 1', '{"schema_version": 99, "schema_version": 1'
    ),
    "duplicate-type": _replaced('"type": ', '"type": "Nothing", "type": '),
    "duplicate-first-data-key": lambda name: _text(name).replace(
        '"data": {', f'"data": {{"{_first_key(name)}": null, ', 1
    ),
    "NaN-schema_version": _replaced('"schema_version": 1', '"schema_version": NaN'),
    "5000-digit-schema_version": _replaced(
        '"schema_version": 1', '"schema_version": 1' + "0" * 5000
    ),
    "lone-surrogate-type": _replaced('"type": "', '"type": "\\ud800'),
    "invalid-utf8-bytes": _encoded(b'"data"', b'"d\xffata"'),
    "utf8-encoded-surrogate-bytes": _encoded(b'"data"', b'"d\xed\xa0\x80"'),
    "NaN-in-data": _nan("NaN"),
    "Infinity-in-data": _nan("Infinity"),
    "-Infinity-in-data": _nan("-Infinity"),
}
"""Bad documents made from the valid document of a type (built when the case runs)."""


def _json_cases() -> list[Any]:
    return [
        pytest.param(name, case, form, id=f"{name}-{case}{'-as-bytes' if form else ''}")
        for name in DOCUMENTS
        for case in GENERIC_JSON
        for form in (False, True)
        if not (form and ("20MB" in case or "bytes" in case))
        and not (case.endswith("-in-data") and _nan_in_data(name, "NaN") is None)
    ]


@pytest.mark.parametrize(("name"), list(DOCUMENTS))
def test_the_valid_documents_are_read(name: str) -> None:
    # The control: each hostile document below is a small change to one of these.
    cls, value = DOCUMENTS[name]
    assert from_json(_text(name), cls) == value
    assert from_json(_text(name).encode(), cls) == value


@pytest.mark.parametrize(("name", "case", "as_bytes"), _json_cases())
def test_hostile_json_is_refused(name: str, case: str, as_bytes: bool) -> None:
    document = GENERIC_JSON[case](name)
    if as_bytes and isinstance(document, str):
        document = document.encode()
    cls = DOCUMENTS[name][0]
    seconds = 2.0 if "20MB" in case else 1.0
    isolate = len(document) > 100_000 or "nesting" in case  # may hang, or overflow the stack
    check_hostile(lambda: from_json(document, cls), refused=True, seconds=seconds, isolate=isolate)


def _score_text(total: str, *, values: list[int] | None = None) -> str:
    document = to_dict(_score_13())
    if values is not None:
        document["data"]["values"] = values
    return json.dumps(document).replace('"total": 13', f'"total": {total}', 1)


def _dose_with_kind(kind: str, type_name: str) -> str:
    document = to_dict(example_dose("35 mg" if kind == "weight_based" else "0.5 mg/kg"))
    document["type"] = type_name
    document["data"]["kind"] = kind
    return json.dumps(document)


def _identifier(raw: str, *, course: bool = False) -> Callable[[], str]:
    old = f'"identifier": "{MRN}"'
    return lambda: _text("Course" if course else "Patient").replace(old, f'"identifier": {raw}', 1)


def _bad_diagnoses(count: int) -> str:
    raw = json.dumps([f"not-a-diagnosis-{n}" for n in range(count)])
    return _text("Patient").replace('"diagnoses": ["depression"]', f'"diagnoses": {raw}', 1)


_ONE = [1, 0, 0, 0, 0, 0, 0, 0, 0]
_TWO_AMOUNTS = '"amount": {"value": 5000.0, "unit": "mg"}, "amount": {'

SPECIFIC_JSON: dict[str, tuple[Any, Callable[[], str]]] = {
    "Score-total-13.0": (Score, lambda: _score_text("13.0")),
    "Score-total-true": (Score, lambda: _score_text("true", values=_ONE)),
    "Score-total-1.0-for-1": (Score, lambda: _score_text("1.0", values=_ONE)),
    "Score-total-string": (Score, lambda: _score_text('"13"')),
    "Score-total-twice": (Score, lambda: _score_text('12, "total": 13')),
    "Score-values-twice": (
        Score,
        lambda: _text("Score").replace(
            '"values": ', '"values": [3, 3, 3, 3, 3, 3, 3, 3, 3], "values": ', 1
        ),
    ),
    "Dose-type-FixedDose-kind-weight_based": (
        Dose,
        lambda: _dose_with_kind("weight_based", "FixedDose"),
    ),
    "Dose-type-WeightBasedDose-kind-fixed": (
        Dose,
        lambda: _dose_with_kind("fixed", "WeightBasedDose"),
    ),
    "FixedDose-kind-weight_based": (
        FixedDose,
        lambda: _dose_with_kind("weight_based", "FixedDose"),
    ),
    "WeightBasedDose-kind-fixed": (
        WeightBasedDose,
        lambda: _dose_with_kind("fixed", "WeightBasedDose"),
    ),
    "Dose-two-amounts": (Dose, lambda: _text("FixedDose").replace('"amount": {', _TWO_AMOUNTS, 1)),
    "FixedDose-two-amounts": (
        FixedDose,
        lambda: _text("FixedDose").replace('"amount": {', _TWO_AMOUNTS, 1),
    ),
    "Patient-two-identifiers": (Patient, _identifier(f'"{MRN}", "identifier": "PT-0001"')),
    "Patient-two-identifiers-planted-last": (
        Patient,
        _identifier(f'"PT-0001", "identifier": "{MRN}"'),
    ),
    "Patient-identifier-number": (Patient, _identifier("77310042")),
    "Patient-identifier-object": (Patient, _identifier(f'{{"value": "{MRN}"}}')),
    "Patient-identifier-list": (Patient, _identifier(f'["{MRN}"]')),
    "Patient-identifier-spaces": (Patient, _identifier(f'" {MRN} "')),
    "Patient-identifier-name": (Patient, _identifier('{"name": "Jane Roe"}')),
    "Course-patient-identifier-number": (Course, _identifier("77310042", course=True)),
    "Course-patient-identifier-object": (Course, _identifier(f'{{"value": "{MRN}"}}', course=True)),
    "Patient-100000-bad-diagnoses": (Patient, lambda: _bad_diagnoses(100_000)),
}
"""Issue 15's type-specific documents: each is a bad document and must be refused."""


@pytest.mark.parametrize("case", list(SPECIFIC_JSON))
def test_hostile_json_specific_to_a_type_is_refused(case: str) -> None:
    cls, build = SPECIFIC_JSON[case]
    document = build()
    many = "100000" in case
    seconds = 2.0 if many else 1.0  # 100,000 problems: still answered fast
    # A document with many problems lists up to 20 of them (each value quoted in part) and
    # counts the rest: bounded, but longer than one problem's message.
    size = 4 * MAX_MESSAGE if many else MAX_MESSAGE
    for text in (document, document.encode()):
        check_hostile(
            lambda text=text: from_json(text, cls),
            refused=True,
            seconds=seconds,
            max_message=size,
        )


_POOL: list[object] = [
    None,
    True,
    False,
    0,
    -1,
    13.0,
    1e308,
    -0.0,
    2**63,
    10**30,
    float("nan"),
    float("inf"),
    "",
    " ",
    "x" * 300,
    "３５ mg",
    "35 mg\u202e",
    "\x00",
    "NaN",
    "2026-02-30",
    "9999-12-31T23:59:59+14:00",
    "P99999999D",
    [],
    {},
    {"value": 1, "unit": "mg"},
    {"value": "1", "unit": "mg/mg/mg"},
    {"kind": "fixed"},
    [[[[[[[[[[1]]]]]]]]]],
]


def _paths(node: object, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, child in node.items():
            found += _paths(child, (*path, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += _paths(child, (*path, index))
    return found


def _mutate(document: Any, path: tuple[Any, ...], operation: str, value: object) -> Any:
    if not path:
        return value if operation == "replace" else [document]
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    old = parent[last]
    if operation == "replace":
        parent[last] = value
    elif operation == "wrap-in-list":
        parent[last] = [old]
    elif operation == "wrap-in-object":
        parent[last] = {"value": old}
    elif operation == "delete":
        del parent[last]
    elif operation == "duplicate" and isinstance(parent, list):
        parent.insert(last, copy.deepcopy(old))
    elif operation == "duplicate":
        parent[f"{last}_again"] = copy.deepcopy(old)
    return document


@settings(max_examples=200, deadline=None, phases=NO_SHRINK)
@given(data=st.data())
def test_hypothesis_mutated_documents_keep_the_rule(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(list(DOCUMENTS)), label="type")
    cls, valid = DOCUMENTS[name]
    document: Any = to_dict(valid, cls)
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        path = data.draw(st.sampled_from(_paths(document)), label="path")
        operation = data.draw(
            st.sampled_from(["replace", "wrap-in-list", "wrap-in-object", "delete", "duplicate"]),
            label="operation",
        )
        value = copy.deepcopy(data.draw(st.sampled_from(_POOL), label="value"))
        document = _mutate(document, path, operation, value)
    text = json.dumps(document)
    outcome = check_hostile(lambda: from_json(text, cls), isolate=False)
    if outcome.returned:
        # Whatever is accepted is a valid value that is written and read back unchanged.
        assert from_json(to_json(outcome.value, cls), cls) == outcome.value


# -- hostile CSV, through the command line -------------------------------------------------

PHQ9_COLUMNS = [f"phq9_{n}" for n in range(1, 10)]
FORMULAS = ["=1+2", "+SUM(1,2)", "-2+3", "@SUM(A1)", "\t=1+2", "\r=1+2", '=HYPERLINK("http://x")']
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
CLI_SECONDS = 2.0  # argparse, reading a file and writing one: still a generous bound


def _write_csv(path: Path, rows: list[list[str]]) -> str:
    with path.open("w", encoding="utf-8", newline="") as handle:
        # Every cell quoted: a bare CR in a cell is otherwise written unquoted and splits the row.
        csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
    return str(path)


def _dangerous_cells(text: str) -> list[str]:
    """Text cells a spreadsheet would evaluate (numbers such as ``-2`` are numbers)."""
    return [
        cell
        for row in csv.reader(io.StringIO(text))
        for cell in row
        if cell.startswith(_DANGEROUS) and not _NUMBER.fullmatch(cell)
    ]


def _cli(argv: list[str], *, seconds: float = CLI_SECONDS) -> CliResult:
    outcome = check_hostile(lambda: run_cli(argv), seconds=seconds)
    result: CliResult = outcome.value
    lines = result.err.splitlines()
    assert len(lines) <= 50, f"{len(lines)} lines on stderr"
    longest = max((len(line) for line in lines), default=0)
    assert longest <= MAX_MESSAGE, f"a stderr line of {longest:,} characters"
    return result


@pytest.fixture
def formula_file(tmp_path: Path) -> str:
    header = ["patient_id", "course_type", "day", *PHQ9_COLUMNS]
    rows = [header]
    for n, formula in enumerate(FORMULAS):
        # Identifiers are read without surrounding whitespace ("\t=1+2" is "=1+2"): the
        # number keeps each formula's patient apart.
        patient = f"{formula}{n}"
        rows.append([patient, formula, "0", *["2"] * 9])  # scored: a score row
        rows.append([patient, formula, "21", *["0"] * 9])
        rows.append([f"P{n}", formula, "0", "9", *["0"] * 8])  # item 1 is 9: an error row
        rows.append([patient, "esketamine", "28", formula, *["0"] * 8])  # error row
    return _write_csv(tmp_path / "formulas.csv", rows)


def test_formula_cells_are_neutralised_in_scores_and_errors(
    formula_file: str, tmp_path: Path
) -> None:
    out, errors = tmp_path / "scores.csv", tmp_path / "errors.csv"
    result = _cli(
        ["score", formula_file, "--instrument", "phq9", "--out", str(out), "--errors", str(errors)]
    )
    assert result.status == 0, result.err
    for written in (out, errors):
        cells = _dangerous_cells(written.read_text(encoding="utf-8"))
        assert not cells, f"{written.name} has cells a spreadsheet evaluates: {cells[:5]}"


def test_formula_cells_are_neutralised_in_scores_on_stdout(formula_file: str) -> None:
    result = _cli(["score", formula_file, "--instrument", "phq9"])
    assert result.status == 0, result.err
    cells = _dangerous_cells(result.out)
    assert not cells, f"the scores on stdout have cells a spreadsheet evaluates: {cells[:5]}"


def test_formula_cells_are_neutralised_in_the_summary(formula_file: str, tmp_path: Path) -> None:
    out = tmp_path / "summary.csv"
    result = _cli(
        ["summary", formula_file, "--instrument", "phq9", "--format", "csv", "--out", str(out)]
    )
    assert result.status == 0, result.err
    cells = _dangerous_cells(out.read_text(encoding="utf-8"))
    assert not cells, f"the summary has cells a spreadsheet evaluates: {cells[:5]}"


def _phq9_file(tmp_path: Path, extra: list[list[str]] | None = None) -> str:
    rows = [["patient_id", "day", *PHQ9_COLUMNS], ["P1", "0", *["2"] * 9], *(extra or [])]
    return _write_csv(tmp_path / "phq9.csv", rows)


def test_out_and_errors_on_the_same_file_are_refused(tmp_path: Path) -> None:
    source = _phq9_file(tmp_path, [["P2", "0", "9", *["0"] * 8]])
    same = str(tmp_path / "both.csv")
    result = _cli(["score", source, "--instrument", "phq9", "--out", same, "--errors", same])
    assert result.status != 0, "--out and --errors naming one file was not refused"


def test_a_row_with_more_cells_than_the_header_is_reported_with_its_line(tmp_path: Path) -> None:
    source = _phq9_file(tmp_path, [["P2", "0", *["1"] * 9, "extra"]])  # line 3
    errors = tmp_path / "errors.csv"
    result = _cli(["score", source, "--instrument", "phq9", "--errors", str(errors)])
    written = errors.read_text(encoding="utf-8") if errors.exists() else ""
    lines = [row.get("line") for row in csv.DictReader(io.StringIO(written))]
    assert re.search(r"\bline 3\b", result.err) or "3" in lines, (
        f"the row with too many cells (line 3) was not reported: {result.err[:300]!r}"
    )


def test_a_4301_digit_cell_is_reported_not_a_traceback(tmp_path: Path) -> None:
    source = _write_csv(
        tmp_path / "digits.csv",
        [["patient_id", "day", *PHQ9_COLUMNS], ["P1", "0", "1" * 4301, *["0"] * 8]],
    )
    result = _cli(["score", source, "--instrument", "phq9"])
    assert re.search(r"\bline 2\b", result.err), f"line 2 not reported: {result.err[:300]!r}"


@pytest.mark.parametrize(
    ("columns", "seconds"), [(40_000, CLI_SECONDS), (1_000_000, 5.0)], ids=["40000", "1000000"]
)
def test_a_very_wide_header_is_answered_within_the_bound(
    tmp_path: Path, columns: int, seconds: float
) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(
        ",".join(f"c{n}" for n in range(columns)) + "\n" + ",".join(["1"] * columns) + "\n",
        encoding="utf-8",
    )
    _cli(["score", str(path)], seconds=seconds)


HEADERLESS: dict[str, list[list[str]]] = {
    "scores": [[MRN, "Jane Roe", *["2"] * 9], ["MRN-77310043", "John Doe", *["1"] * 9]],
    "demographics": [[MRN, "Jane Roe", "1980-05-17", "female"], ["MRN-77310043", "John Doe"]],
}
"""Exports that lost their header: the first row (a patient's) is read as column names."""


@pytest.mark.parametrize("rows", list(HEADERLESS))
@pytest.mark.parametrize(
    "argv",
    [
        ["score"],
        ["score", "--instrument", "phq9"],
        ["summary"],
        ["summary", "--instrument", "phq9"],
    ],
    ids=["score", "score-phq9", "summary", "summary-phq9"],
)
def test_a_headerless_csv_never_echoes_the_identifier_in_its_first_row(
    tmp_path: Path, argv: list[str], rows: str
) -> None:
    source = _write_csv(tmp_path / "headerless.csv", HEADERLESS[rows])
    _cli([argv[0], source, *argv[1:]])  # check_hostile fails on the identifier in any output


def test_plot_refuses_an_absurd_dpi(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    result = _cli(["plot", "--out", str(tmp_path / "x.png"), "--dpi", "100000"], seconds=5.0)
    assert result.status != 0, "plot --dpi 100000 was not refused"


# -- hostile arrays, for batch scoring -------------------------------------------------------

_PHQ9_MAX = 27  # 9 items scored 0-3 (clinical reference, PHQ-9)
_BASE_ROW = [2, 2, 2, 2, 1, 1, 2, 0, 0]


def _batch_summary(scores: BatchScores) -> dict[str, Any]:
    """What a batch returned, as plain data (made where the call ran)."""
    return {
        "valid": scores.valid.tolist(),
        "total": scores.total.tolist(),
        "reasons": [(e.row, e.reason) for e in scores.errors],
    }


def _on_scale(value: object) -> bool:
    return isinstance(value, int | float) and float(value).is_integer() and 0 <= value <= 3


def _check_batch(rows: list[list[object]], outcome: Outcome) -> None:
    """Only BatchError or row errors; totals in 0-27; a row off the 0-3 scale is never valid."""
    if not outcome.returned:
        assert outcome.error_type == "ketacore.exceptions.BatchError", outcome.error_type
        return
    summary = outcome.value
    for row, reason in summary["reasons"]:
        assert len(reason) <= MAX_MESSAGE, f"row {row}: a reason of {len(reason):,} characters"
    for i, (valid, total) in enumerate(zip(summary["valid"], summary["total"], strict=True)):
        if valid:
            assert 0 <= total <= _PHQ9_MAX, f"row {i} is valid with total {total}, outside 0-27"
            assert all(map(_on_scale, rows[i])), (
                f"row {i} {rows[i]!r} is off PHQ-9's 0-3 scale but was scored {total}"
            )


def _numeric_rows(dtype: np.dtype[Any]) -> list[list[object]]:
    rows: list[list[object]] = [list(_BASE_ROW), [3] * 9]
    info = np.iinfo(dtype) if dtype.kind in "iu" else None
    for bad in (4, 256, 257, 65536, 2**31, 2**32 + 1, -1, -256):
        if info is None or info.min <= bad <= info.max:
            rows.append([bad, *_BASE_ROW[1:]])
            rows.append([bad] * 9)
    if dtype.kind == "f":
        for bad_float in (1.5, math.nan, math.inf, -math.inf, 1e300, -0.0, 3.0000001):
            rows.append([bad_float, *_BASE_ROW[1:]])
    return rows


_DTYPES = [
    np.dtype(f"{order}{code}")
    for code in ("i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f2", "f4", "f8", "g")
    for order in ("<", ">")
    if not (code in ("i1", "u1") and order == ">")
]


@pytest.mark.parametrize("dtype", _DTYPES, ids=[d.str for d in _DTYPES])
def test_numeric_arrays_of_every_dtype_and_byte_order(dtype: np.dtype[Any]) -> None:
    with np.errstate(all="ignore"):
        array = np.array(_numeric_rows(dtype), dtype=dtype)
    # The rows as the array holds them (1e300 is inf in float16, 3.0000001 is 3.0 in float32).
    held: list[list[object]] = array.astype(np.float64).tolist()
    _check_batch(held, check_hostile(lambda: _batch_summary(score_array("phq9", array))))


def test_big_endian_256_does_not_pass_the_range_check() -> None:
    # 256 stored as big-endian int16 reads as 1 when its bytes are viewed natively.
    array = np.array([[256] * 9, [256, *_BASE_ROW[1:]], _BASE_ROW], dtype=">i2")
    outcome = check_hostile(lambda: _batch_summary(score_array("phq9", array)))
    assert outcome.value["valid"] == [False, False, True], outcome.value


class _RaisingIndex:
    def __index__(self) -> int:
        raise RuntimeError("__index__ raised")


class _RaisingEq:
    def __eq__(self, other: object) -> bool:
        raise RuntimeError("__eq__ raised")

    def __hash__(self) -> int:
        raise RuntimeError("__hash__ raised")


class _RaisingInt(int):
    def __eq__(self, other: object) -> bool:
        raise RuntimeError("__eq__ raised")

    def __hash__(self) -> int:
        raise RuntimeError("__hash__ raised")

    def __lt__(self, other: object) -> bool:
        raise RuntimeError("__lt__ raised")


class _RaisingRepr:
    def __repr__(self) -> str:
        raise RuntimeError("__repr__ raised")

    __str__ = __repr__


_OBJECTS: dict[str, tuple[object, object]] = {
    "__index__-raises": (_RaisingIndex(), None),
    "__eq__-raises": (_RaisingEq(), None),
    "int-subclass-2-raises": (_RaisingInt(2), 2),  # it is the integer 2: it may be scored as 2
    "__repr__-raises": (_RaisingRepr(), None),
    "5000-digit-int": (10**5000, None),
    "negative-5000-digit-int": (-(10**5000), None),
    "fraction": (Fraction(5, 2), None),
    "decimal-2.5": (Decimal("2.5"), None),
    "decimal-signalling-nan": (Decimal("sNaN"), None),
    "complex": (complex(2, 0), None),
    "fullwidth-digit-text": ("２", None),
    "bytes": (b"2", None),
    "list": ([2], None),
    "numpy-int16-256": (np.int16(256), None),
}
"""Elements of an object array, and the item value each stands for (None: off the scale)."""


@pytest.mark.parametrize("name", list(_OBJECTS))
@pytest.mark.parametrize("container", ["object-array", "list-of-rows"])
def test_object_elements_that_misbehave(container: str, name: str) -> None:
    element, stands_for = _OBJECTS[name]
    rows: list[list[object]] = [list(_BASE_ROW), [element, *_BASE_ROW[1:]], [element] * 9]
    values: Any = rows
    if container == "object-array":
        values = np.empty((3, 9), dtype=object)
        for i, row in enumerate(rows):
            for j, x in enumerate(row):
                values[i, j] = x
    outcome = check_hostile(lambda: _batch_summary(score_array("phq9", values)))
    _check_batch([list(_BASE_ROW), [stands_for, *_BASE_ROW[1:]], [stands_for] * 9], outcome)
    if outcome.returned:
        assert outcome.value["valid"][0], "the good row was not scored"


def _writable(scores: BatchScores) -> list[str]:
    """The result arrays that can be written, or made writable again."""
    arrays: dict[str, NDArray[Any]] = {"total": scores.total, "band": scores.band}
    arrays |= {"flags": scores.flags, "valid": scores.valid, "prorated": scores.prorated}
    if scores.risk is not None:
        arrays["risk"] = scores.risk
    found = []
    for name, array in arrays.items():
        with contextlib.suppress(ValueError):
            array[...] = array.copy()
            found.append(f"{name}: written")
        with contextlib.suppress(ValueError):
            array.flags.writeable = True
            found.append(f"{name}: flags.writeable = True allowed")
    return found


@pytest.mark.parametrize(
    ("instrument", "values"),
    [
        ("phq9", np.array([_BASE_ROW, [3] * 9], dtype=np.int64)),
        ("phq9", np.array([_BASE_ROW, [9] * 9], dtype=np.float64)),  # a row error
        ("phq9", np.array([_BASE_ROW, [None] * 9], dtype=object)),
        ("cssrs_screener", np.array([[1, 1, 0, 0, 0, 0, 0], [0] * 7], dtype=np.int64)),
    ],
    ids=["int64", "float64-with-a-bad-row", "object", "with-risk"],
)
def test_returned_arrays_refuse_writes(instrument: str, values: Any) -> None:
    found = _writable(score_array(instrument, values))
    assert not found, f"result arrays can be changed: {found}"


# -- concurrent use ---------------------------------------------------------------------------

_FIRST_CALLS = textwrap.dedent(
    """
    import json, os, sys, threading
    from ketacore.doses import parse_dose
    from ketacore.units import quantity


    def one_run():
        barrier = threading.Barrier(8)
        errors = []

        def work(index):
            barrier.wait()
            try:
                if index % 2:
                    quantity(70, "kg")
                else:
                    parse_dose("0.5 mg/kg")
            except BaseException as error:
                errors.append(f"{type(error).__name__}: {error}"[:200])

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return errors


    # Each run is a child forked before any unit call: no registry built, no cache filled.
    results = []
    for _ in range(int(sys.argv[1])):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            try:
                payload = json.dumps(one_run())
            except BaseException as error:
                payload = json.dumps([repr(error)[:200]])
            os.write(write_fd, payload.encode())
            os._exit(0)
        os.close(write_fd)
        data = b""
        while chunk := os.read(read_fd, 65536):
            data += chunk
        os.close(read_fd)
        os.waitpid(pid, 0)
        results.append(json.loads(data or b'["the run died"]'))
    print(json.dumps(results))
    """
)
RUNS = 20


def test_eight_threads_making_their_first_unit_call_together() -> None:
    # A warm interpreter has its registry built and hides the race, so every run is a
    # fresh one: two new interpreters each fork ten children before any unit call.
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _FIRST_CALLS, str(RUNS // 2)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    runs: list[list[str]] = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err[-500:]
        runs += json.loads(out.strip().splitlines()[-1])
    assert len(runs) == RUNS
    errors = [error for run in runs for error in run]
    failed = sum(1 for run in runs if run)
    assert not errors, (
        f"{len(errors)} errors in {failed} of {RUNS} runs of 8 threads: {sorted(set(errors))[:3]}"
    )
