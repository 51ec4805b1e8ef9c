"""Pure helpers: medians, growth ratios, budgets, compressed sizes, a page's anatomy.

No timings and no side effects here (apart from `load_average`, which reads the machine).
"""

from __future__ import annotations

import gzip
import math
import os
import re
import statistics
from typing import Any

from bench.config import BUDGETS, CHART_SCRIPTS, GZIP_LEVEL, SUPERLINEAR


def median(values: list[float]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ratio(new: float | None, old: float | None) -> float | None:
    if new is None or old is None or old <= 0:
        return None
    return new / old


def growth(
    base_seconds: float | None,
    scaled_seconds: float | None,
    base_pages: int,
    scaled_pages: int,
    base_rows: int,
    scaled_rows: int,
    limit: float = SUPERLINEAR,
) -> dict[str, Any]:
    """How a stage's time grew against pages and against rows of input.

    `per_page` is how much the time per page rose (1.0: linear in pages). When
    the number of pages does not change (more years, same forces) there is no
    page growth to compare with, and the rows of input stand in. A stage is
    flagged `superlinear` when its time per unit rose by more than `limit`
    against every measure of size that grew (pages and rows): a stage linear
    in its input rows is not flagged just because there are fewer new pages
    than new rows.
    """
    time_ratio = ratio(scaled_seconds, base_seconds)
    page_ratio = ratio(scaled_pages, base_pages)
    row_ratio = ratio(scaled_rows, base_rows)
    per_page = time_ratio / page_ratio if time_ratio and page_ratio else None
    per_row = time_ratio / row_ratio if time_ratio and row_ratio else None
    grown = [
        r for r, size in ((per_page, page_ratio), (per_row, row_ratio)) if size and size > 1.05
    ]
    measures = [r for r in grown if r is not None]
    superlinear = bool(measures) and all(r > limit for r in measures)
    faster_than_pages = bool(per_page is not None and page_ratio and page_ratio > 1.05)
    faster_than_pages = faster_than_pages and per_page > limit
    return {
        "time_ratio": time_ratio,
        "page_ratio": page_ratio,
        "row_ratio": row_ratio,
        "per_page": per_page,
        "per_row": per_row,
        "superlinear": superlinear,
        "faster_than_pages": faster_than_pages,
    }


def budget(name: str, measured: float | None, limit: float, unit: str, what: str) -> dict:
    """One budget's verdict: pass, fail, or not measured (which is not a pass)."""
    if measured is None or (isinstance(measured, float) and math.isnan(measured)):
        status = "not measured"
    else:
        status = "pass" if measured < limit else "fail"
    return {
        "name": name,
        "what": what,
        "limit": limit,
        "measured": measured,
        "unit": unit,
        "status": status,
    }


def evaluate_budgets(force_page_kb: float | None, full_build_s: float | None) -> list[dict]:
    return [
        budget(
            "force page first view",
            force_page_kb,
            BUDGETS["force_page_kb"],
            "KB",
            "bytes sent compressed (gzip) for a force page's first view, chart scripts blocked",
        ),
        budget(
            "full build",
            full_build_s,
            BUDGETS["full_build_s"],
            "s",
            "import + pages + mkdocs build --strict, cold, from process start",
        ),
    ]


def failed(budgets: list[dict]) -> list[dict]:
    return [b for b in budgets if b["status"] == "fail"]


def gzip_size(data: bytes, level: int = GZIP_LEVEL) -> int:
    return len(gzip.compress(data, compresslevel=level, mtime=0))


def compressible(content_type: str) -> bool:
    kind = content_type.split(";")[0].strip().lower()
    return kind.startswith("text/") or kind in {
        "application/javascript",
        "application/json",
        "application/xml",
        "application/manifest+json",
        "image/svg+xml",
    }


def strip_charts_and_card(markdown: str) -> str:
    """A generated page as plain Markdown: no chart figures, no social card front matter."""
    text = re.sub(r'<figure class="chart".*?</figure>\n?', "", markdown, flags=re.DOTALL)
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end > 0:
            front = text[4:end].split("\n")
            kept, skipping = [], False
            for line in front:
                if re.match(r"card:\s*$", line):
                    skipping = True
                    continue
                if skipping and line.startswith((" ", "\t")):
                    continue
                skipping = False
                kept.append(line)
            text = "---\n" + "\n".join(kept) + text[end:]
    return text


# Parts of a generated page, for what each adds to its compressed size.
HTML_PARTS = {
    "all chart figures": r'<figure class="chart".*?</figure>',
    "the map figure (SVG, spec, table)": (
        r'<figure class="chart" id="chart-[^"]*map[^"]*".*?</figure>'
    ),
    "chart specs (JSON for vega-embed)": r'<template class="chart-spec".*?</template>',
    "static chart SVGs": r'<div class="chart-static".*?</svg>\s*</div>',
    "chart data tables": r"<details><summary>Data for this chart</summary>.*?</details>",
}


def html_anatomy(html: str, level: int = GZIP_LEVEL) -> dict[str, dict]:
    """What each part of a page adds to it: raw bytes, and gzip bytes saved without it."""
    whole = gzip_size(html.encode(), level)
    out = {"whole page": {"count": 1, "bytes": len(html.encode()), "gzip": whole}}
    for name, pattern in HTML_PARTS.items():
        found = re.findall(pattern, html, flags=re.DOTALL)
        rest = re.sub(pattern, "", html, flags=re.DOTALL)
        out[name] = {
            "count": len(found),
            "bytes": sum(len(f.encode()) for f in found),
            "gzip": whole - gzip_size(rest.encode(), level),
        }
    return out


MATERIAL_ASSETS = (
    "/assets/javascripts/bundle.",
    "/assets/stylesheets/main.",
    "/assets/stylesheets/palette.",
)


def first_view_parts(resources: list[dict], page_path: str) -> dict[str, float]:
    """A first view's compressed bytes (bodies and headers) by kind of response."""
    parts: dict[str, float] = {}
    for r in resources:
        path = r["path"]
        if path == page_path:
            kind = "the page's HTML"
        elif path.endswith("search_index.json"):
            kind = "search index"
        elif CHART_SCRIPTS.search(path):
            kind = "chart scripts"
        elif path.startswith("/assets/generated/figures/") and path.endswith(".svg"):
            kind = "shared chart images (ranking and map of every force)"
        elif path.startswith("/assets/generated/"):
            kind = "chart data files"
        elif path.startswith("/assets/javascripts/workers/"):
            kind = "Material search worker"
        elif path.startswith(MATERIAL_ASSETS):
            kind = "Material JavaScript and CSS"
        else:
            kind = "other (favicon, extra.css, ...)"
        parts[kind] = parts.get(kind, 0) + r["sent"] + r.get("header_bytes", 0)
    return dict(sorted(parts.items(), key=lambda kv: -kv[1]))


def load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def _get(
    calls: list[dict] | None,
    index: int,
    field: str | None = None,
    timer: str | None = None,
    timer_field: str = "seconds",
) -> float | None:
    if not calls or len(calls) <= index:
        return None
    call = calls[index]
    if timer:
        entry = call["timers"].get(timer)
        return entry.get(timer_field) if entry else None
    return call.get(field)


def _social(calls: list[dict] | None, index: int) -> float | None:
    if not calls or len(calls) <= index:
        return None
    return (calls[index].get("social") or {}).get("seconds")


def stage_figures(
    imp: list[dict] | None,
    stats_calls: list[dict] | None,
    pages_calls: list[dict] | None,
    mkdocs_calls: list[dict] | None,
    baseline_calls: list[dict] | None,
) -> dict[str, dict]:
    """Wall and CPU seconds (cold, warm) and peak RSS of each stage, from workers' calls."""
    raw = "importer.import_raw"

    def plain(calls, wall="seconds", cpu="cpu_s"):
        return {
            "cold": _get(calls, 0, wall),
            "warm": _get(calls, 1, wall),
            "cold_cpu": _get(calls, 0, cpu),
            "warm_cpu": _get(calls, 1, cpu),
            "peak_mb": _get(calls, 0, "peak_rss_mb"),
        }

    return {
        "import": {
            "cold": _get(imp, 0, timer=raw),
            "warm": _get(imp, 1, timer=raw),
            "cold_cpu": _get(imp, 0, timer=raw, timer_field="cpu_s"),
            "warm_cpu": _get(imp, 1, timer=raw, timer_field="cpu_s"),
            "peak_mb": _get(imp, 0, "peak_rss_mb"),
        },
        "statistics": plain(stats_calls, "compute_seconds", "compute_cpu_s"),
        "pages and charts": plain(pages_calls),
        "social cards": {
            "cold": _social(mkdocs_calls, 0),
            "warm": _social(mkdocs_calls, 1),
            "cold_cpu": _get(mkdocs_calls, 0, timer="cards.ensure", timer_field="cpu_s"),
            "warm_cpu": _get(mkdocs_calls, 1, timer="cards.ensure", timer_field="cpu_s"),
            "peak_mb": None,
        },
        "mkdocs build": plain(mkdocs_calls),
        "baseline mkdocs build": plain(baseline_calls),
    }


def median_figures(runs: list[dict[str, dict]]) -> dict[str, dict]:
    return {
        stage: {key: median([r[stage][key] for r in runs]) for key in runs[0][stage]}
        for stage in runs[0]
    }


def growth_table(scales: list[dict]) -> list[dict]:
    """Each stage at each scale against the real site; flagged on CPU time where measured."""
    base = next(s for s in scales if s["forces_factor"] == 1 and s["years_factor"] == 1)
    rows = []
    for scale in scales:
        if scale is base:
            continue
        sizes = (
            base["html_pages"],
            scale["html_pages"],
            base["seizure_rows"],
            scale["seizure_rows"],
        )
        for stage, times in scale["stages"].items():
            ref = base["stages"].get(stage)
            if ref is None:
                continue
            for label in ("cold", "warm"):
                wall = growth(ref[label], times[label], *sizes)
                cpu = growth(ref.get(f"{label}_cpu"), times.get(f"{label}_cpu"), *sizes)
                basis, g = ("CPU", cpu) if cpu["time_ratio"] else ("wall", wall)
                if not g["time_ratio"]:
                    continue
                rows.append(
                    {
                        "scale": scale["label"],
                        "stage": stage,
                        "when": label,
                        "base_s": ref[label],
                        "scaled_s": times[label],
                        "wall_ratio": wall["time_ratio"],
                        "cpu_ratio": cpu["time_ratio"],
                        "basis": basis,
                        "base_peak_mb": ref.get("peak_mb"),
                        "scaled_peak_mb": times.get("peak_mb"),
                        **g,
                    }
                )
    return rows
