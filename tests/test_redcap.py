"""Reading REDCap data dictionaries and records exports, and scoring their instrument forms."""

from __future__ import annotations

import json

import pytest

from ketacore.instruments import GAD7, PHQ9
from ketacore.redcap import (
    API_KEYS,
    HEADER,
    DataDictionary,
    FormStatus,
    RecordsExport,
    checked,
    decode_choice,
    find_forms,
    parse_choices,
    score_records,
)
from redcap_fixtures import LABEL_RECORDS, RAW_RECORDS, dictionary_text

# The 18 columns as the clinical reference §9.3 lists them, in order.
REFERENCE_COLUMNS = [
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices / Calculations / Slider Labels",
    "Field Note",
    "Text Validation Type",
    "Min",
    "Max",
    "Identifier?",
    "Branching Logic",
    "Required Field?",
    "Custom Alignment",
    "Question Number",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
]


def _words(name: str) -> set[str]:
    return {w for w in name.lower().replace("/", " ").replace(",", " ").split() if w != "or"}


def test_header_has_the_18_reference_columns_in_order() -> None:
    assert len(HEADER) == len(API_KEYS) == 18
    for ours, reference in zip(HEADER, REFERENCE_COLUMNS, strict=True):
        # REDCap's own names are longer ("Text Validation Min"); each holds the reference's words.
        assert _words(reference) <= _words(ours) | {"min", "max"}, (ours, reference)
    assert HEADER[8].endswith("Min")
    assert HEADER[9].endswith("Max")


@pytest.fixture
def dictionary() -> DataDictionary:
    return DataDictionary.from_text(dictionary_text())


def _scores(dictionary: DataDictionary, records: RecordsExport, **kw: object) -> dict:
    result = score_records(dictionary, records, **kw)  # type: ignore[arg-type]
    return {(s.record, s.event, s.instance, s.form.form): s for s in result.scores}


def test_dictionary_fields_choices_and_calc(dictionary: DataDictionary) -> None:
    assert dictionary.problems == ()
    assert dictionary.record_id == "record_id"
    assert dictionary.forms == ("enrolment", "phq9", "gad7")
    item = dictionary["phq9_1"]
    assert item.field_type == "radio"
    assert item.codes == ("0", "1", "2", "3")
    assert item.choices[2] == ("2", "More than half the days")
    assert dictionary["phq9_total"].calculation == (
        "sum([phq9_1],[phq9_2],[phq9_3],[phq9_4],[phq9_5],[phq9_6],[phq9_7],[phq9_8],[phq9_9])"
    )
    assert dictionary["enrol_date"].validation == "date_ymd"
    assert dictionary["prior_tx"].codes == ("1", "2", "3")
    assert dictionary["phq9_1"].line == 5
    assert "gad7_7" in dictionary
    assert "gad7_8" not in dictionary
    assert dictionary.get("nope") is None


def test_parse_choices_keeps_commas_in_labels_and_code_text() -> None:
    assert parse_choices("01, Yes, often | 2,No") == (("01", "Yes, often"), ("2", "No"))
    assert parse_choices("-1, refused | a_b, x") == (("-1", "refused"), ("a_b", "x"))


def test_yesno_field_has_redcaps_built_in_codes() -> None:
    from redcap_fixtures import HEADER_LINE, dictionary_row

    d = DataDictionary.from_text(
        "\n".join(
            [
                HEADER_LINE,
                dictionary_row("record_id", "f", "text", "id"),
                dictionary_row("consent", "f", "yesno", "Consent?"),
            ]
        )
    )
    assert d["consent"].choices == (("1", "Yes"), ("0", "No"))


def test_api_metadata_json_reads_as_the_csv_does(dictionary: DataDictionary) -> None:
    metadata = [dict(zip(API_KEYS, f.to_row(), strict=True)) for f in dictionary.fields]
    from_json = DataDictionary.from_json(json.dumps(metadata))
    assert from_json.fields == dictionary.fields
    assert from_json.source == "<json>"
    assert DataDictionary.from_json(metadata).fields == dictionary.fields


def test_find_forms_by_field_names_with_their_totals(dictionary: DataDictionary) -> None:
    found = find_forms(dictionary)
    assert found.problems == ()
    assert [(f.instrument, f.form, f.total) for f in found.forms] == [
        (PHQ9, "phq9", "phq9_total"),
        (GAD7, "gad7", "gad7_total"),
    ]
    assert found.forms[0].items == tuple(f"phq9_{n}" for n in range(1, 10))


def test_find_forms_by_form_name_when_field_names_say_nothing() -> None:
    from redcap_fixtures import FREQUENCY, HEADER_LINE, dictionary_row

    lines = [HEADER_LINE, dictionary_row("record_id", "gad_7", "text", "id")]
    lines += [dictionary_row(f"q{n}", "gad_7", "radio", f"q{n}", FREQUENCY) for n in range(1, 8)]
    lines.append(dictionary_row("note", "gad_7", "notes", "comments"))
    found = find_forms(DataDictionary.from_text("\n".join(lines)))
    assert [(f.instrument, f.items) for f in found.forms] == [
        (GAD7, tuple(f"q{n}" for n in range(1, 8)))
    ]
    assert found.forms[0].total is None


def test_records_keep_text_events_and_repeat_instances(dictionary: DataDictionary) -> None:
    records = RecordsExport.from_text(RAW_RECORDS, dictionary=dictionary)
    assert records.problems == ()
    assert records.record_field == "record_id"
    assert [r.key for r in records.rows] == [
        ("001", "baseline_arm_1", None, None),
        ("001", "baseline_arm_1", "gad7", 1),
        ("001", "baseline_arm_1", "gad7", 2),
        ("001", "week_4_arm_1", None, None),
        ("002", "baseline_arm_1", None, None),
        ("002", "week_4_arm_1", None, None),
    ]
    assert records.events == ("baseline_arm_1", "week_4_arm_1")
    assert records.rows[0].get("enrol_date") == "2026-01-05"
    assert records.rows[0].get("phq9_total") == "12"
    assert records.rows[1].get("phq9_1") is None
    assert [r.line for r in records.rows] == [2, 3, 4, 5, 6, 7]
    assert "001" not in repr(records.rows[0])


def test_raw_export_scores_keyed_by_record_event_and_instance(dictionary: DataDictionary) -> None:
    records = RecordsExport.from_text(RAW_RECORDS, dictionary=dictionary)
    scores = _scores(dictionary, records)
    # Totals by hand from the items of RAW_RECORDS.
    assert {k: s.total for k, s in scores.items()} == {
        ("001", "baseline_arm_1", None, "phq9"): 2 + 2 + 2 + 2 + 1 + 1 + 2 + 0 + 0,
        ("001", "baseline_arm_1", 1, "gad7"): 1 * 6 + 2,
        ("001", "baseline_arm_1", 2, "gad7"): 3 * 7,
        ("001", "week_4_arm_1", None, "phq9"): None,
        ("002", "baseline_arm_1", None, "phq9"): 3 + 3 + 2 + 2 + 2 + 1 + 1 + 1 + 0,
        ("002", "week_4_arm_1", None, "phq9"): 1 + 0 + 1 + 1 + 0 + 0 + 1 + 0 + 0,
    }
    blank = scores[("001", "week_4_arm_1", None, "phq9")]
    assert blank.score is None
    assert blank.error is not None
    assert "item 9" in blank.error
    assert "missing" in blank.error
    assert blank.status is FormStatus.UNVERIFIED
    assert scores[("001", "baseline_arm_1", None, "phq9")].status is FormStatus.COMPLETE
    assert scores[("001", "baseline_arm_1", 1, "gad7")].instrument is GAD7


def test_prorating_follows_the_nhs_rule_for_the_blank_item(dictionary: DataDictionary) -> None:
    # Clinical reference D13: PHQ-9 1,1,1,1,1,1,1,1, missing -> mean 1 -> total 9 (mild).
    records = RecordsExport.from_text(RAW_RECORDS, dictionary=dictionary)
    score = _scores(dictionary, records, missing="prorate")[
        ("001", "week_4_arm_1", None, "phq9")
    ].score
    assert score is not None
    assert (score.total, score.prorated, score.severity and score.severity.label) == (
        9,
        True,
        "mild",
    )
    assert score.unanswered_critical_items == (9,)


def test_label_export_scores_as_the_raw_export(dictionary: DataDictionary) -> None:
    raw = score_records(dictionary, RecordsExport.from_text(RAW_RECORDS, dictionary=dictionary))
    labelled = score_records(
        dictionary, RecordsExport.from_text(LABEL_RECORDS, dictionary=dictionary)
    )
    assert [(s.record, s.instance, s.form.form, s.total, s.status) for s in labelled.scores] == [
        (s.record, s.instance, s.form.form, s.total, s.status) for s in raw.scores
    ]
    assert labelled.scores[0].event == "Baseline (Arm 1: Arm A)"
    raw_only = score_records(
        dictionary,
        RecordsExport.from_text(LABEL_RECORDS, dictionary=dictionary),
        export="raw",
    )
    assert raw_only.scored == ()
    assert "phq9_1" in (raw_only.errors[0].error or "")


def test_json_export_reads_as_the_csv_export(dictionary: DataDictionary) -> None:
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(RAW_RECORDS)))
    from_json = RecordsExport.from_json(json.dumps(rows), dictionary=dictionary)
    from_csv = RecordsExport.from_text(RAW_RECORDS, dictionary=dictionary)
    assert from_json.rows == from_csv.rows
    assert [r.line for r in from_json.rows] == [1, 2, 3, 4, 5, 6]


def test_checkbox_columns_raw_and_label(dictionary: DataDictionary) -> None:
    field = dictionary["prior_tx"]
    raw = RecordsExport.from_text(RAW_RECORDS, dictionary=dictionary)
    labelled = RecordsExport.from_text(LABEL_RECORDS, dictionary=dictionary)
    assert checked(field, raw.rows[0]) == {"1", "3"}
    assert checked(field, labelled.rows[0]) == {"1", "3"}
    assert checked(field, raw.rows[4]) == checked(field, labelled.rows[4]) == {"2"}
    assert checked(field, raw.rows[1]) == frozenset()  # a repeating row: columns blank
    # exportCheckboxLabel: the choice label when checked, blank when not.
    with_labels = RecordsExport.from_text("record_id,prior_tx___1,prior_tx___2\n9,ECT,\n")
    assert checked(field, with_labels.rows[0]) == {"1"}


def test_decode_choice_codes_then_labels(dictionary: DataDictionary) -> None:
    field = dictionary["phq9_3"]
    assert decode_choice(field, " 2 ") == "2"
    assert decode_choice(field, "Nearly every day") == "3"
    assert decode_choice(field, "Nearly every day", export="label") == "3"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("0", FormStatus.INCOMPLETE),
        ("Unverified", FormStatus.UNVERIFIED),
        ("2", FormStatus.COMPLETE),
        ("complete", FormStatus.COMPLETE),
        ("", None),
    ],
)
def test_form_status(text: str, status: FormStatus | None) -> None:
    assert FormStatus.parse(text) is status


def test_classic_project_without_events_or_the_dictionary() -> None:
    text = "record_id," + ",".join(f"gad7_{n}" for n in range(1, 8)) + ",gad7_complete\n"
    text += "7,0,1,2,3,0,1,2,2\n"
    records = RecordsExport.from_text(text)
    assert records.events == ()
    assert records.rows[0].event is None
    d = DataDictionary.from_text(dictionary_text())
    (score,) = score_records(d, records).scores
    assert (score.key, score.total, score.status) == (("7", None, None), 9, FormStatus.COMPLETE)
