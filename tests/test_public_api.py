"""The public surface of ketacore.patients and ketacore.contraindications."""

from __future__ import annotations

import importlib
import inspect

import pytest


@pytest.mark.parametrize("name", ["ketacore.patients", "ketacore.contraindications"])
def test_every_public_name_resolves_and_is_documented(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__doc__
    assert len(set(module.__all__)) == len(module.__all__)
    for public in module.__all__:
        value = getattr(module, public)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert inspect.getdoc(value), public
            assert not value.__module__.startswith("ketacore._"), public


def test_new_exceptions_are_value_errors_and_warnings_filterable() -> None:
    from ketacore.exceptions import (
        KetacoreError,
        KetacoreWarning,
        PatientError,
        ScreeningError,
        StaleMeasurementWarning,
        ValidationError,
    )

    for error in (PatientError, ScreeningError):
        assert issubclass(error, ValidationError)
        assert issubclass(error, KetacoreError)
        assert issubclass(error, ValueError)
    assert issubclass(StaleMeasurementWarning, KetacoreWarning)
