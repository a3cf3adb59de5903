"""FHIR export and import of scores: tables, worked examples, published examples, round trips."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fhir_helpers import load, validate
from ketacore.courses._fhir_codes import ROUTES, VITAL_SIGNS
from ketacore.exceptions import FhirError
from ketacore.fhir import (
    DEFAULT_BASE,
    answer_weights,
    from_questionnaire_response,
    to_observation,
    to_questionnaire_response,
)
from ketacore.instruments import CATALOGUE, GAD7, MADRS, PHQ9, Score
from ketacore.instruments._loinc import ANSWER_LISTS, QUESTIONNAIRE_PANELS
from ketacore.testing import scores

WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
SDC_ITEMS = {f"H1/T1/Q{n}": n for n in range(1, 10)}


# --- code tables ----------------------------------------------------------------------


def test_questionnaire_panels_agree_with_the_instruments() -> None:
    for instrument_id, panel in QUESTIONNAIRE_PANELS.items():
        assert CATALOGUE[instrument_id].loinc_panel == panel


def test_answer_lists_give_each_item_value_once_on_the_item_scale() -> None:
    for instrument_id, answers in ANSWER_LISTS.items():
        instrument = CATALOGUE[instrument_id]
        values = [answer.value for answer in answers.answers]
        for item in instrument.items:
            assert sorted(values) == list(range(item.low, item.high + 1))


def test_item_codes_are_unique_within_each_instrument() -> None:
    for instrument in CATALOGUE.values():
        codes = [item.loinc for item in instrument.items if item.loinc is not None]
        assert len(codes) == len(set(codes))


def test_the_us_core_questionnaire_gives_the_answer_scores_of_our_table() -> None:
    # The published US Core PHQ-9 Questionnaire carries ordinalValue on each answer:
    # the same pairs as ketacore's LL358-3 table, read independently.
    weights = answer_weights(load("us-core-Questionnaire-phq-9-example.json"))
    ours = {("http://loinc.org", a.code): a.value for a in ANSWER_LISTS["phq9"].answers}
    assert weights == ours


def test_vital_sign_and_route_tables_are_complete() -> None:
    from ketacore.doses import Route

    assert set(ROUTES) == set(Route)
    assert set(VITAL_SIGNS) == {"systolic", "diastolic", "heart_rate", "spo2", "respiratory_rate"}


# --- published examples ---------------------------------------------------------------


def test_us_core_phq9_response_scores_12_moderate() -> None:
    # Clinical reference worked example 1: items 2,2,2,2,1,1,2,0,0 -> 12, moderate,
    # no item-9 flag; the response carries its own total (12), which is checked.
    score = from_questionnaire_response(load("us-core-QuestionnaireResponse-phq-9-example.json"))
    assert score.instrument is PHQ9
    assert score.values == (2, 2, 2, 2, 1, 1, 2, 0, 0)
    assert score.total == 12
    assert score.severity is not None
    assert score.severity.label == "moderate"
    assert score.flags == ()


def test_us_core_response_with_a_wrong_total_is_rejected_at_the_total() -> None:
    resource = load("us-core-QuestionnaireResponse-phq-9-example.json")
    resource["item"][9]["answer"][0]["valueDecimal"] = 13
    with pytest.raises(FhirError) as caught:
        from_questionnaire_response(resource)
    assert caught.value.path == "item[9].answer[0]"
    assert caught.value.value == 13


def test_sdc_phq9_response_items_score_10_and_its_total_13_is_caught() -> None:
    resource = load("sdc-QuestionnaireResponse-questionnaireresponse-sdc-profile-example-PHQ9.json")
    weights = answer_weights(load("sdc-CodeSystem-CSPHQ9.json"))
    options = {"instrument": "phq9", "items": SDC_ITEMS, "weights": weights}
    with pytest.raises(FhirError) as caught:
        from_questionnaire_response(resource, total_link_id="H1/TS", **options)  # type: ignore[arg-type]
    assert caught.value.path == "item[0].item[9].answer[0]"
    assert "the total of the items, 10" in str(caught.value)
    score = from_questionnaire_response(
        resource,
        total_link_id="H1/TS",
        supplied_total="ignore",
        **options,  # type: ignore[arg-type]
    )
    assert score.values == (0, 0, 0, 1, 2, 1, 3, 2, 1)
    assert score.total == 10
    assert [flag.item for flag in score.flags] == [9]


def test_sdc_response_without_the_form_mapping_names_the_unknown_questionnaire() -> None:
    resource = load("sdc-QuestionnaireResponse-questionnaireresponse-sdc-profile-example-PHQ9.json")
    with pytest.raises(FhirError) as caught:
        from_questionnaire_response(resource)
    assert caught.value.path == "questionnaire"


def test_published_examples_validate_as_r4b() -> None:
    for name in (
        "us-core-QuestionnaireResponse-phq-9-example.json",
        "sdc-QuestionnaireResponse-questionnaireresponse-sdc-profile-example-PHQ9.json",
        "sdc-CodeSystem-CSPHQ9.json",
    ):
        validate(load(name))


# --- writing --------------------------------------------------------------------------


def test_phq9_response_uses_loinc_items_and_the_frequency_answers() -> None:
    resource = validate(to_questionnaire_response(PHQ9.score([0, 1, 2, 3, 0, 1, 2, 3, 0])))
    assert resource["questionnaire"] == "http://loinc.org/q/44249-1"
    link_ids = [item["linkId"] for item in resource["item"]]
    assert link_ids == [item.loinc for item in PHQ9.items]
    codes = [item["answer"][0]["valueCoding"]["code"] for item in resource["item"]]
    assert codes[:4] == ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"]


def test_worked_example_2_phq9_all_threes_severe_with_item9_flag() -> None:
    # Clinical reference worked example 2 (MII PROMs example): 27, severe, item-9 flag.
    score = PHQ9.score([3] * 9)
    obs = validate(to_observation(score, subject="Patient/p1", effective=WHEN))
    assert obs["code"]["coding"] == [{"system": "http://loinc.org", "code": "44261-6"}]
    assert obs["valueQuantity"] == {
        "value": 27,
        "unit": "{score}",
        "system": "http://unitsofmeasure.org",
        "code": "{score}",
    }
    assert obs["interpretation"][0]["text"] == "severe"
    [component] = obs["component"]
    assert component["code"]["coding"][0]["code"] == "44260-8"
    assert component["valueCodeableConcept"]["coding"][0]["code"] == "triggered"


def test_worked_example_4_gad7_is_7_mild_under_70274_6() -> None:
    # Clinical reference worked example 4 (PACIO GAD-7): 1,1,1,1,0,1,2 -> 7, mild.
    score = GAD7.score([1, 1, 1, 1, 0, 1, 2])
    obs = validate(
        to_observation(
            score, subject="Patient/p1", effective=WHEN, derived_from="QuestionnaireResponse/r1"
        )
    )
    assert obs["code"]["coding"][0]["code"] == "70274-6"
    assert obs["valueQuantity"]["value"] == 7
    assert obs["interpretation"][0]["text"] == "mild"
    assert obs["derivedFrom"] == [{"reference": "QuestionnaireResponse/r1"}]
    qr = validate(to_questionnaire_response(score))
    assert qr["questionnaire"] == "http://loinc.org/q/69737-5"
    assert qr["item"][0]["linkId"] == "69725-0"


def test_an_unanswered_critical_item_is_written_as_unanswered_never_as_no() -> None:
    score = PHQ9.score([1, 1, 1, 1, 1, 1, 1, 1, None], missing="prorate")
    obs = validate(to_observation(score, subject="Patient/p1", effective=WHEN))
    status = obs["component"][0]["valueCodeableConcept"]["coding"][0]["code"]
    assert status == "unanswered"
    qr = validate(to_questionnaire_response(score))
    assert len(qr["item"]) == 8
    assert qr["extension"][0]["url"] == f"{DEFAULT_BASE}/StructureDefinition/prorated"


def test_instrument_without_loinc_uses_the_ketacore_codesystem_under_the_base() -> None:
    base = "https://fhir.example-clinic.org/ketacore"
    score = MADRS.score([3] * 10)
    qr = validate(to_questionnaire_response(score, base=base))
    assert qr["questionnaire"] == f"{base}/Questionnaire/madrs"
    assert qr["item"][0]["linkId"] == "madrs-item-1"
    assert qr["item"][0]["answer"][0] == {"valueInteger": 3}
    obs = validate(to_observation(score, subject="Patient/p1", effective=WHEN, base=base))
    assert obs["code"]["coding"] == [
        {"system": f"{base}/CodeSystem/instruments", "code": "madrs-total"}
    ]
    assert from_questionnaire_response(qr, base=base) == score
    # Under another base the canonical is unknown, but the item codes still name MADRS.
    assert from_questionnaire_response(qr) == score


def test_licensed_instruments_carry_labels_not_item_text() -> None:
    from ketacore.instruments import BDI_II

    score = BDI_II.score([1] * 21)
    qr = to_questionnaire_response(score)
    assert [item["text"] for item in qr["item"]] == [item.label for item in BDI_II.items]


# --- round trips ----------------------------------------------------------------------


@given(score=scores(special_codes=True, prorated=True))
def test_every_score_round_trips_through_a_questionnaire_response(score: Score) -> None:
    resource = validate(
        to_questionnaire_response(score, subject="Patient/p1", authored=WHEN, id="r1")
    )
    missing = "prorate" if score.prorated else "strict"
    assert from_questionnaire_response(resource, missing=missing) == score


@given(score=scores(special_codes=True), data=st.data())
def test_every_total_observation_validates_and_carries_the_total(
    score: Score, data: st.DataObject
) -> None:
    if score.total is None:
        with pytest.raises(FhirError):
            to_observation(score, subject="Patient/p1", effective=WHEN)
        return
    obs = validate(to_observation(score, subject="Patient/p1", effective=WHEN))
    assert obs["valueQuantity"]["value"] == score.total
    assert len(obs.get("component", ())) == len(score.instrument.critical_items)
    band = score.severity
    assert ("interpretation" in obs) == (band is not None)
