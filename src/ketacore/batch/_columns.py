"""Finding an instrument's item columns in a table, by name (no DataFrame library needed)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ketacore.exceptions import BatchError
from ketacore.instruments import MCBS_GAD7, MCBS_PHQ9, NHANES_DPQ, Instrument, SourceCoding

__all__ = ["KNOWN_CODINGS", "find_columns", "output_names"]

KNOWN_CODINGS: tuple[SourceCoding, ...] = (NHANES_DPQ, MCBS_PHQ9, MCBS_GAD7)
"""Codings whose export field names are recognised automatically (NHANES ``DPQ010``…)."""

_SEPARATORS = re.compile("[-_. ]+")


def _stems(inst: Instrument) -> tuple[str, ...]:
    """Lower-case name stems: ``phq9``, ``qids_sr16``, ``qidssr16``, ``ham_d17``..."""
    names = {
        inst.id.lower(),
        inst.id.lower().replace("_", ""),
        re.sub("[^0-9a-z]", "", inst.short_name.lower()),
        re.sub("[^0-9a-z]+", "_", inst.short_name.lower()).strip("_"),
    }
    return tuple(sorted(names, key=len, reverse=True))


def _item_number(stem: str, name: str) -> int | None:
    lower = _SEPARATORS.sub("_", name.strip().lower())
    if not lower.startswith(stem):
        return None
    rest = lower[len(stem) :]
    # A stem ending in a digit needs a separator: "phq9_1", never "phq91".
    separator = "_" if stem[-1].isdigit() else "_?"
    found = re.fullmatch(f"{separator}(?:item_?)?0*([0-9]+)", rest)
    return int(found.group(1)) if found else None


def find_columns(
    inst: Instrument,
    names: Sequence[str],
    *,
    columns: Sequence[str] | None = None,
    coding: SourceCoding | None = None,
) -> tuple[tuple[str, ...], SourceCoding | None]:
    """Return the item columns in item order, and the coding to apply.

    ``columns`` wins; then the fields of ``coding``; then names such as ``phq9_1``,
    ``PHQ9_1``, ``phq9_item01`` or ``PHQ-9 1`` (numbers beyond the instrument's items,
    such as PHQ-9's difficulty question ``phq9_10``, are ignored); then the fields of a
    known export coding (NHANES ``DPQ010``…``DPQ090``), whose coding is then applied.

    Raises:
        BatchError: A named column does not exist, the count is wrong, an item has two
            columns, or no item columns were found.
    """
    present = list(names)
    n = len(inst.items)
    known = set(present)
    if columns is not None:
        if isinstance(columns, str) or not isinstance(columns, Sequence):
            raise BatchError(
                f"columns: got {columns!r}; expected a list of {n} column names, "
                f"one per {inst.short_name} item in order"
            )
        chosen = tuple(columns)
        if len(chosen) != n:
            raise BatchError(
                f"columns: got {len(chosen)} names, expected {n} (one per {inst.short_name} "
                f"item 1–{n} in order)"
            )
        absent = [c for c in chosen if c not in known]
        if absent:
            raise BatchError(
                f"columns: no column named {', '.join(repr(c) for c in absent)}; the frame "
                f"has {_list(present)}"
            )
        return chosen, coding
    if coding is not None and coding.fields:
        absent = [f for f in coding.fields if f not in known]
        if absent:
            raise BatchError(
                f"columns: coding {coding.name!r} expects columns {_list(coding.fields)}, but "
                f"{_list(absent)} are missing; pass columns=[...] to name them"
            )
        return coding.fields, coding
    for stem in _stems(inst):
        by_item: dict[int, str] = {}
        for name in present:
            number = _item_number(stem, str(name))
            if number is None or not 1 <= number <= n:
                continue
            if number in by_item:
                raise BatchError(
                    f"columns: item {number} of {inst.short_name} matches both "
                    f"{by_item[number]!r} and {name!r}; pass columns=[...] to choose"
                )
            by_item[number] = name
        if by_item:
            absent_items = [i for i in range(1, n + 1) if i not in by_item]
            if absent_items:
                raise BatchError(
                    f"columns: found {inst.short_name} item columns {_list(by_item.values())} "
                    f"but none for item(s) {', '.join(map(str, absent_items))}; add them "
                    "(empty = missing) or pass columns=[...]"
                )
            return tuple(by_item[i] for i in range(1, n + 1)), coding
    for candidate in KNOWN_CODINGS:
        fields = candidate.fields
        if candidate.instrument == inst.id and fields and all(f in known for f in fields):
            return fields, coding if coding is not None else candidate
    stem = _stems(inst)[-1]
    raise BatchError(
        f"columns: found no {inst.short_name} item columns among the {len(present)} columns "
        "(names withheld: a file without a header would show a patient's values here); expected "
        f"names such as {stem}_1 … {stem}_{n} (any case), or pass columns=[...]"
    )


def _list(names: Iterable[object]) -> str:
    items = [repr(str(n)) for n in names]
    if len(items) > 12:
        items = [*items[:12], f"... ({len(items) - 12} more)"]
    return ", ".join(items) if items else "no columns"


def output_names(inst: Instrument, prefix: str | None) -> dict[str, str]:
    """Output column names: ``total``, ``band``, ``valid``, ``prorated``, ``error``, flags."""
    base = f"{inst.id}_" if prefix is None else prefix
    names = {key: f"{base}{key}" for key in ("total", "band", "valid", "prorated", "error")}
    if inst.triage is not None:
        names["risk"] = f"{base}risk"
    for j, rule in enumerate(inst.critical_items):
        op = "ge" if rule.direction == "at_least" else "le"
        names[f"flag{j}"] = f"{base}flag_item{rule.item}_{op}{rule.threshold}"
    return names
