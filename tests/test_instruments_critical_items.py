"""Unknown is not no: a critical item that was not answered is reported as unanswered.

One rule (``Score.flag_statuses``) is read by single scoring, batch scoring, the
research tables and ``ketacore score``. The clinical reference (§1.1) makes PHQ-9
item 9 >= 1 a suicide-risk review flag; NHANES codes 7 = refused and 9 = don't know
(§8), which are missing, so the flag is unknown rather than negative.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from ketacore.cli import main
from ketacore.instruments import (
    CSSRS_SCREENER,
    HAMD17,
    MOAAS,
    NHANES_DPQ,
    PHQ9,
    CriticalItem,
    FlagStatus,
)
from ketacore.tables import score_table

np = pytest.importorskip("numpy")

from ketacore.batch import score_array  # noqa: E402

TRIGGERED = FlagStatus.TRIGGERED
NOT_TRIGGERED = FlagStatus.NOT_TRIGGERED
UNANSWERED = FlagStatus.UNANSWERED

# Reference §1.1 prorating rule: one or two missing items may be prorated.
_ITEM9_MISSING = [1, 1, 1, 1, 1, 1, 1, 1, None]


def test_reference_examples_give_triggered_and_not_triggered() -> None:
    # Reference §6.1 example 1: item 9 = 0 -> no flag; example 2: all 3 -> item-9 flag.
    assert PHQ9.score([2, 2, 2, 2, 1, 1, 2, 0, 0]).flag_statuses == (NOT_TRIGGERED,)
    assert PHQ9.score([3] * 9).flag_statuses == (TRIGGERED,)


def test_prorated_phq9_without_item9_is_unanswered_not_negative() -> None:
    score = PHQ9.score(_ITEM9_MISSING, missing="prorate")
    assert score.total == 9  # 8 * 9 / 8 (reference §1.1 prorating)
    assert score.flags == ()
    assert score.flag_statuses == (UNANSWERED,)
    assert score.unanswered_critical_items == (9,)
    # Another missing item leaves item 9's answer standing.
    other = PHQ9.score([None, 1, 1, 1, 1, 1, 1, 1, 1], missing="prorate")
    assert other.flag_statuses == (TRIGGERED,)


def test_cssrs_items_skipped_by_the_gate_are_not_triggered_not_unanswered() -> None:
    # Reference §1.13: Q3–Q5 are asked only after yes to Q2; the follow-up only after Q6.
    score = CSSRS_SCREENER.score([1, 0, None, None, None, 0, None])
    assert score.flag_statuses == (NOT_TRIGGERED,) * 3
    asked = CSSRS_SCREENER.score([1, 1, 0, 1, 0, 1, 1])
    assert asked.flag_statuses == (TRIGGERED, NOT_TRIGGERED, TRIGGERED)


def test_moaas_flags_read_in_the_at_most_direction() -> None:
    # Reference §1.15: MOAA/S <= 4 is sedation, 0 is loss of consciousness.
    assert MOAAS.score([5]).flag_statuses == (NOT_TRIGGERED, NOT_TRIGGERED)
    assert MOAAS.score([3]).flag_statuses == (TRIGGERED, NOT_TRIGGERED)
    assert MOAAS.score([0]).flag_statuses == (TRIGGERED, TRIGGERED)


# HAM-D17 item 16 records 3 = "not assessed" (reference §1.4, CamCOPS). A clinic
# variant that flags item 16 must not read "not assessed" as an answer of 3.
_HAMD_ITEM16 = attrs.evolve(
    HAMD17,
    critical_items=(CriticalItem(16, 1, "weight loss", "test variant: item 16 >= 1"),),
)


def test_a_special_code_on_a_critical_item_is_unanswered() -> None:
    row = [0] * 15 + [3, 0]
    score = _HAMD_ITEM16.score(row)
    assert score.total == 0
    assert score.flags == ()
    assert score.flag_statuses == (UNANSWERED,)
    assert _HAMD_ITEM16.score([0] * 15 + [2, 0]).flag_statuses == (TRIGGERED,)
    batch = score_array(_HAMD_ITEM16, [row, [0] * 15 + [2, 0]])
    assert batch.flags[:, 0].tolist() == [False, True]
    assert batch.unanswered_flags[:, 0].tolist() == [True, False]


def test_batch_reports_item9_missing_or_refused_as_unanswered() -> None:
    nan = np.nan
    rows = np.array([[1] * 8 + [nan], [1] * 9, [1] * 8 + [0]])
    batch = score_array(PHQ9, rows, missing="prorate")
    assert batch.flags[:, 0].tolist() == [False, True, False]
    assert batch.unanswered_flags[:, 0].tolist() == [True, False, False]
    assert [r["unanswered_critical_items"] for r in batch.to_rows()] == [(9,), (), ()]
    refused = score_array(
        PHQ9, np.array([[1] * 8 + [7], [1] * 8 + [9]]), coding=NHANES_DPQ, missing="prorate"
    )
    assert refused.unanswered_flags[:, 0].tolist() == [True, True]
    assert not refused.flags.any()


def test_batch_rows_scored_row_by_row_read_the_same_statuses() -> None:
    # C-SSRS (skip logic) and BDI-II lettered options go through Instrument.score.
    cssrs = score_array(CSSRS_SCREENER, [[1, 0, None, None, None, 0, None]])
    assert not cssrs.unanswered_flags.any()
    assert not cssrs.flags.any()
    prorated = score_array(PHQ9, [[None] + [1] * 7 + [None], ["x"] * 9], missing="prorate")
    assert prorated.unanswered_flags[:, 0].tolist() == [True, False]  # the bad row is invalid


def test_score_table_lists_unanswered_items() -> None:
    rows = [
        {"patient_id": "SYN-0001", "day": 0, **{f"phq9_{n}": 1 for n in range(1, 9)}}
        | {"phq9_9": None},
        {"patient_id": "SYN-0001", "day": 7, **{f"phq9_{n}": 1 for n in range(1, 10)}},
    ]
    scored = score_table(rows, "phq9", missing="prorate")
    assert [(r["flags"], r["unanswered_critical_items"]) for r in scored.scores] == [
        ("", "9"),
        ("suicide-risk review (item 9 endorsed)", ""),
    ]


def test_ketacore_score_writes_the_unanswered_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fields = ",".join(f"DPQ0{n}0" for n in range(1, 10))
    path = tmp_path / "DPQ_J.csv"
    path.write_text(
        f"SEQN,{fields}\n93704,1,1,1,1,1,1,1,1,7\n93705,1,1,1,1,1,1,1,1,1\n",
        encoding="utf-8",
    )
    assert main(["score", str(path), "--missing", "prorate"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "SEQN,instrument,total,band,flags,unanswered_critical_items,prorated,error",
        "93704,phq9,9,mild,,9,true,",
        "93705,phq9,9,mild,suicide-risk review (item 9 endorsed),,false,",
    ]
