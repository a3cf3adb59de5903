"""DataFrame adapters: column discovery, codings, output columns (pandas and polars)."""

from __future__ import annotations

import math
from typing import Any

import pytest

from ketacore.exceptions import KetacoreError
from ketacore.instruments import CATALOGUE, MCBS_PHQ9, PHQ9

np = pytest.importorskip("numpy")

from ketacore.batch import BatchError, score_array  # noqa: E402
from ketacore.batch._columns import find_columns, output_names  # noqa: E402

_PHQ = [f"phq9_{n}" for n in range(1, 10)]
_DPQ = [f"DPQ0{n}0" for n in range(1, 10)]


# --- column discovery (no DataFrame library needed) -------------------------------------


@pytest.mark.parametrize(
    "names",
    [
        _PHQ,
        [f"PHQ9_{n}" for n in range(1, 10)],
        [f"phq9_item{n:02d}" for n in range(1, 10)],
        [f"PHQ-9 {n}" for n in range(1, 10)],
        [f"phq9.{n}" for n in range(1, 10)],
        ["record_id", *reversed(_PHQ), "phq9_10", "phq9_total"],
    ],
)
def test_phq9_columns_are_found_by_name(names: list[str]) -> None:
    found, coding = find_columns(PHQ9, names)
    assert [int(name.replace(".", "_").split("_")[-1][-2:].lstrip("m")) for name in found] == list(
        range(1, 10)
    )
    assert coding is None


def test_every_instrument_finds_its_own_id_columns() -> None:
    for inst in CATALOGUE.values():
        names = [f"{inst.id}_{n}" for n in range(1, len(inst.items) + 1)]
        assert find_columns(inst, names)[0] == tuple(names)


def test_nhanes_columns_bring_their_coding() -> None:
    found, coding = find_columns(PHQ9, ["SEQN", *_DPQ, "DPQ100"])
    assert found == tuple(_DPQ)
    assert coding is not None
    assert coding.name == "nhanes-dpq"
    assert find_columns(PHQ9, _DPQ, coding=MCBS_PHQ9)[1] is MCBS_PHQ9


def test_explicit_columns_win() -> None:
    names = [f"q{n}" for n in range(1, 10)]
    assert find_columns(PHQ9, [*names, *_PHQ], columns=names)[0] == tuple(names)


@pytest.mark.parametrize(
    ("names", "kwargs", "words"),
    [
        (["a", "b"], {}, ("found no PHQ-9 item columns", "phq9_1", "columns=[...]")),
        (_PHQ[:8], {}, ("none for item(s) 9", "columns=[...]")),
        ([*_PHQ, "PHQ9_1"], {}, ("item 1", "'phq9_1'", "'PHQ9_1'")),
        (_PHQ, {"columns": _PHQ[:8]}, ("got 8 names", "expected 9")),
        (_PHQ, {"columns": [*_PHQ[:8], "nope"]}, ("no column named 'nope'", "phq9_1")),
        (_PHQ, {"columns": "phq9_1"}, ("columns", "'phq9_1'", "list of 9")),
    ],
)
def test_bad_columns(names: list[str], kwargs: dict[str, Any], words: tuple[str, ...]) -> None:
    with pytest.raises(BatchError) as info:
        find_columns(PHQ9, names, **kwargs)
    assert isinstance(info.value, KetacoreError)
    assert isinstance(info.value, ValueError)
    for word in words:
        assert word in str(info.value), (word, str(info.value))


def test_output_names_disambiguate_flags_on_one_item() -> None:
    names = output_names(CATALOGUE["moaas"], None)
    assert names["flag0"] == "moaas_flag_item1_le4"
    assert names["flag1"] == "moaas_flag_item1_le0"
    assert output_names(PHQ9, "")["total"] == "total"


# --- pandas --------------------------------------------------------------------------


def test_pandas_scores_items_and_keeps_the_index() -> None:
    pd = pytest.importorskip("pandas")
    from ketacore.batch.pandas import score_frame

    frame = pd.DataFrame(
        {**{c: [2, 3, 1, None] for c in _PHQ}, "phq9_10": [1, 1, 1, 1]},
        index=["a", "b", "c", "d"],
    )
    frame.loc["c", "phq9_3"] = 7
    out = score_frame(frame, "phq9", missing="prorate")
    assert list(out.index) == ["a", "b", "c", "d"]
    assert out["phq9_total"].tolist()[:2] == [18, 27]
    assert out["phq9_total"].isna().tolist() == [False, False, True, True]
    assert out["phq9_band"].astype(object).tolist()[:2] == ["moderately severe", "severe"]
    assert out["phq9_valid"].tolist() == [True, True, False, False]
    assert out["phq9_flag_item9_ge1"].tolist() == [True, True, False, False]
    assert out.loc["c", "phq9_error"] == "PHQ-9 item 3: got 7, expected an integer 0–3"
    assert out.loc["a", "phq9_error"] is None


def test_pandas_nullable_and_text_columns() -> None:
    pd = pytest.importorskip("pandas")
    from ketacore.batch.pandas import score_frame

    frame = pd.DataFrame({c: pd.array([1, None], dtype="Int64") for c in _PHQ})
    out = score_frame(frame, PHQ9, missing="prorate")
    assert out["phq9_total"].tolist()[0] == 9
    assert not out["phq9_valid"].tolist()[1]
    mcbs = pd.DataFrame({f"q{n}": [4, "D"] for n in range(1, 10)})
    out = score_frame(mcbs, PHQ9, columns=[f"q{n}" for n in range(1, 10)], coding=MCBS_PHQ9)
    assert out["phq9_total"].tolist()[0] == 27
    assert out["phq9_error"].tolist()[1].startswith("PHQ-9 item 1: got None (missing")


def test_pandas_nhanes_frame_uses_the_nhanes_coding() -> None:
    pd = pytest.importorskip("pandas")
    from ketacore.batch.pandas import score_frame

    frame = pd.DataFrame({c: [1.0, 1.0, 0.0] for c in _DPQ} | {"SEQN": [1, 2, 3]})
    frame.loc[1, "DPQ090"] = 9.0  # don't know: missing, never a score
    out = score_frame(frame, "phq9", missing="prorate", prefix="")
    assert out["total"].tolist() == [9, 9, 0]
    assert out["prorated"].tolist() == [False, True, False]


def test_pandas_agrees_with_score_array() -> None:
    pd = pytest.importorskip("pandas")
    from ketacore.batch.pandas import score_frame

    rng = np.random.default_rng(3)
    values = rng.integers(-1, 5, size=(200, 16)).astype(float)
    values[rng.random(values.shape) < 0.05] = math.nan
    frame = pd.DataFrame(values, columns=[f"QIDS_SR16_{n}" for n in range(1, 17)])
    out = score_frame(frame, "qids_sr16")
    direct = score_array("qids_sr16", values)
    assert out["qids_sr16_valid"].tolist() == direct.valid.tolist()
    got = out["qids_sr16_total"].astype("Float64").fillna(-1).tolist()
    assert got == np.nan_to_num(direct.total, nan=-1).tolist()


@pytest.mark.parametrize(
    ("frame_kind", "field", "fix"),
    [("array", "frame", "score_array"), ("bool", "columns", ".astype(int)")],
)
def test_pandas_bad_frames(frame_kind: str, field: str, fix: str) -> None:
    pd = pytest.importorskip("pandas")
    from ketacore.batch.pandas import score_frame

    frame: Any = np.zeros((2, 9))
    if frame_kind == "bool":
        frame = pd.DataFrame({c: [True, False] for c in _PHQ})
    with pytest.raises(BatchError) as info:
        score_frame(frame, "phq9")
    assert info.value.field == field
    assert fix in str(info.value.fix)  # the fix names the library's own call
    if frame_kind == "bool":
        assert info.value.value == "phq9_1"
    else:
        assert info.value.expected == "a pandas.DataFrame"


# --- polars --------------------------------------------------------------------------


def test_polars_scores_items() -> None:
    pl = pytest.importorskip("polars")
    from ketacore.batch.polars import score_frame

    frame = pl.DataFrame({**{c: [2, 3, 1, None] for c in _PHQ}, "id": [1, 2, 3, 4]})
    frame = frame.with_columns(
        pl.when(pl.col("id") == 3).then(7).otherwise(pl.col("phq9_3")).alias("phq9_3")
    )
    out = score_frame(frame, "phq9", missing="prorate")
    assert out["phq9_total"].to_list() == [18, 27, None, None]
    assert out["phq9_band"].to_list() == ["moderately severe", "severe", None, None]
    assert out["phq9_valid"].to_list() == [True, True, False, False]
    assert out["phq9_error"].to_list()[2] == "PHQ-9 item 3: got 7, expected an integer 0–3"
    assert out["phq9_flag_item9_ge1"].to_list() == [True, True, False, False]


def test_polars_text_and_risk() -> None:
    pl = pytest.importorskip("polars")
    from ketacore.batch.polars import score_frame

    frame = pl.DataFrame({f"q{n}": ["4", "D"] for n in range(1, 10)})
    out = score_frame(frame, PHQ9, columns=[f"q{n}" for n in range(1, 10)], coding=MCBS_PHQ9)
    assert out["phq9_valid"].to_list() == [False, False]  # "4" is text, not an item value
    cssrs = pl.DataFrame({f"cssrs_screener_{n}": [0, 1] for n in range(1, 8)})
    out = score_frame(cssrs, "cssrs_screener")
    assert out["cssrs_screener_risk"].to_list() == ["low", "high"]
    assert out["cssrs_screener_total"].to_list() == [None, None]


def test_polars_bad_frames() -> None:
    pl = pytest.importorskip("polars")
    from ketacore.batch.polars import score_frame

    with pytest.raises(BatchError) as info:
        score_frame({"phq9_1": [1]}, "phq9")
    assert (info.value.field, info.value.expected) == ("frame", "a polars.DataFrame or LazyFrame")
    with pytest.raises(BatchError) as info:
        score_frame(pl.DataFrame({c: [True] for c in _PHQ}), "phq9")
    assert (info.value.field, info.value.value) == ("columns", "phq9_1")
    assert "pl.Int64" in str(info.value.fix)
    with pytest.raises(BatchError, match="found no PHQ-9 item columns"):
        score_frame(pl.DataFrame({"x": [1]}), "phq9")


# --- response per patient across visits (long format) ------------------------------


def _long_frame(seed: int) -> list[dict[str, object]]:
    rng = np.random.default_rng(seed)
    records: list[dict[str, object]] = []
    for patient in ("p1", "p2", "p3", "p4"):
        for week in rng.permutation(4).tolist():
            items = rng.integers(0, 4, size=9).tolist()
            if rng.random() < 0.15:
                items[rng.integers(0, 9)] = None
            records.append({"pid": patient, "week": week, **dict(zip(_PHQ, items, strict=True))})
    return records


def _expected(records: list[dict[str, object]], missing: str) -> list[tuple[object, ...]]:
    from ketacore.response import classify

    def score(record: dict[str, object]) -> Any:
        try:
            return PHQ9.score([record[c] for c in _PHQ], missing=missing)  # type: ignore[arg-type]
        except ValueError:
            return None

    out: list[tuple[object, ...]] = []
    for record in records:
        first = min(
            (r for r in records if r["pid"] == record["pid"]),
            key=lambda r: r["week"],  # type: ignore[arg-type, return-value]
        )
        if first is record:
            out.append((True, None, None))
            continue
        result = classify(score(first), score(record), allow_prorated=True)
        reason = None if result.reason is None else result.reason.value
        out.append((False, result.status.value, reason))
    return out


@pytest.mark.parametrize("seed", range(5))
def test_pandas_visits_agree_with_classify(seed: int) -> None:
    pd = pytest.importorskip("pandas")
    from ketacore.batch.pandas import classify_visits

    records = _long_frame(seed)
    out = classify_visits(
        pd.DataFrame(records),
        "phq9",
        patient="pid",
        visit="week",
        missing="prorate",
        allow_prorated=True,
    )
    got = list(
        zip(
            out["phq9_baseline"].tolist(),
            out["phq9_status"].tolist(),
            out["phq9_reason"].tolist(),
            strict=True,
        )
    )
    assert got == _expected(records, "prorate")


@pytest.mark.parametrize("seed", range(3))
def test_polars_visits_agree_with_pandas(seed: int) -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    from ketacore.batch.pandas import classify_visits as with_pandas
    from ketacore.batch.polars import classify_visits as with_polars

    records = _long_frame(seed)
    a = with_pandas(pd.DataFrame(records), "phq9", patient="pid", visit="week")
    b = with_polars(pl.DataFrame(records), "phq9", patient="pid", visit="week")
    assert a["phq9_status"].tolist() == b["phq9_status"].to_list()
    assert a["phq9_baseline"].tolist() == b["phq9_baseline"].to_list()


def test_visits_bad_keys() -> None:
    pd = pytest.importorskip("pandas")
    from ketacore.batch.pandas import classify_visits

    frame = pd.DataFrame(_long_frame(0))
    with pytest.raises(BatchError, match="patient: got 'patient_id'"):
        classify_visits(frame, "phq9", patient="patient_id", visit="week")
    with pytest.raises(BatchError, match="visit: got None"):
        classify_visits(frame, "phq9", patient="pid", visit=None)  # type: ignore[arg-type]
    mixed = frame.astype({"week": object})
    mixed.loc[1, "week"] = "2026-01-01"
    mixed.loc[0, "pid"] = mixed.loc[1, "pid"]
    with pytest.raises(BatchError, match="week: row 0 holds 2, which orders no visits"):
        classify_visits(mixed, "phq9", patient="pid", visit="week")
    with pytest.raises(BatchError, match="course: got 'drug'; expected the name of the column"):
        classify_visits(frame, "phq9", patient="pid", visit="week", course="drug")
