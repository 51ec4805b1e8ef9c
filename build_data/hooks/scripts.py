"""MkDocs hook: the address of Material's JavaScript bundle, for loading it on demand.

overrides/main.html does not write Material's <script> for its bundle; it writes
docs/assets/javascripts/md-on-demand.js, which loads the bundle on the reader's
first action (issue 13: on a phone the bundle's start-up was the first view's only
long task). The bundle's file name carries a content hash that changes with each
Material release, so it is read here from the base.html Material renders, never
typed into the override.
"""

from __future__ import annotations

import re

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

_BUNDLE = re.compile(
    r"""<script src="\{\{ '(assets/javascripts/bundle\.[0-9a-f]+\.min\.js)' \| url \}\}">"""
)


def bundle_path(base_html: str) -> str:
    """The bundle's path in the site, from the source of Material's base.html."""
    found = _BUNDLE.findall(base_html)
    if len(found) != 1:
        raise ValueError(
            "Material's base.html no longer writes exactly one bundle <script> in the form"
            f" {_BUNDLE.pattern!r}; update build_data/hooks/scripts.py (found {found})"
        )
    return found[0]


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    source, _, _ = env.loader.get_source(env, "base.html")
    env.globals["material_bundle"] = bundle_path(source)
    return env
