"""Headless Chromium and poppler for the report tests (not a test module).

A tool that is missing skips the test on a developer's machine, and fails it
under CI (``CI=true``), where ``.ci/run`` installs Debian's ``chromium`` and
``poppler-utils``. Chromium runs with a fresh profile, its own background
networking switched off, and its console on stderr: every console message
(a resource the page's Content-Security-Policy refused, a script error) is a
problem the tests report.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

INSTALL = "apt-get install -y chromium poppler-utils (as .ci/run does under CI=true)"
TIMEOUT = 180  # seconds; a 2-core machine under load is slow to start a browser


def tool(name: str) -> str:
    """The path of *name*, or skip (fail under CI) when it is not installed."""
    found = shutil.which(name)
    if found is None:
        message = f"{name} is not installed; {INSTALL}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


def chromium(page: Path, work: Path, *output: str) -> str:
    """Load *page* in headless Chromium with *output* flags; return its stderr."""
    profile = work / "profile"
    profile.mkdir(exist_ok=True)
    command = [
        tool("chromium"),
        "--headless",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-extensions",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
        *output,
        page.resolve().as_uri(),
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=TIMEOUT, check=False, cwd=work
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stderr


def console_problems(stderr: str) -> list[str]:
    """Console lines in Chromium's log: refused loads, failed loads, script errors."""
    return [
        line
        for line in stderr.splitlines()
        if ":CONSOLE" in line or "Failed to load resource" in line
    ]


def pdf_text(pdf: Path) -> str:
    """The text of *pdf* as ``pdftotext`` reads it, whitespace collapsed."""
    done = subprocess.run(
        [tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=True,
    )
    return " ".join(done.stdout.split())


def pdf_pages(pdf: Path) -> int:
    """The page count ``pdfinfo`` reports."""
    done = subprocess.run(
        [tool("pdfinfo"), str(pdf)], capture_output=True, text=True, timeout=TIMEOUT, check=True
    )
    for line in done.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError(f"pdfinfo gave no page count: {done.stdout!r}")


def png_size_and_shades(png: Path) -> tuple[int, int, int]:
    """(width, height, distinct byte values of the pixel data) of an 8-bit PNG.

    Enough to tell a rendered page from a blank one without an image library.
    """
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    offset, width, height, pixels = 8, 0, 0, b""
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            pixels += body
        offset += 12 + length
    return width, height, len(set(zlib.decompress(pixels)))
