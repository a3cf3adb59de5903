"""The public surface of ketacore.testing: sorted, documented, lazily loaded and typed."""

from __future__ import annotations

import importlib
import inspect

import pytest

import ketacore.testing
from ketacore.testing import _MODULES


def test_all_is_sorted_and_matches_the_lazy_table() -> None:
    names = ketacore.testing.__all__
    assert names == sorted(names)
    assert sorted(n for module_names in _MODULES.values() for n in module_names) == names


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        ketacore.testing.no_such_thing  # noqa: B018


def test_strategies_take_keyword_only_options() -> None:
    for name in ketacore.testing.__all__:
        if name.startswith("example_"):
            continue
        parameters = inspect.signature(getattr(ketacore.testing, name)).parameters.values()
        positional = [p.name for p in parameters if p.kind is not p.KEYWORD_ONLY]
        assert positional in ([], ["instrument"]), (name, positional)


def test_the_hypothesis_hook_registers_only_ketacore_types() -> None:
    from ketacore.testing._hypothesis import _REGISTRY

    for type_module, _, module, name in _REGISTRY:
        assert type_module.startswith("ketacore.")
        assert callable(getattr(importlib.import_module(f"ketacore.testing.{module}"), name))
    assert all(not type_module.startswith("pint") for type_module, *_ in _REGISTRY)
