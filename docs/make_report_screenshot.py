"""Render the demo course report to docs/_static/report-demo.png with headless Chromium.

Run from the repository root after changing ketacore.reports (needs Debian's
``chromium``: ``apt-get install -y chromium``)::

    python docs/make_report_screenshot.py
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

STATIC = Path(__file__).parent / "_static"
WIDTH, HEIGHT = 1000, 2000  # the top of the page: summary to the first blood-pressure chart


def main() -> None:
    """Write report-demo.png, the first 1000 x 2000 px of the demo report."""
    from ketacore.reports import course_report, demo_course

    browser = shutil.which("chromium")
    if browser is None:
        raise SystemExit("chromium is not installed: apt-get install -y chromium")
    with tempfile.TemporaryDirectory() as work:
        page = Path(work) / "report.html"
        page.write_text(
            course_report(demo_course(), title="Course report: SYNTHETIC demo patient"),
            encoding="utf-8",
        )
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--user-data-dir={Path(work) / 'profile'}",
                "--hide-scrollbars",
                f"--window-size={WIDTH},{HEIGHT}",
                f"--screenshot={STATIC / 'report-demo.png'}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )


if __name__ == "__main__":
    main()
