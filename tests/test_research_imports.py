"""Heavy optional libraries stay off the import path of the core and the CLI."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("numpy", "pandas", "polars", "matplotlib", "pint")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return set(out.split())


@pytest.mark.parametrize(
    "code",
    [
        "import ketacore",
        "import ketacore.cli",
        "import ketacore.tables",
        "import ketacore.cohort",
        "import ketacore.plots",
    ],
)
def test_no_heavy_library_is_imported(code: str) -> None:
    loaded = _modules_after(code)
    assert not [m for m in HEAVY if m in loaded]


def test_loading_the_cohort_needs_no_numpy() -> None:
    loaded = _modules_after("from ketacore.cohort import load_cohort\nload_cohort()")
    assert "numpy" not in loaded
