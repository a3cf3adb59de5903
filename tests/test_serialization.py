"""JSON round trips, schema versions, error paths and a fuzz test."""

from __future__ import annotations

import copy
import json
import random
from datetime import date
from typing import Any

import cattrs
import pytest
from hypothesis import given

from ketacore import KetacoreError, SerializationError
from ketacore.doses import Dose, FixedDose, parse_dose
from ketacore.instruments import PHQ9, Score
from ketacore.patients import Patient, WeightMeasurement
from ketacore.serialization import (
    SCHEMA_VERSION,
    configure_converter,
    from_dict,
    from_json,
    make_converter,
    to_dict,
    to_json,
)
from ketacore.sessions import AdverseEvent, AdverseEventKind, DosingSession, Severity
from ketacore.testing import doses, example_dose, example_vitals, vital_signs
from ketacore.vitals import VitalSigns
from session_helpers import at, bp, cadss, moaas, session


@given(doses())
def test_doses_round_trip(dose: Dose) -> None:
    assert from_json(to_json(dose), Dose) == dose
    assert from_json(to_json(dose), type(dose)) == dose


@given(vital_signs())
def test_vital_signs_round_trip(vitals: VitalSigns) -> None:
    again = from_json(to_json(vitals), VitalSigns)
    assert again == vitals
    assert again.taken_at.utcoffset() == vitals.taken_at.utcoffset()


def test_wire_format() -> None:
    document = to_dict(example_dose())
    assert document["schema_version"] == SCHEMA_VERSION
    assert document["type"] == "WeightBasedDose"
    data = document["data"]
    assert data["amount"] == {"value": 0.5, "unit": "mg/kg"}
    assert data["duration"] == {"value": 40.0, "unit": "min"}
    assert data["drug"] == "ketamine"
    assert data["kind"] == "weight_based"
    vitals = to_dict(example_vitals())["data"]
    assert vitals["taken_at"] == "2026-03-02T09:00:00+00:00"


def test_text_is_kept() -> None:
    dose = parse_dose("35 mg over 40 min")
    assert from_json(to_json(dose), FixedDose).text == "35 mg over 40 min"


def test_own_converter_follows_the_cattrs_pattern() -> None:
    converter = cattrs.Converter()
    configure_converter(converter)
    data = converter.unstructure(example_dose(), unstructure_as=Dose)
    assert converter.structure(data, Dose) == example_dose()
    assert isinstance(make_converter(), cattrs.Converter)


def test_global_converter_is_untouched() -> None:
    to_json(example_dose())
    data = cattrs.unstructure(example_vitals())
    assert not isinstance(data["taken_at"], str)  # cattrs' default, not ours


def _dose_document() -> dict[str, Any]:
    return to_dict(example_dose())


def _with(path: list[str | int], value: Any) -> dict[str, Any]:
    document = _dose_document()
    target: Any = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return document


BAD_DOCUMENTS: list[tuple[str, Any, type, tuple[str, ...]]] = [
    ("not an object", [], Dose, ("$", "ketacore document")),
    ("no version", {"type": "FixedDose", "data": {}}, Dose, ("$.schema_version",)),
    ("future version", _with(["schema_version"], 2), Dose, ("newer ketacore", "upgrade")),
    ("bool version", _with(["schema_version"], True), Dose, ("$.schema_version",)),
    ("zero version", _with(["schema_version"], 0), Dose, ("$.schema_version",)),
    ("wrong type", _with(["type"], "VitalSigns"), Dose, ("$.type", "FixedDose")),
    ("extra top key", {**_dose_document(), "x": 1}, Dose, ("expected exactly",)),
    ("data not object", _with(["data"], "x"), Dose, ("$.data", "expected an object")),
    ("volume dose", _with(["data", "amount", "unit"], "mL"), Dose, ("$.data", "a volume")),
    ("unknown unit", _with(["data", "amount", "unit"], "mgs"), Dose, ("amount", "'mgs'")),
    ("expression unit", _with(["data", "amount", "unit"], "mg+g"), Dose, ("expression",)),
    ("string value", _with(["data", "amount", "value"], "0.5"), Dose, ("amount", "finite")),
    ("bool value", _with(["data", "amount", "value"], True), Dose, ("amount", "finite")),
    ("quantity extra key", _with(["data", "amount", "x"], 1), Dose, ("amount", "quantity")),
    ("quantity as text", _with(["data", "amount"], "0.5 mg/kg"), Dose, ("$.data.amount",)),
    ("zero dose", _with(["data", "amount", "value"], 0), Dose, ("above zero",)),
    ("bad route", _with(["data", "route"], "rectal"), Dose, ("$.data.route", "'rectal'")),
    ("bad drug", _with(["data", "drug"], 3), Dose, ("$.data.drug",)),
    ("bad kind", _with(["data", "kind"], "liquid"), Dose, ("$.data",)),
    ("extra field", _with(["data", "colour"], "red"), Dose, ("unknown field", "colour")),
    ("text not str", _with(["data", "text"], 5), Dose, ("$.data.text", "text")),
    ("duration volume", _with(["data", "duration", "unit"], "mL"), Dose, ("duration",)),
]


@pytest.mark.parametrize(
    ("document", "cls", "words"), [c[1:] for c in BAD_DOCUMENTS], ids=[c[0] for c in BAD_DOCUMENTS]
)
def test_malformed_documents_raise_one_error_with_paths(
    document: Any, cls: type, words: tuple[str, ...]
) -> None:
    with pytest.raises(SerializationError) as caught:
        from_dict(document, cls)
    assert isinstance(caught.value, ValueError)
    for word in words:
        assert word in str(caught.value), f"{word!r} not in {caught.value}"


def test_every_problem_is_listed() -> None:
    document = _with(["data", "route"], "rectal")
    document["data"]["duration"]["value"] = "x"
    document["data"]["colour"] = "red"
    with pytest.raises(SerializationError) as caught:
        from_dict(document, Dose)
    message = str(caught.value)
    assert "$.data.route" in message
    assert "$.data.duration" in message
    assert "colour" in message


def test_naive_datetimes_are_errors_both_ways() -> None:
    document = to_dict(example_vitals())
    document["data"]["taken_at"] = "2026-03-02T09:00:00"
    with pytest.raises(SerializationError) as caught:
        from_dict(document, VitalSigns)
    ((path, message),) = caught.value.problems
    assert path == "$.data.taken_at"
    assert "no UTC offset" in message


def test_invalid_json_text() -> None:
    with pytest.raises(SerializationError, match="not valid JSON"):
        from_json("{", Dose)


def _mutations(rng: random.Random, value: Any, depth: int = 0) -> Any:
    """Return a randomly damaged copy of a JSON value."""
    choices: list[Any] = [None, True, 0, -1, 1e308, "", "x", "35 mL", [], {}, {"value": 1}]
    if isinstance(value, dict) and value and depth < 6 and rng.random() < 0.8:
        key = rng.choice(list(value))
        damaged = dict(value)
        roll = rng.random()
        if roll < 0.15:
            del damaged[key]
        elif roll < 0.25:
            damaged[rng.choice(["extra", "value", "unit", "kind"])] = rng.choice(choices)
        else:
            damaged[key] = _mutations(rng, value[key], depth + 1)
        return damaged
    if isinstance(value, str) and rng.random() < 0.5:
        return rng.choice(["mg", "mL", "mg/kg", "esketamine", "iv", "1 + 1", "ｍｇ", value[::-1]])
    if isinstance(value, float | int) and not isinstance(value, bool) and rng.random() < 0.5:
        return rng.choice([-value, value * 1e6, 0, float("1e-300"), 2**63, value + 0.5])
    return rng.choice(choices)


def _random_json(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth > 3 or roll < 0.3:
        return rng.choice([None, True, False, 0, 1.5, -3, "", "mg", "2026-03-02"])
    if roll < 0.6:
        return [_random_json(rng, depth + 1) for _ in range(rng.randrange(4))]
    keys = ["schema_version", "type", "data", "amount", "value", "unit", "kind", "x"]
    return {rng.choice(keys): _random_json(rng, depth + 1) for _ in range(rng.randrange(5))}


def _full_session() -> DosingSession:
    return session(
        vitals=[bp(-5), bp(40), bp(115)],
        assessments=[cadss(-5, 0), cadss(40, 12), moaas(40, 4), moaas(110, 5)],
        adverse_events=[
            AdverseEvent(
                kind=AdverseEventKind.NAUSEA_VOMITING,
                severity=Severity.MILD,
                onset=at(30),
                resolved_at=at(60),
            )
        ],
    )


def _patient() -> Patient:
    return Patient(
        identifier="PT-FUZZ-0001",
        birth_date=date(1970, 5, 17),
        sex_at_birth="female",
        weights=[WeightMeasurement(measured_on=date(2026, 1, 5), weight="82 kg")],
        diagnoses={"depression"},
    )


@pytest.mark.parametrize(
    ("cls", "seed_value"),
    [
        (Dose, example_dose()),
        (VitalSigns, example_vitals()),
        (FixedDose, parse_dose("35 mg")),
        (Score, PHQ9.score([2, 2, 2, 2, 1, 1, 2, 0, 0])),
        (Patient, _patient()),
        (DosingSession, _full_session()),
    ],
    ids=["Dose", "VitalSigns", "FixedDose", "Score", "Patient", "DosingSession"],
)
def test_fuzz_only_ketacore_errors_escape(cls: Any, seed_value: Any) -> None:
    rng = random.Random(20261125)
    base = to_dict(seed_value)
    read = 0
    for index in range(10_000):
        if index % 5 == 4:
            document = _random_json(rng)
        else:
            document = _mutations(rng, copy.deepcopy(base))
            if rng.random() < 0.3:
                document = _mutations(rng, document)
        text = json.dumps(document)
        try:
            value = from_json(text, cls)
        except KetacoreError:
            continue
        read += 1
        # whatever was accepted is a valid value that round-trips
        assert from_json(to_json(value), cls) == value
    assert read > 0  # the mutations leave some documents valid


@pytest.mark.parametrize("value", [None, float("nan"), 3, {"a": 1}, b"x", [1, 2]])
def test_only_ketacore_values_are_written(value: object) -> None:
    with pytest.raises(SerializationError, match="cannot write"):
        to_json(value)


def test_a_document_error_lists_its_problem_with_its_path() -> None:
    document = to_dict(example_vitals())
    document["schema_version"] = 99
    with pytest.raises(SerializationError) as caught:
        from_dict(document, VitalSigns)
    assert caught.value.field == "$.schema_version"
    assert caught.value.value == 99
    ((path, message),) = caught.value.problems
    assert path == "$.schema_version"
    assert str(caught.value) == f"{path}: {message}"
