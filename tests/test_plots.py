"""Figures: lines, labels and threshold values (Agg backend, no display)."""

from __future__ import annotations

import matplotlib
import pytest

from ketacore.cohort import load_cohort
from ketacore.exceptions import TableError
from ketacore.plots import cohort_figure, trajectory_figure

matplotlib.use("Agg")


def _rows(pid: str, course: str, totals: list[tuple[int, int]]) -> list[dict[str, object]]:
    """MADRS rows whose totals are ``totals`` (items filled left to right)."""
    out = []
    for day, total in totals:
        items = [min(6, max(0, total - 6 * i)) for i in range(10)]
        out.append(
            {
                "patient_id": pid,
                "course_type": course,
                "day": day,
                **{f"madrs_{n}": v for n, v in enumerate(items, start=1)},
            }
        )
    return out


def test_trajectory_lines_and_thresholds() -> None:
    rows = _rows("SYN-0001", "iv_ketamine", [(0, 34), (7, 22), (21, 9)])
    sessions = [{"patient_id": "SYN-0001", "day": d} for d in (0, 3, 7, 10, 14, 17)]
    figure = trajectory_figure(rows, "madrs", "SYN-0001", sessions=sessions)
    (axes,) = figure.axes
    total, response, remission, marks = axes.get_lines()
    assert list(total.get_xdata()) == [0, 7, 21]
    assert list(total.get_ydata()) == [34, 22, 9]
    assert set(response.get_ydata()) == {17.0}  # 50 % of a baseline of 34
    assert set(remission.get_ydata()) == {10}  # MADRS <= 10 for IV ketamine
    assert list(marks.get_xdata()) == [0, 3, 7, 10, 14, 17]
    assert response.get_label() == "response: >= 50 % reduction (<= 17)"
    assert remission.get_label() == "remission (<= 10)"
    assert axes.get_xlabel() == "day"
    assert axes.get_ylabel() == "MADRS total"
    assert axes.get_title() == "MADRS (IV ketamine)"
    legend = axes.get_legend()
    assert legend is not None
    assert legend.get_texts()[0].get_text() == "MADRS total"


def test_the_identifier_is_in_the_title_only_when_asked_for() -> None:
    rows = _rows("PT-SECRET-9", "iv_ketamine", [(0, 34), (21, 9)])
    assert "PT-SECRET-9" not in trajectory_figure(rows, "madrs", "PT-SECRET-9").axes[0].get_title()
    shown = trajectory_figure(rows, "madrs", "PT-SECRET-9", show_identifier=True)
    assert shown.axes[0].get_title() == "PT-SECRET-9: MADRS (IV ketamine)"


def test_esketamine_course_uses_the_esketamine_remission_rule_and_can_be_overridden() -> None:
    rows = _rows("SYN-0002", "esketamine", [(0, 30), (28, 12)])
    axes = trajectory_figure(rows, "madrs", "SYN-0002").axes[0]
    labels = [line.get_label() for line in axes.get_lines()]
    assert labels == ["MADRS total", "response: >= 50 % reduction (<= 15)", "remission (<= 12)"]
    axes = trajectory_figure(rows, "madrs", "SYN-0002", remission_rule="riedel").axes[0]
    assert axes.get_lines()[2].get_label() == "remission (<= 7)"


def test_an_instrument_without_remission_rule_draws_no_remission_line() -> None:
    rows = [
        {"patient_id": "P", "day": d, **{f"gad7_{n}": v for n in range(1, 8)}}
        for d, v in ((0, 3), (14, 1))
    ]
    axes = trajectory_figure(rows, "gad7", "P").axes[0]
    labels = [line.get_label() for line in axes.get_lines()]
    assert labels == ["GAD-7 total", "response: >= 50 % reduction (<= 10.5)"]


def test_cohort_figure_has_one_median_per_course() -> None:
    cohort = load_cohort()
    figure = cohort_figure(cohort.madrs, "madrs")
    axes = figure.axes[0]
    lines = axes.get_lines()
    medians = [line for line in lines if line.get_label().startswith("median")]
    assert [m.get_label() for m in medians] == [
        "median, IV ketamine (n=100)",
        "median, esketamine (n=100)",
    ]
    assert len(lines) == 200 + 2
    assert list(medians[0].get_xdata()) == [0, 7, 14, 21]
    assert list(medians[1].get_xdata()) == [0, 7, 14, 28]
    assert axes.get_title() == "MADRS by day: every patient and the median"


def test_cohort_figure_needs_something_scorable() -> None:
    rows = _rows("SYN-0001", "iv_ketamine", [(0, 34)])
    rows[0]["madrs_1"] = 9
    with pytest.raises(TableError) as caught:
        cohort_figure(rows, "madrs")
    assert caught.value.field == "rows"


def test_missing_matplotlib_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(TableError) as caught:
        cohort_figure(_rows("SYN-0001", "iv_ketamine", [(0, 34)]), "madrs")
    assert (caught.value.field, caught.value.fix) == ("plot", "pip install 'ketacore[plot]'")


@pytest.mark.parametrize(
    ("course", "label"),
    [
        ("iv_ketamine", "IV ketamine"),
        ("im_ketamine", "IM ketamine"),
        ("sc_ketamine", "SC ketamine"),
        ("oral_ketamine", "oral ketamine"),
        ("esketamine", "esketamine"),
        ("clinic_a", "clinic_a"),
    ],
)
def test_figures_label_course_types_readably(course: str, label: str) -> None:
    """Legends and titles say "IV ketamine", not the raw id ``iv_ketamine`` (issue 14)."""
    figure = cohort_figure(_rows("SYN-0001", course, [(0, 34), (7, 22)]), "madrs")
    assert figure.axes[0].get_lines()[-1].get_label() == f"median, {label} (n=1)"
    title = trajectory_figure(_rows("SYN-0001", course, [(0, 34)]), "madrs", "SYN-0001")
    assert title.axes[0].get_title() == f"MADRS ({label})"
