"""The ``ketacore`` command line.

``ketacore dose TEXT --weight W`` parses a clinician-entered dose, resolves it
for a body weight, and prints the arithmetic and any plausibility findings::

    $ ketacore dose "0.5 mg/kg over 40 min" --weight "154 lb" --drug ketamine --route iv

Research commands read a CSV export (or Parquet, with pyarrow) with item columns
named ``<instrument>_<n>`` (``phq9_1`` … ``phq9_9``); without a FILE they use the
bundled synthetic cohort (:mod:`ketacore.cohort`)::

    $ ketacore score phq9.csv --instrument phq9 --out scores.csv --errors errors.csv
    $ ketacore summary
    $ ketacore plot madrs.csv --patient SYN-0001 --out trajectory.png
    $ ketacore demo

Errors go to stderr with exit status 2; findings never change the exit status
unless ``--strict`` is given (then an error-level finding exits 1). ``score``
reports bad rows on stderr (and in ``--errors``) and exits 1 only when no row
could be scored.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ketacore.tables import Row

__all__ = ["main"]


def _dose_command(args: argparse.Namespace) -> int:
    from ketacore.dose_checks import Severity, check_dose
    from ketacore.doses import parse_dose
    from ketacore.units import format_quantity, magnitude, parse_quantity

    dose = parse_dose(args.text, drug=args.drug, route=args.route)
    weight = parse_quantity(args.weight, kind="mass", field="weight", example="70 kg")
    volume = (
        None
        if args.volume is None
        else parse_quantity(args.volume, kind="volume", field="--volume")
    )

    def show(name: str, value: object) -> None:
        print(f"{name:<16} {value}")

    show("dose", f"{format_quantity(dose.amount)} ({type(dose).__name__})")
    if dose.drug is not None:
        show("drug", dose.drug.value)
    if dose.route is not None:
        show("route", dose.route.value)
    show("weight", f"{format_quantity(weight)} = {_round(magnitude(weight, 'kg'))} kg")
    show("give", f"{_round(magnitude(dose.resolve(weight=weight), 'mg'))} mg")
    show("per kg", f"{_round(magnitude(dose.per_weight(weight=weight), 'mg/kg'))} mg/kg")
    if dose.duration is not None:
        show("over", format_quantity(dose.duration))
        show("rate", f"{_round(magnitude(dose.rate(weight=weight), 'mg/min'))} mg/min")
        show(
            "rate per kg",
            f"{_round(magnitude(dose.rate_per_weight(weight=weight), 'mg/kg/h'))} mg/kg/h",
        )
    if dose.concentration is not None:
        show("concentration", format_quantity(dose.concentration))
        show("volume", f"{_round(magnitude(dose.volume(weight=weight), 'mL'))} mL")
        if dose.duration is not None:
            show("pump rate", f"{_round(magnitude(dose.volume_rate(weight=weight), 'mL/h'))} mL/h")
    findings = check_dose(dose, weight=weight, age=args.age, volume=volume)
    if not findings:
        print("findings         none")
    for finding in findings:
        print(f"{finding.severity.value:<8} {finding.rule.id}: {finding.message}")
    errors = any(f.severity is Severity.ERROR for f in findings)
    return 1 if args.strict and errors else 0


def _round(value: float) -> str:
    return f"{value:.4g}"


_BUNDLED_SCALES = ("madrs", "phq9", "qids_sr16")
_BUNDLED_FORMS = (*_BUNDLED_SCALES, "cadss23")
_MAX_ERROR_LINES = 20


class _Progress:
    """Row counts on stderr, overwritten in place; silent unless enabled."""

    def __init__(self, label: str, enabled: bool) -> None:
        self.label = label
        self.enabled = enabled
        self.shown = False

    def __call__(self, rows: int) -> None:
        if self.enabled:
            sys.stderr.write(f"\rketacore: {self.label}: {rows:,} rows read")
            sys.stderr.flush()
            self.shown = True

    def done(self, message: str) -> None:
        if self.enabled:
            sys.stderr.write(f"\rketacore: {self.label}: {message}\n" if self.shown else "")
            sys.stderr.flush()


def _progress_enabled(args: argparse.Namespace) -> bool:
    return bool(args.progress) or sys.stderr.isatty()


def _input(path: str | None, instrument: str | None) -> tuple[str, str | None]:
    """Return the file to read and the instrument id: the bundled file when no FILE."""
    if path is not None:
        return path, instrument
    from ketacore.cohort import data_path
    from ketacore.instruments import get

    inst_id = get(instrument).id if instrument is not None else "phq9"
    if inst_id not in _BUNDLED_FORMS:
        from ketacore.exceptions import TableError

        raise TableError(
            f"--instrument: the bundled cohort has no {inst_id!r} file; "
            f"use one of {', '.join(_BUNDLED_FORMS)} or pass a FILE"
        )
    return str(data_path(inst_id)), inst_id


def _check_writable(out: str | None, option: str = "--out") -> None:
    """Fail before any work when ``out``'s folder does not exist."""
    if out is None:
        return
    folder = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(folder) or os.path.isdir(out):
        from ketacore.exceptions import TableError

        why = "it is a directory" if os.path.isdir(out) else f"no folder {folder!r}"
        raise TableError(f"{option}: cannot write {out!r}: {why}; check the path")


def _write(text: str, out: str | None, option: str = "--out") -> None:
    if out is None:
        sys.stdout.write(text)
        return
    from ketacore.exceptions import TableError

    try:
        with open(out, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as exc:
        raise TableError(
            f"{option}: cannot write {out!r}: {exc.strerror}; check the path"
        ) from None


def _score_command(args: argparse.Namespace) -> int:
    from ketacore.instruments import get
    from ketacore.tables import detect_instrument, read_table, score_table, to_csv_text

    _check_writable(args.out)
    _check_writable(args.errors, "--errors")
    path, instrument = _input(args.file, args.instrument)
    label = path if args.file else f"bundled {os.path.basename(path)}"
    progress = _Progress(label, _progress_enabled(args))
    table = read_table(path, progress=progress)
    inst = get(instrument) if instrument is not None else detect_instrument(table.columns)
    scored = score_table(table, inst, missing=args.missing)
    progress.done(f"{len(scored.scores):,} of {scored.n_rows:,} rows scored")
    for error in scored.errors[:_MAX_ERROR_LINES]:
        print(f"ketacore: {label}: line {error['line']}: {error['reason']}", file=sys.stderr)
    hidden = len(scored.errors) - _MAX_ERROR_LINES
    if hidden > 0:
        print(f"ketacore: ... and {hidden} more bad rows (see --errors)", file=sys.stderr)
    if args.errors is not None:
        text = to_csv_text(scored.errors) if scored.errors else "line,row,reason\n"
        _write(text, args.errors, "--errors")
    if scored.scores:
        _write(to_csv_text(scored.scores), args.out)
    if not scored.scores:
        print(
            f"ketacore: {label}: no row could be scored as {inst.short_name} "
            f"({scored.n_rows} rows read)",
            file=sys.stderr,
        )
        return 1
    return 0


def _summary_rows(args: argparse.Namespace) -> tuple[list[Row], list[Row]]:
    """Response summary rows and CADSS dissociation summary rows."""
    from ketacore.instruments import CADSS, get
    from ketacore.tables import (
        detect_instrument,
        dissociation_summary,
        dissociation_table,
        read_table,
        response_table,
        summarise,
    )

    if args.files:
        sources = [(f, args.instrument) for f in args.files]
    else:
        ids = [args.instrument] if args.instrument else list(_BUNDLED_SCALES)
        sources = [_input(None, i) for i in ids]
    responses: list[Row] = []
    dissociation: list[Row] = []
    for path, instrument in sources:
        table = read_table(path, progress=_Progress(path, _progress_enabled(args)))
        inst = get(instrument) if instrument is not None else detect_instrument(table.columns)
        if inst is CADSS:
            dissociation.extend(dissociation_table(table))
        else:
            responses.extend(response_table(table, inst))
    return summarise(responses), dissociation_summary(dissociation)


def _aligned(lines: list[tuple[str, ...]]) -> str:
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    return "".join(
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip() + "\n"
        for line in lines
    )


def _share(count: object, percent: object) -> str:
    return "-" if percent is None else f"{count} ({percent} %)"


def _summary_command(args: argparse.Namespace) -> int:
    from ketacore.instruments import get
    from ketacore.tables import to_csv_text

    _check_writable(args.out)
    rows, dissociation = _summary_rows(args)
    if args.format == "csv":
        _write(to_csv_text(rows + dissociation), args.out)
        return 0
    text = ""
    if rows:
        lines: list[tuple[str, ...]] = [
            ("instrument", "course", "patients", "evaluable", "response", "remission")
        ]
        for r in rows:
            rule = r["remission_max_total"]
            lines.append(
                (
                    get(str(r["instrument"])).short_name,
                    str(r["course_type"] or "-"),
                    str(r["patients"]),
                    str(r["evaluable"]),
                    _share(r["responders"], r["response_percent"]),
                    _share(r["remitters"], r["remission_percent"])
                    + ("" if rule is None else f"  <= {rule}"),
                )
            )
        text += _aligned(lines) + (
            "response = >= 50 % reduction from the first to the last administration; "
            "remission = last total <= the rule shown\n"
        )
    if dissociation:
        lines = [("instrument", "course", "patients", "dissociation event", "of sessions")]
        for r in dissociation:
            lines.append(
                (
                    "CADSS",
                    str(r["course_type"] or "-"),
                    str(r["patients"]),
                    _share(r["with_event"], r["event_percent"]),
                    "-"
                    if r["event_sessions_percent"] is None
                    else f"{r['event_sessions_percent']} %",
                )
            )
        text += (
            ("\n" if text else "")
            + _aligned(lines)
            + (
                "dissociation event = CADSS > 4 and above the pre-dose rating in at least one "
                "session (Spravato programme)\n"
            )
        )
    _write(text, args.out)
    return 0


def _plot_command(args: argparse.Namespace) -> int:
    from ketacore.instruments import get
    from ketacore.plots import cohort_figure, trajectory_figure
    from ketacore.tables import detect_instrument, read_table

    _check_writable(args.out)
    path, instrument = _input(args.file, args.instrument or ("madrs" if not args.file else None))
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
        figure = trajectory_figure(table, inst, args.patient, sessions=sessions)
    from ketacore.exceptions import TableError

    try:
        figure.savefig(args.out, dpi=args.dpi)
    except (OSError, ValueError) as exc:
        raise TableError(f"--out: cannot write {args.out!r}: {exc}; use a .png path") from None
    print(f"wrote {args.out}")
    return 0


def _demo_command(args: argparse.Namespace) -> int:
    from ketacore.cohort import data_path

    print("Bundled SYNTHETIC cohort (200 made-up patients; ids SYN-0001 …), files in")
    print(f"  {data_path('patients').parent}")
    print()
    args.files, args.instrument, args.format, args.out = [], None, "text", None
    return _summary_command(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ketacore",
        description="Unit-safe ketamine and esketamine therapy records from the command line.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    dose = commands.add_parser(
        "dose",
        help="parse a dose, resolve it for a body weight and check it",
        description="Parse a clinician-entered dose such as '0.5 mg/kg over 40 min at 10 mg/mL', "
        "resolve it for a body weight and list plausibility findings.",
    )
    dose.add_argument("text", help="the dose as written, e.g. '0.5 mg/kg over 40 min'")
    dose.add_argument("--weight", required=True, help="body weight, e.g. '70 kg' or '154 lb'")
    dose.add_argument("--drug", choices=["ketamine", "esketamine"], help="the drug given")
    dose.add_argument(
        "--route",
        choices=["iv", "im", "sc", "intranasal", "oral", "sublingual"],
        help="the route given by",
    )
    dose.add_argument("--age", type=int, help="the patient's age in years")
    dose.add_argument("--volume", help="the volume drawn up, e.g. '3.5 mL'")
    dose.add_argument(
        "--strict", action="store_true", help="exit 1 when an error-level finding is reported"
    )
    dose.set_defaults(handler=_dose_command)
    _research_parsers(commands)
    return parser


def _research_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    bundled = "without FILE: the bundled synthetic cohort"
    score = commands.add_parser(
        "score",
        help="score the item columns of a CSV or Parquet file",
        description="Score every row of a CSV (or Parquet) export with item columns "
        "<instrument>_1 … <instrument>_n; write totals, bands and flags as CSV. "
        "Bad rows are reported with their line number and skipped.",
    )
    score.add_argument(
        "file", nargs="?", help=f"the file to score ({bundled}, PHQ-9 unless --instrument)"
    )
    score.add_argument("--instrument", help="instrument id, e.g. phq9 (default: from the columns)")
    score.add_argument("--out", help="write the scores here instead of stdout")
    score.add_argument("--errors", help="write the bad rows (line, reason) to this CSV")
    score.add_argument(
        "--missing",
        choices=["strict", "prorate"],
        default="strict",
        help="missing items: reject the row (default) or apply the published prorating rule",
    )
    score.add_argument("--progress", action="store_true", help="show progress on stderr")
    score.set_defaults(handler=_score_command)

    summary = commands.add_parser(
        "summary",
        help="response and remission rates per instrument and course type",
        description="Classify each patient's last administration against the first and "
        "report response and remission rates per instrument and course_type.",
    )
    summary.add_argument("files", nargs="*", metavar="FILE", help=f"files to summarise ({bundled})")
    summary.add_argument("--instrument", help="instrument id (default: from the columns)")
    summary.add_argument("--format", choices=["text", "csv"], default="text")
    summary.add_argument("--out", help="write the summary here instead of stdout")
    summary.add_argument("--progress", action="store_true", help="show progress on stderr")
    summary.set_defaults(handler=_summary_command)

    plot = commands.add_parser(
        "plot",
        help="plot a patient's score trajectory, or the whole cohort",
        description="With --patient: the patient's totals with the response and remission "
        "thresholds and session markers. Without: every patient and the median by course type.",
    )
    plot.add_argument("file", nargs="?", help=f"administrations to plot ({bundled}, MADRS)")
    plot.add_argument("--patient", help="patient id, e.g. SYN-0001")
    plot.add_argument("--instrument", help="instrument id (default: from the columns)")
    plot.add_argument("--sessions", help="a sessions CSV (patient_id, day) for session markers")
    plot.add_argument("--out", required=True, help="the image to write, e.g. trajectory.png")
    plot.add_argument("--dpi", type=int, default=100, help="resolution (default 100)")
    plot.set_defaults(handler=_plot_command)

    demo = commands.add_parser(
        "demo",
        help="summarise the bundled synthetic cohort",
        description="Print where the bundled synthetic cohort is and its response summary.",
    )
    demo.add_argument("--progress", action="store_true", help=argparse.SUPPRESS)
    demo.set_defaults(handler=_demo_command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``); return the exit status."""
    from ketacore.exceptions import KetacoreError

    args = _parser().parse_args(argv)
    try:
        status: int = args.handler(args)
    except KetacoreError as error:
        print(f"ketacore: error: {error}", file=sys.stderr)
        return 2
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
