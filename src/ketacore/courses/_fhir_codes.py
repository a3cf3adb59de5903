"""Codes a FHIR course bundle is written with: vital signs, routes, units, drugs, severities.

Data only, each table with its source; the mapping in :mod:`ketacore.fhir` reads
these and never spells a code itself. "ref 9.1" is section 9.1 of ketacore's
clinical reference (``shared/domain/clinical-reference.md``).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from attrs import frozen

from ketacore.doses import Route
from ketacore.sessions._events import Severity

__all__ = [
    "ADVERSE_EVENT_SEVERITY",
    "BLOOD_PRESSURE_PANEL",
    "BODY_WEIGHT",
    "DOSE_UNITS",
    "ENCOUNTER_CLASS",
    "OBSERVATION_CATEGORY",
    "ROUTES",
    "SCORE_UNIT",
    "SEVERITIES",
    "SNOMED",
    "SURVEY_CATEGORY",
    "UCUM",
    "VITAL_SIGNS",
    "VITAL_SIGNS_CATEGORY",
    "VitalCode",
]

SNOMED: Final = "http://snomed.info/sct"
"""The FHIR system URI of SNOMED CT."""

UCUM: Final = "http://unitsofmeasure.org"
"""The FHIR system URI of UCUM (US Core vital-signs examples)."""

OBSERVATION_CATEGORY: Final = "http://terminology.hl7.org/CodeSystem/observation-category"
"""The FHIR Observation category code system."""

VITAL_SIGNS_CATEGORY: Final = (OBSERVATION_CATEGORY, "vital-signs")
"""Observation category of every vital sign (US Core blood-pressure.json, heart-rate.json)."""

SURVEY_CATEGORY: Final = (OBSERVATION_CATEGORY, "survey")
"""Observation category of a score (US Core Observation-PHQ9-item-example-44261-6.json)."""


@frozen
class VitalCode:
    """The LOINC code and UCUM unit of one vital-sign reading.

    Attributes:
        field: The :class:`~ketacore.vitals.VitalSigns` attribute it records.
        code: LOINC code.
        display: Display text.
        unit: UCUM code of the value.
        unit_display: Human unit, as the US Core examples show it.
    """

    field: str
    code: str
    display: str
    unit: str
    unit_display: str


# Codes and units: HL7 US Core examples blood-pressure.json (85354-9 with components
# 8480-6 / 8462-4, mm[Hg]), heart-rate.json (8867-4, /min), oxygen-saturation.json
# (59408-5 with 2708-6, %), respiratory-rate.json (9279-1, /min), weight.json (29463-7, kg);
# ref 9.1 [2+].
BLOOD_PRESSURE_PANEL: Final = ("85354-9", "Blood pressure panel with all children optional")
"""The blood-pressure panel; systolic and diastolic are its components."""

VITAL_SIGNS: Final = MappingProxyType(
    {
        "systolic": VitalCode("systolic", "8480-6", "Systolic blood pressure", "mm[Hg]", "mmHg"),
        "diastolic": VitalCode("diastolic", "8462-4", "Diastolic blood pressure", "mm[Hg]", "mmHg"),
        "heart_rate": VitalCode("heart_rate", "8867-4", "Heart rate", "/min", "beats/min"),
        "spo2": VitalCode(
            "spo2",
            "59408-5",
            "Oxygen saturation in Arterial blood by Pulse oximetry",
            "%",
            "%O2",
        ),
        "respiratory_rate": VitalCode(
            "respiratory_rate", "9279-1", "Respiratory rate", "/min", "breaths/min"
        ),
    }
)
"""VitalSigns attribute -> its LOINC code and UCUM unit."""

BODY_WEIGHT: Final = VitalCode("weight", "29463-7", "Body weight", "kg", "kg")
"""Body weight (US Core weight.json)."""

# Encounter.class of a clinic visit: v3-ActCode AMB "ambulatory" (US Core encounter examples,
# e.g. input/examples/encounter-example-1.json).
ENCOUNTER_CLASS: Final = ("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory")
"""Encounter class of every session (system, code, display)."""

# SNOMED CT route of administration values (children of 284009009): a published SNOMED
# route list (ONCOFAIR IG CodeSystem: 47625008 Intravenous, 78421000 Intramuscular,
# 34206005 Subcutaneous, 46713006 Nasal, 26643006 Oral, 37839007 Sublingual) and DICOM
# CID 11 "Administration Route" (47625008, 78421000, 34206005); ref 9.1 [1].
ROUTES: Final = MappingProxyType(
    {
        Route.IV: ("47625008", "Intravenous route"),
        Route.IM: ("78421000", "Intramuscular route"),
        Route.SC: ("34206005", "Subcutaneous route"),
        Route.INTRANASAL: ("46713006", "Nasal route"),
        Route.ORAL: ("26643006", "Oral route"),
        Route.SUBLINGUAL: ("37839007", "Sublingual route"),
    }
)
"""Route -> SNOMED CT (code, display)."""

# UCUM codes of the dose quantities (ref 9.1 [2+]: mg, ug, mg/kg, mg/kg/h, mL/h, mg/mL, min,
# h). Keys are ketacore's unit spellings (ketacore.units); values the UCUM code written.
DOSE_UNITS: Final = MappingProxyType(
    {
        "mg": "mg",
        "mcg": "ug",
        "µg": "ug",
        "ug": "ug",
        "g": "g",
        "mg/kg": "mg/kg",
        "mcg/kg": "ug/kg",
        "mg/mL": "mg/mL",
        "min": "min",
        "h": "h",
        "mg/h": "mg/h",
        "mg/kg/h": "mg/kg/h",
        "mL/h": "mL/h",
    }
)
"""ketacore unit text -> UCUM code, for dose, concentration, duration and rate."""

SCORE_UNIT: Final = "{score}"
"""UCUM annotation unit of a rating-scale total (ref 9.1 [2+])."""

# http://terminology.hl7.org/CodeSystem/adverse-event-severity: mild | moderate | severe
# (FHIR R4 AdverseEvent.severity, required binding; MII onkology and IPA examples).
ADVERSE_EVENT_SEVERITY: Final = "http://terminology.hl7.org/CodeSystem/adverse-event-severity"
"""The FHIR R4 AdverseEvent severity code system."""

SEVERITIES: Final = MappingProxyType(
    {Severity.MILD: "mild", Severity.MODERATE: "moderate", Severity.SEVERE: "severe"}
)
"""Severity -> its code in :data:`ADVERSE_EVENT_SEVERITY`."""

# Medicines: no RxNorm or SNOMED CT product code for ketamine or esketamine was verified
# against a published source [?], so the bundle codes the drug in ketacore's own
# CodeSystem ("ketamine", "esketamine", the Drug values) and never writes an unverified code.
