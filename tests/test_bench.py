"""The benchmark's pure helpers: growth ratios, budgets, synthetic inputs. No timings here."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from bench import config, report, stats, synthetic, trees, worker

# ---------------------------------------------------------------- growth


def test_linear_growth_is_not_flagged():
    g = stats.growth(2.0, 20.0, 72, 720, 1000, 10_000)
    assert g["time_ratio"] == pytest.approx(10)
    assert g["per_page"] == pytest.approx(1)
    assert g["per_row"] == pytest.approx(1)
    assert not g["superlinear"]
    assert not g["faster_than_pages"]


def test_quadratic_growth_is_flagged():
    g = stats.growth(2.0, 200.0, 72, 720, 1000, 10_000)
    assert g["per_page"] == pytest.approx(10)
    assert g["superlinear"]
    assert g["faster_than_pages"]


def test_linear_in_rows_is_not_superlinear_when_pages_grow_less():
    # 10 times the rows, 6.6 times the pages, 10 times the time: linear in the input.
    g = stats.growth(1.0, 10.0, 72, 475, 1000, 10_000)
    assert g["per_page"] == pytest.approx(10 / (475 / 72))
    assert g["faster_than_pages"]
    assert not g["superlinear"]


def test_same_pages_more_rows_compares_with_rows():
    # Three times the years: no new pages, so only the rows count.
    linear = stats.growth(1.0, 3.0, 72, 72, 1000, 3000)
    assert linear["page_ratio"] == pytest.approx(1)
    assert not linear["superlinear"]
    assert not linear["faster_than_pages"]
    worse = stats.growth(1.0, 9.0, 72, 72, 1000, 3000)
    assert worse["per_row"] == pytest.approx(3)
    assert worse["superlinear"]


def test_growth_at_the_limit_is_not_flagged():
    assert not stats.growth(1.0, 15.0, 10, 100, 10, 100, limit=1.5)["superlinear"]
    assert stats.growth(1.0, 15.1, 10, 100, 10, 100, limit=1.5)["superlinear"]


def test_growth_with_a_missing_time():
    g = stats.growth(None, 3.0, 72, 720, 1000, 10_000)
    assert g["time_ratio"] is None
    assert g["per_page"] is None
    assert not g["superlinear"]


def test_median_and_ratio():
    assert stats.median([3.0, 1.0, 2.0]) == 2.0
    assert stats.median([1.0, None, 3.0]) == 2.0
    assert stats.median([]) is None
    assert stats.ratio(6, 3) == 2
    assert stats.ratio(6, 0) is None
    assert stats.ratio(None, 3) is None


# ---------------------------------------------------------------- budgets


def test_budgets_pass_and_fail():
    ok = stats.evaluate_budgets(149.9, 20.9)
    assert [b["status"] for b in ok] == ["pass", "pass"]
    assert stats.failed(ok) == []
    over = stats.evaluate_budgets(150.0, 21.0)
    assert [b["status"] for b in over] == ["fail", "fail"]
    assert [b["name"] for b in stats.failed(over)] == ["force page first view", "full build"]


def test_a_budget_not_measured_is_neither_pass_nor_fail():
    budgets = stats.evaluate_budgets(None, 10.0)
    assert budgets[0]["status"] == "not measured"
    assert stats.failed(budgets) == []


# ---------------------------------------------------------------- page weight helpers


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("text/html; charset=utf-8", True),
        ("text/javascript", True),
        ("application/json", True),
        ("image/svg+xml", True),
        ("image/png", False),
        ("application/zip", False),
        ("application/octet-stream", False),
    ],
)
def test_compressible(kind, expected):
    assert stats.compressible(kind) is expected


def test_chart_scripts_pattern():
    assert config.CHART_SCRIPTS.search("http://127.0.0.1:1/assets/generated/vega-bundle.js")
    assert config.CHART_SCRIPTS.search("http://127.0.0.1:1/assets/javascripts/charts.js?v=1")
    assert not config.CHART_SCRIPTS.search("http://127.0.0.1:1/assets/javascripts/bundle.1.min.js")


def test_gzip_size_is_smaller_for_repetitive_text():
    text = b"<p>seizures</p>" * 1000
    assert stats.gzip_size(text) < len(text) / 10


def test_strip_charts_and_card():
    page = (
        "---\ntitle: Kent\ndescription: Kent seized.\ncard:\n  eyebrow: x\n  figure: '1'\n"
        "---\n# Kent\n\nText.\n\n"
        '<figure class="chart" id="chart-a" markdown="0">\n<svg></svg>\n</figure>\n'
        "\n| a | b |\n|--|--|\n| 1 | 2 |\n"
    )
    out = stats.strip_charts_and_card(page)
    assert out.startswith("---\ntitle: Kent\ndescription: Kent seized.\n---\n")
    assert "card:" not in out and "eyebrow" not in out
    assert "<figure" not in out and "<svg" not in out
    assert "Text." in out and "| 1 | 2 |" in out


# ---------------------------------------------------------------- synthetic inputs


def test_clones_have_new_slugs_names_and_codes():
    kent = {"slug": "kent", "code": "E23000032", "name": "Kent", "region": "South East"}
    kent |= {"kind": "territorial", "aliases": []}
    clone = synthetic.clone_force(kent, 1)
    assert clone["slug"] == "kent-b" and clone["name"] == "Kent B"
    assert clone["code"] == "E90100032"
    assert re.fullmatch(r"[EW]\d{8}", clone["code"])
    assert clone["region"] == "South East" and clone["kind"] == "territorial"
    assert synthetic.clone_code("", 3) == ""
    # District codes (E06.., E07.., W06..) never meet a clone's (E9.., W9..).
    assert synthetic.clone_code("E07000144", 2).startswith("E902")


def test_scaled_forces_keeps_each_force_with_its_clones():
    forces = synthetic.forces_as_dicts()
    scaled = synthetic.scaled_forces(forces, 10)
    assert len(scaled) == 10 * len(forces)
    slugs = [f["slug"] for f in scaled]
    assert len(set(slugs)) == len(slugs)
    codes = [f["code"] for f in scaled if f["code"]]
    assert len(set(codes)) == len(codes)
    assert slugs[:10] == ["cleveland", *(f"cleveland-{c}" for c in "bcdefghij")]
    with pytest.raises(ValueError):
        synthetic.scaled_forces(forces, 0)


def _tiny_tables() -> dict[str, pd.DataFrame]:
    seizures = pd.DataFrame(
        {
            "year": ["2017-18", "2018-19", "2017-18", "2018-19"],
            "force": ["kent", "kent", "surrey", "surrey"],
            "drug": ["all-drugs"] * 4,
            "seizures": pd.array([100, 200, None, 50], dtype="Int64"),
        }
    )
    quantities = pd.DataFrame(
        {
            "year": ["2018-19"],
            "force": ["kent"],
            "drug": ["cocaine"],
            "quantity": [1.5],
            "unit": ["kg"],
        }
    )
    population = pd.DataFrame(
        {
            "area": ["kent", "kent", "surrey", "kent"],
            "year": [2017, 2018, 2018, 2020],
            "population": pd.array([1000, 1100, 500, 1200], dtype="Int64"),
        }
    )
    forces = pd.DataFrame(
        {
            "force": ["kent", "surrey"],
            "code": ["E23000032", "E23000031"],
            "name": ["Kent", "Surrey"],
            "region": ["South East"] * 2,
            "country": ["England"] * 2,
            "kind": ["territorial"] * 2,
            "local_authorities": ["", ""],
        }
    )
    national = pd.DataFrame(
        {
            "year": ["2017-18", "2018-19"],
            "drug": ["all-drugs"] * 2,
            "total": pd.array([10, 20], dtype="Int64"),
            "border_force": pd.array([1, 2], dtype="Int64"),
            "police": pd.array([9, 18], dtype="Int64"),
            "british_transport_police": pd.array([1, 1], dtype="Int64"),
            "territorial_police": pd.array([8, 17], dtype="Int64"),
            "source": ["x", "x"],
        }
    )
    national_q = pd.DataFrame(
        {
            "year": ["2018-19"],
            "drug": ["cocaine"],
            "unit": ["kg"],
            "total": [2.0],
            "border_force": [1.0],
            "police": [1.0],
        }
    )
    classes = pd.DataFrame({"year": ["2018-19"], "drug": ["cocaine"], "drug_class": ["A"]})
    return {
        "forces": forces,
        "seizures": seizures,
        "quantities": quantities,
        "drug_classes": classes,
        "england_and_wales": national,
        "england_and_wales_quantities": national_q,
        "population": population,
        "source_checks": pd.DataFrame(columns=["year", "force"]),
    }


def _forces(tables):
    return [
        {"slug": r.force, "code": r.code, "name": r.name, "region": r.region, "kind": r.kind}
        | {"aliases": []}
        for r in tables["forces"].itertuples()
    ]


def test_scale_forces_clones_rows_and_scales_figures():
    tables = _tiny_tables()
    out = synthetic.scale_forces(tables, _forces(tables), 3)
    assert out["forces"]["force"].tolist() == [
        "kent",
        "kent-b",
        "kent-c",
        "surrey",
        "surrey-b",
        "surrey-c",
    ]
    assert len(out["seizures"]) == 3 * len(tables["seizures"])
    kent_b = out["seizures"][out["seizures"]["force"] == "kent-b"]
    factor = synthetic.figure_factor(1)
    assert kent_b["seizures"].tolist() == [round(100 * factor), round(200 * factor)]
    # Not published stays not published.
    surrey_c = out["seizures"][out["seizures"]["force"] == "surrey-c"]
    assert surrey_c["seizures"].isna().tolist() == [True, False]
    pop = out["population"][out["population"]["area"] == "kent-c"]
    assert pop["population"].tolist() == [
        round(v * synthetic.population_factor(2)) for v in (1000, 1100, 1200)
    ]
    assert out["forces"].set_index("force").loc["kent-b", "code"] == "E90100032"
    # National tables are left as published.
    assert out["england_and_wales"].equals(tables["england_and_wales"])


def test_scale_years_shifts_the_series_later():
    tables = _tiny_tables()
    out = synthetic.scale_years(tables, 3)
    years = sorted(out["seizures"]["year"].unique())
    assert years == ["2017-18", "2018-19", "2019-20", "2020-21", "2021-22", "2022-23"]
    shifted = out["seizures"][(out["seizures"]["year"] == "2020-21")]
    assert shifted["seizures"].tolist()[0] == round(200 * 1.12)
    national = out["england_and_wales"]
    assert sorted(national["year"]) == years
    assert out["drug_classes"]["year"].tolist() == ["2018-19", "2020-21", "2022-23"]
    # Populations: the real years kept, the shifted ones derived from them (2020 replaced).
    pop = out["population"][out["population"]["area"] == "kent"].sort_values("year")
    assert pop["year"].tolist() == [2017, 2018, 2019, 2020, 2021, 2022]
    assert pop.set_index("year").loc[2020, "population"] == round(1100 * 1.02)


def test_shift_year():
    assert synthetic.shift_year("2009-10", 10) == "2019-20"
    assert synthetic.shift_year("2089-90", 10) == "2099-00"


def test_times_cell_keeps_blanks_and_markers():
    assert synthetic._times_cell("12", 3) == "36"
    assert synthetic._times_cell(" 7 ", 2) == "14"
    assert synthetic._times_cell("1.5", 2) == "3.00000"
    assert synthetic._times_cell("", 2) == ""
    assert synthetic._times_cell("..", 2) == ".."


# ---------------------------------------------------------------- growth table


def _figures(cold: float, warm: float | None = None, cpu: float | None = None) -> dict:
    return {
        "cold": cold,
        "warm": warm,
        "cold_cpu": cpu,
        "warm_cpu": None,
        "peak_mb": 100.0,
    }


def _scale(label, forces, years, pages, rows, stages):
    return {
        "label": label,
        "forces_factor": forces,
        "years_factor": years,
        "html_pages": pages,
        "seizure_rows": rows,
        "stages": stages,
    }


def test_growth_table_flags_on_cpu_time_when_measured():
    base = _scale("real", 1, 1, 100, 1000, {"pages": _figures(10.0, 5.0, cpu=10.0)})
    # Wall time rose 9 times (a busy machine), CPU time 3 times: linear on CPU.
    scaled = _scale("forces ×3", 3, 1, 300, 3000, {"pages": _figures(90.0, None, cpu=30.0)})
    rows = stats.growth_table([base, scaled])
    assert len(rows) == 1  # no warm time at scale: no row for it
    row = rows[0]
    assert row["basis"] == "CPU"
    assert row["wall_ratio"] == pytest.approx(9)
    assert row["cpu_ratio"] == pytest.approx(3)
    assert not row["superlinear"]


def test_growth_table_falls_back_to_wall_time():
    base = _scale("real", 1, 1, 100, 1000, {"cards": _figures(1.0, 0.1)})
    scaled = _scale("forces ×3", 3, 1, 300, 3000, {"cards": _figures(9.0, 0.3)})
    rows = {r["when"]: r for r in stats.growth_table([base, scaled])}
    assert rows["cold"]["basis"] == "wall"
    assert rows["cold"]["superlinear"]  # 9 times the time for 3 times everything
    assert not rows["warm"]["superlinear"]


def test_stage_figures_reads_worker_calls():
    def call(seconds, cpu, **extra):
        return {"seconds": seconds, "cpu_s": cpu, "peak_rss_mb": 50.0, "timers": {}, **extra}

    imp = [
        call(2, 2, timers={"importer.import_raw": {"seconds": 1.5, "cpu_s": 1.4, "calls": 1}}),
        call(1, 1, timers={"importer.import_raw": {"seconds": 0.5, "cpu_s": 0.5, "calls": 1}}),
    ]
    stats_calls = [call(1, 1, compute_seconds=0.2, compute_cpu_s=0.2)]
    cards = {"cards.ensure": {"seconds": 1.0, "cpu_s": 0.9, "calls": 72}}
    mkdocs = [
        call(4, 4, social={"seconds": 1.1, "drawn": 72, "cached": 0}, timers=cards),
        call(3, 3, social={"seconds": 0.01, "drawn": 0, "cached": 72}),
    ]
    figures = stats.stage_figures(imp, stats_calls, [call(20, 18)], mkdocs, None)
    assert figures["import"]["cold"] == 1.5 and figures["import"]["warm_cpu"] == 0.5
    assert figures["statistics"]["cold"] == 0.2 and figures["statistics"]["warm"] is None
    assert figures["pages and charts"]["cold_cpu"] == 18
    assert figures["social cards"]["cold"] == 1.1 and figures["social cards"]["cold_cpu"] == 0.9
    assert figures["social cards"]["warm_cpu"] is None
    assert figures["mkdocs build"]["warm"] == 3
    assert figures["baseline mkdocs build"]["cold"] is None
    both = stats.median_figures([figures, figures])
    assert both["import"]["cold"] == 1.5


# ---------------------------------------------------------------- where the bytes go


def test_html_anatomy_counts_chart_parts():
    figure = (
        '<figure class="chart" id="chart-map" markdown="0">'
        '<div class="chart-static" role="img"><svg>' + "<path d='M1 2'/>" * 200 + "</svg></div>"
        '<template class="chart-spec" data-chart="map">{"a": [1, 2, 3]}</template>'
        "<details><summary>Data for this chart</summary><table></table></details>"
        "</figure>"
    )
    html = "<html><body><p>Text.</p>" + figure + "</body></html>"
    anatomy = stats.html_anatomy(html)
    assert anatomy["whole page"]["bytes"] == len(html)
    assert anatomy["all chart figures"]["count"] == 1
    assert anatomy["all chart figures"]["bytes"] == len(figure)
    assert anatomy["the map figure (SVG, spec, table)"]["count"] == 1
    assert anatomy["chart specs (JSON for vega-embed)"]["count"] == 1
    assert anatomy["static chart SVGs"]["count"] == 1
    assert anatomy["chart data tables"]["count"] == 1
    assert 0 < anatomy["all chart figures"]["gzip"] <= anatomy["whole page"]["gzip"]


def test_first_view_parts_sorts_responses_into_kinds():
    resources = [
        {"path": "/forces/kent/", "sent": 50_000, "header_bytes": 200},
        {"path": "/search/search_index.json", "sent": 60_000, "header_bytes": 200},
        {"path": "/assets/javascripts/bundle.abc.min.js", "sent": 30_000, "header_bytes": 200},
        {"path": "/assets/stylesheets/main.abc.min.css", "sent": 20_000, "header_bytes": 200},
        {"path": "/assets/javascripts/workers/search.abc.min.js", "sent": 10_000},
        {"path": "/assets/generated/vega-bundle.js", "sent": 300_000, "header_bytes": 200},
        {"path": "/assets/generated/force-areas.json", "sent": 14_000, "header_bytes": 200},
        {"path": "/assets/generated/figures/map-2018-19-1.json", "sent": 1_000},
        {"path": "/assets/generated/figures/map-2018-19.svg", "sent": 9_000, "header_bytes": 100},
        {"path": "/assets/images/favicon.png", "sent": 2_000, "header_bytes": 100},
    ]
    parts = stats.first_view_parts(resources, "/forces/kent/")
    assert parts["the page's HTML"] == 50_200
    assert parts["search index"] == 60_200
    assert parts["Material JavaScript and CSS"] == 50_400
    assert parts["Material search worker"] == 10_000
    assert parts["chart scripts"] == 300_200
    assert parts["chart data files"] == 15_200
    assert parts["shared chart images (ranking and map of every force)"] == 9_100
    assert parts["other (favicon, extra.css, ...)"] == 2_100
    assert list(parts)[0] == "chart scripts"  # largest first


# ---------------------------------------------------------------- the report

RESULTS = Path(__file__).resolve().parent.parent / "bench"


def _committed_results() -> dict:
    return json.loads((RESULTS / "results.json").read_text(encoding="utf-8"))


def test_report_renders_the_committed_results_as_committed():
    # bench/results.md is written from the same results by the same template.
    markdown = report.render_markdown(_committed_results())
    assert markdown == (RESULTS / "results.md").read_text(encoding="utf-8")


def test_report_sections_follow_the_results():
    results = _committed_results()
    results["budgets"] = stats.evaluate_budgets(None, 99.0)
    results["budget_notes"] = ["A note on the budgets."]
    del results["growth"], results["page_weight"], results["cli_check"]
    markdown = report.render_markdown(results)
    assert "| force page first view: " in markdown and "| – | **not measured** |" in markdown
    assert "| 21 s | 99.0 s | **fail** |" in markdown
    assert "\n\nA note on the budgets.\n" in markdown
    assert "## Growth" not in markdown and "## Page weight" not in markdown
    assert "cross-check" not in markdown
    runs = results["stages"]["full_build"]["runs"]
    assert f"## Build time by stage (median of {runs} runs, seconds)" in markdown
    assert markdown.endswith("See the docstring of bench/__init__.py.\n")


def test_findings_say_what_the_force_page_and_the_build_cost():
    results = _committed_results()
    results["budgets"] = stats.evaluate_budgets(999.0, 999.0)
    results["budgets"] = [b | {"limit": 1.0, "status": "fail"} for b in results["budgets"]]
    page_text, build_text = report.findings(results)
    forces = {k: v for k, v in results["page_weight"].items() if k.startswith("force")}
    name, page = max(forces.items(), key=lambda kv: kv[1]["without_chart_scripts"]["compressed_kb"])
    view = page["without_chart_scripts"]
    assert page_text.startswith(
        f"**What the force page's {view['compressed_kb']:.1f} KB are** ({name}, `{page['path']}`"
    )
    for kind, sent in view["parts"].items():
        assert f"{kind} {sent / 1000:.1f} KB" in page_text
    assert page_text.endswith(" (Material's files, the search index and the page).")
    assert "\n" not in page_text
    cold = {k: v["cold"] for k, v in results["stages"]["stages"].items() if v.get("cold")}
    assert (
        build_text
        == "**What the full build's time is**: cold stage times: "
        + ", ".join(f"{k} {v:.1f} s" for k, v in cold.items())
        + "."
    )


# ---------------------------------------------------------------- work trees and the worker


def test_no_bench_module_imports_build_data():
    # A worker patches build_data.reference before anything else of build_data is loaded.
    code = (
        "import sys, bench.cli, bench.measure, bench.report, bench.weight, bench.worker\n"
        "print(sorted(m for m in sys.modules if m.startswith('build_data')))"
    )
    root = RESULTS.parent
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_a_worker_runs_in_a_copy_of_the_tree(tmp_path):
    tree = trees.copy_tree(RESULTS.parent, tmp_path / "tree")
    assert (tree / "bench" / "templates" / "results.md.j2").is_file()
    assert (tree / "bench" / "worker.py").is_file()
    assert not (tree / "bench" / "results.json").exists()
    result = worker.run_worker(tree, [{"kind": "stats", "repeat": 1}], timeout=300)
    (stage,) = result["stages"]
    seizures = pd.read_csv(tree / "data" / "seizures.csv")
    assert stage["kind"] == "stats"
    assert stage["calls"][0]["seizure_rows"] == len(seizures)


# ---------------------------------------------------------------- mutation report


def test_the_mutation_report_is_from_the_code_as_it_is():
    """bench/mutation.md names the fingerprint of the modules and tests it was run on."""
    from bench import mutation

    text = (Path(__file__).resolve().parent.parent / "bench" / "mutation.md").read_text()
    named = re.search(
        r"Fingerprint of the mutated modules and the tests the run used: `(\w+)`", text
    )
    assert named, "bench/mutation.md names no fingerprint: run `make mutation`"
    files = [str(p) for p in mutation.mutated_and_tests()]
    assert any("analysis/stats.py" in f for f in files) and any("test_stats.py" in f for f in files)
    assert named.group(1) == mutation.fingerprint(), (
        "build_data/analysis, the import checks or their tests changed since the last"
        " mutation run: run `make mutation` (bench/mutation.md)"
    )


def test_the_baseline_config_is_the_sites_without_its_cards_and_chart_script(tmp_path):
    """The bench's plain-MkDocs baseline is read with MkDocs' own YAML loader: the
    site's mkdocs.yml takes site_url from the environment (!ENV), which yaml.safe_load
    refuses, and the whole bench stopped there."""
    root = Path(__file__).resolve().parents[1]
    (tmp_path / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text(encoding="utf-8"))
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    baseline = yaml.safe_load(trees.make_baseline(tmp_path).read_text(encoding="utf-8"))
    assert baseline["docs_dir"] == "baseline-docs"
    assert baseline["site_url"].startswith("https://")
    assert not [hook for hook in baseline["hooks"] if "social" in hook]
    assert "extra_javascript" not in baseline
    assert (tmp_path / "baseline-docs" / "index.md").read_text() == "# Home\n"
