"""FHIR export and import: ketacore.fhir vs building the same resources with fhir.resources.

Run: ``python benchmarks/bench_fhir.py`` (needs the ``fhir`` extra). For one PHQ-9
response and for a 12-session course bundle it times ketacore writing the resource
(plain dicts, every code checked against ketacore's tables), ketacore reading it
back (validated, re-scored), and, in the same run, the baseline: parsing the same
JSON-ready dict into ``fhir.resources`` R4B models, which checks structure only.
Not a test: nothing here asserts on time.
"""

from __future__ import annotations

from _timing import per_call_us, row
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from ketacore.fhir import (
    from_bundle,
    from_questionnaire_response,
    to_bundle,
    to_questionnaire_response,
)
from ketacore.instruments import PHQ9
from ketacore.testing import example_course

SCORE = PHQ9.score([2, 2, 2, 2, 1, 1, 2, 0, 1])
RESPONSE = to_questionnaire_response(SCORE)
COURSE = example_course(
    drug="esketamine", days=range(0, 24, 2)
)  # 12 recorded sessions and the next one planned
BUNDLE = to_bundle(COURSE)


def main() -> None:
    sessions = len(COURSE.sessions)
    model_qr = per_call_us(lambda: QuestionnaireResponse.model_validate(RESPONSE))
    model_bundle = per_call_us(lambda: Bundle.model_validate(BUNDLE), repeat=3)
    print(f"PHQ-9 response; course bundle of {sessions} sessions, {len(BUNDLE['entry'])} entries")
    print(
        row(
            "PHQ-9 QuestionnaireResponse: write",
            per_call_us(lambda: to_questionnaire_response(SCORE)),
            model_qr,
        )
    )
    print(
        row(
            "PHQ-9 QuestionnaireResponse: read + re-score",
            per_call_us(lambda: from_questionnaire_response(RESPONSE)),
            model_qr,
        )
    )
    print(
        row("course Bundle: write", per_call_us(lambda: to_bundle(COURSE), repeat=3), model_bundle)
    )
    print(
        row(
            "course Bundle: read back to a Course",
            per_call_us(lambda: from_bundle(BUNDLE, patient=COURSE.patient), repeat=3),
            model_bundle,
        )
    )
    print("baseline: fhir.resources model_validate of the same dict (structure only, no codes)")


if __name__ == "__main__":
    main()
