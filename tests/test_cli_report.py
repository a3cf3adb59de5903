"""``ketacore report`` and ``ketacore demo --out``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ketacore.cli import main
from ketacore.reports import SECTION_IDS, course_report, demo_course
from ketacore.serialization import to_json
from ketacore.testing import example_course
from report_helpers import parse_report


def _course_file(tmp_path: Path) -> Path:
    path = tmp_path / "course.json"
    path.write_text(to_json(example_course(drug="esketamine")), encoding="utf-8")
    return path


def test_report_writes_the_course_report(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert main(["report", str(_course_file(tmp_path)), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == course_report(example_course(drug="esketamine"))


def test_report_options_reach_course_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = _course_file(tmp_path)
    assert main(["report", str(course), "--on", "2026-03-05", "--show-identifier"]) == 0
    page = capsys.readouterr().out
    assert page == course_report(
        example_course(drug="esketamine"),
        identifier=True,
        on=date(2026, 3, 5),
    )
    assert "PT-EXAMPLE-0001" in page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.json"], "COURSE: cannot read 'missing.json'"),
        (["COURSE", "--on", "2026-13-01"], "--on: got '2026-13-01'"),
        (["COURSE", "--on", "2020-01-01"], "on: got 2020-01-01"),
        (["NOT_A_COURSE"], "$.schema_version"),
        (["COURSE", "--out", "/no/such/folder/r.html"], "--out: cannot write"),
    ],
)
def test_report_errors_exit_2_with_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    course = _course_file(tmp_path)
    other = tmp_path / "other.json"
    other.write_text('{"x": 1}', encoding="utf-8")
    names = {"COURSE": str(course), "NOT_A_COURSE": str(other)}
    assert main(["report", *(names.get(a, a) for a in args)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ketacore: error: ")
    assert message in err
    assert "PT-EXAMPLE-0001" not in err


def test_report_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    course = _course_file(tmp_path)
    assert main(["report", str(course), "--out", str(course)]) == 2
    assert course.read_text(encoding="utf-8").startswith('{"schema_version"')


def test_demo_out_writes_the_synthetic_patient_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "demo.html"
    assert main(["demo", "--out", str(out)]) == 0
    assert "SYNTHETIC" in capsys.readouterr().out
    page = out.read_text(encoding="utf-8")
    parsed = parse_report(page)
    assert parsed.problems == []
    assert parsed.sections == list(SECTION_IDS)
    assert "SYNTHETIC demo patient" in page
    assert demo_course().patient.identifier.value not in page


def test_demo_without_out_still_prints_the_cohort_summary(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Bundled SYNTHETIC cohort")
    assert "<html" not in out
