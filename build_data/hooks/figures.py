"""MkDocs hook: the charts' inline SVGs kept out of Markdown and the search plugin.

A page's static charts are inline SVGs, most of its text (a force page: about 80 KB
of its 155). Python-Markdown tokenizes every element of them to find where the raw
HTML ends, and Material's search plugin parses them again, for nothing: a chart's
figure is excluded from search. Each SVG is swapped for a comment before the page's
Markdown is converted and put back into the finished HTML, as it was.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

# An inline SVG (vl-convert's drawings hold no nested <svg>), and what stands in for it.
_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
_HELD = re.compile(r"<!--inline-svg (\d+)-->")

_held: dict[str, list[str]] = {}


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, **_: Any) -> str:
    svgs: list[str] = []

    def hold(match: re.Match[str]) -> str:
        svgs.append(match.group(0))
        return f"<!--inline-svg {len(svgs) - 1}-->"

    held = _SVG.sub(hold, markdown)
    _held[page.file.src_uri] = svgs
    return held


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    svgs = _held.pop(page.file.src_uri, [])
    if not svgs:
        return output
    put, found = _HELD.subn(lambda m: svgs[int(m.group(1))], output)
    if found != len(svgs):
        raise ValueError(f"{page.file.src_uri}: an inline chart's SVG was lost in the build")
    return put
