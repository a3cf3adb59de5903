"""FHIR course bundles: what is written, and that every course reads back equal."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from fhir_helpers import validate
from ketacore.courses import CheckIn, Course
from ketacore.exceptions import CourseError, FhirError
from ketacore.fhir import DEFAULT_BASE, from_bundle, to_bundle
from ketacore.sessions import IntegrationSession, PreparationSession, TimedScore
from ketacore.testing import (
    courses,
    dosing_sessions,
    example_course,
    integration_sessions,
    preparation_sessions,
    scheduled_sessions,
    scores,
)

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


@st.composite
def rich_courses(draw: st.DrawFn) -> Course:
    """Courses from ketacore.testing, plus random dosing, planned and psychotherapy sessions,
    follow-up scores of any instrument, and safety check-ins."""
    course = draw(courses(max_sessions=4, max_day=60))
    day = st.integers(min_value=0, max_value=90).map(lambda d: START + timedelta(days=d))
    extra: list[Any] = []
    for number in range(draw(st.integers(min_value=0, max_value=2))):
        session = draw(
            dosing_sessions(dosed_at=draw(day), drug=course.drug).filter(
                lambda s: s.route is course.route
            )
        )
        extra.append(attrs.evolve(session, id=f"D{number}-{session.id}"))
    for number, strategy in enumerate((preparation_sessions(), integration_sessions())):
        for therapy in draw(st.lists(strategy, max_size=1)):
            assert isinstance(therapy, PreparationSession | IntegrationSession)
            extra.append(attrs.evolve(therapy, id=f"T{number}-{therapy.id}", started_at=draw(day)))
    for plan in draw(st.lists(scheduled_sessions(drug=course.drug), max_size=1)):
        if plan.route in (None, course.route):
            extra.append(attrs.evolve(plan, id=f"P-{plan.id}", scheduled_start=draw(day)))
    follow_ups = [
        TimedScore(taken_at=draw(day), score=score)
        for score in draw(st.lists(scores(prorated=True, special_codes=True), max_size=2))
    ]
    checkins = draw(
        st.lists(
            st.builds(
                CheckIn,
                item=st.sampled_from(["cognition", "bladder", "substance_misuse"]),
                on=st.integers(min_value=0, max_value=90).map(
                    lambda d: date(2026, 3, 2) + timedelta(days=d)
                ),
                concern=st.booleans(),
                notes=st.sampled_from(["", "no change", "urgency at night"]),
            ),
            max_size=2,
        )
    )
    try:
        return attrs.evolve(
            course,
            sessions=course.sessions + tuple(extra),
            assessments=course.assessments + tuple(follow_ups),
            checkins=checkins,
        )
    except CourseError:
        reject()


@settings(
    max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(course=rich_courses())
def test_every_course_round_trips_through_a_bundle(course: Course) -> None:
    bundle = to_bundle(course)
    assert from_bundle(bundle, patient=course.patient) == course


@settings(
    max_examples=15, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(course=rich_courses())
def test_every_resource_of_a_bundle_validates_as_r4b(course: Course) -> None:
    bundle = validate(to_bundle(course))
    for entry in bundle["entry"]:
        validate(entry["resource"])


def test_bundle_is_a_pseudonymous_transaction() -> None:
    course = example_course()
    bundle = to_bundle(course)
    assert bundle["type"] == "transaction"
    [patient] = _resources(bundle, "Patient")
    assert patient == {"resourceType": "Patient"}
    text = str(bundle)
    assert course.patient.identifier.value not in text
    assert course.patient.birth_date.isoformat() not in text
    urls = [entry["fullUrl"] for entry in bundle["entry"]]
    assert len(set(urls)) == len(urls)
    assert all(entry["request"]["method"] == "POST" for entry in bundle["entry"])
    assert to_bundle(course) == bundle  # stable: no clock, no randomness


def test_an_identifier_is_written_only_when_passed() -> None:
    bundle = to_bundle(example_course(), identifier=("https://clinic.example/mrn", "MRN-1"))
    [patient] = _resources(bundle, "Patient")
    assert patient["identifier"] == [{"system": "https://clinic.example/mrn", "value": "MRN-1"}]
    referenced = to_bundle(example_course(), subject="Patient/abc")
    assert _resources(referenced, "Patient") == []
    assert {r["subject"]["reference"] for r in _resources(referenced, "Encounter")} == {
        "Patient/abc"
    }


def test_ketamine_infusion_is_coded_with_snomed_route_and_ucum_dose_and_rate() -> None:
    # example_session: 0.5 mg/kg IV over 40 min at 10 mg/mL.
    bundle = to_bundle(example_course(days=(0,), next_day=None))
    [given] = _resources(bundle, "MedicationAdministration")
    dosage = given["dosage"]
    assert dosage["route"]["coding"][0]["system"] == "http://snomed.info/sct"
    assert dosage["route"]["coding"][0]["code"] == "47625008"
    assert dosage["dose"] == {
        "value": 0.5,
        "unit": "mg/kg",
        "system": "http://unitsofmeasure.org",
        "code": "mg/kg",
    }
    # 0.5 mg/kg over 40 min = 0.75 mg/kg/h.
    assert dosage["rateQuantity"]["code"] == "mg/kg/h"
    assert dosage["rateQuantity"]["value"] == pytest.approx(0.75)
    period = given["effectivePeriod"]
    started = datetime.fromisoformat(period["start"])
    assert datetime.fromisoformat(period["end"]) - started == timedelta(minutes=40)


def test_esketamine_is_nasal_in_mg() -> None:
    bundle = to_bundle(example_course(drug="esketamine", days=(0,), next_day=None))
    [given] = _resources(bundle, "MedicationAdministration")
    assert given["dosage"]["route"]["coding"][0]["code"] == "46713006"
    assert given["dosage"]["dose"]["code"] == "mg"
    assert given["dosage"]["dose"]["value"] == 56
    assert given["medicationCodeableConcept"]["coding"] == [
        {"system": f"{DEFAULT_BASE}/CodeSystem/drugs", "code": "esketamine"}
    ]


def test_vital_signs_use_the_fhir_vital_signs_codes() -> None:
    bundle = to_bundle(example_course(days=(0,), next_day=None))
    vitals = [
        r
        for r in _resources(bundle, "Observation")
        if r.get("category", [{}])[0].get("coding", [{}])[0].get("code") == "vital-signs"
    ]
    codes = {r["code"]["coding"][0]["code"] for r in vitals}
    assert "85354-9" in codes
    panel = next(r for r in vitals if r["code"]["coding"][0]["code"] == "85354-9")
    assert [c["code"]["coding"][0]["code"] for c in panel["component"]] == ["8480-6", "8462-4"]
    assert {c["valueQuantity"]["code"] for c in panel["component"]} == {"mm[Hg]"}


def test_scores_are_responses_with_totals_derived_from_them() -> None:
    bundle = to_bundle(example_course(days=(0,), next_day=None))
    responses = {
        e["fullUrl"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    }
    totals = [r for r in _resources(bundle, "Observation") if "derivedFrom" in r]
    assert totals
    for total in totals:
        assert total["derivedFrom"][0]["reference"] in responses
        assert total["valueQuantity"]["code"] == "{score}"


def test_from_bundle_needs_the_protocol_when_it_is_not_built_in() -> None:
    course = example_course()
    bundle = to_bundle(course)
    assert from_bundle(bundle, patient=course.patient, protocol=course.protocol) == course
    other = example_course(drug="esketamine").protocol
    with pytest.raises(FhirError) as caught:
        from_bundle(bundle, patient=course.patient, protocol=other)
    assert caught.value.path is not None
    assert caught.value.path.endswith(".type[0].coding[0].code")
