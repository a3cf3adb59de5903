"""hypothesis strategies for the SPRAVATO REMS monitoring record (:mod:`ketacore.rems`).

Every drawn value is valid by construction. Records are filled by
:func:`ketacore.rems.monitoring_record` from drawn esketamine sessions and
patients, so they have the gaps real sessions have.
"""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from ketacore.doses import Drug
from ketacore.rems import (
    HealthcareSetting,
    MonitoringRecord,
    PatientIdentity,
    Prescriber,
    SettingKind,
    monitoring_record,
)
from ketacore.testing._patient_strategies import patients
from ketacore.testing._session_strategies import dosing_sessions

__all__ = ["healthcare_settings", "monitoring_records", "patient_identities", "prescribers"]

_ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-"


def _names() -> st.SearchStrategy[str]:
    return st.sampled_from(["Ada", "Byron", "Riverside Clinic"]) | st.text(
        min_size=1, max_size=40
    ).filter(str.strip)


def _ids() -> st.SearchStrategy[str | None]:
    return st.none() | st.text(alphabet=_ID_ALPHABET, min_size=1, max_size=12)


def healthcare_settings(*, kind: SettingKind | None = None) -> st.SearchStrategy[HealthcareSetting]:
    """Healthcare settings of *kind* (default: either), with or without a REMS id."""
    kinds = st.sampled_from(list(SettingKind)) if kind is None else st.just(kind)
    return st.builds(HealthcareSetting, name=_names(), kind=kinds, rems_id=_ids())


def prescribers() -> st.SearchStrategy[Prescriber]:
    """Prescribers with any name, with or without an identifier."""
    return st.builds(Prescriber, name=_names(), rems_id=_ids())


def patient_identities(*, birth_date: date | None = None) -> st.SearchStrategy[PatientIdentity]:
    """Patient identities (name and date of birth; *birth_date* if given)."""
    born = (
        st.dates(min_value=date(1930, 1, 1), max_value=date(2000, 12, 31))
        if birth_date is None
        else st.just(birth_date)
    )
    return st.builds(PatientIdentity, first_name=_names(), last_name=_names(), birth_date=born)


def monitoring_records() -> st.SearchStrategy[MonitoringRecord]:
    """Monitoring records filled from any esketamine session and patient, complete or not.

    The identity, when present, has the patient's birth date; the clinician's
    answers are drawn as yes, no or unknown.
    """

    @st.composite
    def build(draw: st.DrawFn) -> MonitoringRecord:
        patient = draw(patients())
        session = draw(dosing_sessions(drug=Drug.ESKETAMINE))
        answer = st.none() | st.booleans()
        return monitoring_record(
            session,
            patient,
            setting=draw(healthcare_settings()),
            prescriber=draw(prescribers()),
            identity=draw(st.none() | patient_identities(birth_date=patient.birth_date)),
            first_treatment=draw(answer),
            enrolled=draw(answer),
            vitals_acceptable_before_dosing=draw(answer),
            vitals_acceptable_at_end=draw(answer),
        )

    return build()
