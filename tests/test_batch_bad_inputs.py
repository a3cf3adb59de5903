"""Bad arguments to score_array raise a KetacoreError that is also a ValueError.

Each message names the field, the value received and a fix. Bad *rows* never
raise: they are reported in BatchScores.errors (see test_batch.py).
"""

from __future__ import annotations

from typing import Any

import pytest

from ketacore.exceptions import KetacoreError, UnknownInstrumentError
from ketacore.instruments import MCBS_GAD7, MCBS_PHQ9, NHANES_DPQ

np = pytest.importorskip("numpy")

from ketacore.batch import BatchError, score_array  # noqa: E402

_OK = [[0] * 9]

# (instrument, values, keyword arguments, error class, words that must all appear)
_CASES: list[tuple[object, object, dict[str, Any], type[Exception], tuple[str, ...]]] = [
    # --- shape
    ("phq9", np.zeros(9, dtype=int), {}, BatchError, ("values", "(9,)", "reshape(1, -1)")),
    ("phq9", np.zeros(5, dtype=int), {}, BatchError, ("values", "(5,)", "2-D (rows, 9)")),
    ("phq9", np.zeros((2, 9, 1), dtype=int), {}, BatchError, ("values", "(2, 9, 1)", "2-D")),
    ("phq9", np.array(5), {}, BatchError, ("values", "shape ()", "2-D")),
    ("phq9", np.zeros((3, 8), dtype=int), {}, BatchError, ("values", "got 8 columns", "9")),
    ("phq9", np.zeros((3, 10), dtype=int), {}, BatchError, ("values", "got 10 columns", "9")),
    ("gad7", np.zeros((3, 9), dtype=int), {}, BatchError, ("values", "GAD-7", "expected 7")),
    ("phq9", [[0] * 9, [0] * 8], {}, BatchError, ("values", "different lengths", "[8, 9]")),
    ("phq9", [[0] * 8, [0] * 8], {}, BatchError, ("values", "got 8 columns", "expected 9")),
    ("phq9", [0] * 9, {}, BatchError, ("values", "shape (9,)", "reshape(1, -1)")),
    ("phq9", np.ma.MaskedArray(np.zeros(9)), {}, BatchError, ("values", "(9,)", "reshape")),
    # --- dtype
    ("phq9", np.zeros((2, 9), dtype=bool), {}, BatchError, ("values", "boolean", "astype(int)")),
    ("phq9", np.zeros((2, 9), dtype=complex), {}, BatchError, ("values", "complex128", "floats")),
    (
        "phq9",
        np.zeros((2, 9), dtype="datetime64[D]"),
        {},
        BatchError,
        ("values", "datetime64[D]", "integers"),
    ),
    (
        "phq9",
        np.zeros((2, 9), dtype="timedelta64[s]"),
        {},
        BatchError,
        ("values", "timedelta64[s]", "integers"),
    ),
    (
        "phq9",
        np.zeros((2, 9), dtype=[("a", int)]),
        {},
        BatchError,
        ("values", "dtype", "integers, floats"),
    ),
    # --- not an array at all
    ("phq9", "000000000", {}, BatchError, ("values", "'000000000' (a str)", "2-D numpy array")),
    ("phq9", 12, {}, BatchError, ("values", "got 12;", "list of rows")),
    ("phq9", None, {}, BatchError, ("values", "got None;", "2-D numpy array")),
    ("phq9", {1: 2}, {}, BatchError, ("values", "(a dict)", "2-D numpy array")),
    ("phq9", b"\x00" * 9, {}, BatchError, ("values", "(a bytes)", "2-D numpy array")),
    # --- instrument
    ("zung", _OK, {}, UnknownInstrumentError, ("'zung'", "known ids", "phq9")),
    (
        "",
        _OK,
        {},
        UnknownInstrumentError,
        (
            "''",
            "known ids",
        ),
    ),
    (9, _OK, {}, BatchError, ("instrument", "got 9;", "'phq9'")),
    (None, _OK, {}, BatchError, ("instrument", "None", "Instrument or an instrument id")),
    # --- options
    ("phq9", _OK, {"missing": "lenient"}, BatchError, ("missing", "'lenient'", "'prorate'")),
    ("phq9", _OK, {"missing": None}, BatchError, ("missing", "None", "'strict'")),
    ("phq9", _OK, {"missing": True}, BatchError, ("missing", "True", "'strict'")),
    ("phq9", _OK, {"coding": MCBS_GAD7}, BatchError, ("coding", "'mcbs-gad7'", "'gad7'")),
    ("phq9", _OK, {"coding": "nhanes"}, BatchError, ("coding", "'nhanes'", "NHANES_DPQ")),
    ("gad7", [[0] * 7], {"coding": NHANES_DPQ}, BatchError, ("coding", "'phq9'", "'gad7'")),
    ("hamd17", [[0] * 17], {"band_set": "nope"}, BatchError, ("band_set", "'nope'", "'camcops'")),
    ("phq9", _OK, {"band_set": 3}, BatchError, ("band_set", "got 3;", "band-set name")),
    (
        "cadss23",
        [[0] * 23],
        {"band_set": "x"},
        BatchError,
        ("band_set", "no severity bands", "None"),
    ),
    ("moaas", [[5]], {"band_set": "x"}, BatchError, ("band_set", "'x'", "'esketamine'")),
]


@pytest.mark.parametrize(
    ("instrument", "values", "kwargs", "error", "words"),
    _CASES,
    ids=[f"{i}-{c[0]}" for i, c in enumerate(_CASES)],
)
def test_bad_arguments_raise_with_a_helpful_message(
    instrument: object,
    values: object,
    kwargs: dict[str, Any],
    error: type[Exception],
    words: tuple[str, ...],
) -> None:
    with pytest.raises(error) as info:
        score_array(instrument, values, **kwargs)  # type: ignore[arg-type]
    assert isinstance(info.value, KetacoreError)
    assert isinstance(info.value, ValueError)
    message = str(info.value)
    for word in words:
        assert word in message, (word, message)


def test_batch_error_is_a_validation_error() -> None:
    from ketacore.exceptions import ValidationError

    assert issubclass(BatchError, ValidationError)
    assert issubclass(BatchError, ValueError)


def test_bad_rows_never_raise() -> None:
    rows = [[0] * 9, [9] * 9, ["x"] * 9, [None] * 9, [1.5] * 9]
    scores = score_array("phq9", rows)
    assert scores.valid.tolist() == [True, False, False, False, False]
    assert [e.row for e in scores.errors] == [1, 2, 3, 4]


@pytest.mark.parametrize(
    "coding", [None, NHANES_DPQ, MCBS_PHQ9], ids=lambda c: getattr(c, "name", "none")
)
def test_odd_objects_in_object_arrays_are_row_errors(coding: object) -> None:
    from test_instruments_bad_inputs import ODD_VALUES

    good = [1] * 9 if coding is MCBS_PHQ9 else [0] * 9
    rows: list[list[object]] = [good]
    for value, _ in ODD_VALUES:
        rows.append([*good[:4], value, *good[5:]])
    rows.append(good)
    for values in (rows, np.array(rows, dtype=object)):
        scores = score_array("phq9", values, coding=coding)  # type: ignore[arg-type]
        assert scores.valid.tolist() == [True] + [False] * len(ODD_VALUES) + [True]
        assert scores.total[[0, -1]].tolist() == [0.0, 0.0]
        for error, (_, shown) in zip(scores.errors, ODD_VALUES, strict=True):
            assert error.item == 5
            assert shown in error.reason
            assert len(error.reason) < 200


def test_numpy_integers_in_object_arrays_are_decoded_like_ints() -> None:
    rows = np.array([[np.int64(4)] * 8 + [np.int64(1)]], dtype=object)
    assert score_array("phq9", rows, coding=MCBS_PHQ9).total.tolist() == [24.0]  # 8 × 3 + 0
    nhanes = np.array([[np.int16(1)] * 8 + [np.int16(7)]], dtype=object)  # 7 = refused
    scores = score_array("phq9", nhanes, coding=NHANES_DPQ, missing="prorate")
    assert scores.total.tolist() == [9.0]
    assert scores.unanswered_flags.tolist() == [[True]]
