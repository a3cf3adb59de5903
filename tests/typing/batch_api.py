"""The documented batch API, type-checked with mypy --strict by tests/test_batch.py."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from ketacore.batch import BatchError, BatchScores, RowError, score_array
from ketacore.batch import pandas as batch_pandas
from ketacore.batch import polars as batch_polars
from ketacore.instruments import NHANES_DPQ, PHQ9

values: NDArray[np.float64] = np.zeros((3, 9))
scores: BatchScores = score_array(PHQ9, values, missing="prorate", coding=NHANES_DPQ)
again: BatchScores = score_array("hamd17", [[0] * 17], band_set="ids-qids")
with_gaps: BatchScores = score_array("phq9", [[1, 1, 1, 1, 1, 1, 1, 1, None]], missing="prorate")
lettered: BatchScores = score_array("bdi2", [[0] * 15 + ["2b"] + [0] * 5])
total: NDArray[np.float64] = scores.total
band: NDArray[np.int8] = scores.band
flags: NDArray[np.bool_] = scores.flags
unanswered: NDArray[np.bool_] = scores.unanswered_flags
risk: NDArray[np.object_] | None = scores.risk
valid: NDArray[np.bool_] = scores.valid
prorated: NDArray[np.bool_] = scores.prorated
errors: tuple[RowError, ...] = scores.errors
first_item: int | None = errors[0].item if errors else None
labels: tuple[str, ...] = scores.flag_labels
rows: list[dict[str, object]] = scores.to_rows()
count: int = scores.n_valid + len(scores)
problem: type[ValueError] = BatchError

# The DataFrame entry points are one FrameScorer's bound methods: their keywords are typed.


def frame_calls(frame: Any) -> tuple[Any, Any, Any]:
    """Never called: a keyword typo or a wrong-typed option fails mypy here."""
    scored = batch_pandas.score_frame(frame, PHQ9, missing="prorate", prefix="p_")
    visits = batch_polars.classify_visits(
        frame, "phq9", patient="id", visit="day", allow_prorated=True
    )
    return scored, visits, batch_polars.score_frame(frame, "gad7", columns=["a"] * 7)
