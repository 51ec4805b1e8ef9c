"""The smallest chart text as the reader sees it: an SVG's font sizes times its drawn scale.

A static chart is an SVG drawn at some width and shown at another; its text
renders at font-size x shown width / drawn width CSS pixels. Used by the bench
(every chart of the measured pages, 360 px wide, JavaScript off) and by the
browser tests.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

_FONT_SIZE = re.compile(r'font-size(?:="|:\s*)([\d.]+)(?:px)?')
_SVG_TAG = re.compile(r"<svg\b[^>]*>")
_VIEWBOX = re.compile(r'\bviewBox="[-\d.]+[ ,]+[-\d.]+[ ,]+([\d.]+)[ ,]+[\d.]+"')
_WIDTH = re.compile(r'\bwidth="([\d.]+)(?:px)?"')

# Every figure's drawing the reader sees (inline SVG or an image of a shared file):
# its rendered width, and for an inline SVG its own width and font sizes.
_DRAWINGS = """() => [...document.querySelectorAll('figure.chart')].map(figure => {
  const shown = [...figure.querySelectorAll('.chart-static svg, .chart-static img')]
    .filter(e => e.getBoundingClientRect().width > 0);
  const e = shown[0];
  if (!e) return {chart: figure.id, width: 0};
  const out = {chart: figure.id, width: e.getBoundingClientRect().width,
               count: shown.length, tag: e.tagName.toLowerCase()};
  if (out.tag === 'img') { out.src = e.currentSrc || e.src; return out; }
  out.svg = e.outerHTML.match(/<svg\\b[^>]*>/)[0];
  out.sizes = [...e.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize));
  return out;
})"""


def svg_font_sizes(svg: str) -> list[float]:
    """Every font size an SVG's text is set in, in its own units."""
    return [float(size) for size in _FONT_SIZE.findall(svg)]


def svg_drawn_width(svg: str) -> float:
    """The width of an SVG's own coordinate system (its viewBox, else its width)."""
    match = _SVG_TAG.search(svg)
    if match is None:
        raise ValueError("no <svg> element")
    tag = match.group(0)
    found = _VIEWBOX.search(tag) or _WIDTH.search(tag)
    if found is None:
        raise ValueError(f"an <svg> without a viewBox or width: {tag[:120]}")
    return float(found.group(1))


def smallest_text_px(sizes: list[float], drawn_width: float, shown_width: float) -> float | None:
    """The smallest text in CSS pixels once the drawing is scaled to `shown_width`."""
    if not sizes or drawn_width <= 0:
        return None
    return min(sizes) * shown_width / drawn_width


def chart_text(page: Any, site: Path) -> list[dict]:
    """For every chart on the open page: which drawing shows, how wide, its smallest text.

    `site` is the built site's folder, where an image's SVG file is read.
    """
    out = []
    for drawing in page.evaluate(_DRAWINGS):
        row = {"chart": drawing["chart"], "shown_px": drawing["width"], "smallest_px": None}
        if drawing["width"]:
            if drawing["tag"] == "img":
                path = unquote(urlsplit(drawing["src"]).path).strip("/")
                svg = (site / path).read_text(encoding="utf-8")
                row["drawing"] = path
                sizes = svg_font_sizes(svg)
            else:
                svg, sizes = drawing["svg"], drawing["sizes"]
                row["drawing"] = "inline"
            row["drawings_shown"] = drawing["count"]
            row["smallest_px"] = smallest_text_px(sizes, svg_drawn_width(svg), drawing["width"])
        out.append(row)
    return out
