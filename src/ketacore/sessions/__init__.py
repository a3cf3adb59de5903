"""Treatment sessions: dosing sessions, psychotherapy sessions and the checks on them.

A :class:`ScheduledSession` is a plan; a :class:`DosingSession` is the record
of a dose given and what was observed, validated when it is built (times in
order, readings inside the session). :class:`PreparationSession` and
:class:`IntegrationSession` are ketamine-assisted psychotherapy sessions
without a dose.

The checks are pure functions of the session and a moment passed in:
:func:`pre_dose_gate`, :func:`monitoring_gaps` and :func:`discharge_check`.
Nothing here reads the clock.

>>> from ketacore.sessions import ESKETAMINE_MONITORING
>>> ESKETAMINE_MONITORING.minimum_observation
datetime.timedelta(seconds=7200)
"""

from __future__ import annotations

from typing import TypeAlias

from ketacore.sessions._assessments import TimedScore, dissociation_event, dissociation_threshold
from ketacore.sessions._discharge import (
    ESKETAMINE_DISCHARGE,
    KETAMINE_DISCHARGE,
    BloodPressureLimits,
    DischargeCriteria,
    DischargeReport,
    discharge_check,
)
from ketacore.sessions._dosing import (
    LOT_NUMBER_FORM,
    MAX_ESKETAMINE_DEVICES,
    MAX_SESSION_LENGTH,
    MAX_START_DRIFT,
    DosingSession,
    ScheduledSession,
)
from ketacore.sessions._events import AdverseEvent, AdverseEventKind, Severity
from ketacore.sessions._gate import GateDecision, PreDoseGate, pre_dose_gate
from ketacore.sessions._monitoring import (
    ESKETAMINE_MONITORING,
    KETAMINE_MONITORING,
    MissingItem,
    MonitoringPlan,
    Requirement,
    monitoring_gaps,
)
from ketacore.sessions._readings import dissociation_events
from ketacore.sessions._therapy import (
    MAX_THERAPY_DURATION,
    IntegrationSession,
    PreparationSession,
    PsychotherapySupport,
)

__all__ = [
    "ESKETAMINE_DISCHARGE",
    "ESKETAMINE_MONITORING",
    "KETAMINE_DISCHARGE",
    "KETAMINE_MONITORING",
    "LOT_NUMBER_FORM",
    "MAX_ESKETAMINE_DEVICES",
    "MAX_SESSION_LENGTH",
    "MAX_START_DRIFT",
    "MAX_THERAPY_DURATION",
    "AdverseEvent",
    "AdverseEventKind",
    "BloodPressureLimits",
    "DischargeCriteria",
    "DischargeReport",
    "DosingSession",
    "GateDecision",
    "IntegrationSession",
    "MissingItem",
    "MonitoringPlan",
    "PreDoseGate",
    "PreparationSession",
    "PsychotherapySupport",
    "Requirement",
    "ScheduledSession",
    "Session",
    "Severity",
    "TimedScore",
    "discharge_check",
    "dissociation_event",
    "dissociation_events",
    "dissociation_threshold",
    "monitoring_gaps",
    "pre_dose_gate",
]

Session: TypeAlias = ScheduledSession | DosingSession | PreparationSession | IntegrationSession
"""Any session a course can hold; every one has an opaque ``id``."""
