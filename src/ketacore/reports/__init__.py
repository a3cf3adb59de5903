"""Course reports: one self-contained HTML page per course, to read on screen or print.

:func:`course_report` renders a :class:`~ketacore.courses.Course` as an HTML page
with no network requests (a Content-Security-Policy allows inline styles and
``data:`` images only; charts are inline SVG), readable when printed in black and
white. Its sections (:data:`SECTION_IDS`) show the protocol, the dose of each
session in mg and mg/kg, vital signs against the blood-pressure limit, CADSS and
MOAA/S, score trajectories with the response and remission thresholds, the
response status and its reason, screening and dose-check findings, and schedule
adherence. Every figure comes from the ketacore function that owns the rule;
missing data are listed, never fatal. The patient identifier appears only with
``identifier=True``.

:func:`demo_course` builds a course from a patient of the bundled synthetic cohort.

>>> from ketacore.reports import SECTION_IDS
>>> SECTION_IDS[:3]
('summary', 'missing', 'protocol')
"""

from __future__ import annotations

from ketacore.reports._demo import DEMO_PATIENT, demo_course
from ketacore.reports._report import SECTION_IDS, course_report

__all__ = ["DEMO_PATIENT", "SECTION_IDS", "course_report", "demo_course"]
