"""``ketacore report COURSE.json`` and ``ketacore demo --out``: a course report as HTML."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from ketacore.cli._files import check_distinct, check_writable, write

if TYPE_CHECKING:
    from ketacore.courses import Course

__all__ = ["demo_report", "read_course", "report_command"]


def read_course(path: str) -> Course:
    """Read a Course document written by :func:`ketacore.serialization.to_json`.

    Raises:
        SerializationError: the file cannot be read, is too large, or is not a Course.
    """
    from ketacore._json import MAX_DOCUMENT_SIZE
    from ketacore.courses import Course
    from ketacore.exceptions import SerializationError
    from ketacore.serialization import from_json

    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_DOCUMENT_SIZE + 1)
    except OSError as exc:
        raise SerializationError(
            f"COURSE: cannot read {path!r}: {exc.strerror or exc}; check the path"
        ) from None
    course: Course = from_json(data, Course)
    return course


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    from ketacore.exceptions import CourseError

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CourseError(
            field="--on",
            value=text[:40],
            expected="a date such as 2026-03-30",
            fix="write it as YYYY-MM-DD",
        ) from None


def report_command(args: argparse.Namespace) -> int:
    """Write the report of the course in ``args.course`` to ``args.out`` (stdout without)."""
    from ketacore.reports import course_report

    check_writable(args.out)
    check_distinct([("--out", args.out)], [args.course])
    course = read_course(args.course)
    page = course_report(course, identifier=bool(args.show_identifier), on=_day(args.on))
    write(page, args.out)
    return 0


def demo_report(args: argparse.Namespace) -> int:
    """Write the report of the bundled synthetic demo patient's course to ``args.out``."""
    from ketacore.reports import course_report, demo_course

    check_writable(args.out)
    page = course_report(demo_course(), title="Course report: SYNTHETIC demo patient")
    write(page, args.out)
    print(f"ketacore: wrote the demo report (a SYNTHETIC patient) to {args.out}")
    return 0
