"""Chromium checks shared by the browser tests and the editions test: axe-core and the
Content-Security-Policy's violation reports.

A module of tests/ (not of tests/browser/) so tests/publish/test_editions.py, which opens a
published gh-pages branch in Chromium, runs the same checks as the browser tests.
"""

from __future__ import annotations

import json
from pathlib import Path

AXE = Path(__file__).resolve().parent / "browser" / "vendor" / "axe.min.js"
BLOCKING = {"serious", "critical"}

# Added to a browser context before any page's first script runs.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`
    + ` at ${e.sourceFile}:${e.lineNumber}`);
});
"""


def watch_csp(page) -> list[str]:
    """Collect the page's Content-Security-Policy console errors (its context must have
    RECORD_VIOLATIONS as an init script for the events)."""
    console: list[str] = []
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return console


def violations(page, console: list[str]) -> list[str]:
    return page.evaluate("window.__csp") + console


def run_axe(page) -> list[dict]:
    """axe-core's violations on the open page (its context must bypass the CSP: axe is
    injected as an inline script)."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => {
             const result = await axe.run(document, {resultTypes: ['violations']});
             return result.violations.map(v => ({
               id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
               nodes: v.nodes.map(n => ({
                 target: n.target, impact: n.impact, html: n.html.slice(0, 300),
                 summary: n.failureSummary,
               })),
             }));
           }"""
    )


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} nodes)")
        for node in v["nodes"]:
            lines.append(f"    {json.dumps(node['target'])}  {node['html'][:160]}")
            for detail in (node["summary"] or "").splitlines():
                lines.append(f"        {detail}")
    return "\n".join(lines)
