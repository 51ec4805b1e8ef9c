"""The phone reader (issue 13): Lighthouse's mobile scores and the charts' smallest text.

The built site is served with gzip on 127.0.0.1 (bench.weight.serve) and each
page kind is run through Lighthouse (bench/node_modules, pinned in
bench/package.json and installed by `make node`), mobile profile, simulated
throttling, LIGHTHOUSE_RUNS times; the median of each figure is kept. The
smallest rendered chart text is measured at 360 px with JavaScript off.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from bench.config import (
    LIGHTHOUSE_BUDGETS,
    LIGHTHOUSE_PAGES,
    LIGHTHOUSE_RUNS,
    LIGHTHOUSE_VERSION,
    MIN_CHART_TEXT_PX,
    PHONE_WIDTH,
    ROOT,
)
from bench.headless import find_chromium, launched
from bench.textsize import chart_text
from bench.weight import serve

LIGHTHOUSE = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Figures kept from each run (audit id -> what the report calls it).
AUDITS = {
    "total-blocking-time": "tbt_ms",
    "total-byte-weight": "transferred_bytes",
    "largest-contentful-paint": "lcp_ms",
    "first-contentful-paint": "fcp_ms",
    "cumulative-layout-shift": "cls",
}


def lighthouse_run(url: str, chromium: str) -> dict:
    """One Lighthouse run (mobile, simulated throttling): scores out of 100 and figures."""
    if not LIGHTHOUSE.exists():
        raise RuntimeError(f"{LIGHTHOUSE} not found: run `make node`")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox",
        ]
        env = {**os.environ, "CHROME_PATH": chromium}
        subprocess.run(command, env=env, check=True, capture_output=True, timeout=300)
        data = json.loads(report.read_text())
    out = {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}
    for audit, key in AUDITS.items():
        out[key] = data["audits"][audit].get("numericValue")
    out["lighthouse"] = data.get("lighthouseVersion")
    failing = [
        audit_id
        for category in CATEGORIES[1:]
        for ref in data["categories"][category]["auditRefs"]
        if ref.get("weight")
        and (audit_id := ref["id"])
        and data["audits"][audit_id].get("score") not in (None, 1)
    ]
    out["failing_audits"] = sorted(set(failing))
    return out


def _median(runs: list[dict]) -> dict:
    """Each figure's median over the runs (the scores too)."""
    out: dict[str, Any] = {}
    for key in [*CATEGORIES, *AUDITS.values()]:
        values = [r[key] for r in runs if r.get(key) is not None]
        out[key] = statistics.median(values) if values else None
    out["runs"] = [{k: r[k] for k in ("performance", "tbt_ms", "transferred_bytes")} for r in runs]
    out["failing_audits"] = sorted({a for r in runs for a in r["failing_audits"]})
    out["lighthouse"] = runs[0]["lighthouse"] if runs else None
    return out


def chart_text_sizes(site: Path, base: str, browser: Any) -> dict[str, list[dict]]:
    """Every chart's smallest rendered text on each page, PHONE_WIDTH wide, JavaScript off."""
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": PHONE_WIDTH, "height": 800}
    )
    page = context.new_page()
    out = {}
    for kind, path in LIGHTHOUSE_PAGES.items():
        page.goto(base + path)
        out[kind] = chart_text(page, site)
    context.close()
    return out


def _text_sizes(site: Path, base: str, chromium: str) -> dict[str, list[dict]]:
    with launched(chromium) as browser:
        return chart_text_sizes(site, base, browser)


def budgets(pages: dict[str, dict], text: dict[str, list[dict]]) -> list[dict]:
    """The phone reader's budgets, each page kind against each."""
    out = []
    for kind, page in pages.items():
        for name in CATEGORIES:
            out.append(_check(f"{kind}: {name}", page[name], LIGHTHOUSE_BUDGETS[name], "at least"))
        kb = page["transferred_bytes"] / 1000 if page["transferred_bytes"] is not None else None
        out.append(
            _check(f"{kind}: first view KB", kb, LIGHTHOUSE_BUDGETS["first_view_kb"], "at most")
        )
    sizes = [r["smallest_px"] for rows in text.values() for r in rows]
    smallest = min((s for s in sizes if s is not None), default=None)
    if None in sizes:
        smallest = 0.0
    out.append(_check("chart text px at 360, no JS", smallest, MIN_CHART_TEXT_PX, "at least"))
    return out


def _check(name: str, measured: float | None, limit: float, sense: str) -> dict:
    ok = measured is not None and (measured >= limit if sense == "at least" else measured <= limit)
    return {"name": name, "measured": measured, "limit": limit, "sense": sense, "ok": ok}


def measure_phone(site: Path, say, runs: int = LIGHTHOUSE_RUNS) -> dict:
    """Lighthouse on every page kind (median of `runs`) and the charts' text, with budgets."""
    chromium = find_chromium()
    if chromium is None:
        raise RuntimeError("no chromium found (make chromium installs Debian's)")
    pages = {}
    with serve(site) as (base, _log):
        for kind, path in LIGHTHOUSE_PAGES.items():
            say(f"lighthouse: {kind} {path} ({runs} runs)")
            pages[kind] = {
                "path": path,
                **_median([lighthouse_run(base + path, chromium) for _ in range(runs)]),
            }
        say("chart text at 360 px, JavaScript off")
        text = _text_sizes(site, base, chromium)
    return {
        "lighthouse_version": LIGHTHOUSE_VERSION,
        "runs": runs,
        "pages": pages,
        "chart_text": text,
        "budgets": budgets(pages, text),
    }
