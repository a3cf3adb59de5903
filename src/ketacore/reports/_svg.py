"""A small hand-written SVG line chart, readable in black and white.

Series differ by line pattern and marker shape, never by colour alone;
reference lines (limits, thresholds) are grey with their own dash pattern and
a label at the right end. Each chart carries ``<title>`` and ``<desc>`` text
alternatives and ``role="img"``. Every text is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Final

import attrs

from ketacore.reports._html import esc

__all__ = ["RefLine", "Series", "line_chart", "nice_ticks"]

# (dash pattern, marker) per series, in order; all black.
_STYLES: Final = (("", "circle"), ("7 4", "square"), ("2 3", "triangle"))
_REF_DASHES: Final = ("9 5", "1 4", "4 2")

_LEFT, _RIGHT, _TOP, _BOTTOM = 56, 170, 12, 40


def _points(value: Iterable[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    return tuple((float(x), float(y)) for x, y in value)


@attrs.frozen
class Series:
    """One data series: a legend name and (x, y) points in drawing order."""

    name: str
    points: tuple[tuple[float, float], ...] = attrs.field(converter=_points)


@attrs.frozen
class RefLine:
    """A horizontal reference line at *y*, labelled (a limit or a threshold)."""

    y: float
    label: str


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About *count* round tick values covering ``[low, high]`` (steps of 1, 2 or 5 x 10^k).

    >>> nice_ticks(0, 60)
    [0.0, 20.0, 40.0, 60.0]
    >>> nice_ticks(0, 5)
    [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    """
    if high <= low:
        high = low + 1
    raw = (high - low) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(float(round(value, 10)))
        value += step
    return ticks


def _marker(shape: str, x: float, y: float) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.2" fill="#000"/>'
    if shape == "square":
        return (
            f'<rect x="{x - 3.2:.1f}" y="{y - 3.2:.1f}" width="6.4" height="6.4" '
            'fill="#fff" stroke="#000" stroke-width="1.4"/>'
        )
    return (
        f'<polygon points="{x:.1f},{y - 4:.1f} {x - 3.8:.1f},{y + 3:.1f} '
        f'{x + 3.8:.1f},{y + 3:.1f}" fill="#000"/>'
    )


def _label(value: float) -> str:
    return f"{value:g}"


def line_chart(
    chart_id: str,
    *,
    title: str,
    desc: str,
    x_label: str,
    y_label: str,
    series: Sequence[Series],
    ref_lines: Sequence[RefLine] = (),
    y_range: tuple[float, float] | None = None,
    width: int = 640,
    height: int = 240,
) -> str:
    """An inline ``<svg>`` line chart with axes, ticks, a legend and text alternatives.

    *chart_id* must be unique in the page (it names the title and description).
    The y axis covers *y_range* (default: the data and reference lines).
    """
    xs = [x for s in series for x, _ in s.points] or [0.0, 1.0]
    ys = [y for s in series for _, y in s.points] + [line.y for line in ref_lines]
    x_low, x_high = min(xs), max(xs)
    if x_high == x_low:
        x_low, x_high = x_low - 1, x_high + 1
    if y_range is None:
        y_low, y_high = (min(ys), max(ys)) if ys else (0.0, 1.0)
    else:
        y_low, y_high = y_range
    y_ticks = nice_ticks(y_low, y_high)
    y_low, y_high = min(y_ticks[0], y_low), max(y_ticks[-1], y_high)
    x_ticks = nice_ticks(x_low, x_high, count=8)
    x_low, x_high = min(x_ticks[0], x_low), max(x_ticks[-1], x_high)
    plot_w = width - _LEFT - _RIGHT
    plot_h = height - _TOP - _BOTTOM
    total_h = height

    def px(x: float) -> float:
        return _LEFT + (x - x_low) / (x_high - x_low) * plot_w

    def py(y: float) -> float:
        return _TOP + (y_high - y) / (y_high - y_low or 1) * plot_h

    parts = [
        f'<svg role="img" aria-labelledby="{esc(chart_id)}-t {esc(chart_id)}-d" '
        f'viewBox="0 0 {width} {total_h}" width="{width}" height="{total_h}" '
        'font-family="DejaVu Sans, Arial, sans-serif" font-size="11">',
        f'<title id="{esc(chart_id)}-t">{esc(title)}</title>',
        f'<desc id="{esc(chart_id)}-d">{esc(desc)}</desc>',
        f'<rect x="{_LEFT}" y="{_TOP}" width="{plot_w}" height="{plot_h}" fill="none" '
        'stroke="#000" stroke-width="1"/>',
    ]
    for tick in y_ticks:
        y = py(tick)
        parts.append(
            f'<line x1="{_LEFT - 4}" y1="{y:.1f}" x2="{_LEFT + plot_w}" y2="{y:.1f}" '
            'stroke="#ddd" stroke-width="0.6"/>'
            f'<text x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{esc(_label(tick))}</text>'
        )
    for tick in x_ticks:
        x = px(tick)
        parts.append(
            f'<line x1="{x:.1f}" y1="{_TOP + plot_h}" x2="{x:.1f}" y2="{_TOP + plot_h + 4}" '
            'stroke="#000"/>'
            f'<text x="{x:.1f}" y="{_TOP + plot_h + 16}" text-anchor="middle">'
            f"{esc(_label(tick))}</text>"
        )
    parts.append(
        f'<text x="{_LEFT + plot_w / 2:.1f}" y="{total_h - 6}" text-anchor="middle">'
        f"{esc(x_label)}</text>"
        f'<text transform="translate(14 {_TOP + plot_h / 2:.1f}) rotate(-90)" '
        f'text-anchor="middle">{esc(y_label)}</text>'
    )
    legend_x = _LEFT + plot_w + 12
    row = 0
    for index, line in enumerate(ref_lines):
        dash = _REF_DASHES[index % len(_REF_DASHES)]
        y = py(line.y)
        parts.append(
            f'<line x1="{_LEFT}" y1="{y:.1f}" x2="{_LEFT + plot_w}" y2="{y:.1f}" '
            f'stroke="#555" stroke-width="1.6" stroke-dasharray="{dash}"/>'
        )
        ly = _TOP + 10 + row * 16
        parts.append(
            f'<line x1="{legend_x}" y1="{ly}" x2="{legend_x + 22}" y2="{ly}" stroke="#555" '
            f'stroke-width="1.6" stroke-dasharray="{dash}"/>'
            f'<text x="{legend_x + 27}" y="{ly + 4}">{esc(line.label)}</text>'
        )
        row += 1
    for index, data in enumerate(series):
        dash, shape = _STYLES[index % len(_STYLES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        coords = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in data.points)
        if len(data.points) > 1:
            parts.append(
                f'<polyline points="{coords}" fill="none" stroke="#000" stroke-width="1.6"'
                f"{dash_attr}/>"
            )
        parts.extend(_marker(shape, px(x), py(y)) for x, y in data.points)
        ly = _TOP + 10 + row * 16
        parts.append(
            f'<line x1="{legend_x}" y1="{ly}" x2="{legend_x + 22}" y2="{ly}" stroke="#000" '
            f'stroke-width="1.6"{dash_attr}/>{_marker(shape, legend_x + 11, ly)}'
            f'<text x="{legend_x + 27}" y="{ly + 4}">{esc(data.name)}</text>'
        )
        row += 1
    parts.append("</svg>")
    return "".join(parts)
