"""The hypothesis strategies of ketacore.testing: every drawn value is valid, every invalid one
is rejected with a KetacoreError, and st.from_type works for every registered type."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ketacore.courses import Course
from ketacore.doses import Drug, FixedDose, WeightBasedDose, parse_dose
from ketacore.exceptions import (
    KetacoreError,
    ScoringError,
    SerializationError,
    UnknownInstrumentError,
)
from ketacore.instruments import BDI_II, CATALOGUE, CSSRS_SCREENER, HAMD17, PHQ9, Instrument, Score
from ketacore.patients import (
    AntidepressantTrial,
    CardiovascularEvent,
    CerebrovascularEvent,
    ConsentRecord,
    HeightMeasurement,
    MaudsleyStaging,
    MedicalHistory,
    Medication,
    Patient,
    PatientId,
    TrdCriteria,
    WeightMeasurement,
)
from ketacore.serialization import from_dict
from ketacore.sessions import (
    AdverseEvent,
    DischargeCriteria,
    DosingSession,
    IntegrationSession,
    MonitoringPlan,
    PreparationSession,
    PsychotherapySupport,
    ScheduledSession,
    TimedScore,
)
from ketacore.testing import (
    adverse_events,
    antidepressant_trials,
    cardiovascular_events,
    cerebrovascular_events,
    consent_records,
    courses,
    discharge_criteria,
    dosing_sessions,
    fixed_doses,
    height_measurements,
    instruments,
    integration_sessions,
    invalid_documents,
    invalid_dose_texts,
    invalid_patient_fields,
    invalid_responses,
    item_values,
    maudsley_stagings,
    medical_histories,
    medications,
    monitoring_plans,
    patient_ids,
    patients,
    preparation_sessions,
    psychotherapy_supports,
    responses,
    scheduled_sessions,
    scores,
    session_doses,
    timed_scores,
    trd_criteria,
    vital_signs,
    weight_based_doses,
    weight_measurements,
)
from ketacore.vitals import VitalSigns

STRATEGIES: list[tuple[st.SearchStrategy[Any], type]] = [
    (patient_ids(), PatientId),
    (weight_measurements(), WeightMeasurement),
    (height_measurements(), HeightMeasurement),
    (medications(), Medication),
    (cardiovascular_events(), CardiovascularEvent),
    (cerebrovascular_events(), CerebrovascularEvent),
    (medical_histories(), MedicalHistory),
    (consent_records(), ConsentRecord),
    (antidepressant_trials(), AntidepressantTrial),
    (trd_criteria(), TrdCriteria),
    (maudsley_stagings(), MaudsleyStaging),
    (patients(), Patient),
    (timed_scores(), TimedScore),
    (adverse_events(), AdverseEvent),
    (psychotherapy_supports(), PsychotherapySupport),
    (preparation_sessions(), PreparationSession),
    (integration_sessions(), IntegrationSession),
    (scheduled_sessions(), ScheduledSession),
    (dosing_sessions(), DosingSession),
    (monitoring_plans(), MonitoringPlan),
    (discharge_criteria(), DischargeCriteria),
    (fixed_doses(), FixedDose),
    (weight_based_doses(), WeightBasedDose),
    (vital_signs(), VitalSigns),
    (courses(), Course),
]
REGISTERED = [cls for _, cls in STRATEGIES]
_IDS = [cls.__name__ for _, cls in STRATEGIES]


def _rebuilds(value: object) -> None:
    """The value passes its type's validation again, and comes back equal."""
    if isinstance(value, Score):
        missing = "prorate" if value.prorated else "strict"
        again = value.instrument.score(list(value.values), missing=missing)
        assert (again.values, again.total) == (value.values, value.total)
    elif isinstance(value, Instrument):
        assert CATALOGUE[value.id] is value
    else:
        assert attrs.evolve(value) == value
        assert type(value)(**attrs.asdict(value, recurse=False)) == value


@pytest.mark.parametrize(("strategy", "cls"), STRATEGIES, ids=_IDS)
@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=40)
@given(data=st.data())
def test_every_drawn_value_is_valid(
    strategy: st.SearchStrategy[Any], cls: type, data: st.DataObject
) -> None:
    value = data.draw(strategy)
    assert type(value) is cls
    _rebuilds(value)


@pytest.mark.parametrize("cls", REGISTERED, ids=lambda cls: cls.__name__)
@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=25)
@given(data=st.data())
def test_from_type_works_for_every_public_type(cls: type, data: st.DataObject) -> None:
    value = data.draw(st.from_type(cls))
    assert isinstance(value, cls)
    _rebuilds(value)


@given(st.from_type(Instrument), instruments(), st.from_type(Score))
def test_from_type_for_instruments_and_scores(
    instrument: Instrument, other: Instrument, score: Score
) -> None:
    assert CATALOGUE[instrument.id] is instrument
    assert CATALOGUE[other.id] is other
    _rebuilds(score)


@pytest.mark.parametrize("instrument_id", sorted(CATALOGUE))
@settings(max_examples=30)
@given(data=st.data())
def test_scores_of_every_instrument_are_valid(instrument_id: str, data: st.DataObject) -> None:
    inst = CATALOGUE[instrument_id]
    score = data.draw(scores(instrument_id, special_codes=True, prorated=True))
    assert score.instrument is inst
    _rebuilds(score)
    raw = data.draw(responses(inst))
    assert inst.score(raw).instrument is inst
    if inst.total_range is not None and not score.not_rated_items:
        assert score.total is not None
        assert inst.total_range[0] <= score.total <= inst.total_range[1]


@given(scores())
def test_scores_of_any_instrument(score: Score) -> None:
    _rebuilds(score)


def test_responses_use_options_forms_and_skip_logic() -> None:
    lettered = find(scores(BDI_II), lambda s: any(o[1][1:] for o in s.options))
    assert lettered.options[0][0] in (16, 18)
    form = find(scores(HAMD17), lambda s: (16, "B") in s.options)
    assert form.values[15] is not None
    skipped = find(scores(CSSRS_SCREENER), lambda s: s.values[2] is None)
    assert skipped.values[1] == 0
    not_rated = find(scores(HAMD17, special_codes=True), lambda s: s.values[15] == 3)
    assert not_rated.not_rated_items == (16,)
    prorated = find(scores(PHQ9, prorated=True), lambda s: s.prorated)
    assert prorated.missing_items


@settings(max_examples=50)
@given(dosing_sessions(complete=True, drug=Drug.KETAMINE))
def test_complete_sessions_end_after_the_infusion(session: DosingSession) -> None:
    assert session.is_complete
    assert session.drug is Drug.KETAMINE
    assert session.observation_end is not None
    end = session.dose_end
    assert end is None or end <= session.observation_end


@given(session_doses(drug=Drug.ESKETAMINE), scheduled_sessions(drug=Drug.KETAMINE))
def test_drug_options(dose: Any, plan: ScheduledSession) -> None:
    assert dose.drug is Drug.ESKETAMINE
    assert plan.drug in (None, Drug.KETAMINE)


@settings(max_examples=50)
@given(patients(consented=True), patients(consented=False))
def test_consented_patients(consented: Patient, unconsented: Patient) -> None:
    assert consented.consent is not None
    assert not any(consented.consent.missing_topics(drug) for drug in Drug)
    assert unconsented.consent is None


@pytest.mark.parametrize(
    "strategy",
    [
        patients(max_birth_date=date(2030, 1, 1)),
        patients(min_birth_date=date(1990, 1, 1), max_birth_date=date(1980, 1, 1)),
        dosing_sessions(max_minutes=5000),
        dosing_sessions(max_minutes=-1),
    ],
)
def test_bad_arguments_raise_at_draw_time(strategy: st.SearchStrategy[Any]) -> None:
    @given(strategy)
    def draw(value: object) -> None:
        raise AssertionError("unreachable")  # pragma: no cover

    with pytest.raises(InvalidArgument):
        draw()


@pytest.mark.parametrize("instrument_id", sorted(CATALOGUE))
@pytest.mark.parametrize("missing", ["strict", "prorate"])
@settings(max_examples=25)
@given(data=st.data())
def test_invalid_responses_are_rejected(
    instrument_id: str, missing: Any, data: st.DataObject
) -> None:
    inst = CATALOGUE[instrument_id]
    bad = data.draw(invalid_responses(inst, missing=missing))
    with pytest.raises(ScoringError):
        inst.score(bad, missing=missing)


@given(invalid_patient_fields())
def test_invalid_patient_fields_are_rejected(fields: dict[str, Any]) -> None:
    with pytest.raises(KetacoreError):
        Patient(**fields)


@settings(max_examples=100)
@given(
    invalid_documents(),
    st.sampled_from(
        [FixedDose, WeightBasedDose, VitalSigns, MedicalHistory, Patient, DosingSession, Score]
    ),
)
def test_invalid_documents_are_rejected(document: Any, cls: type) -> None:
    with pytest.raises(SerializationError):
        from_dict(document, cls)


@settings(max_examples=50)
@given(
    invalid_documents(values=adverse_events() | consent_records() | patients()),
    st.sampled_from([AdverseEvent, ConsentRecord, Patient]),
)
def test_invalid_documents_of_other_values(document: Any, cls: type) -> None:
    with pytest.raises(SerializationError):
        from_dict(document, cls)


@pytest.mark.parametrize(
    "module",
    [
        "_strategies",
        "_patient_strategies",
        "_instrument_strategies",
        "_session_strategies",
        "_invalid",
    ],
)
def test_strategies_import_before_hypothesis(module: str) -> None:
    """A strategy module imports hypothesis, whose entry point calls back into ketacore."""
    code = (
        "import sys\n"
        f"import ketacore.testing.{module}\n"
        "from hypothesis import strategies as st\n"
        "from ketacore.patients import Patient\n"
        "from ketacore.testing import patients\n"
        "assert st.from_type(Patient) is not None and patients() is not None\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    "make", [scores, responses, item_values, invalid_responses], ids=lambda f: f.__name__
)
def test_unknown_instrument_raises_at_draw_time(make: Any) -> None:
    strategy = make("no-such-scale")  # no error yet

    @given(strategy)
    def draw(value: object) -> None:
        raise AssertionError("unreachable")  # pragma: no cover

    with pytest.raises(UnknownInstrumentError):
        draw()


@given(invalid_dose_texts())
def test_invalid_dose_texts_are_rejected(text: str) -> None:
    with pytest.raises(KetacoreError):
        parse_dose(text, drug="ketamine", route="iv")
