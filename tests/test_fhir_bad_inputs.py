"""Bad FHIR input: each case raises a FhirError carrying the FHIR path, the value and a fix.

A hypothesis test then mutates valid resources at random and checks that nothing
but a KetacoreError ever escapes the readers.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fhir_helpers import load
from ketacore.exceptions import FhirError, KetacoreError
from ketacore.fhir import (
    from_bundle,
    from_questionnaire_response,
    to_bundle,
    to_observation,
    to_questionnaire_response,
)
from ketacore.instruments import CSSRS_SCREENER, PHQ9
from ketacore.testing import example_course, scores

WHEN = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
COURSE = example_course(days=(0,), next_day=10)
BUNDLE = to_bundle(COURSE)
PHQ = to_questionnaire_response(PHQ9.score([2, 2, 2, 2, 1, 1, 2, 0, 0]))
US_CORE = load("us-core-QuestionnaireResponse-phq-9-example.json")


def _qr(
    change: Callable[[dict[str, Any]], object], base: dict[str, Any] = PHQ
) -> Callable[[], Any]:
    def run() -> Any:
        resource = copy.deepcopy(base)
        change(resource)
        return from_questionnaire_response(resource)

    return run


def _at(bundle: dict[str, Any], kind: str, n: int = 0, where: Callable[[Any], bool] = bool) -> int:
    found = [
        i
        for i, entry in enumerate(bundle["entry"])
        if entry["resource"]["resourceType"] == kind and where(entry["resource"])
    ]
    return found[n]


def _vital(resource: dict[str, Any]) -> bool:
    return "identifier" in resource and resource["resourceType"] == "Observation"


def _bp(resource: dict[str, Any]) -> bool:
    return _vital(resource) and resource["code"]["coding"][0]["code"] == "85354-9"


def _bundle(
    kind: str, change: Callable[[dict[str, Any]], object], where: Callable[[Any], bool] = bool
) -> tuple[Callable[[], Any], int]:
    index = _at(BUNDLE, kind, 0, where)

    def run() -> Any:
        bundle = copy.deepcopy(BUNDLE)
        change(bundle["entry"][index]["resource"])
        return from_bundle(bundle, patient=COURSE.patient)

    return run, index


def _whole(change: Callable[[dict[str, Any]], object]) -> Callable[[], Any]:
    def run() -> Any:
        bundle = copy.deepcopy(BUNDLE)
        change(bundle)
        return from_bundle(bundle, patient=COURSE.patient)

    return run


def _set(path: list[Any], value: Any) -> Callable[[Any], None]:
    def change(resource: Any) -> None:
        for key in path[:-1]:
            resource = resource[key]
        resource[path[-1]] = value

    return change


def _drop(path: list[Any]) -> Callable[[Any], None]:
    def change(resource: Any) -> None:
        for key in path[:-1]:
            resource = resource[key]
        del resource[path[-1]]

    return change


def _answer(value: dict[str, Any], item: int = 0) -> Callable[[Any], None]:
    return _set(["item", item, "answer", 0], value)


def _observation(**overrides: Any) -> Callable[[], Any]:
    arguments: dict[str, Any] = {
        "score": PHQ9.score([1] * 9),
        "subject": "Patient/p1",
        "effective": WHEN,
    }
    arguments.update(overrides)
    return lambda: to_observation(**arguments)


def _entry_case(kind: str, change: Callable[[Any], object], tail: str, where: Any = bool) -> Any:
    run, index = _bundle(kind, change, where)
    return run, f"entry[{index}].resource{tail}"


_MA = "MedicationAdministration"
_LONG = "LA" + "9" * 100_000

CASES: list[tuple[str, Callable[[], Any], str]] = [
    # --- QuestionnaireResponse: resource and status -----------------------------------
    ("not a dict", lambda: from_questionnaire_response([]), "resourceType"),  # type: ignore[arg-type]
    ("wrong resource type", _qr(_set(["resourceType"], "Observation")), "resourceType"),
    ("in progress", _qr(_set(["status"], "in-progress")), "status"),
    ("entered in error", _qr(_set(["status"], "entered-in-error")), "status"),
    ("questionnaire not a string", _qr(_set(["questionnaire"], 44249)), "questionnaire"),
    (
        "unknown questionnaire and codes",
        _qr(
            lambda r: (
                [r.update(questionnaire="http://x.org/q"), _set(["item", 0, "linkId"], "x")(r)]
                and [i.update(linkId=f"x{n}") for n, i in enumerate(r["item"])]
            )
        ),
        "questionnaire",
    ),
    # --- items ----------------------------------------------------------------------------
    ("item not an array", _qr(_set(["item"], {})), "item"),
    ("item not an object", _qr(_set(["item", 4], "44251-7")), "item[4]"),
    ("linkId missing", _qr(_drop(["item", 0, "linkId"])), "item[0].linkId"),
    ("linkId not a string", _qr(_set(["item", 0, "linkId"], 5)), "item[0].linkId"),
    ("duplicated linkId", _qr(_set(["item", 1, "linkId"], "44250-9")), "item[1].linkId"),
    ("unknown linkId", _qr(_set(["item", 2, "linkId"], "99999-9")), "item[2].linkId"),
    ("nested items not an array", _qr(_set(["item", 0, "item"], "x")), "item[0].item"),
    # --- answers --------------------------------------------------------------------------
    (
        "answer code not in LL358-3",
        _qr(_set(["item", 3, "answer", 0, "valueCoding", "code"], "LA6572-7")),
        "item[3].answer[0].valueCoding.code",
    ),
    (
        "not a LOINC code at all",
        _qr(_set(["item", 3, "answer", 0, "valueCoding", "code"], "not-a-loinc")),
        "item[3].answer[0].valueCoding.code",
    ),
    (
        "a very long code",
        _qr(_set(["item", 3, "answer", 0, "valueCoding", "code"], _LONG)),
        "item[3].answer[0].valueCoding.code",
    ),
    (
        "coding without code",
        _qr(_drop(["item", 0, "answer", 0, "valueCoding", "code"])),
        "item[0].answer[0].valueCoding.code",
    ),
    (
        "coding not an object",
        _qr(_answer({"valueCoding": "LA6568-5"})),
        "item[0].answer[0].valueCoding",
    ),
    ("integer out of range", _qr(_answer({"valueInteger": 4})), "item[0].answer[0].valueInteger"),
    ("negative integer", _qr(_answer({"valueInteger": -1})), "item[0].answer[0].valueInteger"),
    ("boolean as integer", _qr(_answer({"valueInteger": True})), "item[0].answer[0].valueInteger"),
    ("fractional decimal", _qr(_answer({"valueDecimal": 1.5})), "item[0].answer[0].valueDecimal"),
    ("free-text answer", _qr(_answer({"valueString": "often"})), "item[0].answer[0].valueString"),
    ("date answer", _qr(_answer({"valueDate": "2026-03-02"})), "item[0].answer[0].valueDate"),
    ("two value keys", _qr(_answer({"valueInteger": 1, "valueDecimal": 1})), "item[0].answer[0]"),
    ("unknown value key", _qr(_answer({"valueColour": 1})), "item[0].answer[0]"),
    ("answer not an object", _qr(_answer(3)), "item[0].answer[0]"),  # type: ignore[arg-type]
    (
        "two answers",
        _qr(_set(["item", 0, "answer"], [{"valueInteger": 1}, {"valueInteger": 2}])),
        "item[0].answer",
    ),
    (
        "fractional ordinalValue",
        _qr(
            _answer(
                {
                    "valueCoding": {
                        "system": "http://example.org/own",
                        "code": "a",
                        "extension": [
                            {
                                "url": "http://hl7.org/fhir/StructureDefinition/ordinalValue",
                                "valueDecimal": 1.5,
                            }
                        ],
                    }
                }
            )
        ),
        "item[0].answer[0].valueCoding.extension[0].valueDecimal",
    ),
    # --- scoring ----------------------------------------------------------------------------
    ("missing item, strict", _qr(lambda r: r["item"].pop()), "item"),
    (
        "ambiguous item codes",
        _qr(lambda r: [r.pop("questionnaire"), r.__setitem__("item", r["item"][:3])]),
        "item",
    ),
    (
        "supplied total disagrees",
        _qr(_set(["item", 9, "answer", 0, "valueDecimal"], 11), US_CORE),
        "item[9].answer[0]",
    ),
    (
        "supplied total as text",
        _qr(_set(["item", 9, "answer", 0], {"valueString": "12"}), US_CORE),
        "item[9].answer[0]",
    ),
    (
        "supplied total fractional",
        _qr(_set(["item", 9, "answer", 0, "valueDecimal"], 12.5), US_CORE),
        "item[9].answer[0].valueDecimal",
    ),
    (
        "unknown instrument id",
        lambda: from_questionnaire_response(PHQ, instrument="phq10"),
        "instrument",
    ),
    (
        "items= without instrument=",
        lambda: from_questionnaire_response(PHQ, items={"x": 1}),
        "instrument",
    ),
    ("base not a URL", lambda: from_questionnaire_response(PHQ, base="ketacore"), "base"),
    # --- writing ----------------------------------------------------------------------------
    ("observation without subject", _observation(subject=None), "subject"),
    ("observation subject malformed", _observation(subject="patient 1"), "subject"),
    (
        "observation naive effective time",
        _observation(effective=datetime(2026, 3, 2, 9, 0)),
        "effectiveDateTime",
    ),
    ("observation without effective time", _observation(effective=None), "effectiveDateTime"),
    (
        "observation of a score without total",
        _observation(score=CSSRS_SCREENER.score([0, 0, None, None, None, 0, None])),
        "valueQuantity",
    ),
    ("observation of a non-score", _observation(score=12), "score"),
    ("observation id malformed", _observation(id="a b"), "id"),
    (
        "response authored naive",
        lambda: to_questionnaire_response(PHQ9.score([1] * 9), authored=datetime(2026, 3, 2)),
        "authored",
    ),
    # --- bundles ----------------------------------------------------------------------------
    ("bundle of wrong type", _whole(_set(["type"], "searchset")), "type"),
    ("bundle entries not an array", _whole(_set(["entry"], {})), "entry"),
    (
        "duplicated fullUrl",
        _whole(lambda b: b["entry"][1].__setitem__("fullUrl", b["entry"][0]["fullUrl"])),
        "entry[1].fullUrl",
    ),
    (
        "two patients",
        _whole(lambda b: b["entry"].append(copy.deepcopy(b["entry"][0]) | {"fullUrl": "urn:x"})),
        f"entry[{len(BUNDLE['entry'])}].resource",
    ),
    (
        "no episode of care",
        _whole(
            lambda b: b.__setitem__(
                "entry", [e for e in b["entry"] if e["resource"]["resourceType"] != "EpisodeOfCare"]
            )
        ),
        "entry",
    ),
]

_ENTRY_CASES: list[tuple[str, str, Callable[[Any], object], str, Any]] = [
    (
        "encounter of another patient",
        "Encounter",
        _set(["subject", "reference"], "Patient/other"),
        ".subject.reference",
        bool,
    ),
    (
        "encounter start without zone",
        "Encounter",
        _set(["period", "start"], "2026-03-02T09:00:00"),
        ".period.start",
        bool,
    ),
    (
        "encounter start not a time",
        "Encounter",
        _set(["period", "start"], "soon"),
        ".period.start",
        bool,
    ),
    (
        "vital sign without effective time",
        "Observation",
        _drop(["effectiveDateTime"]),
        ".effectiveDateTime",
        _vital,
    ),
    ("vital sign without subject", "Observation", _drop(["subject"]), ".subject", _vital),
    (
        "blood pressure in kPa",
        "Observation",
        _set(["component", 0, "valueQuantity", "code"], "kPa"),
        ".component[0].valueQuantity.code",
        _bp,
    ),
    (
        "systolic out of range",
        "Observation",
        _set(["component", 0, "valueQuantity", "value"], 900),
        "",
        _bp,
    ),
    ("dose unit not UCUM", _MA, _set(["dosage", "dose", "code"], "mgs"), ".dosage.dose.code", bool),
    (
        "dose unit not a mass",
        _MA,
        _set(["dosage", "dose", "code"], "mL/h"),
        ".dosage.dose.code",
        bool,
    ),
    (
        "dose system not UCUM",
        _MA,
        _set(["dosage", "dose", "system"], "http://example.org/units"),
        ".dosage.dose.system",
        bool,
    ),
    ("dose value text", _MA, _set(["dosage", "dose", "value"], "0.5"), ".dosage.dose.value", bool),
    (
        "route not SNOMED CT route",
        _MA,
        _set(["dosage", "route", "coding", 0, "code"], "123"),
        ".dosage.route.coding[0].code",
        bool,
    ),
    (
        "drug unknown",
        _MA,
        _set(["medicationCodeableConcept", "coding", 0, "code"], "propofol"),
        ".medicationCodeableConcept.coding[0].code",
        bool,
    ),
    (
        "dose time without zone",
        _MA,
        _set(["effectivePeriod", "start"], "2026-03-02T09:10:00"),
        ".effectivePeriod.start",
        bool,
    ),
    (
        "administration of another encounter",
        _MA,
        _set(["context", "reference"], "urn:uuid:nope"),
        ".context.reference",
        bool,
    ),
    (
        "protocol unknown",
        "EpisodeOfCare",
        _set(["type", 0, "coding", 0, "code"], "ketamine-x"),
        ".type[0].coding[0].code",
        bool,
    ),
    (
        "course start not a date",
        "EpisodeOfCare",
        _set(["period", "start"], "March"),
        ".period.start",
        bool,
    ),
    (
        "score response without authored time",
        "QuestionnaireResponse",
        _drop(["authored"]),
        ".authored",
        bool,
    ),
    (
        "score answer out of range",
        "QuestionnaireResponse",
        _set(["item", 0, "answer", 0], {"valueInteger": 99}),
        ".item[0].answer[0].valueInteger",
        bool,
    ),
]


def _entry_cases() -> list[tuple[str, Callable[[], Any], str]]:
    out = []
    for name, kind, change, tail, where in _ENTRY_CASES:
        run, path = _entry_case(kind, change, tail, where)
        out.append((name, run, path))
    return out


ALL_CASES = CASES + _entry_cases()


def test_the_table_has_at_least_40_cases() -> None:
    assert len(ALL_CASES) >= 40
    assert len({name for name, _, _ in ALL_CASES}) == len(ALL_CASES)


@pytest.mark.parametrize(("name", "run", "path"), ALL_CASES, ids=[c[0] for c in ALL_CASES])
def test_bad_input_raises_a_fhir_error_with_path_value_and_fix(
    name: str, run: Callable[[], Any], path: str
) -> None:
    with pytest.raises(FhirError) as caught:
        run()
    problem = caught.value
    assert isinstance(problem, ValueError)
    assert problem.path == path, str(problem)
    message = str(problem)
    assert message.startswith(f"{path}: got ")
    assert "expected" in message
    assert len(message) < 2000  # a bad value is quoted by a bounded prefix


def test_a_domain_rule_broken_in_a_bundle_is_chained() -> None:
    index = _at(BUNDLE, "Encounter")
    bundle = copy.deepcopy(BUNDLE)
    # Observation ends before the dose: DosingSession refuses it.
    bundle["entry"][index]["resource"]["period"]["end"] = "2026-03-02T09:00:00+00:00"
    with pytest.raises(FhirError) as caught:
        from_bundle(bundle, patient=COURSE.patient)
    assert caught.value.path == f"entry[{index}].resource"
    assert isinstance(caught.value.__cause__, KetacoreError)


# --- mutation -------------------------------------------------------------------------

_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["LA6568-5", "44250-9", "mg", "mm[Hg]", "2026-03-02T09:00:00+00:00"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            out.extend(_paths(inner, (*prefix, key)))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            out.extend(_paths(inner, (*prefix, index)))
    return out


@st.composite
def _mutated(draw: st.DrawFn, original: Any) -> Any:
    resource = copy.deepcopy(original)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = [p for p in _paths(resource) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        holder = resource
        for key in path[:-1]:
            holder = holder[key]
        action = draw(st.sampled_from(["replace", "delete", "duplicate"]))
        if action == "delete":
            del holder[path[-1]]
        elif action == "duplicate" and isinstance(holder, list):
            holder.append(copy.deepcopy(holder[path[-1]]))
        else:
            holder[path[-1]] = draw(_JSON)
    return resource


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), score=scores(prorated=True))
def test_mutated_responses_raise_only_ketacore_errors(data: st.DataObject, score: Any) -> None:
    resource = data.draw(_mutated(to_questionnaire_response(score, authored=WHEN)))
    with contextlib.suppress(KetacoreError):
        from_questionnaire_response(resource, missing="prorate")


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(bundle=_mutated(BUNDLE))
def test_mutated_bundles_raise_only_ketacore_errors(bundle: Any) -> None:
    with contextlib.suppress(KetacoreError):
        from_bundle(bundle, patient=COURSE.patient)
