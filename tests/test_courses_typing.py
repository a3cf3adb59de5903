"""The documented courses API type-checks under ``mypy --strict``."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_public_api_usage_type_checks() -> None:
    api = pytest.importorskip("mypy.api")
    target = Path(__file__).parent / "typing" / "courses_api.py"
    stdout, stderr, status = api.run(
        ["--strict", "--no-incremental", "--follow-imports=silent", str(target)]
    )
    assert status == 0, stdout + stderr
