"""Polars LazyFrames stay lazy: scoring streams batch by batch, results equal the eager ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ketacore.exceptions import BatchError

pl = pytest.importorskip("polars")

from ketacore.batch.polars import classify_visits, score_frame  # noqa: E402

_PHQ = [f"phq9_{n}" for n in range(1, 10)]


def _frame(n: int, seed: int = 0) -> object:
    rng = np.random.default_rng(seed)
    items = {}
    for name in _PHQ:
        values = rng.integers(0, 5, n)  # 4 is off the scale: an error row
        items[name] = pl.Series(name, values, dtype=pl.Int8).scatter(
            np.flatnonzero(rng.random(n) < 0.05), None
        )
    return pl.DataFrame(
        {
            "patient_id": [f"P{i % (n // 4):05d}" for i in range(n)],
            "day": rng.permutation(n) % 4 * 7 + np.arange(n) // (n // 4) * 0,
            "course_type": ["esketamine", "iv_ketamine", None, "oral_ketamine"] * (n // 4),
            **items,
        }
    )


def test_a_lazy_frame_gives_a_lazy_frame_equal_to_the_eager_result(tmp_path: Path) -> None:
    frame = _frame(4_000)
    path = tmp_path / "phq9.parquet"
    frame.write_parquet(path, row_group_size=500)  # type: ignore[attr-defined]
    lazy = score_frame(pl.scan_parquet(path), "phq9", missing="prorate")
    assert isinstance(lazy, pl.LazyFrame)
    got = lazy.collect(engine="streaming")
    assert got.equals(score_frame(frame, "phq9", missing="prorate"))


def test_scoring_runs_once_per_batch_when_streaming(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ketacore.batch import _frames

    frame = _frame(4_000)
    path = tmp_path / "phq9.parquet"
    frame.write_parquet(path, row_group_size=500)  # type: ignore[attr-defined]
    heights: list[int] = []
    real = _frames.score_array

    def counting(inst: Any, values: Any, **options: Any) -> Any:
        heights.append(len(values))
        return real(inst, values, **options)

    monkeypatch.setattr(_frames, "score_array", counting)
    lazy = score_frame(pl.scan_parquet(path), "phq9")
    heights.clear()  # the schema check scored an empty frame
    assert lazy.collect(engine="streaming").height == 4_000
    assert len(heights) > 1  # batch by batch, never the whole file at once
    assert sum(heights) == 4_000


def test_lazy_visits_equal_eager_visits() -> None:
    frame = _frame(800, seed=2).unique(subset=["patient_id", "day"])  # type: ignore[attr-defined]
    lazy = classify_visits(frame.lazy(), "phq9", patient="patient_id", visit="day")
    assert isinstance(lazy, pl.LazyFrame)
    got = lazy.collect(engine="streaming")
    assert got.equals(classify_visits(frame, "phq9", patient="patient_id", visit="day"))


def test_a_lazy_frame_is_checked_at_once() -> None:
    lazy = pl.LazyFrame({"x": [1]})
    with pytest.raises(BatchError, match="found no PHQ-9 item columns"):
        score_frame(lazy, "phq9")
    with pytest.raises(BatchError, match="patient: got 'pid'"):
        classify_visits(_frame(8).lazy(), "phq9", patient="pid", visit="day")  # type: ignore[attr-defined]
