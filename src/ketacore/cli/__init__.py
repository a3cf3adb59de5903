"""The ``ketacore`` command line.

``ketacore dose TEXT --weight W`` parses a clinician-entered dose, resolves it
for a body weight, and prints the arithmetic and any plausibility findings::

    $ ketacore dose "0.5 mg/kg over 40 min" --weight "154 lb" --drug ketamine --route iv

Research commands read a CSV export (or Parquet, with pyarrow) with item columns
named ``<instrument>_<n>`` (``phq9_1`` … ``phq9_9``); without a FILE they use the
bundled synthetic cohort (:mod:`ketacore.cohort`)::

    $ ketacore score phq9.csv --instrument phq9 --out scores.csv --errors errors.csv
    $ ketacore score --redcap dictionary.csv records.csv --missing prorate
    $ ketacore audit --redcap dictionary.csv records.csv
    $ ketacore summary
    $ ketacore plot madrs.csv --patient SYN-0001 --out trajectory.png
    $ ketacore demo
    $ ketacore demo --out report.html
    $ ketacore report course.json --out report.html

Errors go to stderr with exit status 2; findings never change the exit status
unless ``--strict`` is given (then an error-level finding exits 1). ``score``
writes one row per input row (bad rows marked in its ``error`` column), reports
bad rows on stderr (or counts them there and lists them in ``--errors``) and
exits 1 only when no row could be scored (with ``--redcap``, no administration of any
instrument form); ``audit`` exits 1 when a REDCap calc total disagrees with its items.
An output that cannot be written (a full disk) exits 2 and leaves no partial file;
Ctrl-C exits 130.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from ketacore.cli._files import ReaderGoneError, StdoutError
from ketacore.cli._parser import parser

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``); return the exit status."""
    from ketacore.exceptions import KetacoreError

    try:
        args = parser().parse_args(argv)
        status: int = args.handler(args)
    except KeyboardInterrupt:
        print("ketacore: interrupted", file=sys.stderr)
        return 130  # 128 + SIGINT, the shell's convention
    except KetacoreError as error:
        print(f"ketacore: error: {error}", file=sys.stderr)
        return 2
    except StdoutError as error:
        print(f"ketacore: error: stdout: cannot write: {error}", file=sys.stderr)
        _silence_stdout()
        return 2
    except ReaderGoneError:
        # The reader has what it wanted (``| head``): stop quietly, as a program killed
        # by SIGPIPE would, with its status (128 + 13).
        _silence_stdout()
        return 141
    return status


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush cannot fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):  # stdout without a file descriptor
        pass
