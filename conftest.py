"""Collection rules for the whole repository.

Batch scoring needs numpy, and its DataFrame adapters need pandas or polars. When
one is not installed, the modules and documents that need it are not collected
(test files skip themselves with ``pytest.importorskip``).
"""

from __future__ import annotations

from importlib.util import find_spec

collect_ignore_glob: list[str] = []
if find_spec("numpy") is None:
    collect_ignore_glob += [
        "src/ketacore/batch/*.py",
        "docs/batch-scoring.md",
        "tests/typing/batch_api.py",
    ]
if find_spec("pandas") is None:
    collect_ignore_glob += ["src/ketacore/batch/pandas.py", "docs/batch-scoring.md"]
if find_spec("polars") is None:
    collect_ignore_glob += ["src/ketacore/batch/polars.py", "docs/batch-scoring.md"]
