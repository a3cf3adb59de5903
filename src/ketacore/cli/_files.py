"""The command line's files: the bundled inputs, checks before work, atomic writes, progress."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence

__all__ = [
    "BUNDLED_FORMS",
    "BUNDLED_SCALES",
    "Progress",
    "ReaderGoneError",
    "StdoutError",
    "bundled_input",
    "check_distinct",
    "check_writable",
    "progress_enabled",
    "rows_text",
    "write",
]


BUNDLED_SCALES = ("madrs", "phq9", "qids_sr16")
BUNDLED_FORMS = (*BUNDLED_SCALES, "cadss23")


class Progress:
    """Row counts on stderr, overwritten in place; silent unless enabled."""

    def __init__(self, label: str, enabled: bool) -> None:
        self.label = label
        self.enabled = enabled
        self.shown = False

    def __call__(self, rows: int) -> None:
        if self.enabled:
            sys.stderr.write(f"\rketacore: {self.label}: {rows_text(rows)} read")
            sys.stderr.flush()
            self.shown = True

    def done(self, message: str) -> None:
        if self.enabled:
            sys.stderr.write(f"\rketacore: {self.label}: {message}\n" if self.shown else "")
            sys.stderr.flush()


def progress_enabled(args: argparse.Namespace) -> bool:
    return bool(args.progress) or sys.stderr.isatty()


def bundled_input(path: str | None, instrument: str | None) -> tuple[str, str | None]:
    """Return the file to read and the instrument id: the bundled file when no FILE."""
    if path is not None:
        return path, instrument
    from ketacore.cohort import data_path
    from ketacore.instruments import get

    inst_id = get(instrument).id if instrument is not None else "phq9"
    if inst_id not in BUNDLED_FORMS:
        from ketacore.exceptions import TableError

        raise TableError(
            f"--instrument: the bundled cohort has no {inst_id!r} file; "
            f"use one of {', '.join(BUNDLED_FORMS)} or pass a FILE"
        )
    return str(data_path(inst_id)), inst_id


def check_writable(out: str | None, option: str = "--out") -> None:
    """Fail before any work when ``out``'s folder does not exist."""
    if out is None:
        return
    folder = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(folder) or os.path.isdir(out):
        from ketacore.exceptions import TableError

        why = "it is a directory" if os.path.isdir(out) else f"no folder {folder!r}"
        raise TableError(f"{option}: cannot write {out!r}: {why}; check the path")


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one does not exist yet
        return os.path.realpath(a) == os.path.realpath(b)


def check_distinct(outputs: Sequence[tuple[str, str | None]], inputs: Sequence[str]) -> None:
    """Refuse an output that names another output or an input: it would be overwritten."""
    from ketacore.exceptions import TableError

    for index, (option, out) in enumerate(outputs):
        if out is None:
            continue
        for other, earlier in outputs[:index]:
            if earlier is not None and _same_file(out, earlier):
                raise TableError(
                    f"{option}: {out!r} is the same file as {other}; give each its own file"
                )
        for path in inputs:
            if _same_file(out, path):
                raise TableError(
                    f"{option}: {out!r} is the same file as the input; "
                    "write to a new file, such as scores.csv"
                )


class StdoutError(Exception):
    """Writing to stdout failed (a full disk, a broken device)."""


class ReaderGoneError(Exception):
    """The program reading stdout closed it (``ketacore score ... | head``)."""


def write(data: str | bytes, out: str | None, option: str = "--out") -> None:
    """Write all of ``data`` to ``out`` (stdout when ``None``), or raise: never half a file.

    A file is written to a temporary file in its folder, then renamed over ``out``,
    so a failed write leaves ``out`` as it was. Devices and pipes (``/dev/stdout``)
    are written directly.
    """
    if out is None:
        try:
            if isinstance(data, bytes):
                sys.stdout.buffer.write(data)
            else:
                sys.stdout.write(data)
            sys.stdout.flush()
        except BrokenPipeError:
            raise ReaderGoneError from None
        except OSError as exc:
            raise StdoutError(exc.strerror or str(exc)) from None
        return
    from ketacore.exceptions import TableError

    content = data.encode("utf-8") if isinstance(data, str) else data
    target = os.path.realpath(out)
    try:
        if os.path.exists(target) and not os.path.isfile(target):
            with open(target, "wb") as handle:
                handle.write(content)
            return
        _replace(target, content)
    except OSError as exc:
        raise TableError(
            f"{option}: cannot write {out!r}: {exc.strerror or exc}; "
            "check the path and the free space"
        ) from None


def _replace(target: str, content: bytes) -> None:
    import stat
    import tempfile

    if os.path.isfile(target):
        mode = stat.S_IMODE(os.stat(target).st_mode)
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    folder, name = os.path.split(target)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())  # a full disk shows here at the latest, before the rename
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def rows_text(n: int) -> str:
    return f"{n:,} row{'' if n == 1 else 's'}"
