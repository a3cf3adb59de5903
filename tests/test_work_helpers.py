"""The helpers that measure work without a clock detect the work they claim to."""

from __future__ import annotations

import re
import types

import pytest

from work_helpers import counting_calls, pattern_inputs


def _per_item(items: list[str]) -> int:
    return sum(len(item) for item in items)


def test_counting_calls_sees_a_python_loop_over_every_item() -> None:
    items = ["x"] * 10_000
    with counting_calls() as per_item:
        _per_item(items)
    with counting_calls() as at_once:
        len(items)
    assert per_item.calls >= 10_000
    assert at_once.calls < 10


def test_pattern_inputs_records_what_each_regex_is_applied_to(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = types.ModuleType("parser")
    module._WORD = re.compile(r"\w+")  # type: ignore[attr-defined]
    seen = pattern_inputs(monkeypatch, module)
    assert module._WORD.fullmatch("abc")  # type: ignore[attr-defined]
    assert module._WORD.sub("", "a b c d") == "   "  # type: ignore[attr-defined]
    assert seen == [3, 0, 7]
