"""Every internal link and asset in the built site resolves, and no asset is off-site.

A crawler over the built folder (no browser): each href/src on each HTML page
must name a file in the site, each #fragment an id on the target page, and no
<script src>, <link href> or <img src> may point to another host. External
http(s), mailto: and tel: links are not followed. <link rel="canonical"> is the
one off-site <link> allowed: it names the published address and is never fetched.
Share images (og:image, twitter:image) must be absolute addresses under site_url
naming a file that the build wrote.
The checker is tested on small sites made here, where it must find each break.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browser_support import site_url, site_url_path

# (tag, attribute) pairs that make the browser fetch something.
FETCHED = {
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("image", "href"),
    ("image", "xlink:href"),
    ("use", "href"),
    ("use", "xlink:href"),
    ("object", "data"),
    ("embed", "src"),
}
FOLLOWED = {("a", "href"), ("area", "href")}
NOT_FOLLOWED_SCHEMES = {"http", "https", "mailto", "tel"}
# Never fetched, so allowed to name the published address.
OFF_SITE_LINK_RELS = {"canonical"}
# <meta property|name=...> whose content is an image a link preview fetches.
SHARE_IMAGES = {"og:image", "og:image:url", "og:image:secure_url", "twitter:image"}


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    refs: list[tuple[str, str, str, str]] = field(default_factory=list)  # tag, attr, url, rel
    shares: list[str] = field(default_factory=list)  # share image addresses


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag, attrs):
        attrs = [(name, value) for name, value in attrs if value is not None]
        values = dict(attrs)
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        if tag == "meta" and (values.get("property") or values.get("name")) in SHARE_IMAGES:
            self.page.shares.append(values.get("content", ""))
        rel = values.get("rel", "").lower()
        for name, value in attrs:
            if (tag, name) in FETCHED or (tag, name) in FOLLOWED:
                urls = [value]
                if name == "srcset":
                    urls = [part.strip().split()[0] for part in value.split(",") if part.strip()]
                for url in urls:
                    self.page.refs.append((tag, name, url.strip(), rel))

    handle_startendtag = handle_starttag


def parse(path: Path) -> Page:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8", errors="replace"))
    collector.close()
    return collector.page


def _is_off_site(url: str) -> bool:
    return url.startswith("//") or urlsplit(url).scheme != ""


def _target(site: Path, page: Path, path: str, prefix: str) -> Path:
    """The file a site-internal URL path names, from `page` (root-relative paths may
    carry the published prefix, as 404.html's do)."""
    if path.startswith("/"):
        path = path[len(prefix) :] if path.startswith(prefix) else path.lstrip("/")
        target = site / path
    else:
        target = page.parent / path if path else page
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target.resolve()


def check_site(site: Path, prefix: str = "/", published: str = "") -> list[str]:
    """Every broken internal reference and off-site asset in the site at `site`.

    `prefix` is the path the site is published under, `published` its address.
    """
    site = site.resolve()
    pages = {path.resolve(): parse(path) for path in sorted(site.rglob("*.html"))}
    problems = []
    for page_path, page in pages.items():
        where = page_path.relative_to(site)
        for url in page.shares:
            if not (published and url.startswith(published)):
                problems.append(f"{where}: share image is not an address under {published}: {url}")
            elif not (site / unquote(urlsplit(url[len(published) :]).path)).is_file():
                problems.append(f"{where}: share image names a missing file: {url}")
        for tag, attr, url, rel in page.refs:
            if not url or url.startswith(("data:", "javascript:")):
                continue
            parts = urlsplit(url)
            if _is_off_site(url):
                fetched = (tag, attr) in FETCHED
                if fetched and not (tag == "link" and set(rel.split()) & OFF_SITE_LINK_RELS):
                    problems.append(f"{where}: <{tag} {attr}> points off-site: {url}")
                elif not fetched and parts.scheme not in NOT_FOLLOWED_SCHEMES:
                    problems.append(f"{where}: <{tag} {attr}> has an unknown scheme: {url}")
                continue
            target = _target(site, page_path, unquote(parts.path), prefix)
            if not target.is_relative_to(site):
                problems.append(f"{where}: <{tag} {attr}> leaves the site: {url}")
                continue
            if not target.is_file():
                problems.append(f"{where}: <{tag} {attr}> names a missing file: {url}")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if fragment not in ids:
                    problems.append(
                        f"{where}: <{tag} {attr}> #{fragment} is no id on "
                        f"{target.relative_to(site)}: {url}"
                    )
    return problems


# ------------------------------------------------------------------- the built site


@pytest.mark.slow
def test_every_internal_reference_resolves_and_no_asset_is_off_site(site_dir):
    pages = list(site_dir.rglob("*.html"))
    assert len(pages) > 50, f"only {len(pages)} HTML pages built"
    problems = check_site(site_dir, site_url_path(), site_url())
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:200])


# ------------------------------------------------------------------- the checker itself


def _site(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


GOOD = {
    "index.html": (
        '<link rel="canonical" href="https://example.org/x/"><link href="a.css" rel="stylesheet">'
        '<a href="forces/kent/#trend">Kent</a><a href="#top" id="top">top</a>'
        '<a href="https://example.org/">out</a><a href="mailto:a@b.c">mail</a>'
        '<img src="img/a%20b.png" srcset="img/a%20b.png 1x, img/a%20b.png 2x">'
        '<svg><use href="#top"/></svg>'
        '<meta property="og:image" content="https://example.org/x/img/card.png">'
    ),
    "img/card.png": "",
    "a.css": "",
    "img/a b.png": "",
    "forces/kent/index.html": '<h2 id="trend">T</h2><a href="../../">home</a>',
    "404.html": '<link href="/x/a.css" rel="stylesheet"><a href="/x/forces/kent/">Kent</a>',
}


def test_checker_passes_a_good_site(tmp_path):
    assert check_site(_site(tmp_path, GOOD), "/x/", "https://example.org/x/") == []


@pytest.mark.parametrize(
    ("page", "html", "expected"),
    [
        ("index.html", '<a href="forces/essex/">Essex</a>', "missing file"),
        ("index.html", '<a href="forces/kent/#nowhere">Kent</a>', "#nowhere is no id"),
        ("index.html", '<a href="#gone">x</a>', "#gone is no id"),
        ("index.html", '<script src="https://cdn.example.com/v.js"></script>', "off-site"),
        ("index.html", '<link rel="stylesheet" href="//fonts.example.com/f.css">', "off-site"),
        ("index.html", '<img src="http://example.com/a.png">', "off-site"),
        ("index.html", '<img srcset="img/a%20b.png 1x, img/none.png 2x">', "missing file"),
        ("index.html", '<a href="../../etc/passwd">x</a>', "leaves the site"),
        ("index.html", '<a href="ftp://example.com/">x</a>', "unknown scheme"),
        ("404.html", '<script src="/x/missing.js"></script>', "missing file"),
        ("index.html", '<meta name="twitter:image" content="img/card.png">', "not an address"),
        (
            "index.html",
            '<meta property="og:image" content="https://example.org/x/img/none.png">',
            "share image names a missing file",
        ),
    ],
)
def test_checker_finds_each_break(tmp_path, page, html, expected):
    files = {**GOOD, page: GOOD.get(page, "") + html}
    problems = check_site(_site(tmp_path, files), "/x/", "https://example.org/x/")
    assert len(problems) == 1 and expected in problems[0], problems
