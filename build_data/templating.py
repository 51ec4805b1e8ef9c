"""The project's Jinja environments: one factory, so every stage renders by the same rules.

Stage-neutral: ingest renders its terminal reports and render its pages with
environments made here, each loading the templates/ folder of its own package.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import jinja2


def environment(
    package: str, filters: Mapping[str, Callable[..., object]] | None = None
) -> jinja2.Environment:
    """An environment for `package`'s templates/: undefined names fail, block tags leave no
    blank lines."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(filters or {})
    return env
