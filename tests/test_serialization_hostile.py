"""Hostile and ambiguous JSON: depth, size, duplicate keys, non-finite numbers, input types,
contradicting tags, strict score numbers, bounded messages and withheld identifiers.

Each case was run against the code before its fix and failed there.
"""

from __future__ import annotations

import importlib
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketacore import SerializationError
from ketacore.doses import Dose, FixedDose, parse_dose
from ketacore.instruments import PHQ9, Instrument, Score
from ketacore.patients import Patient, PatientId
from ketacore.serialization import (
    MAX_DEPTH,
    MAX_DOCUMENT_SIZE,
    from_dict,
    from_json,
    to_dict,
    to_json,
)
from ketacore.sessions import DosingSession, Session
from ketacore.testing import example_dose, example_patient, example_session, example_vitals
from ketacore.testing._hypothesis import _REGISTRY
from ketacore.vitals import VitalSigns
from work_helpers import counting_calls

SECRET = "MRN-55512345"


def _patient_document() -> dict[str, Any]:
    document = to_dict(example_patient())
    document["data"]["identifier"] = SECRET
    return document


def _score_text() -> str:
    return to_json(PHQ9.score([2, 2, 2, 2, 1, 1, 2, 0, 0]))  # total 12


def _nested(depth: int) -> str:
    """A Score document whose ``values`` hold lists nested *depth* levels below ``data``."""
    inner = "[" * (depth - 2) + "]" * (depth - 2)
    return '{"schema_version": 1, "type": "Score", "data": {"values": ' + inner + "}}"


# -- depth and size ---------------------------------------------------------------------------


def test_a_deeply_nested_document_is_a_serialization_error() -> None:
    text = '{"schema_version": 1, "type": "Score", "data": ' + "[" * 1000 + "]" * 1000 + "}"
    with pytest.raises(SerializationError, match=rf"nested.*at most {MAX_DEPTH} levels"):
        from_json(text, Score)


def test_depth_limit_is_exact() -> None:
    # _nested(d) is d levels deep in all: the document object, data, then lists.
    with pytest.raises(SerializationError, match=rf"nested.*at most {MAX_DEPTH}"):
        from_json(_nested(MAX_DEPTH + 1), Score)
    with pytest.raises(SerializationError) as caught:
        from_json(_nested(MAX_DEPTH), Score)
    assert "nested" not in str(caught.value)  # refused for what it says, not for its depth


def test_a_huge_nesting_is_refused_quickly(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "[" * 1_000_000
    parsed: list[int] = []
    real_loads = json.loads
    monkeypatch.setattr(json, "loads", lambda s, **kw: parsed.append(len(s)) or real_loads(s, **kw))
    with counting_calls() as work, pytest.raises(SerializationError, match="nested"):
        from_json(text, Score)
    assert parsed == []  # refused by the depth scan, before json.loads could recurse
    assert work.calls < 1_000  # the scan is a few regex and builtin calls, not a Python loop


def test_brackets_inside_text_do_not_count_as_depth() -> None:
    session = example_session(notes='patient said "[[[[" ' + "[{" * 40 + " \\ done")
    assert from_json(to_json(session), DosingSession) == session


def test_an_oversized_document_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "[" + "0," * (MAX_DOCUMENT_SIZE // 2) + "0]"
    import ketacore._json

    scanned: list[int] = []
    real_depth = ketacore._json._depth
    monkeypatch.setattr(ketacore._json, "_depth", lambda t: scanned.append(len(t)) or real_depth(t))
    monkeypatch.setattr(json, "loads", lambda *a, **kw: pytest.fail("json.loads was called"))
    for given_text in (text, text.encode()):
        with (
            counting_calls() as work,
            pytest.raises(SerializationError, match=f"{MAX_DOCUMENT_SIZE:,}"),
        ):
            from_json(given_text, Score)
        assert scanned == []  # refused on its size, before the depth scan or json.loads
        assert work.calls < 1_000


# -- duplicate keys -----------------------------------------------------------------------------


def test_a_score_with_two_totals_is_refused_with_the_path() -> None:
    text = _score_text().replace('"total": 12', '"total": 20, "total": 12')
    with pytest.raises(SerializationError, match=r"\$\.data\.total: .*more than once"):
        from_json(text, Score)


def test_a_dose_with_two_amounts_is_refused() -> None:
    text = to_json(parse_dose("35 mg"))
    text = text.replace('"amount": ', '"amount": {"value": 350.0, "unit": "mg"}, "amount": ')
    with pytest.raises(SerializationError, match=r"\$\.data\.amount: .*more than once"):
        from_json(text, Dose)


def test_a_patient_with_two_identifiers_is_refused_without_showing_either() -> None:
    text = json.dumps(_patient_document()).replace(
        f'"identifier": "{SECRET}"', f'"identifier": "MRN-99900001", "identifier": "{SECRET}"'
    )
    with pytest.raises(SerializationError, match=r"\$\.data\.identifier: ") as caught:
        from_json(text, Patient)
    assert SECRET not in str(caught.value)
    assert "MRN-99900001" not in str(caught.value)


def test_a_nested_duplicate_carries_its_list_index() -> None:
    document = to_dict(example_session())
    text = json.dumps(document)
    second = text.index('"score"', text.index('"score"') + 1)
    total = text.index('"total"', second)
    text = text[:total] + '"total": 99, ' + text[total:]
    with pytest.raises(SerializationError, match=r"\$\.data\.assessments\[1\]\.score\.total"):
        from_json(text, DosingSession)


# -- non-finite numbers -----------------------------------------------------------------------


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e999", "-1e999"])
def test_non_finite_numbers_are_not_json(constant: str) -> None:
    text = to_json(example_vitals()).replace('"systolic": 124', f'"systolic": {constant}')
    assert text != to_json(example_vitals())
    with pytest.raises(SerializationError, match=r"\$: .*not a finite number.*RFC 8259"):
        from_json(text, VitalSigns)


# -- input types: str, bytes and bytearray are UTF-8 JSON for every type ------------------------

_TOP_LEVEL = [getattr(importlib.import_module(module), name) for module, name, _, _ in _REGISTRY]


@settings(max_examples=60)
@given(st.data())
def test_str_bytes_and_bytearray_read_alike_for_every_type(data: st.DataObject) -> None:
    cls = data.draw(st.sampled_from(_TOP_LEVEL))
    value = data.draw(st.from_type(cls))
    text = to_json(value)
    assert from_json(text, cls) == value
    assert from_json(text.encode("utf-8"), cls) == value
    assert from_json(bytearray(text.encode("utf-8")), cls) == value


@pytest.mark.parametrize("cls", _TOP_LEVEL, ids=[cls.__name__ for cls in _TOP_LEVEL])
def test_every_type_refuses_other_encodings_and_input_types(cls: Any) -> None:
    text = to_json(example_dose())
    for encoding in ("utf-16", "utf-16-le", "utf-32"):
        with pytest.raises(SerializationError, match=r"\$: "):
            from_json(text.encode(encoding), cls)
    with pytest.raises(SerializationError, match="UTF-8"):
        from_json(b'{"schema_version": 1, "type": "\xff"}', cls)
    for other in (memoryview(text.encode()), 42, None, json.loads(text)):
        with pytest.raises(SerializationError, match=r"\$: got .*expected JSON text"):
            from_json(other, cls)  # type: ignore[arg-type]


def test_scalar_documents_read_back() -> None:
    assert from_json(to_json(PatientId(SECRET)), PatientId) == PatientId(SECRET)
    assert from_json(to_json(PHQ9), Instrument) is PHQ9


# -- contradicting tags -------------------------------------------------------------------------


def test_a_dose_whose_type_and_kind_disagree_is_refused() -> None:
    document = to_dict(example_dose())  # a WeightBasedDose
    document["type"] = "FixedDose"
    with pytest.raises(SerializationError, match=r"\$\.data\.kind: got 'weight_based'.*FixedDose"):
        from_dict(document, Dose)
    fixed = to_dict(parse_dose("35 mg"))
    fixed["type"] = "WeightBasedDose"
    with pytest.raises(SerializationError, match=r"\$\.data\.kind: got 'fixed'"):
        from_dict(fixed, Dose)


def test_a_session_whose_type_and_kind_disagree_is_refused() -> None:
    document = to_dict(example_session())
    document["type"] = "ScheduledSession"
    with pytest.raises(SerializationError, match=r"\$\.data\.kind: got 'dosing'.*ScheduledSession"):
        from_dict(document, Session)


def test_a_member_type_read_through_its_own_class_still_checks_the_kind() -> None:
    document = to_dict(example_dose())
    document["type"] = "FixedDose"
    with pytest.raises(SerializationError, match=r"\$\.data\.kind"):
        from_dict(document, FixedDose)


# -- strict numbers in scores -----------------------------------------------------------------


@pytest.mark.parametrize("total", ["12.0", "true", '"12"'])
def test_a_score_total_must_be_a_json_integer(total: str) -> None:
    text = _score_text().replace('"total": 12', f'"total": {total}')
    with pytest.raises(SerializationError, match=r"total: got .*whole number"):
        from_json(text, Score)


def test_a_true_total_of_one_is_refused() -> None:
    text = to_json(PHQ9.score([1, 0, 0, 0, 0, 0, 0, 0, 0])).replace('"total": 1', '"total": true')
    with pytest.raises(SerializationError, match="total"):
        from_json(text, Score)


@pytest.mark.parametrize("value", ["true", "2.0", '"2"'])
def test_item_values_must_be_json_integers(value: str) -> None:
    text = _score_text().replace('"values": [2,', f'"values": [{value},')
    with pytest.raises(SerializationError, match="values"):
        from_json(text, Score)


# -- bounded messages ---------------------------------------------------------------------------


def test_a_hundred_thousand_bad_diagnoses_give_a_short_message_quickly() -> None:
    document = _patient_document()
    document["data"]["diagnoses"] = [f"flu-{n}" for n in range(100_000)]
    with pytest.raises(SerializationError):
        from_dict(document, Patient)  # warm: first use builds the converter's hooks
    with counting_calls() as work, pytest.raises(SerializationError) as caught:
        from_dict(document, Patient)
    assert work.calls < 20_000  # about 5,000: not a pass over the 100,000 items (8 s before)
    message = str(caught.value)
    assert len(message) < 5_000
    assert "$.data.diagnoses[0]" in message
    assert "$.data.diagnoses[18]" in message
    assert "$.data.diagnoses[19]" not in message
    assert "$.data.diagnoses: items 19 to 99999 were not read" in message
    assert "more problem" not in message  # the 20 lines are all there is


def test_problems_across_a_document_are_capped() -> None:
    document = to_dict(example_session())
    vitals = document["data"]["vitals"][0]
    document["data"]["vitals"] = [{**vitals, "systolic": "x", "diastolic": "y"}] * 30
    with pytest.raises(SerializationError) as caught:
        from_dict(document, DosingSession)
    message = str(caught.value)
    assert message.count("$.data.vitals[") == 20
    assert "more problems" in message


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("data", "taken_at"), "2026-" + "9" * 1_000_000),
        (("data", "systolic"), "x" * 1_000_000),
        (("data", "systolic"), [[0] * 10] * 100_000),
        (("type",), "V" * 1_000_000),
    ],
    ids=["datetime text", "number text", "big list", "type"],
)
def test_huge_values_are_quoted_briefly(path: tuple[str, ...], value: object) -> None:
    document = to_dict(example_vitals())
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(SerializationError) as caught:
        from_dict(document, VitalSigns)
    assert len(str(caught.value)) < 1_000


def test_many_unknown_fields_are_listed_briefly() -> None:
    document = to_dict(example_vitals())
    document["data"].update({f"field-{n}": 0 for n in range(100_000)})
    with pytest.raises(SerializationError, match="unknown field") as caught:
        from_dict(document, VitalSigns)
    assert len(str(caught.value)) < 2_000


def test_a_bad_option_is_quoted_briefly() -> None:
    document = to_dict(PHQ9.score([2, 2, 2, 2, 1, 1, 2, 0, 0]))
    document["data"]["options"] = [[1, "z" * 1_000_000]]
    with pytest.raises(SerializationError, match="options") as caught:
        from_dict(document, Score)
    assert len(str(caught.value)) < 1_000


# -- identifiers are never echoed ---------------------------------------------------------------


@pytest.mark.parametrize(
    "identifier",
    [77310042, {"value": SECRET}, [SECRET], f" {SECRET}", 7731004.2, True],
    ids=["number", "asdict form", "list", "spaced", "float", "bool"],
)
def test_a_bad_identifier_is_never_echoed(identifier: object) -> None:
    document = _patient_document()
    document["data"]["identifier"] = identifier
    with pytest.raises(SerializationError, match=r"\$\.data\.identifier") as caught:
        from_dict(document, Patient)
    message = str(caught.value)
    assert SECRET not in message
    assert "77310042" not in message
    assert "7731004" not in message
    assert "type" in message or "length" in message


@pytest.mark.parametrize("identifier", [77310042, {"value": SECRET}, [SECRET]])
def test_a_bad_identifier_document_is_never_echoed(identifier: object) -> None:
    document = to_dict(PatientId(SECRET))
    document["data"] = identifier
    with pytest.raises(SerializationError) as caught:
        from_dict(document, PatientId)
    assert SECRET not in str(caught.value)
    assert "77310042" not in str(caught.value)


def _deep_list(depth: int) -> list[Any]:
    root: list[Any] = []
    current = root
    for _ in range(depth):
        current.append([])
        current = current[0]
    return root


@pytest.mark.parametrize(
    ("field", "words"),
    [
        ("diagnoses", "$.data.diagnoses[0]: got a list that cannot be shown; expected one of"),
        ("sex_at_birth", "$.data.sex_at_birth: got a list that cannot be shown"),
        ("history", "$.data.history: expected a JSON object"),
    ],
)
def test_a_deep_python_value_in_from_dict_gives_a_plain_message(field: str, words: str) -> None:
    document = _patient_document()
    document["data"][field] = _deep_list(100_000)
    with pytest.raises(SerializationError) as caught:
        from_dict(document, Patient)
    assert words in str(caught.value)
    assert "recursion" not in str(caught.value)


def test_a_long_instrument_or_protocol_id_is_quoted_briefly() -> None:
    from ketacore.courses import Course
    from ketacore.testing import example_course

    score = to_dict(PHQ9.score([2, 2, 2, 2, 1, 1, 2, 0, 0]))
    score["data"]["instrument"] = "x" * 1_000_000
    course = to_dict(example_course())
    course["data"]["protocol"] = "y" * 1_000_000
    instrument = {"schema_version": 1, "type": "Instrument", "data": "z" * 1_000_000}
    for document, cls in [(score, Score), (course, Course), (instrument, Instrument)]:
        with pytest.raises(SerializationError) as caught:
            from_dict(document, cls)
        assert len(str(caught.value)) < 1_000
