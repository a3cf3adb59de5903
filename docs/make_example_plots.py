"""Render the example images of docs/researchers.md into docs/_static/.

Run from the repository root after changing ketacore.plots or the bundled cohort::

    python docs/make_example_plots.py
"""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).parent / "_static"
DPI = 100  # the figures are 6.4 x 4 in: 640 x 400 px, readable in the rendered docs


def main() -> None:
    """Write the trajectory and cohort example PNGs, 640x400 px (6.4 x 4 in at 100 dpi)."""
    from ketacore.cohort import load_cohort
    from ketacore.plots import cohort_figure, trajectory_figure

    cohort = load_cohort()
    figure = trajectory_figure(cohort.madrs, "madrs", "SYN-0006", sessions=cohort.sessions)
    figure.savefig(STATIC / "trajectory-SYN-0006.png", dpi=DPI)
    cohort_figure(cohort.madrs, "madrs").savefig(STATIC / "cohort-madrs.png", dpi=DPI)


if __name__ == "__main__":
    main()
