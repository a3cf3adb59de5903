"""The package's metadata, public surface and import cost."""

from __future__ import annotations

from importlib.metadata import version

import pytest

import ketacore
from import_helpers import modules_after


def test_version_matches_metadata() -> None:
    assert ketacore.__version__ == version("ketacore")


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


def test_import_ketacore_does_not_import_pint() -> None:
    loaded = modules_after("import ketacore")
    assert "pint" not in loaded
    assert "ketacore.units" not in loaded


@pytest.mark.parametrize("code", ["import ketacore", "import ketacore.instruments"])
def test_core_imports_do_not_import_numpy(code: str) -> None:
    loaded = modules_after(code)
    assert "numpy" not in loaded
    assert "ketacore.batch" not in loaded


def test_batch_imports_numpy_but_not_pandas_or_polars() -> None:
    pytest.importorskip("numpy")
    loaded = modules_after("import ketacore.batch")
    assert "numpy" in loaded
    assert "pandas" not in loaded
    assert "polars" not in loaded
