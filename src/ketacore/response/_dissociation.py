"""The Spravato-programme dissociation event on the CADSS (ref §1.8).

The instruments package carries the rule as data (``CADSS.change_thresholds``,
``"dissociation event"``); this module evaluates it for a pre-dose and a
post-dose rating.
"""

from __future__ import annotations

from ketacore.instruments import CADSS, Score
from ketacore.response._classify import _fail

__all__ = ["dissociation_event"]

_EVENT = next(t for t in CADSS.change_thresholds if t.name == "dissociation event")


def _total(name: str, score: object) -> int:
    if not isinstance(score, Score) or score.instrument is not CADSS:
        raise _fail(
            name,
            score,
            "a CADSS score",
            "score the 23 subjective items with ketacore.instruments.CADSS.score()",
        )
    total = score.total
    if total is None:
        raise _fail(name, score, "a CADSS score with a total", "rate every item")
    return total


def dissociation_event(pre_dose: Score, post_dose: Score) -> bool:
    """Whether a post-dose CADSS rating is a dissociation event.

    The Spravato programme defines it as a CADSS total above 4 with an increase
    from the pre-dose total above 0 (ref §1.8 [1]). The numbers are those of the
    CADSS instrument's ``"dissociation event"`` change threshold.

    Args:
        pre_dose: The CADSS rating before dosing.
        post_dose: A CADSS rating after dosing (check each one; dissociation
            peaks about 40 min after dosing).

    Returns:
        Whether the post-dose rating is a dissociation event.

    Raises:
        ResponseError: A rating is not a CADSS score with a total.

    >>> from ketacore.instruments import CADSS
    >>> pre = CADSS.score([0] * 23)
    >>> dissociation_event(pre, CADSS.score([1] * 5 + [0] * 18))
    True
    >>> dissociation_event(pre, CADSS.score([1] * 4 + [0] * 19))
    False
    """
    before = _total("pre_dose", pre_dose)
    after = _total("post_dose", post_dose)
    min_total = _EVENT.min_total if _EVENT.min_total is not None else 0
    return after >= min_total and after - before >= _EVENT.min_change
