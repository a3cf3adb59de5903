"""The documented usage in ``tests/typing/`` type-checks under ``mypy --strict``.

mypy runs once over the whole directory. Each file there pins the types of public
calls with :func:`typing.assert_type` (a wrong annotation in ``src`` fails it), and
also runs, since pytest imports it for doctests, so every call in it is valid.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TYPING = Path(__file__).parent / "typing"


def test_documented_usage_type_checks() -> None:
    api = pytest.importorskip("mypy.api")
    files = sorted(TYPING.glob("*.py"))
    assert len(files) >= 10
    stdout, stderr, status = api.run(
        ["--strict", "--no-incremental", "--follow-imports=silent", str(TYPING)]
    )
    assert status == 0, stdout + stderr
    # Every file was checked (a directory mypy skipped would also report success).
    checked = re.search(r"no issues found in (\d+) source files", stdout)
    assert checked, stdout
    assert int(checked.group(1)) == len(files)
