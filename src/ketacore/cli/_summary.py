"""``ketacore summary`` and ``ketacore demo``: response and dissociation rates as text or CSV."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ketacore.cli._files import (
    BUNDLED_SCALES,
    Progress,
    bundled_input,
    check_distinct,
    check_writable,
    progress_enabled,
    write,
)

if TYPE_CHECKING:
    from ketacore.tables import Row

__all__ = ["demo_command", "summary_command"]


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
        ids = [args.instrument] if args.instrument else list(BUNDLED_SCALES)
        sources = [bundled_input(None, i) for i in ids]
    responses: list[Row] = []
    dissociation: list[Row] = []
    for path, instrument in sources:
        table = read_table(path, progress=Progress(path, progress_enabled(args)))
        inst = get(instrument) if instrument is not None else detect_instrument(table.columns)
        if inst is CADSS:
            dissociation.extend(dissociation_table(table))
        else:
            responses.extend(
                response_table(
                    table,
                    inst,
                    visit=getattr(args, "visit", None),
                    missing=getattr(args, "missing", "strict"),
                )
            )
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


def summary_command(args: argparse.Namespace) -> int:
    from ketacore.instruments import get
    from ketacore.tables import to_csv_text

    check_writable(args.out)
    check_distinct([("--out", args.out)], list(args.files))
    rows, dissociation = _summary_rows(args)
    if args.format == "csv":
        write(to_csv_text(rows + dissociation), args.out)
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
    write(text, args.out)
    return 0


def demo_command(args: argparse.Namespace) -> int:
    from ketacore.cohort import data_path

    if args.out is not None:
        from ketacore.cli._report import demo_report

        return demo_report(args)

    print("Bundled SYNTHETIC cohort (200 made-up patients; ids SYN-0001 …), files in")
    print(f"  {data_path('patients').parent}")
    print()
    args.files, args.instrument, args.format, args.out = [], None, "text", None
    args.missing = "strict"
    return summary_command(args)
