"""The array path of visit classification gives what one ``classify`` call per visit gives."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketacore.batch import score_array
from ketacore.batch._score import single_scores
from ketacore.batch._visits import (
    RowThresholds,
    classify_long,
    classify_long_per_patient,
)
from ketacore.exceptions import BatchError
from ketacore.instruments import Instrument, get
from ketacore.response import COURSE_TYPES, Status, classify, thresholds_for
from ketacore.response._vector import as_status, classify_totals, expressible, tristate

# PHQ-9 (index rule for remission), MADRS (course-specific remission), BPRS-18 (floor 18,
# no rules of its own), GAD-7 (no remission rule), HAM-D 17, Y-BOCS (companion ratings:
# the per-patient path), MOAA/S (a one-item scale).
_IDS = ("phq9", "madrs", "bprs18", "gad7", "hamd17", "ybocs", "moaas")
_COURSES = (*COURSE_TYPES, "placebo", None)


@st.composite
def _row(draw: st.DrawFn, inst: Instrument) -> list[object]:
    kind = draw(st.sampled_from(["scale", "floor", "top", "odd"]))
    if kind == "floor":  # a baseline at the scale floor: percent change undefined
        return [item.low for item in inst.items]
    if kind == "top":
        return [item.high for item in inst.items]
    row: list[object] = [draw(st.integers(item.low, item.high)) for item in inst.items]
    if kind == "odd":  # missing items (prorated or invalid) and values off the scale
        for _ in range(draw(st.integers(1, 3))):
            index = draw(st.integers(0, len(row) - 1))
            item = inst.items[index]
            row[index] = draw(st.none() | st.integers(item.low - 2, item.high + 2))
    return row


@st.composite
def _long_tables(draw: st.DrawFn) -> dict[str, Any]:
    inst = get(draw(st.sampled_from(_IDS)))
    n_patients = draw(st.integers(1, 6))
    ids: list[object] = draw(
        st.sampled_from(
            [
                [f"P{i}" for i in range(n_patients)],
                [100 - 7 * i for i in range(n_patients)],
            ]
        )
    )
    tied = draw(st.booleans()) and draw(st.booleans())  # a repeated visit, 1 in 4
    rows: list[list[object]] = []
    patients: list[object] = []
    visits: list[object] = []
    courses: list[object] = []
    for patient in ids:
        n_visits = draw(st.integers(1, 4))
        days = draw(st.lists(st.integers(0, 60), min_size=n_visits, max_size=n_visits, unique=True))
        if tied and len(days) > 1:
            days[-1] = days[0]
        course = draw(st.sampled_from(_COURSES))
        for day in days:
            rows.append(draw(_row(inst)))
            patients.append(patient)
            visits.append(float(day) if draw(st.booleans()) else day)
            courses.append(course)
    order = draw(st.permutations(range(len(rows))))
    return {
        "inst": inst,
        "rows": [rows[i] for i in order],
        "patients": [patients[i] for i in order],
        "visits": [visits[i] for i in order],
        "courses": [courses[i] for i in order],
        "missing": draw(st.sampled_from(["strict", "prorate"])),
        "allow_prorated": draw(st.booleans()),
        "given": draw(st.sampled_from([None, "partial30", "percent40", "raw", "fine"])),
        "with_courses": draw(st.booleans()),
    }


def _given(inst: Instrument, name: str | None) -> Any:
    if name is None:
        return None
    if name == "partial30":
        return thresholds_for(inst, partial_percent=30)
    if name == "percent40":
        return thresholds_for(inst, response_percent=40, partial_percent=20)
    if name == "fine":  # too fine a ratio for int64: the per-patient path
        return thresholds_for(inst, response_percent=0.1, partial_percent=0.1)
    return thresholds_for(inst, floor=0)


def _run(table: dict[str, Any], function: Any) -> Any:
    inst = table["inst"]
    values = np.array(table["rows"], dtype=object)
    scores = score_array(inst, values, missing=table["missing"])
    chosen = RowThresholds(
        inst,
        _given(inst, table["given"]),
        table["courses"] if table["with_courses"] else None,
    )
    try:
        result = function(
            scores,
            single_scores(scores, values, None),
            table["patients"],
            table["visits"],
            chosen if function is classify_long else chosen.of_row,
            visit_column="day",
            allow_prorated=table["allow_prorated"],
        )
    except BatchError as exc:
        return str(exc)
    return result.rows()


@settings(max_examples=300)
@given(_long_tables())
def test_array_path_equals_one_classify_call_per_visit(table: dict[str, Any]) -> None:
    assert _run(table, classify_long) == _run(table, classify_long_per_patient)


def test_a_repeated_visit_is_refused_by_both_paths() -> None:
    table = {
        "inst": get("phq9"),
        "rows": [[1] * 9, [2] * 9, [0] * 9],
        "patients": ["a", "a", "b"],
        "visits": [3, 3.0, 1],
        "courses": [None] * 3,
        "missing": "strict",
        "allow_prorated": False,
        "given": None,
        "with_courses": False,
    }
    message = _run(table, classify_long)
    assert "two rows of one patient have the same 'day' (3.0)" in message
    assert message == _run(table, classify_long_per_patient)


# --- the array kernel against classify, pair by pair -----------------------------------


def _score_with_total(inst: Instrument, total: int) -> Any:
    """A score on a plain-sum scale whose total is ``total`` (items filled low to high)."""
    items = [item.low for item in inst.items]
    left = total - sum(items)
    for index, item in enumerate(inst.items):
        step = min(left, item.high - item.low)
        items[index] += step
        left -= step
    score = inst.score(items)
    assert score.total == total
    return score


@st.composite
def _pairs(draw: st.DrawFn) -> tuple[Instrument, Any, list[tuple[Any, Any]]]:
    inst = get(draw(st.sampled_from(("phq9", "madrs", "bprs18", "gad7", "hamd17"))))
    course = draw(st.sampled_from(_COURSES))
    percent = draw(st.sampled_from([None, 50, 33.3, 37.5, 66.7, 100]))
    th = thresholds_for(
        inst,
        course_type=course if course in COURSE_TYPES else None,
        response_percent=percent,
        partial_percent=25 if percent is None or percent >= 25 else percent,
    )
    low, high = inst.total_range  # type: ignore[misc]

    @st.composite
    def pair(draw: st.DrawFn) -> tuple[Any, Any]:
        b = draw(st.integers(low, high))
        # Current totals exactly at, just above and just below each threshold of reduction.
        edges = [b - round((b - th.floor) * q / 100) for q in (25, 30, 50, th.response_percent)]
        edges += [b, low, high, *((th.remission_max_total or 0) + d for d in (-1, 0, 1))]
        c = draw(st.sampled_from(edges) | st.integers(low, high))
        c = min(max(c + draw(st.sampled_from([-1, 0, 0, 1])), low), high)
        scores = [_score_with_total(inst, b), _score_with_total(inst, c)]
        for k in (0, 1):
            if draw(st.integers(0, 9)) == 0:
                scores[k] = None
        return scores[0], scores[1]

    pairs = draw(st.lists(pair(), min_size=1, max_size=20))
    return inst, th, pairs


def _arrays(scores: list[Any]) -> tuple[Any, Any, Any]:
    present = np.array([s is not None for s in scores], dtype=bool)
    total = np.array([np.nan if s is None or s.total is None else float(s.total) for s in scores])
    prorated = np.array([s is not None and s.prorated for s in scores], dtype=bool)
    return present, total, prorated


@settings(max_examples=200)
@given(_pairs(), st.booleans())
def test_classify_totals_matches_classify(
    case: tuple[Instrument, Any, list[tuple[Any, Any]]], allow: bool
) -> None:
    inst, th, pairs = case
    assert expressible(th, inst.total_range)  # type: ignore[arg-type]
    got = classify_totals(
        _arrays([b for b, _ in pairs]),
        _arrays([c for _, c in pairs]),
        [th],
        np.zeros(len(pairs), dtype=np.intp),
        inst.total_range,  # type: ignore[arg-type]
        allow_prorated=allow,
    )
    remission, response = tristate(got.remission), tristate(got.response)
    for i, (b, c) in enumerate(pairs):
        want = classify(b, c, thresholds=th, allow_prorated=allow)
        assert as_status(got, i) == (want.status, want.reason, want.percent_change)
        assert (remission[i], response[i]) == (want.remission, want.response)
        assert bool(got.decided[i]) == (want.baseline_total is not None)


def test_worked_example_madrs_response() -> None:
    # The docstring example of classify: MADRS 34 -> 16 is a 52.9 % reduction, a response
    # (ref §2.4: >= 50 % reduction without remission).
    madrs = get("madrs")
    base = _arrays([madrs.score([4, 4, 4, 4, 4, 3, 3, 3, 3, 2])])
    cur = _arrays([madrs.score([2, 2, 2, 2, 2, 2, 1, 1, 1, 1])])
    got = classify_totals(
        base,
        cur,
        [thresholds_for(madrs)],
        np.zeros(1, dtype=np.intp),
        (0, 60),
        allow_prorated=False,
    )
    status, reason, percent = as_status(got, 0)
    assert (status, reason, round(percent or 0, 1)) == (Status.RESPONSE, None, 52.9)


@pytest.mark.parametrize("percent", [0.1, 1e-9])
def test_ratios_too_fine_for_int64_take_the_per_patient_path(percent: float) -> None:
    # 0.1 is 3602879701896397 / 2**55 exactly: 100 * 2**55 * 28 overflows int64.
    th = thresholds_for(get("phq9"), response_percent=percent, partial_percent=percent)
    assert not expressible(th, (0, 27))
    assert expressible(thresholds_for(get("phq9"), response_percent=33.3), (0, 27))


def test_companion_rules_take_the_per_patient_path() -> None:
    assert not expressible(thresholds_for(get("ybocs")), (0, 40))
    assert expressible(
        thresholds_for(get("ybocs"), response_rule="ipd-optimal", remission_rule="ipd-optimal"),
        (0, 40),
    )


# --- response_table: first against last visit, per patient --------------------------


def _reference_table(table: dict[str, Any]) -> Any:
    """One ``Instrument.score`` per row and one ``classify`` call per patient."""
    from ketacore._row_thresholds import row_thresholds
    from ketacore.exceptions import KetacoreError

    inst = table["inst"]
    groups: dict[str, list[int]] = {}
    for i, patient in enumerate(table["patients"]):
        groups.setdefault(str(patient), []).append(i)

    def score(i: int) -> Any:
        try:
            return inst.score(table["rows"][i], missing=table["missing"])
        except KetacoreError:
            return None

    out = []
    for members in groups.values():
        members.sort(key=lambda i: table["visits"][i])
        days = [table["visits"][i] for i in members]
        if len(set(days)) < len(days):
            return "tie"
        first, last = members[0], members[-1]
        th = row_thresholds(inst, table["courses"][first])
        result = classify(
            score(first),
            score(last) if len(members) > 1 else None,
            thresholds=th,
            allow_prorated=table["missing"] == "prorate",
        )
        change = result.percent_change
        out.append(
            (
                result.status.value,
                None if result.reason is None else result.reason.value,
                None if change is None else round(change, 1),
                result.response,
                result.remission,
                result.baseline_total,
                result.current_total,
                th.remission_rule,
            )
        )
    return out


@settings(max_examples=200)
@given(_long_tables())
def test_response_table_equals_one_classify_call_per_patient(table: dict[str, Any]) -> None:
    from ketacore.exceptions import TableError
    from ketacore.tables import response_table

    inst = table["inst"]
    rows = [
        {
            "patient_id": patient,
            "day": day,
            "course_type": course,
            **{f"{inst.id}_{n + 1}": v for n, v in enumerate(items)},
        }
        for patient, day, course, items in zip(
            table["patients"], table["visits"], table["courses"], table["rows"], strict=True
        )
    ]
    want = _reference_table(table)
    if want == "tie":
        with pytest.raises(TableError, match="two rows of one patient have the same day"):
            response_table(rows, inst, missing=table["missing"])
        return
    got = [
        (
            r["status"],
            r["reason"],
            r["percent_change"],
            r["response"],
            r["remission"],
            r["baseline_total"],
            r["endpoint_total"],
            r["remission_rule"],
        )
        for r in response_table(rows, inst, missing=table["missing"])
    ]
    assert got == want
