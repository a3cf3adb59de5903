"""The harness of the standing hostile-input suite (``tests/test_hostile_input.py``).

:func:`check_hostile` runs one call on hostile input and enforces the suite's rule:

- only a :class:`ketacore.KetacoreError` escapes (not ``RecursionError``,
  ``MemoryError``, ``OverflowError``, a plain ``ValueError``, ``KeyError``, ...);
- the call finishes within a set bound (measured with :func:`time.perf_counter`);
  it runs in a forked child that is killed if it hangs, so a hang fails the case
  instead of blocking the suite;
- no message exceeds a set size (each exception a traceback would show, with notes);
- no planted identifier appears in a message, or in ``repr``/``str`` of anything returned;
- with ``refused=True``, the call must raise (a bad document is refused, not read).

The bound is generous: hostile input that is refused should be answered in
microseconds; the same input took 5-60 s before the fixes. It is not a benchmark.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import pickle
import select
import signal
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import pytest

from ketacore import KetacoreError

__all__ = [
    "IDENTIFIERS",
    "MAX_MESSAGE",
    "SECONDS",
    "CliResult",
    "Outcome",
    "check_hostile",
    "run_cli",
]

IDENTIFIERS: tuple[str, ...] = ("MRN-77310042", "77310042", "Jane Roe")
"""Identifier strings planted in hostile input; none may appear in any message or repr."""

SECONDS = 1.0
"""Default bound on one hostile call, in seconds (wall clock, in the child process)."""

MAX_MESSAGE = 1_000
"""Default bound on the length of one exception message, in characters."""

_SHOWN = 160  # how much of a bad message or value a failure report quotes


@dataclass(frozen=True)
class Outcome:
    """What one call did, as observed in the process that ran it."""

    returned: bool
    value: Any
    value_text: str
    error_type: str
    ketacore: bool
    messages: tuple[str, ...]
    lengths: tuple[int, ...]
    leaked: tuple[str, ...]
    seconds: float
    cpu_seconds: float
    timed_out: bool = False
    crashed: str = ""


def _displayed_chain(error: BaseException) -> Iterator[BaseException]:
    """The exceptions a traceback of *error* shows: itself, its cause or unsuppressed context."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        if current.__cause__ is not None:
            current = current.__cause__
        elif current.__context__ is not None and not current.__suppress_context__:
            current = current.__context__
        else:
            current = None


def _message(error: BaseException) -> str:
    try:
        text = str(error)
    except Exception as exc:  # str() of a hostile exception may itself fail
        text = f"<str() raised {type(exc).__name__}>"
    notes = getattr(error, "__notes__", None)
    if isinstance(notes, list):
        text = "\n".join([text, *(str(note) for note in notes)])
    return text


def _texts_of(value: object) -> str:
    parts = []
    for render in (repr, str):
        try:
            parts.append(render(value))
        except Exception as exc:  # a returned value whose repr fails is reported, not raised
            parts.append(f"<{render.__name__}() raised {type(exc).__name__}>")
    return "\n".join(parts)


def _observe(call: Callable[[], object], secrets: tuple[str, ...]) -> Outcome:
    """Run *call* here and record what it did."""
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        value = call()
    except BaseException as error:
        seconds, cpu_seconds = time.perf_counter() - wall, time.process_time() - cpu
        if isinstance(error, KeyboardInterrupt):
            raise
        messages = tuple(_message(link) for link in _displayed_chain(error))
        leaked = tuple(s for s in secrets if any(s in m for m in messages))
        return Outcome(
            returned=False,
            value=None,
            value_text="",
            error_type=f"{type(error).__module__}.{type(error).__qualname__}",
            ketacore=isinstance(error, KetacoreError),
            messages=tuple(m[: 2 * _SHOWN] for m in messages),
            lengths=tuple(len(m) for m in messages),
            leaked=leaked,
            seconds=seconds,
            cpu_seconds=cpu_seconds,
        )
    seconds, cpu_seconds = time.perf_counter() - wall, time.process_time() - cpu
    text = _texts_of(value)
    return Outcome(
        returned=True,
        value=value,
        value_text=text[:_SHOWN],
        error_type="",
        ketacore=False,
        messages=(),
        lengths=(),
        leaked=tuple(s for s in secrets if s in text),
        seconds=seconds,
        cpu_seconds=cpu_seconds,
    )


def _forked(call: Callable[[], object], secrets: tuple[str, ...], kill_after: float) -> Outcome:
    """Run *call* in a forked child; kill it after *kill_after* seconds."""
    read_fd, write_fd = os.pipe()
    with warnings.catch_warnings():
        # Python 3.12+ warns when forking a process with threads (numpy's BLAS pool);
        # the child only runs *call* and leaves with os._exit.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        status = 0
        try:
            os.close(read_fd)
            observed = _observe(call, secrets)
            try:
                payload = pickle.dumps(observed)
            except Exception:
                payload = pickle.dumps(replace(observed, value=None))
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(payload)
        except BaseException:
            status = 70
        finally:
            os._exit(status)
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + kill_after
    with os.fdopen(read_fd, "rb", buffering=0) as pipe:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return Outcome(False, None, "", "", False, (), (), (), kill_after, math.nan, True)
            ready, _, _ = select.select([pipe], [], [], left)
            if ready:
                chunk = pipe.read(1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    if not chunks:
        return Outcome(
            False, None, "", "", False, (), (), (), 0.0, math.nan, crashed=f"wait status {status}"
        )
    outcome: Outcome = pickle.loads(b"".join(chunks))
    return outcome


def check_hostile(
    call: Callable[[], object],
    *,
    seconds: float = SECONDS,
    max_message: int = MAX_MESSAGE,
    refused: bool = False,
    secrets: tuple[str, ...] = IDENTIFIERS,
    isolate: bool = True,
    label: str = "",
) -> Outcome:
    """Run *call* on hostile input and fail the test unless it keeps the suite's rule.

    Args:
        call: the call to make, with its hostile input bound in.
        seconds: the bound on the call's wall-clock time.
        max_message: the bound on each exception message's length.
        refused: the input is a bad document: returning anything is a failure.
        secrets: identifier strings that may appear in no message and no returned repr.
        isolate: run in a forked child, killed after ``2 * seconds + 2`` s (a hang
            fails instead of blocking); ``False`` runs in this process (for
            hypothesis runs on short input).
        label: what was called, put before the problems in the failure report.

    Returns:
        The :class:`Outcome`, for checks of the returned value.
    """
    kill_after = 2 * seconds + 2
    outcome = _forked(call, secrets, kill_after) if isolate else _observe(call, secrets)
    problems: list[str] = []
    if outcome.timed_out:
        problems.append(f"did not finish within {kill_after:g} s (killed; bound {seconds:g} s)")
    elif outcome.crashed:
        problems.append(f"the child process died without an answer ({outcome.crashed})")
    else:
        first = outcome.messages[0][:_SHOWN] if outcome.messages else ""
        if not outcome.returned and not outcome.ketacore:
            problems.append(f"raised {outcome.error_type}, not a KetacoreError: {first!r}")
        if outcome.seconds > seconds:
            problems.append(
                f"took {outcome.seconds:.2f} s (cpu {outcome.cpu_seconds:.2f} s), over the "
                f"{seconds:g} s bound"
            )
        too_long = [n for n in outcome.lengths if n > max_message]
        if too_long:
            problems.append(
                f"message of {max(too_long):,} characters, over the {max_message:,} bound "
                f"(starts {first[:60]!r})"
            )
        if outcome.leaked:
            where = "returned value" if outcome.returned else "message"
            problems.append(f"identifier(s) {list(outcome.leaked)} appear in the {where}")
        if refused and outcome.returned:
            problems.append(f"returned {outcome.value_text!r} instead of refusing the input")
    if problems:
        pytest.fail(f"{label}: " * bool(label) + "; ".join(problems), pytrace=False)
    return outcome


@dataclass(frozen=True)
class CliResult:
    """What ``ketacore.cli.main`` did: its exit status and what it printed."""

    status: int
    out: str
    err: str


class EscapedMainError(RuntimeError):
    """A ``KetacoreError`` left ``ketacore.cli.main`` (it must become exit status 2)."""


def run_cli(argv: list[str]) -> CliResult:
    """Run ``ketacore.cli.main(argv)`` capturing stdout and stderr.

    argparse's ``SystemExit`` becomes its exit status. A ``KetacoreError`` that
    escapes ``main`` is re-raised as :class:`EscapedMainError` (not a
    ``KetacoreError``), so :func:`check_hostile` fails it: the command line must
    turn every error into a message and a status.
    """
    from ketacore.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exit_:
            code = exit_.code
            status = code if isinstance(code, int) else (0 if code is None else 2)
        except KetacoreError as error:
            raise EscapedMainError(f"KetacoreError escaped main: {_message(error)}") from None
    return CliResult(status, out.getvalue(), err.getvalue())
