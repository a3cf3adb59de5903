"""Reading SDTM QS / RS rows back: round trips, disagreeing totals and bad rows."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketacore.cdisc import (
    Administration,
    CdiscError,
    SponsorCodes,
    administrations,
    from_sdtm_qs,
    from_sdtm_rs,
    qs_rows,
    rs_rows,
    sdtm_datasets,
)
from ketacore.courses import Course
from ketacore.instruments import CATALOGUE, HAMD17, PHQ9
from ketacore.sessions import TimedScore
from ketacore.tables import to_csv_text
from ketacore.testing import courses, example_course, scores

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
KEYS = {"studyid": "S", "usubjid": "S-001", "reference": AT.date()}


@st.composite
def cohorts(draw: st.DrawFn) -> list[Course]:
    """1–3 generated courses, each with extra baselines and follow-ups on any instrument."""
    out = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        course = draw(courses(max_sessions=4, max_day=30))
        held = {b.score.instrument.id for b in course.baselines}
        chosen = draw(
            st.lists(st.sampled_from(sorted(set(CATALOGUE) - held)), unique=True, max_size=3)
        )
        first = course.first_dose
        latest = AT if first is None else min(AT, first.dosed_at)
        baselines = [
            TimedScore(
                taken_at=latest - timedelta(minutes=draw(st.integers(1, 10_000))),
                score=draw(scores(inst, special_codes=True, prorated=True)),
            )
            for inst in chosen
        ]
        follow_ups = [
            TimedScore(
                taken_at=AT + timedelta(minutes=draw(st.integers(0, 40 * 24 * 60))),
                score=draw(scores(inst, special_codes=True, prorated=True)),
            )
            for inst in draw(st.lists(st.sampled_from(sorted(CATALOGUE)), max_size=4))
        ]
        course = attrs.evolve(
            course,
            baselines=(*course.baselines, *baselines),
            assessments=(*course.assessments, *follow_ups),
        )
        out.append(course)
    return out


def _key(usubjid: str, timed_at: datetime | None, score: Any) -> tuple[Any, ...]:
    return (usubjid, score.instrument.id, timed_at, score)


def _through_csv(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(to_csv_text(rows))))


@given(cohorts(), st.booleans())
def test_round_trip_ketacore_sdtm_ketacore(cohort: list[Course], via_csv: bool) -> None:
    ids = [f"S-{n:03d}" for n in range(len(cohort))]
    data = sdtm_datasets(cohort, studyid="S", usubjids=ids)
    qs, rs = data["QS"], data["RS"]
    if via_csv:
        qs, rs = _through_csv(qs), _through_csv(rs)  # type: ignore[assignment]
    read_qs, read_rs = from_sdtm_qs(qs, missing="prorate"), from_sdtm_rs(rs, missing="prorate")
    assert read_qs.errors == read_rs.errors == ()
    assert read_qs.disagreements == read_rs.disagreements == ()
    got = Counter(
        _key(a.usubjid, a.taken_at, a.score)
        for a in (*read_qs.administrations, *read_rs.administrations)
    )
    expected = Counter(
        _key(usubjid, admin.timed.taken_at, admin.timed.score)
        for course, usubjid in zip(cohort, ids, strict=True)
        for admin in administrations(course)
    )
    assert got == expected
    visits = {(a.usubjid, a.taken_at, a.visit) for a in read_qs.administrations}
    assert visits <= {
        (usubjid, admin.timed.taken_at, admin.visit)
        for course, usubjid in zip(cohort, ids, strict=True)
        for admin in administrations(course)
    }


def _phq9_rows(values: list[int], total: int | None = None) -> list[dict[str, Any]]:
    admin = Administration(timed=TimedScore(taken_at=AT, score=PHQ9.score(values)))
    rows = qs_rows([admin], **KEYS)
    if total is not None:
        rows[-1]["QSSTRESN"] = total
        rows[-1]["QSSTRESC"] = str(total)
    return rows


def test_submitted_total_that_disagrees_is_reported() -> None:
    # A REDCap-style total that counted a blank as 0 would be one thing; here the
    # submitted PHQ-9 total is 9 where items 1, 1, 1, 1, 1, 1, 1, 1, 2 sum to 10.
    rows = _phq9_rows([1, 1, 1, 1, 1, 1, 1, 1, 2], total=9)
    result = from_sdtm_qs(rows)
    assert result.administrations[0].score.total == 10
    (disagreement,) = result.disagreements
    assert (disagreement.row, disagreement.testcd) == (9, "PHQ0111")
    assert (disagreement.submitted, disagreement.derived) == (9, 10)
    assert disagreement.usubjid == "S-001"
    assert disagreement.instrument_id == "phq9"


def test_answers_are_read_from_orres_alone() -> None:
    rows = [
        {
            "USUBJID": "S-1",
            "QSCAT": "PHQ-9",
            "QSTESTCD": f"PHQ010{n}",
            "QSORRES": "Nearly every day",
        }
        for n in range(1, 10)
    ]
    assert from_sdtm_qs(rows).administrations[0].score.total == 27


def _bad(rows: list[dict[str, Any]], index: int, **changes: Any) -> list[dict[str, Any]]:
    rows = [dict(r) for r in rows]
    rows[index].update(changes)
    return rows


GOOD = _phq9_rows([1, 2, 1, 1, 0, 0, 1, 0, 0])
GAD7_ROW = {"USUBJID": "S-001", "QSCAT": "GAD-7", "QSTESTCD": "GAD0101", "QSSTRESN": 1}

BAD_INPUT = [
    # (rows, row index reported, field, what the message says)
    (_bad(GOOD, 2, QSTESTCD="PHQ0199"), 2, "QSTESTCD", "a test code of 'PHQ-9'"),
    (_bad(GOOD, 2, QSTESTCD="GAD0103"), 2, "QSTESTCD", "belongs to 'GAD-7'"),
    (_bad(GOOD, 3, QSORRES="Every hour", QSSTRESN=None, QSSTRESC=None), 3, "QSORRES", "published"),
    (_bad(GOOD, 3, QSORRES=None, QSSTRESN=7, QSSTRESC="7"), 3, "QSSTRESN", "0–3"),
    (_bad(GOOD, 3, QSORRES="Several days", QSSTRESN=3), 3, "QSSTRESN", "disagree"),
    (_bad(GOOD, 4, QSSTRESN=1.5, QSSTRESC="1.5", QSORRES=None), 4, "QSSTRESN", "whole"),
    (_bad(GOOD, 0, QSCAT="PHQ-99"), 0, "QSCAT", "category"),
    (_bad(GOOD, 0, QSCAT=None), 0, "QSCAT", "category"),
    (_bad(GOOD, 0, USUBJID=""), 0, "USUBJID", "USUBJID"),
    (_bad(GOOD, 5, QSORRES=None, QSSTRESN=None, QSSTRESC=None), 5, "QSORRES", "NOT DONE"),
    ([*GOOD, dict(GOOD[4])], 10, "QSTESTCD", "again"),
]


@pytest.mark.parametrize(("rows", "row", "field", "says"), BAD_INPUT)
def test_bad_rows_are_reported_with_row_and_field(
    rows: list[dict[str, Any]], row: int, field: str, says: str
) -> None:
    result = from_sdtm_qs([*rows, GAD7_ROW | {"QSTESTCD": "GAD0102"}])
    reported = [e for e in result.errors if e.row == row and e.field == field]
    assert reported, [str(e) for e in result.errors]
    assert says in str(reported[0])
    assert isinstance(reported[0], CdiscError)
    assert str(reported[0]).startswith(f"row {row}: {field}: ")


def test_good_rows_are_kept() -> None:
    # One unknown code in one subject's PHQ-9: another subject's PHQ-9 still scores,
    # and an exact duplicate still lets its administration score from the first record.
    other = [dict(r, USUBJID="S-002") for r in GOOD]
    duplicate = [*GOOD, dict(GOOD[4])]
    result = from_sdtm_qs([*_bad(GOOD, 2, QSTESTCD="XX01"), *other, *duplicate[10:]])
    assert [(a.usubjid, a.score.total) for a in result.administrations] == [("S-002", 6)]
    # Row 2: the unknown code; row 0: its administration, left without item 3, does not
    # score; row 20: the duplicate of row 4.
    assert {(e.row, e.field) for e in result.errors} == {
        (0, "QSTESTCD"),
        (2, "QSTESTCD"),
        (20, "QSTESTCD"),
    }
    exact = from_sdtm_qs(duplicate)
    assert [a.score.total for a in exact.administrations] == [6]
    assert [e.field for e in exact.errors] == ["QSTESTCD"]


def test_a_conflicting_duplicate_leaves_the_administration_unscored() -> None:
    conflicting = dict(GOOD[4], QSSTRESN=3, QSSTRESC="3", QSORRES="Nearly every day")
    result = from_sdtm_qs([*GOOD, conflicting])
    assert result.administrations == ()
    assert "disagree, so the administration is not scored" in str(result.errors[0])


def test_missing_items_need_prorating_to_score() -> None:
    rows = _bad(GOOD, 1, QSSTAT="NOT DONE", QSORRES=None, QSSTRESN=None, QSSTRESC=None)
    strict = from_sdtm_qs(rows)
    assert strict.administrations == ()
    assert strict.errors[0].field == "QSTESTCD"
    assert strict.errors[0].row == 0
    prorated = from_sdtm_qs(rows, missing="prorate").administrations[0].score
    assert prorated.prorated
    assert prorated.values[1] is None
    assert from_sdtm_qs(rows, missing="prorate").disagreements[0].testcd == "PHQ0111"


def test_hamd17_forms_and_sponsor_codes_in_rs() -> None:
    responses: dict[int | str, int] = dict.fromkeys(range(1, 16), 2)
    responses |= {"16A": 1, 17: 0}
    admin = Administration(timed=TimedScore(taken_at=AT, score=HAMD17.score(responses)))
    rows = rs_rows([admin], **KEYS)
    read = from_sdtm_rs(rows).administrations[0].score
    assert read == admin.timed.score
    assert read.options == ((16, "A"),)
    mine = {"madrs": SponsorCodes("RS", "MONTGOMERY-ASBERG", "MONTG", total="MONTGTOT")}
    course = example_course()
    data = sdtm_datasets([course], studyid="S", usubjids=["S-1"], sponsor_codes=mine)
    assert {r["RSCAT"] for r in data["RS"]} == {"MONTGOMERY-ASBERG", "MOAA/S"}
    assert from_sdtm_rs(data["RS"]).errors != ()  # default codes do not know the category
    again = from_sdtm_rs(data["RS"], sponsor_codes=mine)
    assert again.errors == ()
    totals = [a.score.total for a in again.administrations if a.score.instrument.id == "madrs"]
    assert totals == [32, 20]


def test_timestamps_without_offset_are_kept_as_text() -> None:
    rows = [dict(r, QSDTC="2026-03-02T09:00") for r in GOOD]
    admin = from_sdtm_qs(rows).administrations[0]
    assert (admin.dtc, admin.taken_at) == ("2026-03-02T09:00", None)
    assert from_sdtm_qs(GOOD).administrations[0].taken_at == AT


def test_not_a_mapping_and_nan_cells() -> None:
    nan_row = dict(GOOD[0], QSSTAT=float("nan"), QSEVLINT=float("nan"))
    result = from_sdtm_qs([["not", "a", "row"], nan_row, *GOOD[1:]])  # type: ignore[list-item]
    assert result.errors[0].row == 0
    assert result.errors[0].field == "row"
    assert [a.score.total for a in result.administrations] == [6]
