"""Fill a monitoring record from an esketamine session, the patient record and the caller's inputs.

Each answer comes from the session's data by one rule, and is UNKNOWN when the
data cannot say (never "no" for want of data):

- concomitant medications: YES if a current medication is of the class; NO
  otherwise, except that a medication classed only as a CNS depressant may be
  an opioid or a sedative hypnotic, so those two are UNKNOWN unless another
  medication answers YES;
- sedation: YES on a sedation adverse event or a post-dose MOAA/S of 4 or less
  (clinical reference 5.3: sedation is MOAA/S <= 4); NO when a MOAA/S was taken
  in the near-peak window (sedation peaks at 30-45 min, ref. 5.3) and none
  shows sedation; else UNKNOWN;
- dissociation: YES on a dissociation adverse event or a CADSS dissociation
  event (CADSS > 4 and above its pre-dose total; ref. 1.8); NO when a pre-dose
  CADSS and one in the near-peak window (dissociation peaks at about 40 min,
  ref. 5.3) show none; else UNKNOWN;
- respiratory depression: YES on a respiratory-depression adverse event; NO
  when pulse oximetry (an SpO2 reading) was taken after dosing and no such event
  was recorded; else UNKNOWN. No SpO2 threshold is sourced, so none is applied.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from ketacore import _validators as v
from ketacore._dates import instant, later
from ketacore.doses import Drug
from ketacore.exceptions import WITHHELD, RemsError
from ketacore.patients import MedicationClass, Patient
from ketacore.rems._form import CURRENT_FORM, FormVersion
from ketacore.rems._parties import HealthcareSetting, PatientIdentity, Prescriber
from ketacore.rems._record import Answer, ConcomitantMedication, MonitoringRecord
from ketacore.sessions import MAX_SESSION_LENGTH, AdverseEventKind, DosingSession
from ketacore.sessions._monitoring import blood_pressure_checkpoints
from ketacore.sessions._readings import cadss_readings, dissociation_events, moaas_readings
from ketacore.units import magnitude

__all__ = ["monitoring_record"]

# MOAA/S 5 is fully alert; 4 or less is sedation (clinical reference 1.15 and 5.3).
_ALERT: Final = 5

# Classes a medication classed only as "cns_depressant" may belong to (the class's
# documented meaning before opioids and sedative hypnotics had their own).
_MAYBE_DEPRESSANT: Final = frozenset({MedicationClass.OPIOID, MedicationClass.SEDATIVE_HYPNOTIC})
_DEPRESSANTS: Final = _MAYBE_DEPRESSANT | {MedicationClass.BENZODIAZEPINE}


def monitoring_record(
    session: DosingSession,
    patient: Patient,
    *,
    setting: HealthcareSetting,
    prescriber: Prescriber,
    identity: PatientIdentity | None = None,
    first_treatment: bool | None = None,
    enrolled: bool | None = None,
    vitals_acceptable_before_dosing: bool | None = None,
    vitals_acceptable_at_end: bool | None = None,
    form: FormVersion = CURRENT_FORM,
) -> MonitoringRecord:
    """Fill the SPRAVATO REMS Patient Monitoring Form from an esketamine *session*.

    The session gives the dates, times, dose, device lots, blood pressures,
    pulse oximetry and the sedation, dissociation and respiratory-depression
    answers; *patient* gives the concomitant medications and sex. What ketacore
    cannot know is passed in: the *setting*, the *prescriber*, the patient's
    *identity* (name and date of birth), and the clinician's answers
    (``None`` is unknown). List what is still missing with
    :func:`ketacore.rems.check_record`. See ``docs/rems.md`` for examples.

    Args:
        session: A recorded esketamine dosing session (possibly still in progress).
        patient: The patient's record.
        setting: The healthcare setting.
        prescriber: The prescriber, or the provider conducting the monitoring.
        identity: The patient's name and date of birth; must match the patient's
            birth date. Never shown in ``repr`` or errors.
        first_treatment: Whether this is the patient's first treatment.
        enrolled: Whether the patient is enrolled in the REMS.
        vitals_acceptable_before_dosing: The clinician's answer for before dosing.
        vitals_acceptable_at_end: The clinician's answer for the end of the session.
        form: The form version to follow (default :data:`ketacore.rems.CURRENT_FORM`).

    Raises:
        RemsError: *session* is not a DosingSession of esketamine, *patient* is not a
            Patient, *identity*'s birth date is not the patient's, or an input has the
            wrong type (the error names the field).
    """
    v.check_instance(
        session, DosingSession, field="session", error=RemsError, example="DosingSession(...)"
    )
    if session.drug is not Drug.ESKETAMINE:
        v.fail(
            RemsError,
            "session.dose",
            session.dose,
            "an esketamine session: the SPRAVATO REMS form records esketamine only",
            "pass an esketamine (Spravato) session",
            got=f"a {session.drug.value} dose ({session.dose.text})",
        )
    v.check_instance(patient, Patient, field="patient", error=RemsError, example="Patient(...)")
    v.check_instance(form, FormVersion, field="form", error=RemsError, example="CURRENT_FORM")
    if isinstance(identity, PatientIdentity) and identity.birth_date != patient.birth_date:
        v.fail(
            RemsError,
            "identity.birth_date",
            WITHHELD,
            "the birth date of the patient record",
            "check that the identity belongs to this patient",
            got="a date of birth that differs from the patient record's (neither is shown)",
        )
    end = session.observation_end
    moment = later(session.started_at, MAX_SESSION_LENGTH) if end is None else end
    checkpoints = blood_pressure_checkpoints(session, form.monitoring, moment)
    spo2 = [
        r.spo2 for r in session.vitals if r.spo2 is not None and _after_dosing(session, r.taken_at)
    ]
    return MonitoringRecord(
        form_version=form.id,
        session_id=session.id,
        setting=setting,
        prescriber=prescriber,
        identity=identity,
        sex_at_birth=patient.sex_at_birth,
        first_treatment=Answer.of(first_treatment),
        enrolled=Answer.of(enrolled),
        concomitant_medications=_concomitant(patient, form),
        treatment_date=session.dosed_at.date(),
        dose_mg=magnitude(session.dose.amount, "mg"),
        device_lots=session.device_lots,
        monitoring_started_at=session.dosed_at,
        monitoring_ended_at=end,
        ready_to_leave_at=session.ready_to_leave_at,
        vitals_acceptable_before_dosing=Answer.of(vitals_acceptable_before_dosing),
        vitals_acceptable_at_end=Answer.of(vitals_acceptable_at_end),
        bp_before_dosing=checkpoints.pre_dose,
        bp_at_40_min=checkpoints.peak,
        bp_before_end=checkpoints.pre_discharge,
        lowest_spo2=float(min(spo2)) if spo2 else None,
        sedation=_sedation(session, form),
        dissociation=_dissociation(session, form),
        respiratory_depression=_respiratory_depression(session, bool(spo2)),
    )


def _after_dosing(session: DosingSession, when: datetime) -> bool:
    return instant(when) >= instant(session.dosed_at)


def _in_peak_window(session: DosingSession, form: FormVersion, when: datetime) -> bool:
    window = form.monitoring.peak_window(instant(session.dosed_at))
    return window is not None and window[0] <= instant(when) <= window[1]


def _concomitant(patient: Patient, form: FormVersion) -> tuple[ConcomitantMedication, ...]:
    # A medication classed "cns_depressant" and no narrower depressant class may be either.
    unclassified = any(
        MedicationClass.CNS_DEPRESSANT in m.classes and not (m.classes & _DEPRESSANTS)
        for m in patient.medications
    )
    answers = []
    for cls in form.concomitant_classes:
        if patient.takes(cls):
            answer = Answer.YES
        elif unclassified and cls in _MAYBE_DEPRESSANT:
            answer = Answer.UNKNOWN
        else:
            answer = Answer.NO
        answers.append(ConcomitantMedication(medication_class=cls, answer=answer))
    return tuple(answers)


def _has_event(session: DosingSession, kind: AdverseEventKind) -> bool:
    return any(event.kind is kind for event in session.adverse_events)


def _sedation(session: DosingSession, form: FormVersion) -> Answer:
    after = [(t, level) for t, level in moaas_readings(session) if _after_dosing(session, t)]
    if _has_event(session, AdverseEventKind.SEDATION) or any(lvl < _ALERT for _, lvl in after):
        return Answer.YES
    if any(_in_peak_window(session, form, t) for t, _ in after):
        return Answer.NO
    return Answer.UNKNOWN


def _dissociation(session: DosingSession, form: FormVersion) -> Answer:
    if _has_event(session, AdverseEventKind.DISSOCIATION) or dissociation_events(session):
        return Answer.YES
    dosed = instant(session.dosed_at)
    readings = cadss_readings(session)
    before = any(instant(t) <= dosed for t, _ in readings)
    at_peak = any(instant(t) > dosed and _in_peak_window(session, form, t) for t, _ in readings)
    return Answer.NO if before and at_peak else Answer.UNKNOWN


def _respiratory_depression(session: DosingSession, oximetry: bool) -> Answer:
    if _has_event(session, AdverseEventKind.RESPIRATORY_DEPRESSION):
        return Answer.YES
    return Answer.NO if oximetry else Answer.UNKNOWN
