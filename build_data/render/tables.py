"""The tables each page shows (and offers as CSV), computed from the statistics.

Pure functions over DataFrames; rounding and rank text are decided here, once,
for the page and its CSV alike.
"""

from __future__ import annotations

import pandas as pd

from build_data.analysis.national import ESTIMATED_YEARS
from build_data.analysis.stats import Stats
from build_data.constants import CITY
from build_data.reference import DRUGS, FORCE_BY_SLUG

# Drugs with per-force figures that get a page, in the order the nav lists them.
PAGE_DRUGS = tuple(
    d.key for d in DRUGS if d.kind in {"drug", "class-total"} and d.key not in {
        "herbal-cannabis", "cannabis-resin", "cannabis-plants"
    }
)  # fmt: skip


def _rank_text(row: pd.Series) -> str:
    """ "3 of 38", or "=18 of 38" where forces tie; the City is ranked among all forces."""
    if not bool(row["compared"]):
        return "–"
    tie = "=" if bool(row["tied"]) else ""
    if row["force"] == CITY:
        return f"{tie}{int(row['rank'])} of {int(row['n_compared'])}"
    return f"{tie}{int(row['rank_excl_city'])} of {int(row['n_compared_excl_city'])}"


def force_year_table(stats: Stats, force: str, year: str) -> pd.DataFrame:
    """The figures a force page shows for one year, one row per drug with a page."""
    rows = stats.force_year[
        (stats.force_year["force"] == force) & (stats.force_year["year"] == year)
    ]
    rows = rows.set_index("drug").reindex(["all-drugs", *PAGE_DRUGS, "unknown"]).reset_index()
    rows = rows[rows["year"].notna()]
    return pd.DataFrame(
        {
            "year": rows["year"],
            "drug": rows["drug"],
            "seizures": rows["seizures"],
            "rate_per_million": rows["rate"].astype("Float64").round(1),
            "rank": rows.apply(_rank_text, axis=1),
            "share_of_known_pct": (rows["share"].astype("Float64") * 100)
            .round(1)
            .where(~rows["drug"].isin(["all-drugs", "unknown"])),
            "change_on_previous_year": rows["change"],
        }
    )


def shares_gap(figures: pd.DataFrame) -> str | None:
    """Why a year with seizures has no drug's share (force_year_table's frame), so the page
    can say so: "no-unknown", the table gives no figure for seizures of unrecorded type;
    "all-unknown", the type was recorded for none. None when shares are there (or no seizures).
    """
    by_drug = figures.set_index("drug")
    total = by_drug["seizures"].get("all-drugs")
    drugs = by_drug.drop(["all-drugs", "unknown"], errors="ignore")
    if pd.isna(total) or total <= 0 or drugs["share_of_known_pct"].notna().any():
        return None
    unknown = by_drug["seizures"].get("unknown")
    if pd.isna(unknown):
        return "no-unknown"
    # Only when the unknown figure is the whole total: shares missing for another reason
    # (every drug's cell blank) must not be put down to an unrecorded type.
    return "all-unknown" if unknown >= total else None


def force_trend_table(stats: Stats, force: str) -> pd.DataFrame:
    rows = stats.force_year[
        (stats.force_year["force"] == force) & (stats.force_year["drug"] == "all-drugs")
    ].sort_values("year")
    national = stats.national[stats.national["drug"] == "all-drugs"].set_index("year")["rate"]
    return pd.DataFrame(
        {
            "year": rows["year"],
            "seizures": rows["seizures"],
            "rate_per_million": rows["rate"].astype("Float64").round(1),
            "england_and_wales_rate_per_million": rows["year"]
            .map(national)
            .astype("Float64")
            .round(1),
            "england_and_wales_estimated": rows["year"].isin(ESTIMATED_YEARS),
            "break_in_series": [stats.flagged(force, y) for y in rows["year"]],
        }
    )


def drug_table(stats: Stats, drug: str, year: str) -> pd.DataFrame:
    """Every force for one drug and year, ranked by rate (highest first, no-rate forces last)."""
    rows = stats.force_year[(stats.force_year["drug"] == drug) & (stats.force_year["year"] == year)]
    return _ranked_table(rows[rows["force"] != "border-force"])


def region_table(stats: Stats, region: str, year: str) -> pd.DataFrame:
    """A region's forces with figures for any drug in one year, ranked as among all forces."""
    fy = stats.force_year
    rows = fy[
        (fy["drug"] == "all-drugs")
        & (fy["year"] == year)
        & fy["force"].map(lambda f: FORCE_BY_SLUG[f].region == region)
    ]
    return _ranked_table(rows)


def _ranks(rows: pd.DataFrame) -> pd.Series:
    # apply() on no rows returns a DataFrame, not a Series.
    return rows.apply(_rank_text, axis=1) if len(rows) else pd.Series(dtype=object)


def _ranked_table(rows: pd.DataFrame) -> pd.DataFrame:
    rows = rows.assign(name=rows["force"].map(lambda f: FORCE_BY_SLUG[f].name))
    rows = rows.sort_values(["rate", "seizures", "name"], ascending=[False, False, True])
    return pd.DataFrame(
        {
            "year": rows["year"],
            "force": rows["force"],
            "name": rows["name"],
            "seizures": rows["seizures"],
            "rate_per_million": rows["rate"].astype("Float64").round(1),
            "rank": _ranks(rows),
            "change_on_previous_year": rows["change"],
        }
    )


def drug_trend_table(stats: Stats, drug: str) -> pd.DataFrame:
    """National and all-forces figures each year, from the first year the drug has a figure."""
    national = stats.national[stats.national["drug"] == drug].set_index("year")
    together = stats.together[stats.together["drug"] == drug].set_index("year")
    first = min([*together.index, *national["territorial_police"].dropna().index])
    years = pd.Index([y for y in stats.years if y >= first], name="year")
    return pd.DataFrame(
        {
            "year": years,
            "england_and_wales_police": national["territorial_police"].reindex(years).to_numpy(),
            "england_and_wales_rate_per_million": national["rate"]
            .reindex(years)
            .astype("Float64")
            .round(1)
            .to_numpy(),
            "england_and_wales_estimated": years.isin(ESTIMATED_YEARS),
            "forces_in_data": together["forces"].reindex(years).to_numpy(),
            "forces_in_data_rate_per_million": together["rate"]
            .reindex(years)
            .astype("Float64")
            .round(1)
            .to_numpy(),
        }
    )
