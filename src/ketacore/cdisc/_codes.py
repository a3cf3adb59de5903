"""The shapes of CDISC codes: a test code, an answer, an instrument's codelist, sponsor codes.

The data itself (which instrument has which codes) is in :mod:`._ct` and
:mod:`._sponsor`; this module only defines and checks the shapes.
"""

from __future__ import annotations

import re
from typing import Any, Literal, TypeAlias

import attrs

from ketacore.exceptions import CdiscError

__all__ = ["Answer", "Codelist", "Domain", "SponsorCodes", "TestCode", "check_testcd"]

Domain: TypeAlias = Literal["QS", "RS"]
"""An instrument's SDTM domain: ``"QS"`` (questionnaires) or ``"RS"`` (clinical classifications)."""

_TESTCD = re.compile(r"[A-Z][A-Z0-9_]{0,7}")
"""SDTMIG v3.4 QS/RS: --TESTCD at most 8 characters, letters, digits or underscores, not
starting with a digit (ketacore also requires upper case)."""


def check_testcd(value: object, field: str) -> str:
    """Return *value* if it is a valid --TESTCD, else raise :class:`CdiscError`."""
    if not isinstance(value, str) or not _TESTCD.fullmatch(value):
        raise CdiscError(
            field=field,
            value=value,
            expected="a test code of 1–8 upper-case letters, digits or underscores, starting "
            "with a letter (SDTMIG v3.4 --TESTCD rules)",
            fix="shorten or rename the code",
        )
    return value


def _testcd(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_testcd(value, attribute.name)


def _short_text(limit: int) -> Any:
    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, str) or not value.strip() or len(value) > limit:
            raise CdiscError(
                field=attribute.name,
                value=value,
                expected=f"non-empty text of at most {limit} characters",
            )

    return validate


@attrs.frozen
class TestCode:
    """One --TESTCD / --TEST pair, with its NCI code when CDISC publishes it.

    Attributes:
        testcd: The short name (``"PHQ0101"``), at most 8 characters.
        test: The name (``"PHQ01-Little Interest/Pleasure in Things"``), at most 40.
        code: The NCI concept code of the term (``"C103705"``), or ``None`` for a
            sponsor-defined code that is not in CDISC controlled terminology.
    """

    __test__ = False  # not a pytest test class

    testcd: str = attrs.field(validator=_testcd)
    test: str = attrs.field(validator=_short_text(40))
    code: str | None = None

    @property
    def sponsor_defined(self) -> bool:
        """Whether the code is the sponsor's own (not published by CDISC)."""
        return self.code is None


@attrs.frozen
class Answer:
    """One term of an item's published answer codelists: the --ORRES text and its score.

    Attributes:
        score: The standard score (--STRESC / --STRESN), e.g. ``1``.
        text: The --ORRES submission value, e.g. ``"Several days"``.
        code: The NCI code of the --ORRES term.
        score_code: The NCI code of the --STRESC term.
    """

    score: int
    text: str
    code: str
    score_code: str


@attrs.frozen(kw_only=True)
class Codelist:
    """The SDTM codes of one ketacore instrument: domain, category, test codes, answers.

    Attributes:
        instrument_id: The ketacore instrument id (``"phq9"``).
        domain: ``"QS"`` or ``"RS"``.
        category: The --CAT value (``"PHQ-9"``).
        category_code: The NCI code of the --CAT term, or ``None`` when sponsor-defined.
        items: One test code per ketacore item, in item order.
        total: The total score's test code, or ``None`` (single-item instruments,
            instruments without a total).
        forms: ``(item, form, test code)`` for items rated in one of several forms
            (HAM-D17 item 16A / 16B).
        domains: ``(scoring-rule domain name, test code)`` for published sub-scores
            (QIDS-SR16 sleep, appetite/weight and psychomotor maxima).
        answers: The published --ORRES / --STRESC terms shared by every item, or
            ``()`` when CDISC publishes none (then --ORRES is the score as text).
        answer_codelists: NCI codes of the --ORRES and --STRESC codelists, if any.
        evlint: The --EVLINT (ISO 8601 duration) written for this instrument, when it
            shares its category with another variant (PCL-5 past week: ``"-P1W"``).
        release: The CDISC controlled-terminology release the codes were checked against.
        source: Where the codes come from.
        notes: Decisions and what could not be verified.
    """

    instrument_id: str
    domain: Domain
    category: str = attrs.field(validator=_short_text(40))
    category_code: str | None
    items: tuple[TestCode, ...]
    total: TestCode | None
    release: str
    source: str
    forms: tuple[tuple[int, str, TestCode], ...] = ()
    domains: tuple[tuple[str, TestCode], ...] = ()
    answers: tuple[Answer, ...] = ()
    answer_codelists: tuple[str, str] | None = None
    evlint: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def verified(self) -> bool:
        """Whether every code was found in the cited CDISC release (none is sponsor-defined)."""
        return self.category_code is not None and all(
            not code.sponsor_defined for code in self.test_codes()
        )

    def test_codes(self) -> tuple[TestCode, ...]:
        """Every test code of the instrument: items, forms, sub-scores and total."""
        extra = tuple(code for _, _, code in self.forms) + tuple(c for _, c in self.domains)
        return (*self.items, *extra, *(() if self.total is None else (self.total,)))

    def answer_for(self, score: int) -> Answer | None:
        """The published answer term for *score*, or ``None``."""
        return next((a for a in self.answers if a.score == score), None)


def _prefix(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Z][A-Z0-9]{0,5}", value):
        raise CdiscError(
            field="prefix",
            value=value,
            expected="1–6 upper-case letters or digits, starting with a letter (item codes "
            "are the prefix and a 2-digit item number, at most 8 characters)",
        )


def _optional_testcd(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        check_testcd(value, attribute.name)


def _domain(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value not in ("QS", "RS"):
        raise CdiscError(field="domain", value=value, expected="'QS' or 'RS'")


@attrs.frozen
class SponsorCodes:
    """Sponsor-defined codes for an instrument that has no CDISC codelist.

    Item *n* gets the test code ``f"{prefix}{n:02d}"`` and the test name
    ``f"{prefix}-{label}"`` from ketacore's short item label (never item wording).

    >>> from ketacore.cdisc import SponsorCodes
    >>> SponsorCodes("RS", "MADRS", "MADRS", total="MADRSTOT").total
    'MADRSTOT'

    Attributes:
        domain: ``"QS"`` or ``"RS"``.
        category: The --CAT value, e.g. ``"MADRS"``.
        prefix: The test-code prefix, 1–6 characters.
        total: The total score's test code, or ``None`` to write no total record.

    Raises:
        CdiscError: a code breaks the SDTMIG --TESTCD rules.
    """

    domain: Domain = attrs.field(validator=_domain)
    category: str = attrs.field(validator=_short_text(40))
    prefix: str = attrs.field(validator=_prefix)
    total: str | None = attrs.field(default=None, validator=_optional_testcd)
