"""Every built page carries the same Content-Security-Policy, and it allows its inline scripts.

The charts' embed pages (build_data/render/kit.py, site/charts/) are not the
site's pages: each carries its own stricter policy, no script at all.

The browser tests (tests/browser/test_csp.py) check Chromium reports no
violation on a page of each kind; these read every page's HTML.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, SoupStrainer

from build_data.render import kit

pytestmark = pytest.mark.slow

EXECUTABLE = {None, "", "text/javascript", "module"}
# Only the tags a policy governs or is, in document order: parsing all of every page is slow.
GOVERNED = SoupStrainer(["meta", "script", "link", "style"])


def _policy(soup: BeautifulSoup) -> dict[str, list[str]]:
    meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert meta is not None
    directives = [d.split() for d in meta["content"].split(";") if d.strip()]
    return {name: sources for name, *sources in directives}


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _parsed(built_site, embeds: bool) -> dict[str, BeautifulSoup]:
    return {
        str(path.relative_to(built_site.site)): BeautifulSoup(
            path.read_text("utf-8"), "html.parser"
        )
        for path in sorted(built_site.site.rglob("*.html"))
        if (path.relative_to(built_site.site).parts[0] == kit.FOLDER) == embeds
    }


@pytest.fixture(scope="module")
def pages(built_site) -> dict[str, BeautifulSoup]:
    return _parsed(built_site, embeds=False)


def _before_anything_it_governs(soup: BeautifulSoup) -> bool:
    tags = soup.find_all(True)
    meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    governed = [tags.index(tag) for tag in tags if tag.name in {"script", "link", "style"}]
    return not governed or tags.index(meta) < min(governed)


def test_embed_pages_allow_no_script_and_nothing_from_elsewhere(built_site) -> None:
    embeds = _parsed(built_site, embeds=True)
    assert len(embeds) >= 150
    for name, soup in embeds.items():
        policy = _policy(soup)
        assert policy["default-src"] == ["'none'"], name
        assert "script-src" not in policy, name  # default-src 'none': no script runs
        assert policy["img-src"] == ["'self'"] and policy["style-src"] == ["'self'"], name
        assert policy["base-uri"] == ["'none'"], name
        assert _before_anything_it_governs(soup), name
        # style-src 'self' blocks style attributes and <style>: there are none to block.
        assert soup.find("script") is None and soup.find("style") is None, name
        assert not soup.find_all(style=True), name


def test_the_same_policy_on_every_page_before_anything_it_governs(pages) -> None:
    assert len(pages) > 50
    policies = {name: _policy(soup) for name, soup in pages.items()}
    first = next(iter(policies.values()))
    assert {name: p for name, p in policies.items() if p != first} == {}
    assert first["default-src"] == ["'self'"]
    for directive in ("script-src", "style-src", "img-src", "font-src", "worker-src"):
        assert first[directive][0] == "'self'", directive
    assert not [s for s in first["script-src"] if "unsafe" in s]
    for name, soup in pages.items():
        assert _before_anything_it_governs(soup), name


def test_every_inline_script_is_allowed_by_its_hash(pages) -> None:
    hashed = 0
    for name, soup in pages.items():
        allowed = set(_policy(soup)["script-src"])
        for script in soup.find_all("script"):
            if script.has_attr("src") or script.get("type") not in EXECUTABLE:
                continue
            assert _sha256(script.string or "") in allowed, f"{name}: {script}"
            hashed += 1
    assert hashed >= 2 * len(pages)  # Material's palette and tab scripts, at least


def test_material_bundle_only_through_the_on_demand_loader(built_site, pages) -> None:
    """No page starts Material's bundle at load; each names the bundle's real file."""
    for name, soup in pages.items():
        sources = [s["src"] for s in soup.find_all("script") if s.has_attr("src")]
        assert not [s for s in sources if "/bundle." in "/" + s], name
        (loader,) = soup.select('script[src$="assets/javascripts/md-on-demand.js"]')
        address = loader["data-bundle"]
        if address.startswith("/"):  # 404.html names files from the site's root path
            address = address[address.index("/assets/") + 1 :]
            bundle = built_site.site / address
        else:
            bundle = (built_site.site / name).parent / address
        assert bundle.resolve().is_file(), f"{name}: {loader['data-bundle']}"
        assert bundle.name.startswith("bundle.") and bundle.suffix == ".js", name


def test_the_bundle_address_comes_from_materials_base_html() -> None:
    from jinja2 import Environment, FileSystemLoader
    from material import templates

    from build_data.hooks import scripts

    env = Environment(loader=FileSystemLoader(templates.__path__[0]))
    source, path, _ = env.loader.get_source(env, "base.html")
    found = scripts.bundle_path(source)
    assert (Path(path).parent / found).is_file(), found
    with pytest.raises(ValueError, match="build_data/hooks/scripts.py"):
        scripts.bundle_path(source.replace(found, "assets/javascripts/app.js"))
