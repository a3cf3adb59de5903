"""FHIR Questionnaires: renderable, scored answer options, licence-aware item text."""

from __future__ import annotations

import pytest

from fhir_helpers import validate
from ketacore.exceptions import FhirError
from ketacore.fhir import (
    answer_weights,
    from_questionnaire_response,
    to_questionnaire,
    to_questionnaire_response,
)
from ketacore.instruments import CATALOGUE, CSSRS_SCREENER, PHQ9, Instrument
from ketacore.instruments._loinc import ANSWER_LISTS

INSTRUMENTS = list(CATALOGUE.values())


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=[i.id for i in INSTRUMENTS])
def test_every_instrument_writes_a_valid_questionnaire(instrument: Instrument) -> None:
    form = validate(to_questionnaire(instrument))
    codings = {c.link_id: c for c in _codings(instrument)}
    for entry in form["item"]:
        if entry["type"] != "choice":
            continue
        coding = codings[entry["linkId"]]
        item = instrument.item(coding.number)
        if instrument.licence.item_text_allowed and item.text is not None:
            wanted = item.text
        else:
            # Licensed wording (BDI-II, MADRS, ...) never leaves: the short label only.
            wanted = item.label
        if coding.form is not None:
            wanted += f" (form {coding.form})"
        assert entry["text"] == wanted
    if not instrument.licence.item_text_allowed:
        assert all(item.text is None for item in instrument.items)


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=[i.id for i in INSTRUMENTS])
def test_answer_options_cover_exactly_what_each_item_accepts(instrument: Instrument) -> None:
    form = to_questionnaire(instrument)
    weights = answer_weights(form)
    by_link = {entry["linkId"]: entry for entry in form["item"]}
    response = to_questionnaire_response(instrument.score([item.low for item in instrument.items]))
    for answered in response["item"]:
        # Every linkId a response is written with is an item of the Questionnaire.
        assert answered["linkId"] in by_link
    for entry in form["item"]:
        if entry["type"] != "choice":
            continue
        values: set[int | str] = set()
        for option in entry["answerOption"]:
            if "valueCoding" in option:
                coding = option["valueCoding"]
                values.add(weights[(coding["system"], coding["code"])])
            else:
                values.add(option.get("valueInteger", option.get("valueString")))
        number = next(c.number for c in _codings(instrument) if c.link_id == entry["linkId"])
        item = instrument.item(number)
        assert values == set(item.allowed) | set(item.options)


def _codings(instrument: Instrument):  # type: ignore[no-untyped-def]
    from ketacore.fhir._coding import coding_for
    from ketacore.fhir._common import DEFAULT_BASE

    return coding_for(instrument, DEFAULT_BASE).items


def test_phq9_questionnaire_scores_answers_with_the_frequency_list() -> None:
    form = to_questionnaire(PHQ9)
    assert form["code"] == [{"system": "http://loinc.org", "code": "44249-1"}]
    expected = {("http://loinc.org", a.code): a.value for a in ANSWER_LISTS["phq9"].answers}
    assert answer_weights(form) == expected
    assert form["item"][-1]["code"] == [{"system": "http://loinc.org", "code": "44261-6"}]
    assert "0-4 none/minimal" in form["description"]
    assert "item 9 >= 1" in form["description"]


def test_skip_logic_becomes_enable_when() -> None:
    form = to_questionnaire(CSSRS_SCREENER)
    by_link = {entry["linkId"]: entry for entry in form["item"]}
    gate = CSSRS_SCREENER.item(2).loinc
    for number in (3, 4, 5):
        entry = by_link[CSSRS_SCREENER.item(number).loinc]  # type: ignore[index]
        assert entry["enableWhen"] == [{"question": gate, "operator": "=", "answerInteger": 1}]
        assert entry["required"] is False


def test_a_response_to_our_questionnaire_with_ordinal_values_is_scored() -> None:
    # A form builder echoes the option it showed, ordinalValue included, under its own
    # code system: the score is read from the ordinalValue.
    response = to_questionnaire_response(PHQ9.score([1] * 9))
    for item in response["item"]:
        coding = item["answer"][0]["valueCoding"]
        coding["system"] = "http://example.org/own-codes"
        coding["code"] = "own-" + coding["code"]
        coding["extension"] = [
            {"url": "http://hl7.org/fhir/StructureDefinition/ordinalValue", "valueDecimal": 2}
        ]
    assert from_questionnaire_response(response).values == (2,) * 9


def test_questionnaire_of_a_non_instrument_is_an_error() -> None:
    with pytest.raises(FhirError) as caught:
        to_questionnaire("phq9")  # type: ignore[arg-type]
    assert caught.value.path == "instrument"
