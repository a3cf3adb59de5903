"""Evidence of bounded work that does not depend on the clock.

Tests must not assert on wall-clock time (it varies with the machine's load).
To show that hostile input is refused without a long computation, they count
what the code does instead:

- :func:`counting_calls` counts the calls of Python functions and of builtin
  functions and methods made inside a block (not calls of types, nor operators):
  a Python loop over 100,000 items that calls a function per item makes
  at least 100,000; a refusal made up front makes a few hundred. Work done
  inside one C call (a regex, ``str.count``) counts once, so a test bounds that
  by the size of what it is given (:func:`pattern_inputs`);
- :func:`pattern_inputs` records the length of every text that the compiled
  regular expressions of a module are applied to, so a test can show that no
  regex ever sees more than a bounded prefix of a long input.
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest

__all__ = ["CallCount", "counting_calls", "pattern_inputs"]


@dataclass
class CallCount:
    """The number of function calls counted so far."""

    calls: int = 0


@contextmanager
def counting_calls() -> Iterator[CallCount]:
    """Count the Python and builtin function calls made in the ``with`` block.

    It uses :func:`sys.setprofile` (coverage measures with the separate trace
    hook, so both can run together) and restores the previous profiler.
    """
    count = CallCount()

    def profile(frame: types.FrameType, event: str, arg: Any) -> None:
        if event in ("call", "c_call"):
            count.calls += 1

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        yield count
    finally:
        sys.setprofile(previous)


class _RecordingPattern:
    """A compiled pattern that records the length of each text it is applied to."""

    def __init__(self, pattern: re.Pattern[str], lengths: list[int]) -> None:
        self._pattern = pattern
        self._lengths = lengths

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._pattern, name)
        if not callable(method):
            return method

        def recorded(*args: Any, **kwargs: Any) -> Any:
            self._lengths.extend(len(a) for a in args if isinstance(a, str | bytes))
            return method(*args, **kwargs)

        return recorded


def pattern_inputs(monkeypatch: pytest.MonkeyPatch, *modules: types.ModuleType) -> list[int]:
    """Make every module-level compiled regex of *modules* record its inputs' lengths."""
    lengths: list[int] = []
    for module in modules:
        for name, value in list(vars(module).items()):
            if isinstance(value, re.Pattern):
                monkeypatch.setattr(module, name, _RecordingPattern(value, lengths))
    return lengths
