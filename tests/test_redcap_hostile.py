"""REDCap input at the edges: sizes, odd layouts, and everything bounded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ketacore.cli import main
from ketacore.exceptions import RedcapError
from ketacore.instruments import MOAAS, PHQ9
from ketacore.redcap import (
    API_KEYS,
    DataDictionary,
    RecordsExport,
    _csv,
    example_path,
    find_forms,
    parse_choices,
    score_records,
)
from redcap_fixtures import FREQUENCY, HEADER_LINE, dictionary_row, dictionary_text


def test_unreadable_paths(tmp_path: Path) -> None:
    with pytest.raises(RedcapError, match="cannot read"):
        DataDictionary.read(tmp_path / ("x" * 300))  # a name too long for the file system


def test_blank_lines_and_trailing_empty_columns_are_ignored() -> None:
    d = DataDictionary.from_text(dictionary_text().replace(HEADER_LINE, HEADER_LINE + ","))
    assert d.problems == ()
    records = RecordsExport.from_text("record_id,x\n\n1,a\n\n2,b\n")
    assert [(r.record, r.line) for r in records.rows] == [("1", 3), ("2", 5)]


def test_limits_on_width_names_choices_and_json(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(RedcapError, match="at most 20000"):
        RecordsExport.from_text(",".join(f"c{n}" for n in range(20_001)) + "\n")
    with pytest.raises(RedcapError, match="too long to be a field"):
        RecordsExport.from_text("record_id," + "c" * 100_001 + "\n")
    with pytest.raises(RedcapError) as caught:
        parse_choices(" | ".join(f"{n}, x" for n in range(5_001)))
    assert "got 5001 choices" in str(caught.value)
    monkeypatch.setattr(_csv, "_MAX_JSON_BYTES", 10)
    with pytest.raises(RedcapError, match="at most 10"):
        RecordsExport.from_json(json.dumps([{"record_id": "1"}]))


def test_a_dictionary_json_file(tmp_path: Path) -> None:
    d = DataDictionary.read(example_path("dictionary"))
    path = tmp_path / "metadata.json"
    path.write_text(json.dumps([dict(zip(API_KEYS, f.to_row(), strict=True)) for f in d.fields]))
    from_file = DataDictionary.read(path)
    assert from_file.fields == d.fields
    assert from_file.source == str(path)


def test_a_non_integer_in_an_integer_item_field() -> None:
    lines = [HEADER_LINE, dictionary_row("record_id", "phq9", "text", "id")]
    lines += [
        dictionary_row(f"phq9_{n}", "phq9", "text", "x", validation="integer") for n in range(1, 10)
    ]
    d = DataDictionary.from_text("\n".join(lines))
    assert find_forms(d).forms[0].instrument is PHQ9
    records = RecordsExport.from_text(
        "record_id," + ",".join(f"phq9_{n}" for n in range(1, 10)) + "\n1,2.5,0,0,0,0,0,0,0,+1\n"
    )
    (score,) = score_records(d, records).scores
    assert score.error is not None
    assert score.error.startswith("phq9_1: got '2.5'")


def test_a_form_named_after_an_instrument_whose_fields_are_taken() -> None:
    # Form "cgi_s" holds one field, moaas_1, which the MOAA/S is found by: not a CGI-S.
    lines = [
        HEADER_LINE,
        dictionary_row("record_id", "cgi_s", "text", "id"),
        dictionary_row("moaas_1", "cgi_s", "radio", "x", "0, 0 | 1, 1 | 2, 2 | 3, 3 | 4, 4 | 5, 5"),
    ]
    found = find_forms(DataDictionary.from_text("\n".join(lines)))
    assert [f.instrument for f in found.forms] == [MOAAS]
    assert found.problems == ()


def test_the_cli_caps_the_bad_rows_it_lists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dictionary = tmp_path / "dictionary.csv"
    dictionary.write_text(
        "\n".join(
            [
                HEADER_LINE,
                dictionary_row("record_id", "gad7", "text", "id"),
                *[
                    dictionary_row(f"gad7_{n}", "gad7", "radio", "x", FREQUENCY)
                    for n in range(1, 8)
                ],
            ]
        )
    )
    records = tmp_path / "records.csv"
    good = "\n".join(f"{n},0,0,0,0,0,0,0" for n in range(3))
    bad = "\n".join(f"{n},9,0,0,0,0,0,0" for n in range(3, 28))
    records.write_text(
        "record_id," + ",".join(f"gad7_{n}" for n in range(1, 8)) + f"\n{good}\n{bad}\n"
    )
    assert main(["score", "--redcap", str(dictionary), str(records)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 21
    assert err[-1] == "ketacore: ... and 5 more bad rows (--errors FILE lists them all)"
