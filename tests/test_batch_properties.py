"""Batch and single scoring agree on every instrument in the catalogue.

For random valid and invalid rows, ``score_array`` must give each row the total,
band, flags and ``prorated`` of ``Instrument.score``, and must make a row an error
exactly when ``Instrument.score`` raises (with the same message).
"""

from __future__ import annotations

import math

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketacore.exceptions import ScoringError
from ketacore.instruments import (
    CATALOGUE,
    HAMD17,
    MCBS_GAD7,
    MCBS_PHQ9,
    NHANES_DPQ,
    PHQ9,
    CriticalItem,
    FlagStatus,
    Instrument,
    MissingPolicy,
    Score,
    SourceCoding,
)
from strategies import batch_rows

np = pytest.importorskip("numpy")

from ketacore.batch import BatchScores, score_array  # noqa: E402

_IDS = sorted(CATALOGUE)
# 23 instruments × 3 representations: fewer examples each keeps the suite quick.
_PER_INSTRUMENT = settings(max_examples=50)
_POLICIES: tuple[MissingPolicy, ...] = ("strict", "prorate")


def _single(inst: Instrument, row: list[object], missing: MissingPolicy) -> Score | str:
    """The single scorer's Score, or its error message (NaN means missing in a batch)."""
    row = [None if isinstance(v, float) and math.isnan(v) else v for v in row]
    try:
        return inst.score(row, missing=missing)  # type: ignore[arg-type]
    except ScoringError as exc:
        return str(exc)


def _assert_agrees(
    batch: BatchScores,
    inst: Instrument,
    rows: list[list[object]],
    missing: MissingPolicy,
    band_set: str | None = None,
) -> None:
    assert len(batch) == len(rows)
    errors = {e.row: e for e in batch.errors}
    assert [e.row for e in batch.errors] == sorted(errors)
    for i, row in enumerate(rows):
        single = _single(inst, row, missing)
        if isinstance(single, str):
            assert not batch.valid[i], (i, row)
            assert errors[i].reason == single
            assert math.isnan(batch.total[i])
            assert batch.band[i] == -1
            assert not batch.flags[i].any()
            assert not batch.unanswered_flags[i].any()
            assert not batch.prorated[i]
            continue
        assert batch.valid[i], (i, row, errors.get(i))
        assert i not in errors
        if single.total is None:
            assert math.isnan(batch.total[i])
        else:
            assert batch.total[i] == single.total, (i, row)
        band = single.band(band_set) if inst.band_sets else None
        assert batch.band_labels[i] == (None if band is None else band.label), (i, row)
        raised = {f.rule.label for f in single.flags}
        got = {label for label, on in zip(batch.flag_labels, batch.flags[i], strict=True) if on}
        assert got == raised, (i, row)
        # The three-state flags: triggered / not triggered / unanswered, per critical item.
        statuses = tuple(
            FlagStatus.TRIGGERED
            if on
            else FlagStatus.UNANSWERED
            if blank
            else FlagStatus.NOT_TRIGGERED
            for on, blank in zip(batch.flags[i], batch.unanswered_flags[i], strict=True)
        )
        assert statuses == single.flag_statuses, (i, row)
        assert batch.prorated[i] == single.prorated
        if inst.triage is not None:
            assert batch.risk is not None
            assert batch.risk[i] == single.risk


@pytest.mark.parametrize("instrument_id", _IDS)
@_PER_INSTRUMENT
@given(data=st.data())
def test_lists_of_rows_agree_with_single_scoring(instrument_id: str, data: st.DataObject) -> None:
    inst = CATALOGUE[instrument_id]
    rows = data.draw(batch_rows(inst, junk=True))
    missing = data.draw(st.sampled_from(_POLICIES))
    band_set = data.draw(st.sampled_from([None, *(b.name for b in inst.band_sets)]))
    batch = score_array(inst, rows, missing=missing, band_set=band_set)
    _assert_agrees(batch, inst, rows, missing, band_set)


@pytest.mark.parametrize("instrument_id", _IDS)
@_PER_INSTRUMENT
@given(data=st.data())
def test_float_arrays_with_nan_agree(instrument_id: str, data: st.DataObject) -> None:
    inst = CATALOGUE[instrument_id]
    rows = data.draw(batch_rows(inst, junk=False))
    missing = data.draw(st.sampled_from(_POLICIES))
    array = np.array(
        [[math.nan if v is None else v for v in row] for row in rows], dtype=np.float64
    ).reshape(len(rows), len(inst.items))
    batch = score_array(inst, array, missing=missing)
    _assert_agrees(batch, inst, rows, missing)


@pytest.mark.parametrize("instrument_id", _IDS)
@_PER_INSTRUMENT
@given(data=st.data())
def test_masked_and_integer_arrays_agree(instrument_id: str, data: st.DataObject) -> None:
    inst = CATALOGUE[instrument_id]
    rows = data.draw(batch_rows(inst, junk=False))
    missing = data.draw(st.sampled_from(_POLICIES))
    dtype = data.draw(st.sampled_from([np.int64, np.int32, np.int16, np.int8]))
    filled = [[0 if v is None else v for v in row] for row in rows]
    mask = [[v is None for v in row] for row in rows]
    shape = (len(rows), len(inst.items))
    array = np.ma.MaskedArray(
        np.array(filled, dtype=dtype).reshape(shape), mask=np.array(mask, dtype=bool).reshape(shape)
    )
    _assert_agrees(score_array(inst, array, missing=missing), inst, rows, missing)
    complete = [row for row in rows if None not in row]
    plain = np.array(complete, dtype=dtype).reshape(len(complete), len(inst.items))
    _assert_agrees(score_array(inst, plain, missing=missing), inst, complete, missing)


_CODINGS = [NHANES_DPQ, MCBS_PHQ9, MCBS_GAD7]


@pytest.mark.parametrize("coding", _CODINGS, ids=lambda c: c.name)
@given(data=st.data())
def test_source_codings_agree_with_decode_then_score(
    coding: SourceCoding, data: st.DataObject
) -> None:
    inst = CATALOGUE[coding.instrument]
    int_codes = [s.code for s in coding.sentinels if isinstance(s.code, int)]
    all_codes = [s.code for s in coding.sentinels]
    element = st.one_of(
        st.integers(coding.offset, coding.offset + 3),
        st.integers(coding.offset, coding.offset + 3),
        st.sampled_from(int_codes or [None]),
        st.integers(-2, 12),
        st.none(),
    )
    rows = data.draw(st.lists(st.lists(element, min_size=9, max_size=9), max_size=12))
    rows = [row[: len(inst.items)] for row in rows]
    missing = data.draw(st.sampled_from(_POLICIES))
    expected = [coding.decode(row) for row in rows]
    array = np.array(
        [[math.nan if v is None else v for v in row] for row in rows], dtype=np.float64
    ).reshape(len(rows), len(inst.items))
    batch = score_array(inst, array, missing=missing, coding=coding)
    _assert_agrees(batch, inst, expected, missing)  # type: ignore[arg-type]
    # Object arrays may carry string sentinels ("D", "R").
    with_text = [
        [data.draw(st.sampled_from(all_codes)) if v is None else v for v in row] for row in rows
    ]
    batch = score_array(inst, with_text, missing=missing, coding=coding)
    _assert_agrees(batch, inst, [coding.decode(r) for r in with_text], missing)  # type: ignore[arg-type]


_WITH_CRITICAL = sorted(i for i in _IDS if CATALOGUE[i].critical_items)
# A clinic variant flagging an item that has a special code (HAM-D17 16 = 3, not assessed).
_CODED_CRITICAL = attrs.evolve(
    HAMD17, critical_items=(CriticalItem(16, 1, "weight loss", "test variant: item 16 >= 1"),)
)


@pytest.mark.parametrize(
    "inst",
    [*(CATALOGUE[i] for i in _WITH_CRITICAL), _CODED_CRITICAL],
    ids=[*_WITH_CRITICAL, "hamd17-item16-flag"],
)
@_PER_INSTRUMENT
@given(data=st.data())
def test_flag_statuses_agree_with_single_scoring(inst: Instrument, data: st.DataObject) -> None:
    # Rows with missing critical items, under both policies, as lists and float arrays.
    rows = data.draw(batch_rows(inst, junk=False))
    for row in rows:
        for rule in inst.critical_items:
            if data.draw(st.booleans()):
                row[rule.item - 1] = None
    missing = data.draw(st.sampled_from(_POLICIES))
    _assert_agrees(score_array(inst, rows, missing=missing), inst, rows, missing)
    array = np.array(
        [[math.nan if v is None else v for v in row] for row in rows], dtype=np.float64
    ).reshape(len(rows), len(inst.items))
    _assert_agrees(score_array(inst, array, missing=missing), inst, rows, missing)


@pytest.mark.parametrize("rounding", ["half_up", "half_even", "floor", "ceil"])
@given(data=st.data())
def test_prorating_rounding_variants_agree(rounding: str, data: st.DataObject) -> None:
    assert PHQ9.prorating is not None
    inst = attrs.evolve(PHQ9, prorating=attrs.evolve(PHQ9.prorating, rounding=rounding))
    rows = data.draw(batch_rows(inst, junk=False))
    array = np.array(
        [[math.nan if v is None else v for v in row] for row in rows], dtype=np.float64
    ).reshape(len(rows), 9)
    _assert_agrees(score_array(inst, array, missing="prorate"), inst, rows, "prorate")


_NUMERIC_DTYPES = [
    np.dtype(order + kind)
    for order in "<>"
    for kind in ("i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8")
]


def _element(item: object, dtype: object) -> st.SearchStrategy[object]:
    """A value of ``dtype``: mostly on the item's scale, else anything the dtype holds."""
    low, high = item.low, item.high  # type: ignore[attr-defined]
    if dtype.kind == "f":  # type: ignore[attr-defined]
        width = 8 * dtype.itemsize  # type: ignore[attr-defined]
        return st.one_of(
            st.integers(max(low, 0), high).map(float),
            st.floats(width=width),
        )
    info = np.iinfo(dtype)
    return st.one_of(st.integers(max(low, info.min), high), st.integers(info.min, info.max))


def _as_item(value: object) -> object:
    """A float array element as ``score_array`` documents it: NaN missing, integral = int."""
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if math.isfinite(value) and value.is_integer():
            return int(value)
    return value


@settings(max_examples=300)
@given(data=st.data())
def test_every_numeric_dtype_and_byte_order_agrees_with_single_scoring(
    data: st.DataObject,
) -> None:
    inst = CATALOGUE[data.draw(st.sampled_from(_IDS))]
    dtype = data.draw(st.sampled_from(_NUMERIC_DTYPES))
    missing = data.draw(st.sampled_from(_POLICIES))
    rows = data.draw(
        st.lists(st.tuples(*(_element(item, dtype) for item in inst.items)), max_size=6)
    )
    array = np.array(rows, dtype=dtype).reshape(len(rows), len(inst.items))
    batch = score_array(inst, array, missing=missing)
    errors = {e.row: e for e in batch.errors}
    for i, row in enumerate(array.tolist()):
        single = _single(inst, [_as_item(v) for v in row], missing)
        if isinstance(single, str):
            assert not batch.valid[i], (dtype, row)
            # The value is shown as the array held it (1e+300, not its 301 digits).
            assert errors[i].reason.split(":")[0] == single.split(":")[0], (dtype, row)
            continue
        assert batch.valid[i], (dtype, row, errors.get(i))
        if single.total is None:
            assert math.isnan(batch.total[i])
        else:
            assert batch.total[i] == single.total, (dtype, row)
        band = single.severity
        assert batch.band_labels[i] == (None if band is None else band.label)
        assert tuple(batch.flags[i]) == tuple(
            s is FlagStatus.TRIGGERED for s in single.flag_statuses
        )
        assert batch.prorated[i] == single.prorated
