"""LOINC codes of instruments beyond their item codes: questionnaire panels and answer lists.

Item and total codes live on the instruments themselves (:attr:`Item.loinc`,
:attr:`Instrument.loinc_total`); this module adds what a FHIR form needs besides:
which panels are verified enough to be written as a questionnaire canonical, and
the LOINC answer lists whose answers carry the item values.

Every code names its source. "ref 9.1" is section 9.1 of ketacore's clinical
reference (``shared/domain/clinical-reference.md``).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from attrs import frozen

__all__ = [
    "ANSWER_LISTS",
    "LOINC",
    "QUESTIONNAIRE_PANELS",
    "UNSCORED_ITEMS",
    "AnswerCode",
    "AnswerList",
]

LOINC: Final = "http://loinc.org"
"""The FHIR system URI of LOINC (HL7 US Core examples)."""


@frozen
class AnswerCode:
    """One LOINC answer (an ``LA`` code) and the item value it records.

    Attributes:
        code: The answer code, e.g. ``"LA6568-5"``.
        value: The item value it scores as.
        display: LOINC's display text.
    """

    code: str
    value: int
    display: str


@frozen
class AnswerList:
    """A LOINC answer list (an ``LL`` code) with its answers in score order.

    Attributes:
        id: The list's code, e.g. ``"LL358-3"``.
        answers: The answers; each item value appears once.
        source: Where the codes and their values were checked.
    """

    id: str
    answers: tuple[AnswerCode, ...]
    source: str

    def value_of(self, code: str) -> int | None:
        """The item value of answer ``code``, or ``None`` if it is not in the list."""
        for answer in self.answers:
            if answer.code == code:
                return answer.value
        return None

    def answer_for(self, value: int) -> AnswerCode | None:
        """The answer recording item ``value``, or ``None`` if the list has none."""
        for answer in self.answers:
            if answer.value == value:
                return answer
        return None


# LL358-3, the PHQ/GAD frequency list, with the ordinal values the HL7 US Core PHQ-9
# Questionnaire example gives each answer (Questionnaire-phq-9-example.json, extension
# ordinalValue 0-3) and ref 9.1 [2+]; the SDC cqf PHQ-9 example binds the items to
# http://loinc.org/vs/LL358-3.
_FREQUENCY: Final = AnswerList(
    "LL358-3",
    (
        AnswerCode("LA6568-5", 0, "Not at all"),
        AnswerCode("LA6569-3", 1, "Several days"),
        AnswerCode("LA6570-1", 2, "More than half the days"),
        AnswerCode("LA6571-9", 3, "Nearly every day"),
    ),
    "HL7 US Core Questionnaire-phq-9-example.json (ordinalValue 0-3); "
    "HL7 SDC questionnaire-sdc-profile-example-cqf-PHQ9.fsh (LL358-3); ref 9.1 [2+]",
)

ANSWER_LISTS: Final = MappingProxyType(
    {
        # PHQ-2 and PHQ-8 are PHQ-9 items with the PHQ-9 answers (ref 1.1).
        "phq9": _FREQUENCY,
        "phq8": _FREQUENCY,
        "phq2": _FREQUENCY,
        # GAD-7 items take the same frequency answers (ref 9.1 [2+]; the public GAD-7
        # examples, e.g. PGHD QuestionnaireResponse "gad7", answer with LA6568-5).
        "gad7": _FREQUENCY,
    }
)
"""Instrument id -> the LOINC answer list its item values are written with."""

QUESTIONNAIRE_PANELS: Final = MappingProxyType(
    {
        # US Core Questionnaire-phq-9-example.json: code 44249-1; ref 9.1 [2+].
        "phq9": "44249-1",
        # Public GAD-7 Questionnaires (code 69737-5 "Generalized anxiety disorder 7 item
        # (GAD-7)"); ref 1.2 and 9.1 [2+].
        "gad7": "69737-5",
        # Not here: the C-SSRS screener panel 93373-9 is marked unverified [?] in ref 1.13
        # and PHQ-2's 55757-9 is [1] only; those forms use ketacore's own canonical.
    }
)
"""Instrument id -> the verified LOINC panel written as ``http://loinc.org/q/<panel>``."""

UNSCORED_ITEMS: Final = MappingProxyType(
    {
        # The PHQ-9 "difficulty" question, never part of the total: ref 1.1 and 9.1 [2+]
        # (US Core QuestionnaireResponse-phq-9-example.json, linkId "/69722-7").
        "phq9": ("69722-7",),
    }
)
"""Instrument id -> LOINC codes of questions on the form that are not scored."""
