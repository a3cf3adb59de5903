"""The package's metadata, public surface and import cost."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

import pytest

import ketacore


def test_version_matches_metadata() -> None:
    assert ketacore.__version__ == version("ketacore")


def test_all_is_sorted_and_resolvable() -> None:
    assert list(ketacore.__all__) == sorted(ketacore.__all__)
    for name in ketacore.__all__:
        assert getattr(ketacore, name) is not None


def test_unknown_attribute_raises() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = ketacore.nope  # type: ignore[attr-defined]


def test_validation_errors_are_value_errors() -> None:
    for cls in (ketacore.ValidationError, ketacore.UnitError, ketacore.DoseError):
        assert issubclass(cls, ketacore.KetacoreError)
        assert issubclass(cls, ValueError)


def test_py_typed_is_shipped() -> None:
    from importlib.resources import files

    assert files("ketacore").joinpath("py.typed").is_file()


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return set(out.split())


def test_import_ketacore_does_not_import_pint() -> None:
    loaded = _modules_after("import ketacore")
    assert "pint" not in loaded
    assert "ketacore.units" not in loaded


@pytest.mark.parametrize("code", ["import ketacore", "import ketacore.instruments"])
def test_core_imports_do_not_import_numpy(code: str) -> None:
    loaded = _modules_after(code)
    assert "numpy" not in loaded
    assert "ketacore.batch" not in loaded


def test_batch_imports_numpy_but_not_pandas_or_polars() -> None:
    pytest.importorskip("numpy")
    loaded = _modules_after("import ketacore.batch")
    assert "numpy" in loaded
    assert "pandas" not in loaded
    assert "polars" not in loaded
