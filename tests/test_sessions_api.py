"""The public surface of ketacore.sessions: sorted, documented, importable."""

from __future__ import annotations

import enum
import inspect

import ketacore.sessions as sessions
from ketacore.exceptions import SessionError, ValidationError


def _isort_key(name: str) -> tuple[int, str]:
    """Ruff's RUF022 order: CONSTANTS, then CamelCase classes, then functions."""
    if name.isupper():
        return 0, name
    if name[0].isupper():
        return 1, name
    return 2, name


def test_all_is_sorted_and_resolvable() -> None:
    assert list(sessions.__all__) == sorted(sessions.__all__, key=_isort_key)
    for name in sessions.__all__:
        assert getattr(sessions, name) is not None


def test_every_public_class_and_function_is_documented() -> None:
    for name in sessions.__all__:
        value = getattr(sessions, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert inspect.getdoc(value), name
            for member_name, member in vars(value).items() if inspect.isclass(value) else ():
                if member_name.startswith("_") or isinstance(member, enum.Enum):
                    continue
                if inspect.isfunction(member) or isinstance(member, property | classmethod):
                    assert inspect.getdoc(member), f"{name}.{member_name}"


def test_session_error_is_exported_from_exceptions() -> None:
    assert issubclass(SessionError, ValidationError)
    assert "SessionError" in __import__("ketacore.exceptions").exceptions.__all__
