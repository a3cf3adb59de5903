"""Flattening domain objects (courses, sessions) to tidy rows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from ketacore._dates import elapsed
from ketacore.exceptions import TableError
from ketacore.response._policy import course_type
from ketacore.tables._cells import Cell, Row

if TYPE_CHECKING:
    from datetime import datetime

    from ketacore.courses import Course
    from ketacore.sessions import DosingSession, Session
    from ketacore.units import Quantity

__all__ = ["assessment_rows", "course_rows", "dose_rows", "vitals_rows"]


def _minutes(later: datetime, earlier: datetime) -> float:
    # Absolute time: minutes after the dose stay right across a daylight-saving change.
    return round(elapsed(earlier, later).total_seconds() / 60, 2)


def _dosing(sessions: Iterable[Session]) -> list[DosingSession]:
    from ketacore.sessions import DosingSession

    return [s for s in sessions if isinstance(s, DosingSession)]


def course_rows(
    courses: Iterable[Course], *, keys: Sequence[Mapping[str, Cell]] | None = None
) -> list[Row]:
    """One row per :class:`~ketacore.courses.Course`: protocol, route and sessions.

    Args:
        courses: The courses.
        keys: One mapping per course of columns put first (e.g. a study id); patient
            identifiers are not copied from the course.

    Returns:
        Rows with ``course_type`` (see :func:`course_type`), ``protocol``, ``drug``,
        ``route``, ``indication``, ``start`` (ISO date), ``start_phase``,
        ``dosing_sessions``, ``first_dose`` and ``last_dose`` (ISO date-times or
        ``None``). Flatten the sessions with :func:`dose_rows`,
        :func:`vitals_rows` and :func:`assessment_rows` on ``course.sessions``.

    Raises:
        TableError: ``keys`` is not one mapping per course.
    """
    course_list = list(courses)
    key_list = [{} for _ in course_list] if keys is None else list(keys)
    if len(key_list) != len(course_list):
        raise TableError(
            field="keys",
            value=len(key_list),
            got=f"{len(key_list)} mappings",
            expected=f"one mapping per course ({len(course_list)})",
            fix="pass one mapping per course, or none",
        )
    out: list[Row] = []
    for course, extra in zip(course_list, key_list, strict=True):
        dosing = _dosing(course.sessions)
        drug, route = course.drug.value, course.route.value
        out.append(
            {
                **extra,
                "course_type": course_type(drug, route),
                "protocol": course.protocol.id,
                "drug": drug,
                "route": route,
                "indication": course.indication.value,
                "start": course.start.isoformat(),
                "start_phase": course.phase,
                "dosing_sessions": len(dosing),
                "first_dose": dosing[0].dosed_at.isoformat() if dosing else None,
                "last_dose": dosing[-1].dosed_at.isoformat() if dosing else None,
            }
        )
    return out


def _with_keys(keys: Mapping[str, Cell], session: DosingSession) -> Row:
    return {**keys, "session_id": session.id}


def dose_rows(
    sessions: Iterable[Session],
    *,
    weight: Quantity | None = None,
    keys: Mapping[str, Cell] | None = None,
) -> list[Row]:
    """One row per dosing session: what was given, in mg and (where known) mg/kg.

    Args:
        sessions: Session records, e.g. ``course.sessions``; only
            :class:`~ketacore.sessions.DosingSession` records give rows.
        weight: The patient's body weight, to resolve weight-based doses to mg and
            fixed doses to mg/kg; without it those cells are ``None``.
        keys: Columns put first in every row, e.g. ``{"patient_id": "SYN-0001"}``.

    Returns:
        Rows with ``session_id``, ``dosed_at`` (ISO 8601), ``drug``, ``route``,
        ``dose_text``, ``dose_mg``, ``dose_mg_per_kg``, ``duration_min``.

    >>> from datetime import datetime, timezone
    >>> from ketacore.doses import parse_dose
    >>> from ketacore.sessions import DosingSession
    >>> from ketacore.units import parse_quantity
    >>> at = datetime(2026, 3, 2, 9, 10, tzinfo=timezone.utc)
    >>> dose = parse_dose("0.5 mg/kg over 40 min", drug="ketamine", route="iv")
    >>> session = DosingSession(id="S-1", started_at=at, dosed_at=at, dose=dose)
    >>> (row,) = dose_rows([session], weight=parse_quantity("70 kg"), keys={"patient_id": "P1"})
    >>> row["patient_id"], row["session_id"], row["dosed_at"], row["drug"], row["route"]
    ('P1', 'S-1', '2026-03-02T09:10:00+00:00', 'ketamine', 'iv')
    >>> row["dose_text"], row["dose_mg"], row["dose_mg_per_kg"], row["duration_min"]
    ('0.5 mg/kg over 40 min', 35.0, 0.5, 40.0)
    """
    from ketacore.doses import WeightBasedDose
    from ketacore.units import magnitude

    out: list[Row] = []
    for session in _dosing(sessions):
        dose = session.dose
        mg: float | None = None
        per_kg: float | None = None
        if isinstance(dose, WeightBasedDose):
            per_kg = magnitude(dose.amount, "mg/kg")
        else:
            mg = magnitude(dose.amount, "mg")
        if weight is not None:
            mg = magnitude(dose.resolve(weight=weight), "mg")
            per_kg = magnitude(dose.per_weight(weight=weight), "mg/kg")
        out.append(
            {
                **_with_keys(keys or {}, session),
                "dosed_at": session.dosed_at.isoformat(),
                "drug": session.drug.value,
                "route": session.route.value,
                "dose_text": dose.text,
                "dose_mg": None if mg is None else round(mg, 4),
                "dose_mg_per_kg": None if per_kg is None else round(per_kg, 4),
                "duration_min": (
                    None if dose.duration is None else round(magnitude(dose.duration, "min"), 2)
                ),
            }
        )
    return out


def vitals_rows(
    sessions: Iterable[Session], *, keys: Mapping[str, Cell] | None = None
) -> list[Row]:
    """One row per vital-sign reading, timed from the dose.

    Returns:
        Rows with ``session_id``, ``taken_at`` (ISO 8601), ``minutes_after_dose``
        (negative before the dose), ``systolic_mmhg``, ``diastolic_mmhg``,
        ``heart_rate_bpm``, ``spo2_percent``, ``respiratory_rate_per_min``.
    """
    out: list[Row] = []
    for session in _dosing(sessions):
        for reading in session.vitals:
            out.append(
                {
                    **_with_keys(keys or {}, session),
                    "taken_at": reading.taken_at.isoformat(),
                    "minutes_after_dose": _minutes(reading.taken_at, session.dosed_at),
                    "systolic_mmhg": reading.systolic,
                    "diastolic_mmhg": reading.diastolic,
                    "heart_rate_bpm": reading.heart_rate,
                    "spo2_percent": reading.spo2,
                    "respiratory_rate_per_min": reading.respiratory_rate,
                }
            )
    return out


def assessment_rows(
    sessions: Iterable[Session], *, keys: Mapping[str, Cell] | None = None
) -> list[Row]:
    """One row per in-session assessment (CADSS, MOAA/S, ...), timed from the dose.

    Returns:
        Rows with ``session_id``, ``taken_at`` (ISO 8601), ``minutes_after_dose``,
        ``instrument``, ``total``, ``band``, ``flags`` (labels joined by ``"; "``) and
        ``unanswered_critical_items`` (item numbers joined by ``"; "``).
    """
    out: list[Row] = []
    for session in _dosing(sessions):
        for timed in session.assessments:
            score = timed.score
            band = score.severity
            out.append(
                {
                    **_with_keys(keys or {}, session),
                    "taken_at": timed.taken_at.isoformat(),
                    "minutes_after_dose": _minutes(timed.taken_at, session.dosed_at),
                    "instrument": score.instrument.id,
                    "total": score.total,
                    "band": None if band is None else band.label,
                    "flags": "; ".join(f.label for f in score.flags),
                    "unanswered_critical_items": "; ".join(
                        map(str, score.unanswered_critical_items)
                    ),
                }
            )
    return out
