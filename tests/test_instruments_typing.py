"""The documented API type-checks under ``mypy --strict`` (the docs cannot drift from the types)."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_public_api_usage_type_checks() -> None:
    api = pytest.importorskip("mypy.api")
    target = Path(__file__).parent / "typing" / "instruments_api.py"
    stdout, stderr, status = api.run(
        ["--strict", "--no-incremental", "--follow-imports=silent", str(target)]
    )
    assert status == 0, stdout + stderr
