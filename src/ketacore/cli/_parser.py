"""The command line's arguments: one sub-command per task."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from ketacore.cli._dose import dose_command
from ketacore.cli._plot import plot_command
from ketacore.cli._redcap import audit_command
from ketacore.cli._report import report_command
from ketacore.cli._score import score_command
from ketacore.cli._summary import demo_command, summary_command

__all__ = ["parser"]


def _version() -> str:
    from ketacore import __version__

    return __version__


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ketacore",
        description="Unit-safe ketamine and esketamine therapy records from the command line.",
    )
    parser.add_argument("--version", action="version", version=f"ketacore {_version()}")
    commands = parser.add_subparsers(dest="command", required=True)
    dose = _command(
        commands,
        "dose",
        dose_command,
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
    _research_parsers(commands)
    return parser


def _research_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    bundled = "without FILE: the bundled synthetic cohort"
    score = _command(
        commands,
        "score",
        score_command,
        help="score the item columns of a CSV or Parquet file",
        description="Score every row of a CSV (or Parquet) export with item columns "
        "<instrument>_1 … <instrument>_n; write its other columns with totals, bands and "
        "flags as CSV, one row per input row. Bad rows are reported with their line number "
        "and marked in the error column.",
    )
    score.add_argument(
        "file",
        nargs="?",
        help=f"the file to score ({bundled}, PHQ-9 unless --instrument); "
        "with --redcap, the records export",
    )
    score.add_argument(
        "--redcap",
        metavar="DICTIONARY",
        help="score a REDCap project: FILE is its records export (CSV, or .json from the "
        "API) and DICTIONARY its data dictionary CSV; every instrument form is scored",
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
    _missing(score)
    _progress(score)

    audit = _command(
        commands,
        "audit",
        audit_command,
        help="check a REDCap project's calculated totals against the items",
        description="Recompute every REDCap calc field that is an instrument total and list "
        "the records where REDCap's stored value disagrees (a blank item counted as 0). "
        "Exits 1 when there are disagreements.",
    )
    audit.add_argument("file", nargs="?", metavar="RECORDS", help="the records export")
    audit.add_argument(
        "--redcap", metavar="DICTIONARY", help="the project's data dictionary CSV (required)"
    )
    audit.add_argument("--instrument", help="audit only this instrument, e.g. phq9")
    audit.add_argument("--format", choices=["text", "csv"], default="text")
    audit.add_argument("--out", help="write the findings here instead of stdout")
    audit.add_argument("--errors", help="write the bad rows (file, line, field, reason) here")
    _missing(audit, rejected="a blank item leaves no total")

    summary = _command(
        commands,
        "summary",
        summary_command,
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
    _missing(summary, rejected="leave the administration unscored")
    summary.add_argument("--format", choices=["text", "csv"], default="text")
    summary.add_argument("--out", help="write the summary here instead of stdout")
    _progress(summary)

    plot = _command(
        commands,
        "plot",
        plot_command,
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

    demo = _command(
        commands,
        "demo",
        demo_command,
        help="summarise the bundled synthetic cohort, or write a demo course report",
        description="Print where the bundled synthetic cohort is and its response summary; "
        "with --out, write the HTML course report of one synthetic patient instead.",
    )
    demo.add_argument(
        "--out", help="write the course report of a synthetic patient here, e.g. report.html"
    )
    _progress(demo, help=argparse.SUPPRESS)

    report = _command(
        commands,
        "report",
        report_command,
        help="write a course's report as one self-contained HTML page",
        description="Read a course (JSON written by ketacore.serialization.to_json) and write "
        "its report: protocol, doses, vitals, CADSS and MOAA/S, score trajectories, response "
        "status, screening, dose checks and schedule adherence. The page makes no network "
        "request and prints in black and white.",
    )
    report.add_argument("course", metavar="COURSE", help="the course, a JSON file")
    report.add_argument("--out", help="write the HTML here (default: stdout)")
    report.add_argument(
        "--on", help="the day the report describes, YYYY-MM-DD (default: the last record's)"
    )
    report.add_argument(
        "--show-identifier",
        action="store_true",
        help="show the patient identifier in the report (default: withheld)",
    )


def _command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    handler: Callable[[argparse.Namespace], int],
    *,
    help: str,
    description: str,
) -> argparse.ArgumentParser:
    """A sub-command whose ``args.handler`` is ``handler``."""
    command = commands.add_parser(name, help=help, description=description)
    command.set_defaults(handler=handler)
    return command


def _missing(command: argparse.ArgumentParser, rejected: str = "reject the row") -> None:
    """``--missing``, one definition for every command that scores items."""
    command.add_argument(
        "--missing",
        choices=["strict", "prorate"],
        default="strict",
        help=f"missing items: {rejected} (default) or apply the published prorating rule",
    )


def _progress(command: argparse.ArgumentParser, help: str = "show progress on stderr") -> None:
    command.add_argument("--progress", action="store_true", help=help)
