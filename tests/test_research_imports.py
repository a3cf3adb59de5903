"""Heavy optional libraries stay off the import path of the core and the CLI."""

from __future__ import annotations

import pytest

from import_helpers import modules_after

HEAVY = ("numpy", "pandas", "polars", "matplotlib", "pint")


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
    loaded = modules_after(code)
    assert not [m for m in HEAVY if m in loaded]


def test_loading_the_cohort_needs_no_numpy() -> None:
    loaded = modules_after("from ketacore.cohort import load_cohort\nload_cohort()")
    assert "numpy" not in loaded
