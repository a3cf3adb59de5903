"""Batch scoring: worked examples, input representations, the result type, import cost."""

from __future__ import annotations

import math

import attrs
import pytest

from ketacore.instruments import HAMD17, MCBS_PHQ9, NHANES_DPQ, PHQ9, QIDS_SR16

np = pytest.importorskip("numpy")

from ketacore.batch import BatchError, BatchScores, RowError, score_array  # noqa: E402


def test_phq9_totals_bands_and_flags() -> None:
    rows = np.array(
        [
            [2, 2, 2, 2, 1, 1, 2, 0, 0],  # 12 moderate
            [3, 3, 3, 3, 3, 3, 3, 3, 3],  # 27 severe, item 9 flag
            [0, 0, 0, 0, 0, 0, 0, 0, 1],  # 1 none/minimal, flag
        ]
    )
    scores = score_array(PHQ9, rows)
    assert scores.total.tolist() == [12.0, 27.0, 1.0]
    assert scores.band_labels.tolist() == ["moderate", "severe", "none/minimal"]
    assert scores.flags[:, 0].tolist() == [False, True, True]
    assert scores.flag_labels == ("suicide-risk review (item 9 endorsed)",)
    assert scores.valid.all()
    assert scores.errors == ()
    assert scores.n_valid == 3


def test_qids_takes_domain_maxima() -> None:
    # sleep max(3,0,1,2)=3, mood 2, appetite max(0,1,0,2)=2, 1+2+0+1+2, psychomotor max(1,0)=1
    row = [3, 0, 1, 2, 2, 0, 1, 0, 2, 1, 2, 0, 1, 2, 1, 0]
    scores = score_array(QIDS_SR16, [row])
    assert scores.total[0] == QIDS_SR16.score(row).total == 14


def test_hamd17_item16_not_assessed_scores_zero() -> None:
    row = [1] * 15 + [3, 1]
    scores = score_array(HAMD17, np.array([row]))
    assert scores.total[0] == HAMD17.score(row).total == 16
    assert scores.valid[0]


def test_not_rated_code_gives_a_valid_row_without_total() -> None:
    scores = score_array("cgi_s", np.array([[0], [4], [8]]))
    assert scores.valid.tolist() == [True, True, False]
    assert math.isnan(scores.total[0])
    assert scores.band.tolist() == [-1, 3, -1]
    assert scores.band_labels.tolist() == [None, "moderately ill", None]


def test_prorating_phq9_with_nan() -> None:
    nan = math.nan
    rows = np.array(
        [
            [1, 1, 1, 1, 1, 1, 1, 2, nan],  # 9 * 9 / 8 = 10.125 -> 10
            [3, 3, 3, 3, 3, 3, 3, nan, nan],  # 27
            [3, 3, 3, 3, 3, 3, nan, nan, nan],  # too many missing
            [1, 1, 1, 1, 1, 1, 1, 1, 1],
        ]
    )
    strict = score_array(PHQ9, rows)
    assert strict.valid.tolist() == [False, False, False, True]
    assert strict.errors[0].item == 9
    assert "missing='prorate' applies the published prorating rule" in strict.errors[0].reason
    prorated = score_array(PHQ9, rows, missing="prorate")
    assert prorated.valid.tolist() == [True, True, False, True]
    assert prorated.total[:2].tolist() == [10.0, 27.0]
    assert prorated.prorated.tolist() == [True, True, False, False]
    assert prorated.errors == (
        RowError(
            2,
            None,
            "PHQ-9: 3 items missing (items 7, 8, 9); the prorating rule allows at most 2 "
            f"({PHQ9.prorating.source})",  # type: ignore[union-attr]
        ),
    )


def test_prorated_row_with_item9_missing_is_unanswered_not_unflagged() -> None:
    row = [1, 1, 1, 1, 1, 1, 1, 1, None]
    scores = score_array(PHQ9, [row], missing="prorate")
    assert not scores.flags.any()
    assert scores.unanswered_flags.tolist() == [[True]]
    assert PHQ9.score(row, missing="prorate").flags == ()


def test_nhanes_sentinels_are_missing_never_scores() -> None:
    rows = np.array([[1, 1, 1, 1, 1, 1, 1, 1, 7], [1, 1, 1, 1, 1, 1, 1, 9, 9], [0] * 9])
    strict = score_array(PHQ9, rows, coding=NHANES_DPQ)
    assert strict.valid.tolist() == [False, False, True]
    assert strict.errors[0].reason.startswith("PHQ-9 item 9: got None (missing")
    prorated = score_array(PHQ9, rows, coding=NHANES_DPQ, missing="prorate")
    assert prorated.total.tolist() == [9.0, 9.0, 0.0]
    # Without the coding a 7 is simply out of range.
    assert (
        score_array(PHQ9, rows).errors[0].reason == "PHQ-9 item 9: got 7, expected an integer 0–3"
    )


def test_mcbs_one_to_four_and_text_sentinels() -> None:
    rows = [[4, 4, 4, 4, 4, 4, 4, 4, 4], [1, 1, 1, 1, 1, 1, 1, "D", "R"], [1] * 9]
    scores = score_array("phq9", rows, coding=MCBS_PHQ9, missing="prorate")
    assert scores.total.tolist() == [27.0, 0.0, 0.0]
    assert scores.prorated.tolist() == [False, True, False]


def test_bdi_lettered_options_fall_back_to_the_single_scorer() -> None:
    row: list[object] = [1] * 21
    row[15] = "2b"
    scores = score_array("bdi2", [row, [1] * 21])
    assert scores.total.tolist() == [22.0, 21.0]
    assert scores.band_labels.tolist() == ["moderate", "moderate"]


def test_cssrs_is_scored_row_by_row_with_risk() -> None:
    rows = [[1, 1, 0, 1, 0, 0, None], [1, 0, None, None, None, 0, None], [0, 0, 1, 0, 0, 0, 0]]
    scores = score_array("cssrs_screener", rows)
    assert scores.valid.tolist() == [True, True, False]
    assert scores.risk is not None
    assert scores.risk.tolist() == ["high", "low", None]
    assert scores.flags[0].tolist() == [True, False, False]
    assert scores.errors[0].item == 3
    assert np.isnan(scores.total).all()


def test_alternative_band_set() -> None:
    row = [2] * 9 + [1] * 8  # 26
    default = score_array(HAMD17, [row])
    other = score_array(HAMD17, [row], band_set="ids-qids")
    assert default.band_labels.tolist() == ["very severe"]
    assert other.band_labels.tolist() == ["very severe"]
    row = [4, 4, 4, 2, 2, 2, 1] + [0] * 10  # 19: severe (camcops) vs moderate (ids-qids)
    assert score_array(HAMD17, [row]).band_labels.tolist() == ["severe"]
    assert score_array(HAMD17, [row], band_set="ids-qids").band_labels.tolist() == ["moderate"]


@pytest.mark.parametrize(
    "dtype", [np.int8, np.uint8, np.int16, np.int32, np.int64, np.float32, np.float64, object]
)
def test_every_numeric_dtype_gives_the_same_answer(dtype: object) -> None:
    rows = np.array([[2, 2, 2, 2, 1, 1, 2, 0, 0], [3, 3, 3, 3, 3, 3, 3, 3, 5]]).astype(dtype)
    scores = score_array(PHQ9, rows)
    assert scores.valid.tolist() == [True, False]
    assert scores.total[0] == 12
    assert scores.errors[0].reason == "PHQ-9 item 9: got 5, expected an integer 0–3"


@pytest.mark.parametrize(
    ("value", "shown"),
    [(1.5, "1.5 (a float)"), (math.inf, "inf (a float)"), (-math.inf, "-inf"), (1e300, "1e+300")],
)
def test_odd_floats_are_row_errors(value: float, shown: str) -> None:
    rows = np.zeros((3, 9))
    rows[1, 4] = value
    scores = score_array(PHQ9, rows)
    assert scores.valid.tolist() == [True, False, True]
    assert scores.errors[0].item == 5
    assert shown in scores.errors[0].reason


def test_non_contiguous_and_read_only_inputs_are_not_modified() -> None:
    base = np.tile(np.arange(4), (10, 5))[:, :9]  # a view, not contiguous
    base.flags.writeable = False
    before = base.copy()
    scores = score_array(PHQ9, base.T.T)
    assert scores.valid.all()
    assert (base == before).all()
    fortran = np.asfortranarray(before)
    assert score_array(PHQ9, fortran).total.tolist() == scores.total.tolist()


def test_empty_batch() -> None:
    scores = score_array(PHQ9, np.zeros((0, 9), dtype=int))
    assert len(scores) == 0
    assert scores.flags.shape == (0, 1)
    assert scores.to_rows() == []
    assert len(score_array(PHQ9, [])) == 0


def test_result_is_frozen_and_read_only() -> None:
    scores = score_array(PHQ9, [[0] * 9])
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        scores.total = np.zeros(1)  # type: ignore[misc]
    for array in (scores.total, scores.band, scores.flags, scores.valid, scores.prorated):
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 1
    assert "phq9" in repr(scores)
    assert isinstance(scores, BatchScores)


def _array_attributes(scores: BatchScores) -> dict[str, np.ndarray]:  # type: ignore[type-arg]
    """Every attribute and property of ``scores`` that is a numpy array."""
    names = [a.name.lstrip("_") for a in attrs.fields(BatchScores)]
    names += [n for n, v in vars(BatchScores).items() if isinstance(v, property)]
    found = {n: getattr(scores, n) for n in names}
    return {n: v for n, v in found.items() if isinstance(v, np.ndarray)}


@pytest.mark.parametrize(
    ("instrument", "rows"),
    [
        ("phq9", [[0] * 9, [3] * 9]),
        ("cssrs_screener", [[0] * 7, [1, 1, 1, 1, 1, 1, 1]]),
        ("gad7", np.zeros((0, 7), dtype=int)),
    ],
)
def test_no_array_of_a_result_can_be_made_writeable(instrument: str, rows: object) -> None:
    scores = score_array(instrument, rows)  # type: ignore[arg-type]
    arrays = _array_attributes(scores)
    expected = {"total", "band", "flags", "unanswered_flags", "valid", "prorated", "band_labels"}
    assert expected <= set(arrays)
    assert ("risk" in arrays) == (instrument == "cssrs_screener")
    for name, array in arrays.items():
        before = array.copy()
        if array.size:
            with pytest.raises(ValueError, match="read-only"):
                array.reshape(-1)[0] = before.reshape(-1)[0]
        with pytest.raises(ValueError, match="WRITEABLE"):
            array.flags.writeable = True
        # Unlocking whatever the array is a view of never reaches the result.
        base = array.base
        if isinstance(base, np.ndarray) and array.size:
            try:
                base.flags.writeable = True
            except ValueError:
                continue
            base.reshape(-1)[0] = None if base.dtype == object else 1
        again = getattr(scores, name)
        assert again.tolist() == before.tolist(), name


def test_copies_and_pickles_of_a_result_are_sealed_too() -> None:
    import copy
    import pickle

    scores = score_array(PHQ9, [[3] * 9])
    for other in (copy.copy(scores), copy.deepcopy(scores), pickle.loads(pickle.dumps(scores))):
        assert other.total.tolist() == [27.0]
        with pytest.raises(ValueError, match="WRITEABLE"):
            other.flags.flags.writeable = True


def test_to_rows_is_tidy() -> None:
    rows = [[3] * 9, [0] * 8 + [None]]
    assert score_array(PHQ9, rows, missing="prorate").to_rows() == [
        {
            "row": 0,
            "valid": True,
            "total": 27,
            "band": "severe",
            "prorated": False,
            "flags": ("suicide-risk review (item 9 endorsed)",),
            "unanswered_critical_items": (),
            "error": None,
        },
        {
            "row": 1,
            "valid": True,
            "total": 0,
            "band": "none/minimal",
            "prorated": True,
            "flags": (),
            "unanswered_critical_items": (9,),
            "error": None,
        },
    ]
    assert score_array("cssrs_screener", [[0] * 7]).to_rows()[0]["risk"] == "low"


def test_a_million_rows_with_a_few_bad_ones() -> None:
    rng = np.random.default_rng(7)
    rows = rng.integers(0, 4, size=(100_000, 9))
    rows[[5, 500, 50_000], [0, 4, 8]] = [4, -1, 9]
    scores = score_array(PHQ9, rows)
    assert scores.n_valid == 100_000 - 3
    assert [(e.row, e.item) for e in scores.errors] == [(5, 1), (500, 5), (50_000, 9)]
    assert (scores.total[scores.valid] == rows[scores.valid].sum(axis=1)).all()


def test_masked_object_and_text_arrays() -> None:
    data = np.array([[1] * 9, [1] * 8 + ["x"]], dtype=object)
    mask = np.zeros((2, 9), dtype=bool)
    mask[1, 8] = True
    scores = score_array(PHQ9, np.ma.MaskedArray(data, mask=mask), missing="prorate")
    assert scores.total.tolist() == [9.0, 9.0]
    assert scores.prorated.tolist() == [False, True]
    text = score_array(PHQ9, np.array([["1"] * 9]))
    assert text.errors[0].reason.startswith("PHQ-9 item 1: got '1' (a str)")


def test_huge_integers_in_object_rows_are_row_errors() -> None:
    scores = score_array(PHQ9, [[10**30] + [0] * 8, [0] * 9])
    assert scores.valid.tolist() == [False, True]
    assert scores.errors[0].item == 1
    big = np.array([[2**64 - 1] + [0] * 8, [0] * 9], dtype=np.uint64)
    assert score_array(PHQ9, big).valid.tolist() == [False, True]


def test_a_variant_built_with_evolve_keeps_its_codings() -> None:
    assert PHQ9.prorating is not None
    floor = attrs.evolve(PHQ9, prorating=attrs.evolve(PHQ9.prorating, rounding="floor"))
    rows = np.array([[1, 1, 1, 1, 1, 1, 1, 2, 9]])
    scores = score_array(floor, rows, coding=NHANES_DPQ, missing="prorate")
    assert scores.total.tolist() == [10.0]  # 9 * 9 / 8 = 10.125, floored


@pytest.mark.parametrize("order", ["<", ">"])
@pytest.mark.parametrize("kind", ["i2", "i4", "i8", "u2", "u4", "u8", "f2", "f4", "f8"])
def test_both_byte_orders_check_the_range(order: str, kind: str) -> None:
    # A big-endian 256 read as little-endian bytes is 1: it must still be out of range.
    dtype = np.dtype(order + kind)
    cadss = np.zeros((2, 23), dtype=dtype)
    cadss[0, 0] = 256
    cadss[1, :] = 4
    scores = score_array("cadss23", cadss)
    assert scores.valid.tolist() == [False, True]
    assert scores.total[1] == 92  # 23 items × 4, the top of the 0–92 range (ref §1.8)
    assert scores.errors[0].reason == "CADSS item 1: got 256, expected an integer 0–4"
    phq = np.zeros((2, 9), dtype=dtype)
    phq[0, 8] = 256
    banded = score_array(PHQ9, phq)
    assert banded.valid.tolist() == [False, True]
    assert banded.band_labels.tolist() == [None, "none/minimal"]


def test_floats_wider_than_64_bits_are_refused() -> None:
    wide = np.zeros((1, 9), dtype=np.longdouble)
    if wide.dtype.itemsize <= 8:  # pragma: no cover - platforms where longdouble is float64
        pytest.skip("longdouble is float64 here")
    with pytest.raises(BatchError, match=r"dtype float\d+; .*astype\(np.float64\)"):
        score_array(PHQ9, wide)


def test_row_errors_take_the_item_from_the_single_scorers_error() -> None:
    from ketacore.exceptions import ScoringError

    rows: list[list[object]] = [
        [0] * 8 + [5],  # item 9 off the scale
        [0, "2", *[0] * 7],  # item 2 is text
        [None, None, None, *[1] * 6],  # too many missing to prorate: about no one item
    ]
    scores = score_array(PHQ9, rows, missing="prorate")
    expected = []
    for row in rows:
        with pytest.raises(ScoringError) as info:
            PHQ9.score(row, missing="prorate")  # type: ignore[arg-type]
        expected.append((info.value.item, str(info.value)))
    assert [(e.item, e.reason) for e in scores.errors] == expected
    assert [e.item for e in scores.errors] == [9, 2, None]
