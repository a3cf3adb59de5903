"""Importing an optional library when a function needs it, with the extra that installs it."""

from __future__ import annotations

import importlib
from typing import Any

from ketacore.exceptions import ValidationError

__all__ = ["optional_import"]


def optional_import(
    module: str, *, extra: str, field: str, error: type[ValidationError] = ValidationError
) -> Any:
    """Return the imported ``module``, or raise *error* naming ``pip install 'ketacore[extra]'``.

    Args:
        module: The module to import, e.g. ``"pandas"`` or ``"matplotlib.figure"``.
        extra: The ketacore extra that installs it.
        field: The function or option that needs it (the error's ``field``).
        error: The class of the error.
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        library = module.partition(".")[0]
        raise error(
            field=field,
            value=None,
            got=f"no {library} (it is not installed)",
            expected=f"the {library} library",
            fix=f"pip install 'ketacore[{extra}]'",
        ) from None
