"""Editions: each edition's "What changed" page and the record its hook and feed read.

An edition is the site built for one yearly publication, named by its newest year
("2018-19") and published under its own path by `python -m build_data edition`
(build_data/publish.py, with mike). What changed is measured against the previous
edition *as it was published*: publish.py reads that edition's tidy tables
(`<edition>/data/all/*.csv`) and every earlier edition's `edition.json` from the
gh-pages branch into build/editions/. Without that folder (`make site`) the page
compares the newest year with the year before and says no earlier edition was read.

Written here: docs/what-changed.md (a page of the edition) and build/edition.json
(read by build_data/hooks/editions.py, which writes the Atom feed and publishes the
record as <edition>/edition.json for the editions after it).
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import jinja2
import pandas as pd
import yaml

from build_data.analysis import breaks as series_breaks
from build_data.analysis import narrative
from build_data.analysis.stats import Stats
from build_data.reference import DRUG_BY_KEY, FORCE_BY_SLUG

# The feed and its addresses live apart, for the hook to import without pandas.
from build_data.render.feed import RECORD

PAGE = "what-changed.md"
INPUT = Path("editions")  # under build/: written by publish.py from the gh-pages branch
METHOD_RECORD = Path("references") / "editions.yaml"  # hand-written, beside docs/
EPOCH = "1970-01-01T00:00:00+00:00"
# The previous edition's published tables read here (from its data/all/): its figures,
# for revisions, and what its break rule flagged (build_data/analysis/breaks.py),
# computed again from its own tables the same way, since no flag table is published.
PREVIOUS_TABLES = ("seizures.csv", "england_and_wales.csv")


@dataclass(frozen=True)
class Previous:
    """The edition before this one, as published."""

    edition: str
    seizures: pd.DataFrame  # its data/all/seizures.csv
    breaks: pd.DataFrame | None  # its flagged force-years; None without its national table


def national_movements(stats: Stats, year: str, drugs: list[str]) -> pd.DataFrame:
    """England and Wales police seizures of each drug: the year before, this year, change."""
    national = stats.national.pivot(index="drug", columns="year", values="territorial_police")
    before_year = _year_before(stats, year)
    rows = [
        {
            "drug": drug,
            "label": DRUG_BY_KEY[drug].label,
            "before": national.at[drug, before_year] if before_year else pd.NA,
            "after": national.at[drug, year],
        }
        for drug in drugs
        if drug in national.index and year in national.columns
    ]
    frame = pd.DataFrame(rows, columns=["drug", "label", "before", "after"])
    frame["change"] = frame["after"] - frame["before"]
    return frame


def force_movements(stats: Stats, year: str) -> pd.DataFrame:
    """Every force's seizures of any drug this year and its change, largest change first."""
    fy = stats.force_year
    rows = fy[(fy["year"] == year) & (fy["drug"] == "all-drugs")]
    frame = pd.DataFrame(
        {
            "force": rows["force"],
            "name": rows["force"].map(lambda f: FORCE_BY_SLUG[f].name),
            "before": rows["previous"],
            "after": rows["seizures"],
            "change": rows["change"],
        }
    )
    order = frame["change"].abs().astype("Float64").fillna(-1)
    return frame.assign(order=order).sort_values(["order", "name"], ascending=[False, True])


def revisions(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Every figure the previous edition published that this edition's tables changed."""
    merged = before.merge(after, on=["year", "force", "drug"], suffixes=("_before", "_after"))
    b, a = merged["seizures_before"], merged["seizures_after"]
    changed = (b.isna() != a.isna()) | (b.notna() & a.notna() & (b != a))
    out = merged[changed.fillna(False)].rename(
        columns={"seizures_before": "before", "seizures_after": "after"}
    )
    out = out.assign(
        name=out["force"].map(lambda f: FORCE_BY_SLUG[f].name),
        label=out["drug"].map(lambda d: DRUG_BY_KEY[d].label),
    )
    return out.sort_values(["year", "name", "drug"]).reset_index(drop=True)


def break_changes(before: pd.DataFrame | None, after: pd.DataFrame) -> dict:
    """Force-years the break rule flags now and not in the previous edition, and the reverse.

    Revised figures, and a new year, can make or unmake a break; ``before`` is None when
    no earlier edition's flags could be computed (then only this edition's count is given).
    """
    now = series_breaks.flagged(after)
    if before is None:
        return {"now": len(now), "before": None, "min_base": series_breaks.MIN_BASE}
    then = series_breaks.flagged(before)

    def listed(table: pd.DataFrame, pairs: set[tuple[str, str]]) -> pd.DataFrame:
        keep = [(f, y) in pairs for f, y in zip(table["force"], table["year"], strict=True)]
        rows = table[keep]
        rows = rows.assign(name=rows["force"].map(lambda f: FORCE_BY_SLUG[f].name))
        return rows.sort_values(["year", "name", "kind"], ignore_index=True)

    return {
        "now": len(now),
        "before": len(then),
        "flagged": listed(after, now - then),
        "unflagged": listed(before, then - now),
        "min_base": series_breaks.MIN_BASE,
    }


def _year_before(stats: Stats, year: str) -> str | None:
    position = stats.years.index(year)
    return stats.years[position - 1] if position else None


def headline(stats: Stats, year: str) -> str:
    """The edition's headline sentence: the home page's first sentence."""
    paragraphs = narrative.drug_paragraph(stats, "all-drugs", year)
    text = paragraphs[0] if paragraphs else ""
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def context(
    stats: Stats,
    previous: Previous | None,
    method: list[str],
    drugs: list[str],
) -> dict:
    """Everything the "What changed" page says, from the tables and the previous edition."""
    year = stats.latest
    current = stats.force_year[["year", "force", "drug", "seizures"]]
    revised = revisions(previous.seizures, current) if previous is not None else pd.DataFrame()
    movements = force_movements(stats, year)
    revised_forces = set(revised["force"]) if len(revised) else set()
    return {
        "edition": year,
        "year_before": _year_before(stats, year),
        "previous": previous.edition if previous else None,
        "headline": headline(stats, year),
        "national": national_movements(stats, year, ["all-drugs", *drugs]),
        "movers": movements.dropna(subset=["change"]).head(10),
        "forces": movements.sort_values("name"),
        "revised": revised,
        "revised_forces": revised_forces,
        "breaks": break_changes(previous.breaks if previous else None, stats.breaks),
        "method": method,
    }


def read_previous(folder: Path) -> Previous | None:
    """The previous edition, as publish.py copied it from the gh-pages branch."""
    meta = folder / "previous.json"
    if not meta.is_file():
        return None
    seizures = _read_table(folder / "previous" / "seizures.csv")
    seizures["seizures"] = seizures["seizures"].astype("Int64")
    national = folder / "previous" / "england_and_wales.csv"
    flagged = series_breaks.breaks(seizures, _read_table(national)) if national.is_file() else None
    edition = json.loads(meta.read_text())["edition"]
    return Previous(edition, seizures, flagged)


def _read_table(path: Path) -> pd.DataFrame:
    """A published tidy table, read as build_data.tidy reads data/ (blank is missing)."""
    return pd.read_csv(path, dtype={"year": str}, keep_default_na=False, na_values=[""])


def method_changes(root: Path, edition: str) -> list[str]:
    """Hand-written changes in method for this edition (references/editions.yaml)."""
    path = root / METHOD_RECORD
    record = yaml.safe_load(path.read_text()) if path.is_file() else None
    entry = (record or {}).get(edition) or {}
    return [str(item) for item in entry.get("method") or []]


def commit_date(root: Path) -> str:
    """The checked-out commit's date: a build's date that the same commit always repeats."""
    done = subprocess.run(
        ["git", "log", "-1", "--format=%cI"], cwd=root, capture_output=True, text=True
    )
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else EPOCH


def record(page: dict, inputs: Path, root: Path) -> dict:
    """build/edition.json: this edition, the earlier ones (for the feed) and its dates."""
    history_file, dates_file = inputs / "history.json", inputs / "dates.json"
    history = json.loads(history_file.read_text()) if history_file.is_file() else []
    updated = commit_date(root)
    dates = json.loads(dates_file.read_text()) if dates_file.is_file() else {}
    return {
        "edition": page["edition"],
        "headline": page["headline"],
        "published": dates.get("published", updated),
        "updated": dates.get("updated", updated),
        "previous": page["previous"],
        "forces_changed": sorted(page["revised_forces"]),
        "forces": sorted(page["forces"]["force"]),
        "earlier": [e for e in history if e["edition"] != page["edition"]],
    }


def build(
    stats: Stats, docs: Path, build_dir: Path, env: jinja2.Environment, drugs: list[str]
) -> list[Path]:
    """Write docs/what-changed.md and build/edition.json. Returns the files written."""
    root = docs.parent
    inputs = build_dir / INPUT
    page = context(
        stats,
        read_previous(inputs),
        method_changes(root, stats.latest),
        drugs,
    )
    path = docs / PAGE
    path.write_text(env.get_template("what_changed.md.j2").render(**page))
    build_dir.mkdir(parents=True, exist_ok=True)
    out = build_dir / RECORD
    out.write_text(json.dumps(record(page, inputs, root), indent=2) + "\n")
    return [path, out]


def add_to_nav(entries: list) -> list:
    """The navigation with this edition's "What changed" page before the About pages."""
    return [*entries[:-1], {"What changed": PAGE}, entries[-1]]
