"""The hook that keeps the charts' inline SVGs out of Markdown and search puts them back."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from build_data.hooks import figures

WIDE = '<svg class="chart-wide" viewBox="0 0 640 90"><text x="1">Sussex</text></svg>'
NARROW = '<svg class="chart-narrow" viewBox="0 0 300 90"><g><path d="M0,0h9"/></g></svg>'
PAGE = f'# Sussex\n\n<figure class="chart" markdown="0">\n{WIDE}{NARROW}\n</figure>\n'


def page(path: str = "forces/sussex.md") -> SimpleNamespace:
    return SimpleNamespace(file=SimpleNamespace(src_uri=path))


def test_the_svgs_leave_the_markdown_and_come_back_as_they_were():
    held = figures.on_page_markdown(PAGE, page=page(), config=None, files=None)
    assert "<svg" not in held and held.count("<!--inline-svg") == 2
    # What MkDocs makes of the page in between: here, the Markdown as it stands.
    built = f"<html><body>{held}</body></html>"
    assert figures.on_post_page(built, page=page(), config=None) == (
        f"<html><body>{PAGE}</body></html>"
    )


def test_an_svg_lost_on_the_way_stops_the_build():
    held = figures.on_page_markdown(PAGE, page=page(), config=None, files=None)
    # Say the comment ended up escaped in a code block.
    escaped = held.replace("<!--inline-svg 1-->", "&lt;!--inline-svg 1--&gt;")
    with pytest.raises(ValueError, match="forces/sussex.md"):
        figures.on_post_page(escaped, page=page(), config=None)


def test_a_page_without_charts_is_untouched():
    text = "# Methodology\n\nNo charts here.\n"
    assert figures.on_page_markdown(text, page=page("about/methodology.md"), config=None) == text
    assert figures.on_post_page("<p>x</p>", page=page("about/methodology.md"), config=None) == (
        "<p>x</p>"
    )
