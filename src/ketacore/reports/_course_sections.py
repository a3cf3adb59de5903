"""Report sections about the course as a whole: protocol, doses, schedule adherence.

Each section is a function of the report :class:`~ketacore.reports._context.Context`
returning HTML. Every figure comes from a ketacore function (``cumulative_dose``,
``adherence_findings``, ``sessions_per_phase``, ``next_due``, ``overdue_checkins``);
nothing clinical is worked out here.
"""

from __future__ import annotations

from ketacore.courses import (
    adherence_findings,
    cumulative_dose,
    overdue_checkins,
    sessions_per_phase,
)
from ketacore.reports._context import Context, attempt, dose_text, fmt
from ketacore.reports._html import Cell, note, paragraph, table, term_list
from ketacore.sessions import ScheduledSession
from ketacore.units import Quantity, format_quantity, magnitude

__all__ = [
    "adherence_section",
    "doses_section",
    "format_weight",
    "missing_note",
    "protocol_section",
    "total_dose_text",
]


def _weeks(first: int, last: int | None) -> str:
    return f"{first}-{last}" if last is not None else f"{first} on"


def protocol_section(ctx: Context) -> str:
    """The protocol followed, the patient (identifier only if asked) and the course start."""
    course = ctx.course
    protocol = course.protocol
    patient = course.patient
    who = (
        patient.identifier.value
        if ctx.identifier
        else "withheld (course_report(..., identifier=True) shows it)"
    )
    weight = ctx.weight(course.start)
    if weight is None:
        ctx.lack("Protocol", "no body weight recorded on or before the course start")
    pairs = [
        ("Patient identifier", who),
        ("Age at start", f"{ctx.age(course.start)} years"),
        ("Weight at start", "not recorded" if weight is None else format_weight(weight)),
        ("Protocol", f"{protocol.name} ({protocol.id})"),
        ("Drug and route", f"{course.drug.value}, {course.route.value}"),
        ("Indication", course.indication.value),
        ("Course start", f"{course.start.isoformat()} (starting in the {course.phase} phase)"),
        (
            "Start dose",
            "none given by the protocol"
            if protocol.start_dose is None
            else dose_text(protocol.start_dose),
        ),
        ("Source", protocol.source),
    ]
    rows: list[list[Cell]] = [
        [
            phase.name,
            _weeks(phase.first_week, phase.last_week),
            phase.max_per_week,
            phase.interval.days,
            phase.max_sessions,
        ]
        for phase in protocol.phases
    ]
    phases = table(
        "Protocol phases",
        ["phase", "course weeks", "at most per week", "interval (days)", "at most sessions"],
        [[*row[:4], "no cap" if row[4] is None else row[4]] for row in rows],
    )
    body = term_list(pairs) + phases
    if protocol.note:
        body += paragraph(protocol.note)
    return body


def format_weight(weight: Quantity) -> str:
    """A weight as entered, with kg when it was entered in another unit."""
    text = format_quantity(weight)
    kilograms = float(magnitude(weight, "kg"))
    return text if text.endswith(" kg") else f"{text} ({fmt(kilograms)} kg)"


def total_dose_text(ctx: Context) -> str:
    """The cumulative dose of the course as text, or why it is not available."""
    total, problem = attempt(lambda: cumulative_dose(ctx.course))
    if total is None:
        return f"not available: {problem}"
    mg = fmt(float(magnitude(total.total, "mg")), 4)
    if total.per_kg is None:
        per_kg = "mg/kg not available (no weight recorded)"
    else:
        per_kg = f"{fmt(float(magnitude(total.per_kg, 'mg/kg')), 3)} mg/kg"
    return f"{mg} mg over {total.sessions} sessions ({per_kg})"


def doses_section(ctx: Context) -> str:
    """Each dosing session's dose as entered, in mg and in mg/kg, and the course total."""
    rows: list[list[Cell]] = []
    for session in ctx.dosing_sessions:
        day = ctx.day_of(session)
        mg, per_kg, problem = ctx.session_dose(session)
        kilograms = ctx.weight_kg(day)
        if problem is not None:
            ctx.lack("Doses", f"session {session.id}: {problem}")
        elif per_kg is None:
            ctx.lack("Doses", f"session {session.id}: no weight in force, so no mg/kg")
        rows.append(
            [
                session.id,
                day.isoformat(),
                ctx.phase_name(day),
                dose_text(session.dose),
                None if mg is None else fmt(mg, 4),
                None if per_kg is None else fmt(per_kg, 3),
                None if kilograms is None else fmt(kilograms, 4),
            ]
        )
    if not rows:
        ctx.lack("Doses", "no dosing session recorded")
    body = table(
        "Dose per session",
        ["session", "date", "phase", "dose as entered", "mg", "mg/kg", "weight used (kg)"],
        rows,
    )
    body += paragraph(f"Course total: {total_dose_text(ctx)}.")
    planned = [s for s in ctx.course.sessions if isinstance(s, ScheduledSession)]
    if planned:
        body += table(
            "Planned sessions",
            ["session", "scheduled start", "planned dose"],
            [
                [
                    s.id,
                    s.scheduled_start.isoformat(timespec="minutes"),
                    None if s.planned_dose is None else dose_text(s.planned_dose),
                ]
                for s in planned
            ],
        )
    return body


def adherence_section(ctx: Context) -> str:
    """Sessions per phase, schedule findings, the next due day and overdue check-ins."""
    course = ctx.course
    counts = sessions_per_phase(course)
    phase_rows: list[list[Cell]] = [
        [
            phase.name,
            counts[phase.name],
            "no cap" if phase.max_sessions is None else phase.max_sessions,
        ]
        for phase in course.protocol.phases
    ]
    body = table("Dosing sessions per phase", ["phase", "sessions given", "at most"], phase_rows)
    findings = adherence_findings(course)
    body += table(
        "Schedule findings",
        ["finding", "session", "phase", "what to do"],
        [[f.kind.value, f.session_id, f.phase, f.message] for f in findings],
        flagged=[True] * len(findings),
    )
    if not findings:
        body += paragraph("No schedule finding: every session is within the protocol's gaps.")
    body += paragraph(f"Next dosing session due: {ctx.due_text()}.")
    ctx.highlight("Schedule findings", str(len(findings)) if findings else "none")
    overdue = overdue_checkins(course, on=ctx.on)
    if overdue:
        body += table(
            f"Long-term safety check-ins overdue on {ctx.on.isoformat()}",
            ["watch item", "last check-in", "due"],
            [
                [o.item.value, None if o.last is None else o.last.isoformat(), o.due.isoformat()]
                for o in overdue
            ],
            flagged=[True] * len(overdue),
        )
        for item in overdue:
            ctx.lack("Schedule adherence", f"check-in on {item.item.value} overdue")
    else:
        body += paragraph("No long-term safety check-in is overdue.")
    return body


def missing_note(ctx: Context) -> str:
    """The missing-data note, or a line saying nothing is missing."""
    if not ctx.missing:
        return paragraph("Nothing the report uses is missing.")
    return note("Some data are missing; the sections below say where.") + table(
        "Missing or not evaluable",
        ["section", "what"],
        [[where, what] for where, what in ctx.missing],
        flagged=[True] * len(ctx.missing),
    )
