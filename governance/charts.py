"""Charts drawn once with reportlab's graphics package and rendered to SVG (pages) or into PDFs.

Every chart on a page is accompanied by a table of the same numbers for screen-reader users.
"""

import re
from collections.abc import Sequence
from decimal import Decimal
from html import escape

from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors

from .money import format_number

PRIMARY = colors.HexColor("#0b3d6b")
TARGET = colors.HexColor("#a4161a")
GRID = colors.HexColor("#adb5bd")
BAR = colors.HexColor("#2f6f9f")
BAR_ALT = colors.HexColor("#d9822b")


def _scale(lo: float, hi: float, top: float, bottom: float):
    span = (hi - lo) or 1.0
    return lambda v: bottom + (float(v) - lo) / span * (top - bottom)


def line_chart(
    points: Sequence[tuple[str, Decimal | float]],
    *,
    target: float | None = None,
    baseline: float | None = None,
    width: int = 320,
    height: int = 120,
) -> Drawing:
    """A small line chart of measurements (labels on the x axis), with target and baseline lines."""
    d = Drawing(width, height)
    left, right, bottom, top = 34, width - 8, 18, height - 8
    values = [float(v) for _, v in points]
    refs = [v for v in (target, baseline) if v is not None]
    lo, hi = min(values + refs + [0.0]), max(values + refs + [1.0])
    y = _scale(lo, hi, top, bottom)
    d.add(Line(left, bottom, right, bottom, strokeColor=GRID))
    d.add(Line(left, bottom, left, top, strokeColor=GRID))
    for v in (lo, hi):
        d.add(
            String(
                left - 4,
                y(v) - 3,
                format_number(v, 2, plain=True, trim=True),
                fontSize=7,
                textAnchor="end",
                fillColor=colors.black,
            )
        )
    if target is not None:
        d.add(Line(left, y(target), right, y(target), strokeColor=TARGET, strokeDashArray=[3, 2]))
    if baseline is not None:
        d.add(Line(left, y(baseline), right, y(baseline), strokeColor=GRID, strokeDashArray=[1, 2]))
    if points:
        step = (right - left) / max(len(points) - 1, 1)
        xy = [(left + i * step if len(points) > 1 else (left + right) / 2, y(v)) for i, v in enumerate(values)]
        if len(xy) > 1:
            d.add(PolyLine([c for p in xy for c in p], strokeColor=PRIMARY, strokeWidth=2))
        for (px, py), (label, _) in zip(xy, points, strict=True):
            d.add(Circle(px, py, 2.5, fillColor=PRIMARY, strokeColor=PRIMARY))
            d.add(String(px, 4, str(label), fontSize=7, textAnchor="middle", fillColor=colors.black))
    return d


def bar_chart(
    series: Sequence[tuple[str, float]], *, compare: Sequence[float] | None = None, width: int = 480, height: int = 180
) -> Drawing:
    """Vertical bars per label; `compare` draws a second, thinner bar beside each (e.g. last year)."""
    d = Drawing(width, height)
    left, right, bottom, top = 40, width - 8, 20, height - 8
    values = [float(v) for _, v in series] + [float(v) for v in (compare or [])]
    hi = max(values + [1.0])
    y = _scale(0, hi, top, bottom)
    d.add(Line(left, bottom, right, bottom, strokeColor=GRID))
    d.add(String(left - 4, y(hi) - 3, format_number(hi, plain=True), fontSize=7, textAnchor="end"))
    n = max(len(series), 1)
    slot = (right - left) / n
    for i, (label, v) in enumerate(series):
        x = left + i * slot + slot * 0.15
        w = slot * (0.4 if compare else 0.7)
        d.add(Rect(x, bottom, w, y(v) - bottom, fillColor=BAR, strokeColor=None))
        if compare:
            d.add(Rect(x + w, bottom, w * 0.7, y(compare[i]) - bottom, fillColor=BAR_ALT, strokeColor=None))
        d.add(String(x + slot * 0.35, 6, str(label)[:14], fontSize=7, textAnchor="middle"))
    return d


_STYLE = re.compile(r'\sstyle="([^"]*)"')


def _style_to_attributes(match: re.Match) -> str:
    pairs = []
    for declaration in match.group(1).split(";"):
        name, sep, value = declaration.partition(":")
        if sep and name.strip():
            value = value.strip()
            pairs.append(f' {name.strip()}="{"none" if value.lower() == "none" else value}"')
    return "".join(pairs)


def csp_safe_svg(svg: str) -> str:
    """reportlab writes style="..." attributes, which the CSP (style-src 'self') blocks; SVG presentation
    attributes (stroke="...", fill="...") carry the same styling and are allowed."""
    return _STYLE.sub(_style_to_attributes, svg)


def to_svg(drawing: Drawing, *, title: str = "") -> str:
    """SVG markup for inline use (CSP-safe); `title` becomes the accessible name."""
    svg = renderSVG.drawToString(drawing)
    start = svg.find("<svg")
    svg = csp_safe_svg(svg[start:])
    label = escape(title)
    svg = svg.replace("<title>...</title>", f"<title>{label}</title>", 1).replace("<desc>...</desc>", "", 1)
    return svg.replace("<svg", f'<svg role="img" aria-label="{label}"', 1)
