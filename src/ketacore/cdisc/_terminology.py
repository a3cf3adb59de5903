"""Which codes an instrument gets: published CDISC terminology, else the sponsor table.

:data:`SPONSOR_CODES` is ketacore's default sponsor table for the instruments that
have no codelist in the cited release (MADRS, YMRS, Y-BOCS, BDI-II, CADSS, MOAA/S,
the C-SSRS screener and the re-anchored BPRS). Every function taking
``sponsor_codes=`` merges the caller's table over it, so a sponsor can rename any
of them; instruments with a published codelist cannot be overridden.

The domain follows who rates the instrument (SDTMIG v3.4 QRS: questionnaires in QS,
clinician-rated clinical classifications in RS), as the release does for its own
codelists (HAM-D17, HAM-A, BPRS in RS; PHQ-9, GAD-7, C-SSRS in QS).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs

from ketacore.cdisc._codes import Codelist, SponsorCodes, TestCode
from ketacore.cdisc._ct import CT_RELEASE, PUBLISHED
from ketacore.exceptions import CdiscError
from ketacore.instruments import CATALOGUE, Instrument
from ketacore.instruments._catalogue import resolve

__all__ = ["SPONSOR_CODES", "CodeIndex", "Role", "code_index", "codelist", "codelists"]

SPONSOR_CODES: Final[MappingProxyType[str, SponsorCodes]] = MappingProxyType(
    {
        "bdi2": SponsorCodes("QS", "BDI-II", "BDI2", total="BDI2TOT"),
        "bprs18_0to6": SponsorCodes("RS", "BPRS-18 0-6", "BPRS6", total="BPRS6TOT"),
        "cadss23": SponsorCodes("QS", "CADSS", "CADSS", total="CADSSTOT"),
        "cssrs_screener": SponsorCodes("QS", "C-SSRS SCREENER", "CSSRSS"),
        "madrs": SponsorCodes("RS", "MADRS", "MADRS", total="MADRSTOT"),
        "madrs_24h": SponsorCodes("RS", "MADRS 24H RECALL", "MADRSH", total="MADRHTOT"),
        "moaas": SponsorCodes("RS", "MOAA/S", "MOAAS"),
        "ybocs": SponsorCodes("RS", "Y-BOCS", "YBOCS", total="YBOCSTOT"),
        "ymrs": SponsorCodes("RS", "YMRS", "YMRS", total="YMRSTOT"),
    }
)
"""ketacore's default sponsor-defined codes, by instrument id, for instruments without a
CDISC codelist in the release (none of these categories or test codes is CDISC's).

The C-SSRS screener is here too: the release's C-SSRS codelists (CSS01–CSS11) are the
full Baseline, Since Last Visit, Screening and other versions, not the 6-question
screener. BDI-II is not ``BDI01``, which in the release is the Baseline Dyspnea Index.
"""

_SPONSOR_SOURCE = "sponsor-defined (ketacore default table; not CDISC controlled terminology)"


def _merged(sponsor_codes: Mapping[str, SponsorCodes] | None) -> Mapping[str, SponsorCodes]:
    if sponsor_codes is None:
        return SPONSOR_CODES
    if not isinstance(sponsor_codes, Mapping):
        raise CdiscError(
            field="sponsor_codes",
            value=sponsor_codes,
            expected="a mapping from instrument id to SponsorCodes",
        )
    for key, codes in sponsor_codes.items():
        if key in PUBLISHED:
            raise CdiscError(
                field=f"sponsor_codes[{key!r}]",
                value=codes,
                got=f"sponsor codes for {key!r}",
                expected="sponsor codes only for instruments without a CDISC codelist",
                fix=f"{key!r} has published terminology ({PUBLISHED[key].category}); drop it",
            )
        if key not in CATALOGUE or not isinstance(codes, SponsorCodes):
            raise CdiscError(
                field=f"sponsor_codes[{key!r}]",
                value=codes,
                expected="a SponsorCodes for a ketacore instrument id such as 'madrs'",
            )
    return {**SPONSOR_CODES, **sponsor_codes}


def _sponsor_codelist(instrument: Instrument, codes: SponsorCodes) -> Codelist:
    items = tuple(
        TestCode(f"{codes.prefix}{item.number:02d}", _name(codes.prefix, item.label), None)
        for item in instrument.items
    )
    total = None
    if codes.total is not None and instrument.total_range is not None and len(items) > 1:
        total = TestCode(codes.total, f"{codes.prefix}-Total Score", None)
    return Codelist(
        instrument_id=instrument.id,
        domain=codes.domain,
        category=codes.category,
        category_code=None,
        items=items,
        total=total,
        release=CT_RELEASE,
        source=_SPONSOR_SOURCE,
        notes=(f"{instrument.short_name} has no codelist in CDISC SDTM CT {CT_RELEASE}.",),
    )


def _name(prefix: str, label: str) -> str:
    """``"MADRS-Apparent sadness"``: the prefix and ketacore's short label, at most 40."""
    text = f"{prefix}-{label[:1].upper()}{label[1:]}"
    return text[:40]


def codelist(
    instrument: Instrument | str, *, sponsor_codes: Mapping[str, SponsorCodes] | None = None
) -> Codelist:
    """Return the SDTM codes of *instrument*: published terminology, else sponsor codes.

    >>> from ketacore.cdisc import codelist
    >>> phq9 = codelist("phq9")
    >>> phq9.domain, phq9.category, phq9.items[0].testcd, phq9.total.testcd, phq9.verified
    ('QS', 'PHQ-9', 'PHQ0101', 'PHQ0111', True)
    >>> codelist("madrs").items[9].testcd, codelist("madrs").verified
    ('MADRS10', False)

    Args:
        instrument: An instrument or its id.
        sponsor_codes: Sponsor codes merged over :data:`SPONSOR_CODES`.

    Raises:
        CdiscError: *sponsor_codes* names an instrument that has published codes, or
            holds something other than :class:`SponsorCodes`.
        UnknownInstrumentError: no instrument has that id.
    """
    inst = resolve(instrument, field="instrument", error=CdiscError)
    table = _merged(sponsor_codes)
    published = PUBLISHED.get(inst.id)
    if published is not None:
        return published
    return _sponsor_codelist(inst, table[inst.id])


def codelists(
    *, sponsor_codes: Mapping[str, SponsorCodes] | None = None
) -> MappingProxyType[str, Codelist]:
    """Return the codes of every catalogue instrument, by instrument id."""
    table = _merged(sponsor_codes)
    return MappingProxyType(
        {
            inst_id: PUBLISHED.get(inst_id) or _sponsor_codelist(inst, table[inst_id])
            for inst_id, inst in CATALOGUE.items()
        }
    )


@attrs.frozen
class Role:
    """What a test code stands for in an instrument: an item, item form, sub-score or total."""

    instrument_id: str
    kind: str  # "item", "form", "domain" or "total"
    item: int | None = None
    form: str | None = None
    domain: str | None = None


@attrs.frozen
class CodeIndex:
    """Codes looked up the other way round, for reading SDTM rows.

    Attributes:
        by_category: ``(domain, --CAT, --EVLINT or None)`` to ``{--TESTCD: Role}``.
        owners: ``(domain, --TESTCD)`` to the categories that use the code (to say
            which instrument a stray code belongs to).
        codelists: The codelists indexed, by instrument id.
    """

    by_category: Mapping[tuple[str, str, str | None], Mapping[str, Role]]
    owners: Mapping[tuple[str, str], tuple[str, ...]]
    codelists: Mapping[str, Codelist]


def code_index(*, sponsor_codes: Mapping[str, SponsorCodes] | None = None) -> CodeIndex:
    """Build the reverse index of every instrument's codes.

    Raises:
        CdiscError: two instruments would share a category and test code (a sponsor
            table that collides with published or other sponsor codes).
    """
    lists = codelists(sponsor_codes=sponsor_codes)
    by_category: dict[tuple[str, str, str | None], dict[str, Role]] = {}
    owners: dict[tuple[str, str], list[str]] = {}
    for inst_id, codes in lists.items():
        key = (codes.domain, codes.category, codes.evlint)
        roles = by_category.setdefault(key, {})
        entries: list[tuple[TestCode, Role]] = [
            (code, Role(inst_id, "item", item=n)) for n, code in enumerate(codes.items, start=1)
        ]
        entries += [(code, Role(inst_id, "form", item=n, form=f)) for n, f, code in codes.forms]
        entries += [(code, Role(inst_id, "domain", domain=d)) for d, code in codes.domains]
        if codes.total is not None:
            entries.append((codes.total, Role(inst_id, "total")))
        for code, role in entries:
            held = roles.get(code.testcd)
            if held is not None and held.instrument_id != inst_id:
                raise CdiscError(
                    field="sponsor_codes",
                    value=code.testcd,
                    got=f"{code.testcd!r} in category {codes.category!r} for both "
                    f"{held.instrument_id!r} and {inst_id!r}",
                    expected="each test code of a category naming one instrument",
                    fix="give the sponsor instrument its own category or prefix",
                )
            roles[code.testcd] = role
            categories = owners.setdefault((codes.domain, code.testcd), [])
            if codes.category not in categories:
                categories.append(codes.category)
    return CodeIndex(
        by_category=MappingProxyType({k: MappingProxyType(v) for k, v in by_category.items()}),
        owners=MappingProxyType({k: tuple(v) for k, v in owners.items()}),
        codelists=lists,
    )
