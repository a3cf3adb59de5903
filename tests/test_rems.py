"""The SPRAVATO REMS monitoring record: worked examples from the form, and its properties.

The examples follow the Patient Monitoring Form (clinical reference section 10):
total monitoring time from the first device to the end of monitoring, at least
2 h; blood pressure before dosing, at about 40 min and before the end; dose
boxes 56 mg, 84 mg and other (28 mg devices); submission within 7 days by
outpatient settings only.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketacore.doses import Drug
from ketacore.exceptions import WITHHELD, KetacoreError, RemsError
from ketacore.instruments import CADSS, MOAAS
from ketacore.patients import Medication, MedicationClass, Patient
from ketacore.rems import (
    CURRENT_FORM,
    FORMS,
    Answer,
    DoseCategory,
    Finding,
    FindingKind,
    HealthcareSetting,
    MonitoringRecord,
    PatientIdentity,
    Prescriber,
    check_record,
    get_form,
    monitoring_record,
)
from ketacore.serialization import from_json, to_json
from ketacore.sessions import AdverseEvent, DosingSession
from ketacore.testing import dosing_sessions, monitoring_records
from ketacore.vitals import VitalSigns
from session_helpers import DOSED, at, cadss, esketamine_dose, ketamine_dose, moaas

BORN = date(1980, 5, 17)
CLINIC = HealthcareSetting(name="Riverside Clinic", kind="outpatient", rems_id="HCS-1234567")
WARD = HealthcareSetting(name="Riverside Hospital", kind="inpatient")
DOCTOR = Prescriber(name="Dr A. Rivera")
WHO = PatientIdentity(first_name="Ada", last_name="Lovelace", birth_date=BORN)


def vitals(minutes: float, systolic: float = 128, diastolic: float = 82) -> VitalSigns:
    """Blood pressure and pulse oximetry *minutes* after the first device."""
    return VitalSigns(taken_at=at(minutes), systolic=systolic, diastolic=diastolic, spo2=97)


def complete_session(**overrides: Any) -> DosingSession:
    """A complete 56 mg session: everything the form asks is recorded (125 min of monitoring)."""
    fields: dict[str, Any] = {
        "id": "S-001",
        "started_at": at(-20),
        "dosed_at": DOSED,
        "observation_end": at(125),
        "dose": esketamine_dose(56),
        "vitals": [vitals(-5), vitals(40, 142, 90), vitals(115)],
        "assessments": [cadss(-5, 0), cadss(40, 3), moaas(40, 5)],
        "device_lots": ["LOT-24A113"],
        "ready_to_leave_at": at(90),
    }
    fields.update(overrides)
    return DosingSession(**fields)


def patient(*medications: Medication) -> Patient:
    return Patient(identifier="PT-0042", birth_date=BORN, sex_at_birth="F", medications=medications)


def record(session: DosingSession | None = None, **options: Any) -> MonitoringRecord:
    arguments: dict[str, Any] = {
        "setting": CLINIC,
        "prescriber": DOCTOR,
        "identity": WHO,
        "first_treatment": False,
        "vitals_acceptable_before_dosing": True,
        "vitals_acceptable_at_end": True,
    }
    arguments.update(options)
    who = arguments.pop("patient", patient())
    return monitoring_record(session or complete_session(), who, **arguments)


def fields_of(findings: tuple[Finding, ...]) -> list[tuple[str, FindingKind]]:
    return [(finding.field, finding.kind) for finding in findings]


# --- worked examples -------------------------------------------------------------------


def test_a_complete_56_mg_session_fills_every_field_of_the_form() -> None:
    filled = record()
    assert check_record(filled) == ()
    assert filled.form_version == CURRENT_FORM.id == "2021-11"
    assert filled.treatment_date == date(2026, 3, 2)
    assert filled.dose_category is DoseCategory.MG_56
    assert filled.devices == 2
    assert filled.device_lots == ("LOT-24A113",)
    # Total time from the first device (09:10) to the end of monitoring (11:15).
    assert filled.total_monitoring_minutes == 125
    assert filled.ready_to_leave_minutes == 90
    assert (filled.bp_before_dosing, filled.bp_at_40_min, filled.bp_before_end) == (
        vitals(-5),
        vitals(40, 142, 90),
        vitals(115),
    )
    assert filled.lowest_spo2 == 97
    assert (filled.sedation, filled.dissociation, filled.respiratory_depression) == (
        Answer.NO,
        Answer.NO,
        Answer.NO,
    )
    assert all(item.answer is Answer.NO for item in filled.concomitant_medications)
    assert [item.medication_class for item in filled.concomitant_medications] == list(
        CURRENT_FORM.concomitant_classes
    )


def test_the_form_is_due_seven_days_after_the_treatment_date() -> None:
    # A Monday 2 March 2026 session is due by Monday 9 March ("within 7 days").
    assert record().due_by == date(2026, 3, 9)
    assert record().submission_required is True


def test_inpatient_settings_do_not_submit_the_form_nor_answer_enrolment() -> None:
    filled = record(setting=WARD, first_treatment=None)
    assert filled.submission_required is False
    assert check_record(filled) == ()


def test_the_treatment_date_is_the_day_of_the_first_device_in_the_sessions_zone() -> None:
    zone = ZoneInfo("America/Los_Angeles")
    late = datetime(2026, 3, 2, 17, 30, tzinfo=zone)  # 01:30 UTC on 3 March
    session = complete_session(
        started_at=late - timedelta(minutes=20),
        dosed_at=late,
        observation_end=late + timedelta(minutes=125),
        vitals=[],
        assessments=[],
        ready_to_leave_at=None,
    )
    assert record(session).treatment_date == date(2026, 3, 2)


def test_an_84_mg_session_is_three_devices_and_may_have_fewer_lots() -> None:
    filled = record(complete_session(dose=esketamine_dose(84), device_lots=["A1", "B2"]))
    assert (filled.dose_category, filled.devices) == (DoseCategory.MG_84, 3)
    assert check_record(filled) == ()


def test_a_28_mg_session_is_ticked_other() -> None:
    filled = record(complete_session(dose=esketamine_dose(28)))
    assert (filled.dose_category, filled.devices) == (DoseCategory.OTHER, 1)
    assert check_record(filled) == ()


def test_monitoring_under_two_hours_is_inconsistent() -> None:
    session = complete_session(
        observation_end=at(110), vitals=[vitals(-5), vitals(40, 142, 90), vitals(105)]
    )
    filled = record(session)
    assert fields_of(check_record(filled)) == [("monitoring_ended_at", FindingKind.INCONSISTENT)]
    assert "110 min" in check_record(filled)[0].message


def test_one_second_short_of_two_hours_is_119_minutes() -> None:
    end = at(120) - timedelta(seconds=1)
    filled = record(complete_session(observation_end=end))
    assert filled.total_monitoring_minutes == 119
    assert fields_of(check_record(filled)) == [("monitoring_ended_at", FindingKind.INCONSISTENT)]


def test_monitoring_time_is_absolute_across_a_clock_change() -> None:
    # 01:00 EST to 03:05 EDT on 8 March 2026 (spring forward) is 1 h 05 min, not 2 h 05 min.
    zone = ZoneInfo("America/New_York")
    first = datetime(2026, 3, 8, 1, 0, tzinfo=zone)
    session = complete_session(
        started_at=first - timedelta(minutes=10),
        dosed_at=first,
        observation_end=datetime(2026, 3, 8, 3, 5, tzinfo=zone),
        vitals=[],
        assessments=[],
        ready_to_leave_at=None,
    )
    assert record(session).total_monitoring_minutes == 65


def test_a_missing_40_minute_blood_pressure_is_reported() -> None:
    session = complete_session(vitals=[vitals(-5), vitals(60), vitals(115)])
    assert fields_of(check_record(record(session))) == [("bp_at_40_min", FindingKind.MISSING)]


def test_the_40_minute_reading_is_the_one_closest_to_40_minutes() -> None:
    session = complete_session(vitals=[vitals(-5), vitals(32), vitals(43, 150, 95), vitals(115)])
    assert record(session).bp_at_40_min == vitals(43, 150, 95)


def test_a_dose_that_is_not_a_whole_number_of_devices_is_inconsistent() -> None:
    filled = attrs.evolve(record(), dose_mg=50.0)
    assert filled.devices is None
    assert fields_of(check_record(filled)) == [("dose_mg", FindingKind.INCONSISTENT)]
    assert "28 mg devices" in check_record(filled)[0].message


def test_more_than_84_mg_is_inconsistent() -> None:
    filled = attrs.evolve(record(), dose_mg=112.0)
    assert fields_of(check_record(filled)) == [("dose_mg", FindingKind.INCONSISTENT)]


def test_more_lots_than_devices_is_inconsistent() -> None:
    filled = attrs.evolve(record(), device_lots=("A1", "B2", "C3"))
    assert fields_of(check_record(filled)) == [("device_lots", FindingKind.INCONSISTENT)]


def test_ready_to_leave_after_the_end_is_inconsistent() -> None:
    filled = attrs.evolve(record(), ready_to_leave_at=at(130))
    assert fields_of(check_record(filled)) == [("ready_to_leave_at", FindingKind.INCONSISTENT)]


def test_a_first_treatment_needs_enrolment() -> None:
    assert check_record(record(first_treatment=True, enrolled=True)) == ()
    assert fields_of(check_record(record(first_treatment=True))) == [
        ("enrolled", FindingKind.MISSING)
    ]
    assert fields_of(check_record(record(first_treatment=True, enrolled=False))) == [
        ("enrolled", FindingKind.INCONSISTENT)
    ]


def test_an_in_progress_session_lacks_its_end_and_pre_end_blood_pressure() -> None:
    session = complete_session(
        observation_end=None, vitals=[vitals(-5), vitals(40)], ready_to_leave_at=None
    )
    assert fields_of(check_record(record(session))) == [
        ("monitoring_ended_at", FindingKind.MISSING),
        ("ready_to_leave_at", FindingKind.MISSING),
        ("bp_before_end", FindingKind.MISSING),
    ]


def test_concomitant_medications_come_from_the_patients_classes() -> None:
    who = patient(
        Medication(name="lorazepam", classes={"benzodiazepine"}),
        Medication(name="methylphenidate", classes={"stimulant"}),
    )
    answers = {m.medication_class: m.answer for m in record(patient=who).concomitant_medications}
    assert answers == {
        MedicationClass.BENZODIAZEPINE: Answer.YES,
        MedicationClass.SEDATIVE_HYPNOTIC: Answer.NO,
        MedicationClass.OPIOID: Answer.NO,
        MedicationClass.PSYCHOSTIMULANT: Answer.YES,
        MedicationClass.MAOI: Answer.NO,
    }


def test_a_medication_classed_only_as_cns_depressant_leaves_opioids_unknown_not_no() -> None:
    who = patient(Medication(name="drug X", classes={"cns_depressant"}))
    filled = record(patient=who)
    assert filled.answer_for(MedicationClass.OPIOID) is Answer.UNKNOWN
    assert filled.answer_for(MedicationClass.SEDATIVE_HYPNOTIC) is Answer.UNKNOWN
    assert filled.answer_for(MedicationClass.BENZODIAZEPINE) is Answer.NO
    assert fields_of(check_record(filled)) == [
        ("concomitant_medications.sedative_hypnotic", FindingKind.MISSING),
        ("concomitant_medications.opioid", FindingKind.MISSING),
    ]
    # Once the medication has its narrower class, the answers are known.
    named = patient(Medication(name="oxycodone", classes={"cns_depressant", "opioid"}))
    assert check_record(record(patient=named)) == ()
    assert record(patient=named).answer_for(MedicationClass.OPIOID) is Answer.YES


def test_sedation_is_a_moaas_of_4_or_less_or_a_sedation_event() -> None:
    low = complete_session(assessments=[cadss(-5, 0), cadss(40, 0), moaas(40, 5), moaas(60, 4)])
    assert record(low).sedation is Answer.YES
    event = AdverseEvent(kind="sedation", severity="mild", onset=at(100))
    assert record(complete_session(adverse_events=[event])).sedation is Answer.YES


def test_sedation_is_unknown_without_a_moaas_near_the_peak() -> None:
    late = complete_session(assessments=[cadss(-5, 0), cadss(40, 0), moaas(100, 5)])
    filled = record(late)
    assert filled.sedation is Answer.UNKNOWN
    assert fields_of(check_record(filled)) == [("sedation", FindingKind.MISSING)]


def test_dissociation_is_a_cadss_dissociation_event() -> None:
    # CADSS 10 after 0 before dosing: > 4 and increased (clinical reference 1.8).
    session = complete_session(assessments=[cadss(-5, 0), cadss(40, 10), moaas(40, 5)])
    assert record(session).dissociation is Answer.YES
    # CADSS 4 is not above 4: no dissociation event.
    calm = complete_session(assessments=[cadss(-5, 0), cadss(40, 4), moaas(40, 5)])
    assert record(calm).dissociation is Answer.NO


def test_dissociation_is_unknown_without_a_pre_dose_cadss() -> None:
    session = complete_session(assessments=[cadss(40, 2), moaas(40, 5)])
    assert fields_of(check_record(record(session))) == [("dissociation", FindingKind.MISSING)]


def test_respiratory_depression_needs_pulse_oximetry_to_be_no() -> None:
    no_oximetry = [VitalSigns(taken_at=at(m), systolic=128, diastolic=82) for m in (-5, 40, 115)]
    filled = record(complete_session(vitals=no_oximetry))
    assert filled.respiratory_depression is Answer.UNKNOWN
    assert fields_of(check_record(filled)) == [
        ("lowest_spo2", FindingKind.MISSING),
        ("respiratory_depression", FindingKind.MISSING),
    ]
    event = AdverseEvent(kind="respiratory depression", severity="moderate", onset=at(30))
    assert record(complete_session(adverse_events=[event])).respiratory_depression is Answer.YES


def test_the_lowest_spo2_counts_readings_from_the_first_device_on() -> None:
    readings = [
        VitalSigns(taken_at=at(-5), systolic=128, diastolic=82, spo2=90),
        VitalSigns(taken_at=at(40), systolic=140, diastolic=88, spo2=95),
        VitalSigns(taken_at=at(70), spo2=93),
        VitalSigns(taken_at=at(115), systolic=126, diastolic=80, spo2=98),
    ]
    assert record(complete_session(vitals=readings)).lowest_spo2 == 93


def test_unknown_clinician_answers_are_missing() -> None:
    filled = record(
        first_treatment=None, vitals_acceptable_before_dosing=None, vitals_acceptable_at_end=None
    )
    assert fields_of(check_record(filled)) == [
        ("first_treatment", FindingKind.MISSING),
        ("vitals_acceptable_before_dosing", FindingKind.MISSING),
        ("vitals_acceptable_at_end", FindingKind.MISSING),
    ]


# --- identity ---------------------------------------------------------------------------


def test_the_identity_never_appears_in_repr_or_str() -> None:
    filled = record()
    for text in (repr(filled), str(filled), repr(WHO), str(WHO)):
        assert "Ada" not in text
        assert "Lovelace" not in text
        assert "1980" not in text
    assert filled.identity == WHO


def test_without_identity_drops_it_and_the_check_can_ignore_it() -> None:
    bare = record().without_identity()
    assert bare.identity is None
    assert fields_of(check_record(bare)) == [("identity", FindingKind.MISSING)]
    assert check_record(bare, require_identity=False) == ()
    assert attrs.evolve(bare, identity=WHO) == record()


def test_an_identity_of_another_birth_date_is_refused_without_showing_either() -> None:
    other = PatientIdentity(first_name="Ada", last_name="Lovelace", birth_date=date(1981, 1, 2))
    with pytest.raises(RemsError) as caught:
        record(identity=other)
    assert caught.value.field == "identity.birth_date"
    assert caught.value.value is WITHHELD
    assert "1981" not in str(caught.value)
    assert "1980" not in str(caught.value)


# --- bad input --------------------------------------------------------------------------


def test_a_ketamine_session_is_refused_naming_the_dose() -> None:
    session = DosingSession(
        id="K-1",
        started_at=at(-10),
        dosed_at=DOSED,
        observation_end=at(120),
        dose=ketamine_dose(),
    )
    with pytest.raises(RemsError) as caught:
        record(session)
    assert caught.value.field == "session.dose"
    assert "ketamine" in str(caught.value)
    assert isinstance(caught.value, KetacoreError)
    assert isinstance(caught.value, ValueError)


def test_a_monitoring_end_before_its_start_is_refused() -> None:
    with pytest.raises(RemsError) as caught:
        attrs.evolve(record(), monitoring_ended_at=at(-1))
    assert caught.value.field == "monitoring_ended_at"


def test_get_form_lists_the_known_versions() -> None:
    assert get_form("2021-11") is CURRENT_FORM
    assert set(FORMS) == {"2021-11"}
    with pytest.raises(RemsError) as caught:
        get_form("2019-03")
    assert (caught.value.field, caught.value.value) == ("form_version", "2019-03")
    assert "'2021-11'" in str(caught.value)


# --- properties -------------------------------------------------------------------------


@st.composite
def complete_sessions(draw: st.DrawFn) -> DosingSession:
    """Esketamine sessions that record everything the form asks, drawn freely otherwise."""
    mg = draw(st.sampled_from([28, 56, 84]))
    lead = draw(st.integers(min_value=5, max_value=60))
    peak = draw(st.integers(min_value=30, max_value=50))
    end = draw(st.integers(min_value=120, max_value=300))
    last = draw(st.integers(min_value=51, max_value=end))
    ready = draw(st.integers(min_value=0, max_value=end))
    before = draw(st.integers(min_value=-lead, max_value=0))
    lots = draw(
        st.lists(
            st.sampled_from(["A1", "B-22", "LOT-9"]), min_size=1, max_size=mg // 28, unique=True
        )
    )
    pulse = draw(st.integers(min_value=88, max_value=100))
    return complete_session(
        started_at=at(-lead),
        observation_end=at(end),
        dose=esketamine_dose(mg),
        vitals=[
            vitals(before),
            vitals(peak),
            vitals(last),
            VitalSigns(taken_at=at(peak), spo2=pulse),
        ],
        assessments=[
            cadss(before, 0),
            cadss(peak, draw(st.integers(0, 20))),
            moaas(peak, draw(st.integers(0, 5))),
        ],
        device_lots=lots,
        ready_to_leave_at=at(ready),
    )


@given(complete_sessions())
def test_a_complete_esketamine_session_yields_a_record_with_no_findings(
    session: DosingSession,
) -> None:
    filled = record(session)
    assert check_record(filled) == ()
    assert filled.total_monitoring_minutes is not None
    assert filled.total_monitoring_minutes >= 120


# Each field, emptied, and the one finding that must then be reported.
_REMOVED = [
    ("identity", None),
    ("first_treatment", Answer.UNKNOWN),
    ("device_lots", ()),
    ("monitoring_ended_at", None),
    ("ready_to_leave_at", None),
    ("vitals_acceptable_before_dosing", Answer.UNKNOWN),
    ("vitals_acceptable_at_end", Answer.UNKNOWN),
    ("bp_before_dosing", None),
    ("bp_at_40_min", None),
    ("bp_before_end", None),
    ("lowest_spo2", None),
    ("sedation", Answer.UNKNOWN),
    ("dissociation", Answer.UNKNOWN),
    ("respiratory_depression", Answer.UNKNOWN),
]


@pytest.mark.parametrize(("field", "empty"), _REMOVED, ids=[f for f, _ in _REMOVED])
@given(session=complete_sessions())
def test_removing_a_field_yields_exactly_that_finding(
    field: str, empty: object, session: DosingSession
) -> None:
    emptied = attrs.evolve(record(session), **{field: empty})
    assert fields_of(check_record(emptied)) == [(field, FindingKind.MISSING)]


@given(complete_sessions(), st.sampled_from(CURRENT_FORM.concomitant_classes))
def test_an_unknown_medication_class_yields_exactly_its_finding(
    session: DosingSession, cls: MedicationClass
) -> None:
    filled = record(session)
    answers = tuple(
        attrs.evolve(item, answer=Answer.UNKNOWN) if item.medication_class is cls else item
        for item in filled.concomitant_medications
    )
    emptied = attrs.evolve(filled, concomitant_medications=answers)
    assert fields_of(check_record(emptied)) == [
        (f"concomitant_medications.{cls.value}", FindingKind.MISSING)
    ]


@given(dosing_sessions(drug=Drug.ESKETAMINE))
def test_an_answer_of_no_always_has_the_data_behind_it(session: DosingSession) -> None:
    filled = record(session)
    if filled.sedation is Answer.NO:
        assert any(a.instrument_id == MOAAS.id for a in session.assessments)
    if filled.dissociation is Answer.NO:
        assert sum(a.instrument_id == CADSS.id for a in session.assessments) >= 2
    if filled.respiratory_depression is Answer.NO:
        assert filled.lowest_spo2 is not None
    if filled.lowest_spo2 is None:
        assert filled.respiratory_depression is not Answer.NO


@given(dosing_sessions(drug=Drug.ESKETAMINE))
def test_every_finding_names_a_field_of_the_record(session: DosingSession) -> None:
    names = {field.name for field in attrs.fields(MonitoringRecord)}
    for finding in check_record(record(session)):
        assert finding.field.partition(".")[0] in names
        assert finding.message


@given(monitoring_records())
def test_records_round_trip_through_json(filled: MonitoringRecord) -> None:
    assert from_json(to_json(filled), MonitoringRecord) == filled


@given(monitoring_records())
def test_a_record_hashes_like_an_equal_copy(filled: MonitoringRecord) -> None:
    copy = attrs.evolve(filled)
    assert copy == filled
    assert hash(copy) == hash(filled)


def test_a_scheduled_session_records_its_lots_and_ready_to_leave_time() -> None:
    from ketacore.sessions import ScheduledSession

    plan = ScheduledSession(id="S-9", scheduled_start=at(-10), planned_dose=esketamine_dose(84))
    done = plan.record(
        started_at=at(-15),
        dosed_at=DOSED,
        observation_end=at(130),
        device_lots=["A1", "B2", "C3"],
        ready_to_leave_at=at(95),
    )
    assert (done.device_lots, done.ready_to_leave_at) == (("A1", "B2", "C3"), at(95))
    assert from_json(to_json(done), DosingSession) == done


def test_opioids_and_sedative_hypnotics_still_screen_as_cns_depressants() -> None:
    from ketacore.contraindications import screen

    for cls in ("opioid", "sedative_hypnotic"):
        who = patient(Medication(name="x", classes={cls}))
        result = screen(who, "esketamine", "intranasal", on=date(2026, 3, 2))
        assert "interaction_cns_depressant" in result.rule_ids, cls


@given(dosing_sessions(drug=Drug.ESKETAMINE))
def test_a_planted_identity_appears_in_no_repr_and_no_finding(session: DosingSession) -> None:
    planted = PatientIdentity(first_name="Qzjane", last_name="Xroevq", birth_date=BORN)
    filled = record(session, identity=planted)
    texts = [repr(filled), str(filled), *(str(f) for f in check_record(filled))]
    texts += [repr(filled.without_identity()), repr(planted)]
    for text in texts:
        assert "Qzjane" not in text
        assert "Xroevq" not in text
        assert BORN.isoformat() not in text
        assert "1980, 5, 17" not in text
