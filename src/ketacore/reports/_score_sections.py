"""Report sections about outcome ratings: score trajectories and the response status.

The status of every rating comes from :func:`ketacore.courses.response_trajectory`
and the status on the report day from :func:`ketacore.courses.response_status`,
both under the one policy's thresholds for the course's drug and route. The
response line drawn is :meth:`ketacore.response.Thresholds.response_cutoff`.
"""

from __future__ import annotations

from datetime import date, datetime

from ketacore.courses import response_status, response_trajectory
from ketacore.instruments import CADSS, MOAAS, Instrument
from ketacore.reports._context import Context, attempt, fmt
from ketacore.reports._html import Cell, esc, note, paragraph, table
from ketacore.reports._svg import RefLine, Series, line_chart
from ketacore.response import Status, Thresholds

__all__ = ["outcome_instruments", "response_section", "trajectories_section"]

_IN_SESSION_ONLY = (MOAAS.id, CADSS.id)
_TRAJECTORIES = "Score trajectories"
_RESPONSE = "Response status"


def outcome_instruments(ctx: Context) -> list[Instrument]:
    """Instruments rated as outcomes: baselines first, then follow-ups (not MOAA/S, CADSS)."""
    course = ctx.course
    seen: dict[str, Instrument] = {}
    ratings = [*course.baselines, *course.assessments]
    for session in course.dosing_sessions:
        ratings.extend(session.assessments)
    for rating in ratings:
        instrument = rating.score.instrument
        if instrument.id not in _IN_SESSION_ONLY:
            seen.setdefault(instrument.id, instrument)
    return list(seen.values())


def rules_text(thresholds: Thresholds) -> str:
    """The response and remission rules as a sentence."""
    text = f"response: at least {thresholds.response_percent:g} % reduction from baseline"
    if thresholds.min_baseline is not None:
        text += f" (baseline at least {thresholds.min_baseline})"
    if thresholds.response_rule:
        text += f" (rule {thresholds.response_rule!r})"
    if thresholds.remission_max_total is None:
        return text + "; no remission rule"
    text += f"; remission: total at most {thresholds.remission_max_total}"
    if thresholds.remission_rule:
        text += f" (rule {thresholds.remission_rule!r})"
    return text


def _percent(value: float | None) -> Cell:
    return None if value is None else f"{fmt(value, 3)} %"


def _chart(ctx: Context, instrument: Instrument, index: int) -> str:
    trajectory, problem = attempt(lambda: response_trajectory(ctx.course, instrument))
    if trajectory is None:
        ctx.lack(_TRAJECTORIES, f"{instrument.short_name}: {problem}")
        return note(f"{instrument.short_name}: no trajectory: {problem}")
    thresholds = trajectory.thresholds
    base = trajectory.baseline
    base_total = base.score.total
    points = [(ctx.course_day(base.when), float(base_total or 0))]
    points += [
        (ctx.course_day(a.when), float(a.score.total))
        for a in trajectory.assessments
        if a.score.total is not None
    ]
    lines = []
    if base_total is not None:
        cutoff = thresholds.response_cutoff(base_total)
        lines.append(RefLine(cutoff, f"response at most {fmt(cutoff)}"))
    if thresholds.remission_max_total is not None:
        lines.append(
            RefLine(
                thresholds.remission_max_total,
                f"remission at most {thresholds.remission_max_total}",
            )
        )
    low, high = instrument.total_range or (0, max(y for _, y in points))
    top = max(y for _, y in points)
    chart = line_chart(
        f"trajectory-{index}",
        title=f"{instrument.short_name} total over the course",
        desc=f"{instrument.short_name} totals by course day: "
        + ", ".join(f"day {fmt(x)}: {fmt(y)}" for x, y in points)
        + f". {rules_text(thresholds)}.",
        x_label="course day",
        y_label=f"{instrument.short_name} total",
        series=[Series(f"{instrument.short_name} total", points)],
        ref_lines=lines,
        y_range=(low, min(high, top + 4)),
    )
    rows: list[list[Cell]] = [
        [
            _day(base.when),
            _course_day(ctx, base.when),
            base_total,
            "baseline",
            None,
        ]
    ]
    flags = [False]
    for assessment, status in zip(trajectory.assessments, trajectory.statuses, strict=True):
        when = assessment.when
        rows.append(
            [
                _day(when),
                _course_day(ctx, when),
                assessment.score.total,
                status.status.value
                + ("" if status.reason is None else f" ({status.reason.value})"),
                _percent(status.percent_change),
            ]
        )
        flags.append(status.status in (Status.RESPONSE, Status.REMISSION))
    ratings = table(
        f"{instrument.short_name} ratings",
        ["date", "course day", "total", "status", "improvement"],
        rows,
        flagged=flags,
    )
    return (
        f"<h3>{esc(instrument.short_name)}</h3>\n<figure>{chart}<figcaption>"
        f"{esc(rules_text(thresholds))}. Rows in bold meet response or remission."
        f"</figcaption></figure>\n{ratings}"
    )


def trajectories_section(ctx: Context) -> str:
    """Each outcome instrument's totals over the course with the response and remission lines."""
    instruments = outcome_instruments(ctx)
    if not instruments:
        ctx.lack(_TRAJECTORIES, "no outcome rating (baseline or follow-up) recorded")
        return note("No outcome rating recorded.")
    return "".join(_chart(ctx, inst, i) for i, inst in enumerate(instruments))


def _course_day(ctx: Context, when: object) -> Cell:
    day = when.date() if isinstance(when, datetime) else when
    return (day - ctx.course.start).days if isinstance(day, date) else None


def _determined(value: bool | None) -> Cell:
    return "not determined" if value is None else "yes" if value else "no"


def _day(when: object) -> str:
    return when.date().isoformat() if isinstance(when, datetime) else str(when)


def _taken(rating: object) -> Cell:
    when = getattr(rating, "taken_at", None)
    total = getattr(rating, "total", None)
    if when is None:
        return None
    return f"{total if total is not None else 'no total'} on {when.date().isoformat()}"


def response_section(ctx: Context) -> str:
    """The response status on the report day, per outcome instrument, with its reason."""
    rows: list[list[Cell]] = []
    flags: list[bool] = []
    for instrument in outcome_instruments(ctx):
        result = response_status(ctx.course, instrument, on=ctx.on)
        thresholds = result.classification.thresholds
        reason = result.reason
        if reason is not None:
            ctx.lack(_RESPONSE, f"{instrument.short_name}: not evaluable: {reason.value}")
            why = reason.value
        elif thresholds is not None:
            why = rules_text(thresholds)
        else:  # pragma: no cover - an evaluable status always has thresholds
            why = ""
        rows.append(
            [
                instrument.short_name,
                _taken(result.baseline),
                _taken(result.current),
                _percent(result.percent_change),
                result.status.value,
                _determined(result.response),
                _determined(result.remission),
                why,
            ]
        )
        flags.append(result.status in (Status.RESPONSE, Status.REMISSION))
    if not rows:
        ctx.lack(_RESPONSE, "no outcome rating recorded, so no response status")
        return note("No outcome rating recorded: the response status is not evaluable.")
    body = table(
        f"Response status on {ctx.on.isoformat()}",
        [
            "instrument",
            "baseline",
            "latest",
            "improvement",
            "status",
            "response",
            "remission",
            "reason / rules",
        ],
        rows,
        flagged=flags,
    )
    body += paragraph(
        "Each latest rating on or before the report day is compared with the course's "
        "baseline on the same instrument."
    )
    return body
