"""The site's address: mkdocs.yml's site_url comes from SITE_URL (the deploy workflow sets
it from the Pages settings), with a local default; an edition's addresses follow from it."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config

from build_data.render.feed import addresses

MKDOCS_YML = Path(__file__).resolve().parents[2] / "mkdocs.yml"
DEFAULT = "https://example.github.io/drug-seizures/"


def site_url() -> str:
    return load_config(str(MKDOCS_YML))["site_url"]


def test_site_url_defaults_to_the_placeholder(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    assert site_url() == DEFAULT


@pytest.mark.parametrize(
    ("given", "read"),
    [
        # configure-pages's base_url has no closing "/"; MkDocs adds it.
        ("https://someone.github.io/their-fork", "https://someone.github.io/their-fork/"),
        ("https://drugs.example.org/", "https://drugs.example.org/"),
    ],
)
def test_site_url_comes_from_the_environment(monkeypatch, given, read):
    monkeypatch.setenv("SITE_URL", given)
    assert site_url() == read


def test_an_editions_addresses():
    # mike's plugin joins the edition onto site_url; the hook adds the closing "/".
    urls = addresses("https://someone.github.io/their-fork/2019-20/", "2019-20")
    assert urls.root == "https://someone.github.io/their-fork/"
    assert urls.this == "https://someone.github.io/their-fork/2019-20/"
    assert urls.of("2018-19") == "https://someone.github.io/their-fork/2018-19/"
    assert urls.feed == "https://someone.github.io/their-fork/latest/feed.xml"
    assert urls.versioned


def test_a_build_at_the_root_is_not_an_edition():
    urls = addresses(DEFAULT, None)
    assert (urls.root, urls.this, urls.feed) == (DEFAULT, DEFAULT, DEFAULT + "feed.xml")
    assert not urls.versioned and urls.of("2017-18") == DEFAULT
