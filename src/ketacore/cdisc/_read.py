"""Reading SDTM QS and RS rows back into ketacore scores, re-deriving every total.

Each row is checked on its own; a bad row is reported as a :class:`CdiscError`
naming the row (0-based) and the variable, and the good rows are kept. Rows are
grouped into administrations by USUBJID, instrument, VISITNUM, --DTC and --GRPID; each is
scored by ketacore from its items, and a submitted total (or QIDS-SR16 domain
maximum) that disagrees with the items is reported as a :class:`Disagreement`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import attrs

from ketacore._text import shown
from ketacore.cdisc._codes import Codelist, Domain, SponsorCodes
from ketacore.cdisc._findings import NOT_DONE
from ketacore.cdisc._terminology import CodeIndex, Role, code_index
from ketacore.exceptions import CdiscError, KetacoreError
from ketacore.instruments import CATALOGUE, MissingPolicy, Score

__all__ = ["Disagreement", "SdtmAdministration", "SdtmScores", "from_sdtm_qs", "from_sdtm_rs"]


@attrs.frozen
class Disagreement:
    """A submitted total (or sub-score) that disagrees with the total of its items.

    Attributes:
        row: The 0-based index of the submitted record.
        usubjid: The subject.
        instrument_id: The ketacore instrument.
        testcd: The --TESTCD of the submitted record (``"PHQ0111"``).
        submitted: The submitted value (--STRESN, else --STRESC, else --ORRES).
        derived: What ketacore derives from the items (``None``: no total, e.g. an
            item recorded as not rated).
    """

    row: int
    usubjid: str
    instrument_id: str
    testcd: str
    submitted: float | str | None
    derived: int | None


@attrs.frozen
class SdtmAdministration:
    """One administration read from SDTM rows and scored by ketacore.

    Attributes:
        usubjid: USUBJID.
        score: The score ketacore derives from the items.
        dtc: The --DTC text (``None`` if absent).
        taken_at: --DTC as a timezone-aware datetime, or ``None`` when it has no UTC
            offset or is only a date.
        visitnum: VISITNUM, or ``None``.
        visit: VISIT, or ``None``.
        rows: The 0-based indices of the rows it was read from.
    """

    usubjid: str
    score: Score
    dtc: str | None
    taken_at: datetime | None
    visitnum: float | None
    visit: str | None
    rows: tuple[int, ...]


@attrs.frozen
class SdtmScores:
    """What :func:`from_sdtm_qs` read: scores, disagreeing totals and rejected rows.

    Attributes:
        administrations: The scored administrations, in order of first row.
        disagreements: Submitted totals that disagree with their items.
        errors: One :class:`CdiscError` per rejected row or administration.
    """

    administrations: tuple[SdtmAdministration, ...]
    disagreements: tuple[Disagreement, ...]
    errors: tuple[CdiscError, ...]


def _blank(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, float) and math.isnan(value))
    )


_SAFE_PREFIXED = ("'=", "'+", "'-", "'@", "'\t", "'\r")
"""Text that ketacore's spreadsheet-safe CSV writer prefixed with ``'`` (``'-P1W``)."""


def _text(row: Mapping[str, Any], name: str) -> str | None:
    value = row.get(name)
    if _blank(value):
        return None
    text = str(value).strip()
    return text[1:] if text.startswith(_SAFE_PREFIXED) else text


def _number(value: object) -> float | None:
    if _blank(value) or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip()[:40])
    except ValueError:
        return None


@attrs.frozen
class _Record:
    index: int
    role: Role
    testcd: str
    value: int | str | None  # the item value, or the submitted total
    submitted: float | str | None


@attrs.define
class _Group:
    domain: Domain
    usubjid: str
    instrument_id: str
    dtc: str | None
    visitnum: float | None
    visit: str | None
    records: list[_Record] = attrs.Factory(list)


def _fail(
    index: int, field: str, value: object, expected: str, fix: str | None = None
) -> CdiscError:
    return CdiscError(row=index, field=field, value=value, expected=expected, fix=fix)


def _roles(
    index: int, row: Mapping[str, Any], domain: Domain, codes: CodeIndex
) -> tuple[Role, str]:
    """The role of the row's test code in its category, or raise naming the field."""
    p = domain
    category = _text(row, f"{p}CAT")
    testcd = _text(row, f"{p}TESTCD")
    if testcd is None:
        raise _fail(index, f"{p}TESTCD", row.get(f"{p}TESTCD"), "a test code such as 'PHQ0101'")
    if category is None:
        raise _fail(index, f"{p}CAT", row.get(f"{p}CAT"), "the instrument's category, e.g. 'PHQ-9'")
    evlint = _text(row, f"{p}EVLINT")
    roles = codes.by_category.get((domain, category, evlint))
    if roles is None:
        roles = codes.by_category.get((domain, category, None))
    if roles is None:
        known = sorted({c for d, c, _ in codes.by_category if d == domain})
        raise _fail(
            index,
            f"{p}CAT",
            category,
            f"a {domain} category of a ketacore instrument ({', '.join(known)})",
            "check the category, or map a sponsor instrument with sponsor_codes=",
        )
    role = roles.get(testcd)
    if role is None:
        owners = [c for c in codes.owners.get((domain, testcd), ()) if c != category]
        if owners:
            raise _fail(
                index,
                f"{p}TESTCD",
                testcd,
                f"a test code of {category!r}",
                f"{testcd!r} belongs to {owners[0]!r}: one {p}CAT holds one instrument's "
                "records; correct the category of this row",
            )
        raise _fail(
            index,
            f"{p}TESTCD",
            testcd,
            f"a test code of {category!r} ({', '.join(sorted(roles))})",
            "check the code against the instrument's codelist",
        )
    return role, testcd


def _item_value(
    index: int, row: Mapping[str, Any], domain: Domain, codes: Codelist, number: int
) -> int | str:
    """The item's value from --STRESN / --STRESC / --ORRES, checked against the codelist."""
    p = domain
    item = CATALOGUE[codes.instrument_id].item(number)
    orres = _text(row, f"{p}ORRES")
    stresn = _number(row.get(f"{p}STRESN"))
    if stresn is None:
        stresn = _number(row.get(f"{p}STRESC"))
    from_text: int | str | None = None
    if orres is not None:
        answer = next((a for a in codes.answers if a.text.lower() == orres.lower()), None)
        if answer is not None:
            from_text = answer.score
        elif orres in item.options and not orres.isdigit():
            from_text = orres
        elif (number_text := _number(orres)) is not None and number_text.is_integer():
            from_text = int(number_text)
        elif codes.answers:
            texts = ", ".join(repr(a.text) for a in codes.answers)
            raise _fail(index, f"{p}ORRES", orres, f"one of the published answers {texts}")
    if stresn is not None and not stresn.is_integer():
        raise _fail(index, f"{p}STRESN", stresn, f"{item.describe_range()} (a whole score)")
    score = None if stresn is None else int(stresn)
    digit = int(from_text[0]) if isinstance(from_text, str) else from_text
    if score is not None and digit is not None and score != digit:
        raise _fail(
            index,
            f"{p}STRESN",
            score,
            f"the score of {p}ORRES {orres!r} ({digit})",
            f"{p}ORRES and {p}STRESN disagree: correct one of them",
        )
    value = from_text if from_text is not None else score
    if value is None:
        raise _fail(index, f"{p}ORRES", orres, f"a result for item {number}, or {p}STAT 'NOT DONE'")
    check = int(value[0]) if isinstance(value, str) else value
    if check not in item.allowed:
        raise _fail(index, f"{p}STRESN", value, f"{item.describe_range()} for item {number}")
    return value


def _submitted(row: Mapping[str, Any], domain: Domain) -> float | str | None:
    for name in (f"{domain}STRESN", f"{domain}STRESC", f"{domain}ORRES"):
        value = row.get(name)
        if not _blank(value):
            number = _number(value)
            return number if number is not None else str(value)
    return None


def _read(
    domain: Domain,
    rows: Iterable[Mapping[str, Any]],
    missing: MissingPolicy,
    sponsor_codes: Mapping[str, SponsorCodes] | None,
) -> SdtmScores:
    codes = code_index(sponsor_codes=sponsor_codes)
    groups: dict[tuple[object, ...], _Group] = {}
    errors: list[CdiscError] = []
    p = domain
    for index, row in enumerate(rows):
        if not isinstance(row, Mapping):
            errors.append(_fail(index, "row", type(row).__name__, "a mapping of SDTM variables"))
            continue
        try:
            usubjid = _text(row, "USUBJID")
            if usubjid is None:
                raise _fail(index, "USUBJID", row.get("USUBJID"), "the subject's USUBJID")
            role, testcd = _roles(index, row, domain, codes)
            codelist = codes.codelists[role.instrument_id]
            stat = _text(row, f"{p}STAT")
            value: int | str | None = None
            submitted: float | str | None = None
            if role.kind in ("item", "form"):
                if stat is not None and stat.upper() == NOT_DONE:
                    value = None
                else:
                    assert role.item is not None
                    value = _item_value(index, row, domain, codelist, role.item)
            elif stat is None or stat.upper() != NOT_DONE:
                submitted = _submitted(row, domain)
        except CdiscError as error:
            errors.append(error)
            continue
        dtc = _text(row, f"{p}DTC")
        visitnum = _number(row.get("VISITNUM"))
        key = (usubjid, role.instrument_id, visitnum, dtc, _text(row, f"{p}GRPID"))
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(
                domain, usubjid, role.instrument_id, dtc, visitnum, _text(row, "VISIT")
            )
        group.records.append(_Record(index, role, testcd, value, submitted))
    administrations: list[SdtmAdministration] = []
    disagreements: list[Disagreement] = []
    for group in groups.values():
        scored = _score(group, missing, errors)
        if scored is None:
            continue
        administrations.append(scored)
        disagreements.extend(_disagreements(group, scored.score))
    errors.sort(key=lambda e: -1 if e.row is None else e.row)
    return SdtmScores(tuple(administrations), tuple(disagreements), tuple(errors))


def _score(
    group: _Group, missing: MissingPolicy, errors: list[CdiscError]
) -> SdtmAdministration | None:
    instrument = CATALOGUE[group.instrument_id]
    responses: dict[int | str, int | str | None] = {}
    seen: dict[str, _Record] = {}
    conflict = False
    for record in group.records:
        first = seen.get(record.testcd)
        if first is not None:
            same = (first.value, first.submitted) == (record.value, record.submitted)
            errors.append(
                CdiscError(
                    row=record.index,
                    field=f"{group.domain}TESTCD",
                    value=record.testcd,
                    got=f"{record.testcd!r} again for this subject, visit and time (first in "
                    f"row {first.index})",
                    expected="one record per test code per administration",
                    fix="drop the duplicate"
                    + ("" if same else "; the two disagree, so the administration is not scored"),
                )
            )
            conflict = conflict or not same
            continue
        seen[record.testcd] = record
        role = record.role
        if role.kind == "item":
            assert role.item is not None
            responses[role.item] = record.value
        elif role.kind == "form":
            assert role.item is not None
            responses[f"{role.item}{role.form}"] = record.value
    if conflict:
        return None
    for item in instrument.items:  # an item with no record at all is missing
        if item.number not in responses and not any(
            k == f"{item.number}{f}" for k in responses for f in item.forms
        ):
            responses[item.number] = None
    first_row = group.records[0].index
    try:
        score = instrument.score(responses, missing=missing)
    except KetacoreError as error:
        errors.append(
            CdiscError(
                row=first_row,
                field=f"{group.domain}TESTCD",
                value=None,
                got=f"items that do not score: {shown(str(error), 160)}",
                expected=f"the items of one {instrument.short_name} administration",
                fix="correct the item records (or read with missing='prorate')",
                item=getattr(error, "item", None),
            )
        )
        return None
    taken_at = _aware(group.dtc)
    return SdtmAdministration(
        usubjid=group.usubjid,
        score=score,
        dtc=group.dtc,
        taken_at=taken_at,
        visitnum=group.visitnum,
        visit=group.visit,
        rows=tuple(r.index for r in group.records),
    )


def _aware(dtc: str | None) -> datetime | None:
    if dtc is None or len(dtc) > 40:
        return None
    try:
        moment = datetime.fromisoformat(dtc)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None and "T" in dtc else None


def _disagreements(group: _Group, score: Score) -> list[Disagreement]:
    out: list[Disagreement] = []
    domains = score.domains
    for record in group.records:
        role = record.role
        if role.kind == "total":
            derived = score.total
        elif role.kind == "domain":
            assert role.domain is not None
            derived = domains.get(role.domain)
        else:
            continue
        if record.submitted is None:
            continue
        if derived is None or record.submitted != derived:
            out.append(
                Disagreement(
                    row=record.index,
                    usubjid=group.usubjid,
                    instrument_id=group.instrument_id,
                    testcd=record.testcd,
                    submitted=record.submitted,
                    derived=derived,
                )
            )
    return out


def from_sdtm_qs(
    rows: Iterable[Mapping[str, Any]],
    *,
    missing: MissingPolicy = "strict",
    sponsor_codes: Mapping[str, SponsorCodes] | None = None,
) -> SdtmScores:
    """Score the items of SDTM QS rows and report totals that disagree with them.

    Rows are mappings of SDTM variables (a CSV read with :func:`csv.DictReader`,
    ``frame.to_dict("records")``, or :func:`qs_rows`). An item's value is read
    from QSSTRESN (else QSSTRESC) and checked against QSORRES and the item's
    codelist; QSSTAT = "NOT DONE" marks it missing. Text that ketacore's
    spreadsheet-safe CSV writer prefixed with ``'`` (``'-P1W``) is read without it.
    Submitted totals are never trusted: ketacore re-derives them and reports
    disagreements.

    >>> from ketacore.cdisc import from_sdtm_qs
    >>> rows = [{"USUBJID": "S-001", "QSCAT": "GAD-7", "QSTESTCD": f"GAD010{n}",
    ...          "QSSTRESN": 2, "QSDTC": "2026-03-02T09:00:00+00:00"} for n in range(1, 8)]
    >>> rows.append({"USUBJID": "S-001", "QSCAT": "GAD-7", "QSTESTCD": "GAD0109",
    ...              "QSSTRESN": 12, "QSDTC": "2026-03-02T09:00:00+00:00"})
    >>> result = from_sdtm_qs(rows)
    >>> result.administrations[0].score.total
    14
    >>> [(d.row, d.testcd, d.submitted, d.derived) for d in result.disagreements]
    [(7, 'GAD0109', 12.0, 14)]

    Args:
        rows: The QS rows.
        missing: ``"strict"`` (default) leaves an administration with missing items
            unscored (reported in ``errors``); ``"prorate"`` applies the instrument's
            prorating rule where it has one.
        sponsor_codes: Sponsor codes merged over :data:`SPONSOR_CODES`, to read
            instruments without a CDISC codelist.

    Returns:
        :class:`SdtmScores`: administrations, disagreements and errors.

    Raises:
        CdiscError: *sponsor_codes* is bad (bad rows are returned, not raised).
    """
    return _read("QS", rows, missing, sponsor_codes)


def from_sdtm_rs(
    rows: Iterable[Mapping[str, Any]],
    *,
    missing: MissingPolicy = "strict",
    sponsor_codes: Mapping[str, SponsorCodes] | None = None,
) -> SdtmScores:
    """Score the items of SDTM RS rows (clinical classifications): :func:`from_sdtm_qs` for RS.

    >>> from ketacore.cdisc import from_sdtm_rs
    >>> rows = [{"USUBJID": "S-001", "RSCAT": "HAM-A", "RSTESTCD": f"HAMA1{n:02d}",
    ...          "RSORRES": "Mild"} for n in range(1, 15)]
    >>> from_sdtm_rs(rows).administrations[0].score.total
    14
    """
    return _read("RS", rows, missing, sponsor_codes)
