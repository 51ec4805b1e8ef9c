"""The one Jinja environment for generated Markdown (pages, Downloads) and text reports.

Filters turn a value into the text a page shows; they know no HTML and no
pandas beyond "is this missing". Display strings that need a table's context
are computed in Python, in each page's context.
"""

from __future__ import annotations

import jinja2
import pandas as pd
import yaml

from build_data import templating
from build_data.constants import CITY, DO_NOT_EDIT
from build_data.formatting import whole_number
from build_data.render.card_content import front_matter


def region_slug(region: str) -> str:
    """A region's part of an address, and its heading's anchor on the forces index."""
    return region.lower().replace(" ", "-")


def yaml_str(value: object) -> str:
    """A YAML scalar for front matter, quoted only where YAML needs it."""
    return yaml.safe_dump(str(value), width=10_000).strip().removesuffix("\n...")


def environment() -> jinja2.Environment:
    env = templating.environment("build_data.render")
    env.filters.update(
        number=lambda v: "not published" if pd.isna(v) else whole_number(v),
        rate=lambda v: "–" if pd.isna(v) else f"{v:,.1f}",
        pct=lambda v: "–" if pd.isna(v) else f"{v * 100:.1f}%",
        signed_pct=lambda v: "–" if pd.isna(v) else f"{v:+.1f}%",
        signed=lambda v: "–" if pd.isna(v) else (f"{int(v):+,}" if v else "0"),
        yaml_str=yaml_str,
        pct_plain=lambda v: "–" if pd.isna(v) else f"{v:.1f}%",
        region_slug=region_slug,
        card_yaml=front_matter,
    )
    env.globals.update(DO_NOT_EDIT=DO_NOT_EDIT, CITY=CITY)
    return env
