"""Treatment courses: protocols as data, schedule adherence, cumulative dose, long-term safety.

A :class:`Course` holds one patient's sessions under one :class:`Protocol`.
Questions about it are pure functions: :func:`next_due`,
:func:`adherence_findings`, :func:`cumulative_dose`, :func:`sessions_per_phase`,
:func:`starting_dose`, :func:`response_status`, :func:`response_trajectory`,
:func:`exposure` and :func:`overdue_checkins`. Dates
are arguments; nothing reads the clock.

>>> from ketacore.courses import PROTOCOLS
>>> sorted(PROTOCOLS)  # doctest: +NORMALIZE_WHITESPACE
['esketamine-mdsi', 'esketamine-trd', 'ketamine-im-sc', 'ketamine-iv-elekt-d',
 'ketamine-iv-ketect', 'ketamine-oral']
"""

from __future__ import annotations

from ketacore.courses._catalogue import (
    ESKETAMINE_MDSI,
    ESKETAMINE_TRD,
    KETAMINE_IM_SC,
    KETAMINE_IV_ELEKT_D,
    KETAMINE_IV_KETECT,
    KETAMINE_ORAL,
    PROTOCOLS,
    get_protocol,
)
from ketacore.courses._course import Course
from ketacore.courses._dosing import CumulativeDose, cumulative_dose, starting_dose
from ketacore.courses._protocols import (
    ADULT_MIN_AGE,
    Indication,
    Phase,
    Protocol,
    StartDoseConvention,
)
from ketacore.courses._response import CourseResponse, response_status, response_trajectory
from ketacore.courses._safety import (
    CHECK_IN_INTERVAL,
    EXPOSURE_WINDOW_MONTHS,
    Exposure,
    OverdueCheckIn,
    exposure,
    overdue_checkins,
)
from ketacore.courses._safety_items import CheckIn, WatchItem
from ketacore.courses._schedule import (
    FindingKind,
    ScheduleFinding,
    adherence_findings,
    next_due,
    sessions_per_phase,
)

__all__ = [
    "ADULT_MIN_AGE",
    "CHECK_IN_INTERVAL",
    "ESKETAMINE_MDSI",
    "ESKETAMINE_TRD",
    "EXPOSURE_WINDOW_MONTHS",
    "KETAMINE_IM_SC",
    "KETAMINE_IV_ELEKT_D",
    "KETAMINE_IV_KETECT",
    "KETAMINE_ORAL",
    "PROTOCOLS",
    "CheckIn",
    "Course",
    "CourseResponse",
    "CumulativeDose",
    "Exposure",
    "FindingKind",
    "Indication",
    "OverdueCheckIn",
    "Phase",
    "Protocol",
    "ScheduleFinding",
    "StartDoseConvention",
    "WatchItem",
    "adherence_findings",
    "cumulative_dose",
    "exposure",
    "get_protocol",
    "next_due",
    "overdue_checkins",
    "response_status",
    "response_trajectory",
    "sessions_per_phase",
    "starting_dose",
]
