"""Render the example images of docs/researchers.md into docs/_static/.

Run from the repository root after changing ketacore.plots or the bundled cohort::

    python docs/make_example_plots.py
"""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).parent / "_static"


def main() -> None:
    """Write the trajectory and cohort example PNGs (small: 80 and 60 dpi)."""
    from ketacore.cohort import load_cohort
    from ketacore.plots import cohort_figure, trajectory_figure

    cohort = load_cohort()
    figure = trajectory_figure(cohort.madrs, "madrs", "SYN-0006", sessions=cohort.sessions)
    figure.savefig(STATIC / "trajectory-SYN-0006.png", dpi=80)
    cohort_figure(cohort.madrs, "madrs").savefig(STATIC / "cohort-madrs.png", dpi=60)


if __name__ == "__main__":
    main()
