"""``demo_course``: a course built from one patient of the bundled SYNTHETIC cohort.

The cohort (:mod:`ketacore.cohort`) counts days from the first session and has no
calendar dates; the demo course starts on Monday 2 March 2026 and doses at
09:10 UTC. Everything else is read from the cohort's rows: age, sex, weight,
doses, blood pressures, CADSS items and MADRS items. What the cohort does not
hold is filled in as stated in :func:`demo_course`.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

from ketacore.courses import Course
from ketacore.doses import parse_dose
from ketacore.exceptions import WITHHELD, CourseError
from ketacore.instruments import CADSS, MADRS, MOAAS
from ketacore.patients import ConsentRecord, ConsentTopic, Patient, WeightMeasurement
from ketacore.sessions import DosingSession, ScheduledSession, TimedScore, dissociation_event
from ketacore.tables import Row
from ketacore.vitals import VitalSigns

__all__ = ["DEMO_PATIENT", "demo_course"]

DEMO_PATIENT: Final = "SYN-0006"
"""The demo's bundled synthetic patient: esketamine, 8 sessions, dissociation, BP rises."""

_START: Final = date(2026, 3, 2)
_DOSE_TIME: Final = timedelta(hours=9, minutes=10)
_END_AFTER_LAST_READING: Final = timedelta(minutes=5)


def _int(value: object) -> int:
    return int(float(str(value)))


def _mine(rows: tuple[Row, ...], patient_id: str) -> list[Row]:
    return [row for row in rows if row.get("patient_id") == patient_id]


def _items(row: Row, prefix: str, count: int) -> list[int]:
    return [_int(row[f"{prefix}_{n}"]) for n in range(1, count + 1)]


def _patient(row: Row, patient_id: str) -> Patient:
    age = _int(row["age_years"])
    return Patient(
        identifier=patient_id,
        birth_date=date(_START.year - age, 1, 1),
        sex_at_birth=str(row["sex"]),
        diagnoses={"depression"},
        weights=(WeightMeasurement(measured_on=_START, weight=f"{row['weight_kg']} kg"),),
        consent=ConsentRecord(
            signed_on=_START - timedelta(days=7), form_version="v1", topics=frozenset(ConsentTopic)
        ),
    )


def _dose(row: Row) -> Any:
    drug, route = str(row["drug"]), str(row["route"])
    if drug == "esketamine":
        return parse_dose(f"{_int(row['dose_mg'])} mg", drug=drug, route=route)
    return parse_dose(
        f"{row['dose_mg_per_kg']} mg/kg over {_int(row['duration_min'])} min",
        drug=drug,
        route=route,
    )


def _session(row: Row, vitals: list[Row], cadss: list[Row]) -> DosingSession:
    dosed = (
        datetime.combine(_START, datetime.min.time(), UTC)
        + timedelta(days=_int(row["day"]))
        + _DOSE_TIME
    )

    def at(minutes: object) -> datetime:
        return dosed + timedelta(minutes=_int(minutes))

    readings = [
        VitalSigns(
            taken_at=at(v["minutes_after_dose"]),
            systolic=_int(v["systolic_mmhg"]),
            diastolic=_int(v["diastolic_mmhg"]),
            heart_rate=_int(v["heart_rate_bpm"]),
        )
        for v in vitals
    ]
    cadss_scores = [
        TimedScore(
            taken_at=at(c["minutes_after_dose"]), score=CADSS.score(_items(c, "cadss23", 23))
        )
        for c in cadss
    ]
    last = max([dosed, *(r.taken_at for r in readings), *(c.taken_at for c in cadss_scores)])
    end = last + _END_AFTER_LAST_READING
    # MOAA/S is not in the cohort: 5 before dosing and at the end; 4 at the CADSS rating
    # that is a dissociation event (both effects peak about 40 min; reference 5.3).
    pre = [c for c in cadss_scores if c.taken_at <= dosed]
    moaas = [TimedScore(taken_at=dosed, score=MOAAS.score([5]))]
    for rating in cadss_scores:
        if rating.taken_at > dosed:
            event = bool(pre) and dissociation_event(pre[-1].score, rating.score)
            moaas.append(
                TimedScore(taken_at=rating.taken_at, score=MOAAS.score([4 if event else 5]))
            )
    moaas.append(TimedScore(taken_at=end, score=MOAAS.score([5])))
    return DosingSession(
        id=f"S{_int(row['session']):02d}",
        scheduled_start=dosed - timedelta(minutes=10),
        started_at=dosed - timedelta(minutes=15),
        dosed_at=dosed,
        dose=_dose(row),
        observation_end=end,
        vitals=readings,
        assessments=[*cadss_scores, *moaas],
        escort_present=True,
    )


def demo_course(patient_id: str = DEMO_PATIENT) -> Course:
    """Return the course of one patient of the bundled SYNTHETIC cohort, as calendar records.

    The patient's age, sex, weight, doses, vital signs, CADSS and MADRS come from
    the cohort (:func:`ketacore.cohort.load_cohort`). The demo adds what the cohort
    does not hold, as fixed choices: the course starts on Monday 2 March 2026;
    each dose is given at 09:10 UTC (session start 15 min before), observation
    ends 5 min after the last reading, an escort is present, consent covering
    every topic was signed a week before the start, and MOAA/S is 5 before dosing
    and at the end and 4 at a CADSS rating that is a dissociation event. MADRS
    ratings are taken at 08:00 UTC on their day (the first is the baseline), and a
    next session is planned 4 days after the last one.

    >>> from ketacore.reports import demo_course
    >>> course = demo_course()
    >>> course.protocol.id, len(course.dosing_sessions), course.patient.identifier.value
    ('esketamine-trd', 8, 'SYN-0006')

    Raises:
        CourseError: no patient of the bundled cohort has that id.
    """
    if not isinstance(patient_id, str):
        raise CourseError(
            field="patient_id",
            value=WITHHELD,
            got=f"a {type(patient_id).__name__}",
            expected="a bundled patient id such as 'SYN-0002'",
        )
    return _build(patient_id)


@functools.cache
def _build(patient_id: str) -> Course:
    from ketacore.cohort import load_cohort

    cohort = load_cohort()
    found = _mine(cohort.patients, patient_id)
    if not found:
        raise CourseError(
            field="patient_id",
            value=WITHHELD,
            got="an id that is not in the bundled cohort",
            expected="a bundled patient id, SYN-0001 to SYN-0200",
            fix="use ketacore.cohort.load_cohort().patient_ids",
        )
    patient = _patient(found[0], patient_id)
    vitals, cadss = _mine(cohort.vitals, patient_id), _mine(cohort.cadss23, patient_id)
    sessions: list[Any] = [
        _session(
            row,
            [v for v in vitals if v["session"] == row["session"]],
            [c for c in cadss if c["session"] == row["session"]],
        )
        for row in _mine(cohort.sessions, patient_id)
    ]
    ratings = [
        TimedScore(
            taken_at=datetime.combine(_START, datetime.min.time(), UTC)
            + timedelta(days=_int(row["day"]), hours=8),
            score=MADRS.score(_items(row, "madrs", 10)),
        )
        for row in sorted(_mine(cohort.madrs, patient_id), key=lambda r: _int(r["visit"]))
    ]
    if sessions:
        last = sessions[-1]
        sessions.append(
            ScheduledSession(
                id="S-NEXT",
                scheduled_start=last.scheduled_start + timedelta(days=4),
                planned_dose=last.dose,
            )
        )
    return Course(
        patient=patient,
        protocol=str(found[0]["protocol"]),
        indication="trd",
        start=_START,
        sessions=sessions,
        baselines=ratings[:1],
        assessments=ratings[1:],
    )
