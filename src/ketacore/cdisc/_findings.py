"""SDTM QS and RS rows from ketacore scores: one record per item, the total as derived.

Decisions (SDTMIG v3.4, QS and RS specifications and the QRS shared assumptions):

- Each item is one record. --ORRES is the published answer text where the release
  has an answer codelist (PHQ-9, HAM-A: "Several days", "Mild"), else the value as
  recorded (BDI-II ``"2b"``); --STRESC and --STRESN are the item's score.
- The total, and the QIDS-SR16 domain maxima, are derived records (--DRVFL = "Y")
  with --ORRES null and the value in --STRESC / --STRESN ("If --DRVFL = 'Y', then
  --ORRES may be null"). A score without a total (CGI 0 = not rated) has none.
- A missing item is --STAT = "NOT DONE" (codelist ND, C66789: C49484) with
  --REASND: ``"NOT ASKED (SKIP LOGIC)"`` for an item its skip rule left out, else
  the caller's reason.
- --BLFL = "Y" marks ketacore's baseline; --LOBXFL = "Y" marks, per test code, the
  last non-missing record before the first dose (RFXSTDTC), as SDTMIG v3.4 defines it.
- --DTC is the ISO 8601 date-time with its UTC offset; --DY counts from the
  reference day (day 1, no day 0).
- --GRPID ties the records of one administration together (its 1-based number in
  the subject's administrations), so two ratings at the same time stay apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, Final

import attrs

from ketacore import _validators as v
from ketacore._dates import instant
from ketacore.cdisc._codes import Codelist, Domain, SponsorCodes, TestCode
from ketacore.cdisc._terminology import codelist
from ketacore.exceptions import CdiscError
from ketacore.instruments import Score
from ketacore.sessions import TimedScore
from ketacore.tables import Row

__all__ = [
    "NOT_DONE",
    "SKIPPED_REASON",
    "Administration",
    "findings_rows",
    "iso_datetime",
    "qs_rows",
    "rs_rows",
    "study_day",
]

NOT_DONE: Final = "NOT DONE"
"""--STAT for a missing item: the term of codelist ND (C66789), NCI code C49484."""

SKIPPED_REASON: Final = "NOT ASKED (SKIP LOGIC)"
"""--REASND for an item that skip logic left out (C-SSRS screener items 3–5)."""


def _visitnum(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise CdiscError(field="visitnum", value=value, expected="a number or None")


@attrs.frozen(kw_only=True)
class Administration:
    """One scored administration placed in a study: when, at which visit, whether baseline.

    >>> from datetime import datetime, timezone
    >>> from ketacore.cdisc import Administration
    >>> from ketacore.instruments import PHQ9
    >>> from ketacore.sessions import TimedScore
    >>> at = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    >>> visit = Administration(timed=TimedScore(taken_at=at, score=PHQ9.score([1] * 9)),
    ...                        visit="BASELINE", visitnum=1, baseline=True)
    >>> visit.timed.total
    9

    Attributes:
        timed: The score and when it was taken.
        visit: The VISIT name, or ``None``.
        visitnum: The VISITNUM, or ``None``.
        baseline: Whether it is the baseline (--BLFL = "Y").
    """

    timed: TimedScore = attrs.field(
        validator=v.instance_of(TimedScore, error=CdiscError, example="TimedScore(...)")
    )
    visit: str | None = None
    visitnum: int | float | None = attrs.field(default=None, validator=_visitnum)
    baseline: bool = False


def iso_datetime(moment: datetime) -> str:
    """--DTC text: ISO 8601 with the UTC offset (``2026-03-02T09:00:00+00:00``)."""
    return moment.isoformat()


def study_day(day: date, reference: date) -> int:
    """The SDTM study day of *day*: 1 on the reference day, -1 the day before (no day 0)."""
    delta = (day - reference).days
    return delta + 1 if delta >= 0 else delta


def _missing_reason(score: Score, number: int, reason: str) -> str:
    for rule in score.instrument.skip_rules:
        if number in rule.items and score.values[rule.gate - 1] != 1:
            return SKIPPED_REASON
    return reason


def _item_code(codes: Codelist, score: Score, number: int) -> TestCode:
    options = dict(score.options)
    form = options.get(number)
    for item, name, code in codes.forms:
        if item == number and form == name:
            return code
    return codes.items[number - 1]


def _orres(codes: Codelist, score: Score, number: int, value: int) -> str:
    option = dict(score.options).get(number)
    if option is not None and option in score.instrument.item(number).options:
        return option
    answer = codes.answer_for(value)
    return answer.text if answer is not None else str(value)


def _records(
    codes: Codelist, score: Score, reason: str
) -> list[tuple[TestCode, int | None, str | None, bool, str | None]]:
    """(test code, score, --ORRES, derived, --REASND) for each record of one score."""
    out: list[tuple[TestCode, int | None, str | None, bool, str | None]] = []
    for number, value in enumerate(score.values, start=1):
        code = _item_code(codes, score, number)
        if value is None:
            out.append((code, None, None, False, _missing_reason(score, number, reason)))
        else:
            out.append((code, value, _orres(codes, score, number, value), False, None))
    sub = score.domains
    for name, code in codes.domains:
        value = sub.get(name)
        if value is not None:
            out.append((code, value, None, True, None))
    if codes.total is not None and score.total is not None:
        out.append((codes.total, score.total, None, True, None))
    return out


def findings_rows(
    domain: Domain,
    administrations: Iterable[Administration],
    *,
    studyid: str,
    usubjid: str,
    reference: date,
    first_dose: datetime | None = None,
    reason_not_done: str = "NOT RECORDED",
    sponsor_codes: Mapping[str, SponsorCodes] | None = None,
) -> list[Row]:
    """The *domain* ("QS" or "RS") rows of one subject's administrations.

    Administrations of instruments coded in the other domain are left out.
    See :func:`ketacore.cdisc.qs_rows` for the arguments.
    """
    _check_text("studyid", studyid)
    _check_text("usubjid", usubjid)
    if not isinstance(reference, date) or isinstance(reference, datetime):
        raise CdiscError(field="reference", value=reference, expected="a date (RFSTDTC)")
    p = domain
    rows: list[Row] = []
    last_before: dict[str, tuple[datetime, int]] = {}
    for number, admin in enumerate(administrations, start=1):
        if not isinstance(admin, Administration):
            raise CdiscError(
                field="administrations",
                value=admin,
                got=f"a {type(admin).__name__}",
                expected="Administration values",
                fix="wrap each TimedScore in Administration(timed=...)",
            )
        score, taken = admin.timed.score, admin.timed.taken_at
        codes = codelist(score.instrument, sponsor_codes=sponsor_codes)
        if codes.domain != domain:
            continue
        for code, value, orres, derived, reason in _records(codes, score, reason_not_done):
            row: Row = {
                "STUDYID": studyid,
                "DOMAIN": domain,
                "USUBJID": usubjid,
                f"{p}SEQ": len(rows) + 1,
                f"{p}GRPID": str(number),
                f"{p}TESTCD": code.testcd,
                f"{p}TEST": code.test,
                f"{p}CAT": codes.category,
                f"{p}ORRES": orres,
                f"{p}STRESC": None if value is None else str(value),
                f"{p}STRESN": value,
                f"{p}STAT": None if reason is None else NOT_DONE,
                f"{p}REASND": reason,
                f"{p}LOBXFL": None,
                f"{p}BLFL": "Y" if admin.baseline else None,
                f"{p}DRVFL": "Y" if derived else None,
                "VISITNUM": admin.visitnum,
                "VISIT": admin.visit,
                f"{p}DTC": iso_datetime(taken),
                f"{p}DY": study_day(taken.date(), reference),
                f"{p}EVLINT": codes.evlint,
            }
            if value is not None and (first_dose is None or instant(taken) < instant(first_dose)):
                held = last_before.get(code.testcd)
                if held is None or instant(taken) >= held[0]:
                    last_before[code.testcd] = (instant(taken), len(rows))
            rows.append(row)
    if first_dose is not None:
        for _, index in last_before.values():
            rows[index][f"{p}LOBXFL"] = "Y"
    return rows


def _check_text(field: str, value: object) -> None:
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        raise CdiscError(
            field=field,
            value=value,
            expected="non-empty text of at most 200 characters (an XPT v5 character limit)",
        )


def qs_rows(
    administrations: Iterable[Administration],
    *,
    studyid: str,
    usubjid: str,
    reference: date,
    first_dose: datetime | None = None,
    reason_not_done: str = "NOT RECORDED",
    sponsor_codes: Mapping[str, SponsorCodes] | None = None,
) -> list[Row]:
    """SDTM QS rows (questionnaires) of one subject's administrations, as plain dicts.

    Instruments coded in RS (HAM-D17, HAM-A, BPRS, MADRS, ...) are left out: write
    them with :func:`rs_rows`. Which codes an instrument gets is :func:`codelist`.

    >>> from datetime import date, datetime, timezone
    >>> from ketacore.cdisc import Administration, qs_rows
    >>> from ketacore.instruments import PHQ9
    >>> from ketacore.sessions import TimedScore
    >>> at = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    >>> timed = TimedScore(taken_at=at, score=PHQ9.score([1, 2, 1, 1, 0, 0, 1, 0, 0]))
    >>> rows = qs_rows([Administration(timed=timed, visit="BASELINE", visitnum=1, baseline=True)],
    ...                studyid="KET-01", usubjid="KET-01-001", reference=date(2026, 3, 3))
    >>> [(r["QSTESTCD"], r["QSORRES"], r["QSSTRESN"], r["QSDRVFL"]) for r in rows[::9]]
    [('PHQ0101', 'Several days', 1, None), ('PHQ0111', None, 6, 'Y')]
    >>> rows[0]["QSCAT"], rows[0]["QSDTC"], rows[0]["QSDY"], rows[0]["QSBLFL"]
    ('PHQ-9', '2026-03-02T09:00:00+00:00', -1, 'Y')

    Args:
        administrations: The subject's administrations (:class:`Administration`).
        studyid: STUDYID.
        usubjid: USUBJID, written as given (the caller chooses what identifies the subject).
        reference: The reference start date (RFSTDTC) that --DY counts from.
        first_dose: The first exposure (RFXSTDTC): with it, --LOBXFL = "Y" marks each
            test code's last non-missing record before it; without it --LOBXFL is null.
        reason_not_done: --REASND for a missing item that skip logic did not leave out.
        sponsor_codes: Sponsor codes merged over :data:`SPONSOR_CODES`.

    Returns:
        Rows with STUDYID, DOMAIN, USUBJID, QSSEQ, QSGRPID, QSTESTCD, QSTEST, QSCAT, QSORRES,
        QSSTRESC, QSSTRESN, QSSTAT, QSREASND, QSLOBXFL, QSBLFL, QSDRVFL, VISITNUM,
        VISIT, QSDTC, QSDY and QSEVLINT, in that order.

    Raises:
        CdiscError: an argument is of the wrong type, or *sponsor_codes* is bad.
    """
    return findings_rows(
        "QS",
        administrations,
        studyid=studyid,
        usubjid=usubjid,
        reference=reference,
        first_dose=first_dose,
        reason_not_done=reason_not_done,
        sponsor_codes=sponsor_codes,
    )


def rs_rows(
    administrations: Iterable[Administration],
    *,
    studyid: str,
    usubjid: str,
    reference: date,
    first_dose: datetime | None = None,
    reason_not_done: str = "NOT RECORDED",
    sponsor_codes: Mapping[str, SponsorCodes] | None = None,
) -> list[Row]:
    """SDTM RS rows (clinical classifications) of one subject's administrations.

    The RS twin of :func:`qs_rows`, for the instruments coded in RS (HAM-D17, HAM-A,
    BPRS and the clinician-rated sponsor instruments); columns are named ``RS...``.

    >>> from datetime import date, datetime, timezone
    >>> from ketacore.cdisc import Administration, rs_rows
    >>> from ketacore.instruments import HAMA
    >>> from ketacore.sessions import TimedScore
    >>> at = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    >>> timed = TimedScore(taken_at=at, score=HAMA.score([2] * 14))
    >>> rows = rs_rows([Administration(timed=timed)], studyid="KET-01", usubjid="KET-01-001",
    ...                reference=date(2026, 3, 2))
    >>> [(r["RSTESTCD"], r["RSCAT"], r["RSORRES"], r["RSSTRESN"]) for r in rows[::14]]
    [('HAMA101', 'HAM-A', 'Moderate', 2), ('HAMA115', 'HAM-A', None, 28)]
    """
    return findings_rows(
        "RS",
        administrations,
        studyid=studyid,
        usubjid=usubjid,
        reference=reference,
        first_dose=first_dose,
        reason_not_done=reason_not_done,
        sponsor_codes=sponsor_codes,
    )
