"""MkDocs hook: the hashes of Material's inline scripts, for the Content-Security-Policy.

GitHub Pages cannot send headers, so overrides/main.html writes the policy as a
<meta http-equiv> on every page; it allows inline scripts only by hash. The
hashes are computed at build time from the very templates Material renders the
scripts from (with this site's theme features), so a Material update that
changes a script changes its hash instead of breaking the page. Material's
first inline script depends on the page's depth; overrides/partials/javascripts/
base.html replaces it with a file (docs/assets/javascripts/md-scope.js), so
the policy is the same on every page.
"""

from __future__ import annotations

import base64
import hashlib
import re

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

# Material's partials whose inline <script>s end up in every page.
INLINE_SCRIPT_PARTIALS = ("partials/javascripts/palette.html", "partials/javascripts/content.html")
_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def script_hashes(env: Environment, features: list[str]) -> list[str]:
    """CSP source expressions ('sha256-...') for every inline script in those partials."""
    hashes = []
    for name in INLINE_SCRIPT_PARTIALS:
        html = env.get_template(name).render(features=features)
        for body in _SCRIPT.findall(html):
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
            hashes.append(f"'sha256-{digest}'")
    return hashes


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    env.globals["csp_script_hashes"] = " ".join(
        script_hashes(env, list(config.theme.get("features") or []))
    )
    return env
