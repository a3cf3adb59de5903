"""hypothesis strategies for *invalid* raw input, to fuzz a caller's validation.

Every value drawn here is rejected by ketacore with a
:class:`~ketacore.exceptions.KetacoreError` (and nothing else):
:func:`invalid_responses` by :meth:`Instrument.score`,
:func:`invalid_patient_fields` by ``Patient(**fields)``, and
:func:`invalid_documents` by :func:`ketacore.serialization.from_dict`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, Final

from hypothesis import strategies as st

from ketacore.instruments import Instrument, MissingPolicy, get
from ketacore.testing._instrument_strategies import item_values
from ketacore.testing._patient_builders import example_consent

__all__ = ["invalid_documents", "invalid_patient_fields", "invalid_responses"]


def _resolve(instrument: str | Instrument) -> Instrument:
    return instrument if isinstance(instrument, Instrument) else get(instrument)


# -- responses ------------------------------------------------------------------------------


def _replace(values: list[Any], index: int, value: Any) -> list[Any]:
    changed = list(values)
    changed[index] = value
    return changed


def _skipped_but_answered(
    inst: Instrument, base: st.SearchStrategy[list[int]], gate: int, number: int
) -> st.SearchStrategy[list[Any]]:
    item = inst.items[number - 1]
    answers = st.integers(min_value=max(item.low, 1), max_value=item.high)
    return st.tuples(base, answers).map(
        lambda pair: _replace(_replace(pair[0], gate - 1, 0), number - 1, pair[1])
    )


def invalid_responses(
    instrument: str | Instrument, *, missing: MissingPolicy = "strict"
) -> st.SearchStrategy[Any]:
    """Raw responses that ``instrument.score(..., missing=missing)`` rejects with a ScoringError.

    Each is a complete, valid response with one thing wrong: the wrong number
    of items, an integer outside an item's scale (and not a special code), a
    float, a bool, a string that is not a lettered option, an unknown item key,
    an answer to a question the skip logic skipped (C-SSRS), more missing
    items than the prorating rule allows (or any missing item under
    ``missing="strict"``), or not a sequence or mapping at all.

    Raises:
        UnknownInstrumentError: no instrument has that id (at draw time).
    """
    return st.deferred(lambda: _invalid_responses(_resolve(instrument), missing))


def _invalid_responses(inst: Instrument, missing: MissingPolicy) -> st.SearchStrategy[Any]:
    n = len(inst.items)
    base = item_values(inst)
    positions = st.integers(min_value=0, max_value=n - 1)

    def out_of_range(index: int) -> st.SearchStrategy[int]:
        item = inst.items[index]
        below = st.integers(max_value=item.low - 1)
        above = st.integers(min_value=item.high + 1)
        return (below | above).filter(lambda value: value not in item.allowed)

    def text(index: int) -> st.SearchStrategy[str]:
        return st.text(max_size=4).filter(lambda value: value not in inst.items[index].options)

    def one_bad_value(kind: Callable[[int], st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
        return st.tuples(base, positions).flatmap(
            lambda pair: kind(pair[1]).map(lambda bad: _replace(pair[0], pair[1], bad))
        )

    cases: list[st.SearchStrategy[Any]] = [
        st.lists(st.integers(0, 3), max_size=n + 3).filter(lambda values: len(values) != n),
        one_bad_value(out_of_range),
        one_bad_value(lambda _: st.floats()),
        one_bad_value(lambda _: st.booleans()),
        one_bad_value(text),
        base.flatmap(
            lambda values: st.sampled_from([0, -1, n + 1, "x", "1A", "", None]).map(
                lambda key: {**dict(enumerate(values, start=1)), key: 0}
            )
        ),
        st.one_of(st.text(), st.integers(), st.none(), st.just({1, 2})),
    ]
    # An answer given to a question the skip logic skipped.
    for skip in inst.skip_rules:
        for number in skip.items:
            cases.append(_skipped_but_answered(inst, base, skip.gate, number))
    # Missing items: any under "strict"; more than the rule allows under "prorate".
    dependents = {number for skip in inst.skip_rules for number in skip.items}
    answerable = [i for i in range(n) if i + 1 not in dependents]
    rule = inst.prorating
    fewest = 1 if missing == "strict" or rule is None else rule.max_missing + 1
    if fewest <= len(answerable):
        cases.append(
            st.tuples(
                base,
                st.lists(st.sampled_from(answerable), min_size=fewest, max_size=n, unique=True),
            ).map(lambda pair: [None if i in pair[1] else v for i, v in enumerate(pair[0])])
        )
    return st.one_of(cases)


# -- patient fields ---------------------------------------------------------------------------

_DAY: Final = date(2026, 3, 2)
_INVALID_FIELDS: Final[dict[str, list[Any]]] = {
    "identifier": ["", "   ", " PT-1", "PT-1 ", 42, None, b"PT-1"],
    "birth_date": [
        "1980-05-17",
        datetime(1980, 5, 17, tzinfo=UTC),
        None,
        1980,
        date(2026, 3, 3),  # after the weight measured on 2 March 2026
    ],
    "sex_at_birth": ["x", "", 1, None, "femal"],
    "weights": ["82 kg", 82, None, [82], ["82 kg"]],
    "heights": ["172 cm", [172], None],
    "diagnoses": ["depression", {"flu"}, 42, [None]],
    "medications": ["sertraline", ["sertraline"], 7],
    "history": [{}, None, "none", []],
    "pregnant": ["yes", 1, None, "False", 0.0],
    "breastfeeding": ["no", 0, None],
    "hypersensitivities": ["ketamine", {"aspirin"}, 1, [None]],
    "antidepressant_trials": [["sertraline"], "sertraline", 3],
    "consent": ["signed", {}, True, 1],
}


def invalid_patient_fields() -> st.SearchStrategy[dict[str, Any]]:
    """Keyword arguments for :class:`~ketacore.patients.Patient` with one invalid field.

    The other fields are valid (an adult weighed 82 kg on 2 March 2026, with
    consent); ``Patient(**fields)`` raises a :class:`~ketacore.exceptions.KetacoreError`
    (a :class:`~ketacore.exceptions.PatientError`, or a
    :class:`~ketacore.exceptions.UnitError` for a bad quantity).
    """
    from ketacore.patients import WeightMeasurement

    def fields(name: str, value: Any) -> dict[str, Any]:
        valid: dict[str, Any] = {
            "identifier": "PT-FUZZ-0001",
            "birth_date": date(1980, 5, 17),
            "sex_at_birth": "female",
            "weights": (WeightMeasurement(measured_on=_DAY, weight="82 kg"),),
            "diagnoses": {"depression"},
            "consent": example_consent(),
        }
        valid[name] = value
        return valid

    same_day = st.just(
        [
            WeightMeasurement(measured_on=_DAY, weight="82 kg"),
            WeightMeasurement(measured_on=_DAY, weight="83 kg"),
        ]
    )
    return st.one_of(
        st.sampled_from(
            [(name, value) for name, values in _INVALID_FIELDS.items() for value in values]
        ).map(lambda pair: fields(*pair)),
        same_day.map(lambda weights: fields("weights", weights)),
    )


# -- documents ------------------------------------------------------------------------------


def _json_values() -> st.SearchStrategy[Any]:
    scalars = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(max_size=10)
    )
    return st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=8), children, max_size=4)
        ),
        max_leaves=12,
    )


def _scalar_paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [p for key, value in data.items() for p in _scalar_paths(value, (*path, key))]
    if isinstance(data, list):
        return [p for index, value in enumerate(data) for p in _scalar_paths(value, (*path, index))]
    if isinstance(data, bool | int | float | str):
        return [path]
    return []


def _set_path(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, *rest = path
    copy: Any = dict(data) if isinstance(data, dict) else list(data)
    copy[head] = _set_path(data[head], tuple(rest), value)
    return copy


def _mutations(document: dict[str, Any]) -> st.SearchStrategy[Any]:
    from ketacore.serialization import SCHEMA_VERSION

    keys = sorted(document)
    data = document["data"]
    non_objects = _json_values().filter(lambda value: not isinstance(value, dict))
    cases: list[st.SearchStrategy[Any]] = [
        st.sampled_from(keys).map(lambda key: {k: v for k, v in document.items() if k != key}),
        st.text(min_size=1, max_size=8)
        .filter(lambda key: key not in document)
        .map(lambda key: {**document, key: None}),
        st.one_of(
            st.integers(max_value=0),
            st.integers(min_value=SCHEMA_VERSION + 1),
            st.booleans(),
            st.none(),
            st.floats(allow_nan=False, allow_infinity=False),
            st.text(max_size=4),
        ).map(lambda version: {**document, "schema_version": version}),
        (st.text(max_size=12).filter(lambda name: not name[:1].isupper()) | non_objects).map(
            lambda name: {**document, "type": name}
        ),
        non_objects.map(lambda value: {**document, "data": value}),
    ]
    if isinstance(data, dict):
        cases.append(
            st.text(min_size=1, max_size=8)
            .filter(lambda key: key not in data)
            .map(lambda key: {**document, "data": {**data, key: 0}})
        )
    if isinstance(data, dict):
        cases.extend(_contradictions(document["type"], data))
    paths = _scalar_paths(data)
    if paths:
        cases.append(
            st.tuples(st.sampled_from(paths), st.sampled_from([[], {}, [1], {"value": 1}])).map(
                lambda pair: {**document, "data": _set_path(data, pair[0], pair[1])}
            )
        )
    return st.one_of(cases)


_UNION_MEMBERS: Final = (
    ("FixedDose", "WeightBasedDose"),
    ("ScheduledSession", "DosingSession", "PreparationSession", "IntegrationSession"),
)


def _contradictions(name: str, data: dict[str, Any]) -> list[st.SearchStrategy[Any]]:
    """Documents that are ambiguous or altered rather than malformed."""
    cases: list[st.SearchStrategy[Any]] = []
    for members in _UNION_MEMBERS:
        if name in members and "kind" in data:  # the type says one member, the kind another
            others = [other for other in members if other != name]
            cases.append(
                st.sampled_from(others).map(
                    lambda other: {"schema_version": 1, "type": other, "data": data}
                )
            )
    if name == "Score" and isinstance(data.get("total"), int):  # 12.0 or true for 12
        total = data["total"]
        cases.append(
            st.sampled_from([float(total), True, False, str(total)]).map(
                lambda bad: {"schema_version": 1, "type": name, "data": {**data, "total": bad}}
            )
        )
    if isinstance(data.get("identifier"), str):  # a number, or attrs.asdict's form
        identifier = data["identifier"]
        cases.append(
            st.sampled_from([77310042, {"value": identifier}, [identifier], None]).map(
                lambda bad: {
                    "schema_version": 1,
                    "type": name,
                    "data": {**data, "identifier": bad},
                }
            )
        )
    return cases


def _default_values() -> st.SearchStrategy[Any]:
    from ketacore.testing._instrument_strategies import scores
    from ketacore.testing._patient_strategies import patients
    from ketacore.testing._session_strategies import dosing_sessions
    from ketacore.testing._strategies import doses, vital_signs

    return st.one_of(doses(), vital_signs(), scores(), patients(), dosing_sessions())


def invalid_documents(*, values: st.SearchStrategy[Any] | None = None) -> st.SearchStrategy[Any]:
    """JSON values that :func:`ketacore.serialization.from_dict` rejects, whatever the type read.

    Half are random JSON values (lists, text, numbers, objects without a
    schema version); half are valid documents (``to_dict`` of a value drawn
    from *values*, by default doses, vital signs, scores, patients and dosing
    sessions) with one mutation: a
    top-level key dropped or added, a bad or newer ``schema_version``, an
    unknown ``type``, ``data`` that is not an object, an unknown field in
    ``data``, a field's value replaced by a list or an object, a ``type``
    that contradicts the ``kind`` tag, a score total written as ``12.0``,
    ``true`` or text, or a patient identifier that is not text.

    Args:
        values: Strategy for the valid values whose documents are mutated.
    """
    from ketacore.serialization import to_dict

    chosen = values if values is not None else st.deferred(_default_values)
    random_values = _json_values().filter(
        lambda value: not (isinstance(value, dict) and "schema_version" in value)
    )
    return random_values | chosen.map(to_dict).flatmap(_mutations)
