"""SDTM QS and RS rows written from ketacore scores."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from ketacore.cdisc import Administration, CdiscError, qs_rows, rs_rows
from ketacore.instruments import (
    BDI_II,
    CSSRS_SCREENER,
    HAMD17,
    MADRS,
    PCL5_PAST_WEEK,
    PHQ9,
    QIDS_SR16,
)
from ketacore.sessions import TimedScore

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
KEYS = {"studyid": "KET-01", "usubjid": "KET-01-001", "reference": date(2026, 3, 2)}


def _admin(score, at=AT, **kw):  # type: ignore[no-untyped-def]
    return Administration(timed=TimedScore(taken_at=at, score=score), **kw)


def test_phq9_worked_example() -> None:
    # PHQ-9 items 1, 2, 1, 1, 0, 0, 1, 0, 0: total 6 (the sum of items 1–9).
    admin = _admin(
        PHQ9.score([1, 2, 1, 1, 0, 0, 1, 0, 0]), visit="BASELINE", visitnum=1, baseline=True
    )
    rows = qs_rows([admin], **KEYS)
    assert len(rows) == 10
    first, second, total = rows[0], rows[1], rows[-1]
    assert (first["QSTESTCD"], first["QSTEST"], first["QSCAT"]) == (
        "PHQ0101",
        "PHQ01-Little Interest/Pleasure in Things",
        "PHQ-9",
    )
    assert (first["QSORRES"], first["QSSTRESC"], first["QSSTRESN"]) == ("Several days", "1", 1)
    assert second["QSORRES"] == "More than half the days"
    assert (total["QSTESTCD"], total["QSORRES"], total["QSSTRESC"], total["QSSTRESN"]) == (
        "PHQ0111",
        None,
        "6",
        6,
    )
    assert total["QSDRVFL"] == "Y"
    assert all(r["QSDRVFL"] is None for r in rows[:-1])
    assert [r["QSSEQ"] for r in rows] == list(range(1, 11))
    assert {(r["VISIT"], r["VISITNUM"], r["QSBLFL"], r["QSDY"]) for r in rows} == {
        ("BASELINE", 1, "Y", 1)
    }
    assert {r["STUDYID"] for r in rows} == {"KET-01"}
    assert {r["DOMAIN"] for r in rows} == {"QS"}
    assert rows[0]["QSDTC"] == "2026-03-02T09:00:00+00:00"


def test_missing_items_are_not_done_with_a_reason() -> None:
    score = PHQ9.score([1, None, 1, 1, 0, 0, 1, 0, 0], missing="prorate")
    rows = qs_rows([_admin(score)], reason_not_done="SUBJECT REFUSED", **KEYS)
    missing = rows[1]
    assert (missing["QSTESTCD"], missing["QSSTAT"], missing["QSREASND"]) == (
        "PHQ0102",
        "NOT DONE",
        "SUBJECT REFUSED",
    )
    assert missing["QSORRES"] is None
    assert missing["QSSTRESN"] is None
    assert rows[-1]["QSSTRESN"] == score.total  # the prorated total, derived


def test_skip_logic_items_say_so() -> None:
    # C-SSRS screener: Q2 = no, so Q3–Q5 are not asked; Q6 = no, so the Q7 follow-up is not.
    score = CSSRS_SCREENER.score([1, 0, None, None, None, 0, None])
    rows = qs_rows([_admin(score)], **KEYS)
    reasons = {r["QSTESTCD"]: r["QSREASND"] for r in rows if r["QSSTAT"] == "NOT DONE"}
    assert reasons == dict.fromkeys(
        ["CSSRSS03", "CSSRSS04", "CSSRSS05", "CSSRSS07"], "NOT ASKED (SKIP LOGIC)"
    )
    assert all(r["QSCAT"] == "C-SSRS SCREENER" for r in rows)


def test_lettered_options_keep_their_letter() -> None:
    values: list[int | str] = [1] * 21
    values[15] = "2b"
    rows = qs_rows([_admin(BDI_II.score(values))], **KEYS)
    item16 = rows[15]
    assert (item16["QSTESTCD"], item16["QSORRES"], item16["QSSTRESC"], item16["QSSTRESN"]) == (
        "BDI216",
        "2b",
        "2",
        2,
    )
    assert rows[-1]["QSSTRESN"] == 22


def test_hamd17_goes_to_rs_with_its_item_16_form() -> None:
    responses: dict[int | str, int] = dict.fromkeys(range(1, 18), 1)
    del responses[16]
    responses["16B"] = 2
    admin = _admin(HAMD17.score(responses))
    assert qs_rows([admin], **KEYS) == []
    rows = rs_rows([admin], **KEYS)
    codes = [r["RSTESTCD"] for r in rows]
    assert codes[15] == "HAMD116B"
    assert codes[-1] == "HAMD118"
    assert rows[-1]["RSSTRESN"] == 18
    assert rows[0]["RSCAT"] == "HAMD 17"
    assert set(rows[0]) >= {"RSTESTCD", "RSORRES", "RSSTRESN", "RSLOBXFL", "RSDTC", "RSDY"}
    no_form = rs_rows([_admin(HAMD17.score([1] * 17))], **KEYS)
    assert no_form[15]["RSTESTCD"] == "HAMD116"


def test_qids_domain_maxima_are_derived_records() -> None:
    score = QIDS_SR16.score([0, 3, 1, 0, 2, 0, 0, 1, 2, 1, 1, 0, 1, 2, 0, 3])
    rows = qs_rows([_admin(score)], **KEYS)
    derived = {r["QSTESTCD"]: r["QSSTRESN"] for r in rows if r["QSDRVFL"] == "Y"}
    # Sleep max(0, 3, 1, 0) = 3; appetite/weight max(0, 0, 1, 2) = 2; psychomotor max(0, 3) = 3.
    assert derived == {"QIDSR117": 3, "QIDSR118": 2, "QIDSR119": 3, "QIDSR120": score.total}
    assert score.total == 3 + 2 + 1 + 1 + 0 + 1 + 2 + 2 + 3


def test_past_week_pcl5_is_told_apart_by_its_evaluation_interval() -> None:
    rows = qs_rows([_admin(PCL5_PAST_WEEK.score([1] * 20))], **KEYS)
    assert {r["QSEVLINT"] for r in rows} == {"-P1W"}
    assert rows[0]["QSCAT"] == "PCL-5"


def test_last_observation_before_exposure_and_study_day() -> None:
    dose = AT + timedelta(days=7)
    early = _admin(PHQ9.score([2] * 9), at=AT)
    later = _admin(PHQ9.score([1] * 9), at=AT + timedelta(days=3))
    after = _admin(PHQ9.score([0] * 9), at=dose + timedelta(days=1))
    rows = qs_rows(
        [early, later, after], first_dose=dose, reference=dose.date(), studyid="S", usubjid="U"
    )
    flagged = [(r["QSDY"], r["QSTESTCD"]) for r in rows if r["QSLOBXFL"] == "Y"]
    # The day-3 record is each test code's last before the dose (study day -4: no day 0).
    assert flagged == [(-4, r["QSTESTCD"]) for r in rows[10:20]]
    assert rows[0]["QSDY"] == -7
    assert rows[-1]["QSDY"] == 2
    assert all(r["QSLOBXFL"] is None for r in qs_rows([early], **KEYS))  # no dose: unknown


def test_sponsor_instruments_write_their_codes() -> None:
    rows = rs_rows([_admin(MADRS.score([3] * 10))], **KEYS)
    assert [r["RSTESTCD"] for r in rows][::5] == ["MADRS01", "MADRS06", "MADRSTOT"]
    assert rows[-1]["RSSTRESN"] == 30
    assert rows[0]["RSORRES"] == "3"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"studyid": ""}, "studyid"),
        ({"usubjid": None}, "usubjid"),
        ({"reference": AT}, "reference"),
    ],
)
def test_bad_arguments_name_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(CdiscError) as info:
        qs_rows([], **{**KEYS, **kwargs})  # type: ignore[arg-type]
    assert info.value.field == field


def test_only_administrations_are_accepted() -> None:
    with pytest.raises(CdiscError) as info:
        qs_rows([TimedScore(taken_at=AT, score=PHQ9.score([0] * 9))], **KEYS)  # type: ignore[list-item]
    assert info.value.field == "administrations"
    assert "Administration(timed=" in str(info.value)
    with pytest.raises(CdiscError):
        Administration(timed=TimedScore(taken_at=AT, score=PHQ9.score([0] * 9)), visitnum="1")  # type: ignore[arg-type]
