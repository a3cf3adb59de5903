"""Properties of the cohort generator and the CSV tables."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ketacore.cohort import TABLES, generate_cohort
from ketacore.tables import (
    Row,
    parse_cell,
    read_table,
    response_table,
    score_table,
    to_csv_text,
)

cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**9), 10**9),
    st.sampled_from([1e-05, -2.5e-300, 0.1]),
    st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: not x.is_integer()),
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=8
    ).filter(lambda t: parse_cell(t) == t),  # text that reads as a number is a number
)


@settings(max_examples=30)
@given(st.integers(1, 12), st.integers(0, 2**32))
def test_every_generated_form_rescores_and_every_patient_is_evaluable(n: int, seed: int) -> None:
    cohort = generate_cohort(n_patients=n, seed=seed)
    assert len(cohort.patients) == n
    for name in ("madrs", "phq9", "qids_sr16", "cadss23"):
        scored = score_table(cohort.table(name), name, missing="prorate")
        assert not scored.errors
    for name in ("madrs", "phq9", "qids_sr16"):
        responses = response_table(cohort.table(name), name)
        assert all(r["status"] != "not evaluable" for r in responses)


@settings(max_examples=50)
@given(st.lists(st.fixed_dictionaries({"a": cells, "b": cells}), min_size=1, max_size=5))
def test_csv_round_trip_of_typed_cells(rows: list[Row]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_text(to_csv_text(rows), encoding="utf-8")
        back = read_table(path).rows
    expected = [{k: _read_back(v) for k, v in r.items()} for r in rows]
    assert list(back) == expected


def _read_back(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
        return f"'{value}"  # neutralised: a spreadsheet must not evaluate it (OWASP)
    return value


def test_tables_are_the_documented_names() -> None:
    assert TABLES == ("patients", "sessions", "vitals", "madrs", "phq9", "qids_sr16", "cadss23")
