"""The worker: stages run in a fresh Python process (`python -m bench _worker SPEC`).

Nothing from build_data is imported before `_patch_reference` has swapped in a
scaled force list: the patch refuses to run if any other build_data module is loaded.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.config import RESULT_TAG, TIMED
from bench.trees import count_md, site_stats


def _status(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])  # kB
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _patch_reference(patch: dict) -> None:
    """Swap in a scaled force list before any other build_data module reads the reference."""
    loaded = [m for m in sys.modules if m.startswith("build_data.")]
    loaded = [m for m in loaded if m != "build_data.reference"]
    if loaded:
        raise RuntimeError(f"patch the reference before importing {loaded}")
    from build_data import reference as ref

    if patch.get("forces"):
        forces = tuple(
            ref.Force(f["slug"], f["code"], f["name"], f["region"], f["kind"], tuple(f["aliases"]))
            for f in patch["forces"]
        )
        ref.FORCES = forces
        ref.FORCE_BY_SLUG = {f.slug: f for f in forces}
        ref.FORCE_BY_CODE = {f.code: f for f in forces if f.code}
        ref.REGIONS = tuple(dict.fromkeys(f.region for f in forces))
        ref.WELSH_FORCES = tuple(f for f in forces if f.country == "Wales")
    for new, olds in patch.get("la_successors", {}).items():
        ref.LA_SUCCESSORS[new] = tuple(olds)
    for new, old in patch.get("errata_alias", {}).items():
        ref.HEADER_ERRATA[new] = ref.HEADER_ERRATA[old]


class _Timers:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self.installed: list[tuple[Any, str, Any]] = []

    def install(self, kinds: set[str]) -> None:
        import importlib

        for module_name, attr, *name in [t for kind in sorted(kinds) for t in TIMED.get(kind, ())]:
            try:
                module = importlib.import_module(module_name)
            except ImportError:
                continue
            original = getattr(module, attr, None)
            if original is None or not callable(original):
                continue
            key = name[0] if name else f"{module_name.rsplit('.', 1)[-1]}.{attr}"
            setattr(module, attr, self._wrap(key, original))
            self.installed.append((module, attr, original))

    def _wrap(self, key: str, original):
        @functools.wraps(original)
        def timed(*args, **kwargs):
            started, cpu = time.perf_counter(), time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[key] = self.seconds.get(key, 0.0) + time.perf_counter() - started
                self.cpu[key] = self.cpu.get(key, 0.0) + time.process_time() - cpu
                self.calls[key] = self.calls.get(key, 0) + 1

        return timed

    def take(self) -> dict:
        out = {
            k: {"seconds": v, "cpu_s": self.cpu[k], "calls": self.calls[k]}
            for k, v in sorted(self.seconds.items())
        }
        self.seconds, self.cpu, self.calls = {}, {}, {}
        return out


class _SocialLog:
    """Catches the social hook's "social cards: N drawn, M from the cache in S CPU-seconds" line."""

    def __init__(self) -> None:
        import logging

        self.records: list[tuple] = []
        handler = logging.Handler(level=logging.INFO)
        handler.emit = lambda record: self.records.append(record.args)  # type: ignore[method-assign]
        logger = logging.getLogger("mkdocs.hooks.social")
        logger.addHandler(handler)
        logging.getLogger("mkdocs").setLevel(logging.INFO)
        self.warnings: list[str] = []
        warn = logging.Handler(level=logging.WARNING)
        warn.emit = lambda record: self.warnings.append(record.getMessage())  # type: ignore
        logging.getLogger("mkdocs").addHandler(warn)

    def take(self) -> dict | None:
        if not self.records:
            return None
        drawn, cached, seconds = self.records[-1][:3]
        self.records.clear()
        return {"drawn": drawn, "cached": cached, "seconds": seconds}


def _run_stage(stage: dict, tree: Path, timers: _Timers, social: _SocialLog | None) -> dict:
    kind = stage["kind"]
    extra: dict[str, Any] = {}
    if kind == "import":
        if stage.get("mode") == "cli":
            from build_data import cli

            with contextlib.redirect_stdout(io.StringIO()):
                code = cli.main(["import", "--raw", stage["raw"], "--data", str(tree / "data")])
            if code:
                raise RuntimeError(f"import exited {code}")
        else:
            from build_data.ingest import importer

            accepted: list[str] = []
            original = importer.guard
            if stage.get("accept_implausible"):
                importer.guard = _accepting(original, accepted)
            try:
                dataset = importer.import_raw(Path(stage["raw"]))
            finally:
                importer.guard = original
            extra["seizure_rows"] = len(dataset.tables["seizures"])
            extra["accepted"] = accepted
    elif kind == "stats":
        from build_data import tidy
        from build_data.analysis import stats

        tables = tidy.read_dataset(tree / "data").tables
        started, cpu = time.perf_counter(), time.process_time()
        result = stats.compute(tables)
        extra["compute_seconds"] = time.perf_counter() - started
        extra["compute_cpu_s"] = time.process_time() - cpu
        extra["seizure_rows"] = len(tables["seizures"])
        extra["force_year_rows"] = len(result.force_year)
    elif kind == "pages":
        from build_data import cli

        # vl-convert draws in the pool's processes, out of reach of the timers: the
        # drawings are counted as the SVGs the build added to its cache.
        before = _svgs_drawn(tree)
        with contextlib.redirect_stdout(io.StringIO()):
            code = cli.main(["pages", "--data", str(tree / "data"), "--docs", str(tree / "docs")])
        if code:
            raise RuntimeError(f"pages exited {code}")
        extra["md_pages"] = count_md(tree / "docs")
        extra["svgs_drawn"] = _svgs_drawn(tree) - before
    elif kind == "mkdocs":
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        config_file = tree / stage.get("config", "mkdocs.yml")
        config = load_config(config_file=str(config_file), strict=stage.get("strict", True))
        build(config)
        extra["social"] = social.take() if social else None
        extra.update(site_stats(Path(config["site_dir"])))
    else:
        raise ValueError(f"unknown stage {kind}")
    return extra


def _accepting(original: Callable[..., list], accepted: list[str]) -> Callable[..., list]:
    """The import's plausibility guard, accepting what it finds, as `--accept` would.

    Synthetic tables trip it (clones of a force above England and Wales's total, jumps
    where repeated years meet). `accepted` collects the names.
    """
    from build_data.ingest.plausibility import findings

    def guard(parsed, disagreements, previous, national, known, accept=()) -> list:
        found = [f.name for f in findings(parsed, disagreements, previous, national, known)]
        accepted.extend(found)
        return original(parsed, disagreements, previous, national, known, [*accept, *found])

    return guard


def _svgs_drawn(tree: Path) -> int:
    return sum(1 for _ in (tree / "build" / "charts").glob("*.svg"))


def _cpu() -> float:
    """CPU seconds of this process and of the children it has waited for: the build's
    drawing pool, whose processes end when the stage closes it."""
    times = os.times()
    return time.process_time() + times.children_user + times.children_system


def worker(spec: dict) -> dict:
    """Run the stages of `spec` in this process; each `repeat` times (first cold)."""
    spawned = spec["spawned"]
    result: dict[str, Any] = {"startup_s": time.time() - spawned, "stages": []}
    if spec.get("patch"):
        _patch_reference(json.loads(Path(spec["patch"]).read_text()))
    tree = Path(spec["tree"])
    os.chdir(tree)
    started = time.perf_counter()
    timers = _Timers()
    timers.install({s["kind"] for s in spec["stages"]})
    social = _SocialLog() if any(s["kind"] == "mkdocs" for s in spec["stages"]) else None
    result["imports_s"] = time.perf_counter() - started
    for stage in spec["stages"]:
        calls = []
        for number in range(stage.get("repeat", 1)):
            if number == 0:
                for folder in stage.get("clear", []):
                    shutil.rmtree(tree / folder, ignore_errors=True)
            peak_reset = _reset_peak()
            rss = _status("VmRSS")
            t0, cpu0 = time.perf_counter(), _cpu()
            extra = _run_stage(stage, tree, timers, social)
            seconds = time.perf_counter() - t0
            cpu = _cpu() - cpu0
            calls.append(
                {
                    "seconds": seconds,
                    "cpu_s": cpu,  # all threads, and the drawing processes it started
                    "wall_since_spawn_s": time.time() - spawned,
                    "rss_start_mb": rss / 1024 if rss else None,
                    "peak_rss_mb": (_status("VmHWM") or 0) / 1024,
                    "peak_is_per_stage": peak_reset,
                    "timers": timers.take(),
                    **extra,
                }
            )
        result["stages"].append(
            {"kind": stage["kind"], "label": stage.get("label"), "calls": calls}
        )
    if social and social.warnings:
        result["warnings"] = social.warnings[:20]
    return result


def run_worker(tree: Path, stages: list[dict], patch: Path | None = None, timeout: int = 900):
    """Run a worker in a fresh interpreter, in `tree` (so its own copy of build_data runs)."""
    spec = {"tree": str(tree), "stages": stages, "patch": str(patch) if patch else None}
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONPATH", None)
    spec["spawned"] = time.time()
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "_worker", json.dumps(spec)],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    wall = time.time() - spec["spawned"]
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(RESULT_TAG):
            out = json.loads(line[len(RESULT_TAG) :])
            out["process_wall_s"] = wall
            return out
    raise RuntimeError(
        f"worker failed (exit {proc.returncode}) for {[s['kind'] for s in stages]}:\n"
        f"{proc.stderr[-4000:]}"
    )
