"""Arrow tables and record batches: the same scores and statuses as the other frame adapters."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketacore.exceptions import BatchError
from ketacore.instruments import NHANES_DPQ

pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")

from ketacore.batch import arrow, score_array  # noqa: E402
from ketacore.batch import polars as with_polars  # noqa: E402

_PHQ = [f"phq9_{n}" for n in range(1, 10)]


def _items(rng: Any, n: int, *, nulls: bool) -> dict[str, Any]:
    out = {}
    for name in _PHQ:
        values = rng.integers(0, 5, n).astype(np.int8)  # 4 is off the scale: an error row
        mask = (rng.random(n) < 0.1) if nulls else None
        out[name] = pa.array(values, type=pa.int8(), mask=mask)
    return out


@pytest.mark.parametrize("nulls", [False, True])
@pytest.mark.parametrize("kind", ["table", "batch"])
def test_arrow_scores_equal_polars_scores(kind: str, nulls: bool) -> None:
    rng = np.random.default_rng(3)
    table = pa.table(_items(rng, 500, nulls=nulls))
    data = table if kind == "table" else table.to_batches()[0]
    out = arrow.score_frame(data, "phq9", missing="prorate")
    assert isinstance(out, pa.Table if kind == "table" else pa.RecordBatch)
    want = with_polars.score_frame(pl.from_arrow(table), "phq9", missing="prorate")
    got = pl.from_arrow(out).with_columns(pl.col("phq9_band").cast(pl.String))
    assert got.to_dicts() == want.with_columns(pl.col("phq9_band").cast(pl.String)).to_dicts()
    assert out.num_rows == 500
    # Every input row comes out either scored or with its error.
    assert all(
        (v is True) != (e is not None)
        for v, e in zip(
            out.column("phq9_valid").to_pylist(), out.column("phq9_error").to_pylist(), strict=True
        )
    )


def test_the_schema_is_the_result_schema() -> None:
    table = pa.table({name: pa.array([1, 2], pa.int8()) for name in _PHQ})
    assert arrow.score_frame(table, "phq9").schema == arrow.schema("phq9")
    assert arrow.schema("cssrs_screener").names[-1] == "cssrs_screener_risk"


def test_multi_chunk_tables_and_nhanes_columns() -> None:
    chunks = [pa.table({f"DPQ0{n}0": [1, 7] for n in range(1, 10)}) for _ in range(2)]
    table = pa.concat_tables(chunks)
    out = arrow.score_frame(table, "phq9", missing="prorate")
    decoded = NHANES_DPQ.decode([7])
    assert list(decoded) == [None]  # the coding makes 7 missing
    assert out.column("phq9_total").to_pylist() == [9, None, 9, None]


def test_arrow_visits_equal_polars_visits() -> None:
    rng = np.random.default_rng(5)
    n = 400
    columns = {
        "pid": pa.array([f"p{i % 97:03d}" for i in range(n)]),
        "day": pa.array(rng.permutation(n).astype(np.int32)),
        "course_type": pa.array(["iv_ketamine", "esketamine", None, "placebo"] * (n // 4)),
        **_items(rng, n, nulls=True),
    }
    table = pa.table(columns)
    got = arrow.classify_visits(table, "phq9", patient="pid", visit="day", missing="prorate")
    want = with_polars.classify_visits(
        pl.from_arrow(table), "phq9", patient="pid", visit="day", missing="prorate"
    )
    for name in ("phq9_baseline", "phq9_status", "phq9_percent_change", "phq9_reason"):
        assert got.column(name).to_pylist() == want[name].to_list()


@settings(max_examples=50)
@given(st.lists(st.lists(st.none() | st.integers(-1, 5), min_size=9, max_size=9), max_size=20))
def test_arrow_equals_score_array(rows: list[list[int | None]]) -> None:
    table = pa.table(
        {name: pa.array([r[j] for r in rows], pa.int64()) for j, name in enumerate(_PHQ)}
    )
    out = arrow.score_frame(table, "phq9", missing="prorate")
    values = np.array(rows, dtype=object).reshape(len(rows), 9)
    want = score_array("phq9", values, missing="prorate")
    totals = [None if t != t else int(t) for t in want.total.tolist()]
    assert out.column("phq9_total").to_pylist() == totals
    assert out.column("phq9_error").to_pylist() == [
        {e.row: e.reason for e in want.errors}.get(i) for i in range(len(rows))
    ]


def test_arrow_bad_input() -> None:
    with pytest.raises(BatchError) as info:
        arrow.score_frame({"phq9_1": [1]}, "phq9")
    assert info.value.expected == "a pyarrow.Table or pyarrow.RecordBatch"
    with pytest.raises(BatchError) as info:
        arrow.score_frame(pa.table({c: [True] for c in _PHQ}), "phq9")
    assert info.value.value == "phq9_1"
