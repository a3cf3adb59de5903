"""The Spravato-programme dissociation event on the CADSS (ref §1.8).

The instruments package carries the rule as data (``CADSS.change_thresholds``,
``"dissociation event"``); this module evaluates it for a pre-dose and a
post-dose rating.
"""

from __future__ import annotations

from ketacore.instruments import CADSS, Score
from ketacore.response._errors import fail

__all__ = ["dissociation_event"]

_EVENT = next(t for t in CADSS.change_thresholds if t.name == "dissociation event")


def _total(name: str, value: object) -> int:
    if isinstance(value, Score):
        if value.instrument is not CADSS:
            raise fail(
                name,
                value,
                "a CADSS score or a CADSS total",
                "score the 23 subjective items with ketacore.instruments.CADSS.score()",
            )
        if value.total is None:
            raise fail(name, value, "a CADSS score with a total", "rate every item")
        return value.total
    assert CADSS.total_range is not None
    low, high = CADSS.total_range
    if type(value) is not int or not low <= value <= high:
        raise fail(
            name,
            value,
            f"a CADSS score or a CADSS total {low}–{high}",
            "pass e.g. CADSS.score([...23 items...]) or its total, 5",
        )
    return value


def dissociation_event(pre_dose: Score | int, post_dose: Score | int) -> bool:
    """Whether a post-dose CADSS rating is a dissociation event.

    The Spravato programme defines it as a CADSS total above 4 with an increase
    from the pre-dose total above 0 (ref §1.8 [1]). The numbers are those of the
    CADSS instrument's ``"dissociation event"`` change threshold. This is the one
    evaluation of the rule: :func:`ketacore.sessions.dissociation_event` is this
    same function.

    Args:
        pre_dose: The CADSS rating before dosing: a CADSS score or its total (0–92).
        post_dose: A CADSS rating after dosing, likewise (check each one;
            dissociation peaks about 40 min after dosing).

    Returns:
        Whether the post-dose rating is a dissociation event.

    Raises:
        ResponseError: A rating is not a CADSS score with a total, nor a total 0–92.

    >>> from ketacore.instruments import CADSS
    >>> pre = CADSS.score([0] * 23)
    >>> dissociation_event(pre, CADSS.score([1] * 5 + [0] * 18))
    True
    >>> dissociation_event(pre, CADSS.score([1] * 4 + [0] * 19))
    False
    >>> dissociation_event(0, 5), dissociation_event(6, 6), dissociation_event(0, 4)
    (True, False, False)
    """
    before = _total("pre_dose", pre_dose)
    after = _total("post_dose", post_dose)
    min_total = _EVENT.min_total if _EVENT.min_total is not None else 0
    return after >= min_total and after - before >= _EVENT.min_change
