"""How a total is computed and read: scoring rules, domains, bands, prorating, skip logic."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Literal

from attrs import field, frozen

from ketacore.instruments._items import _fail, _nonempty

__all__ = [
    "Band",
    "BandSet",
    "Domain",
    "Licence",
    "ProratingRule",
    "ScoringRule",
    "SkipRule",
    "Subscale",
]


@frozen
class Band:
    """An inclusive range of totals with a label, e.g. PHQ-9 10–14 ``"moderate"``.

    Attributes:
        low: Lowest total in the band.
        high: Highest total in the band.
        label: Band name.
    """

    low: int
    high: int
    label: str = field(validator=_nonempty)

    def __attrs_post_init__(self) -> None:
        if self.low > self.high:
            raise _fail(f"band {self.label!r}: low {self.low} > high {self.high}")

    def __contains__(self, total: object) -> bool:
        return isinstance(total, int) and self.low <= total <= self.high


@frozen
class BandSet:
    """A complete, ordered set of severity bands from one source.

    Attributes:
        name: Short name used to select the set, e.g. ``"camcops"``.
        bands: Contiguous bands in increasing order.
        source: Citation.
        note: Caveats (e.g. low confidence).
    """

    name: str = field(validator=_nonempty)
    bands: tuple[Band, ...]
    source: str = field(validator=_nonempty)
    note: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.bands:
            raise _fail(f"band set {self.name!r} is empty")
        for before, after in zip(self.bands, self.bands[1:], strict=False):
            if after.low != before.high + 1:
                raise _fail(f"band set {self.name!r}: {before} and {after} are not contiguous")

    def band_for(self, total: int) -> Band | None:
        """Return the band containing ``total``, or ``None`` if it is outside every band."""
        for band in self.bands:
            if band.low <= total <= band.high:
                return band
        return None


@frozen
class Domain:
    """A group of items that contributes one term to the total.

    Attributes:
        name: Domain name, e.g. ``"sleep"``.
        items: Item numbers in the domain.
        combine: ``"sum"`` adds the items; ``"max"`` takes the highest (QIDS-SR16).
        weight: Multiplier applied to the domain's value.
    """

    name: str = field(validator=_nonempty)
    items: tuple[int, ...]
    combine: Literal["sum", "max"] = "sum"
    weight: int = 1


@frozen
class ScoringRule:
    """How a total is computed from item values: declarative, so it can be vectorised.

    ``total = sum(domain.weight * combine(domain items))`` after each item's
    special codes are replaced by their ``scores_as`` points.
    ``kind="none"`` means the instrument has no total (C-SSRS screener).

    Attributes:
        kind: ``"sum"`` or ``"none"``.
        domains: The domains; every scored item is in exactly one.
        description: One-line human description.
        source: Citation.
    """

    kind: Literal["sum", "none"]
    domains: tuple[Domain, ...]
    description: str = field(validator=_nonempty)
    source: str = field(validator=_nonempty)

    @classmethod
    def plain_sum(cls, n_items: int, source: str) -> ScoringRule:
        """Build the common rule "total = sum of items 1..n"."""
        return cls(
            "sum",
            (Domain("total", tuple(range(1, n_items + 1))),),
            f"sum of items 1–{n_items}",
            source,
        )


@frozen
class Subscale:
    """A named sum of items reported alongside the total (e.g. Y-BOCS obsessions).

    Attributes:
        name: Subscale name.
        items: Item numbers summed.
        source: Citation.
    """

    name: str = field(validator=_nonempty)
    items: tuple[int, ...]
    source: str = field(validator=_nonempty)


@frozen
class SkipRule:
    """Skip logic: ``items`` are asked only when item ``gate`` is answered ``1`` (yes).

    When the gate is 0 the dependent items must be ``None`` or ``0``; when it is 1 they
    must be answered. Anything else is an inconsistent response.

    Attributes:
        gate: The gating item number.
        items: The dependent item numbers.
        source: Citation.
    """

    gate: int
    items: tuple[int, ...]
    source: str = field(validator=_nonempty)


@frozen
class ProratingRule:
    """A published rule for scoring with missing items.

    Missing items are replaced by the mean of the answered items, so the exact total
    is ``sum(answered) * n_items / n_answered``; it is then rounded to an integer.
    The NHS Data Dictionary does not state a rounding [?], so it is a parameter.

    Attributes:
        max_missing: Most missing items that can be prorated.
        source: Citation.
        rounding: ``"half_up"`` (default: ``x.5`` goes up), ``"half_even"``
            (Python's :func:`round`), ``"floor"`` or ``"ceil"``.
    """

    max_missing: int
    source: str = field(validator=_nonempty)
    rounding: Literal["half_up", "half_even", "floor", "ceil"] = "half_up"

    def round(self, exact: Fraction) -> int:
        """Round an exact prorated total with this rule's rounding."""
        if self.rounding == "half_up":
            return math.floor(exact + Fraction(1, 2))
        if self.rounding == "half_even":
            return round(exact)
        if self.rounding == "floor":
            return math.floor(exact)
        return math.ceil(exact)


@frozen
class Licence:
    """Licence status and whether item wording may be shipped.

    Attributes:
        status: ``"free"``, ``"public domain"``, ``"copyrighted"`` or ``"unclear"``.
        item_text_allowed: Whether ketacore may ship item wording.
        note: Details.
        source: Citation.
    """

    status: Literal["free", "public domain", "copyrighted", "unclear"]
    item_text_allowed: bool
    note: str = field(validator=_nonempty)
    source: str = field(validator=_nonempty)
