"""``ketacore score --redcap`` and ``ketacore audit --redcap``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from ketacore.cli import main
from ketacore.redcap import example_path
from ketacore.tables import read_table
from redcap_fixtures import RAW_RECORDS, dictionary_text

DICTIONARY = str(example_path("dictionary"))
RECORDS = str(example_path("records"))


def test_score_redcap_writes_one_row_per_administration(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "--redcap", DICTIONARY, RECORDS]) == 0
    captured = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(captured.out)))
    assert list(rows[0]) == [
        "record_id",
        "redcap_event_name",
        "redcap_repeat_instance",
        "form",
        "instrument",
        "total",
        "band",
        "flags",
        "unanswered_critical_items",
        "prorated",
        "status",
        "error",
        "line",
    ]
    assert [(r["record_id"], r["redcap_event_name"], r["form"], r["total"]) for r in rows[:4]] == [
        ("001", "baseline_arm_1", "phq9", "12"),
        ("001", "baseline_arm_1", "madrs", "32"),
        ("001", "baseline_arm_1", "madrs", "20"),
        ("001", "week_4_arm_1", "phq9", ""),
    ]
    assert rows[7]["flags"] == "suicide-risk review (item 9 endorsed)"
    assert rows[1]["redcap_repeat_instance"] == "1"
    assert captured.err.startswith(f"ketacore: {RECORDS}: line 5: PHQ-9 item 9: got None")
    assert len(captured.err.splitlines()) == 1


def test_score_redcap_prorates_and_lists_errors_in_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, errors = tmp_path / "scores.csv", tmp_path / "errors.csv"
    argv = ["score", "--redcap", DICTIONARY, RECORDS, "--out", str(out), "--errors", str(errors)]
    assert main([*argv, "--missing", "prorate"]) == 0
    table = read_table(out)
    week4 = table.rows[3]
    assert (week4["total"], week4["prorated"], week4["unanswered_critical_items"]) == (9, True, 9)
    assert capsys.readouterr().err == ""
    assert read_table(errors).rows == ()
    assert main(argv) == 0
    assert capsys.readouterr().err == f"ketacore: 1 row could not be used; see {errors}\n"
    (error,) = read_table(errors).rows
    assert (error["file"], error["line"], error["field"]) == (RECORDS, 5, "phq9")


def test_score_redcap_reads_the_apis_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = tmp_path / "records.json"
    records.write_text(json.dumps(list(csv.DictReader(io.StringIO(RAW_RECORDS)))), "utf-8")
    dictionary = tmp_path / "dictionary.csv"
    dictionary.write_text(dictionary_text(), "utf-8")
    assert main(["score", "--redcap", str(dictionary), str(records), "--instrument", "gad7"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["form"], r["redcap_repeat_instance"], r["total"]) for r in rows] == [
        ("gad7", "1", "8"),
        ("gad7", "2", "21"),
    ]


def test_score_redcap_exits_1_when_nothing_scores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = tmp_path / "records.csv"
    records.write_text("record_id,phq9_1\n001,7\n", "utf-8")
    assert main(["score", "--redcap", DICTIONARY, str(records)]) == 1
    err = capsys.readouterr().err
    assert "line 2: phq9_1: got '7'" in err
    assert "no administration could be scored (PHQ-9, MADRS found in" in err


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["score", "--redcap", DICTIONARY], "give the records export too"),
        (["score", "--redcap", DICTIONARY, RECORDS, "--keys", "record_id"], "leave --keys out"),
        (["score", "--redcap", "missing.csv", RECORDS], "no such file"),
        (["score", "--redcap", DICTIONARY, RECORDS, "--out", RECORDS], "same file as the input"),
        (["score", "--redcap", RECORDS, RECORDS], "is not a data dictionary column"),
        (["audit", RECORDS], "name the project"),
        (["audit", "--redcap", DICTIONARY, RECORDS, "--instrument", "phq10"], "unknown instrument"),
    ],
)
def test_bad_requests_exit_2(
    argv: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("ketacore: error: ")
    assert words in err


def test_audit_lists_disagreements_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--redcap", DICTIONARY, RECORDS]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        f"{RECORDS}: calc totals audited: phq9_total (PHQ-9), madrs_total (MADRS); missing=strict"
    )
    assert out[1].startswith(
        "line 5 (week_4_arm_1): phq9_total: REDCap stored 8; the items give no"
    )
    assert out[2] == "line 9 (week_4_arm_1): phq9_total: REDCap stored no total; the items give 14"
    assert out[3] == "2 disagreements"
    assert not any("001" in line or "003" in line for line in out)


def test_audit_as_csv_and_of_one_instrument(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "findings.csv"
    argv = ["audit", "--redcap", DICTIONARY, RECORDS, "--format", "csv", "--out", str(out)]
    assert main([*argv, "--missing", "prorate"]) == 1
    table = read_table(out)
    assert [(r["record_id"], r["line"], r["stored"], r["expected"]) for r in table.rows] == [
        ("001", 5, 8, 9),
        ("003", 9, None, 14),
    ]
    assert main(["audit", "--redcap", DICTIONARY, RECORDS, "--instrument", "madrs"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "no disagreement"


def test_audit_reports_bad_rows_like_score(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = tmp_path / "records.csv"
    lines = Path(RECORDS).read_text("utf-8").splitlines()
    records.write_text("\n".join([*lines, lines[1]]) + "\n", "utf-8")
    errors = tmp_path / "errors.csv"
    assert main(["audit", "--redcap", DICTIONARY, str(records), "--errors", str(errors)]) == 1
    (error,) = read_table(errors).rows
    assert (error["line"], error["field"]) == (10, "record_id")
    assert "the same record, event and instance as line 2" in str(error["reason"])
