"""What the command line reads and writes: data kept as in the file, safe and whole outputs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ketacore.cli import main
from ketacore.tables import read_table

ITEMS = ",".join(f"phq9_{n}" for n in range(1, 10))


def _redcap(tmp_path: Path) -> Path:
    path = tmp_path / "redcap.csv"
    path.write_text(
        f"record_id,redcap_event_name,phq9_date,{ITEMS}\n"
        "001,baseline_arm_1,2026-01-05,1,1,1,1,1,1,1,1,0\n"
        "002,baseline_arm_1,2026-01-06,1,1,1,1,1,1,1,1,\n"
        '"=HYPERLINK(""http://x"")",week_4_arm_1,@now,0,0,0,0,0,0,0,0,0\n',
        encoding="utf-8",
    )
    return path


def test_score_keeps_the_input_columns_and_one_row_per_input_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "scores.csv"
    assert main(["score", str(_redcap(tmp_path)), "--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == (
        "record_id,redcap_event_name,phq9_date,instrument,total,band,flags,"
        "unanswered_critical_items,prorated,error"
    )
    assert lines[1] == "001,baseline_arm_1,2026-01-05,phq9,8,mild,,,false,"
    assert lines[2].startswith('002,baseline_arm_1,2026-01-06,phq9,,,,,,"PHQ-9 item 9: got None')
    assert len(lines) == 4
    assert "line 3: PHQ-9 item 9" in capsys.readouterr().err
    assert main(["score", str(_redcap(tmp_path)), "--keys", "phq9_date,record_id"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "2026-01-05,001,phq9,8,mild,,,false,"


def test_score_refuses_keys_that_are_not_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["score", str(_redcap(tmp_path)), "--keys", "record_id,visit"]) == 2
    assert "keys: no column 'visit'" in capsys.readouterr().err


def test_score_and_summary_csv_never_start_a_cell_with_a_formula(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, errors = tmp_path / "scores.csv", tmp_path / "errors.csv"
    argv = ["score", str(_redcap(tmp_path)), "--out", str(out), "--errors", str(errors)]
    assert main(argv) == 0
    scores = out.read_text(encoding="utf-8").splitlines()
    assert (
        scores[3] == '"\'=HYPERLINK(""http://x"")",week_4_arm_1,\'@now,phq9,0,none/minimal,,,false,'
    )
    summary = tmp_path / "summary.csv"
    patients = tmp_path / "patients.csv"
    patients.write_text(
        f"patient_id,course_type,day,{ITEMS}\n"
        f"-P1,=cmd(),0,{'3,' * 8}3\n-P1,=cmd(),28,{'0,' * 8}0\n",
        encoding="utf-8",
    )
    assert main(["summary", str(patients), "--format", "csv", "--out", str(summary)]) == 0
    assert "'=cmd()" in summary.read_text(encoding="utf-8").splitlines()[1].split(",")
    bad = tmp_path / "bad.csv"
    bad.write_text(f"patient_id,{ITEMS}\n-1+1,{'9,' * 8}9\n", encoding="utf-8")
    assert main(["score", str(bad), "--errors", str(errors), "--out", str(out)]) == 1
    assert read_table(errors).rows[0]["patient_id"] == "'-1+1"


def test_plot_finds_a_patient_whose_identifier_has_leading_zeros(tmp_path: Path) -> None:
    path = tmp_path / "madrs.csv"
    items = ",".join(f"madrs_{n}" for n in range(1, 11))
    path.write_text(
        f"patient_id,day,{items}\n001,0,{'4,' * 9}4\n001,21,{'1,' * 9}1\n", encoding="utf-8"
    )
    out = tmp_path / "p.png"
    assert main(["plot", str(path), "--patient", "001", "--out", str(out)]) == 0
    assert out.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["score", "{input}", "--out", "{tmp}/a.csv", "--errors", "{tmp}/a.csv"], "--errors"),
        (["score", "{input}", "--out", "{input}"], "--out"),
        (["score", "{input}", "--errors", "{tmp}/./redcap.csv"], "--errors"),
        (["summary", "{input}", "--instrument", "phq9", "--out", "{input}"], "--out"),
    ],
)
def test_an_output_never_overwrites_another_output_or_the_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    path = _redcap(tmp_path)
    before = path.read_bytes()
    (tmp_path / "a.csv").write_text("keep", encoding="utf-8")
    status = main([a.format(input=path, tmp=tmp_path) for a in argv])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith(f"ketacore: error: {message}: ")
    assert "same file" in err
    assert path.read_bytes() == before
    assert (tmp_path / "a.csv").read_text(encoding="utf-8") == "keep"


def test_ctrl_c_exits_130_with_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import ketacore.tables

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(ketacore.tables, "read_table", interrupted)
    assert main(["summary"]) == 130
    assert capsys.readouterr().err == "ketacore: interrupted\n"


def _ketacore(*args: str, stdout: object = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ketacore", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_reader_that_closes_the_pipe_stops_the_command_quietly() -> None:
    # ketacore score FILE | head: the reader leaves early; no traceback, no error message.
    read_end, write_end = os.pipe()
    os.close(read_end)
    with os.fdopen(write_end, "w") as closed:
        result = _ketacore("summary", stdout=closed)
    assert result.stderr == ""
    assert result.returncode == 141  # 128 + SIGPIPE, what the shell reports for `| head`


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_is_a_reported_write_failure() -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        result = _ketacore("summary", stdout=full)
    assert result.returncode == 2
    assert result.stderr == "ketacore: error: stdout: cannot write: No space left on device\n"
    result = _ketacore("plot", "--out", "/dev/full")
    assert result.returncode == 2
    assert result.stderr.startswith("ketacore: error: --out: cannot write '/dev/full': No space")
    assert result.stderr.count("\n") == 1


def test_a_failed_write_leaves_the_old_file_and_no_partial_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "summary.txt"
    out.write_text("the old summary\n", encoding="utf-8")

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_space)
    assert main(["summary", "--out", str(out)]) == 2
    assert "--out: cannot write" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "the old summary\n"
    assert os.listdir(tmp_path) == ["summary.txt"]


def test_outputs_are_written_whole_with_the_usual_permissions(tmp_path: Path) -> None:
    out = tmp_path / "summary.txt"
    assert main(["summary", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("instrument  course")
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask
    assert os.listdir(tmp_path) == ["summary.txt"]


@pytest.mark.parametrize("dpi", ["100000", "0", "-5"])
def test_plot_dpi_is_bounded(tmp_path: Path, capsys: pytest.CaptureFixture[str], dpi: str) -> None:
    assert main(["plot", "--dpi", dpi, "--out", str(tmp_path / "p.png")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"ketacore: error: --dpi: got {dpi}; expected 20 to 600")
    assert not (tmp_path / "p.png").exists()


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"ketacore {version('ketacore')}\n"
