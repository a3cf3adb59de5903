"""Export codings (reference section 8): sentinels become missing, never scores."""

from __future__ import annotations

import pytest

from ketacore.exceptions import ScoringError, ValidationError
from ketacore.instruments import (
    GAD7,
    MCBS_GAD7,
    MCBS_PHQ9,
    NHANES_DPQ,
    PHQ9,
    SentinelCode,
    SourceCoding,
)


def _row(values: list[object]) -> dict[str, object]:
    return {f"DPQ0{n}0": v for n, v in enumerate(values, start=1)} | {"DPQ100": 1, "SEQN": 1}


def test_nhanes_complete_row() -> None:
    values = NHANES_DPQ.decode_row(_row([2, 2, 2, 2, 1, 1, 2, 0, 0]))
    assert PHQ9.score(values).total == 12


@pytest.mark.parametrize("sentinel", [7, 9, ""])
def test_nhanes_sentinels_are_missing_not_scores(sentinel: object) -> None:
    values = NHANES_DPQ.decode_row(_row([1, 1, 1, 1, 1, 1, 1, 1, sentinel]))
    assert values[8] is None
    with pytest.raises(ScoringError, match="PHQ-9 item 9: got None"):
        PHQ9.score(values)
    prorated = PHQ9.score(values, missing="prorate")
    assert prorated.total == 9
    assert prorated.prorated


def test_nhanes_undecoded_sentinel_is_rejected_by_the_scorer() -> None:
    with pytest.raises(ScoringError, match="PHQ-9 item 1: got 7"):
        PHQ9.score([7, 0, 0, 0, 0, 0, 0, 0, 0])


def test_nhanes_row_missing_a_field() -> None:
    row = _row([0] * 9)
    del row["DPQ050"]
    with pytest.raises(ScoringError, match="DPQ050"):
        NHANES_DPQ.decode_row(row)


def test_mcbs_recodes_one_to_four() -> None:
    assert MCBS_PHQ9.decode([1, 2, 3, 4, "D", "R", 1, 1, 1]) == [0, 1, 2, 3, None, None, 0, 0, 0]
    assert GAD7.score(MCBS_GAD7.decode([2, 2, 2, 2, 1, 2, 3])).total == 7


def test_mcbs_out_of_range_still_rejected() -> None:
    with pytest.raises(ScoringError, match="GAD-7 item 1: got 4"):
        GAD7.score(MCBS_GAD7.decode([5, 1, 1, 1, 1, 1, 1]))


def test_mcbs_has_no_field_names() -> None:
    with pytest.raises(ScoringError, match="no field names"):
        MCBS_PHQ9.decode_row({})


def test_bad_codings_are_rejected() -> None:
    with pytest.raises(ValidationError, match="collides"):
        SourceCoding("x", "phq9", "s", sentinels=(SentinelCode(3, "oops"),))
    with pytest.raises(ValidationError, match="2 fields for 9 items"):
        SourceCoding("x", "phq9", "s", fields=("a", "b"))


def test_floats_and_bools_pass_through_for_the_scorer_to_reject() -> None:
    decoded = NHANES_DPQ.decode([1.0, True, 0, 0, 0, 0, 0, 0, 0])
    assert decoded[:2] == [1.0, True]
    with pytest.raises(ScoringError, match=r"1\.0 \(a float\)"):
        PHQ9.score(decoded)
