"""Properties every instrument with a total must satisfy, for in-scale item values."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketacore.instruments import CATALOGUE
from ketacore.testing import item_values

_WITH_TOTAL = sorted(i for i, inst in CATALOGUE.items() if inst.total_range is not None)


@pytest.mark.parametrize("instrument_id", _WITH_TOTAL)
@given(data=st.data())
def test_total_in_range_and_in_its_band(instrument_id: str, data: st.DataObject) -> None:
    inst = CATALOGUE[instrument_id]
    values = data.draw(item_values(inst))
    s = inst.score(values)
    assert s.total is not None
    assert inst.total_range is not None
    low, high = inst.total_range
    assert low <= s.total <= high
    assert s.values == tuple(values)
    for band_set in inst.band_sets:
        band = s.band(band_set.name)
        assert band is not None
        assert s.total in band
    if inst.band_sets:
        assert s.severity is not None
        assert s.total in s.severity


@pytest.mark.parametrize("instrument_id", _WITH_TOTAL)
@given(data=st.data())
def test_raising_an_item_never_lowers_the_total(instrument_id: str, data: st.DataObject) -> None:
    inst = CATALOGUE[instrument_id]
    values = data.draw(item_values(inst))
    index = data.draw(st.integers(0, len(values) - 1))
    item = inst.items[index]
    raised = list(values)
    raised[index] = data.draw(st.integers(values[index], item.high))
    before = inst.score(values).total
    after = inst.score(raised).total
    assert before is not None
    assert after is not None
    assert after >= before


@pytest.mark.parametrize("instrument_id", _WITH_TOTAL)
@given(data=st.data())
def test_mapping_and_sequence_agree(instrument_id: str, data: st.DataObject) -> None:
    inst = CATALOGUE[instrument_id]
    values = data.draw(item_values(inst))
    by_number = dict(enumerate(values, start=1))
    assert inst.score(by_number).total == inst.score(values).total


@pytest.mark.parametrize("instrument_id", _WITH_TOTAL)
@given(data=st.data())
def test_subscales_stay_within_their_items_range(instrument_id: str, data: st.DataObject) -> None:
    inst = CATALOGUE[instrument_id]
    s = inst.score(data.draw(item_values(inst)))
    for sub in inst.subscales:
        value = s.subscales[sub.name]
        assert value is not None
        lows = sum(inst.items[i - 1].low for i in sub.items)
        highs = sum(inst.items[i - 1].high for i in sub.items)
        assert lows <= value <= highs
