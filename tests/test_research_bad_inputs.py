"""Bad input to the research commands and tables: a clear message and exit status 2."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ketacore.cli import main
from ketacore.exceptions import KetacoreError, TableError
from ketacore.tables import detect_instrument, item_columns, response_table, score_table

PHQ9_HEADER = "patient_id,day," + ",".join(f"phq9_{n}" for n in range(1, 10))


def _files(tmp: Path) -> dict[str, str]:
    made = {
        "empty.csv": b"",
        "latin1.csv": "patient_id,caf\xe9\n1,2\n".encode("latin-1"),
        "twice.csv": b"a,b,a\n1,2,3\n",
        "eight.csv": (PHQ9_HEADER.rsplit(",", 1)[0] + "\nSYN-0001,0,1,1,1,1,1,1,1,1\n").encode(),
        "other.csv": b"patient_id,day,score\nSYN-0001,0,3\n",
        "nopatient.csv": (
            "day," + PHQ9_HEADER.split(",", 2)[2] + "\n0,1,1,1,1,1,1,1,1,1\n"
        ).encode(),
        "blank.csv": (PHQ9_HEADER + "\nSYN-0001,0,1,1,1,1,1,1,1,1,\n").encode(),
        "data.parquet": b"PAR1",
        "headerless.csv": b"PT-SECRET-9,0,1,1,1,1,1,1,1,1,0\n",
        "wider.csv": (PHQ9_HEADER + "\nSYN-0001,0,1,1,1,1,1,1,1,1,0,7\n").encode(),
    }
    for name, content in made.items():
        (tmp / name).write_bytes(content)
    (tmp / "folder.csv").mkdir()
    return {name.split(".")[0]: str(tmp / name) for name in [*made, "folder.csv"]}


CASES = [
    ("score-missing-file", ["score", "{tmp}/nope.csv"], "'{tmp}/nope.csv': no such file"),
    ("score-directory", ["score", "{folder}"], "it is a directory"),
    ("score-empty", ["score", "{empty}"], "the file is empty"),
    ("score-not-utf8", ["score", "{latin1}"], "not UTF-8 text"),
    ("score-repeated-column", ["score", "{twice}"], "column 'a' appears twice"),
    ("score-unknown-instrument", ["score", "--instrument", "phq10"], "unknown instrument id"),
    (
        "score-headerless",
        ["score", "{headerless}"],
        "column 2 of the first line is a number, not a column name",
    ),
    (
        "score-more-cells-than-columns",
        ["score", "{wider}"],
        "line 2 has 12 cells but the header names 11 columns",
    ),
    (
        "score-out-is-the-errors-file",
        ["score", "{wider}", "--out", "{tmp}/x.csv", "--errors", "{tmp}/x.csv"],
        "--errors: '{tmp}/x.csv' is the same file as --out",
    ),
    ("plot-dpi-too-high", ["plot", "--dpi", "100000", "--out", "{tmp}/p.png"], "--dpi: got"),
    (
        "score-missing-item-column",
        ["score", "{eight}", "--instrument", "phq9"],
        "but none for item(s) 9; add them (empty = missing)",
    ),
    ("score-undetectable", ["score", "{other}"], "no instrument's item columns found"),
    ("score-bundled-gad7", ["score", "--instrument", "gad7"], "bundled cohort has no 'gad7'"),
    ("score-out-unwritable", ["score", "--out", "{tmp}/no/dir.csv"], "--out: cannot write"),
    (
        "score-errors-unwritable",
        ["score", "--errors", "{tmp}/no/e.csv"],
        "--errors: cannot write '{tmp}/no/e.csv': no folder",
    ),
    ("summary-out-is-a-folder", ["summary", "--out", "{tmp}"], "it is a directory"),
    ("summary-missing-file", ["summary", "{tmp}/nope.csv"], "no such file"),
    (
        "summary-no-patient-column",
        ["summary", "{nopatient}", "--instrument", "phq9"],
        "no 'patient_id' column",
    ),
    ("summary-unknown-instrument", ["summary", "--instrument", "hamd99"], "unknown instrument"),
    (
        "plot-unknown-patient",
        ["plot", "--patient", "SYN-9999", "--out", "{tmp}/p.png"],
        "patient_id: got an identifier that is not in the table's patient_id column",
    ),
    (
        "plot-patient-nothing-scorable",
        ["plot", "{blank}", "--patient", "SYN-0001", "--out", "{tmp}/p.png"],
        "got a patient with no scorable PHQ-9 administration",
    ),
    ("plot-bad-format", ["plot", "--out", "{tmp}/p.xyz"], "--out: cannot write"),
    ("plot-out-unwritable", ["plot", "--out", "{tmp}/no/p.png"], "--out: cannot write"),
    (
        "plot-missing-sessions",
        ["plot", "--patient", "SYN-0001", "--sessions", "{tmp}/s.csv", "--out", "{tmp}/p.png"],
        "no such file",
    ),
]


@pytest.mark.parametrize(("argv", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_cli_input_exits_2_with_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    files = {"tmp": str(tmp_path), **_files(tmp_path)}
    status = main([a.format(**files) for a in argv])
    captured = capsys.readouterr()
    assert status == 2, captured.err
    assert captured.err.startswith("ketacore: error: ")
    assert message.format(**files) in captured.err
    assert captured.err.count("\n") == 1
    assert "Traceback" not in captured.err
    assert "PT-SECRET" not in captured.err


def test_parquet_without_pyarrow(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    files = _files(tmp_path)
    assert main(["score", files["data"], "--instrument", "phq9"]) == 2
    assert "Parquet needs pyarrow; pip install 'ketacore[parquet]'" in capsys.readouterr().err


TABLE_CASES = [
    (lambda: item_columns(9, ["phq9_1"]), TableError, "instrument: got 9"),
    (
        lambda: item_columns("phq9", []),
        TableError,
        "found no PHQ-9 item columns among the 0 columns",
    ),
    (lambda: detect_instrument([]), TableError, "no instrument's item columns"),
    (
        lambda: detect_instrument([f"phq9_{n}" for n in range(1, 10)] + ["phq2_1", "phq2_2"]),
        TableError,
        "more than one instrument",
    ),
    (lambda: score_table([{"x": 1}], "phq9"), TableError, "expected names such as phq9_1"),
    (lambda: score_table([{"x": 1}], "nope"), KetacoreError, "unknown instrument id 'nope'"),
    (lambda: response_table([{"phq9_1": 1}], "phq9"), TableError, "no 'patient_id' column"),
]


@pytest.mark.parametrize(("call", "error", "message"), TABLE_CASES)
def test_bad_table_input_raises_a_ketacore_error(
    call: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as info:
        call()  # type: ignore[operator]
    assert isinstance(info.value, KetacoreError)
    assert isinstance(info.value, ValueError)
    assert message in str(info.value)


def test_plot_errors_never_show_patient_identifiers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from ketacore.cli import main

    assert main(["plot", "--patient", "PT-SECRET-9", "--out", str(tmp_path / "p.png")]) == 2
    err = capsys.readouterr().err
    assert "PT-SECRET-9" not in err
    assert "SYN-" not in err
