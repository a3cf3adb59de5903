"""Review flags and risk triage: critical items, the flags they raise, triage tiers."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Literal

from attrs import field, frozen

from ketacore.instruments._items import _nonempty

__all__ = ["CriticalItem", "Flag", "FlagStatus", "RiskTier", "Triage"]


@frozen
class CriticalItem:
    """An item whose value raises a review flag.

    The flag is read on the item's scale: when the item has no value there (missing,
    refused, or a special code such as "not assessed"), the flag is
    :attr:`~ketacore.instruments.FlagStatus.UNANSWERED`, never "not triggered"
    (see :attr:`~ketacore.instruments.Score.flag_statuses`).

    Attributes:
        item: Item number.
        threshold: Value at which the flag is raised.
        label: What the flag means, e.g. ``"suicide-risk review"``.
        source: Citation, or ``"clinic policy"`` where no source sets the threshold.
        direction: ``"at_least"`` (value >= threshold) or ``"at_most"`` (value <= threshold,
            e.g. MOAA/S sedation).
    """

    item: int
    threshold: int
    label: str = field(validator=_nonempty)
    source: str = field(validator=_nonempty)
    direction: Literal["at_least", "at_most"] = "at_least"


@frozen
class RiskTier:
    """A triage tier: reached when any ``(item, value)`` pair in ``any_of`` matches.

    Attributes:
        label: Tier label, e.g. ``"high"``.
        any_of: ``(item number, value)`` pairs.
        source: Citation.
    """

    label: str = field(validator=_nonempty)
    any_of: tuple[tuple[int, int], ...]
    source: str = field(validator=_nonempty)


@frozen
class Triage:
    """Risk triage without a total: the first matching tier wins, else ``otherwise``.

    Attributes:
        tiers: Tiers from highest to lowest risk.
        otherwise: Label when no tier matches.
        source: Citation for ``otherwise``.
    """

    tiers: tuple[RiskTier, ...]
    otherwise: str = field(validator=_nonempty)
    source: str = field(validator=_nonempty)

    def classify(self, values: Sequence[int | None]) -> str:
        """Return the tier label for item values (item *n* at index *n* − 1)."""
        for tier in self.tiers:
            for number, wanted in tier.any_of:
                if values[number - 1] == wanted:
                    return tier.label
        return self.otherwise


class FlagStatus(enum.Enum):
    """What one critical item says about its flag in one administration.

    Unknown is not no: a critical item that was not answered (missing, refused,
    or recorded with a special code such as "not assessed") is ``UNANSWERED``,
    never ``NOT_TRIGGERED``.
    An item left out by the instrument's own skip logic (C-SSRS Q3–Q5 after a
    "no" to Q2) was not asked because the gate rules it out: ``NOT_TRIGGERED``.
    """

    TRIGGERED = "triggered"
    """The item was answered and its value raises the flag."""
    NOT_TRIGGERED = "not triggered"
    """The item was answered (or ruled out by skip logic) and does not raise the flag."""
    UNANSWERED = "unanswered"
    """The item has no value on its scale, so the flag can be neither raised nor ruled out."""


@frozen
class Flag:
    """A critical-item flag raised by a score.

    Attributes:
        rule: The :class:`~ketacore.instruments.CriticalItem` that fired.
        value: The item value that raised it.
    """

    rule: CriticalItem
    value: int

    @property
    def item(self) -> int:
        """The item number."""
        return self.rule.item

    @property
    def label(self) -> str:
        """What the flag means."""
        return self.rule.label
