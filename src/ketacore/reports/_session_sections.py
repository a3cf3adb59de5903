"""Report sections about what was observed in each session: vitals, CADSS and MOAA/S.

Blood-pressure limits come from :func:`ketacore.vitals.blood_pressure_limit` and
each reading above one is flagged by :func:`ketacore.vitals.blood_pressure_too_high`;
monitoring gaps and the discharge decision come from
:func:`ketacore.sessions.monitoring_gaps` and :func:`ketacore.sessions.discharge_check`;
dissociation events from :func:`ketacore.sessions.dissociation_events` (the
Spravato rule held in one place). Nothing clinical is worked out here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from ketacore._dates import elapsed
from ketacore.doses import Drug
from ketacore.instruments import CADSS, MOAAS
from ketacore.reports._context import Context, attempt, clock, fmt
from ketacore.reports._html import Cell, esc, note, paragraph, table
from ketacore.reports._svg import RefLine, Series, line_chart
from ketacore.sessions import (
    ESKETAMINE_MONITORING,
    KETAMINE_MONITORING,
    DosingSession,
    MonitoringPlan,
    discharge_check,
    dissociation_events,
    dissociation_threshold,
    monitoring_gaps,
)
from ketacore.sessions._assessments import totals_of
from ketacore.vitals import BloodPressureLimit, blood_pressure_limit, blood_pressure_too_high

__all__ = ["in_session_section", "vitals_section"]

_VITALS = "Vitals"
_IN_SESSION = "CADSS and MOAA/S"


def _minutes(session: DosingSession, moment: datetime) -> float:
    """Minutes from dosing to *moment* (absolute time; negative before dosing)."""
    return elapsed(session.dosed_at, moment).total_seconds() / 60


def _title(ctx: Context, session: DosingSession) -> str:
    day = ctx.day_of(session)
    return f"Session {session.id}, {day.isoformat()} ({ctx.phase_name(day)})"


def _heading(text: str) -> str:
    return f"<h3>{esc(text)}</h3>\n"


def _bp_chart(
    chart_id: str, ctx: Context, session: DosingSession, limit: BloodPressureLimit
) -> str:
    readings = session.blood_pressures()
    systolic = Series(
        "systolic", [(_minutes(session, v.taken_at), float(v.systolic or 0)) for v in readings]
    )
    diastolic = Series(
        "diastolic", [(_minutes(session, v.taken_at), float(v.diastolic or 0)) for v in readings]
    )
    values = ", ".join(
        f"{fmt(_minutes(session, v.taken_at))} min: {v.blood_pressure}" for v in readings
    )
    top = max([limit.systolic, *(float(v.systolic or 0) for v in readings)]) + 10
    return line_chart(
        chart_id,
        title=f"Blood pressure over session {session.id}",
        desc=f"Blood pressure by minutes after dosing, with the limit {limit} mmHg: {values}.",
        x_label="minutes after dosing",
        y_label="mmHg",
        series=[systolic, diastolic],
        ref_lines=[
            RefLine(limit.systolic, f"limit {limit.systolic} systolic"),
            RefLine(limit.diastolic, f"limit {limit.diastolic} diastolic"),
        ],
        y_range=(40, top),
        height=200,
    )


_OPTIONAL_READINGS: Final = (
    ("heart_rate", "heart rate (/min)"),
    ("spo2", "SpO2 (%)"),
    ("respiratory_rate", "resp. rate (/min)"),
)


def _readings_table(session: DosingSession, age: int) -> str:
    """The readings, with the columns of readings never taken left out (and named)."""
    taken = [
        (name, header)
        for name, header in _OPTIONAL_READINGS
        if any(getattr(v, name) is not None for v in session.vitals)
    ]
    rows: list[list[Cell]] = []
    flags: list[bool] = []
    for v in session.vitals:
        above = blood_pressure_too_high(v, age=age)
        flags.append(above is not None)
        rows.append(
            [
                fmt(_minutes(session, v.taken_at)),
                clock(v.taken_at),
                v.blood_pressure,
                *(getattr(v, name) for name, _ in taken),
                "-" if not v.has_blood_pressure else ("above" if above else "within"),
            ]
        )
    body = table(
        f"Vital signs, session {session.id}",
        ["min after dose", "time", "blood pressure", *(h for _, h in taken), "limit"],
        rows,
        flagged=flags,
    )
    never = [
        header.split(" (")[0] for name, header in _OPTIONAL_READINGS if (name, header) not in taken
    ]
    if never:
        body += paragraph(f"Not recorded in this session: {', '.join(never)}.")
    return body


def _monitoring(ctx: Context, session: DosingSession, age: int) -> str:
    plan = _plan(session)
    if session.observation_end is None:
        ctx.lack(_VITALS, f"session {session.id}: observation has not ended")
        return note("Observation has not ended: monitoring and discharge are not judged yet.")
    gaps = monitoring_gaps(session, plan=plan)
    for gap in gaps:
        ctx.lack(_VITALS, f"session {session.id}: {gap.message}")
    report, problem = attempt(
        lambda: discharge_check(session, at=session.observation_end, age=age)  # type: ignore[arg-type]
    )
    text = (
        "Monitoring complete"
        if not gaps
        else "Monitoring gaps: " + "; ".join(g.message for g in gaps)
    )
    if report is None:
        text += f". Discharge not judged: {problem}"
    elif report.ready:
        text += "; discharge criteria met at the end of observation"
    else:
        text += ". Discharge criteria not met at the end of observation: " + "; ".join(
            report.messages
        )
    return note(text + ".")


def vitals_section(ctx: Context) -> str:
    """Per session: blood pressure over time against the limit, the readings, monitoring gaps."""
    sessions = ctx.dosing_sessions
    if not sessions:
        ctx.lack(_VITALS, "no dosing session recorded")
        return note("No dosing session recorded.")
    plans = sorted({_plan(s).source for s in sessions})
    limits = sorted({blood_pressure_limit(ctx.age(ctx.day_of(s))) for s in sessions}, key=str)
    parts = [paragraph(f"Monitoring plan: {source}.") for source in plans]
    parts += [paragraph(f"Blood-pressure limit: {limit} ({limit.source}).") for limit in limits]
    above: list[str] = []
    for index, session in enumerate(sessions):
        day = ctx.day_of(session)
        age = ctx.age(day)
        limit = blood_pressure_limit(age)
        if any(blood_pressure_too_high(v, age=age) for v in session.vitals):
            above.append(session.id)
        parts.append(_heading(_title(ctx, session)))
        if not session.vitals:
            ctx.lack(_VITALS, f"session {session.id}: no vital signs recorded")
            parts.append(note("No vital signs recorded."))
        else:
            if session.blood_pressures():
                parts.append(
                    "<figure>" + _bp_chart(f"bp-{index}", ctx, session, limit) + "</figure>\n"
                )
            parts.append(_readings_table(session, age))
        parts.append(_monitoring(ctx, session, age))
    ctx.highlight("Blood pressure above the limit", _share(above, sessions))
    return "".join(parts)


def _share(ids: list[str], sessions: tuple[DosingSession, ...]) -> str:
    """ "in 2 of 8 sessions (S03, S05)", or "in no session"."""
    if not ids:
        return f"in none of {len(sessions)} sessions"
    return f"in {len(ids)} of {len(sessions)} sessions ({', '.join(ids)})"


def _plan(session: DosingSession) -> MonitoringPlan:
    return ESKETAMINE_MONITORING if session.drug is Drug.ESKETAMINE else KETAMINE_MONITORING


def _after(session: DosingSession, instrument: str) -> list[int]:
    return [
        total
        for when, total in totals_of(session.assessments, instrument)
        if _minutes(session, when) > 0
    ]


def in_session_section(ctx: Context) -> str:
    """Per session: CADSS before and after dosing, dissociation events, MOAA/S levels."""
    rule = dissociation_threshold()
    event_total = rule.min_total if rule.min_total is not None else 0
    rows: list[list[Cell]] = []
    flags: list[bool] = []
    cadss_points: list[tuple[float, float]] = []
    moaas_points: list[tuple[float, float]] = []
    for number, session in enumerate(ctx.dosing_sessions, start=1):
        pre = [t for w, t in totals_of(session.assessments, CADSS.id) if _minutes(session, w) <= 0]
        cadss = _after(session, CADSS.id)
        moaas = _after(session, MOAAS.id)
        event = None if not pre else "yes" if dissociation_events(session) else "no"
        if not cadss:
            ctx.lack(_IN_SESSION, f"session {session.id}: no CADSS after dosing")
        elif event is None:
            ctx.lack(_IN_SESSION, f"session {session.id}: no pre-dose CADSS to compare with")
        if not moaas:
            ctx.lack(_IN_SESSION, f"session {session.id}: no MOAA/S after dosing")
        flags.append(event == "yes")
        rows.append(
            [
                session.id,
                ctx.day_of(session).isoformat(),
                pre[-1] if pre else None,
                max(cadss) if cadss else None,
                event,
                min(moaas) if moaas else None,
                moaas[-1] if moaas else None,
            ]
        )
        if cadss:
            cadss_points.append((number, max(cadss)))
        if moaas:
            moaas_points.append((number, min(moaas)))
    if not rows:
        ctx.lack(_IN_SESSION, "no dosing session recorded")
        return note("No dosing session recorded.")
    events = [str(row[0]) for row, flag in zip(rows, flags, strict=True) if flag]
    ctx.highlight("Dissociation events", _share(events, ctx.dosing_sessions))
    if moaas_points:
        ctx.highlight("Lowest MOAA/S after dosing", fmt(min(y for _, y in moaas_points)))
    body = table(
        "CADSS and MOAA/S per session",
        [
            "session",
            "date",
            "CADSS before dose",
            "highest CADSS after",
            "dissociation event",
            "lowest MOAA/S after",
            "last MOAA/S",
        ],
        rows,
        flagged=flags,
    )
    body += paragraph(
        f"Dissociation event: a CADSS total of at least {event_total} and at least "
        f"{rule.min_change} above the pre-dose total ({rule.source}). "
        "MOAA/S 5 is awake and responsive; lower levels are deeper sedation."
    )
    if cadss_points:
        body += (
            "<figure>"
            + line_chart(
                "cadss",
                title="Highest CADSS after dosing, per session",
                desc="Highest CADSS total after dosing in each session: "
                + ", ".join(f"session {fmt(x)}: {fmt(y)}" for x, y in cadss_points)
                + f". Reference line at {event_total}, the lowest total of an event.",
                x_label="session number",
                y_label="CADSS total",
                series=[Series("highest CADSS", cadss_points)],
                ref_lines=[RefLine(event_total, f"event from {event_total}")],
                y_range=(0, max(10, *(y for _, y in cadss_points)) + 2),
                height=200,
            )
            + "</figure>\n"
        )
    if moaas_points:
        body += (
            "<figure>"
            + line_chart(
                "moaas",
                title="Lowest MOAA/S after dosing, per session",
                desc="Lowest MOAA/S level after dosing in each session: "
                + ", ".join(f"session {fmt(x)}: {fmt(y)}" for x, y in moaas_points)
                + ". 5 is awake.",
                x_label="session number",
                y_label="MOAA/S",
                series=[Series("lowest MOAA/S", moaas_points)],
                ref_lines=[RefLine(5, "5: awake")],
                y_range=(0, 5),
                height=180,
            )
            + "</figure>\n"
        )
    return body
