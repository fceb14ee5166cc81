"""Horizontal bar charts as inline SVG (pure: stdlib only; no script, no style attribute).

Colours are presentation attributes (``fill``), which a strict Content-Security-Policy
allows; the chart has a ``<title>`` and a ``<desc>`` that gives every value, so that a
screen reader gets the whole figure, and every caller's text is escaped.
"""

import re
from collections.abc import Sequence

from ..text import format_number
from ..text import svg_text as _text

__all__ = ["bar_chart", "format_number"]

BAR_FILL = "#0072B2"  # Okabe-Ito blue, as the map's palette
TEXT_FILL = "#1f2937"
_SAFE_ID = re.compile(r"[^A-Za-z0-9_-]")


def bar_chart(
    items: Sequence[tuple[str, float]],
    *,
    title: str,
    chart_id: str,
    unit: str = "",
    width: int = 640,
    label_width: int = 260,
    bar_height: int = 22,
) -> str:
    """Return an ``<svg>`` with one labelled bar per ``(label, value)``; empty input: ``""``."""
    items = [(label, value) for label, value in items if value]
    if not items:
        return ""
    base = _SAFE_ID.sub("", chart_id) or "graphique"
    top = max(float(value) for _, value in items)
    room = width - label_width - 70  # space left for the value after the longest bar
    gap = 6
    height = len(items) * (bar_height + gap) + gap
    description = "; ".join(f"{label} : {format_number(value)}{unit}" for label, value in items)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="graphique" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{base}-titre {base}-desc">',
        f'<title id="{base}-titre">{_text(title)}</title>',
        f'<desc id="{base}-desc">{_text(description)}</desc>',
    ]
    for index, (label, value) in enumerate(items):
        y = gap + index * (bar_height + gap)
        length = max(1.0, room * float(value) / top) if top else 1.0
        middle = y + bar_height / 2
        parts.append(
            f'<text x="{label_width - 8}" y="{middle:.1f}" text-anchor="end" '
            f'dominant-baseline="middle" font-size="13" fill="{TEXT_FILL}">{_text(label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" '
            f'fill="{BAR_FILL}"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{middle:.1f}" '
            f'dominant-baseline="middle" font-size="13" fill="{TEXT_FILL}">'
            f"{_text(format_number(value) + unit)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
