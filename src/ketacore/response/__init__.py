"""Response status: remission, response, partial response, relapse (reference §2).

>>> from ketacore.instruments import MADRS
>>> from ketacore.response import classify
>>> baseline = MADRS.score([4, 4, 4, 4, 4, 3, 3, 3, 3, 2])
>>> classify(baseline, MADRS.score([2, 1, 1, 1, 1, 1, 1, 1, 2, 1])).status
<Status.REMISSION: 'remission'>

Everything here is a pure function of its arguments: dates are passed in and
nothing reads a clock. Importing this package does not import pint.
"""

from __future__ import annotations

from ketacore.response._assessment import Assessment
from ketacore.response._classify import classify, improvement_response
from ketacore.response._dissociation import dissociation_event
from ketacore.response._policy import CORE_RESPONSE, COURSE_TYPES, course_type
from ketacore.response._relapse import (
    HAMD17_RELAPSE,
    SUSTAIN1_RELAPSE,
    EventKind,
    Relapse,
    RelapseEvent,
    RelapseRule,
)
from ketacore.response._stable import SUSTAIN1_STABLE_REMISSION, StableRemissionRule
from ketacore.response._status import Reason, ResponseStatus, Status
from ketacore.response._thresholds import (
    PARTIAL_RESPONSE_PERCENT,
    PREDICT_PARTIAL_RESPONSE_PERCENT,
    Thresholds,
    thresholds_for,
)
from ketacore.response._time import When
from ketacore.response._trajectory import (
    RAPID_RESPONSE_WINDOW,
    SUSTAINED_DURATION,
    Span,
    Trajectory,
    trajectory,
)

__all__ = [
    "CORE_RESPONSE",
    "COURSE_TYPES",
    "HAMD17_RELAPSE",
    "PARTIAL_RESPONSE_PERCENT",
    "PREDICT_PARTIAL_RESPONSE_PERCENT",
    "RAPID_RESPONSE_WINDOW",
    "SUSTAIN1_RELAPSE",
    "SUSTAIN1_STABLE_REMISSION",
    "SUSTAINED_DURATION",
    "Assessment",
    "EventKind",
    "Reason",
    "Relapse",
    "RelapseEvent",
    "RelapseRule",
    "ResponseStatus",
    "Span",
    "StableRemissionRule",
    "Status",
    "Thresholds",
    "Trajectory",
    "When",
    "classify",
    "course_type",
    "dissociation_event",
    "improvement_response",
    "thresholds_for",
    "trajectory",
]
