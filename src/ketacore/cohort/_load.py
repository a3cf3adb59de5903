"""Reading the bundled cohort and writing a cohort as CSV files."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

from ketacore.cohort._generate import TABLES, Cohort, check_table
from ketacore.tables import read_table, to_csv_text

__all__ = ["data_path", "load_cohort", "write_cohort"]


def data_path(table: str) -> Path:
    """Return the path of the bundled CSV file of ``table`` (e.g. ``"phq9"``).

    Raises:
        TableError: ``table`` is not one of :data:`~ketacore.cohort.TABLES`.
    """
    check_table(table)
    return Path(str(files("ketacore.cohort").joinpath("data", f"{table}.csv")))


def load_cohort() -> Cohort:
    """Read the bundled synthetic cohort (200 patients, seed ``DEFAULT_SEED``)."""
    from ketacore.cohort._generate import DEFAULT_SEED

    return Cohort(DEFAULT_SEED, *(read_table(data_path(name)).rows for name in TABLES))


def write_cohort(cohort: Cohort, directory: str | os.PathLike[str]) -> list[Path]:
    """Write every table of ``cohort`` as ``<table>.csv`` into ``directory``.

    Returns:
        The paths written, in :data:`~ketacore.cohort.TABLES` order.
    """
    out = []
    for name in TABLES:
        path = Path(directory) / f"{name}.csv"
        path.write_text(to_csv_text(cohort.table(name)), encoding="utf-8")
        out.append(path)
    return out
