"""Writing a score: a QuestionnaireResponse of its items and an Observation of its total.

Critical-item flags are written as *components* of the total Observation, one per
critical item, each with the item's code and its :class:`FlagStatus` (triggered,
not triggered or unanswered). Why components and not a ``Flag`` or
``RiskAssessment``: the flag is a fact of this administration, read from one
item, so it belongs with the total it came with (same subject, time and
provenance; a reader of the score cannot miss it). A ``Flag`` resource is an
ongoing alert a clinician raises and closes, and a ``RiskAssessment`` is a
prediction with probabilities; ketacore makes neither. Components also let
"unanswered" be written as itself, so unknown is never read as "no".
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Final

from ketacore.courses._fhir_codes import SCORE_UNIT, SURVEY_CATEGORY, UCUM
from ketacore.fhir._coding import FormCoding, coding_for
from ketacore.fhir._common import DEFAULT_BASE, check_base, fail, system_url, write_instant
from ketacore.instruments import Band, Instrument, Score
from ketacore.instruments._loinc import LOINC

__all__ = [
    "FLAG_STATUS_SYSTEM",
    "PRORATED_EXTENSION",
    "SEVERITY_SYSTEM",
    "band_code",
    "item_text",
    "reference",
    "to_observation",
    "to_questionnaire_response",
]

SEVERITY_SYSTEM: Final = "severity-bands"
"""Name of ketacore's CodeSystem of severity bands (codes ``<instrument>.<set>.<band>``)."""

FLAG_STATUS_SYSTEM: Final = "flag-status"
"""Name of ketacore's CodeSystem of critical-item flag statuses (FlagStatus values)."""

PRORATED_EXTENSION: Final = "StructureDefinition/prorated"
"""Path (under the base) of the boolean extension marking a prorated response."""

_REFERENCE: Final = re.compile(r"(?:[A-Za-z]+/[A-Za-z0-9\-.]{1,64}|urn:uuid:[0-9a-f\-]{36})")


def reference(value: object, path: str) -> dict[str, str]:
    """A FHIR Reference to ``value`` (``"Patient/p1"`` or ``"urn:uuid:..."``)."""
    if not isinstance(value, str) or len(value) > 100 or not _REFERENCE.fullmatch(value):
        fail(
            path,
            value,
            "a reference such as 'Patient/p1' or 'urn:uuid:<uuid>'",
            "pass the resource's type and id; a pseudonymous id keeps the patient unnamed",
        )
    return {"reference": value}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def band_code(instrument: Instrument, band_set: str, band: Band) -> str:
    """ketacore's code of a severity band, e.g. ``"phq9.kroenke.moderate"``."""
    return f"{instrument.id}.{band_set}.{_slug(band.label)}"


def item_text(instrument: Instrument, number: int) -> str:
    """The item's wording where the licence allows it, its short label otherwise."""
    item = instrument.item(number)
    return item.text if item.text is not None else item.label


def _answer(form: FormCoding, number: int, value: int, option: str | None) -> dict[str, Any]:
    if option is not None and option not in form.instrument.item(number).forms:
        return {"valueString": option}
    answers = form.answers
    if answers is not None:
        answer = answers.answer_for(value)
        if answer is not None:
            return {
                "valueCoding": {"system": LOINC, "code": answer.code, "display": answer.display}
            }
    return {"valueInteger": value}


def _check_score(score: object) -> Score:
    if not isinstance(score, Score):
        fail(
            "score",
            score,
            "a Score, such as PHQ9.score([...])",
            "score the responses with the instrument first",
        )
    return score


def to_questionnaire_response(
    score: Score,
    *,
    subject: str | None = None,
    authored: datetime | None = None,
    id: str | None = None,
    base: str = DEFAULT_BASE,
) -> dict[str, Any]:
    """Write ``score`` as a FHIR R4 QuestionnaireResponse (a JSON-ready dict).

    The response names the instrument's canonical (``http://loinc.org/q/44249-1``
    for the PHQ-9; ``<base>/Questionnaire/<id>`` without a verified LOINC panel),
    keys each item by its LOINC code where one exists (ketacore's code otherwise),
    and answers with the LOINC answer list where one exists (LL358-3 for the PHQ
    and GAD-7), integers otherwise. Missing items are left out; a prorated score
    carries the ``<base>/StructureDefinition/prorated`` extension.

    >>> from ketacore.instruments import PHQ9
    >>> qr = to_questionnaire_response(PHQ9.score([2, 2, 2, 2, 1, 1, 2, 0, 0]))
    >>> first = qr["item"][0]
    >>> qr["questionnaire"], first["linkId"], first["answer"][0]["valueCoding"]["code"]
    ('http://loinc.org/q/44249-1', '44250-9', 'LA6570-1')

    Raises:
        FhirError: ``score`` is not a Score, or ``subject``, ``id`` or ``base`` is malformed.
    """
    score = _check_score(score)
    base = check_base(base)
    form = coding_for(score.instrument, base)
    options = dict(score.options)
    items: list[dict[str, Any]] = []
    for number, value in enumerate(score.values, start=1):
        if value is None:
            continue
        option = options.get(number)
        is_form = option is not None and option in score.instrument.item(number).forms
        coding = form.item_coding(number, option if is_form else None)
        items.append(
            {
                "linkId": coding.link_id,
                "text": item_text(score.instrument, number),
                "answer": [_answer(form, number, value, option)],
            }
        )
    resource: dict[str, Any] = {"resourceType": "QuestionnaireResponse"}
    if id is not None:
        resource["id"] = _check_id(id)
    if score.prorated:
        resource["extension"] = [{"url": f"{base}/{PRORATED_EXTENSION}", "valueBoolean": True}]
    resource["questionnaire"] = form.canonical
    resource["status"] = "completed"
    if subject is not None:
        resource["subject"] = reference(subject, "subject")
    if authored is not None:
        resource["authored"] = _instant(authored, "authored")
    resource["item"] = items
    return resource


_ID: Final = re.compile(r"[A-Za-z0-9\-.]{1,64}")


def _check_id(value: object) -> str:
    if not isinstance(value, str) or not _ID.fullmatch(value):
        fail("id", value, "a FHIR id: 1-64 letters, digits, '-' or '.'")
    return value


def _instant(value: object, path: str) -> str:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        fail(path, value, "a timezone-aware datetime", "pass tzinfo=, e.g. timezone.utc")
    return write_instant(value)


def to_observation(
    score: Score,
    *,
    subject: str,
    effective: datetime,
    derived_from: str | None = None,
    id: str | None = None,
    base: str = DEFAULT_BASE,
) -> dict[str, Any]:
    """Write the total of ``score`` as a FHIR R4 Observation (a JSON-ready dict).

    ``code`` is the total's LOINC (``44261-6`` PHQ-9, ``70274-6`` GAD-7) or
    ketacore's ``<id>-total``; the value is a ``valueQuantity`` in UCUM ``{score}``;
    ``derivedFrom`` references the QuestionnaireResponse; ``interpretation`` is the
    default severity band; each critical item is a component with its flag status
    (see the module notes for why components).

    >>> from datetime import datetime, timezone
    >>> from ketacore.instruments import PHQ9
    >>> obs = to_observation(PHQ9.score([2, 2, 2, 2, 1, 1, 2, 0, 1]), subject="Patient/p1",
    ...                      effective=datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc))
    >>> obs["code"]["coding"][0]["code"], obs["valueQuantity"]["value"]
    ('44261-6', 13)
    >>> obs["interpretation"][0]["text"], obs["component"][0]["valueCodeableConcept"]["text"]
    ('moderate', 'triggered')

    Raises:
        FhirError: the score has no total, ``subject`` or ``effective`` is missing or
            malformed, or ``base`` is not a URL.
    """
    score = _check_score(score)
    base = check_base(base)
    form = coding_for(score.instrument, base)
    total = score.total
    if total is None or form.total is None:
        fail(
            "valueQuantity",
            None,
            "a score with a total",
            f"{score.instrument.short_name} has no total here: write the response with "
            "to_questionnaire_response",
        )
    system, code = form.total
    resource: dict[str, Any] = {"resourceType": "Observation"}
    if id is not None:
        resource["id"] = _check_id(id)
    resource["status"] = "final"
    resource["category"] = [
        {"coding": [{"system": SURVEY_CATEGORY[0], "code": SURVEY_CATEGORY[1]}]}
    ]
    name = f"{score.instrument.short_name} total score"
    resource["code"] = {"coding": [{"system": system, "code": code}], "text": name}
    resource["subject"] = reference(subject, "subject")
    resource["effectiveDateTime"] = _instant(effective, "effectiveDateTime")
    resource["valueQuantity"] = {
        "value": total,
        "unit": SCORE_UNIT,
        "system": UCUM,
        "code": SCORE_UNIT,
    }
    band_set = score.instrument.bands
    band = score.severity
    if band_set is not None and band is not None:
        resource["interpretation"] = [
            {
                "coding": [
                    {
                        "system": system_url(base, SEVERITY_SYSTEM),
                        "code": band_code(score.instrument, band_set.name, band),
                        "display": band.label,
                    }
                ],
                "text": band.label,
            }
        ]
    if derived_from is not None:
        resource["derivedFrom"] = [reference(derived_from, "derivedFrom[0]")]
    components = []
    for rule, status in zip(score.instrument.critical_items, score.flag_statuses, strict=True):
        coding = form.item_coding(rule.item)
        components.append(
            {
                "code": {
                    "coding": [{"system": coding.system, "code": coding.code}],
                    "text": rule.label,
                },
                "valueCodeableConcept": {
                    "coding": [
                        {
                            "system": system_url(base, FLAG_STATUS_SYSTEM),
                            "code": status.value.replace(" ", "-"),
                            "display": status.value,
                        }
                    ],
                    "text": status.value,
                },
            }
        )
    if components:
        resource["component"] = components
    return resource
