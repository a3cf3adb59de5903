"""Reading one answer of a QuestionnaireResponse item into an item value."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

from ketacore.fhir._coding import FormCoding
from ketacore.fhir._common import error, fail, get_list, get_str
from ketacore.instruments import Item
from ketacore.instruments._loinc import LOINC

__all__ = ["ITEM_WEIGHT", "ORDINAL_VALUE", "Weights", "coding_weight", "read_answer"]

ORDINAL_VALUE: Final = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
"""The R4 extension giving a Coding's score (US Core Questionnaire-phq-9-example.json)."""

ITEM_WEIGHT: Final = "http://hl7.org/fhir/StructureDefinition/itemWeight"
"""The later name of the same extension (FHIR R5 / SDC; the SDC CodeSystem's property)."""

Weights = Mapping[tuple[str, str], int]
"""``(system, code) -> item value``: the scores of a form's own answer codes."""

_VALUE_KEYS: Final = (
    "valueCoding",
    "valueInteger",
    "valueDecimal",
    "valueString",
    "valueBoolean",
    "valueQuantity",
    "valueDate",
    "valueDateTime",
    "valueTime",
    "valueUri",
    "valueAttachment",
    "valueReference",
)


def _whole(value: object, path: str, expected: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        fail(path, value, expected)
    if isinstance(value, float | Decimal) and (value != value or value % 1 != 0):
        fail(path, value, expected, "item values are whole numbers")
    number = int(value)
    if abs(number) > 10_000:
        fail(path, value, expected)
    return number


def coding_weight(coding: Mapping[str, Any], path: str) -> int | None:
    """The score an ``ordinalValue``/``itemWeight`` extension gives a Coding, if any."""
    for index, extension in enumerate(get_list(coding, "extension", f"{path}.extension")):
        if not isinstance(extension, Mapping):
            fail(f"{path}.extension[{index}]", extension, "an extension object")
        if extension.get("url") in (ORDINAL_VALUE, ITEM_WEIGHT):
            key = "valueDecimal" if "valueDecimal" in extension else "valueInteger"
            return _whole(
                extension.get(key), f"{path}.extension[{index}].{key}", "a whole-number weight"
            )
    return None


def _from_coding(
    coding: object, form: FormCoding, item: Item, weights: Weights | None, path: str
) -> int:
    if not isinstance(coding, Mapping):
        fail(path, coding, "a Coding object with system and code")
    code = get_str(coding, "code", f"{path}.code", required=True)
    assert code is not None
    system = get_str(coding, "system", f"{path}.system")
    if weights is not None and system is not None and (system, code) in weights:
        return weights[(system, code)]
    answers = form.answers
    if answers is not None and system in (LOINC, None):
        value = answers.value_of(code)
        if value is not None:
            return value
    weight = coding_weight(coding, path)
    if weight is not None:
        return weight
    if answers is not None:
        allowed = ", ".join(f"{a.code} = {a.value}" for a in answers.answers)
        expected = f"a code of LOINC answer list {answers.id} ({allowed})"
    else:
        expected = (
            f"a code with an ordinalValue extension, or valueInteger ({item.describe_range()})"
        )
    raise error(
        f"{path}.code",
        code,
        expected,
        "pass weights= with the form's own answer scores (answer_weights(codesystem))",
    )


def read_answer(
    entry: Mapping[str, Any],
    form: FormCoding,
    item: Item,
    weights: Weights | None,
    path: str,
) -> int | str:
    """The item value of the single answer of a response item at ``path``."""
    answers = get_list(entry, "answer", f"{path}.answer")
    if len(answers) != 1:
        fail(
            f"{path}.answer",
            answers,
            "exactly one answer (rating-scale items do not repeat)",
            got=f"{len(answers)} answers",
        )
    answer = answers[0]
    here = f"{path}.answer[0]"
    if not isinstance(answer, Mapping):
        fail(here, answer, "an answer object such as {'valueInteger': 2}")
    keys = [key for key in answer if key.startswith("value")]
    if len(keys) != 1 or keys[0] not in _VALUE_KEYS:
        fail(here, sorted(keys), "one of valueCoding, valueInteger, valueDecimal or valueString")
    key = keys[0]
    raw = answer[key]
    expected = item.describe_range()
    value: int | str
    if key == "valueCoding":
        value = _from_coding(raw, form, item, weights, f"{here}.valueCoding")
    elif key in ("valueInteger", "valueDecimal"):
        value = _whole(raw, f"{here}.{key}", expected)
    elif key == "valueString" and isinstance(raw, str) and raw in item.options:
        return raw
    else:
        fail(f"{here}.{key}", raw, f"valueCoding or valueInteger: {expected}")
    if value not in item.allowed:
        field = "valueCoding.code" if key == "valueCoding" else key
        fail(
            f"{here}.{field}",
            raw.get("code") if isinstance(raw, Mapping) else raw,
            f"{expected} for {form.instrument.short_name} item {item.number}",
            got=f"{value!r}",
        )
    return value
