"""Items of an instrument and the values recorded for them, as declarative data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypeAlias

from attrs import field, frozen

from ketacore.exceptions import ValidationError

__all__ = ["Item", "MissingPolicy", "Responses", "SpecialCode", "Value"]

Value: TypeAlias = int | str | None
"""One recorded item value: an integer, a lettered option (BDI-II ``"2b"``) or ``None``."""

Responses: TypeAlias = (
    Sequence[Value] | Mapping[int, Value] | Mapping[str, Value] | Mapping[int | str, Value]
)
"""Item values in item order, or a mapping from item number (or ``"16A"``-style key) to value."""

MissingPolicy: TypeAlias = Literal["strict", "prorate"]
"""How :meth:`Instrument.score` treats a missing (``None``) item.

``"strict"`` (the default) rejects it.
``"prorate"`` applies the instrument's :class:`ProratingRule`, if it has one.
"""


def _fail(message: str) -> ValidationError:
    return ValidationError(message)


def _nonempty(_inst: object, attribute: Any, value: str) -> None:
    if not value.strip():
        raise _fail(f"{attribute.name}: must be a non-empty string")


@frozen
class SpecialCode:
    """A recorded item value that is not a point on the item's scale.

    Attributes:
        value: The code as recorded, outside the item's ``low``–``high`` range.
        meaning: What the code records, e.g. ``"not assessed"``.
        scores_as: Points the code contributes to the total, or ``None`` when the
            code means the item was not rated (then there is no total).
        source: Where the convention comes from.
    """

    value: int
    meaning: str = field(validator=_nonempty)
    scores_as: int | None
    source: str = field(validator=_nonempty)


@frozen
class Item:
    """One item of an instrument.

    Attributes:
        number: 1-based item number, as printed on the form.
        label: Short label (e.g. ``"anhedonia"``); never the copyrighted item wording.
        low: Lowest point on the item's scale.
        high: Highest point on the item's scale.
        text: Item wording, only for instruments whose licence allows shipping it.
        codes: Extra recorded values with a special meaning (see :class:`SpecialCode`).
        options: Lettered response options accepted as strings (BDI-II items 16 and 18,
            e.g. ``"2b"``); each scores by its leading digit and the letter is kept.
        forms: Alternative forms of the item (HAM-D17 item 16: ``("A", "B")``);
            a mapping key such as ``"16A"`` records which form was rated.
        loinc: LOINC code of the item, where the reference gives one.
    """

    number: int
    label: str = field(validator=_nonempty)
    low: int
    high: int
    text: str | None = None
    codes: tuple[SpecialCode, ...] = ()
    options: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    loinc: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.number < 1:
            raise _fail(f"item number must be >= 1, got {self.number}")
        if self.low > self.high:
            raise _fail(f"item {self.number}: low {self.low} > high {self.high}")
        for code in self.codes:
            if self.low <= code.value <= self.high:
                raise _fail(f"item {self.number}: special code {code.value} is inside the scale")
        for option in self.options:
            if (
                not option
                or not option[0].isdigit()
                or not (self.low <= int(option[0]) <= self.high)
            ):
                raise _fail(f"item {self.number}: option {option!r} must start with a valid digit")

    @property
    def allowed(self) -> frozenset[int]:
        """Every integer this item accepts: its scale plus its special codes."""
        return frozenset(range(self.low, self.high + 1)) | {c.value for c in self.codes}

    def describe_range(self) -> str:
        """Describe the accepted values for error messages, e.g. ``"an integer 0–3"``."""
        text = f"an integer {self.low}–{self.high}"
        if self.codes:
            text += " (" + ", ".join(f"{c.value} = {c.meaning}" for c in self.codes) + ")"
        if self.options:
            text += " or one of " + ", ".join(repr(o) for o in self.options)
        return text
