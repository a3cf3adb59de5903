"""Small HTML builders for the report: every piece of text goes through :func:`esc`.

The page is self-contained: a Content-Security-Policy that allows inline styles and
``data:`` images only (so a browser makes no request at all), one inline stylesheet
with a print section, no script. Tables have captions and ``<th scope>`` headers.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Final

__all__ = [
    "CSP",
    "Cell",
    "esc",
    "note",
    "page",
    "paragraph",
    "section",
    "table",
    "term_list",
]

CSP: Final = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
"""The page's Content-Security-Policy: no network request, no script."""

Cell = str | int | float | None
"""A table cell: text (escaped), a number, or None (shown as a dash, "not recorded")."""

_STYLE: Final = """
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #000; background: #fff;
  margin: 1.5rem auto; max-width: 60rem; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid #000; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin-bottom: 0.3rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
caption { text-align: left; font-weight: bold; padding: 0.2rem 0; }
th, td { border: 1px solid #444; padding: 0.15rem 0.45rem; text-align: left;
  vertical-align: top; }
thead th { background: #e8e8e8; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.flag { font-weight: bold; }
tr.flag > :first-child::before { content: "\\25B2 "; }
.missing { font-style: italic; }
.missing::before { content: "\\2014 "; }
.note { border-left: 4px double #000; padding: 0.2rem 0.6rem; margin: 0.5rem 0; }
.meta { color: #222; margin-top: 0; }
figure { margin: 0.5rem 0 1rem; }
figcaption { font-size: 0.85rem; }
svg { max-width: 100%; height: auto; }
dl.terms { display: grid; grid-template-columns: max-content auto; gap: 0.1rem 1rem; }
dl.terms dt { font-weight: bold; }
dl.terms dd { margin: 0; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; }
  h3 { break-after: avoid; }
  figure, table, .note { break-inside: avoid; }
  thead th { background: #fff; border-bottom: 2px solid #000; }
}
"""


def esc(value: object) -> str:
    """*value* as HTML text: ``&``, ``<``, ``>`` and both quotes escaped."""
    return html.escape(str(value), quote=True)


def _cell(value: Cell) -> tuple[str, str]:
    """The cell's class and escaped content; None is a dash read as "not recorded"."""
    if value is None:
        return ' class="missing"', "not recorded"
    if isinstance(value, bool):
        return "", "yes" if value else "no"
    if isinstance(value, int | float):
        return ' class="num"', esc(f"{value:g}")
    return "", esc(value)


def table(
    caption: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    row_headers: bool = True,
    flagged: Iterable[bool] | None = None,
) -> str:
    """A table with a caption, ``<th scope="col">`` headers and, by default, row headers.

    The first cell of each row is a ``<th scope="row">`` when *row_headers*. A
    row whose *flagged* entry is true is marked with the ``flag`` class (bold with
    a triangle, readable without colour).
    """
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    flags = iter(flagged) if flagged is not None else None
    body = []
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            css, content = _cell(value)
            if index == 0 and row_headers:
                cells.append(f'<th scope="row"{css}>{content}</th>')
            else:
                cells.append(f"<td{css}>{content}</td>")
        mark = ' class="flag"' if flags is not None and next(flags, False) else ""
        body.append(f"<tr{mark}>{''.join(cells)}</tr>")
    if not body:
        width = max(len(headers), 1)
        body.append(f'<tr><td colspan="{width}" class="missing">none</td></tr>')
    return (
        f"<table><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>\n"
    )


def paragraph(text: str, *, css: str | None = None) -> str:
    """A paragraph of escaped *text*."""
    attr = f' class="{esc(css)}"' if css else ""
    return f"<p{attr}>{esc(text)}</p>\n"


def note(text: str) -> str:
    """A boxed note (what is missing, what could not be evaluated)."""
    return paragraph(text, css="note")


def term_list(pairs: Iterable[tuple[str, str]]) -> str:
    """A definition list of (term, description) pairs, both escaped."""
    items = "".join(f"<dt>{esc(term)}</dt><dd>{esc(text)}</dd>" for term, text in pairs)
    return f'<dl class="terms">{items}</dl>\n'


def section(section_id: str, title: str, body: str) -> str:
    """A ``<section>`` with a stable *section_id*, an ``<h2>`` heading and *body* (HTML)."""
    return (
        f'<section id="{esc(section_id)}" aria-labelledby="{esc(section_id)}-h">'
        f'<h2 id="{esc(section_id)}-h">{esc(title)}</h2>\n{body}</section>\n'
    )


def page(title: str, header: str, sections: Iterable[str]) -> str:
    """The whole HTML document: CSP, inline stylesheet, *header* (HTML) and *sections*."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<header>{header}</header>\n<main>\n{''.join(sections)}</main>\n</body>\n</html>\n"
    )
