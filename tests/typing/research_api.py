"""Documented usage of the research toolkit, type-checked with ``mypy --strict``."""

from __future__ import annotations

from ketacore.cohort import Cohort, data_path, generate_cohort, load_cohort
from ketacore.plots import cohort_figure, trajectory_figure
from ketacore.tables import (
    Cell,
    Row,
    ScoredTable,
    TableFile,
    read_table,
    response_table,
    score_table,
    summarise,
    to_csv_text,
)


def research_usage() -> None:
    cohort: Cohort = load_cohort()
    bigger: Cohort = generate_cohort(n_patients=10, seed=1)
    rows: tuple[Row, ...] = bigger.table("phq9")
    table: TableFile = read_table(data_path("phq9"))
    scored: ScoredTable = score_table(table, "phq9", missing="prorate")
    total: Cell = scored.scores[0]["total"]
    responses: list[Row] = response_table(cohort.madrs, "madrs")
    rates: list[Row] = summarise(responses)
    text: str = to_csv_text(rates)
    figure = trajectory_figure(cohort.madrs, "madrs", "SYN-0001", sessions=cohort.sessions)
    figure.savefig("unused.png")
    cohort_figure(rows, "phq9").savefig("unused.png")
    print(total, text)
