"""The public surface of every public ketacore module, checked by one parameterised test.

A module is public when no part of its dotted name starts with ``_``. Each one has a
docstring and an ``__all__`` in ruff's RUF022 order (CONSTANTS, then Classes, then
functions) without duplicates; every name in it resolves, is listed by ``dir()``, and
every public class, function and public method or property has a docstring.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import types

import pytest

from import_helpers import public_modules

PUBLIC_MODULES = public_modules()

# Modules that must exist: the discovery above cannot silently find nothing.
KNOWN = {
    "ketacore",
    "ketacore.batch",
    "ketacore.batch.arrow",
    "ketacore.cdisc",
    "ketacore.cli",
    "ketacore.cohort",
    "ketacore.contraindications",
    "ketacore.courses",
    "ketacore.dose_checks",
    "ketacore.doses",
    "ketacore.exceptions",
    "ketacore.fhir",
    "ketacore.instruments",
    "ketacore.patients",
    "ketacore.plots",
    "ketacore.redcap",
    "ketacore.rems",
    "ketacore.reports",
    "ketacore.response",
    "ketacore.serialization",
    "ketacore.sessions",
    "ketacore.tables",
    "ketacore.testing",
    "ketacore.units",
    "ketacore.vitals",
}

# Modules whose import needs an optional library.
OPTIONAL = {
    "ketacore.batch.arrow": "pyarrow",
    "ketacore.batch.pandas": "pandas",
    "ketacore.batch.polars": "polars",
}


def _ruf022_key(name: str) -> tuple[int, str]:
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def _import(name: str) -> types.ModuleType:
    if name in OPTIONAL:
        pytest.importorskip(OPTIONAL[name])
    return importlib.import_module(name)


def test_discovery_finds_every_known_public_module() -> None:
    assert set(PUBLIC_MODULES) >= KNOWN
    assert not [name for name in PUBLIC_MODULES if "._" in name]


def _surface_problems(module: types.ModuleType) -> list[str]:
    """Every way ``module``'s public surface breaks the rules in this file's docstring."""
    name = module.__name__
    problems = []
    if not inspect.getdoc(module):
        problems.append(f"{name} has no docstring")
    names = getattr(module, "__all__", None)
    if not isinstance(names, list) or not names:
        return [*problems, f"{name}.__all__ is not a non-empty list"]
    if len(set(names)) != len(names):
        problems.append(f"{name}.__all__ has duplicates")
    if names != sorted(names, key=_ruf022_key):
        problems.append(f"{name}.__all__ is not in RUF022 order")
    for public in names:
        if public == "__version__":
            continue
        if public.startswith("_"):
            problems.append(f"{name}.{public} is private")
        if public not in dir(module):
            problems.append(f"{name}.{public} is not in dir()")
        try:
            value = getattr(module, public)
        except AttributeError:
            problems.append(f"{name}.{public} does not resolve")
            continue
        if not (inspect.isclass(value) or inspect.isroutine(value)):
            continue
        if not inspect.getdoc(value):
            problems.append(f"{name}.{public} has no docstring")
        # Defined in a public package (or its private modules), not in ketacore._helpers.
        if value.__module__.startswith("ketacore._"):
            problems.append(f"{name}.{public} is defined in {value.__module__}")
        if not inspect.isclass(value):
            continue
        for member_name, member in vars(value).items():
            if member_name.startswith("_") or isinstance(member, enum.Enum):
                continue
            method = inspect.isfunction(member) or isinstance(
                member, property | classmethod | staticmethod
            )
            if method and not inspect.getdoc(member):
                problems.append(f"{name}.{public}.{member_name} has no docstring")
    return problems


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_public_names_are_sorted_resolvable_and_documented(name: str) -> None:
    assert _surface_problems(_import(name)) == []


def test_the_check_reports_each_kind_of_problem() -> None:
    def undocumented() -> None:
        pass

    class Thing:
        """Documented."""

        def method(self) -> None:
            pass

    bad = types.ModuleType("ketacore_bad")
    bad.__all__ = ["undocumented", "Thing", "Thing", "_hidden", "missing"]  # type: ignore[attr-defined]
    bad.undocumented = undocumented  # type: ignore[attr-defined]
    bad.Thing = Thing  # type: ignore[attr-defined]
    bad._hidden = 1  # type: ignore[attr-defined]
    assert _surface_problems(bad) == [
        "ketacore_bad has no docstring",
        "ketacore_bad.__all__ has duplicates",
        "ketacore_bad.__all__ is not in RUF022 order",
        "ketacore_bad.undocumented has no docstring",
        "ketacore_bad.Thing.method has no docstring",
        "ketacore_bad.Thing.method has no docstring",
        "ketacore_bad._hidden is private",
        "ketacore_bad.missing is not in dir()",
        "ketacore_bad.missing does not resolve",
    ]


def test_new_exceptions_are_value_errors_and_warnings_filterable() -> None:
    from ketacore.exceptions import (
        KetacoreError,
        KetacoreWarning,
        PatientError,
        ScreeningError,
        SessionError,
        StaleMeasurementWarning,
        TableError,
        ValidationError,
    )

    for error in (PatientError, ScreeningError, SessionError, TableError):
        assert issubclass(error, ValidationError)
        assert issubclass(error, KetacoreError)
        assert issubclass(error, ValueError)
    assert issubclass(StaleMeasurementWarning, KetacoreWarning)


def test_every_exception_class_is_a_ketacore_error_or_warning() -> None:
    import ketacore
    from ketacore import exceptions

    for public in exceptions.__all__:
        value = getattr(exceptions, public)
        if isinstance(value, type):
            assert issubclass(value, ketacore.KetacoreError | ketacore.KetacoreWarning), public
            assert getattr(ketacore, public) is value, public


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("ketacore.vitals", "aware_datetime"),
        ("ketacore.sessions", "format_duration"),
        ("ketacore.courses", "session_day"),
        ("ketacore.courses", "session_time"),
        ("ketacore.tables", "COURSE_TYPES"),
        ("ketacore.units", "require_kind"),
    ],
)
def test_helpers_and_dead_names_are_not_public(module: str, name: str) -> None:
    # Issue 17: helpers that are not domain concepts, and unused names, left the public API.
    imported = importlib.import_module(module)
    assert name not in imported.__all__
    assert not hasattr(imported, name)
