"""``ketacore plot``: a patient's trajectory or the cohort, rendered in memory and written whole."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from ketacore.cli._files import bundled_input, check_distinct, check_writable, write

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["plot_command"]


_DPI_RANGE = (20, 600)
"""Resolutions ``plot`` accepts: the 6.4 x 4 in figure is 3840 x 2400 pixels at 600 dpi."""

_MAX_PIXELS = 4000
"""The widest or tallest image ``plot`` renders, in pixels."""


def plot_command(args: argparse.Namespace) -> int:
    from ketacore.exceptions import TableError
    from ketacore.instruments import get
    from ketacore.plots import cohort_figure, trajectory_figure
    from ketacore.tables import detect_instrument, read_table

    low, high = _DPI_RANGE
    if not low <= args.dpi <= high:
        raise TableError(
            f"--dpi: got {args.dpi}; expected {low} to {high} dots per inch (the figure is "
            f"6.4 x 4 in, so {high} dpi is 3840 x 2400 pixels); use --dpi 100 for a "
            "screen or 300 for print"
        )
    check_writable(args.out)
    path, instrument = bundled_input(
        args.file, args.instrument or ("madrs" if not args.file else None)
    )
    check_distinct([("--out", args.out)], [p for p in (path, args.sessions) if p is not None])
    table = read_table(path)
    inst = get(instrument) if instrument is not None else detect_instrument(table.columns)
    if args.patient is None:
        figure = cohort_figure(table, inst)
    else:
        sessions = None
        if args.sessions is not None:
            sessions = read_table(args.sessions)
        elif args.file is None:
            from ketacore.cohort import data_path

            sessions = read_table(data_path("sessions"))
        figure = trajectory_figure(
            table, inst, args.patient, sessions=sessions, show_identifier=args.show_identifier
        )
    write(_image(figure, args.out, args.dpi), args.out)
    write(f"wrote {args.out}\n", None)
    return 0


def _image(figure: Figure, out: str, dpi: int) -> bytes:
    """Render ``figure`` in memory, in the format named by ``out``'s extension."""
    import io

    from ketacore.exceptions import TableError

    width, height = (float(x) * dpi for x in figure.get_size_inches())
    if max(width, height) > _MAX_PIXELS:  # pragma: no cover - the figures are 6.4 x 4 in
        raise TableError(
            f"--dpi: {dpi} dpi makes a {width:.0f} x {height:.0f} pixel image; "
            f"ketacore renders at most {_MAX_PIXELS} pixels a side; lower --dpi"
        )
    kind = os.path.splitext(out)[1][1:].lower() or "png"
    kinds = figure.canvas.get_supported_filetypes()
    if kind not in kinds:
        raise TableError(
            f"--out: cannot write {out!r}: {kind!r} is not an image format; "
            f"use a .png path (or {', '.join(sorted(kinds))})"
        )
    buffer = io.BytesIO()
    try:
        figure.savefig(buffer, format=kind, dpi=dpi)
    except (OSError, ValueError) as exc:  # pragma: no cover - matplotlib's own failures
        raise TableError(f"--out: cannot render {out!r}: {exc}; use a .png path") from None
    return buffer.getvalue()
