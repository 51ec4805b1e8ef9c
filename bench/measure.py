"""Orchestration: which workers run in which tree, and the medians of what they measured."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from bench.config import PAGES_BREAKDOWN, ROOT
from bench.stats import median, median_figures, ratio, stage_figures
from bench.synthetic import (
    forces_as_dicts,
    scale_forces,
    scale_raw_forces,
    scale_raw_years,
    scale_years,
    scaled_forces,
    write_tidy,
)
from bench.trees import copy_tree, make_baseline
from bench.worker import run_worker


def _git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine() -> dict:
    from importlib import metadata

    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = round(int(line.split()[1]) / 1024 / 1024, 1)
    versions = {}
    for package in ("mkdocs", "mkdocs-material", "vl-convert-python", "altair", "pandas", "pillow"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[package] = metadata.version(package)
    # The bench's own earlier reports under bench/ do not change what is measured.
    status = _git("status", "--porcelain", "--", ".", ":(exclude)bench")
    dirty = [line for line in status.splitlines() if line.strip()]
    return {
        "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory_gb": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "packages": versions,
        "commit": _git("rev-parse", "--short", "HEAD"),
        "uncommitted_files": len(dirty),
    }


def _stage(result: dict, kind: str, label: str | None = None) -> dict:
    for stage in result["stages"]:
        if stage["kind"] == kind and (label is None or stage.get("label") == label):
            return stage
    raise KeyError(kind)


def _timer(call: dict, key: str) -> float | None:
    entry = call["timers"].get(key)
    return entry["seconds"] if entry else None


def measure_stages(raw: Path, tmp: Path, runs: int, say) -> dict:
    """Median stage times (cold and warm), the full build, and the baseline."""
    per_run = []
    for run in range(runs):
        say(f"run {run + 1} of {runs}: import, statistics, pages, mkdocs, baseline")
        tree = copy_tree(ROOT, tmp / f"run{run}")
        imp = run_worker(
            tree,
            [
                {"kind": "import", "mode": "cli", "raw": str(raw), "repeat": 2},
                {"kind": "stats", "repeat": 2},
            ],
        )
        pages_cold = run_worker(tree, [{"kind": "pages", "repeat": 2, "clear": ["build"]}])
        pages_warm = run_worker(tree, [{"kind": "pages", "repeat": 1}])
        mk_cold = run_worker(tree, [{"kind": "mkdocs", "repeat": 2, "clear": ["build/cards"]}])
        mk_warm = run_worker(tree, [{"kind": "mkdocs", "repeat": 1}])
        make_baseline(tree)
        base = run_worker(
            tree, [{"kind": "mkdocs", "config": "bench-baseline.yml", "repeat": 2, "strict": False}]
        )
        per_run.append(
            {
                "import": imp,
                "pages_cold": pages_cold,
                "pages_warm": pages_warm,
                "mkdocs_cold": mk_cold,
                "mkdocs_warm": mk_warm,
                "baseline": base,
                "tree": tree,
            }
        )
    return summarise_stages(per_run)


# Rows of the stage table: (row, field, which calls, index, value of the call).
_WALL = lambda call: call["seconds"]  # noqa: E731
_PEAK = lambda call: call["peak_rss_mb"]  # noqa: E731
_CPU = lambda call: call["cpu_s"]  # noqa: E731
_CARDS = lambda call: (call.get("social") or {}).get("seconds")  # noqa: E731
_IMPORT_RAW = lambda call: _timer(call, "importer.import_raw")  # noqa: E731
_COMPUTE = lambda call: call["compute_seconds"]  # noqa: E731
_IMPORT, _CLI = "import (importer.import_raw)", "import, whole CLI (+ boundaries, write data/)"
_STATS, _PAGES = "statistics (stats.compute)", "pages and charts (pages.build)"
_CARDS_ROW = "social cards (hook, CPU-seconds of its threads)"
_MKDOCS = "mkdocs build --strict (cards included)"
_BASELINE = "baseline mkdocs build (plain pages)"
STAGE_ROWS = (
    (_IMPORT, "cold", "imp", 0, _IMPORT_RAW),
    (_IMPORT, "warm", "imp", 1, _IMPORT_RAW),
    (_IMPORT, "peak_mb", "imp", 0, _PEAK),
    (_CLI, "cold", "imp", 0, _WALL),
    (_CLI, "warm", "imp", 1, _WALL),
    (_CLI, "peak_mb", "imp", 0, _PEAK),
    (_CLI, "cpu_cold", "imp", 0, _CPU),
    (_STATS, "cold", "st", 0, _COMPUTE),
    (_STATS, "warm", "st", 1, _COMPUTE),
    (_STATS, "peak_mb", "st", 0, _PEAK),
    (_PAGES, "cold", "pc", 0, _WALL),
    (_PAGES, "warm", "pc", 1, _WALL),
    (_PAGES, "warm_fresh_process", "pw", 0, _WALL),
    (_PAGES, "peak_mb", "pc", 0, _PEAK),
    (_PAGES, "cpu_cold", "pc", 0, _CPU),
    (_CARDS_ROW, "cold", "mc", 0, _CARDS),
    (_CARDS_ROW, "warm", "mc", 1, _CARDS),
    (_CARDS_ROW, "warm_fresh_process", "mw", 0, _CARDS),
    (_MKDOCS, "cold", "mc", 0, _WALL),
    (_MKDOCS, "warm", "mc", 1, _WALL),
    (_MKDOCS, "warm_fresh_process", "mw", 0, _WALL),
    (_MKDOCS, "peak_mb", "mc", 0, _PEAK),
    (_MKDOCS, "cpu_cold", "mc", 0, _CPU),
    (_BASELINE, "cold", "bl", 0, _WALL),
    (_BASELINE, "warm", "bl", 1, _WALL),
    (_BASELINE, "peak_mb", "bl", 0, _PEAK),
    (_BASELINE, "cpu_cold", "bl", 0, _CPU),
)


def _run_calls(run: dict) -> dict[str, list[dict]]:
    """The calls of each worker of one run, by short name."""
    return {
        "imp": _stage(run["import"], "import")["calls"],
        "st": _stage(run["import"], "stats")["calls"],
        "pc": _stage(run["pages_cold"], "pages")["calls"],
        "pw": _stage(run["pages_warm"], "pages")["calls"],
        "mc": _stage(run["mkdocs_cold"], "mkdocs")["calls"],
        "mw": _stage(run["mkdocs_warm"], "mkdocs")["calls"],
        "bl": _stage(run["baseline"], "mkdocs")["calls"],
    }


def _add_breakdown(breakdown: dict[str, list[float]], pc: list[dict]) -> None:
    """The timed parts of pages.build, cold and warm, from one run."""
    for key in PAGES_BREAKDOWN:
        for label, call in (("cold", pc[0]), ("warm", pc[1])):
            entry = call["timers"].get(key)
            breakdown.setdefault(f"{key}|{label}", []).append(entry["seconds"] if entry else 0.0)
            breakdown.setdefault(f"{key}|{label}|calls", []).append(entry["calls"] if entry else 0)


def summarise_stages(per_run: list[dict]) -> dict:
    rows: dict[str, dict[str, list]] = {}
    full_cold, make_cold, make_warm = [], [], []
    breakdown: dict[str, list[float]] = {}
    figures = []
    for run in per_run:
        calls = _run_calls(run)
        figures.append(
            stage_figures(calls["imp"], calls["st"], calls["pc"], calls["mc"], calls["bl"])
        )
        for name, key, worker, index, value in STAGE_ROWS:
            rows.setdefault(name, {}).setdefault(key, []).append(value(calls[worker][index]))
        # Full build from process start: three fresh processes, as `make site` runs them.
        import_wall = calls["imp"][0]["wall_since_spawn_s"]
        pages_wall = calls["pc"][0]["wall_since_spawn_s"]
        mk_wall = calls["mc"][0]["wall_since_spawn_s"]
        full_cold.append(import_wall + pages_wall + mk_wall)
        make_cold.append(pages_wall + mk_wall)
        make_warm.append(
            calls["pw"][0]["wall_since_spawn_s"] + calls["mw"][0]["wall_since_spawn_s"]
        )
        _add_breakdown(breakdown, calls["pc"])
    stages = {
        name: {key: median(values) for key, values in fields.items()} | {"runs": len(per_run)}
        for name, fields in rows.items()
    }
    last = per_run[-1]
    return {
        "seizure_rows": _stage(last["import"], "stats")["calls"][0]["seizure_rows"],
        "figures": median_figures(figures),
        "pages_timers_cold": _stage(last["pages_cold"], "pages")["calls"][0]["timers"],
        "svgs_drawn": _stage(last["pages_cold"], "pages")["calls"][0].get("svgs_drawn"),
        "stages": stages,
        "pages_breakdown": {k: median(v) for k, v in breakdown.items()},
        "full_build": {
            "import_pages_mkdocs_cold_s": median(full_cold),
            "make_site_cold_s": median(make_cold),
            "make_site_warm_s": median(make_warm),
            "runs": len(per_run),
            "all_runs_cold_s": full_cold,
        },
        "baseline": _against_baseline(last, stages),
        "site": _site(last),
        "trees": [str(r["tree"]) for r in per_run],
    }


def _against_baseline(last: dict, stages: dict) -> dict:
    """The real site's mkdocs build and size against the plain baseline's."""
    mc0 = _stage(last["mkdocs_cold"], "mkdocs")["calls"][0]
    bl0 = _stage(last["baseline"], "mkdocs")["calls"][0]
    real, basel = stages[_MKDOCS], stages[_BASELINE]
    pipeline_cold = (stages[_PAGES]["cold"] or 0) + (real["cold"] or 0)
    return {
        "md_pages": _stage(last["pages_cold"], "pages")["calls"][0]["md_pages"],
        "html_pages": mc0["html_pages"],
        "baseline_html_pages": bl0["html_pages"],
        "mkdocs_cold_ratio": ratio(real["cold"], basel["cold"]),
        "mkdocs_warm_ratio": ratio(real["warm"], basel["warm"]),
        "pages_plus_mkdocs_cold_ratio": ratio(pipeline_cold, basel["cold"]),
        "site_bytes": mc0["site_bytes"],
        "baseline_site_bytes": bl0["site_bytes"],
        "html_bytes": mc0["html_bytes"],
        "baseline_html_bytes": bl0["html_bytes"],
    }


def _site(last: dict) -> dict:
    mc0 = _stage(last["mkdocs_cold"], "mkdocs")["calls"][0]
    keys = ("html_pages", "site_bytes", "html_bytes", "search_index_bytes", "search_index_gzip")
    return {k: mc0[k] for k in keys}


def _scaled_inputs(raw: Path, tmp: Path, tree: Path, forces: int, years: int) -> tuple:
    """Tidy tables written into `tree` and a raw folder at one scale, with their patches."""
    from build_data import tidy

    tables = tidy.read_dataset(tree / "data").tables
    patch_tidy = None
    if forces > 1:
        tables = scale_forces(tables, forces_as_dicts(), forces)
        patch_tidy = tmp / f"patch-tidy-{forces}x{years}.json"
        patch_tidy.write_text(json.dumps({"forces": scaled_forces(forces_as_dicts(), forces)}))
    if years > 1:
        tables = scale_years(tables, years)
    write_tidy(tables, tree / "data")
    raw_scaled = tmp / f"raw-{forces}x{years}"
    patch_raw = None
    if forces > 1:
        patch = scale_raw_forces(raw, raw_scaled, forces)
        patch_raw = tmp / f"patch-raw-{forces}x{years}.json"
        patch_raw.write_text(json.dumps(patch))
    elif years > 1:
        scale_raw_years(raw, raw_scaled, years)
    else:
        raw_scaled = raw
    return patch_tidy, raw_scaled, patch_raw


def measure_scale(
    raw: Path, tmp: Path, label: str, forces: int, years: int, say, pages_repeat: int = 1
) -> dict:
    """One synthetic scale: tidy tables for stats/pages/mkdocs, raw tables for the import."""
    say(f"growth: {label} (synthetic)")
    if forces > 1 and years > 1:
        raise ValueError("scale forces or years, not both at once")
    tree = copy_tree(ROOT, tmp / f"scale-{forces}x{years}")
    patch_tidy, raw_scaled, patch_raw = _scaled_inputs(raw, tmp, tree, forces, years)
    imp = run_worker(
        tree,
        [{"kind": "import", "raw": str(raw_scaled), "repeat": 2, "accept_implausible": True}],
        patch_raw,
    )
    # pages.build once, cold, at scale by default: the warm call would double the time.
    pipeline = run_worker(
        tree,
        [
            {"kind": "stats", "repeat": 2},
            {"kind": "pages", "repeat": pages_repeat, "clear": ["build"]},
        ],
        patch_tidy,
        timeout=7200,
    )
    mk = run_worker(tree, [{"kind": "mkdocs", "repeat": 2}], timeout=7200)
    make_baseline(tree)
    base = run_worker(
        tree,
        [{"kind": "mkdocs", "config": "bench-baseline.yml", "repeat": 1, "strict": False}],
        timeout=7200,
    )
    i, s = _stage(imp, "import")["calls"], _stage(pipeline, "stats")["calls"]
    p, m = _stage(pipeline, "pages")["calls"], _stage(mk, "mkdocs")["calls"]
    b = _stage(base, "mkdocs")["calls"]
    return {
        "label": label,
        "forces_factor": forces,
        "years_factor": years,
        "seizure_rows": s[0]["seizure_rows"],
        "md_pages": p[0]["md_pages"],
        **{k: m[0][k] for k in ("html_pages", "site_bytes", "html_bytes")},
        **{k: m[0][k] for k in ("search_index_bytes", "search_index_gzip")},
        "stages": stage_figures(i, s, p, m, b),
        "pages_breakdown": p[0]["timers"],
        "svgs_drawn": p[0].get("svgs_drawn"),
        "accepted": i[0]["accepted"],
    }


def cli_check(raw: Path, tmp: Path, say) -> dict:
    """The real commands, once, cold, in a fresh tree: a check on the workers' figures."""
    say("cross-check: the real commands, cold")
    tree = copy_tree(ROOT, tmp / "cli-check")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).parent / "mkdocs"
    steps = {
        "import_s": [sys.executable, "-m", "build_data", "import", "--raw", str(raw)],
        "pages_s": [sys.executable, "-m", "build_data", "pages"],
        "mkdocs_s": [str(mkdocs), "build", "--strict", "--quiet"],
    }
    out = {}
    for key, command in steps.items():
        started = time.perf_counter()
        proc = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True)
        out[key] = time.perf_counter() - started
        if proc.returncode:
            raise RuntimeError(f"{' '.join(command)} failed:\n{proc.stderr[-3000:]}")
    out["total_s"] = sum(out.values())
    return out


def _base_scale(stages: dict) -> dict:
    """The real site as the growth table's reference point, from the stage medians."""
    return {
        "label": "real (×1)",
        "forces_factor": 1,
        "years_factor": 1,
        "seizure_rows": stages["seizure_rows"],
        "md_pages": stages["baseline"]["md_pages"],
        "html_pages": stages["baseline"]["html_pages"],
        **{k: stages["site"][k] for k in ("site_bytes", "html_bytes")},
        **{k: stages["site"][k] for k in ("search_index_bytes", "search_index_gzip")},
        "stages": stages["figures"],
        "pages_breakdown": stages.get("pages_timers_cold", {}),
        "svgs_drawn": stages.get("svgs_drawn"),
        "accepted": [],
    }
