"""Plots of score trajectories (needs the ``plot`` extra: ``pip install 'ketacore[plot]'``).

Functions return a :class:`matplotlib.figure.Figure` built without pyplot, so no
global backend state is touched; save it with ``figure.savefig("out.png")``.
matplotlib is imported when a function is called, not when this module is.

>>> from ketacore.cohort import load_cohort
>>> from ketacore.plots import trajectory_figure
>>> cohort = load_cohort()
>>> figure = trajectory_figure(cohort.madrs, "madrs", "SYN-0001", sessions=cohort.sessions)
>>> axes = figure.axes[0]
>>> axes.get_title()
'MADRS (IV ketamine)'
>>> [line.get_label() for line in axes.get_lines()]
['MADRS total', 'response: >= 50 % reduction (<= 15)', 'remission (<= 10)', 'sessions']
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ketacore._optional import optional_import
from ketacore._row_thresholds import row_thresholds
from ketacore.exceptions import WITHHELD, TableError
from ketacore.instruments import Instrument
from ketacore.instruments._catalogue import resolve
from ketacore.tables import Cell, TableFile, score_table

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["cohort_figure", "trajectory_figure"]

_Rows = Sequence[Mapping[str, Cell]] | TableFile


def _figure() -> Figure:
    module = optional_import("matplotlib.figure", extra="plot", field="plot", error=TableError)
    figure: Figure = module.Figure(figsize=(6.4, 4.0), layout="constrained")
    return figure


def _unscorable(field: str, got: str) -> TableError:
    return TableError(
        field=field,
        value=WITHHELD if field == "patient_id" else None,
        got=got,
        expected="a row to plot",
        fix="score the table (ketacore.tables.score_table or 'ketacore score') to see why",
    )


def _rows(rows: _Rows) -> tuple[Mapping[str, Cell], ...]:
    return rows.rows if isinstance(rows, TableFile) else tuple(rows)


def _number(value: Cell) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _series(scores: Sequence[Mapping[str, Cell]]) -> list[tuple[float, int]]:
    out = []
    for index, row in enumerate(scores):
        day = _number(row.get("day"))
        total = row.get("total")
        if isinstance(total, int):
            out.append((day if day is not None else float(index), total))
    return sorted(out)


def trajectory_figure(
    rows: _Rows,
    instrument: Instrument | str,
    patient_id: str,
    *,
    sessions: _Rows | None = None,
    remission_rule: str | None = None,
    show_identifier: bool = False,
) -> Figure:
    """Plot one patient's totals by day with the response and remission thresholds.

    The response line is at 50 % of the baseline (first) total — the instrument's
    response rule, measured above the scale floor — and the remission line at the
    remission rule's highest total: the one policy's rules for the patient's
    ``course_type`` (:func:`ketacore.response.thresholds_for`, the same as
    :func:`ketacore.tables.response_table`). Session days, if given, are marked
    along the bottom.

    Args:
        rows: Administrations with ``patient_id``, ``day`` and item columns.
        instrument: An instrument or its id.
        patient_id: The patient to plot.
        sessions: Optional session rows with ``patient_id`` and ``day``.
        remission_rule: Name of a remission rule instead of the default for the course.
        show_identifier: Put ``patient_id`` in the title. By default the title names
            the instrument and course only, so a figure shared or published does not
            carry the identifier.

    Returns:
        A matplotlib ``Figure`` with one axes.

    Raises:
        TableError: The patient is not in ``rows``, has no scorable administration,
            ``remission_rule`` names no remission rule of the instrument, or matplotlib
            is not installed.
    """
    inst = resolve(instrument, error=TableError)
    data = _rows(rows)
    mine = [r for r in data if r.get("patient_id") == patient_id]
    if not mine:
        # Identifiers never go into messages: neither the one asked for nor others.
        raise TableError(
            field="patient_id",
            value=WITHHELD,
            got="an identifier that is not in the table's patient_id column",
            fix="check it against the table (identifiers are withheld from this message)",
        )
    series = _series(score_table(mine, inst).scores)
    if not series:
        raise _unscorable(
            "patient_id", f"a patient with no scorable {inst.short_name} administration"
        )
    course = mine[0].get("course_type")
    course_text = _course_label(course) if isinstance(course, str) else ""
    thresholds = row_thresholds(inst, course, remission_rule=remission_rule, error=TableError)
    figure = _figure()
    axes = figure.add_subplot()
    days = [d for d, _ in series]
    totals = [t for _, t in series]
    axes.plot(days, totals, marker="o", color="C0", label=f"{inst.short_name} total")
    baseline = totals[0]
    response_at = thresholds.response_cutoff(baseline)
    axes.axhline(
        response_at,
        color="C1",
        linestyle="--",
        label=f"response: >= {thresholds.response_percent:g} % reduction (<= {response_at:g})",
    )
    if thresholds.remission_max_total is not None:
        axes.axhline(
            thresholds.remission_max_total,
            color="C2",
            linestyle=":",
            label=f"remission (<= {thresholds.remission_max_total})",
        )
    if sessions is not None:
        session_days = sorted(
            day
            for r in _rows(sessions)
            if r.get("patient_id") == patient_id and (day := _number(r.get("day"))) is not None
        )
        if session_days:
            axes.plot(
                session_days,
                [0.0] * len(session_days),
                linestyle="none",
                marker="|",
                markersize=14,
                color="0.4",
                label="sessions",
            )
    assert inst.total_range is not None
    axes.set_ylim(inst.total_range[0] - 1, max(max(totals), baseline) + 3)
    axes.set_xlabel("day")
    axes.set_ylabel(f"{inst.short_name} total")
    suffix = f" ({course_text})" if course_text else ""
    prefix = f"{patient_id}: " if show_identifier is True else ""
    axes.set_title(f"{prefix}{inst.short_name}{suffix}")
    axes.legend(loc="best", fontsize="small")
    return figure


# Routes written as abbreviations in a label; the others are written as words.
_ROUTE_ABBREVIATIONS = {"iv": "IV", "im": "IM", "sc": "SC"}


def _course_label(course_type: str) -> str:
    """A course type as a figure writes it: ``"iv_ketamine"`` is ``"IV ketamine"``.

    >>> _course_label("iv_ketamine"), _course_label("esketamine"), _course_label("oral_ketamine")
    ('IV ketamine', 'esketamine', 'oral ketamine')

    Other text (a table's own course types) is shown as given.
    """
    route, _, drug = course_type.rpartition("_")
    if drug != "ketamine" or not route:
        return course_type
    return f"{_ROUTE_ABBREVIATIONS.get(route, route)} ketamine"


def cohort_figure(rows: _Rows, instrument: Instrument | str) -> Figure:
    """Plot every patient's totals (thin lines) and the median per day, by course type.

    Args:
        rows: Administrations with ``patient_id``, ``day``, optional ``course_type``
            and item columns.
        instrument: An instrument or its id.

    Returns:
        A matplotlib ``Figure`` with one axes; the median lines are labelled
        ``"median, <course type> (n=<patients>)"``, the course type written
        for readers (``"IV ketamine"`` for ``iv_ketamine``).

    Raises:
        TableError: Nothing could be scored, or matplotlib is not installed.
    """
    inst = resolve(instrument, error=TableError)
    scores = score_table(_rows(rows), inst).scores
    if not scores:
        raise _unscorable("rows", f"no scorable {inst.short_name} administration")
    by_course: dict[str, dict[str, list[Mapping[str, Cell]]]] = {}
    for row in scores:
        course = str(row.get("course_type") or "all")
        by_course.setdefault(course, {}).setdefault(str(row.get("patient_id")), []).append(row)
    figure = _figure()
    axes = figure.add_subplot()
    for index, (course, patients) in enumerate(by_course.items()):
        colour = f"C{index}"
        per_day: dict[float, list[int]] = {}
        for members in patients.values():
            series = _series(members)
            axes.plot(
                [d for d, _ in series],
                [t for _, t in series],
                color=colour,
                alpha=0.15,
                linewidth=0.8,
                label="_nolegend_",
            )
            for day, total in series:
                per_day.setdefault(day, []).append(total)
        days = sorted(per_day)
        axes.plot(
            days,
            [statistics.median(per_day[d]) for d in days],
            color=colour,
            linewidth=2.5,
            marker="o",
            label=f"median, {_course_label(course)} (n={len(patients)})",
        )
    axes.set_xlabel("day")
    axes.set_ylabel(f"{inst.short_name} total")
    axes.set_title(f"{inst.short_name} by day: every patient and the median")
    axes.legend(loc="best", fontsize="small")
    return figure
