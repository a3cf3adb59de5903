"""Writing REDCap data dictionaries for ketacore instruments; the API pull; the examples."""

from __future__ import annotations

import csv
import io
import json
import sys
import types
from typing import ClassVar

import pytest

from ketacore.exceptions import RedcapError, UnknownInstrumentError
from ketacore.instruments import CATALOGUE, MADRS, PHQ9, QIDS_SR16
from ketacore.redcap import (
    API_KEYS,
    HEADER,
    DataDictionary,
    DictionaryField,
    build_dictionary,
    dictionary_csv,
    example_path,
    pull_project,
    score_records,
    write_dictionary,
)


def test_item_wording_only_where_the_licence_allows_it() -> None:
    d = build_dictionary(CATALOGUE)
    for inst in CATALOGUE.values():
        for item in inst.items:
            label = d[f"{inst.id}_{item.number}"].label
            if inst.licence.item_text_allowed and item.text:
                assert label == item.text
            else:
                assert label == f"{item.number}. {item.label}", inst.id
    assert d["madrs_2"].label == "2. reported sadness"  # MADRS: treated as copyrighted
    assert d["phq9_1"].label == PHQ9.items[0].text  # PHQ-9: free to reproduce


def test_choices_cover_each_items_points_codes_and_options() -> None:
    d = build_dictionary(["madrs", "hamd17", "bdi2", "cgi_s"])
    assert d["madrs_1"].codes == tuple(str(v) for v in range(7))
    assert "3" in d["hamd17_16"].codes  # HAM-D17 item 16: 3 = not assessed
    assert ("0", "0 = not assessed") in d["cgi_s_1"].choices
    assert {"1a", "1b", "2a", "2b", "3a", "3b"} <= set(d["bdi2_16"].codes)


def test_totals_only_for_plain_sums() -> None:
    d = build_dictionary([PHQ9, MADRS, QIDS_SR16, "bdi2", "cssrs_screener", "hamd17"])
    calcs = {f.name: f.calculation for f in d.fields if f.field_type == "calc"}
    assert set(calcs) == {"phq9_total", "madrs_total"}
    assert calcs["madrs_total"] == " + ".join(f"[madrs_{n}]" for n in range(1, 11))


def test_the_csv_has_redcaps_18_columns_and_reads_back() -> None:
    text = write_dictionary(["phq9", "gad7"], record_id="study_id")
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == HEADER
    assert {len(r) for r in rows} == {18}
    assert rows[1][:5] == ["study_id", "phq9", "", "text", "Record ID"]
    assert (
        DataDictionary.from_text(text).fields
        == build_dictionary(["phq9", "gad7"], record_id="study_id").fields
    )


def test_cells_a_spreadsheet_would_evaluate_are_neutralised() -> None:
    d = DataDictionary(
        (
            DictionaryField("record_id", "f", "text", "=HYPERLINK(1)"),
            DictionaryField("x", "f", "radio", "-2 points", choices=(("-1", "@no"),)),
        )
    )
    rows = list(csv.reader(io.StringIO(dictionary_csv(d))))
    assert rows[1][4] == "'=HYPERLINK(1)"
    assert rows[2][4] == "'-2 points"
    assert rows[2][5] == "'-1, @no"


@pytest.mark.parametrize(
    ("instruments", "error"),
    [([], RedcapError), (["phq9", "PHQ-9"], RedcapError), (["phq10"], UnknownInstrumentError)],
)
def test_bad_instrument_lists(instruments: list[str], error: type[Exception]) -> None:
    with pytest.raises(error):
        build_dictionary(instruments)


def test_example_path() -> None:
    assert example_path("dictionary").name == "example_dictionary.csv"
    assert example_path("records").is_file()
    with pytest.raises(RedcapError) as caught:
        example_path("events")  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("name", "events")


class _FakeProject:
    """PyCap's Project as ketacore calls it: two JSON exports of the bundled example."""

    calls: ClassVar[list[tuple[str, dict[str, str]]]] = []

    def __init__(self, url: str, token: str) -> None:
        self.url = url

    def export_metadata(self, **kw: str) -> list[dict[str, str]]:
        self.calls.append(("metadata", kw))
        d = DataDictionary.read(example_path("dictionary"))
        return [dict(zip(API_KEYS, f.to_row(), strict=True)) for f in d.fields]

    def export_records(self, **kw: str) -> list[dict[str, str]]:
        self.calls.append(("records", kw))
        text = example_path("records").read_text("utf-8")
        return list(csv.DictReader(io.StringIO(text)))


def test_pull_project_reads_the_apis_json(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.ModuleType("redcap")
    fake.Project = _FakeProject  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "redcap", fake)
    project = pull_project("https://redcap.example.org/api/", "SECRET-TOKEN")
    assert [c for c, _ in _FakeProject.calls[-2:]] == ["metadata", "records"]
    assert _FakeProject.calls[-1][1] == {
        "format_type": "json",
        "raw_or_label": "raw",
        "event_name": "unique",
    }
    assert project.dictionary.source == "<json>"
    assert [s.total for s in score_records(project.dictionary, project.records).scores][:3] == [
        12,
        32,
        20,
    ]


def test_pull_project_errors_never_show_the_token(monkeypatch: pytest.MonkeyPatch) -> None:
    class Refusing(_FakeProject):
        def export_metadata(self, **kw: str) -> list[dict[str, str]]:
            raise RuntimeError("403 for token SECRET-TOKEN")

    fake = types.ModuleType("redcap")
    fake.Project = Refusing  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "redcap", fake)
    with pytest.raises(RedcapError) as caught:
        pull_project("https://redcap.example.org/api/", "SECRET-TOKEN")
    assert "SECRET-TOKEN" not in str(caught.value)
    assert "RuntimeError" in str(caught.value)
    monkeypatch.setitem(sys.modules, "redcap", None)
    with pytest.raises(RedcapError) as caught:
        pull_project("https://redcap.example.org/api/", "SECRET-TOKEN")
    assert caught.value.fix == "pip install 'ketacore[redcap]'"
    assert json.dumps(str(caught.value)).count("SECRET") == 0
