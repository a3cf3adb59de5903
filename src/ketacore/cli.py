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
writes one row per input row (bad rows marked in its ``error`` column), reports
bad rows on stderr (or counts them there and lists them in ``--errors``) and
exits 1 only when no row could be scored. An output that cannot be written
(a full disk) exits 2 and leaves no partial file; Ctrl-C exits 130.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

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


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one does not exist yet
        return os.path.realpath(a) == os.path.realpath(b)


def _check_distinct(outputs: Sequence[tuple[str, str | None]], inputs: Sequence[str]) -> None:
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


class _StdoutError(Exception):
    """Writing to stdout failed (a full disk, a broken device)."""


class _ReaderGoneError(Exception):
    """The program reading stdout closed it (``ketacore score ... | head``)."""


def _write(data: str | bytes, out: str | None, option: str = "--out") -> None:
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
            raise _ReaderGoneError from None
        except OSError as exc:
            raise _StdoutError(exc.strerror or str(exc)) from None
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


def _rows(n: int) -> str:
    return f"{n:,} row{'' if n == 1 else 's'}"


def _score_command(args: argparse.Namespace) -> int:
    from ketacore.instruments import get
    from ketacore.tables import (
        SCORE_COLUMNS,
        detect_instrument,
        read_table,
        score_table,
        to_csv_text,
    )

    _check_writable(args.out)
    _check_writable(args.errors, "--errors")
    path, instrument = _input(args.file, args.instrument)
    _check_distinct([("--out", args.out), ("--errors", args.errors)], [path])
    label = path if args.file else f"bundled {os.path.basename(path)}"
    progress = _Progress(label, _progress_enabled(args))
    table = read_table(path, progress=progress)
    inst = get(instrument) if instrument is not None else detect_instrument(table.columns)
    keys = None if args.keys is None else [k.strip() for k in args.keys.split(",") if k.strip()]
    scored = score_table(table, inst, missing=args.missing, keys=keys)
    progress.done(f"{len(scored.scores):,} of {_rows(scored.n_rows)} scored")
    if args.errors is not None:
        if scored.errors:
            print(
                f"ketacore: {label}: {_rows(len(scored.errors))} could not be scored; "
                f"see {args.errors}",
                file=sys.stderr,
            )
        key_columns = [c for c in scored.columns if c not in SCORE_COLUMNS]
        columns = ["line", "row", *key_columns, "reason"]
        _write(to_csv_text(scored.errors, columns=columns), args.errors, "--errors")
    else:
        for error in scored.errors[:_MAX_ERROR_LINES]:
            print(f"ketacore: {label}: line {error['line']}: {error['reason']}", file=sys.stderr)
        hidden = len(scored.errors) - _MAX_ERROR_LINES
        if hidden > 0:
            print(
                f"ketacore: ... and {hidden} more bad rows (--errors FILE lists them all)",
                file=sys.stderr,
            )
    _write(to_csv_text(scored.rows, columns=scored.columns), args.out)
    if not scored.scores:
        print(
            f"ketacore: {label}: no row could be scored as {inst.short_name} "
            f"({_rows(scored.n_rows)} read)",
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
            responses.extend(response_table(table, inst, visit=getattr(args, "visit", None)))
    return summarise(responses), dissociation_summary(dissociation)


def _aligned(lines: list[tuple[str, ...]]) -> str:
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    return "".join(
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip() + "\n"
        for line in lines
    )


def _share(count: object, percent: object) -> str:
    return "-" if percent is None else f"{count} ({percent} %)"


def _rule_text(row: Row) -> str:
    """The rules :func:`ketacore.tables.response_table` used for a summary row's group."""
    from ketacore._row_thresholds import row_thresholds
    from ketacore.instruments import get

    th = row_thresholds(get(str(row["instrument"])), row["course_type"])
    index = "" if th.min_baseline is None else f" from a baseline >= {th.min_baseline}"
    text = f"response >= {th.response_percent:g} % reduction{index} ({th.response_rule})"
    if th.remission_max_total is None:
        return text + "; no remission rule"
    index = (
        "" if th.remission_min_baseline is None else f" if baseline >= {th.remission_min_baseline}"
    )
    return text + f"; remission <= {th.remission_max_total}{index} ({th.remission_rule})"


def _rules_footnote(rows: list[Row]) -> str:
    """One line per instrument (per course type where the rules differ), from the policy."""
    from ketacore.instruments import get

    by_instrument: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        course = str(row["course_type"] or "-")
        by_instrument.setdefault(str(row["instrument"]), []).append((course, _rule_text(row)))
    lines = ["rules, first to last administration (remission: last total):"]
    for instrument, texts in by_instrument.items():
        name = get(instrument).short_name
        if len({text for _, text in texts}) == 1:
            lines.append(f"  {name}: {texts[0][1]}")
        else:
            lines.extend(f"  {name} {course}: {text}" for course, text in texts)
    return "\n".join(lines) + "\n"


def _summary_command(args: argparse.Namespace) -> int:
    from ketacore.instruments import get
    from ketacore.tables import to_csv_text

    _check_writable(args.out)
    _check_distinct([("--out", args.out)], list(args.files))
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
        text += _aligned(lines) + _rules_footnote(rows)
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


_DPI_RANGE = (20, 600)
"""Resolutions ``plot`` accepts: the 6.4 x 4 in figure is 3840 x 2400 pixels at 600 dpi."""

_MAX_PIXELS = 4000
"""The widest or tallest image ``plot`` renders, in pixels."""


def _plot_command(args: argparse.Namespace) -> int:
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
    _check_writable(args.out)
    path, instrument = _input(args.file, args.instrument or ("madrs" if not args.file else None))
    _check_distinct([("--out", args.out)], [p for p in (path, args.sessions) if p is not None])
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
    _write(_image(figure, args.out, args.dpi), args.out)
    _write(f"wrote {args.out}\n", None)
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


def _demo_command(args: argparse.Namespace) -> int:
    from ketacore.cohort import data_path

    print("Bundled SYNTHETIC cohort (200 made-up patients; ids SYN-0001 …), files in")
    print(f"  {data_path('patients').parent}")
    print()
    args.files, args.instrument, args.format, args.out = [], None, "text", None
    return _summary_command(args)


def _version() -> str:
    from ketacore import __version__

    return __version__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ketacore",
        description="Unit-safe ketamine and esketamine therapy records from the command line.",
    )
    parser.add_argument("--version", action="version", version=f"ketacore {_version()}")
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
        "<instrument>_1 … <instrument>_n; write its other columns with totals, bands and "
        "flags as CSV, one row per input row. Bad rows are reported with their line number "
        "and marked in the error column.",
    )
    score.add_argument(
        "file", nargs="?", help=f"the file to score ({bundled}, PHQ-9 unless --instrument)"
    )
    score.add_argument("--instrument", help="instrument id, e.g. phq9 (default: from the columns)")
    score.add_argument("--out", help="write the scores here instead of stdout")
    score.add_argument(
        "--errors", help="write the bad rows (line, reason) to this CSV; stderr then counts them"
    )
    score.add_argument(
        "--keys",
        metavar="COLUMNS",
        help="comma-separated columns to copy to the output, e.g. record_id,visit "
        "(default: every column that is not an item)",
    )
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
    summary.add_argument(
        "--visit",
        metavar="COLUMN",
        help="column ordering the visits: numbers or dates (default: the first of day, date, "
        "visit_date, visit, redcap_repeat_instance)",
    )
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
    plot.add_argument("--dpi", type=int, default=100, help="resolution, 20 to 600 (default 100)")
    plot.add_argument(
        "--show-identifier",
        action="store_true",
        help="put the patient identifier in the figure's title (default: left out)",
    )
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

    try:
        args = _parser().parse_args(argv)
        status: int = args.handler(args)
    except KeyboardInterrupt:
        print("ketacore: interrupted", file=sys.stderr)
        return 130  # 128 + SIGINT, the shell's convention
    except KetacoreError as error:
        print(f"ketacore: error: {error}", file=sys.stderr)
        return 2
    except _StdoutError as error:
        print(f"ketacore: error: stdout: cannot write: {error}", file=sys.stderr)
        _silence_stdout()
        return 2
    except _ReaderGoneError:
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
