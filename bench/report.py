"""The report, bench/results.md: a context computed here, rendered by templates/results.md.j2.

Formatting of single numbers is done by the template's filters; what goes in
which row, and the figures derived from the results, are computed here.
"""

from __future__ import annotations

from typing import Any

import jinja2

from bench.config import GZIP_LEVEL, PAGES_BREAKDOWN, SUPERLINEAR
from bench.stats import failed


def _s(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _x(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def _kb(value: float | None) -> str:
    return "–" if value is None else f"{value / 1000:,.1f}"


def environment() -> jinja2.Environment:
    """The bench's one Jinja environment: its reports and the mutation summary."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("bench", "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters.update(s=_s, x=_x, kb=_kb, fmt=format)
    return env


def _breakdown(bd: dict) -> list[dict]:
    """The timed parts of pages.build that took any time, in report order."""
    rows = []
    for key in PAGES_BREAKDOWN:
        cold, warm = bd.get(f"{key}|cold"), bd.get(f"{key}|warm")
        if not cold and not warm:
            continue
        calls, warm_calls = bd.get(f"{key}|cold|calls"), bd.get(f"{key}|warm|calls")
        rows.append(
            {
                "key": key,
                "calls": calls,
                "warm_calls": warm_calls
                if warm_calls is not None and warm_calls != calls
                else None,
                "cold": cold,
                "warm": warm,
            }
        )
    return rows


def _scales(scales: list[dict]) -> list[dict]:
    """Each scale's size, and how many SVGs its cold build drew."""
    rows = []
    for scale in scales:
        drawn = scale.get("svgs_drawn")
        rows.append(
            scale
            | {
                "html_per_page": scale["html_bytes"] / scale["html_pages"],
                "svg_calls": "–" if drawn is None else drawn,
            }
        )
    return rows


def _growth(gr: dict | None) -> dict | None:
    if not gr:
        return None
    return {
        "scales": _scales(gr["scales"]),
        "rows": gr["rows"],
        "flagged": [r for r in gr["rows"] if r["superlinear"]],
        "notes": gr.get("notes", []),
    }


def _largest(page: dict) -> list[dict]:
    """A page's five largest responses, then what the chart scripts bring (and fetch)."""
    without = page["without_chart_scripts"]["resources"]
    paths = {r["path"] for r in without}
    extra = [r for r in page["with_chart_scripts"]["resources"] if r["path"] not in paths]
    return [r | {"with_scripts": False} for r in without[:5]] + [
        r | {"with_scripts": True} for r in extra
    ]


def _weight(pw: dict | None) -> dict | None:
    if not pw:
        return None
    names = list(pw)
    kinds = list(dict.fromkeys(k for p in pw.values() for k in p["without_chart_scripts"]["parts"]))
    parts = [
        {"kind": kind, "cells": [pw[n]["without_chart_scripts"]["parts"].get(kind) for n in names]}
        for kind in kinds
    ]
    anatomies = [
        {"name": name, "path": page["path"], "whole": page["anatomy"]["whole page"]}
        | {"parts": {k: v for k, v in page["anatomy"].items() if k != "whole page"}}
        for name, page in pw.items()
        if page.get("anatomy") and name.startswith("force")
    ]
    largest = {name: _largest(page) for name, page in pw.items()}
    return {"pages": pw, "names": names, "parts": parts, "anatomies": anatomies} | {
        "largest": largest
    }


def report_context(results: dict) -> dict[str, Any]:
    """Everything the report shows, from the results of a run (as in results.json)."""
    m = results["machine"]
    st = results.get("stages")
    return {
        "command": results.get("command", "python -m bench").strip(),
        "machine": m,
        "load_before": m.get("load_average_before"),
        "load_after": m.get("load_average_after"),
        "bench_seconds": results["bench_seconds"],
        "budgets": results["budgets"],
        "budget_notes": results.get("budget_notes", []),
        "stages": st or None,
        "breakdown": _breakdown(st["pages_breakdown"]) if st else [],
        "cli_check": results.get("cli_check") or None,
        "growth": _growth(results.get("growth")),
        "superlinear": SUPERLINEAR,
        "weight": _weight(results.get("page_weight")),
        "gzip_level": GZIP_LEVEL,
        "findings": results.get("findings", []),
        "phone": results.get("phone"),
    }


def render_markdown(results: dict) -> str:
    return environment().get_template("results.md.j2").render(report_context(results))


def _force_page_finding(weights: dict) -> dict:
    forces = {k: v for k, v in weights.items() if k.startswith("force")}
    name, page = max(forces.items(), key=lambda kv: kv[1]["without_chart_scripts"]["compressed_kb"])
    plain = [
        (k, v["without_chart_scripts"]["compressed_kb"])
        for k, v in weights.items()
        if not k.startswith(("force", "home", "drug"))
    ]
    anatomy = page.get("anatomy")
    return {
        "name": name,
        "page": page,
        "view": page["without_chart_scripts"],
        "html": anatomy["whole page"] if anatomy else None,
        "anatomy": {k: v for k, v in (anatomy or {}).items() if k != "whole page"},
        "plain": plain,
    }


def findings(results: dict) -> list[str]:
    """Plain statements of what costs the bytes and the time, where a budget fails."""
    template = environment().get_template("findings.md.j2")
    out = []
    weights = results.get("page_weight") or {}
    for b in failed(results.get("budgets", [])):
        if b["name"].startswith("force page") and weights:
            out.append(str(template.module.force_page(_force_page_finding(weights))))
        if b["name"] == "full build" and results.get("stages"):
            stages = {k: v for k, v in results["stages"]["stages"].items() if v.get("cold")}
            out.append(str(template.module.full_build(stages)))
    return out
