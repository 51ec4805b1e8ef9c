"""`python -m bench`: measure, write bench/results.md and results.json, exit 1 if a budget fails.

`python -m bench _worker SPEC` is the worker (bench/worker.py), run by the bench itself.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import bench
from bench.config import (
    BUDGETS,
    OUT_DEFAULT,
    PAGE_TYPES,
    PHONE_WIDTH,
    RAW_DEFAULT,
    RESULT_TAG,
    ROOT,
)
from bench.lighthouse import measure_phone
from bench.measure import _base_scale, cli_check, machine, measure_scale, measure_stages
from bench.report import findings, render_markdown
from bench.stats import evaluate_budgets, failed, growth_table, load_average
from bench.weight import heaviest, page_weight
from bench.worker import worker


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=bench.__doc__.split("\n")[0]
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per stage (median reported)")
    parser.add_argument("--raw", default=str(RAW_DEFAULT), help="folder of raw published tables")
    parser.add_argument("--out", default=str(OUT_DEFAULT), help="where results.md/.json go")
    parser.add_argument(
        "--forces",
        type=int,
        nargs="+",
        default=[3, 10],
        help="forces scales for growth (10 takes about three minutes)",
    )
    parser.add_argument("--years", type=int, default=3, help="years scale for growth")
    parser.add_argument("--skip-growth", action="store_true")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--skip-check", action="store_true", help="skip the real-command check")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--only",
        choices=["lighthouse"],
        help="only the phone reader: Lighthouse and chart text on the built site/ "
        "(run `make site` first); updates that section of results.md",
    )
    parser.add_argument("--site", default=str(ROOT / "site"), help="the built site (--only)")
    return parser


def _growth(raw: Path, tmp: Path, args: argparse.Namespace, stages: dict, say) -> dict:
    """Every synthetic scale asked for, against the real site; a scale that fails is a note."""
    scales = [_base_scale(stages)]
    notes = []
    for label, forces, years in (
        *((f"forces ×{n}", n, 1) for n in args.forces),
        (f"years ×{args.years}", 1, args.years),
    ):
        if forces == 1 and years == 1:
            continue
        try:
            scales.append(measure_scale(raw, tmp, label, forces, years, say))
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            notes.append(f"{label}: not measured: {str(exc)[-600:]}")
    return {"scales": scales, "rows": growth_table(scales), "notes": notes}


def _weigh(site: Path, say) -> dict:
    say("page weight: headless Chromium")
    pages = dict(PAGE_TYPES)
    heavy = heaviest(site, "forces")
    if heavy and heavy != pages["force"]:
        pages["force (heaviest)"] = heavy
    return page_weight(site, pages)


def argv_text(args: argparse.Namespace) -> str:
    return "python -m bench" + (f" --only {args.only}" if args.only else "")


def _phone(site: Path, command: str, say) -> dict:
    """The phone reader's measures, with the commit and load they were taken at."""
    m = machine()
    phone = measure_phone(site, say)
    phone.update(
        measured_at=m["measured_at"],
        commit=m["commit"],
        uncommitted_files=m["uncommitted_files"],
        load_before=load_average(),
        command=command,
        width=PHONE_WIDTH,
    )
    return phone


def _only_phone(args: argparse.Namespace, out: Path, say) -> int:
    """Lighthouse and chart text on the built site; the rest of results.json is kept."""
    site = Path(args.site)
    if not (site / "index.html").is_file():
        raise SystemExit(f"no built site at {site}: run `make site` first")
    path = out / "results.json"
    results = json.loads(path.read_text()) if path.is_file() else None
    phone = _phone(site, argv_text(args), say)
    if results is not None:
        results["phone"] = phone
        path.write_text(json.dumps(results, indent=2, default=str) + "\n")
        (out / "results.md").write_text(render_markdown(results))
        print(f"wrote the phone section of {out / 'results.md'} and {path}")
    for b in phone["budgets"]:
        print(
            f"budget {b['name']}: {b['measured']} ({b['sense']} {b['limit']:g}): "
            f"{'pass' if b['ok'] else 'FAIL'}"
        )
    return 0 if all(b["ok"] for b in phone["budgets"]) else 1


def _measure(results: dict, raw: Path, tmp: Path, args: argparse.Namespace, say) -> None:
    """Everything the bench measures, into `results`; then the budgets and findings."""
    results["stages"] = measure_stages(raw, tmp, args.runs, say)
    if not args.skip_check:
        results["cli_check"] = cli_check(raw, tmp, say)
    site = Path(results["stages"]["trees"][0]) / "site"
    if not args.skip_growth:
        results["growth"] = _growth(raw, tmp, args, results["stages"], say)
    if not args.skip_browser:
        results["page_weight"] = _weigh(site, say)
        results["phone"] = _phone(site, argv_text(args), say)
    force_kb = None
    if results.get("page_weight"):
        force_kb = max(
            page["without_chart_scripts"]["compressed_kb"]
            for name, page in results["page_weight"].items()
            if name.startswith("force")
        )
    full = results["stages"]["full_build"]["import_pages_mkdocs_cold_s"]
    results["budgets"] = evaluate_budgets(force_kb, full)
    results["findings"] = findings(results)


def _write(results: dict, out: Path) -> None:
    """results.json and results.md, and a summary on the console."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    (out / "results.md").write_text(render_markdown(results))
    for b in results["budgets"]:
        measured = "not measured" if b["measured"] is None else f"{b['measured']:.1f} {b['unit']}"
        print(f"budget {b['name']}: {measured} (limit {b['limit']:g} {b['unit']}): {b['status']}")
    for row in results.get("growth", {}).get("rows", []):
        if row["superlinear"]:
            print(
                f"grows faster than linearly: {row['stage']} ({row['when']}, {row['scale']}): "
                f"{row['basis']} time {row['time_ratio']:.2f}x for {row['page_ratio']:.2f}x "
                f"pages, {row['row_ratio']:.2f}x rows"
            )
    print(f"wrote {out / 'results.md'} and {out / 'results.json'}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_worker"]:
        result = worker(json.loads(argv[1]))
        print(RESULT_TAG + json.dumps(result, default=str), flush=True)
        return 0
    args = _parser().parse_args(argv)
    raw, out = Path(args.raw), Path(args.out)
    started = time.perf_counter()

    def say(message: str) -> None:
        print(f"[bench {time.perf_counter() - started:5.0f} s] {message}", flush=True)

    if args.only == "lighthouse":
        return _only_phone(args, out, say)

    tmp = Path(tempfile.mkdtemp(prefix="drug-seizures-bench-"))
    results: dict[str, Any] = {"machine": machine(), "budgets_config": BUDGETS}
    results["machine"]["load_average_before"] = load_average()
    results["command"] = "python -m bench " + " ".join(argv)
    try:
        _measure(results, raw, tmp, args, say)
    finally:
        if args.keep:
            say(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    results["bench_seconds"] = time.perf_counter() - started
    results["machine"]["load_average_after"] = load_average()
    results["stages"].pop("trees", None)
    _write(results, out)
    phone_ok = all(b["ok"] for b in results.get("phone", {}).get("budgets", []))
    return 1 if failed(results["budgets"]) or not phone_ok else 0
