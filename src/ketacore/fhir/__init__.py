"""FHIR R4 export and import of scores, questionnaires and treatment courses.

Resources are plain JSON-ready dicts: nothing here needs a FHIR library. Callers
who want model objects install the ``fhir`` extra (``fhir.resources``) and build
them from the dicts. Every code written comes from ketacore's own tables, with
their sources; every code read is checked against them.

>>> from ketacore.fhir import from_questionnaire_response, to_questionnaire_response
>>> from ketacore.instruments import PHQ9
>>> score = PHQ9.score([2, 2, 2, 2, 1, 1, 2, 0, 0])
>>> from_questionnaire_response(to_questionnaire_response(score)) == score
True
"""

from __future__ import annotations

from ketacore.exceptions import FhirError
from ketacore.fhir._bundle_read import from_bundle
from ketacore.fhir._bundle_write import to_bundle
from ketacore.fhir._common import DEFAULT_BASE
from ketacore.fhir._import import answer_weights, from_questionnaire_response
from ketacore.fhir._questionnaire import to_questionnaire
from ketacore.fhir._scores import to_observation, to_questionnaire_response

__all__ = [
    "DEFAULT_BASE",
    "FhirError",
    "answer_weights",
    "from_bundle",
    "from_questionnaire_response",
    "to_bundle",
    "to_observation",
    "to_questionnaire",
    "to_questionnaire_response",
]
