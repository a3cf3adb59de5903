"""Sphinx configuration for the ketacore documentation."""

from __future__ import annotations

project = "ketacore"
author = "ketacore developers"
extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx.ext.napoleon"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "alabaster"
myst_heading_anchors = 3
autodoc_typehints = "description"
nitpicky = False
