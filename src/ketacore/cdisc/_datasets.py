"""Every SDTM domain of a set of courses at once: QS, RS, EX, VS and AE."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Final

from ketacore.cdisc._codes import Domain, SponsorCodes
from ketacore.cdisc._findings import findings_rows
from ketacore.cdisc._study import administrations, ae_rows, ex_rows, reference_start, vs_rows
from ketacore.courses import Course
from ketacore.exceptions import CdiscError
from ketacore.tables import Row

__all__ = ["SDTM_DOMAINS", "sdtm_datasets", "subject_ids"]

SDTM_DOMAINS: Final = ("QS", "RS", "EX", "VS", "AE")
"""The SDTM domains :func:`sdtm_datasets` writes, in order."""

_FINDINGS: Final[tuple[Domain, ...]] = ("QS", "RS")


def subject_ids(courses: Sequence[Course], usubjids: Sequence[str] | None) -> list[str]:
    """USUBJID per course: *usubjids* as given, else each patient's identifier.

    Raises:
        CdiscError: *usubjids* is not one non-empty text per course.
    """
    if usubjids is None:
        return [course.patient.identifier.value for course in courses]
    ids = list(usubjids)
    if len(ids) != len(courses) or not all(isinstance(i, str) and i.strip() for i in ids):
        raise CdiscError(
            field="usubjids",
            value=len(ids),
            got=f"{len(ids)} subject ids",
            expected=f"one non-empty USUBJID per course ({len(courses)})",
            fix="pass one id per course, or none to use each patient's identifier",
        )
    return ids


def _courses(courses: Iterable[Course]) -> list[Course]:
    out = list(courses)
    for index, course in enumerate(out):
        if not isinstance(course, Course):
            raise CdiscError(
                field=f"courses[{index}]",
                value=None,
                got=f"a {type(course).__name__}",
                expected="a ketacore.courses.Course",
            )
    return out


def _resequence(rows: list[Row], domain: str) -> list[Row]:
    """Number --SEQ from 1 within each USUBJID, in row order (courses may share a subject)."""
    counts: dict[object, int] = {}
    for row in rows:
        counts[row["USUBJID"]] = counts.get(row["USUBJID"], 0) + 1
        row[f"{domain}SEQ"] = counts[row["USUBJID"]]
    return rows


def sdtm_datasets(
    courses: Iterable[Course],
    *,
    studyid: str,
    usubjids: Sequence[str] | None = None,
    reason_not_done: str = "NOT RECORDED",
    sponsor_codes: Mapping[str, SponsorCodes] | None = None,
) -> dict[str, list[Row]]:
    """The QS, RS, EX, VS and AE rows of *courses*, by domain.

    Visits, reference dates and controlled terms are described in
    :mod:`ketacore.cdisc` (:func:`administrations`, :func:`ex_rows`, :func:`vs_rows`,
    :func:`ae_rows`, :func:`qs_rows`). --SEQ counts from 1 within each subject.

    >>> from ketacore.cdisc import sdtm_datasets
    >>> from ketacore.testing import example_course
    >>> data = sdtm_datasets([example_course()], studyid="KET-01", usubjids=["KET-01-001"])
    >>> len(data["EX"]), {r["QSCAT"] for r in data["QS"]}, sorted({r["RSCAT"] for r in data["RS"]})
    (3, {'CADSS'}, ['MADRS', 'MOAA/S'])
    >>> [(r["VISIT"], r["VISITNUM"], r["RSSTRESN"], r["RSBLFL"]) for r in data["RS"]
    ...  if r["RSTESTCD"] == "MADRSTOT"]
    [('BASELINE', 1, 32, 'Y'), ('FOLLOW-UP 1 AFTER SESSION 2', 3.01, 20, None)]

    Args:
        courses: The courses.
        studyid: STUDYID.
        usubjids: USUBJID per course (default: each patient's identifier, which then
            appears in the data: pass pseudonymous ids to keep it out).
        reason_not_done: --REASND for missing items.
        sponsor_codes: Sponsor codes merged over :data:`SPONSOR_CODES`.

    Raises:
        CdiscError: an argument is bad.
    """
    chosen = _courses(courses)
    ids = subject_ids(chosen, usubjids)
    out: dict[str, list[Row]] = {domain: [] for domain in SDTM_DOMAINS}
    for course, usubjid in zip(chosen, ids, strict=True):
        admins = administrations(course)
        first = course.first_dose
        for domain in _FINDINGS:
            out[domain] += findings_rows(
                domain,
                admins,
                studyid=studyid,
                usubjid=usubjid,
                reference=reference_start(course),
                first_dose=None if first is None else first.dosed_at,
                reason_not_done=reason_not_done,
                sponsor_codes=sponsor_codes,
            )
        out["EX"] += ex_rows(course, studyid=studyid, usubjid=usubjid)
        out["VS"] += vs_rows(course, studyid=studyid, usubjid=usubjid)
        out["AE"] += ae_rows(course, studyid=studyid, usubjid=usubjid)
    return {domain: _resequence(rows, domain) for domain, rows in out.items()}
