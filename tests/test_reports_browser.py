"""Course reports as a person sees them: headless Chromium renders them to PNG and PDF.

Skipped where Chromium or poppler is missing, except under CI (``CI=true``), where
``.ci/run`` installs them and a missing tool fails the test.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from browser_helpers import chromium, console_problems, pdf_pages, pdf_text, png_size_and_shades
from ketacore.courses import Course, cumulative_dose, response_status
from ketacore.reports import course_report, demo_course
from ketacore.reports._html import CSP
from ketacore.testing import example_patient

_HEAD = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{csp}<title>t</title></head>'


@pytest.mark.parametrize(
    ("csp", "body", "expected"),
    [
        (True, '<img src="https://example.invalid/x.png" alt="x">', "Content Security Policy"),
        (True, '<link rel="stylesheet" href="style.css">', "Content Security Policy"),
        (False, "<script>undefinedFunction();</script>", "Uncaught ReferenceError"),
    ],
)
def test_the_console_check_catches_refused_loads_and_script_errors(
    tmp_path: Path, csp: bool, body: str, expected: str
) -> None:
    """The check the report tests rely on finds what it looks for (a control)."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' if csp else ""
    page = tmp_path / "bad.html"
    page.write_text(_HEAD.format(csp=meta) + f"<body><p>x</p>{body}</body></html>")
    problems = console_problems(chromium(page, tmp_path, f"--screenshot={tmp_path / 'b.png'}"))
    assert any(expected in line for line in problems), problems


@pytest.fixture(scope="module")
def demo_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(course_report(demo_course()), encoding="utf-8")
    return path


def test_demo_report_renders_to_png_without_console_problems(demo_page: Path) -> None:
    png = demo_page.parent / "report.png"
    stderr = chromium(demo_page, demo_page.parent, f"--screenshot={png}", "--window-size=1000,2400")
    assert console_problems(stderr) == []
    width, height, shades = png_size_and_shades(png)
    assert (width, height) == (1000, 2400)
    assert shades > 8  # text and charts were drawn, not a blank page


def test_demo_report_prints_to_pdf_with_its_key_figures(demo_page: Path) -> None:
    pdf = demo_page.parent / "report.pdf"
    stderr = chromium(
        demo_page, demo_page.parent, f"--print-to-pdf={pdf}", "--no-pdf-header-footer"
    )
    assert console_problems(stderr) == []
    assert pdf_pages(pdf) >= 2
    text = pdf_text(pdf)
    course = demo_course()
    total = cumulative_dose(course)
    assert f"{total.total.magnitude:g} mg over {total.sessions} sessions" in text
    assert f"({total.per_kg.magnitude:.3g} mg/kg)" in text
    for session in course.dosing_sessions:
        assert (
            f"{session.id} {session.dosed_at.date().isoformat()} induction {session.dose.text}"
            in text
        )
    status = response_status(course, "madrs", on=date(2026, 3, 30))
    assert f"MADRS status {status.status.value}, improvement {status.percent_change:.3g} %" in text
    for heading in (
        "Summary",
        "Missing data",
        "Doses",
        "Vitals",
        "CADSS and MOAA/S",
        "Score trajectories",
        "Response status",
        "Screening",
        "Dose checks",
        "Schedule adherence",
    ):
        assert heading in text
    assert "minutes after dosing" in text  # the charts' own text is in the PDF
    assert course.patient.identifier.value not in text


def test_a_course_with_missing_data_prints_and_says_what_is_missing(tmp_path: Path) -> None:
    course = Course(
        patient=example_patient(weight=None),
        protocol="esketamine-trd",
        indication="trd",
        start=date(2026, 3, 2),
    )
    page = tmp_path / "empty.html"
    page.write_text(course_report(course), encoding="utf-8")
    pdf = tmp_path / "empty.pdf"
    assert console_problems(chromium(page, tmp_path, f"--print-to-pdf={pdf}")) == []
    text = pdf_text(pdf)
    assert "no dosing session recorded" in text
    assert "no outcome rating" in text
