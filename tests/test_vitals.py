"""Vital signs: bounded messages and equality (issue 10 and 15, quantity handling)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketacore import ValidationError
from ketacore.vitals import VitalSigns

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "value", [10**5000, "x" * 1_000_000, [1] * 100_000], ids=["huge int", "long text", "list"]
)
def test_a_hostile_reading_gives_a_short_message(value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        VitalSigns(taken_at=AT, heart_rate=value)  # type: ignore[arg-type]
    assert len(str(caught.value)) < 300


@given(
    st.integers(min_value=90, max_value=200),
    st.integers(min_value=40, max_value=89),
    st.integers(min_value=20, max_value=250),
)
def test_equal_vitals_hash_equal(systolic: int, diastolic: int, rate: int) -> None:
    as_ints = VitalSigns(taken_at=AT, systolic=systolic, diastolic=diastolic, heart_rate=rate)
    as_floats = VitalSigns(
        taken_at=AT, systolic=float(systolic), diastolic=float(diastolic), heart_rate=float(rate)
    )
    assert as_ints == as_floats
    assert hash(as_ints) == hash(as_floats)
