"""Research tables order visits by value, never by file order (issue 10, item 5)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketacore.exceptions import BatchError, TableError
from ketacore.instruments import PHQ9
from ketacore.tables import VISIT_COLUMNS, response_table, summarise
from ketacore.testing import item_values

_START = date(2026, 1, 5)


def _row(pid: str, column: str, when: object, values: list[int]) -> dict[str, Any]:
    items = {f"phq9_{n}": v for n, v in enumerate(values, start=1)}
    return {"record_id": pid, "patient_id": pid, column: when, **items}


def test_dates_are_ordered_as_dates_not_file_order() -> None:
    # A REDCap-style export: the follow-up is written before the baseline.
    rows = [
        _row("R1", "visit_date", "2026-03-01", [0] * 9),  # follow-up, total 0
        _row("R1", "visit_date", "2026-01-05", [2] * 9),  # baseline, total 18
    ]
    (row,) = response_table(rows, PHQ9)
    assert (row["baseline_total"], row["endpoint_total"], row["status"]) == (18, 0, "remission")
    assert response_table(rows[::-1], PHQ9) == [row]


def test_day_holding_dates_orders_them_as_dates() -> None:
    rows = [_row("R1", "day", "2026-10-01", [0] * 9), _row("R1", "day", "2026-09-30", [2] * 9)]
    assert response_table(rows, PHQ9)[0]["baseline_total"] == 18


def test_numbers_are_ordered_as_numbers() -> None:
    rows = [_row("R1", "day", 10, [0] * 9), _row("R1", "day", 9, [2] * 9)]
    assert response_table(rows, PHQ9)[0]["baseline_day"] == 9


def test_no_visit_column_is_an_error_naming_the_columns_looked_for() -> None:
    rows = [_row("R1", "when", "x", [2] * 9), _row("R1", "when", "y", [0] * 9)]
    with pytest.raises(TableError, match="none of \\['day', 'date', 'visit_date'") as caught:
        response_table(rows, PHQ9)
    assert all(name in str(caught.value) for name in VISIT_COLUMNS)
    assert "R1" not in str(caught.value)


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (["03/01/2026", "2026-01-05"], "row 0 holds '03/01/2026'"),
        ([1, "2026-01-05"], "row 0 holds 1"),
        ([None, 3], "row 0 has no value"),
        ([3, 3], "two rows of one patient have the same day"),
        (["2026-01-05T09:00+00:00", "2026-01-06T09:00"], "mixes date-times"),
    ],
)
def test_visit_cells_that_do_not_order_are_errors(cells: list[object], message: str) -> None:
    rows = [_row("R1", "day", c, [1] * 9) for c in cells]
    with pytest.raises(TableError, match=message):
        response_table(rows, PHQ9)


def test_an_explicit_visit_column_is_used_or_refused() -> None:
    rows = [
        {**_row("R1", "visit_date", "2026-03-01", [0] * 9), "day": 1},
        {**_row("R1", "visit_date", "2026-01-05", [2] * 9), "day": 2},
    ]
    assert response_table(rows, PHQ9)[0]["baseline_total"] == 0  # 'day' comes first
    assert response_table(rows, PHQ9, visit="visit_date")[0]["baseline_total"] == 18
    with pytest.raises(TableError, match="visit: got 'week'"):
        response_table(rows, PHQ9, visit="week")


@st.composite
def _exports(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A REDCap-like export: several patients, visits on distinct dates or days."""
    as_dates = draw(st.booleans())
    column = draw(st.sampled_from(("visit_date", "day"))) if as_dates else "day"
    rows = []
    for number in range(draw(st.integers(1, 6))):
        days = draw(st.lists(st.integers(0, 400), min_size=1, max_size=4, unique=True))
        for day in days:
            when: object = (_START + timedelta(days=day)).isoformat() if as_dates else day
            rows.append(_row(f"R{number}", column, when, draw(item_values(PHQ9))))
    return rows


@settings(max_examples=60)
@given(_exports(), st.randoms(use_true_random=False))
def test_shuffling_rows_never_changes_the_result(rows: list[dict[str, Any]], rng: Any) -> None:
    shuffled = list(rows)
    rng.shuffle(shuffled)

    def by_patient(table: list[dict[str, Any]]) -> dict[Any, dict[str, Any]]:
        return {r["patient_id"]: r for r in response_table(table, PHQ9)}

    assert by_patient(shuffled) == by_patient(rows)
    rates = summarise(response_table(rows, PHQ9))
    shuffled_rates = summarise(response_table(shuffled, PHQ9))
    assert [r["response_percent"] for r in rates] == [r["response_percent"] for r in shuffled_rates]


@settings(max_examples=30)
@given(_exports(), st.randoms(use_true_random=False))
def test_shuffling_frame_rows_never_changes_batch_statuses(
    rows: list[dict[str, Any]], rng: Any
) -> None:
    pd = pytest.importorskip("pandas")
    from ketacore.batch.pandas import classify_visits

    shuffled = list(rows)
    rng.shuffle(shuffled)
    column = "visit_date" if "visit_date" in rows[0] else "day"

    def statuses(table: list[dict[str, Any]]) -> dict[tuple[Any, Any], Any]:
        frame = pd.DataFrame(table)
        out = classify_visits(frame, PHQ9, patient="patient_id", visit=column)
        keys = zip(frame["patient_id"], frame[column], strict=True)
        return dict(zip(keys, out["phq9_status"], strict=True))

    assert statuses(shuffled) == statuses(rows)


def test_batch_refuses_a_repeated_visit_of_one_patient() -> None:
    pd = pytest.importorskip("pandas")
    from ketacore.batch.pandas import classify_visits

    frame = pd.DataFrame([_row("R1", "day", 3, [1] * 9), _row("R1", "day", 3, [2] * 9)])
    with pytest.raises(BatchError, match="two rows of one patient have the same 'day'"):
        classify_visits(frame, PHQ9, patient="patient_id", visit="day")
