"""REDCap files written the way REDCap writes them, for the ketacore.redcap tests.

The dictionary is the 18-column CSV of the project's Data Dictionary page. The
records are exports of one longitudinal project with a repeating instrument, in
REDCap's two value styles: "raw" (choice codes, checkbox 1/0) and "label" (choice
labels, Checked/Unchecked), both with the variable names as column headers.
All data is SYNTHETIC.
"""

from __future__ import annotations

HEADER_LINE = (
    "Variable / Field Name,Form Name,Section Header,Field Type,Field Label,"
    '"Choices, Calculations, OR Slider Labels",Field Note,'
    "Text Validation Type OR Show Slider Number,Text Validation Min,Text Validation Max,"
    "Identifier?,Branching Logic (Show field only if...),Required Field?,Custom Alignment,"
    "Question Number (surveys only),Matrix Group Name,Matrix Ranking?,Field Annotation"
)

FREQUENCY = "0, Not at all | 1, Several days | 2, More than half the days | 3, Nearly every day"
"""The PHQ-9 / GAD-7 answers (LOINC LL358-3, clinical reference §9.1)."""


def dictionary_row(
    name: str,
    form: str,
    kind: str,
    label: str,
    choices: str = "",
    *,
    validation: str = "",
    minimum: str = "",
    maximum: str = "",
    identifier: str = "",
    annotation: str = "",
) -> str:
    """One 18-cell dictionary line, quoted as REDCap quotes cells with commas."""

    def cell(text: str) -> str:
        return f'"{text}"' if any(c in text for c in ',"\n') else text

    cells = [name, form, "", kind, label, choices, "", validation, minimum, maximum]
    cells += [identifier, "", "", "", "", "", "", annotation]
    return ",".join(cell(c.replace('"', '""')) for c in cells)


def _phq9_lines(form: str = "phq9", prefix: str = "phq9", choices: str = FREQUENCY) -> list[str]:
    lines = [
        dictionary_row(f"{prefix}_{n}", form, "radio", f"item {n}", choices) for n in range(1, 10)
    ]
    equation = "sum(" + ",".join(f"[{prefix}_{n}]" for n in range(1, 10)) + ")"
    lines.append(dictionary_row(f"{prefix}_total", form, "calc", "PHQ-9 total", equation))
    return lines


def dictionary_text(*extra: str, phq9: list[str] | None = None) -> str:
    """A project: enrolment (record id, a checkbox), PHQ-9 with a sum() total, repeating GAD-7."""
    lines = [
        HEADER_LINE,
        dictionary_row("record_id", "enrolment", "text", "Record ID"),
        dictionary_row("enrol_date", "enrolment", "text", "Date", validation="date_ymd"),
        dictionary_row(
            "prior_tx", "enrolment", "checkbox", "Treatments tried", "1, ECT | 2, rTMS | 3, Other"
        ),
        *(phq9 if phq9 is not None else _phq9_lines()),
        *[
            dictionary_row(f"gad7_{n}", "gad7", "dropdown", f"item {n}", FREQUENCY)
            for n in range(1, 8)
        ],
        dictionary_row(
            "gad7_total",
            "gad7",
            "calc",
            "GAD-7 total",
            "[gad7_1]+[gad7_2]+[gad7_3]+[gad7_4]+[gad7_5]+[gad7_6]+[gad7_7]",
        ),
        *extra,
    ]
    return "\n".join(lines) + "\n"


RECORD_COLUMNS = (
    "record_id,redcap_event_name,redcap_repeat_instrument,redcap_repeat_instance,enrol_date,"
    "prior_tx___1,prior_tx___2,prior_tx___3,enrolment_complete,"
    + ",".join(f"phq9_{n}" for n in range(1, 10))
    + ",phq9_total,phq9_complete,"
    + ",".join(f"gad7_{n}" for n in range(1, 8))
    + ",gad7_total,gad7_complete"
)

_BLANK_PHQ = ",,,,,,,,,,"
_BLANK_GAD = ",,,,,,,,,"

RAW_RECORDS = (
    "\n".join(
        [
            RECORD_COLUMNS,
            # record 001: baseline with enrolment and PHQ-9, two GAD-7 instances, week 4 PHQ-9
            # with item 9 blank and REDCap's sum() total of 8.
            "001,baseline_arm_1,,,2026-01-05,1,0,1,2,2,2,2,2,1,1,2,0,0,12,2" + _BLANK_GAD,
            "001,baseline_arm_1,gad7,1,,,,,," + _BLANK_PHQ + ",1,1,1,1,1,1,2,8,2",
            "001,baseline_arm_1,gad7,2,,,,,," + _BLANK_PHQ + ",3,3,3,3,3,3,3,21,2",
            "001,week_4_arm_1,,,,,,,,1,1,1,1,1,1,1,1,,8,1" + _BLANK_GAD,
            # record 002: classic data, every total right.
            "002,baseline_arm_1,,,2026-01-07,0,1,0,2,3,3,2,2,2,1,1,1,0,15,2" + _BLANK_GAD,
            "002,week_4_arm_1,,,,,,,,1,0,1,1,0,0,1,0,0,4,2" + _BLANK_GAD,
        ]
    )
    + "\n"
)

_LABEL = {
    "0": "Not at all",
    "1": "Several days",
    "2": "More than half the days",
    "3": "Nearly every day",
}


def _labelled_phq(values: str) -> str:
    return ",".join(_LABEL.get(v, v) for v in values.split(","))


LABEL_RECORDS = (
    "\n".join(
        [
            RECORD_COLUMNS,
            "001,Baseline (Arm 1: Arm A),,,2026-01-05,Checked,Unchecked,Checked,Complete,"
            + _labelled_phq("2,2,2,2,1,1,2,0,0")
            + ",12,Complete"
            + _BLANK_GAD,
            "001,Baseline (Arm 1: Arm A),GAD-7,1,,,,,,"
            + _BLANK_PHQ
            + ","
            + _labelled_phq("1,1,1,1,1,1,2")
            + ",8,Complete",
            "001,Baseline (Arm 1: Arm A),GAD-7,2,,,,,,"
            + _BLANK_PHQ
            + ","
            + _labelled_phq("3,3,3,3,3,3,3")
            + ",21,Complete",
            "001,Week 4 (Arm 1: Arm A),,,,,,,,"
            + _labelled_phq("1,1,1,1,1,1,1,1,")
            + ",8,Unverified"
            + _BLANK_GAD,
            "002,Baseline (Arm 1: Arm A),,,2026-01-07,Unchecked,Checked,Unchecked,Complete,"
            + _labelled_phq("3,3,2,2,2,1,1,1,0")
            + ",15,Complete"
            + _BLANK_GAD,
            "002,Week 4 (Arm 1: Arm A),,,,,,,,"
            + _labelled_phq("1,0,1,1,0,0,1,0,0")
            + ",4,Complete"
            + _BLANK_GAD,
        ]
    )
    + "\n"
)
