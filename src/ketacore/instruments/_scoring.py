"""Pure scoring of one administration against an instrument definition.

The fast path (complete, in-range integer responses) is a single loop over tables
the instrument precomputed at definition time; everything unusual takes the slow
path, which normalises the input and names the first problem it finds.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from ketacore._text import shown
from ketacore.exceptions import ScoringError
from ketacore.instruments._score import Score, _trusted

if TYPE_CHECKING:
    from ketacore.instruments._model import Instrument, Item

__all__ = ["score_responses"]


def score_responses(
    inst: Instrument,
    responses: object,
    missing: str,
) -> Score:
    """Score ``responses`` against ``inst``; see :meth:`Instrument.score`."""
    options: tuple[tuple[int, str], ...] = ()
    if isinstance(responses, (list, tuple)):
        values: tuple[object, ...] = tuple(responses)
    elif isinstance(responses, Mapping):
        values, options = _from_mapping(inst, responses)
    elif isinstance(responses, Sequence) and not isinstance(responses, (str, bytes, bytearray)):
        values = tuple(responses)
    else:
        hint = ""
        if callable(getattr(type(responses), "tolist", None)):  # numpy arrays, pandas Series
            hint = (
                "; pass values.tolist(), or score many rows at once with ketacore.batch.score_array"
            )
        raise ScoringError(
            f"{inst.short_name}: got {_show(responses)}, expected a sequence of "
            f"{len(inst.items)} item values or a mapping from item number to value{hint}"
        )
    if len(values) != len(inst.items):
        raise ScoringError(
            f"{inst.short_name}: got {len(values)} responses, expected {len(inst.items)} "
            f"(items 1–{len(inst.items)})"
        )
    if missing != "strict" and missing != "prorate":
        raise ScoringError(
            f"{inst.short_name}: unknown missing-item policy {missing!r}; "
            "expected 'strict' or 'prorate'"
        )
    if inst._fast and not options:
        for value, allowed in zip(values, inst._allowed, strict=True):
            if type(value) is not int or value not in allowed:
                break
        else:
            ints: tuple[int, ...] = values  # type: ignore[assignment]
            if inst._simple:
                return _trusted(inst, ints, sum(ints))
            total = sum(map(ints.__getitem__, inst._sum_idx))
            for getter in inst._max_getters:
                total += max(getter(ints))
            return _trusted(inst, ints, total)
    return _slow(inst, values, options, missing)


def _show(value: object) -> str:
    """Describe a received value for a message, bounded (``ketacore._text.shown``)."""
    kind = type(value).__name__
    try:
        if isinstance(value, float) and math.isnan(value):
            return "nan (a float)"
        if value is None:
            return "None"
        if isinstance(value, int) and not isinstance(value, bool):
            return shown(value)
        return f"{shown(value)} (a {kind})"
    except Exception:  # a hostile __class__ or __float__ must not hide the real error
        return f"a {kind} that cannot be shown"


def _as_int(value: object) -> int | None:
    """``value`` as a plain ``int`` if it is an integer (``int``, ``numpy.int64``), else ``None``.

    Booleans, floats and text are not integers. An object whose ``__index__`` raises
    is not one either: it is rejected, with its message, by the scorer's caller.
    Never raises, and never returns an ``int`` subclass (whose ``__eq__`` or
    ``__hash__`` could).
    """
    if type(value) is int:
        return value
    try:
        if isinstance(value, (bool, float, str, bytes)):
            return None
        as_int = operator.index(value)  # type: ignore[arg-type]  # numpy integers
        return int.__int__(as_int)  # a plain int, even from an int subclass
    except Exception:
        return None


def _from_mapping(
    inst: Instrument, responses: Mapping[object, object]
) -> tuple[tuple[object, ...], tuple[tuple[int, str], ...]]:
    n = len(inst.items)
    values: list[object] = [None] * n
    given = [False] * n
    forms: list[tuple[int, str]] = []
    for key, value in responses.items():
        number: int | None = None
        if type(key) is int:
            number = key
        elif isinstance(key, str):
            for item in inst.items:
                for form in item.forms:
                    if key.strip().upper() == f"{item.number}{form}".upper():
                        number = item.number
                        forms.append((number, form))
        if number is None:
            raise ScoringError(
                f"{inst.short_name}: item key {_show(key)} is not an item number; "
                f"use integers 1–{n}"
            )
        if not 1 <= number <= n:
            raise ScoringError(
                f"{inst.short_name} item {number}: no such item; items are numbered 1–{n}"
            )
        if given[number - 1]:
            raise ScoringError(
                f"{inst.short_name} item {number}: given more than once "
                "(rate only one form of the item)"
            )
        given[number - 1] = True
        values[number - 1] = value
    return tuple(values), tuple(forms)


def _bad(inst: Instrument, item: Item, value: object, hint: str = "") -> ScoringError:
    message = (
        f"{inst.short_name} item {item.number}: got {_show(value)}, "
        f"expected {item.describe_range()}"
    )
    if hint:
        message += f"; {hint}"
    return ScoringError(message)


def _normalise(
    inst: Instrument, item: Item, value: object, options: list[tuple[int, str]]
) -> int | None:
    if value is None:
        return None
    if type(value) is int:
        if value in inst._allowed[item.number - 1]:
            return value
        raise _bad(inst, item, value)
    try:
        is_bool = isinstance(value, bool)
        text = str.__str__(value) if isinstance(value, str) else None  # a plain str
        is_float = isinstance(value, float)
    except Exception:  # an object whose __class__ raises
        raise _bad(inst, item, value) from None
    if is_bool:
        raise _bad(inst, item, value, "booleans are not item values")
    if text is not None:
        if text in item.options:
            if text[1:]:
                options.append((item.number, text))
            return int(text[0])
        hint = "strings are accepted only for lettered options" if item.options else ""
        raise _bad(inst, item, value, hint or "convert text to int first")
    if is_float:
        raise _bad(inst, item, value, "floats are not item values; record integers")
    as_int = _as_int(value)
    if as_int is not None and as_int in inst._allowed[item.number - 1]:
        return as_int
    raise _bad(inst, item, value)


def _slow(
    inst: Instrument,
    raw: tuple[object, ...],
    form_options: tuple[tuple[int, str], ...],
    missing: str,
) -> Score:
    name = inst.short_name
    lettered: list[tuple[int, str]] = []
    values = tuple(
        _normalise(inst, item, value, lettered) for item, value in zip(inst.items, raw, strict=True)
    )
    skipped: set[int] = set()
    for skip in inst.skip_rules:
        gate = values[skip.gate - 1]
        if gate == 0:
            for number in skip.items:
                if values[number - 1] not in (None, 0):
                    raise ScoringError(
                        f"{name} item {number}: got {values[number - 1]}, but item {skip.gate} "
                        f"is 0 (no), so item {number} is skipped; inconsistent answers "
                        "(expected None or 0)"
                    )
                skipped.add(number)
        elif gate is not None:
            for number in skip.items:
                if values[number - 1] is None:
                    raise ScoringError(
                        f"{name} item {number}: got None, but it must be answered because "
                        f"item {skip.gate} is 1 (yes); expected "
                        f"{inst.items[number - 1].describe_range()}"
                    )
    absent = [i for i, v in enumerate(values, start=1) if v is None and i not in skipped]
    prorated = False
    if absent:
        rule = inst.prorating
        if missing == "strict" or rule is None:
            first = inst.items[absent[0] - 1]
            hint = "missing items are rejected under missing='strict'; " + (
                "missing='prorate' applies the published prorating rule"
                if rule is not None
                else f"{name} has no published missing-item rule"
            )
            listed = ", ".join(str(i) for i in absent)
            raise ScoringError(
                f"{name} item {first.number}: got None (missing; missing items: {listed}), "
                f"expected {first.describe_range()}; {hint}"
            )
        if len(absent) > rule.max_missing:
            raise ScoringError(
                f"{name}: {len(absent)} items missing (items "
                f"{', '.join(str(i) for i in absent)}); the prorating rule allows at most "
                f"{rule.max_missing} ({rule.source})"
            )
        prorated = True
    options = tuple(sorted(form_options + tuple(lettered)))
    total = _total(inst, values, prorated)
    return _trusted(inst, values, total, prorated, options)


def _total(inst: Instrument, values: tuple[int | None, ...], prorated: bool) -> int | None:
    if inst.rule.kind == "none":
        return None
    points: list[int | None] = list(values)
    if inst._has_codes:
        for index, (item, value) in enumerate(zip(inst.items, values, strict=True)):
            if value is not None and not item.low <= value <= item.high:
                scored = next(c.scores_as for c in item.codes if c.value == value)
                if scored is None:
                    return None
                points[index] = scored
    if prorated:
        rule = inst.prorating
        assert rule is not None
        answered = [p for p in points if p is not None]
        return rule.round(Fraction(sum(answered) * len(points), len(answered)))
    total = 0
    for weight, is_max, indices in inst._weighted:
        terms = [points[i] for i in indices]
        known = [t for t in terms if t is not None]
        total += weight * (max(known) if is_max else sum(known))
    return total
