"""The import's terminal reports, rendered from templates/ with contexts computed in Python.

Templates hold the wording; the callers compute every figure. A report is its
lines without a final newline (the command line prints it with one).
"""

from __future__ import annotations

from functools import cache

import jinja2

from build_data import templating

FILTERS = {
    "thousands": lambda v: f"{v:,}",  # 143360 -> 143,360
    "signed": lambda v: f"{v:+,}",  # -500 -> -500, 100 -> +100
    "general": lambda v: f"{v:g}",  # 2628.0 -> 2628
    "repr": repr,  # 'All drugs', quoted as Python quotes it
}


@cache
def _environment() -> jinja2.Environment:
    return templating.environment("build_data.ingest", FILTERS)


def render(name: str, **context: object) -> str:
    """The report `name` (a file in templates/) for `context`, without its final newline."""
    return _environment().get_template(name).render(**context).removesuffix("\n")


def render_lines(name: str, **context: object) -> list[str]:
    """The same, as a list of lines (none for an empty report)."""
    text = render(name, **context)
    return text.split("\n") if text else []
