"""Bad REDCap input: clear errors naming the row or field, and the good rows kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ketacore.exceptions import KetacoreError, RedcapError, TableError
from ketacore.instruments import GAD7, PHQ9
from ketacore.redcap import (
    DataDictionary,
    InstrumentForm,
    RecordsExport,
    checked,
    decode_choice,
    find_forms,
    parse_choices,
    score_records,
)
from redcap_fixtures import (
    FREQUENCY,
    HEADER_LINE,
    RAW_RECORDS,
    RECORD_COLUMNS,
    _phq9_lines,
    dictionary_row,
    dictionary_text,
)


def test_redcap_error_is_a_table_error() -> None:
    assert issubclass(RedcapError, TableError)
    assert issubclass(RedcapError, KetacoreError)
    assert issubclass(RedcapError, ValueError)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty"),
        ("Form Name,Field Type,Field Label\nf,text,x\n", "'Variable / Field Name'"),
        (HEADER_LINE + ",Extra\n", "'Extra', is not a data dictionary column"),
        ('Variable / Field Name,Form Name,Field Type,Field Label\n"a,f', "bad CSV"),
        ("Variable / Field Name,Form Name,Form Name,Field Type,Field Label\n", "appears twice"),
    ],
)
def test_a_dictionary_that_cannot_be_read_raises(text: str, words: str) -> None:
    with pytest.raises(RedcapError, match="dictionary") as caught:
        DataDictionary.from_text(text)
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        (dictionary_row("bad", "f", "radiobutton", "x", "0, a"), "Field Type", "'radiobutton'"),
        (
            dictionary_row("bad", "f", "radio", "x", "0 Not at all | 1 Often"),
            "Choices",
            "'0 Not at all",
        ),
        (dictionary_row("bad", "f", "radio", "x", ""), "Choices", "choices such as"),
        (dictionary_row("bad", "f", "dropdown", "x", "1, a | 1, b"), "Choices", "code '1' twice"),
        (dictionary_row("1bad", "f", "text", "x"), "Variable / Field Name", "'1bad'"),
        (dictionary_row("bad", "", "text", "x"), "Form Name", "the form"),
        (dictionary_row("bad", "f", "calc", "x"), "Choices", "equation"),
        (dictionary_row("record_id", "f", "text", "again"), "Variable / Field Name", "line 2"),
    ],
)
def test_a_bad_dictionary_row_is_reported_and_the_others_kept(
    row: str, field: str, words: str
) -> None:
    d = DataDictionary.from_text(dictionary_text(row))
    (problem,) = d.problems
    assert problem.line == len(dictionary_text().splitlines()) + 1
    assert problem.field is not None
    assert problem.field.startswith(field)
    assert words in problem.reason
    assert str(problem).startswith(f"line {problem.line}, {problem.field}: ")
    assert [f.instrument for f in find_forms(d).forms] == [PHQ9, GAD7]


def test_parse_choices_errors_carry_attributes() -> None:
    with pytest.raises(RedcapError) as caught:
        parse_choices("0, a | x", field="phq9_1")
    assert (caught.value.field, caught.value.value) == ("phq9_1", "x")
    assert caught.value.expected is not None
    assert "code, label" in caught.value.expected


def test_choices_that_do_not_match_the_instruments_range_are_reported() -> None:
    # PHQ-9 items coded 1-4 (as the CMS MCBS codes them, clinical reference §8): the
    # field cannot record the item's 0-3 points.
    one_to_four = "1, Not at all | 2, Several days | 3, More than half | 4, Nearly every day"
    lines = _phq9_lines()
    lines[2] = dictionary_row("phq9_3", "phq9", "radio", "item 3", one_to_four)
    lines[4] = dictionary_row("phq9_5", "phq9", "text", "item 5", validation="date_ymd")
    d = DataDictionary.from_text(dictionary_text(phq9=lines))
    found = find_forms(d)
    assert [f.instrument for f in found.forms] == [GAD7]  # the good form is kept
    assert [(p.line, p.field) for p in found.problems] == [(7, "phq9_3"), (9, "phq9_5")]
    assert "coded 1, 2, 3, 4 do not match PHQ-9 item 3" in found.problems[0].reason
    assert "an integer 0–3" in found.problems[0].reason
    assert "validated as date_ymd" in found.problems[1].reason
    result = score_records(d, RecordsExport.from_text(RAW_RECORDS, dictionary=d))
    assert result.dictionary_problems == found.problems
    assert {s.form.form for s in result.scores} == {"gad7"}


@pytest.mark.parametrize(
    ("row", "words"),
    [
        (
            dictionary_row("phq9_3", "phq9", "text", "x", validation="integer", maximum="4"),
            "max '4'",
        ),
        (
            dictionary_row("phq9_3", "phq9", "text", "x", validation="integer", minimum="a"),
            "min 'a'",
        ),
        (dictionary_row("phq9_3", "phq9", "checkbox", "x", FREQUENCY), "a checkbox field"),
        (dictionary_row("phq9_3", "phq9", "radio", "x", FREQUENCY + " | 9, Refused"), "coded 0"),
    ],
)
def test_item_fields_that_cannot_record_the_item(row: str, words: str) -> None:
    lines = _phq9_lines()
    lines[2] = row
    found = find_forms(DataDictionary.from_text(dictionary_text(phq9=lines)))
    (problem,) = found.problems
    assert problem.field == "phq9_3"
    assert words in problem.reason


def test_an_integer_text_field_in_range_is_an_item() -> None:
    lines = _phq9_lines()
    lines[2] = dictionary_row(
        "phq9_3", "phq9", "text", "x", validation="integer", minimum="0", maximum="3"
    )
    found = find_forms(DataDictionary.from_text(dictionary_text(phq9=lines)))
    assert found.problems == ()
    assert found.forms[0].instrument is PHQ9


def test_from_fields_checks_what_it_is_given() -> None:
    d = DataDictionary.from_text(dictionary_text())
    gad = [f"gad7_{n}" for n in range(1, 8)]
    form = InstrumentForm.from_fields(d, "gad7", gad, total="gad7_total")
    assert (form.instrument, form.form, form.total) == (GAD7, "gad7", "gad7_total")
    with pytest.raises(RedcapError) as caught:
        InstrumentForm.from_fields(d, "gad7", gad[:6])
    assert (caught.value.field, caught.value.value) == ("items", 6)
    with pytest.raises(RedcapError) as caught:
        InstrumentForm.from_fields(d, "gad7", [*gad[:6], "gad7_8"])
    assert (caught.value.field, caught.value.value) == ("field", "gad7_8")
    with pytest.raises(RedcapError) as caught:
        InstrumentForm.from_fields(d, "gad7", [*gad[:6], "enrol_date"])
    assert caught.value.field == "enrol_date"
    with pytest.raises(RedcapError):
        InstrumentForm.from_fields(d, "gad7", "gad7_1")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ('{"error": "You do not have permissions to use the API"}', "answered with an error"),
        ('{"a": 1}', "a JSON dict"),
        ('[{"field_name": "a", "field_name": "b"}]', "appears twice"),
        ("[NaN]", "not valid JSON"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ("not json", "not valid JSON"),
    ],
)
def test_bad_json_raises(data: str, words: str) -> None:
    for read in (DataDictionary.from_json, RecordsExport.from_json):
        with pytest.raises(RedcapError) as caught:
            read(data)
        assert words in str(caught.value)


def test_bad_json_rows_are_reported_and_the_others_kept() -> None:
    d = DataDictionary.from_text(dictionary_text())
    from ketacore.redcap import API_KEYS

    good = [dict(zip(API_KEYS, f.to_row(), strict=True)) for f in d.fields[:3]]
    metadata = [*good[:2], ["not", "an", "object"], {"field_name": "x"}, good[2]]
    read = DataDictionary.from_json(json.dumps(metadata))
    assert [f.name for f in read.fields] == ["record_id", "enrol_date", "prior_tx"]
    assert [p.line for p in read.problems] == [3, 4]
    records = RecordsExport.from_json([{"record_id": "1"}, {"record_id": {"nested": 1}}])
    assert [p.line for p in records.problems] == [2]
    assert len(records.rows) == 1


def test_a_label_header_export_is_refused_with_a_fix() -> None:
    d = DataDictionary.from_text(dictionary_text())
    with pytest.raises(RedcapError, match="variable names as column headers"):
        RecordsExport.from_text("Record ID,Event Name\n001,Baseline\n", dictionary=d)


def test_bad_record_rows_are_reported_and_the_good_rows_kept() -> None:
    d = DataDictionary.from_text(dictionary_text())
    lines = RAW_RECORDS.splitlines()
    bad = [
        lines[1],  # line 8: the same record, event and instance as line 2
        "," + lines[2].partition(",")[2],  # line 9: no record id
        lines[2].replace("gad7,1,", "gad7,0,"),  # line 10: instance 0
        lines[2].replace("gad7,1,", "gad7,x,"),  # line 11: instance x
        lines[5] + ",extra",  # line 12: one cell too many
    ]
    records = RecordsExport.from_text("\n".join([*lines, *bad]) + "\n", dictionary=d)
    assert len(records.rows) == 6
    assert [(p.line, p.field) for p in records.problems] == [
        (8, "record_id"),
        (9, "record_id"),
        (10, "redcap_repeat_instance"),
        (11, "redcap_repeat_instance"),
        (12, None),
    ]
    assert "line 2" in records.problems[0].reason
    assert all("001" not in str(p) and "002" not in str(p) for p in records.problems)
    assert score_records(d, records).record_problems == records.problems


def test_bad_cells_make_the_administration_an_error_and_others_score() -> None:
    d = DataDictionary.from_text(dictionary_text())
    row = "003,baseline_arm_1,,,,,,,,4,0,0,0,0,0,0,0,0,4,2,,,,,,,,,"
    status = "004,baseline_arm_1,,,,,,,,0,0,0,0,0,0,0,0,0,0,done,,,,,,,,,"
    records = RecordsExport.from_text("\n".join([RECORD_COLUMNS, row, status]) + "\n")
    first, second = score_records(d, records).scores
    assert first.score is None
    assert first.error is not None
    assert first.error.startswith("phq9_1: got '4'")
    assert "Several days" in first.error
    assert second.score is None
    assert second.error is not None
    assert second.error.startswith("phq9_complete: got 'done'")


def test_decode_and_checked_errors() -> None:
    d = DataDictionary.from_text(dictionary_text())
    with pytest.raises(RedcapError) as caught:
        decode_choice(d["phq9_1"], "0", export="label")
    assert (caught.value.field, caught.value.value) == ("phq9_1", "0")
    records = RecordsExport.from_text("record_id,prior_tx___1\n1,yes\n")
    with pytest.raises(RedcapError) as caught:
        checked(d["prior_tx"], records.rows[0])
    assert (caught.value.field, caught.value.value) == ("prior_tx___1", "yes")
    with pytest.raises(RedcapError, match="a checkbox field"):
        checked(d["phq9_1"], records.rows[0])


def test_unknown_missing_policy() -> None:
    d = DataDictionary.from_text(dictionary_text())
    with pytest.raises(RedcapError) as caught:
        score_records(d, RecordsExport.from_text(RAW_RECORDS), missing="zero")  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("missing", "zero")


def test_files_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(RedcapError, match="no such file"):
        DataDictionary.read(tmp_path / "missing.csv")
    with pytest.raises(RedcapError, match="directory"):
        RecordsExport.read(tmp_path)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("record_id,name\n1,Jos\xe9\n".encode("latin-1"))
    with pytest.raises(RedcapError, match="not UTF-8"):
        RecordsExport.read(latin)
    long = tmp_path / "long.csv"
    long.write_text("record_id,x\n1," + "y" * 100_001 + "\n2,z\n", encoding="utf-8")
    records = RecordsExport.read(long)
    assert [r.record for r in records.rows] == ["2"]
    assert "100001 characters" in records.problems[0].reason


def test_unknown_export_kind() -> None:
    d = DataDictionary.from_text(dictionary_text())
    (form,) = [f for f in find_forms(d).forms if f.form == "phq9"]
    row = RecordsExport.from_text(RAW_RECORDS, dictionary=d).rows[0]
    with pytest.raises(RedcapError) as caught:
        form.responses(row, export="both")  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("export", "both")
    assert form.responses(row, export="raw") == [2, 2, 2, 2, 1, 1, 2, 0, 0]
