"""Temporary work trees: a copy of the project to build in, and the plain baseline site."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.config import COPY_EXCLUDE, GENERATED_DOCS
from bench.stats import gzip_size, strip_charts_and_card


def copy_tree(source: Path, target: Path) -> Path:
    """The work tree as it is now, minus .git, .venv, site/, build/ and generated pages."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        skip = {n for n in names if n in COPY_EXCLUDE}
        rel = Path(folder).resolve().relative_to(source.resolve())
        if rel == Path("bench"):  # the benchmark's code, not its results
            skip |= {n for n in names if not (n.endswith(".py") or n == "templates")}
        for generated in GENERATED_DOCS:
            parts = Path("docs", generated)
            if rel == parts.parent and parts.name in names:
                skip.add(parts.name)
        return skip

    shutil.copytree(source, target, ignore=ignore, symlinks=True)
    return target


def make_baseline(tree: Path) -> Path:
    """bench-baseline.yml + baseline-docs/: the same site as plain Markdown pages.

    Same theme, overrides, Markdown extensions, search plugin and nav hook;
    no social-card hook and no chart script. Every page of docs/ (generated
    ones included) at the same path, with chart figures and card front matter
    removed; downloads and other files copied, so every link still resolves.
    """
    import yaml

    docs, base = tree / "docs", tree / "baseline-docs"
    if base.exists():
        shutil.rmtree(base)
    skip = {"assets/generated"}
    for path in sorted(docs.rglob("*")):
        rel = path.relative_to(docs)
        if any(str(rel).startswith(s) for s in skip) or path.is_dir():
            continue
        if str(rel) == "assets/javascripts/charts.js":
            continue
        dest = base / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".md":
            dest.write_text(strip_charts_and_card(path.read_text(encoding="utf-8")))
        else:
            shutil.copyfile(path, dest)
    # MkDocs' own loader: mkdocs.yml takes site_url from the environment (!ENV).
    from mkdocs.utils.yaml import yaml_load

    config = yaml_load((tree / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = "baseline-docs"
    config["site_dir"] = "baseline-site"
    config["hooks"] = [h for h in config.get("hooks", []) if "social" not in h]
    config.pop("extra_javascript", None)
    path = tree / "bench-baseline.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    return path


def site_stats(site: Path) -> dict:
    html = [p for p in site.rglob("*.html") if p.name != "404.html"]
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    index = site / "search" / "search_index.json"
    return {
        "html_pages": len(html),
        "site_bytes": total,
        "html_bytes": sum(p.stat().st_size for p in html),
        "search_index_bytes": index.stat().st_size if index.exists() else None,
        "search_index_gzip": gzip_size(index.read_bytes()) if index.exists() else None,
    }


def count_md(docs: Path) -> int:
    return sum(1 for p in docs.rglob("*.md") if "force-notes" not in p.parts)
