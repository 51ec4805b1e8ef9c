"""MkDocs hook: take the navigation from build/nav.yml when the page generator wrote one.

`python -m build_data pages` writes build/nav.yml (Home, forces grouped by
region, drugs, about pages). Without it MkDocs builds its automatic navigation.
MkDocs loads this file on its own, so it imports nothing from build_data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

NAV_FILE = Path("build") / "nav.yml"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    path = Path(config.config_file_path).parent / NAV_FILE
    if not path.is_file():
        return config
    nav: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(nav, dict) and "nav" in nav:  # also accept a mkdocs.yml-style `nav:` key
        nav = nav["nav"]
    if not isinstance(nav, list):
        raise PluginError(f"{path} must hold a YAML list of navigation entries")
    config["nav"] = nav
    return config
