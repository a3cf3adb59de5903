"""``ketacore score --redcap`` and ``ketacore audit --redcap``: a REDCap project's forms.

Both read the project's data dictionary and a raw (or label) records export, and
report bad rows as ``score`` does: on stderr with their line (at most 20), or all
of them in ``--errors``. ``score`` exits 1 only when no administration could be
scored; ``audit`` exits 1 when REDCap's stored totals disagree with the items.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

import attrs

from ketacore.cli._files import check_distinct, check_writable, rows_text, write

if TYPE_CHECKING:
    from ketacore.redcap import DataDictionary, FoundForms, RecordsExport, ScoredRecords

__all__ = ["audit_command", "redcap_score_command"]

_MAX_ERROR_LINES = 20
_ERROR_COLUMNS = ("file", "line", "field", "reason")


def _records_path(args: argparse.Namespace) -> str:
    from ketacore.exceptions import RedcapError

    if args.file is None:
        raise RedcapError(
            "--redcap: give the records export too: ketacore "
            f"{args.command} --redcap DICTIONARY.csv RECORDS.csv"
        )
    return str(args.file)


def _read(args: argparse.Namespace) -> tuple[DataDictionary, RecordsExport, FoundForms]:
    from ketacore.redcap import DataDictionary, RecordsExport, find_forms

    records_path = _records_path(args)
    check_distinct([("--out", args.out), ("--errors", args.errors)], [args.redcap, records_path])
    dictionary = DataDictionary.read(args.redcap)
    records = RecordsExport.read(records_path, dictionary=dictionary)
    found = find_forms(dictionary, None if args.instrument is None else [args.instrument])
    return dictionary, records, found


def _problem_rows(
    args: argparse.Namespace, result: ScoredRecords
) -> list[dict[str, str | int | None]]:
    rows: list[dict[str, str | int | None]] = [
        {"file": args.redcap, "line": p.line, "field": p.field, "reason": p.reason}
        for p in result.dictionary_problems
    ]
    rows += [
        {"file": args.file, "line": p.line, "field": p.field, "reason": p.reason}
        for p in result.record_problems
    ]
    rows += [
        {"file": args.file, "line": s.line, "field": s.form.form, "reason": s.error}
        for s in result.errors
    ]
    return rows


def _report(args: argparse.Namespace, problems: list[dict[str, str | int | None]]) -> None:
    from ketacore.tables import to_csv_text

    if args.errors is not None:
        if problems:
            print(
                f"ketacore: {rows_text(len(problems))} could not be used; see {args.errors}",
                file=sys.stderr,
            )
        write(to_csv_text(problems, columns=_ERROR_COLUMNS), args.errors, "--errors")
        return
    for problem in problems[:_MAX_ERROR_LINES]:
        print(
            f"ketacore: {problem['file']}: line {problem['line']}: {problem['reason']}",
            file=sys.stderr,
        )
    hidden = len(problems) - _MAX_ERROR_LINES
    if hidden > 0:
        print(
            f"ketacore: ... and {hidden} more bad rows (--errors FILE lists them all)",
            file=sys.stderr,
        )


def redcap_score_command(args: argparse.Namespace) -> int:
    """``ketacore score --redcap DICTIONARY.csv RECORDS.csv``."""
    from ketacore.exceptions import RedcapError
    from ketacore.redcap import score_records
    from ketacore.tables import to_csv_text

    if args.keys is not None:
        raise RedcapError(
            "--keys: a REDCap export is keyed by record, event and instance; leave --keys out"
        )
    check_writable(args.out)
    check_writable(args.errors, "--errors")
    dictionary, records, found = _read(args)
    result = score_records(dictionary, records, missing=args.missing, forms=found.forms)
    problems = sorted((*dictionary.problems, *found.problems), key=lambda p: p.line)
    result = attrs.evolve(result, dictionary_problems=tuple(problems))
    _report(args, _problem_rows(args, result))
    write(to_csv_text(result.rows(), columns=result.columns), args.out)
    if not result.scored:
        names = ", ".join(f.instrument.short_name for f in result.forms) or "no instrument form"
        print(
            f"ketacore: {args.file}: no administration could be scored ({names} found in "
            f"{args.redcap}; {rows_text(len(records.rows))} read)",
            file=sys.stderr,
        )
        return 1
    return 0


_FINDING_COLUMNS = ("line", "event", "instance", "form", "field", "stored", "expected", "reason")


def audit_command(args: argparse.Namespace) -> int:
    """``ketacore audit --redcap DICTIONARY.csv RECORDS.csv``."""
    from ketacore.exceptions import RedcapError
    from ketacore.redcap import audit
    from ketacore.tables import to_csv_text

    if args.redcap is None:
        raise RedcapError(
            "audit: name the project: ketacore audit --redcap DICTIONARY.csv RECORDS.csv"
        )
    check_writable(args.out)
    check_writable(args.errors, "--errors")
    dictionary, records, found = _read(args)
    problems = sorted((*dictionary.problems, *found.problems), key=lambda p: p.line)
    audited = [f for f in found.forms if f.total_field is not None]
    findings = audit(dictionary, records, missing=args.missing, forms=found.forms)
    _report(
        args,
        [
            {"file": args.redcap, "line": p.line, "field": p.field, "reason": p.reason}
            for p in problems
        ]
        + [
            {"file": args.file, "line": p.line, "field": p.field, "reason": p.reason}
            for p in records.problems
        ],
    )
    if args.format == "csv":
        rows = [
            {
                records.record_field: f.record,
                "line": f.line,
                "event": f.event,
                "instance": f.instance,
                "form": f.form,
                "field": f.field,
                "stored": f.stored,
                "expected": f.expected,
                "reason": f.reason,
            }
            for f in findings
        ]
        write(to_csv_text(rows, columns=(records.record_field, *_FINDING_COLUMNS)), args.out)
    else:
        totals = ", ".join(f"{f.total} ({f.instrument.short_name})" for f in audited) or "none"
        lines = [f"{records.source}: calc totals audited: {totals}; missing={args.missing}"]
        for f in findings:
            where = ", ".join(
                part
                for part in (f.event, None if f.instance is None else f"instance {f.instance}")
                if part
            )
            lines.append(
                f"line {f.line}" + (f" ({where})" if where else "") + f": {f.field}: {f.reason}"
            )
        count = len(findings)
        lines.append(
            f"{count} disagreement{'' if count == 1 else 's'}" if count else "no disagreement"
        )
        write("\n".join(lines) + "\n", args.out)
    return 1 if findings else 0
