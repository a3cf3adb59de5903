"""``ketacore score``: score a file, one output row per input row, bad rows reported."""

from __future__ import annotations

import argparse
import os
import sys

from ketacore.cli._files import (
    Progress,
    bundled_input,
    check_distinct,
    check_writable,
    progress_enabled,
    rows_text,
    write,
)

__all__ = ["score_command"]


_MAX_ERROR_LINES = 20


def score_command(args: argparse.Namespace) -> int:
    if args.redcap is not None:
        from ketacore.cli._redcap import redcap_score_command

        return redcap_score_command(args)
    from ketacore.instruments import get
    from ketacore.tables import (
        SCORE_COLUMNS,
        detect_instrument,
        read_table,
        score_table,
        to_csv_text,
    )

    check_writable(args.out)
    check_writable(args.errors, "--errors")
    path, instrument = bundled_input(args.file, args.instrument)
    check_distinct([("--out", args.out), ("--errors", args.errors)], [path])
    label = path if args.file else f"bundled {os.path.basename(path)}"
    progress = Progress(label, progress_enabled(args))
    table = read_table(path, progress=progress)
    inst = get(instrument) if instrument is not None else detect_instrument(table.columns)
    keys = None if args.keys is None else [k.strip() for k in args.keys.split(",") if k.strip()]
    scored = score_table(table, inst, missing=args.missing, keys=keys)
    progress.done(f"{len(scored.scores):,} of {rows_text(scored.n_rows)} scored")
    if args.errors is not None:
        if scored.errors:
            print(
                f"ketacore: {label}: {rows_text(len(scored.errors))} could not be scored; "
                f"see {args.errors}",
                file=sys.stderr,
            )
        key_columns = [c for c in scored.columns if c not in SCORE_COLUMNS]
        columns = ["line", "row", *key_columns, "reason"]
        write(to_csv_text(scored.errors, columns=columns), args.errors, "--errors")
    else:
        for error in scored.errors[:_MAX_ERROR_LINES]:
            print(f"ketacore: {label}: line {error['line']}: {error['reason']}", file=sys.stderr)
        hidden = len(scored.errors) - _MAX_ERROR_LINES
        if hidden > 0:
            print(
                f"ketacore: ... and {hidden} more bad rows (--errors FILE lists them all)",
                file=sys.stderr,
            )
    write(to_csv_text(scored.rows, columns=scored.columns), args.out)
    if not scored.scores:
        print(
            f"ketacore: {label}: no row could be scored as {inst.short_name} "
            f"({rows_text(scored.n_rows)} read)",
            file=sys.stderr,
        )
        return 1
    return 0
