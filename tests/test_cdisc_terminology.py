"""CDISC controlled terminology as data: published codelists, sponsor codes, the reverse index."""

from __future__ import annotations

import pickle
import re

import pytest

from ketacore.cdisc import (
    CT_RELEASE,
    SPONSOR_CODES,
    CdiscError,
    SponsorCodes,
    TestCode,
    codelist,
    codelists,
)
from ketacore.cdisc._ct import PUBLISHED
from ketacore.cdisc._terminology import code_index
from ketacore.exceptions import KetacoreError, UnknownInstrumentError
from ketacore.instruments import CATALOGUE

# Worked examples read from CDISC SDTM CT 2025-03-25 (NCI EVS "SDTM Terminology.txt"),
# one row each: the category term and its NCI code, the first item and the total.
PUBLISHED_EXAMPLES = [
    ("phq9", "QS", "PHQ-9", "C103526", ("PHQ0101", "C103705"), ("PHQ0111", "C113887")),
    ("phq8", "QS", "PHQ-8", "C191043", ("PHQ0501", "C191154"), ("PHQ0509", "C191162")),
    ("gad7", "QS", "GAD-7", "C103519", ("GAD0101", "C103565"), ("GAD0109", "C113886")),
    ("qids_sr16", "QS", "QIDS-SR", "C130316", ("QIDSR101", "C130584"), ("QIDSR120", "C130603")),
    ("hamd17", "RS", "HAMD 17", "C100767", ("HAMD101", "C100398"), ("HAMD118", "C100416")),
    ("hama", "RS", "HAM-A", "C102118", ("HAMA101", "C102073"), ("HAMA115", "C155646")),
    (
        "bprs18",
        "RS",
        "BPRS 1988 VERSION",
        "C161657",
        ("BPRS0101", "C161741"),
        ("BPRS0119", "C161759"),
    ),
]


@pytest.mark.parametrize(
    ("inst", "domain", "cat", "cat_code", "first", "total"), PUBLISHED_EXAMPLES
)
def test_published_codes_match_the_release(
    inst: str,
    domain: str,
    cat: str,
    cat_code: str,
    first: tuple[str, str],
    total: tuple[str, str],
) -> None:
    codes = codelist(inst)
    assert (codes.domain, codes.category, codes.category_code) == (domain, cat, cat_code)
    assert (codes.items[0].testcd, codes.items[0].code) == first
    assert codes.total is not None
    assert (codes.total.testcd, codes.total.code) == total
    assert codes.release == CT_RELEASE == "2025-03-25"
    # HAM-D17's item 16 without a form is a sponsor extension (HAMD116): not all verified.
    assert codes.verified == (inst != "hamd17")


def test_cgi_s_and_cgi_i_share_the_cgi02_category() -> None:
    # SDTMIG v3.4 QS example: QSCAT "CGI", QSTESTCD "CGI0201", QSTEST "CGI02-Severity".
    severity, improvement = codelist("cgi_s"), codelist("cgi_i")
    assert severity.category == improvement.category == "CGI"
    assert (severity.items[0].testcd, severity.items[0].test) == ("CGI0201", "CGI02-Severity")
    assert improvement.items[0].testcd == "CGI0203"
    assert severity.total is None  # single item: the item is the score


def test_phq9_and_hama_answer_codelists() -> None:
    phq9 = codelist("phq9")
    assert [(a.score, a.text) for a in phq9.answers] == [
        (0, "Not at all"),
        (1, "Several days"),
        (2, "More than half the days"),
        (3, "Nearly every day"),
    ]
    assert phq9.answer_codelists == ("C213939", "C213941")
    assert codelist("hama").answer_for(4).text == "Very severe"  # type: ignore[union-attr]
    assert codelist("gad7").answers == ()  # the release publishes no GAD-7 answers


def test_unverified_extensions_are_marked() -> None:
    # The release has no total for PHQ-2, PCL-5 or SDS: ketacore's totals are its own.
    for inst in ("phq2", "pcl5", "pcl5_past_week", "sheehan_sds"):
        codes = codelist(inst)
        assert codes.total is not None
        assert codes.total.sponsor_defined
        assert not codes.verified
        assert all(not item.sponsor_defined for item in codes.items)
    hamd = codelist("hamd17")
    assert hamd.items[15].testcd == "HAMD116"
    assert hamd.items[15].sponsor_defined
    assert [(n, f, c.testcd, c.code) for n, f, c in hamd.forms] == [
        (16, "A", "HAMD116A", "C100413"),
        (16, "B", "HAMD116B", "C100414"),
    ]


def test_every_instrument_has_codes_and_item_counts_match() -> None:
    lists = codelists()
    assert set(lists) == set(CATALOGUE)
    for inst_id, codes in lists.items():
        instrument = CATALOGUE[inst_id]
        assert len(codes.items) == len(instrument.items), inst_id
        testcds = [c.testcd for c in codes.test_codes()]
        assert len(testcds) == len(set(testcds)), inst_id
        for code in codes.test_codes():
            assert re.fullmatch(r"[A-Z][A-Z0-9_]{0,7}", code.testcd), code
            assert len(code.test) <= 40, code
            assert code.code is None or re.fullmatch(r"C\d+", code.code)
        assert (inst_id in PUBLISHED) == (codes.category_code is not None)


def test_instruments_without_a_codelist_get_sponsor_codes() -> None:
    assert set(SPONSOR_CODES) == set(CATALOGUE) - set(PUBLISHED)
    assert {"madrs", "ymrs", "ybocs", "bdi2", "cadss23", "moaas"} <= set(SPONSOR_CODES)
    madrs = codelist("madrs")
    assert (madrs.domain, madrs.category, madrs.category_code) == ("RS", "MADRS", None)
    assert [c.testcd for c in madrs.items][:2] == ["MADRS01", "MADRS02"]
    assert madrs.items[9].test == "MADRS-Suicidal thoughts"
    assert madrs.total == TestCode("MADRSTOT", "MADRS-Total Score", None)
    assert codelist("moaas").total is None  # one item
    assert codelist("bdi2").category != "BDI01"  # BDI01 is the Baseline Dyspnea Index


def test_sponsor_codes_can_be_overridden() -> None:
    mine = {"madrs": SponsorCodes("QS", "MONTGOMERY-ASBERG", "MONTG", total="MONTGTOT")}
    codes = codelist("madrs", sponsor_codes=mine)
    assert (codes.domain, codes.category, codes.items[0].testcd) == (
        "QS",
        "MONTGOMERY-ASBERG",
        "MONTG01",
    )
    assert codelist("ymrs", sponsor_codes=mine).category == "YMRS"  # the rest keep the defaults


@pytest.mark.parametrize(
    ("table", "field"),
    [
        ({"phq9": SponsorCodes("QS", "MY PHQ", "MYPHQ")}, "sponsor_codes['phq9']"),
        ({"madrs": "MADRS"}, "sponsor_codes['madrs']"),
        ({"nope": SponsorCodes("QS", "X", "X")}, "sponsor_codes['nope']"),
        (["madrs"], "sponsor_codes"),
    ],
)
def test_bad_sponsor_tables_are_refused(table: object, field: str) -> None:
    with pytest.raises(CdiscError) as info:
        codelist("madrs", sponsor_codes=table)  # type: ignore[arg-type]
    assert info.value.field == field
    assert isinstance(info.value, KetacoreError)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("QS", "MADRS", "9MADRS"), "prefix"),
        (("QS", "MADRS", "TOOLONGX"), "prefix"),
        (("XX", "MADRS", "MADRS"), "domain"),
        (("QS", "", "MADRS"), "category"),
        (("QS", "MADRS", "MADRS", "TOTAL-1"), "total"),
    ],
)
def test_sponsor_codes_follow_the_testcd_rules(args: tuple[str, ...], field: str) -> None:
    with pytest.raises(CdiscError) as info:
        SponsorCodes(*args)
    assert info.value.field == field


def test_colliding_sponsor_codes_are_refused() -> None:
    # YMRS moved into the MADRS category with MADRS's prefix: one code, two instruments.
    clash = {"ymrs": SponsorCodes("RS", "MADRS", "MADRS")}
    with pytest.raises(CdiscError) as info:
        code_index(sponsor_codes=clash)
    assert info.value.field == "sponsor_codes"
    assert "'madrs'" in str(info.value)
    assert "'ymrs'" in str(info.value)


def test_reverse_index_finds_items_forms_domains_and_totals() -> None:
    index = code_index()
    phq9 = index.by_category[("QS", "PHQ-9", None)]
    assert (phq9["PHQ0109"].instrument_id, phq9["PHQ0109"].item) == ("phq9", 9)
    assert phq9["PHQ0111"].kind == "total"
    hamd = index.by_category[("RS", "HAMD 17", None)]
    assert (hamd["HAMD116B"].kind, hamd["HAMD116B"].item, hamd["HAMD116B"].form) == (
        "form",
        16,
        "B",
    )
    qids = index.by_category[("QS", "QIDS-SR", None)]
    assert (qids["QIDSR117"].kind, qids["QIDSR117"].domain) == ("domain", "sleep")
    assert index.by_category[("QS", "PCL-5", "-P1W")]["PCL0101"].instrument_id == "pcl5_past_week"
    assert index.owners[("QS", "GAD0101")] == ("GAD-7",)


def test_unknown_instrument_and_pickled_error() -> None:
    with pytest.raises(UnknownInstrumentError):
        codelist("not-a-scale")
    error = CdiscError(row=3, field="QSTESTCD", value="XX01", expected="a PHQ-9 test code")
    assert str(error).startswith("row 3: QSTESTCD: got 'XX01'")
    again = pickle.loads(pickle.dumps(error))
    assert (again.row, again.field, str(again)) == (3, "QSTESTCD", str(error))
