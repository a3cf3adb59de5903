"""The research commands: score, summary, plot, demo."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ketacore.cli import main
from ketacore.cohort import data_path
from ketacore.tables import read_table

HEADER = "patient_id,course_type,day," + ",".join(f"phq9_{n}" for n in range(1, 10))


def _csv(tmp_path: Path, *lines: str) -> str:
    path = tmp_path / "phq9.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return str(path)


def test_score_writes_totals_bands_and_flags_and_reports_bad_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _csv(
        tmp_path,
        "SYN-0001,esketamine,0,2,2,2,2,1,1,2,0,0",
        "SYN-0001,esketamine,28,0,0,0,0,0,0,0,0,4",
        "SYN-0002,esketamine,0,3,3,3,3,3,3,3,3,3",
        "SYN-0003,esketamine,0,1,1,1,1,1,1,1,1,",
    )
    errors = tmp_path / "errors.csv"
    assert main(["score", path, "--instrument", "phq9", "--errors", str(errors)]) == 0
    captured = capsys.readouterr()
    out = captured.out.splitlines()
    assert out[0] == (
        "patient_id,course_type,day,instrument,total,band,flags,unanswered_critical_items,"
        "prorated,error"
    )
    assert out[1] == "SYN-0001,esketamine,0,phq9,12,moderate,,,false,"
    assert out[2].startswith('SYN-0001,esketamine,28,phq9,,,,,,"PHQ-9 item 9: got 4')
    assert out[3] == (
        "SYN-0002,esketamine,0,phq9,27,severe,suicide-risk review (item 9 endorsed),,false,"
    )
    assert out[4].startswith('SYN-0003,esketamine,0,phq9,,,,,,"PHQ-9 item 9: got None')
    assert captured.err == f"ketacore: {path}: 2 rows could not be scored; see {errors}\n"
    table = read_table(errors)
    assert table.columns == ("line", "row", "patient_id", "course_type", "day", "reason")
    assert [r["line"] for r in table.rows] == [3, 5]
    assert main(["score", path, "--instrument", "phq9"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"ketacore: {path}: line 3: PHQ-9 item 9: got 4")
    assert err[1].startswith(f"ketacore: {path}: line 5: PHQ-9 item 9: got None")


def test_score_detects_the_instrument_and_prorates_on_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _csv(tmp_path, "SYN-0003,esketamine,0,1,1,1,1,1,1,1,1,")
    out = tmp_path / "scores.csv"
    assert main(["score", path, "--missing", "prorate", "--out", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert read_table(out).rows[0]["total"] == 9
    assert read_table(out).rows[0]["prorated"] is True


def test_score_exits_1_when_nothing_could_be_scored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _csv(tmp_path, "SYN-0001,esketamine,0,9,9,9,9,9,9,9,9,9")
    errors = tmp_path / "e.csv"
    assert main(["score", path, "--errors", str(errors)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines()[1].startswith("SYN-0001,esketamine,0,phq9,,,,,")
    assert "no row could be scored as PHQ-9 (1 row read)" in captured.err
    assert main(["score", _csv(tmp_path)]) == 1
    assert "(0 rows read)" in capsys.readouterr().err
    assert main(["score", _csv(tmp_path), "--errors", str(errors)]) == 1
    assert errors.read_text(encoding="utf-8") == "line,row,patient_id,course_type,day,reason\n"
    assert capsys.readouterr().out == (
        "patient_id,course_type,day,instrument,total,band,flags,unanswered_critical_items,"
        "prorated,error\n"
    )


def test_score_caps_the_bad_rows_listed_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = ["SYN-0001,esketamine,0,9,0,0,0,0,0,0,0,0"] * 25
    assert main(["score", _csv(tmp_path, *bad, "SYN-0002,esketamine,0,0,0,0,0,0,0,0,0,0")]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 21
    assert err[-1] == "ketacore: ... and 5 more bad rows (--errors FILE lists them all)"


def test_progress_goes_to_stderr_only_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _csv(tmp_path, *["SYN-0001,esketamine,0,1,1,1,1,1,1,1,1,1"] * 1500)
    assert main(["score", path, "--out", str(tmp_path / "o.csv")]) == 0
    assert capsys.readouterr().err == ""
    assert main(["score", path, "--out", str(tmp_path / "o.csv"), "--progress"]) == 0
    err = capsys.readouterr().err
    assert "1,000 rows read" in err
    assert err.endswith(f"\rketacore: {path}: 1,500 of 1,500 rows scored\n")


def test_score_without_a_file_uses_the_bundled_cohort(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "--instrument", "qids-sr16"]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 801
    assert captured.err == ""
    assert main(["score"]) == 0  # PHQ-9, with a few blank items on purpose
    assert "ketacore: bundled phq9.csv: line 51: PHQ-9 item 4" in capsys.readouterr().err


SUMMARY = """\
instrument  course       patients  evaluable  response     remission
MADRS       iv_ketamine  100       100        49 (49.0 %)  40 (40.0 %)  <= 10
MADRS       esketamine   100       100        55 (55.0 %)  48 (48.0 %)  <= 12
PHQ-9       iv_ketamine  100       100        49 (49.0 %)  40 (40.0 %)  <= 4
PHQ-9       esketamine   100       100        55 (55.0 %)  48 (48.0 %)  <= 4
QIDS-SR16   iv_ketamine  100       100        49 (49.0 %)  40 (40.0 %)  <= 5
QIDS-SR16   esketamine   100       100        55 (55.0 %)  48 (48.0 %)  <= 5
"""


def test_summary_of_the_bundled_cohort(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(SUMMARY)
    # the footnote states the rules used, from the policy (issue 14)
    assert (
        "  MADRS iv_ketamine: response >= 50 % reduction (standard); "
        "remission <= 10 (ketamine-iv)\n" in out
    )
    assert "  PHQ-9: response >= 50 % reduction from a baseline >= 10 (standard); " in out


def test_summary_of_files_as_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "summary.csv"
    files = [str(data_path("madrs")), str(data_path("qids_sr16"))]
    assert main(["summary", *files, "--format", "csv", "--out", str(out)]) == 0
    rows = read_table(out).rows
    assert [(r["instrument"], r["course_type"]) for r in rows] == [
        ("madrs", "iv_ketamine"),
        ("madrs", "esketamine"),
        ("qids_sr16", "iv_ketamine"),
        ("qids_sr16", "esketamine"),
    ]
    assert rows[0]["response_percent"] == 49.0
    assert main(["summary", "--instrument", "phq9", "--format", "csv"]) == 0
    assert capsys.readouterr().out.count("\n") == 3


def test_plot_writes_a_png_for_a_patient_and_for_the_cohort(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = tmp_path / "one.png"
    assert main(["plot", "--patient", "SYN-0002", "--out", str(one)]) == 0
    assert one.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    every = tmp_path / "all.png"
    assert main(["plot", str(data_path("phq9")), "--out", str(every), "--dpi", "50"]) == 0
    assert every.read_bytes()[:4] == b"\x89PNG"
    sessions = str(data_path("sessions"))
    args = ["plot", str(data_path("qids_sr16")), "--patient", "SYN-0003", "--sessions", sessions]
    assert main([*args, "--out", str(tmp_path / "q.png")]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"wrote {tmp_path / 'q.png'}"


def test_demo_prints_where_the_data_are_and_the_summary(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "SYNTHETIC" in out
    assert str(data_path("patients").parent) in out
    assert SUMMARY in out


def test_console_script_summary() -> None:
    script = Path(sys.executable).parent / "ketacore"
    result = subprocess.run(
        [str(script), "summary"], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.startswith(SUMMARY)
    assert result.stderr == ""


def test_score_reads_an_nhanes_export_and_treats_7_and_9_as_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fields = ",".join(f"DPQ0{n}0" for n in range(1, 10))
    path = tmp_path / "DPQ_J.csv"
    path.write_text(
        f"SEQN,{fields},DPQ100\n"
        "93703,0,1,2,3,0,1,2,3,0,1\n"
        "93704,1,1,1,1,1,1,1,1,7,0\n"  # 7 = refused: missing, not a score (ref §8)
        "93705,0,0,0,0,0,0,0,0,9,\n",  # 9 = don't know
        encoding="utf-8",
    )
    assert main(["score", str(path), "--instrument", "phq9"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[1] == "93703,1,phq9,12,moderate,,,false,"
    assert len(captured.err.splitlines()) == 2
    assert "line 3: PHQ-9 item 9" in captured.err
    assert main(["score", str(path), "--missing", "prorate", "--keys", "SEQN"]) == 0
    assert capsys.readouterr().out.splitlines()[2:] == [
        "93704,phq9,9,mild,,9,true,",  # item 9 refused: its flag is unknown, not negative
        "93705,phq9,0,none/minimal,,9,true,",
    ]


def test_summary_of_cadss_reports_dissociation_events(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["summary", "--instrument", "cadss23"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == [
        "instrument",
        "course",
        "patients",
        "dissociation",
        "event",
        "of",
        "sessions",
    ]
    assert out[1].startswith("CADSS       iv_ketamine  100")
    assert out[-1].startswith("dissociation event = CADSS > 4")
    files = [str(data_path("phq9")), str(data_path("cadss23"))]
    assert main(["summary", *files]) == 0
    out = capsys.readouterr().out
    assert "PHQ-9       esketamine" in out
    assert "\n\ninstrument  course       patients  dissociation event" in out


def test_readme_shows_what_summary_prints(capsys: pytest.CaptureFixture[str]) -> None:
    """The README's sample output of ``ketacore summary`` is the real output (issue 14)."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    shown = readme.split("It prints:\n\n```text\n", 1)[1].split("```", 1)[0]
    assert main(["summary"]) == 0
    assert capsys.readouterr().out == shown


def test_summary_orders_visits_by_the_column_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "gad7.csv"
    items = ",".join(f"gad7_{n}" for n in range(1, 8))
    # the follow-up comes first in the file; 'when' is not a column looked for by default
    rows = f"patient_id,when,{items}\nA,2026-03-01{',1' * 7}\nA,2026-01-05{',3' * 7}\n"
    path.write_text(rows, encoding="utf-8")
    assert main(["summary", str(path)]) == 2
    assert "none of ['day', 'date', 'visit_date', 'visit'" in capsys.readouterr().err
    assert main(["summary", str(path), "--visit", "when"]) == 0
    out = capsys.readouterr().out
    assert "1 (100.0 %)" in out
    assert "  GAD-7: response >= 50 % reduction (core); no remission rule\n" in out


def test_summary_takes_missing_like_score(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--missing prorate`` scores an administration with one item missing (issue 14)."""
    path = _csv(
        tmp_path,
        "A,esketamine,0,3,3,3,3,3,3,3,,0",
        "A,esketamine,28,0,0,0,0,0,0,0,0,0",
    )
    assert main(["summary", path, "--format", "csv"]) == 0
    strict = read_table_text(capsys.readouterr().out)
    assert (strict["evaluable"], strict["responders"]) == ("0", "0")
    assert main(["summary", path, "--format", "csv", "--missing", "prorate"]) == 0
    prorated = read_table_text(capsys.readouterr().out)
    assert (prorated["evaluable"], prorated["responders"]) == ("1", "1")
    with pytest.raises(SystemExit):
        main(["summary", path, "--missing", "guess"])


def read_table_text(text: str) -> dict[str, str]:
    """The first data row of a CSV text, by column."""
    import csv
    import io

    return next(csv.DictReader(io.StringIO(text)))


def test_response_table_refuses_an_unknown_missing_policy() -> None:
    from ketacore.exceptions import TableError
    from ketacore.tables import response_table

    rows = [{"patient_id": "A", "day": 0, **{f"phq9_{n}": 1 for n in range(1, 10)}}]
    with pytest.raises(TableError, match="missing: got 'guess'; expected 'strict' or 'prorate'"):
        response_table(rows, "phq9", missing="guess")  # type: ignore[arg-type]
