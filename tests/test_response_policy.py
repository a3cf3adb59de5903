"""One answer per question (issue 10): every entry point resolves rules through one policy."""

from __future__ import annotations

import importlib
import pkgutil
import types
from datetime import date, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ketacore
from ketacore import response, sessions, tables
from ketacore.doses import Drug, Route
from ketacore.exceptions import ResponseError
from ketacore.instruments import GAD7, MADRS, MADRS_24H, PHQ9, QIDS_SR16, Instrument, Score
from ketacore.response import (
    CORE_RESPONSE,
    COURSE_TYPES,
    Reason,
    Status,
    classify,
    course_type,
    thresholds_for,
)
from ketacore.response._policy import course_type_of
from ketacore.tables import response_table
from ketacore.testing import example_course, example_score, item_values

_INSTRUMENTS = (MADRS, PHQ9, GAD7, QIDS_SR16)


def _score(inst: Instrument, total: int) -> Score:
    return example_score(inst.id, total=total)


def _rows(inst: Instrument, course: str | None, totals: list[int]) -> list[dict[str, Any]]:
    out = []
    for day, total in zip(range(0, 28 * len(totals), 28), totals, strict=True):
        values = _score(inst, total).values
        items = {f"{inst.id}_{n}": v for n, v in enumerate(values, start=1)}
        out.append({"patient_id": "P1", "course_type": course, "day": day, **items})
    return out


# --- the examples --------------------------------------------------------------


def _batch_status(rows: list[dict[str, Any]], inst: Instrument) -> list[str | None]:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    from ketacore.batch import pandas as with_pandas
    from ketacore.batch import polars as with_polars

    a = with_pandas.classify_visits(pd.DataFrame(rows), inst, patient="patient_id", visit="day")
    b = with_polars.classify_visits(pl.DataFrame(rows), inst, patient="patient_id", visit="day")
    assert a[f"{inst.id}_status"].tolist() == b[f"{inst.id}_status"].to_list()
    return list(a[f"{inst.id}_status"].tolist())


def test_madrs_34_to_12_on_iv_ketamine_is_response_everywhere() -> None:
    # MADRS remission <= 10 for IV ketamine (Daly 2018, KetECT; ref §1.3, §6.2 D6):
    # 34 -> 12 is a 64.7 % reduction, so response without remission.
    rows = _rows(MADRS, "iv_ketamine", [34, 12])
    assert response_table(rows, MADRS)[0]["status"] == "response"
    assert _batch_status(rows, MADRS) == [None, "response"]
    assert classify(
        _score(MADRS, 34),
        _score(MADRS, 12),
        thresholds=thresholds_for(MADRS, course_type="iv_ketamine"),
    ).status is (Status.RESPONSE)
    course = example_course(drug="ketamine")
    course = attrs.evolve(
        course,
        baselines=[_timed(course, 0, _score(MADRS, 34))],
        assessments=[_timed(course, 7, _score(MADRS, 12))],
    )
    on = course.start + timedelta(days=7)
    status = ketacore.courses.response_status(course, MADRS, on=on).status
    assert status is Status.RESPONSE


def test_gad7_gets_the_same_core_rule_everywhere() -> None:
    # GAD-7 has no response rule of its own (ref §1.2 [?]): every entry point uses the
    # 50 % core definition (ref §2.1), and none decides remission.
    rows = _rows(GAD7, None, [15, 7])
    (row,) = response_table(rows, GAD7)
    assert (row["status"], row["response_rule"], row["remission"]) == ("response", "core", None)
    assert _batch_status(rows, GAD7) == [None, "response"]
    result = classify(_score(GAD7, 15), _score(GAD7, 7))
    assert (result.status, result.remission) == (Status.RESPONSE, None)
    assert thresholds_for(GAD7).response_rule == CORE_RESPONSE.name == "core"


def test_madrs_default_without_a_drug_is_the_d6_rule() -> None:
    # Worked example D6 (ref §6.2): 34 -> 12 is response + remission with the <= 12
    # default, response only with the <= 10 rule.
    default = classify(_score(MADRS, 34), _score(MADRS, 12))
    assert (default.status, default.response) == (Status.REMISSION, True)
    assert default.thresholds is not None
    assert default.thresholds.remission_max_total == 12
    iv = classify(
        _score(MADRS, 34),
        _score(MADRS, 12),
        thresholds=thresholds_for(MADRS, remission_rule="ketamine-iv"),
    )
    assert (iv.status, iv.response) == (Status.RESPONSE, True)


@pytest.mark.parametrize("inst", [MADRS, MADRS_24H])
def test_remission_rule_per_course_type_comes_from_the_rule_data(inst: Instrument) -> None:
    # ref §1.3: <= 12 for esketamine protocols, <= 10 for IV ketamine
    assert thresholds_for(inst, course_type="iv_ketamine").remission_max_total == 10
    assert thresholds_for(inst, course_type="esketamine").remission_max_total == 12
    assert thresholds_for(inst, course_type="oral_ketamine").remission_max_total == 12
    assert tables.REMISSION_RULES[(inst.id, "iv_ketamine")] == "ketamine-iv"


def test_unknown_course_types_are_refused_by_the_api() -> None:
    with pytest.raises(ResponseError) as caught:
        thresholds_for(MADRS, course_type="iv-ketamine")
    assert (caught.value.field, caught.value.value) == ("course_type", "iv-ketamine")
    with pytest.raises(ResponseError) as caught:
        course_type("esketamine", "nasal spray")
    assert (caught.value.field, caught.value.value) == ("route", "nasal spray")


def test_course_types_cover_every_drug_and_route() -> None:
    assert set(COURSE_TYPES) == {course_type(d, r) for d in Drug for r in Route}
    assert course_type(Drug.KETAMINE, Route.IV) == "iv_ketamine"
    assert tables.course_type is course_type


# --- PHQ-9 remission: CMS159 / NQF 0710 (ref §1.1) -----------------------------------------


def test_phq9_remission_needs_the_cms159_index_score() -> None:
    # CMS159: patients with an index PHQ-9 > 9; remission = follow-up PHQ-9 < 5.
    low = classify(_score(PHQ9, 6), _score(PHQ9, 4))
    assert low.status is Status.NOT_EVALUABLE
    assert low.reason is Reason.BASELINE_BELOW_MINIMUM
    assert low.remission is None  # unknown, never "no" and never "remission"
    assert classify(_score(PHQ9, 10), _score(PHQ9, 4)).status is Status.REMISSION
    assert classify(_score(PHQ9, 10), _score(PHQ9, 5)).status is Status.RESPONSE
    # the unconditioned variant is a named alternative
    alt = classify(
        _score(PHQ9, 6),
        _score(PHQ9, 4),
        thresholds=thresholds_for(PHQ9, remission_rule="any-baseline"),
    )
    assert alt.remission is True
    rows = _rows(PHQ9, "esketamine", [6, 4])
    assert response_table(rows, PHQ9)[0]["status"] == "not evaluable"


# --- dissociation event: one function ------------------------------------------------


def test_dissociation_event_is_one_function_with_one_convention() -> None:
    assert sessions.dissociation_event is response.dissociation_event
    assert response.dissociation_event(0, 5) is True
    assert response.dissociation_event(4, 4) is False


# --- module-level values are read-only ---------------------------------------------


def _public_values() -> list[tuple[str, object]]:
    out = []
    for info in pkgutil.walk_packages(ketacore.__path__, "ketacore."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            if not isinstance(value, (type, types.FunctionType, types.ModuleType)):
                out.append((f"{info.name}.{name}", value))
    return out


def _mutable_inside(value: object, path: str, seen: set[int]) -> list[str]:
    if id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, (dict, list, set, bytearray)):
        return [path]
    found: list[str] = []
    if isinstance(value, (tuple, frozenset)):
        for i, item in enumerate(value):
            found += _mutable_inside(item, f"{path}[{i}]", seen)
    elif isinstance(value, types.MappingProxyType):
        for key, item in value.items():
            found += _mutable_inside(item, f"{path}[{key!r}]", seen)
    elif attrs.has(type(value)):
        for f in attrs.fields(type(value)):
            found += _mutable_inside(getattr(value, f.name), f"{path}.{f.name}", seen)
    return found


def test_no_public_module_level_value_can_be_changed() -> None:
    mutable = [p for name, v in _public_values() for p in _mutable_inside(v, name, set())]
    assert mutable == []
    with pytest.raises(TypeError):
        tables.REMISSION_RULES[("madrs", "iv_ketamine")] = "riedel"  # type: ignore[index]


# --- every entry point gives the same status per patient (property) ------------------


_BASE_COURSES: dict[str, Any] = {}


def _base_course(kind: str) -> Any:
    if kind not in _BASE_COURSES:
        _BASE_COURSES[kind] = example_course(
            drug="ketamine" if kind == "iv_ketamine" else "esketamine"
        )
    return _BASE_COURSES[kind]


def _timed(course: Any, day: int, score: Score) -> Any:
    """A rating ``day`` days after the example course's baseline time (before its first dose)."""
    when = course.baselines[0].taken_at
    return sessions.TimedScore(taken_at=when + timedelta(days=day), score=score)


@st.composite
def _patients(draw: st.DrawFn, inst: Instrument) -> tuple[str | None, list[tuple[int, list[int]]]]:
    kind = draw(st.sampled_from((*COURSE_TYPES, None, "placebo")))
    days = draw(st.lists(st.integers(0, 90), min_size=2, max_size=4, unique=True))
    return kind, [(day, draw(item_values(inst))) for day in days]


@st.composite
def _cohorts(draw: st.DrawFn) -> tuple[Instrument, list[tuple[str | None, list[Any]]]]:
    inst = draw(st.sampled_from(_INSTRUMENTS))
    return inst, draw(st.lists(_patients(inst), min_size=1, max_size=5))


@settings(max_examples=40)
@given(_cohorts())
def test_every_entry_point_gives_the_same_status_per_patient(
    cohort: tuple[Instrument, list[tuple[str | None, list[Any]]]],
) -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    from ketacore.batch import pandas as with_pandas
    from ketacore.batch import polars as with_polars

    inst, patients = cohort
    rows: list[dict[str, Any]] = []
    expected: dict[str, Status] = {}
    for number, (kind, visits) in enumerate(patients):
        pid = f"SYN-{number:04d}"
        for day, values in visits:
            items = {f"{inst.id}_{n}": v for n, v in enumerate(values, start=1)}
            rows.append({"patient_id": pid, "course_type": kind, "day": day, **items})
        ordered = sorted(visits)
        first, last = inst.score(ordered[0][1]), inst.score(ordered[-1][1])
        expected[pid] = classify(
            first, last, thresholds=thresholds_for(inst, course_type=course_type_of(kind))
        ).status
        if kind in ("iv_ketamine", "esketamine"):
            base = _base_course(kind)
            start = ordered[0][0]
            course = attrs.evolve(
                base,
                baselines=[_timed(base, 0, first)],
                assessments=[_timed(base, d - start, inst.score(v)) for d, v in ordered[1:]],
            )
            on: date = base.baselines[0].taken_at.date() + timedelta(days=ordered[-1][0] - start)
            found = ketacore.courses.response_status(course, inst, on=on).status
            assert found is expected[pid]
    table = {r["patient_id"]: Status(r["status"]) for r in response_table(rows, inst)}
    assert table == expected
    frame = pd.DataFrame(rows).astype({"course_type": object})
    out_pd = with_pandas.classify_visits(frame, inst, patient="patient_id", visit="day")
    out_pl = with_polars.classify_visits(
        pl.DataFrame(rows, infer_schema_length=None), inst, patient="patient_id", visit="day"
    )
    last_day = {pid: max(r["day"] for r in rows if r["patient_id"] == pid) for pid in expected}
    for i, row in enumerate(rows):
        if row["day"] == last_day[row["patient_id"]]:
            want = expected[row["patient_id"]].value
            assert out_pd[f"{inst.id}_status"].iloc[i] == want
            assert out_pl[f"{inst.id}_status"][i] == want


@pytest.mark.parametrize("kind", ["iv_ketamine", "esketamine", "oral_ketamine", None, "placebo"])
def test_plots_draw_the_policy_thresholds(kind: str | None) -> None:
    pytest.importorskip("matplotlib")
    from ketacore.plots import trajectory_figure

    rows = _rows(MADRS, kind, [34, 20, 12])
    labels = [line.get_label() for line in trajectory_figure(rows, MADRS, "P1").axes[0].get_lines()]
    wanted = thresholds_for(MADRS, course_type=course_type_of(kind)).remission_max_total
    assert f"remission (<= {wanted})" in labels
