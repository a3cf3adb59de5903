"""Report sections of findings: contraindication screening and dose plausibility checks.

Screening is :func:`ketacore.contraindications.screen` on each dosing day with
that session's last pre-dose blood pressure; dose checks are
:func:`ketacore.dose_checks.check_dose` with the weight in force and the age on
the day. A check that cannot run says why instead of failing the report.
"""

from __future__ import annotations

from ketacore.contraindications import Finding, ScreeningResult, screen
from ketacore.dose_checks import Severity, check_dose
from ketacore.rems import check_record, monitoring_record
from ketacore.reports._context import Context, attempt, dose_text
from ketacore.reports._html import Cell, note, paragraph, table
from ketacore.sessions import DosingSession
from ketacore.vitals import VitalSigns

__all__ = ["dose_checks_section", "rems_section", "screening_section"]

_SCREENING = "Screening"
_DOSE_CHECKS = "Dose checks"
_REMS = "REMS"


def _pre_dose_pressure(session: DosingSession) -> VitalSigns | None:
    readings = [v for v in session.pre_dose_vitals() if v.has_blood_pressure]
    return readings[-1] if readings else None


def _verdict(result: ScreeningResult) -> str:
    if result.blocked:
        return "blocked (absolute contraindication)"
    if result.held:
        return "hold this dose (pre-dose check failed)"
    if result.needs_review:
        return "review (relative contraindication)"
    return "clear"


def screening_section(ctx: Context) -> str:
    """Screening on each dosing day: the verdict and the rules that fired, with sources."""
    course = ctx.course
    rows: list[list[Cell]] = []
    flags: list[bool] = []
    fired: dict[str, Finding] = {}
    for session in ctx.dosing_sessions:
        day = ctx.day_of(session)
        vitals = _pre_dose_pressure(session)
        if vitals is None:
            ctx.lack(_SCREENING, f"session {session.id}: no pre-dose blood pressure to screen")
        result, problem = attempt(
            lambda day=day, vitals=vitals: screen(  # type: ignore[misc]
                course.patient, course.drug, course.route, on=day, vitals=vitals
            )
        )
        if result is None:
            ctx.lack(_SCREENING, f"session {session.id}: not screened: {problem}")
            rows.append([session.id, day.isoformat(), None, f"not screened: {problem}"])
            flags.append(True)
            continue
        for finding in result.findings:
            fired.setdefault(finding.rule_id, finding)
        rows.append(
            [
                session.id,
                day.isoformat(),
                None if vitals is None else vitals.blood_pressure,
                _verdict(result)
                + (": " + ", ".join(f.rule_id for f in result.findings) if result.findings else ""),
            ]
        )
        flags.append(result.blocked or result.held or result.needs_review)
    flagged = [str(row[0]) for row, flag in zip(rows, flags, strict=True) if flag]
    if rows:
        ctx.highlight(
            "Screening",
            "clear on every dosing day"
            if not flagged
            else f"to act on in {len(flagged)} of {len(rows)} sessions ({', '.join(flagged)})",
        )
    if not rows:
        ctx.lack(_SCREENING, "no dosing session recorded, so no screening")
        return note("No dosing session recorded: nothing was screened.")
    body = table(
        "Screening on each dosing day",
        ["session", "date", "pre-dose blood pressure", "verdict and rules fired"],
        rows,
        flagged=flags,
    )
    if fired:
        body += table(
            "Rules that fired",
            ["rule", "class", "explanation", "source"],
            [[f.rule_id, f.classification.value, f.explanation, f.source] for f in fired.values()],
        )
    else:
        body += paragraph("No screening rule fired.")
    return body


def dose_checks_section(ctx: Context) -> str:
    """Plausibility findings of each session's dose, with the weight and age in force."""
    rows: list[list[Cell]] = []
    flags: list[bool] = []
    for session in ctx.dosing_sessions:
        day = ctx.day_of(session)
        weight = ctx.weight(day)
        findings, problem = attempt(
            lambda session=session, weight=weight, day=day: check_dose(  # type: ignore[misc]
                session.dose, weight=weight, age=ctx.age(day)
            )
        )
        label = [session.id, day.isoformat(), dose_text(session.dose)]
        if findings is None:
            ctx.lack(_DOSE_CHECKS, f"session {session.id}: not checked: {problem}")
            rows.append([*label, "-", f"not checked: {problem}"])
            flags.append(True)
            continue
        if not findings:
            rows.append([*label, "-", "no finding: every rule that applies passed"])
            flags.append(False)
        for finding in findings:
            if finding.severity is Severity.NOT_CHECKED:
                ctx.lack(_DOSE_CHECKS, f"session {session.id}: {finding.message}")
            rows.append([*label, finding.severity.value, f"{finding.rule.id}: {finding.message}"])
            flags.append(finding.severity is not Severity.NOT_CHECKED)
    if rows:
        found = sum(flags)
        ctx.highlight("Dose-check findings", str(found) if found else "none")
    if not rows:
        ctx.lack(_DOSE_CHECKS, "no dosing session recorded, so no dose check")
        return note("No dosing session recorded: no dose was checked.")
    return table(
        "Dose-check findings per session",
        ["session", "date", "dose", "severity", "finding"],
        rows,
        flagged=flags,
    )


def rems_section(ctx: Context) -> str:
    """The REMS monitoring record of each esketamine session, its gaps highlighted.

    The records come from :func:`ketacore.rems.monitoring_record` and their gaps
    from :func:`ketacore.rems.check_record` (identity not required: the report
    withholds it). The setting and prescriber are the caller's; without them no
    record can be filled, and the section says so.
    """
    if ctx.course.drug.value != "esketamine":
        return paragraph("Not applicable: the Spravato REMS covers esketamine only.")
    sessions = ctx.dosing_sessions
    if not sessions:
        ctx.lack(_REMS, "no esketamine session recorded, so no REMS record")
        return note("No esketamine session recorded: no REMS monitoring record.")
    if ctx.rems_setting is None or ctx.rems_prescriber is None:
        ctx.lack(_REMS, "setting and prescriber not given, so no REMS record was filled")
        return note(
            "Not filled: the REMS Patient Monitoring Form needs the healthcare setting and "
            "the prescriber; pass rems_setting= and rems_prescriber= to course_report."
        )
    setting, prescriber = ctx.rems_setting, ctx.rems_prescriber
    parts: list[str] = []
    gaps = 0
    for session in sessions:
        record, problem = attempt(
            lambda session=session: monitoring_record(  # type: ignore[misc]
                session, ctx.course.patient, setting=setting, prescriber=prescriber
            )
        )
        if record is None:
            ctx.lack(_REMS, f"session {session.id}: no record: {problem}")
            parts.append(note(f"Session {session.id}: no REMS record could be filled: {problem}"))
            continue
        findings = check_record(record, require_identity=False)
        gaps += len(findings)
        for finding in findings:
            ctx.lack(_REMS, f"session {session.id}: {finding.message}")
        by_field: dict[str, list[str]] = {}
        for finding in findings:
            by_field.setdefault(finding.field.split(".")[0], []).append(finding.message)
        rows: list[list[Cell]] = []
        flags: list[bool] = []
        answers = (record.sedation, record.dissociation, record.respiratory_depression)
        shown: list[tuple[str, str, Cell]] = [
            ("treatment_date", "treatment date", record.treatment_date.isoformat()),
            ("dose_mg", "dose", f"{record.dose_mg:g} mg ({record.dose_category.value})"),
            ("device_lots", "device lots", ", ".join(record.device_lots) or None),
            ("monitoring_ended_at", "monitoring (min)", record.total_monitoring_minutes),
            ("ready_to_leave_at", "ready to leave (min)", record.ready_to_leave_minutes),
            ("sedation", "sedation", answers[0].value),
            ("dissociation", "dissociation", answers[1].value),
            ("respiratory_depression", "respiratory depression", answers[2].value),
        ]
        for field_name, label, value in shown:
            messages = by_field.pop(field_name, [])
            rows.append([label, value, "; ".join(messages) or "-"])
            flags.append(bool(messages))
        for field_name, messages in by_field.items():
            rows.append([field_name, "-", "; ".join(messages)])
            flags.append(True)
        due = record.due_by.isoformat() if record.submission_required else "not submitted"
        parts.append(
            table(
                f"Session {session.id}: REMS monitoring record (due by {due})",
                ["form field", "record", "finding"],
                rows,
                flagged=flags,
            )
        )
    ctx.highlight("REMS record gaps", str(gaps) if gaps else "none")
    return "".join(parts)
