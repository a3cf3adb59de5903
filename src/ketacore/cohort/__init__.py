"""A bundled synthetic cohort and its generator (no real patient data).

>>> from ketacore.cohort import SYNTHETIC_COLUMN, load_cohort
>>> cohort = load_cohort()
>>> len(cohort.patients), cohort.patients[0]["patient_id"]
(200, 'SYN-0001')
>>> cohort.patients[0][SYNTHETIC_COLUMN]
True

The bundled CSV files under ``ketacore/cohort/data/`` are exactly what
:func:`generate_cohort` produces with the default arguments; a test checks it.
"""

from __future__ import annotations

from ketacore.cohort._generate import (
    DEFAULT_SEED,
    REMISSION_TARGET,
    RESPONSE_TARGET,
    SYNTHETIC_COLUMN,
    TABLES,
    Cohort,
    generate_cohort,
)
from ketacore.cohort._load import data_path, load_cohort, write_cohort

__all__ = [
    "DEFAULT_SEED",
    "REMISSION_TARGET",
    "RESPONSE_TARGET",
    "SYNTHETIC_COLUMN",
    "TABLES",
    "Cohort",
    "data_path",
    "generate_cohort",
    "load_cohort",
    "write_cohort",
]
