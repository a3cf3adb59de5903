"""Type-checked usage of the public response API (checked by test_typing.py).

It also runs (pytest imports it for doctests), so every call here is valid.
"""

from __future__ import annotations

from datetime import date, timedelta

from ketacore.instruments import CADSS, CGI_I, MADRS, YBOCS, Score
from ketacore.response import (
    PREDICT_PARTIAL_RESPONSE_PERCENT,
    Assessment,
    EventKind,
    Reason,
    Relapse,
    RelapseEvent,
    ResponseStatus,
    Span,
    Status,
    Thresholds,
    Trajectory,
    classify,
    dissociation_event,
    improvement_response,
    thresholds_for,
    trajectory,
)


def _madrs(total: int) -> Score:
    return MADRS.score([min(6, max(0, total - 6 * i)) for i in range(10)])


result: ResponseStatus = classify(_madrs(34), _madrs(16))
status: Status = result.status
percent: float | None = result.percent_change
remission: bool | None = result.remission
reason: Reason | None = result.reason
th: Thresholds = thresholds_for(
    MADRS, remission_rule="ketamine-iv", partial_percent=PREDICT_PARTIAL_RESPONSE_PERCENT
)
again: ResponseStatus = classify(_madrs(34), _madrs(12), thresholds=th)
ybocs: ResponseStatus = classify(
    YBOCS.score([3] * 10), YBOCS.score([2] * 9 + [0]), companions=[CGI_I.score([2])]
)
cgi: bool | None = improvement_response(CGI_I.score([1]))
event: bool = dissociation_event(CADSS.score([0] * 23), CADSS.score([1] * 23))

day0 = date(2026, 1, 5)
t: Trajectory = trajectory(
    Assessment(day0, _madrs(34)),
    [Assessment(day0 + timedelta(days=7 * w), _madrs(10)) for w in range(1, 6)],
)
elapsed: timedelta | None = t.time_to_remission()
rapid: Assessment | None = t.rapid_response(day0, window=timedelta(days=1))
span: Span | None = t.sustained_remission(timedelta(weeks=3))
stable: bool = t.stable_remission(as_of=day0 + timedelta(weeks=5))
relapse: Relapse | None = t.relapse(
    events=[RelapseEvent(day0 + timedelta(days=50), EventKind.SUICIDE_ATTEMPT)],
    relapse_date="first",
)
