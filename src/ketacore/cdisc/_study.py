"""A course in SDTM terms: visits, exposure (EX), vital signs (VS) and adverse events (AE).

Visits (sponsor-defined, as SDTM leaves them to the protocol): the baseline is
VISIT "BASELINE", VISITNUM 1; dosing session *k* (in time order) is "SESSION k",
VISITNUM k + 1, and its in-session ratings, vital signs and dose share it; a
follow-up rating after session *k* (or after the baseline) on the *j*-th such day is
"FOLLOW-UP j AFTER SESSION k", VISITNUM k + 1 + j / 100, the decimal numbering
SDTMIG uses for visits between planned ones.

The reference start (RFSTDTC, from which --DY counts) is the first dose's date, or
the course start before any dose; RFXSTDTC (for --LOBXFL) is the first dose.

Controlled terms, each checked against CDISC SDTM CT 2025-03-25:
ROUTE (C66729) INTRAVENOUS C38276, INTRAMUSCULAR C28161, SUBCUTANEOUS C38299,
NASAL C38284, ORAL C38288, SUBLINGUAL C38300; UNIT (C71620) mg C28253, mg/kg C67401;
VSTESTCD (C66741) / VSTEST (C67153) SYSBP C25298 "Systolic Blood Pressure", DIABP
C25299 "Diastolic Blood Pressure", PULSE C49676 "Pulse Rate", OXYSAT C60832 "Oxygen
Saturation", RESP C49678 "Respiratory Rate"; VSRESU (C66770) mmHg C49670, beats/min
C49673, % C25613, breaths/min C49674; AESEV (C66769) MILD C41338, MODERATE C41339,
SEVERE C41340; OUT (C66768) RECOVERED/RESOLVED C49498.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import Final

from ketacore._dates import instant
from ketacore.cdisc._findings import Administration, iso_datetime, study_day
from ketacore.courses import Course
from ketacore.doses import Route, WeightBasedDose
from ketacore.exceptions import CdiscError
from ketacore.sessions import (
    ESKETAMINE_MONITORING,
    KETAMINE_MONITORING,
    DosingSession,
    MonitoringPlan,
)
from ketacore.tables import Row

__all__ = [
    "ROUTES",
    "VITAL_TESTS",
    "administrations",
    "ae_rows",
    "ex_rows",
    "reference_start",
    "vs_rows",
]

ROUTES: Final[Mapping[Route, str]] = MappingProxyType(
    {
        Route.IV: "INTRAVENOUS",
        Route.IM: "INTRAMUSCULAR",
        Route.SC: "SUBCUTANEOUS",
        Route.INTRANASAL: "NASAL",
        Route.ORAL: "ORAL",
        Route.SUBLINGUAL: "SUBLINGUAL",
    }
)
"""EXROUTE for each ketacore route (codelist ROUTE, C66729)."""

VITAL_TESTS: Final = (
    ("systolic", "SYSBP", "Systolic Blood Pressure", "mmHg"),
    ("diastolic", "DIABP", "Diastolic Blood Pressure", "mmHg"),
    ("heart_rate", "PULSE", "Pulse Rate", "beats/min"),
    ("spo2", "OXYSAT", "Oxygen Saturation", "%"),
    ("respiratory_rate", "RESP", "Respiratory Rate", "breaths/min"),
)
"""(VitalSigns attribute, VSTESTCD, VSTEST, unit) for each reading ketacore records."""

_OUTCOME_RESOLVED: Final = "RECOVERED/RESOLVED"


def reference_start(course: Course) -> date:
    """RFSTDTC's date: the first dose's own-zone date, else the course start."""
    first = course.first_dose
    return course.start if first is None else first.dosed_at.date()


def _session_visits(course: Course) -> dict[str, tuple[str, int]]:
    return {
        session.id: (f"SESSION {k}", k + 1)
        for k, session in enumerate(course.dosing_sessions, start=1)
    }


def administrations(course: Course) -> list[Administration]:
    """Every rating of *course* placed at its visit: baselines, in-session and follow-up.

    Returns:
        Administrations in time order (ties: baselines, then sessions, then follow-ups).

    Raises:
        CdiscError: more than 99 follow-up days fall between two sessions.
    """
    out: list[tuple[datetime, int, Administration]] = []
    for baseline in course.baselines:
        admin = Administration(timed=baseline, visit="BASELINE", visitnum=1, baseline=True)
        out.append((instant(baseline.taken_at), 0, admin))
    visits = _session_visits(course)
    dosing = course.dosing_sessions
    for session in dosing:
        visit, number = visits[session.id]
        for timed in session.assessments:
            admin = Administration(timed=timed, visit=visit, visitnum=number)
            out.append((instant(timed.taken_at), 1, admin))
    gaps = [
        (timed, sum(1 for s in dosing if instant(s.dosed_at) <= instant(timed.taken_at)))
        for timed in course.assessments
    ]
    days: dict[int, list[date]] = {}
    for timed, k in gaps:
        days.setdefault(k, []).append(timed.taken_at.date())
    for timed, k in gaps:
        j = sorted(set(days[k])).index(timed.taken_at.date()) + 1
        if j > 99:
            raise CdiscError(
                field="assessments",
                value=j,
                got=f"{j} follow-up days between two sessions",
                expected="at most 99 (VISITNUM k + 1 + j/100)",
            )
        after = "BASELINE" if k == 0 else f"SESSION {k}"
        admin = Administration(
            timed=timed, visit=f"FOLLOW-UP {j} AFTER {after}", visitnum=round(k + 1 + j / 100, 2)
        )
        out.append((instant(timed.taken_at), 2, admin))
    out.sort(key=lambda entry: (entry[0], entry[1]))
    return [admin for _, _, admin in out]


def _common(studyid: str, domain: str, usubjid: str) -> Row:
    return {"STUDYID": studyid, "DOMAIN": domain, "USUBJID": usubjid}


def ex_rows(course: Course, *, studyid: str, usubjid: str) -> list[Row]:
    """SDTM EX rows: one record per dosing session, the dose as prescribed.

    EXDOSE / EXDOSU are the dose in mg, or in mg/kg for a weight-based dose (the
    protocol-specified unit, SDTMIG v3.4 EX). EXSTDTC is when dosing began; EXENDTC
    the end of the infusion, or EXSTDTC again for a dose given at a point in time
    (SDTMIG v3.4 EX assumption 4b). EXSPID is ketacore's session id.

    >>> from ketacore.cdisc import ex_rows
    >>> from ketacore.testing import example_course
    >>> row = ex_rows(example_course(), studyid="KET-01", usubjid="KET-01-001")[0]
    >>> row["EXTRT"], row["EXDOSE"], row["EXDOSU"], row["EXROUTE"], row["VISIT"]
    ('KETAMINE', 0.5, 'mg/kg', 'INTRAVENOUS', 'SESSION 1')
    >>> row["EXSTDTC"], row["EXENDTC"]
    ('2026-03-02T09:10:00+00:00', '2026-03-02T09:50:00+00:00')
    """
    from ketacore.units import magnitude

    reference = reference_start(course)
    visits = _session_visits(course)
    rows: list[Row] = []
    for session in course.dosing_sessions:
        dose = session.dose
        weight_based = isinstance(dose, WeightBasedDose)
        unit = "mg/kg" if weight_based else "mg"
        end = session.dose_end or session.dosed_at
        visit, number = visits[session.id]
        rows.append(
            {
                **_common(studyid, "EX", usubjid),
                "EXSEQ": len(rows) + 1,
                "EXSPID": session.id,
                "EXTRT": session.drug.value.upper(),
                "EXDOSE": round(magnitude(dose.amount, unit), 6),
                "EXDOSU": unit,
                "EXROUTE": ROUTES[session.route],
                "VISITNUM": number,
                "VISIT": visit,
                "EXSTDTC": iso_datetime(session.dosed_at),
                "EXENDTC": iso_datetime(end),
                "EXSTDY": study_day(session.dosed_at.date(), reference),
                "EXENDY": study_day(end.date(), reference),
            }
        )
    return rows


def _timepoints(session: DosingSession, plan: MonitoringPlan) -> dict[int, tuple[str, int]]:
    """VSTPT / VSTPTNUM by reading index: pre-dose, near-peak, pre-discharge (the plan's rule)."""
    dosed = instant(session.dosed_at)
    out: dict[int, tuple[str, int]] = {}
    times = [instant(v.taken_at) for v in session.vitals]
    for index, moment in enumerate(times):
        if moment <= dosed:
            out[index] = ("PRE-DOSE", 1)
    window = plan.peak_window(dosed)
    if window is not None and plan.peak_blood_pressure_after is not None:
        due = dosed + plan.peak_blood_pressure_after
        inside = [i for i, t in enumerate(times) if window[0] <= t <= window[1]]
        if inside:
            nearest = min(inside, key=lambda i: (abs(times[i] - due), i))
            minutes = int(plan.peak_blood_pressure_after.total_seconds() // 60)
            out[nearest] = (f"{minutes} MIN POST-DOSE", 2)
    if session.observation_end is not None:
        after = dosed if window is None else window[1]
        late = [i for i, t in enumerate(times) if t > after]
        if late:
            out[max(late, key=lambda i: (times[i], i))] = ("PRE-DISCHARGE", 3)
    return out


def vs_rows(
    course: Course,
    *,
    studyid: str,
    usubjid: str,
    plan: MonitoringPlan | None = None,
) -> list[Row]:
    """SDTM VS rows: one record per reading of each vital sign taken in a session.

    VSTPT names the monitoring time points of *plan* (default: the Spravato REMS plan
    for esketamine, else ketacore's ketamine plan): every reading at or before the
    dose is "PRE-DOSE"; the reading nearest the near-peak time inside its window is
    "40 MIN POST-DOSE"; the last reading after that window of a completed session is
    "PRE-DISCHARGE" (the rule :func:`ketacore.sessions.monitoring_gaps` checks).
    Other readings have no VSTPT. VSLOBXFL = "Y" marks each test's last reading
    before the first dose.

    >>> from ketacore.cdisc import vs_rows
    >>> from ketacore.testing import example_course
    >>> rows = vs_rows(example_course(drug="esketamine"), studyid="S", usubjid="S-001")
    >>> sorted({(r["VSTPTNUM"], r["VSTPT"]) for r in rows if r["VSTESTCD"] == "SYSBP"})
    [(1, 'PRE-DOSE'), (2, '40 MIN POST-DOSE'), (3, 'PRE-DISCHARGE')]
    """
    reference = reference_start(course)
    visits = _session_visits(course)
    first = course.first_dose
    rows: list[Row] = []
    last_before: dict[str, tuple[datetime, int]] = {}
    for session in course.dosing_sessions:
        chosen = plan
        if chosen is None:
            esketamine = session.drug.value == "esketamine"
            chosen = ESKETAMINE_MONITORING if esketamine else KETAMINE_MONITORING
        points = _timepoints(session, chosen)
        visit, number = visits[session.id]
        for index, reading in enumerate(session.vitals):
            name, tptnum = points.get(index, (None, None))
            for attribute, testcd, test, unit in VITAL_TESTS:
                value = getattr(reading, attribute)
                if value is None:
                    continue
                moment = instant(reading.taken_at)
                if first is not None and moment < instant(first.dosed_at):
                    held = last_before.get(testcd)
                    if held is None or moment >= held[0]:
                        last_before[testcd] = (moment, len(rows))
                rows.append(
                    {
                        **_common(studyid, "VS", usubjid),
                        "VSSEQ": len(rows) + 1,
                        "VSTESTCD": testcd,
                        "VSTEST": test,
                        "VSORRES": _number_text(value),
                        "VSORRESU": unit,
                        "VSSTRESC": _number_text(value),
                        "VSSTRESN": value,
                        "VSSTRESU": unit,
                        "VSLOBXFL": None,
                        "VISITNUM": number,
                        "VISIT": visit,
                        "VSDTC": iso_datetime(reading.taken_at),
                        "VSDY": study_day(reading.taken_at.date(), reference),
                        "VSTPT": name,
                        "VSTPTNUM": tptnum,
                        "VSTPTREF": None if name is None else "DOSE",
                    }
                )
    for _, index in last_before.values():
        rows[index]["VSLOBXFL"] = "Y"
    return rows


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def ae_rows(course: Course, *, studyid: str, usubjid: str) -> list[Row]:
    """SDTM AE rows: one record per adverse event recorded in a session.

    AETERM is the event as charted (:meth:`~ketacore.sessions.AdverseEvent.label`);
    AEDECOD (MedDRA) is not coded by ketacore and left out. AESEV is the severity;
    AEOUT is "RECOVERED/RESOLVED" when the event resolved, and null otherwise (an
    ongoing event's outcome is not yet known). AESPID is the session id.

    >>> from datetime import timedelta
    >>> import attrs
    >>> from ketacore.cdisc import ae_rows
    >>> from ketacore.sessions import AdverseEvent
    >>> from ketacore.testing import example_course
    >>> course = example_course()
    >>> first = course.dosing_sessions[0]
    >>> event = AdverseEvent(kind="nausea/vomiting", severity="mild",
    ...                      onset=first.dosed_at + timedelta(minutes=20))
    >>> course = attrs.evolve(course, sessions=[attrs.evolve(first, adverse_events=[event]),
    ...                                         *course.sessions[1:]])
    >>> row = ae_rows(course, studyid="S", usubjid="S-001")[0]
    >>> row["AETERM"], row["AESEV"], row["AESTDTC"], row["AESTDY"], row["AEOUT"]
    ('nausea/vomiting', 'MILD', '2026-03-02T09:30:00+00:00', 1, None)
    """
    reference = reference_start(course)
    rows: list[Row] = []
    for session in course.dosing_sessions:
        for event in session.adverse_events:
            end = event.resolved_at
            rows.append(
                {
                    **_common(studyid, "AE", usubjid),
                    "AESEQ": len(rows) + 1,
                    "AESPID": session.id,
                    "AETERM": event.label(),
                    "AESEV": event.severity.value.upper(),
                    "AEOUT": None if end is None else _OUTCOME_RESOLVED,
                    "AESTDTC": iso_datetime(event.onset),
                    "AEENDTC": None if end is None else iso_datetime(end),
                    "AESTDY": study_day(event.onset.date(), reference),
                    "AEENDY": None if end is None else study_day(end.date(), reference),
                }
            )
    return rows
