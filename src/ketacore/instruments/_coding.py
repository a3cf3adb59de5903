"""How real exports code item responses, declared as data (reference section 8).

A :class:`SourceCoding` turns one exported row into values :meth:`Instrument.score`
accepts: named sentinel codes (refused, don't know) become ``None`` — missing, never
a score — and an offset recodes 1–4 exports to 0–3. Anything else is passed through
unchanged, so the scorer still rejects it with a precise message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from attrs import field, frozen

from ketacore.exceptions import ScoringError, ValidationError
from ketacore.instruments._catalogue import get
from ketacore.instruments._items import Value
from ketacore.instruments._scoring import _as_int

__all__ = ["MCBS_GAD7", "MCBS_PHQ9", "NHANES_DPQ", "SentinelCode", "SourceCoding"]


@frozen
class SentinelCode:
    """An exported code that means "no answer".

    Attributes:
        code: The code as exported (``7``, ``"D"``).
        meaning: What it means (``"refused"``).
    """

    code: int | str
    meaning: str


@frozen
class SourceCoding:
    """How one export codes an instrument's item responses.

    Attributes:
        name: Name of the coding, e.g. ``"nhanes-dpq"``.
        instrument: Id of the instrument the items belong to.
        source: Citation.
        offset: Subtracted from every integer that is not a sentinel (1–4 exports: 1).
        sentinels: Codes that mean "no answer"; they decode to ``None``.
        fields: Export column names in item order, where known.
        blank_is_missing: Whether an empty string or ``None`` decodes to ``None``.
    """

    name: str
    instrument: str
    source: str
    offset: int = 0
    sentinels: tuple[SentinelCode, ...] = ()
    fields: tuple[str, ...] = ()
    blank_is_missing: bool = True
    _codes: frozenset[int | str] = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        inst = get(self.instrument)
        if self.fields and len(self.fields) != len(inst.items):
            raise ValidationError(
                f"coding {self.name!r}: {len(self.fields)} fields for {len(inst.items)} items"
            )
        for sentinel in self.sentinels:
            if isinstance(sentinel.code, int) and any(
                sentinel.code - self.offset in item.allowed for item in inst.items
            ):
                raise ValidationError(
                    f"coding {self.name!r}: sentinel {sentinel.code} collides with an item value"
                )
        object.__setattr__(self, "_codes", frozenset(s.code for s in self.sentinels))

    def decode(self, raw: Sequence[object]) -> list[Value]:
        """Decode exported item values (in item order) into scoreable values.

        Sentinels (and blanks, if ``blank_is_missing``) become ``None``; integers are
        shifted by ``offset``; anything else is passed through for the scorer to reject.
        """
        out: list[Value] = []
        codes = self._codes
        for value in raw:
            # Read each value as the scorer reads it: integers (numpy's too) as plain
            # ints, text as plain str, so no element's own __eq__ or __hash__ runs here.
            as_int = _as_int(value)
            text = str.__str__(value) if as_int is None and isinstance(value, str) else None
            if value is None:
                out.append(None)
            elif as_int is not None:
                out.append(None if as_int in codes else as_int - self.offset)
            elif text is not None and (text in codes or (self.blank_is_missing and not text)):
                out.append(None)
            else:
                out.append(value)  # type: ignore[arg-type]  # rejected by score()
        return out

    def decode_row(self, row: Mapping[str, object]) -> list[Value]:
        """Decode a row keyed by export column name (needs :attr:`fields`).

        Raises:
            ScoringError: The coding has no field names, or the row lacks a field.
        """
        if not self.fields:
            raise ScoringError(f"coding {self.name!r} has no field names; use decode()")
        absent = [f for f in self.fields if f not in row]
        if absent:
            raise ScoringError(f"coding {self.name!r}: row has no field(s) {', '.join(absent)}")
        return self.decode([row[f] for f in self.fields])


NHANES_DPQ = SourceCoding(
    "nhanes-dpq",
    "phq9",
    "NHANES DPQ_I / DPQ_J, CDC: 7 = refused, 9 = don't know, empty = missing; "
    "DPQ100 is not part of the total [2+] (ref §8)",
    sentinels=(SentinelCode(7, "refused"), SentinelCode(9, "don't know")),
    fields=tuple(f"DPQ0{n}0" for n in range(1, 10)),
)
"""NHANES depression screener (PHQ-9 items ``DPQ010``…``DPQ090``; 7 and 9 are missing)."""

_MCBS = "CMS Medicare Current Beneficiary Survey: items coded 1–4, D / R = missing [1] (ref §8)"


def _mcbs(instrument: str) -> SourceCoding:
    """The MCBS coding of *instrument*'s items: 1–4 for 0–3, ``"D"`` / ``"R"`` missing."""
    return SourceCoding(
        f"mcbs-{instrument}",
        instrument,
        _MCBS,
        offset=1,
        sentinels=(SentinelCode("D", "don't know"), SentinelCode("R", "refused")),
    )


MCBS_PHQ9 = _mcbs("phq9")
"""MCBS coding of PHQ items: 1–4 recoded to 0–3; ``"D"`` and ``"R"`` are missing."""

MCBS_GAD7 = _mcbs("gad7")
"""MCBS coding of GAD items: 1–4 recoded to 0–3; ``"D"`` and ``"R"`` are missing."""
