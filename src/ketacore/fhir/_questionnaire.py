"""Writing an instrument as a FHIR R4 Questionnaire a form builder can render."""

from __future__ import annotations

import re
from typing import Any

from ketacore.fhir._answers import ORDINAL_VALUE
from ketacore.fhir._coding import FormCoding, coding_for
from ketacore.fhir._common import DEFAULT_BASE, check_base, fail
from ketacore.fhir._scores import item_text
from ketacore.instruments import Instrument, Item
from ketacore.instruments._loinc import LOINC

__all__ = ["to_questionnaire"]


def _options(form: FormCoding, item: Item) -> list[dict[str, Any]]:
    answers = form.answers
    options: list[dict[str, Any]] = []
    if answers is not None:
        for answer in answers.answers:
            coding: dict[str, Any] = {
                "extension": [{"url": ORDINAL_VALUE, "valueDecimal": answer.value}],
                "system": LOINC,
                "code": answer.code,
                "display": answer.display,
            }
            options.append({"valueCoding": coding})
    else:
        options.extend({"valueInteger": value} for value in range(item.low, item.high + 1))
    options.extend({"valueInteger": code.value} for code in item.codes)
    options.extend({"valueString": option} for option in item.options)
    return options


def _description(instrument: Instrument) -> str:
    lines = [
        f"{instrument.full_name}; {instrument.variant}; completed by {instrument.completed_by}; "
        f"recall: {instrument.recall}.",
        f"Scoring: {instrument.rule.description} ({instrument.rule.source}).",
    ]
    for item in instrument.items:
        for code in item.codes:
            points = "no total" if code.scores_as is None else f"{code.scores_as} points"
            lines.append(f"Item {item.number}: {code.value} = {code.meaning} ({points}).")
    if instrument.prorating is not None:
        lines.append(f"Missing items: {instrument.prorating.source}.")
    for band_set in instrument.band_sets:
        bands = "; ".join(f"{b.low}-{b.high} {b.label}" for b in band_set.bands)
        lines.append(f"Severity ({band_set.name}): {bands} ({band_set.source}).")
    for rule in instrument.critical_items:
        sign = ">=" if rule.direction == "at_least" else "<="
        lines.append(f"Flag: item {rule.item} {sign} {rule.threshold}: {rule.label}.")
    return "\n".join(lines)


def _name(instrument: Instrument) -> str:
    # Questionnaire.name should be usable as a code identifier (FHIR R4 inv qst-0 / cnl-0).
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", instrument.id))


def to_questionnaire(instrument: Instrument, *, base: str = DEFAULT_BASE) -> dict[str, Any]:
    """Write ``instrument`` as a FHIR R4 Questionnaire (a JSON-ready dict).

    Items carry the codes a response is keyed by (LOINC where it exists, ketacore's
    otherwise) and answer options with their scores: LOINC answer codings with an
    ``ordinalValue`` extension (LL358-3 for the PHQ and GAD-7), integers otherwise,
    plus any special codes and lettered options. Item wording is included only
    where the instrument's licence allows it; otherwise the short label is the
    item text. The scoring rule, bands and flags are described in ``description``;
    skip logic becomes ``enableWhen``.

    >>> from ketacore.instruments import BDI_II, PHQ9
    >>> form = to_questionnaire(PHQ9)
    >>> form["url"], form["item"][0]["text"]
    ('http://loinc.org/q/44249-1', 'Little interest or pleasure in doing things')
    >>> to_questionnaire(BDI_II)["item"][0]["text"]  # licensed: a label, not the wording
    'sadness'

    Raises:
        FhirError: ``instrument`` is not an Instrument or ``base`` is not a URL.
    """
    if not isinstance(instrument, Instrument):
        fail("instrument", instrument, "an Instrument such as ketacore.instruments.PHQ9")
    base = check_base(base)
    form = coding_for(instrument, base)
    gates = {number: skip.gate for skip in instrument.skip_rules for number in skip.items}
    items: list[dict[str, Any]] = []
    for coding in form.items:
        item = instrument.item(coding.number)
        text = item_text(instrument, item.number)
        if coding.form is not None:
            text = f"{text} (form {coding.form})"
        entry: dict[str, Any] = {
            "linkId": coding.link_id,
            "code": [{"system": coding.system, "code": coding.code}],
            "text": text,
            "type": "choice",
            "required": not item.forms and item.number not in gates,
            "answerOption": _options(form, item),
        }
        gate = gates.get(item.number)
        if gate is not None:
            entry["enableWhen"] = [
                {
                    "question": form.item_coding(gate).link_id,
                    "operator": "=",
                    "answerInteger": 1,
                }
            ]
        items.append(entry)
    if form.total is not None:
        system, code = form.total
        items.append(
            {
                "linkId": code,
                "code": [{"system": system, "code": code}],
                "text": f"{instrument.short_name} total score",
                "type": "integer",
                "readOnly": True,
            }
        )
    return {
        "resourceType": "Questionnaire",
        "url": form.canonical,
        "name": _name(instrument),
        "title": instrument.short_name,
        "status": "active",
        "subjectType": ["Patient"],
        "description": _description(instrument),
        "copyright": f"{instrument.licence.note} ({instrument.licence.source})",
        "code": [{"system": form.panel[0], "code": form.panel[1]}],
        "item": items,
    }
