"""The public surface of ketacore.tables, ketacore.cohort and ketacore.plots."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest

MODULES = ["ketacore.tables", "ketacore.cohort", "ketacore.plots", "ketacore.cli"]


@pytest.mark.parametrize("name", MODULES)
def test_every_public_name_resolves_and_is_documented(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__doc__
    assert len(set(module.__all__)) == len(module.__all__)
    for public in module.__all__:
        value = getattr(module, public)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert inspect.getdoc(value), public
            assert not value.__module__.startswith("ketacore._"), public
            assert not public.startswith("_")


def _isort_key(name: str) -> tuple[int, str]:
    kind = 0 if name.isupper() else 1 if name[0].isupper() else 2
    return kind, name


@pytest.mark.parametrize("name", MODULES)
def test_all_is_sorted_constants_classes_functions(name: str) -> None:
    names = importlib.import_module(name).__all__
    assert list(names) == sorted(names, key=_isort_key)


def test_table_error_is_a_value_error() -> None:
    from ketacore.exceptions import KetacoreError, TableError, ValidationError

    assert issubclass(TableError, ValidationError)
    assert issubclass(TableError, KetacoreError)
    assert issubclass(TableError, ValueError)


def test_documented_research_usage_type_checks() -> None:
    api = pytest.importorskip("mypy.api")
    target = Path(__file__).parent / "typing" / "research_api.py"
    stdout, stderr, status = api.run(
        ["--strict", "--no-incremental", "--follow-imports=silent", str(target)]
    )
    assert status == 0, stdout + stderr
