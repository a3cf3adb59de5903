"""The SPRAVATO REMS Patient Monitoring Form, filled from an esketamine session.

Outpatient settings that give esketamine complete the SPRAVATO REMS Patient
Monitoring Form after every treatment session and submit it within 7 days;
inpatient settings do not submit it (clinical reference sections 5.1 and 10).

- :func:`monitoring_record` fills a :class:`MonitoringRecord` from a
  :class:`~ketacore.sessions.DosingSession`, the patient's record and what
  ketacore cannot know (the :class:`HealthcareSetting`, the
  :class:`Prescriber`, the patient's :class:`PatientIdentity`, the clinician's
  answers);
- :func:`check_record` lists each :class:`Finding`: what is missing or
  inconsistent (monitoring under 2 h, no 40-min blood pressure, a dose that is
  not a whole number of devices, ...);
- the form's content is data: one :class:`FormVersion` per version in
  :data:`FORMS`, :data:`CURRENT_FORM` by default.

Answers are :class:`Answer` members: yes, no or unknown; unknown is never "no".
The patient's name and date of birth never appear in ``repr`` or an error.

>>> from ketacore.rems import CURRENT_FORM
>>> CURRENT_FORM.dated, CURRENT_FORM.submission_window.days
('11/2021', 7)
"""

from __future__ import annotations

from ketacore.exceptions import RemsError
from ketacore.rems._build import monitoring_record
from ketacore.rems._check import Finding, FindingKind, check_record
from ketacore.rems._form import CURRENT_FORM, FORMS, DoseCategory, FormVersion, get_form
from ketacore.rems._parties import HealthcareSetting, PatientIdentity, Prescriber, SettingKind
from ketacore.rems._record import Answer, ConcomitantMedication, MonitoringRecord

__all__ = [
    "CURRENT_FORM",
    "FORMS",
    "Answer",
    "ConcomitantMedication",
    "DoseCategory",
    "Finding",
    "FindingKind",
    "FormVersion",
    "HealthcareSetting",
    "MonitoringRecord",
    "PatientIdentity",
    "Prescriber",
    "RemsError",
    "SettingKind",
    "check_record",
    "get_form",
    "monitoring_record",
]
