"""Pure scoring of one administration that is not a plain list of on-scale integers.

``Instrument.score`` scores a complete list of on-scale integers itself, from the
instrument's compiled plan (:mod:`._plan`). Everything else comes here: the input
is normalised (mappings, item forms, lettered options, numpy integers), checked
(skip logic, missing items) and scored from the same plan, and the first problem
found is raised as a :class:`~ketacore.exceptions.ScoringError` whose attributes
(``field``, ``value``, ``expected``, ``item``) say what was wrong.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, TypeAlias

from ketacore._text import shown
from ketacore.exceptions import ScoringError

if TYPE_CHECKING:
    from ketacore.instruments._items import Item
    from ketacore.instruments._plan import ScoringPlan

__all__ = ["Scored", "score_responses"]

Scored: TypeAlias = tuple[tuple[int | None, ...], int | None, bool, tuple[tuple[int, str], ...]]
"""``(values, total, prorated, options)``: the fields of the Score to build."""


def score_responses(plan: ScoringPlan, responses: object, missing: str) -> Scored:
    """Score ``responses`` under ``plan``; see :meth:`Instrument.score`."""
    options: tuple[tuple[int, str], ...] = ()
    if isinstance(responses, (list, tuple)):
        values: tuple[object, ...] = tuple(responses)
    elif isinstance(responses, Mapping):
        values, options = _from_mapping(plan, responses)
    elif isinstance(responses, Sequence) and not isinstance(responses, (str, bytes, bytearray)):
        values = tuple(responses)
    else:
        hint = ""
        if callable(getattr(type(responses), "tolist", None)):  # numpy arrays, pandas Series
            hint = (
                "; pass values.tolist(), or score many rows at once with ketacore.batch.score_array"
            )
        expected = (
            f"a sequence of {len(plan.items)} item values or a mapping from item number to value"
        )
        raise ScoringError(
            f"{plan.name}: got {_show(responses)}, expected {expected}{hint}",
            field="responses",
            value=responses,
            expected=expected,
        )
    if len(values) != len(plan.items):
        expected = f"{len(plan.items)} (items 1–{len(plan.items)})"
        raise ScoringError(
            f"{plan.name}: got {len(values)} responses, expected {expected}",
            field="responses",
            value=len(values),
            expected=f"{expected} responses",
        )
    if missing != "strict" and missing != "prorate":
        raise ScoringError(
            f"{plan.name}: unknown missing-item policy {missing!r}; expected 'strict' or 'prorate'",
            field="missing",
            value=missing,
            expected="'strict' or 'prorate'",
        )
    return _slow(plan, values, options, missing)


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
    plan: ScoringPlan, responses: Mapping[object, object]
) -> tuple[tuple[object, ...], tuple[tuple[int, str], ...]]:
    n = len(plan.items)
    values: list[object] = [None] * n
    given = [False] * n
    forms: list[tuple[int, str]] = []
    for key, value in responses.items():
        number: int | None = None
        if type(key) is int:
            number = key
        elif isinstance(key, str):
            for item in plan.items:
                for form in item.forms:
                    if key.strip().upper() == f"{item.number}{form}".upper():
                        number = item.number
                        forms.append((number, form))
        if number is None:
            raise ScoringError(
                f"{plan.name}: item key {_show(key)} is not an item number; use integers 1–{n}",
                field="responses",
                value=key,
                expected=f"item numbers 1–{n}",
            )
        if not 1 <= number <= n:
            raise ScoringError(
                f"{plan.name} item {number}: no such item; items are numbered 1–{n}",
                field="responses",
                value=key,
                expected=f"item numbers 1–{n}",
                item=number,
            )
        if given[number - 1]:
            raise ScoringError(
                f"{plan.name} item {number}: given more than once (rate only one form of the item)",
                field=f"items[{number}]",
                value=key,
                expected="one value per item (rate only one form of the item)",
                item=number,
            )
        given[number - 1] = True
        values[number - 1] = value
    return tuple(values), tuple(forms)


def _bad(plan: ScoringPlan, item: Item, value: object, hint: str = "") -> ScoringError:
    message = (
        f"{plan.name} item {item.number}: got {_show(value)}, expected {item.describe_range()}"
    )
    if hint:
        message += f"; {hint}"
    return ScoringError(
        message,
        field=f"items[{item.number}]",
        value=value,
        expected=item.describe_range(),
        item=item.number,
    )


def _normalise(
    plan: ScoringPlan, item: Item, value: object, options: list[tuple[int, str]]
) -> int | None:
    if value is None:
        return None
    if type(value) is int:
        if value in plan.allowed[item.number - 1]:
            return value
        raise _bad(plan, item, value)
    try:
        is_bool = isinstance(value, bool)
        text = str.__str__(value) if isinstance(value, str) else None  # a plain str
        is_float = isinstance(value, float)
    except Exception:  # an object whose __class__ raises
        raise _bad(plan, item, value) from None
    if is_bool:
        raise _bad(plan, item, value, "booleans are not item values")
    if text is not None:
        if text in item.options:
            if text[1:]:
                options.append((item.number, text))
            return int(text[0])
        hint = "strings are accepted only for lettered options" if item.options else ""
        raise _bad(plan, item, value, hint or "convert text to int first")
    if is_float:
        raise _bad(plan, item, value, "floats are not item values; record integers")
    as_int = _as_int(value)
    if as_int is not None and as_int in plan.allowed[item.number - 1]:
        return as_int
    raise _bad(plan, item, value)


def _slow(
    plan: ScoringPlan,
    raw: tuple[object, ...],
    form_options: tuple[tuple[int, str], ...],
    missing: str,
) -> Scored:
    name = plan.name
    lettered: list[tuple[int, str]] = []
    values = tuple(
        _normalise(plan, item, value, lettered) for item, value in zip(plan.items, raw, strict=True)
    )
    skipped: set[int] = set()
    for skip in plan.skip_rules:
        gate = values[skip.gate - 1]
        if gate == 0:
            for number in skip.items:
                if values[number - 1] not in (None, 0):
                    raise ScoringError(
                        f"{name} item {number}: got {values[number - 1]}, but item {skip.gate} "
                        f"is 0 (no), so item {number} is skipped; inconsistent answers "
                        "(expected None or 0)",
                        field=f"items[{number}]",
                        value=values[number - 1],
                        expected=f"None or 0 (item {skip.gate} is 0, so the item is skipped)",
                        item=number,
                    )
                skipped.add(number)
        elif gate is not None:
            for number in skip.items:
                if values[number - 1] is None:
                    expected = plan.items[number - 1].describe_range()
                    raise ScoringError(
                        f"{name} item {number}: got None, but it must be answered because "
                        f"item {skip.gate} is 1 (yes); expected {expected}",
                        field=f"items[{number}]",
                        value=None,
                        expected=expected,
                        item=number,
                    )
    absent = [i for i, v in enumerate(values, start=1) if v is None and i not in skipped]
    prorated = False
    if absent:
        rule = plan.prorating
        if missing == "strict" or rule is None:
            first = plan.items[absent[0] - 1]
            hint = "missing items are rejected under missing='strict'; " + (
                "missing='prorate' applies the published prorating rule"
                if rule is not None
                else f"{name} has no published missing-item rule"
            )
            listed = ", ".join(str(i) for i in absent)
            raise ScoringError(
                f"{name} item {first.number}: got None (missing; missing items: {listed}), "
                f"expected {first.describe_range()}; {hint}",
                field=f"items[{first.number}]",
                value=None,
                expected=first.describe_range(),
                item=first.number,
            )
        if len(absent) > rule.max_missing:
            raise ScoringError(
                f"{name}: {len(absent)} items missing (items "
                f"{', '.join(str(i) for i in absent)}); the prorating rule allows at most "
                f"{rule.max_missing} ({rule.source})",
                field="responses",
                value=tuple(absent),
                expected=f"at most {rule.max_missing} missing items",
            )
        prorated = True
    options = tuple(sorted(form_options + tuple(lettered)))
    total = _total(plan, values, prorated)
    return values, total, prorated, options


def _total(plan: ScoringPlan, values: tuple[int | None, ...], prorated: bool) -> int | None:
    if not plan.has_total:
        return None
    points: list[int | None] = list(values)
    for code in plan.codes:
        if values[code.index] == code.value:  # codes lie off the item's scale
            if code.scores_as is None:
                return None
            points[code.index] = code.scores_as
    if prorated:
        rule = plan.prorating
        assert rule is not None
        answered = [p for p in points if p is not None]
        return rule.round(Fraction(sum(answered) * len(points), len(answered)))
    total = 0
    for term in plan.terms:
        known = [p for p in (points[i] for i in term.indices) if p is not None]
        total += term.weight * (max(known) if term.is_max else sum(known))
    return total
