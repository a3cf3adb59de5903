"""Report sections of findings: contraindication screening and dose plausibility checks.

Screening is :func:`ketacore.contraindications.screen` on each dosing day with
that session's last pre-dose blood pressure; dose checks are
:func:`ketacore.dose_checks.check_dose` with the weight in force and the age on
the day. A check that cannot run says why instead of failing the report.
"""

from __future__ import annotations

from ketacore.contraindications import Finding, ScreeningResult, screen
from ketacore.dose_checks import Severity, check_dose
from ketacore.reports._context import Context, attempt, dose_text
from ketacore.reports._html import Cell, note, paragraph, table
from ketacore.sessions import DosingSession
from ketacore.vitals import VitalSigns

__all__ = ["dose_checks_section", "rems_section", "screening_section"]

_SCREENING = "Screening"
_DOSE_CHECKS = "Dose checks"


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
    """The REMS monitoring record of each esketamine session: not available in this version.

    When the REMS record lands, the change is local: a section function of the
    records, ``rems_records_section(records) -> str``, renders each record with its
    missing fields (the record's own completeness check) highlighted, and this
    function builds one record per esketamine session of ``ctx.course`` and returns
    ``rems_records_section(records)``; the ``"rems"`` row of the report's section
    table stays as it is.
    """
    if ctx.course.drug.value != "esketamine":
        return paragraph("Not applicable: the Spravato REMS covers esketamine only.")
    return note(
        "Not available: the REMS Patient Monitoring Form record is not part of this "
        "version of ketacore; the monitoring gaps of each session are listed under Vitals."
    )
