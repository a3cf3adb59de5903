"""Sphinx configuration for the ketacore documentation."""

from __future__ import annotations

project = "ketacore"
author = "ketacore developers"
extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx.ext.napoleon"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "alabaster"
# _static/wrap.css wraps long lines of examples (error messages) instead of clipping them.
html_static_path = ["_static"]
html_css_files = ["wrap.css"]
myst_heading_anchors = 3
autodoc_typehints = "description"
nitpicky = False
