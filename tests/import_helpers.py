"""Helpers shared by the import-cost and public-surface tests.

:func:`modules_after` runs code in a fresh interpreter and returns the modules it
left imported, so a warm test process cannot hide an import. :func:`public_modules`
lists ketacore's public modules from the source tree without importing them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import ketacore

__all__ = ["modules_after", "public_modules"]


def modules_after(code: str) -> set[str]:
    """Return the names in ``sys.modules`` after running ``code`` in a new interpreter."""
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return set(out.split())


def public_modules() -> list[str]:
    """Return every public module of ketacore (no path part starts with ``_``), sorted."""
    root = Path(ketacore.__file__).parent
    names = []
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if any(part.startswith("_") for part in parts):
            continue
        names.append(".".join(("ketacore", *parts)))
    return sorted(names)
