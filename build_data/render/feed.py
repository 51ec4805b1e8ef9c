"""The Atom feed of editions and the addresses it gives, for the editions hook.

A module of its own, with nothing heavier than Jinja to import: MkDocs loads
build_data/hooks/editions.py on every build, and importing build_data.render.editions
(pandas and the statistics) cost it over a second.
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

RECORD = "edition.json"  # under build/, and published in every edition's folder


@dataclass(frozen=True)
class Addresses:
    """Where an edition and its feed live, from site_url as the build sees it."""

    root: str  # the site's root: editions are its folders
    this: str  # this edition's own address
    feed: str  # the feed readers subscribe to: the newest edition's
    versioned: bool  # built as an edition (under its own path) or at the root (`make site`)

    def of(self, edition: str) -> str:
        return f"{self.root}{edition}/" if self.versioned else self.this


def addresses(site_url: str, edition: str | None) -> Addresses:
    """The root, this edition's address and the feed's, for a build at site_url.

    An edition's build has site_url ending in the edition (mike's plugin adds it); its
    feed is advertised at latest/feed.xml, the address that always has every edition.
    """
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    if edition and site_url.endswith(f"/{edition}/"):
        root = site_url[: -len(edition) - 1]
        return Addresses(root, site_url, f"{root}latest/feed.xml", True)
    return Addresses(site_url, site_url, f"{site_url}feed.xml", False)


def feed(record: dict, urls: Addresses, site_name: str) -> str:
    """The Atom feed of editions: one entry per edition, newest first."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("build_data.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    current = {k: record[k] for k in ("edition", "headline", "published", "updated")}
    earlier = record["earlier"] if urls.versioned else []
    entries = sorted([*earlier, current], key=lambda e: e["edition"], reverse=True)
    for entry in entries:
        entry["url"] = urls.of(entry["edition"])
    return env.get_template("feed.xml.j2").render(
        entries=entries,
        urls=urls,
        site_name=site_name,
        updated=max(e["updated"] for e in entries),
    )
