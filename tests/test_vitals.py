"""Vital signs: bounded messages and equality (issue 10 and 15, quantity handling)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketacore import ValidationError, vitals
from ketacore.vitals import VitalSigns, blood_pressure_limit

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


def test_vitals_errors_name_their_field() -> None:
    with pytest.raises(ValidationError) as caught:
        VitalSigns(taken_at=AT, heart_rate=400)
    assert (caught.value.field, caught.value.value) == ("heart_rate", 400)
    with pytest.raises(ValidationError) as caught:
        VitalSigns(taken_at=AT, systolic=80, diastolic=120)
    assert (caught.value.field, caught.value.value) == ("diastolic", 120)
    assert "swapped" in str(caught.value.fix)
    with pytest.raises(ValidationError) as caught:
        VitalSigns(taken_at=AT, systolic=120)
    assert caught.value.field == "diastolic"


def test_a_naive_taken_at_is_refused_with_the_fix() -> None:
    naive = datetime(2026, 3, 2, 9, 0)
    with pytest.raises(ValidationError) as caught:
        VitalSigns(taken_at=naive, heart_rate=70)
    assert (caught.value.field, caught.value.value) == ("taken_at", naive)
    assert "ZoneInfo" in str(caught.value.fix)


@pytest.mark.parametrize("age", [-1, 131, True, 40.0], ids=["negative", "131", "bool", "float"])
def test_the_limit_age_is_the_one_0_to_130_rule(age: object) -> None:
    with pytest.raises(ValidationError) as caught:
        blood_pressure_limit(age)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("age", age)
    assert blood_pressure_limit(130) is blood_pressure_limit(0)


def test_aware_datetime_is_no_longer_public() -> None:
    # Issue 17: a helper, not a domain concept; ketacore._validators.check_aware replaces it.
    assert "aware_datetime" not in vitals.__all__
    assert not hasattr(vitals, "aware_datetime")
