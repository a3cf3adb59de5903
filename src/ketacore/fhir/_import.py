"""Scoring any QuestionnaireResponse: find the instrument, read the answers, score again."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from decimal import Decimal
from typing import Any, Final, Literal

from ketacore.exceptions import FhirError, ScoringError, UnknownInstrumentError
from ketacore.fhir._answers import Weights, coding_weight, read_answer
from ketacore.fhir._coding import FormCoding, coding_for, known_forms
from ketacore.fhir._common import (
    DEFAULT_BASE,
    check_base,
    error,
    fail,
    get_dict,
    get_list,
    get_str,
    want_type,
)
from ketacore.instruments import Instrument, MissingPolicy, Score
from ketacore.instruments._catalogue import resolve
from ketacore.instruments._loinc import UNSCORED_ITEMS

__all__ = ["answer_weights", "from_questionnaire_response", "leaf_items"]

_STATUSES: Final = ("completed", "amended")
_MAX_ITEMS: Final = 2000
_MAX_DEPTH: Final = 10


def leaf_items(
    items: list[Any], path: str, depth: int = 0
) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Yield ``(path, item)`` for every item with answers, groups flattened."""
    if depth > _MAX_DEPTH:
        fail(path, None, f"items nested at most {_MAX_DEPTH} deep", got="deeper nesting")
    if len(items) > _MAX_ITEMS:
        fail(path, None, f"at most {_MAX_ITEMS} items", got=f"{len(items)} items")
    for index, entry in enumerate(items):
        here = f"{path}[{index}]"
        if not isinstance(entry, Mapping):
            fail(here, entry, "an item object with a linkId")
        get_str(entry, "linkId", f"{here}.linkId", required=True)
        children = get_list(entry, "item", f"{here}.item")
        if "answer" in entry:
            yield here, entry
        if children:
            yield from leaf_items(children, f"{here}.item", depth + 1)


def _normalise(link_id: str) -> str:
    # US Core writes "/44250-9"; other guides the bare code.
    return link_id[1:] if link_id.startswith("/") else link_id


def _by_canonical(canonical: str, base: str) -> FormCoding | None:
    url = canonical.split("|", 1)[0]
    for form in known_forms(base):
        if form.canonical == url:
            return form
    return None


def _by_codes(codes: dict[str, str], base: str) -> FormCoding | None:
    answered = set(codes)
    totals = {form.total[1] for form in known_forms(base) if form.total is not None}
    given_total = answered & totals
    candidates = []
    for form in known_forms(base):
        unscored = set(UNSCORED_ITEMS.get(form.instrument.id, ()))
        total = {form.total[1]} if form.total is not None else set()
        if given_total and not given_total <= total:
            continue
        scored = answered - unscored - total
        if scored and scored <= set(form.by_code):
            candidates.append((form, scored == set(form.by_code)))
    exact = [form for form, is_exact in candidates if is_exact]
    if len(exact) == 1:
        return exact[0]
    if len(candidates) == 1:
        return candidates[0][0]
    if candidates:
        names = ", ".join(sorted(form.instrument.id for form, _ in candidates))
        fail(
            "item",
            None,
            "item codes that name one instrument",
            f"pass instrument= (one of {names})",
            got=f"codes shared by {names}",
        )
    return None


def _identify(
    resource: Mapping[str, Any],
    leaves: list[tuple[str, Mapping[str, Any]]],
    instrument: Instrument | str | None,
    base: str,
) -> FormCoding:
    if instrument is not None:
        try:
            return coding_for(resolve(instrument, error=FhirError), base)
        except UnknownInstrumentError as problem:
            raise error(
                "instrument", instrument, "an instrument id such as 'phq9'", str(problem)
            ) from problem
    canonical = get_str(resource, "questionnaire", "questionnaire")
    if canonical is not None:
        form = _by_canonical(canonical, base)
        if form is not None:
            return form
    codes = {_normalise(str(entry["linkId"])): path for path, entry in leaves}
    form = _by_codes(codes, base) if codes else None
    if form is None:
        fail(
            "questionnaire",
            canonical,
            "a questionnaire ketacore knows (http://loinc.org/q/<panel>, "
            f"{base}/Questionnaire/<id>) or items keyed by its LOINC or ketacore codes",
            "pass instrument= (and items= for linkIds of the form's own)",
        )
    return form


def _supplied_total(entry: Mapping[str, Any], path: str) -> int:
    answers = get_list(entry, "answer", f"{path}.answer")
    if len(answers) != 1 or not isinstance(answers[0], Mapping):
        fail(f"{path}.answer", answers, "one answer holding the total")
    answer = answers[0]
    here = f"{path}.answer[0]"
    if "valueInteger" in answer or "valueDecimal" in answer:
        key = "valueInteger" if "valueInteger" in answer else "valueDecimal"
        raw = answer[key]
    elif "valueQuantity" in answer:
        quantity = get_dict(answer, "valueQuantity", f"{here}.valueQuantity")
        key = "valueQuantity.value"
        raw = None if quantity is None else quantity.get("value")
    else:
        fail(here, sorted(answer), "a total as valueInteger, valueDecimal or valueQuantity")
    if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal) or raw % 1 != 0:
        fail(f"{here}.{key}", raw, "a whole-number total")
    return int(raw)


def from_questionnaire_response(
    resource: Mapping[str, Any],
    *,
    instrument: Instrument | str | None = None,
    missing: MissingPolicy = "strict",
    items: Mapping[str, int] | None = None,
    weights: Weights | None = None,
    total_link_id: str | None = None,
    ignore: Collection[str] = (),
    supplied_total: Literal["check", "ignore"] = "check",
    base: str = DEFAULT_BASE,
) -> Score:
    """Score a FHIR R4 QuestionnaireResponse (a JSON-ready dict) with ketacore's instrument.

    The instrument is ``instrument`` if given, else the one named by
    ``questionnaire`` (``http://loinc.org/q/44249-1``, ``<base>/Questionnaire/madrs``),
    else the one whose LOINC or ketacore item codes the ``linkId`` values are
    (``"44250-9"`` or US Core's ``"/44250-9"``). Answers may be LOINC answer
    codings (LL358-3 for the PHQ and GAD-7), codings with an ``ordinalValue`` (or
    ``itemWeight``) extension, codings listed in ``weights``, or ``valueInteger``.
    The items are scored again under ``missing``; a total found in the response
    (the total's code as a linkId) is checked against them, never trusted.

    Args:
        resource: The QuestionnaireResponse.
        instrument: The instrument (or id), when the response does not say.
        missing: ``"strict"`` or ``"prorate"``, as :meth:`Instrument.score` takes it.
        items: ``linkId -> item number`` for forms with their own linkIds
            (the SDC PHQ-9 example's ``"H1/T1/Q1"``).
        weights: ``(system, code) -> value`` for forms with their own answer codes;
            :func:`answer_weights` reads them from the form's CodeSystem or Questionnaire.
        total_link_id: linkId of the form's own total item (the SDC example's ``"H1/TS"``);
            the total's code as a linkId is always recognised.
        ignore: linkIds of unscored questions to skip (PHQ-9's 69722-7 is always skipped).
        supplied_total: ``"check"`` (default) raises when a total in the response
            disagrees with the items; ``"ignore"`` skips the check.
        base: Canonical base of ketacore's own codes (see :data:`DEFAULT_BASE`).

    Raises:
        FhirError: the resource is not a completed QuestionnaireResponse, the
            instrument cannot be found, a linkId is unknown or given twice, an answer
            is not in the instrument's answer list or range, the items do not score
            under ``missing``, or a supplied total disagrees. The error's ``path``
            names the element (``item[3].answer[0].valueCoding.code``).
    """
    resource = want_type(resource, "QuestionnaireResponse")
    base = check_base(base)
    status = resource.get("status")
    if status not in _STATUSES:
        fail("status", status, "'completed' or 'amended'", "score only finished responses")
    leaves = list(leaf_items(get_list(resource, "item", "item"), "item"))
    if items is not None and instrument is None:
        fail("instrument", None, "an instrument when items= maps the linkIds", "pass instrument=")
    form = _identify(resource, leaves, instrument, base)
    inst = form.instrument
    skipped = set(ignore) | set(UNSCORED_ITEMS.get(inst.id, ()))
    responses: dict[int | str, int | str | None] = {}
    seen: dict[str, str] = {}
    numbers: set[int] = set()
    total_at: tuple[str, Mapping[str, Any]] | None = None
    for path, entry in leaves:
        raw_link = str(entry["linkId"])
        if raw_link in seen:
            fail(f"{path}.linkId", raw_link, "each linkId once", got=f"a second {raw_link!r}")
        seen[raw_link] = path
        link = _normalise(raw_link)
        if raw_link in skipped or link in skipped:
            continue
        if raw_link == total_link_id or (form.total is not None and link == form.total[1]):
            total_at = (path, entry)
            continue
        if items is not None and raw_link in items:
            number, item_form = items[raw_link], None
            if isinstance(number, bool) or not isinstance(number, int):
                fail("items", number, "item numbers (int)")
        else:
            coding = form.by_code.get(link)
            if coding is None:
                fail(
                    f"{path}.linkId",
                    raw_link,
                    f"an item code of {inst.short_name} (e.g. {form.items[0].code!r})",
                    "pass items= to map the form's own linkIds, or ignore= to skip the question",
                )
            number, item_form = coding.number, coding.form
        if not 1 <= number <= len(inst.items):
            fail("items", number, f"item numbers 1-{len(inst.items)}")
        key: int | str = number if item_form is None else f"{number}{item_form}"
        if number in numbers:
            fail(f"{path}.linkId", raw_link, f"item {number} answered once", got="a second answer")
        numbers.add(number)
        item = inst.item(number)
        if get_list(entry, "answer", f"{path}.answer"):
            responses[key] = read_answer(entry, form, item, weights, path)
    try:
        score = inst.score(responses, missing=missing)
    except ScoringError as error:
        fail(
            "item",
            None,
            f"answers that score under missing={missing!r}: {error}",
            "answer every item, or pass missing='prorate' where the instrument allows it",
            got="answers that do not score",
        )
    if total_at is not None and supplied_total == "check":
        path, entry = total_at
        given = _supplied_total(entry, path)
        if given != score.total:
            fail(
                f"{path}.answer[0]",
                given,
                f"the total of the items, {score.total!r}",
                "the response's total disagrees with its items; pass supplied_total='ignore' "
                "to score the items alone",
            )
    return score


def answer_weights(resource: Mapping[str, Any]) -> dict[tuple[str, str], int]:
    """Read the answer scores a form defines, for ``from_questionnaire_response(weights=)``.

    From a CodeSystem: each concept's ``itemWeight`` property (the SDC PHQ-9
    CodeSystem). From a Questionnaire: each ``answerOption.valueCoding`` with an
    ``ordinalValue`` or ``itemWeight`` extension (US Core PHQ-9 Questionnaire).

    Raises:
        FhirError: the resource is neither, or a weight is not a whole number.
    """
    if not isinstance(resource, Mapping) or resource.get("resourceType") not in (
        "CodeSystem",
        "Questionnaire",
    ):
        want_type(resource, "CodeSystem")
    weights: dict[tuple[str, str], int] = {}
    if resource["resourceType"] == "CodeSystem":
        system = get_str(resource, "url", "url", required=True)
        assert system is not None
        for index, concept in enumerate(get_list(resource, "concept", "concept")):
            path = f"concept[{index}]"
            if not isinstance(concept, Mapping):
                fail(path, concept, "a concept object")
            code = get_str(concept, "code", f"{path}.code", required=True)
            for p_index, prop in enumerate(get_list(concept, "property", f"{path}.property")):
                if isinstance(prop, Mapping) and prop.get("code") == "itemWeight":
                    weight = prop.get("valueDecimal")
                    here = f"{path}.property[{p_index}].valueDecimal"
                    if isinstance(weight, bool) or not isinstance(weight, int | float):
                        fail(here, weight, "a whole-number weight")
                    if weight % 1 != 0:
                        fail(here, weight, "a whole-number weight")
                    assert code is not None
                    weights[(system, code)] = int(weight)
        return weights
    questionnaire_items = get_list(resource, "item", "item")
    _collect(questionnaire_items, "item", weights, 0)
    return weights


def _collect(items: list[Any], path: str, weights: dict[tuple[str, str], int], depth: int) -> None:
    if depth > _MAX_DEPTH:
        fail(path, None, f"items nested at most {_MAX_DEPTH} deep")
    for index, entry in enumerate(items):
        here = f"{path}[{index}]"
        if not isinstance(entry, Mapping):
            fail(here, entry, "an item object")
        for o_index, option in enumerate(get_list(entry, "answerOption", f"{here}.answerOption")):
            where = f"{here}.answerOption[{o_index}]"
            coding = option.get("valueCoding") if isinstance(option, Mapping) else None
            if not isinstance(coding, Mapping):
                continue
            weight = coding_weight(option, where)
            if weight is None:
                weight = coding_weight(coding, f"{where}.valueCoding")
            system, code = coding.get("system"), coding.get("code")
            if weight is not None and isinstance(system, str) and isinstance(code, str):
                weights[(system, code)] = weight
        _collect(get_list(entry, "item", f"{here}.item"), f"{here}.item", weights, depth + 1)
