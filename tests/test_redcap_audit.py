"""Auditing REDCap calc totals against the instruments' own rules."""

from __future__ import annotations

import pytest

from ketacore.redcap import (
    DataDictionary,
    RecordsExport,
    audit,
    example_path,
    find_forms,
    score_records,
)
from redcap_fixtures import RAW_RECORDS, RECORD_COLUMNS, dictionary_text

_GAD_BLANK = ",,,,,,,,,"


def _records(*phq9_rows: str) -> RecordsExport:
    """Classic rows ``record,items...,total,status`` of the fixture project's PHQ-9."""
    lines = [RECORD_COLUMNS]
    for n, cells in enumerate(phq9_rows):
        lines.append(f"{n + 1:03d},baseline_arm_1,,,,,,,,{cells}{_GAD_BLANK}")
    return RecordsExport.from_text("\n".join(lines) + "\n")


@pytest.fixture
def dictionary() -> DataDictionary:
    return DataDictionary.from_text(dictionary_text())


def test_worked_example_phq9_blank_item_counted_as_zero(dictionary: DataDictionary) -> None:
    # PHQ-9 items 1-8 = 1, item 9 blank. REDCap's calc sum([phq9_1],...,[phq9_9]) skips
    # the blank and stores 8 (clinical reference §8: "a missing item silently lowers the
    # REDCap sum"). The PHQ-9 has no missing-item rule from its authors; the NHS Data
    # Dictionary replaces 1-2 missing items with the mean of the answered ones
    # (clinical reference §1.1 "Missing items"; worked example D13: total 9, mild).
    records = _records("1,1,1,1,1,1,1,1,,8,2")
    (strict,) = audit(dictionary, records)
    assert (strict.field, strict.stored, strict.expected, strict.line) == (
        "phq9_total",
        "8",
        None,
        2,
    )
    assert "the items give no total" in strict.reason
    assert "item 9" in strict.reason
    (prorated,) = audit(dictionary, records, missing="prorate")
    assert (prorated.stored, prorated.expected) == ("8", 9)
    assert prorated.reason == "REDCap stored 8; the items give 9 (prorated)"
    assert str(prorated) == "line 2: phq9_total: REDCap stored 8; the items give 9 (prorated)"
    assert "001" not in str(prorated) + repr(prorated)
    assert prorated.record == "001"


def test_agreeing_totals_are_not_findings(dictionary: DataDictionary) -> None:
    records = _records("2,2,2,2,1,1,2,0,0,12,2", "3,3,3,3,3,3,3,3,3,27.0,2", ",,,,,,,,,,")
    assert audit(dictionary, records) == ()


@pytest.mark.parametrize(
    ("row", "stored", "expected", "words"),
    [
        ("2,2,2,2,1,1,2,0,0,11,2", "11", 12, "REDCap stored 11; the items give 12"),
        ("2,2,2,2,1,1,2,0,0,,2", None, 12, "REDCap stored no total; the items give 12"),
        ("2,2,2,2,1,1,2,0,0,twelve,2", "twelve", 12, "'twelve', which is not a number"),
        ("2,2,2,2,1,1,2,0,0,nan,2", "nan", 12, "not a number"),
        (",,,,,,,,,0,0", "0", None, "REDCap stored '0' but no item of the form is answered"),
        ("4,2,2,2,1,1,2,0,0,13,2", "13", None, "phq9_1: got '4'"),
    ],
)
def test_disagreements(
    dictionary: DataDictionary, row: str, stored: str | None, expected: int | None, words: str
) -> None:
    (finding,) = audit(dictionary, _records(row))
    assert (finding.form, finding.field, finding.stored, finding.expected) == (
        "phq9",
        "phq9_total",
        stored,
        expected,
    )
    assert words in finding.reason


def test_a_plus_calc_that_stays_blank_agrees_with_strict_scoring(
    dictionary: DataDictionary,
) -> None:
    # gad7_total is [gad7_1]+...+[gad7_7]: blank while an item is blank, as strict scoring.
    row = "001,baseline_arm_1,gad7,1,,,,,,,,,,,,,,,,,1,1,1,1,1,1,,,1"
    records = RecordsExport.from_text(f"{RECORD_COLUMNS}\n{row}\n")
    assert audit(dictionary, records) == ()
    # GAD-7 has no published missing-item rule: no total under either policy.
    assert audit(dictionary, records, missing="prorate") == ()


def test_the_fixture_project_has_one_finding(dictionary: DataDictionary) -> None:
    findings = audit(dictionary, RecordsExport.from_text(RAW_RECORDS, dictionary=dictionary))
    assert [(f.line, f.event, f.instance, f.field) for f in findings] == [
        (5, "week_4_arm_1", None, "phq9_total")
    ]


def test_forms_without_a_total_are_not_audited(dictionary: DataDictionary) -> None:
    forms = [f for f in find_forms(dictionary).forms if f.form == "gad7"]
    records = _records("1,1,1,1,1,1,1,1,,8,2")
    assert audit(dictionary, records, forms=forms) == ()
    no_total = [type(forms[0])(forms[0].instrument, "gad7", forms[0].item_fields)]
    assert audit(dictionary, records, forms=no_total) == ()


def test_the_bundled_example_project() -> None:
    dictionary = DataDictionary.read(example_path("dictionary"))
    records = RecordsExport.read(example_path("records"), dictionary=dictionary)
    assert [f.instrument.id for f in find_forms(dictionary).forms] == ["phq9", "madrs"]
    result = score_records(dictionary, records)
    assert len(result.scores) == 8
    assert [
        (s.form.form, s.instance, s.total) for s in result.scores if s.form.form == "madrs"
    ] == [
        ("madrs", 1, 4 + 4 + 3 + 4 + 2 + 3 + 3 + 4 + 3 + 2),
        ("madrs", 2, 2 + 3 + 2 + 3 + 1 + 2 + 2 + 2 + 2 + 1),
    ]
    findings = audit(dictionary, records)
    assert [(f.line, f.stored, f.expected) for f in findings] == [(5, "8", None), (9, None, 14)]
