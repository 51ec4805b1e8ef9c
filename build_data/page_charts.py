"""The charts on each page: which figures they draw, and the sentence that describes them.

Each function picks its rows from the statistics, builds the chart with
`charts`, and renders it with a description that states the key numbers,
so a reader who cannot see the chart still gets what it shows.
"""

from __future__ import annotations

import pandas as pd

from . import charts, narrative
from .reference import DRUG_BY_KEY, FORCE_BY_SLUG
from .stats import CITY, Stats

NATIONAL = "England and Wales police"


def _rate(value: object) -> str:
    return "not published" if pd.isna(value) else f"{float(value):,.1f}"


def _year_rows(stats: Stats, drug: str, year: str) -> pd.DataFrame:
    rows = stats.force_year[(stats.force_year["year"] == year) & (stats.force_year["drug"] == drug)]
    rows = rows[rows["force"].map(lambda f: FORCE_BY_SLUG[f].kind == "territorial")]
    return rows.assign(
        name=rows["force"].map(lambda f: FORCE_BY_SLUG[f].name),
        code=rows["force"].map(lambda f: FORCE_BY_SLUG[f].code),
        rate=rows["rate"].astype("Float64").round(1),
    )


def _extremes(rows: pd.DataFrame) -> str:
    ranked = rows[(rows["force"] != CITY) & rows["rate"].notna()].sort_values("rate")
    if ranked.empty:
        return ""
    low, high = ranked.iloc[0], ranked.iloc[-1]
    return (
        f"Leaving out the City of London, rates run from {low['name']} ({_rate(low['rate'])}) "
        f"to {high['name']} ({_rate(high['rate'])})."
    )


def _city(rows: pd.DataFrame) -> str:
    city = rows[(rows["force"] == CITY) & rows["rate"].notna()]
    if city.empty:
        return ""
    return (
        f" The City of London ({_rate(city.iloc[0]['rate'])}), where many people work but few "
        "live, is drawn off the scale."
    )


def _ranking_table(rows: pd.DataFrame) -> pd.DataFrame:
    ranked = rows.sort_values(["rate", "name"], ascending=[False, True])
    return pd.DataFrame(
        {
            "Force": ranked["name"],
            "Seizures": ranked["seizures"],
            "Per million people": ranked["rate"],
        }
    )


def ranked(stats: Stats, drug: str, year: str, highlight: str | None, chart_id: str) -> str:
    """Every force's rate for one drug and year, the City of London off the scale."""
    rows = _year_rows(stats, drug, year)
    label = "any drug" if drug == "all-drugs" else DRUG_BY_KEY[drug].name
    title = f"Seizures of {label} per million people, {year}"
    description = ""
    if highlight is not None:
        row = rows[rows["force"] == highlight]
        if not row.empty and pd.notna(row.iloc[0]["rate"]):
            r = row.iloc[0]
            position = (
                f"ranked {int(r['rank'])} of {int(r['n_compared'])}"
                if highlight == CITY
                else f"ranked {int(r['rank_excl_city'])} of {int(r['n_compared_excl_city'])} "
                "leaving out the City of London"
            )
            description = f"{r['name']}: {_rate(r['rate'])}, {position}. "
    description += _extremes(rows) + _city(rows)
    missing = rows[rows["rate"].isna()]["name"].tolist()
    if missing:
        description += f" Not published: {narrative._and(missing)}."
    chart = charts.force_rates(rows[["force", "name", "rate"]], highlight=highlight)
    table = _ranking_table(rows)
    return charts.render(
        chart,
        chart_id,
        title,
        description.strip(),
        table,
        caption=f"Police forces in {narrative.place(stats, year)}; the highlighted bar is "
        f"{FORCE_BY_SLUG[highlight].name}."
        if highlight
        else f"Police forces in {narrative.place(stats, year)}.",
        formats={"Per million people": "{:,.1f}"},
    )


def rate_map(
    stats: Stats, drug: str, year: str, boundaries: dict, highlight: str | None, chart_id: str
) -> str:
    rows = _year_rows(stats, drug, year)
    label = "any drug" if drug == "all-drugs" else DRUG_BY_KEY[drug].name
    with_rate = set(rows[rows["rate"].notna()]["code"])
    absent = [
        FORCE_BY_SLUG[f["properties"]["force"]].name
        for f in boundaries["features"]
        if f["properties"]["code"] not in with_rate
    ]
    description = (
        f"Map of police force areas shaded by seizures of {label} per million people in {year}. "
        + _extremes(rows)
        + (f" No data: {narrative._and(absent)}." if absent else "")
    )
    chart = charts.rate_map(rows[["code", "name", "rate"]], boundaries, highlight=highlight)
    return charts.render(
        chart,
        chart_id,
        f"Seizures of {label} per million people by force area, {year}",
        description,
        _ranking_table(rows),
        caption="Welsh forces are shown as no data: their figures are not in this edition.",
        formats={"Per million people": "{:,.1f}"},
    )


def shares(stats: Stats, force: str, year: str) -> str:
    rows = stats.force_year[
        (stats.force_year["force"] == force)
        & (stats.force_year["year"] == year)
        & (stats.force_year["kind"] == "drug")
        & (stats.force_year["seizures"] > 0)
        & stats.force_year["share"].notna()
    ].sort_values(["share", "drug"], ascending=[False, True])
    if rows.empty:
        return ""
    frame = pd.DataFrame(
        {
            "label": rows["drug"].map(lambda k: DRUG_BY_KEY[k].label),
            "share": rows["share"].astype(float),
            "seizures": rows["seizures"],
        }
    )
    top = [f"{DRUG_BY_KEY[r.drug].name} {r.share * 100:.0f}%" for r in rows.head(3).itertuples()]
    name = FORCE_BY_SLUG[force].name
    description = (
        f"Share of {name}'s seizures in {year} where the drug type was known, by drug: "
        f"{', '.join(top)}. A seizure of several drugs counts under each."
    )
    table = pd.DataFrame(
        {
            "Drug": frame["label"],
            "Seizures": frame["seizures"],
            "Share of seizures where the type was known": frame["share"],
        }
    )
    return charts.render(
        charts.drug_shares(frame),
        "what-was-seized",
        f"What was seized in {name}, {year}",
        description,
        table,
        formats={"Share of seizures where the type was known": "{:.1%}"},
    )


def _trend_description(frame: pd.DataFrame, label: str) -> str:
    parts = []
    for series, rows in frame.groupby("series", sort=False):
        rows = rows.dropna(subset=["rate"])
        if rows.empty:
            continue
        first, last = rows.iloc[0], rows.iloc[-1]
        parts.append(
            f"{series}: {_rate(first['rate'])} in {first['year']}, "
            f"{_rate(last['rate'])} in {last['year']}"
        )
    return f"Seizures of {label} per million people each year. " + "; ".join(parts) + "."


def _from_first_figure(frame: pd.DataFrame) -> pd.DataFrame:
    """Start the series at the first year any line has a figure (mephedrone: 2015-16)."""
    published = frame[frame["rate"].notna()]["year"]
    return frame[frame["year"] >= published.min()] if not published.empty else frame


def _trend_table(frame: pd.DataFrame) -> pd.DataFrame:
    wide = frame.pivot(index="year", columns="series", values="rate")
    wide = wide[list(dict.fromkeys(frame["series"]))]
    return wide.reset_index().rename(columns={"year": "Year"})


def force_trend(stats: Stats, force: str) -> str:
    rows = stats.force_year[
        (stats.force_year["force"] == force) & (stats.force_year["drug"] == "all-drugs")
    ].sort_values("year")
    national = stats.national[stats.national["drug"] == "all-drugs"].set_index("year")["rate"]
    name = FORCE_BY_SLUG[force].name
    frame = pd.concat(
        [
            pd.DataFrame({"year": rows["year"], "series": name, "rate": rows["rate"]}),
            pd.DataFrame(
                {"year": stats.years, "series": NATIONAL, "rate": national.reindex(stats.years)}
            ),
        ],
        ignore_index=True,
    )
    frame["rate"] = frame["rate"].astype("Float64").round(1)
    return charts.render(
        charts.trend(frame),
        "trend",
        f"{name} and England and Wales: seizures of any drug per million people",
        _trend_description(frame, "any drug"),
        _trend_table(frame),
        caption="England and Wales police leaves out British Transport Police and Border Force.",
        formats={c: "{:,.1f}" for c in frame["series"].unique()},
    )


def national_trend(stats: Stats, drug: str) -> str:
    national = stats.national[stats.national["drug"] == drug].set_index("year")["rate"]
    together = stats.together[stats.together["drug"] == drug].set_index("year")["rate"]
    place = narrative.place(stats, stats.latest)
    together_label = f"All forces in {place}"
    frame = pd.concat(
        [
            pd.DataFrame(
                {"year": stats.years, "series": NATIONAL, "rate": national.reindex(stats.years)}
            ),
            pd.DataFrame(
                {
                    "year": stats.years,
                    "series": together_label,
                    "rate": together.reindex(stats.years),
                }
            ),
        ],
        ignore_index=True,
    )
    frame["rate"] = frame["rate"].astype("Float64").round(1)
    frame = _from_first_figure(frame)
    label = "any drug" if drug == "all-drugs" else DRUG_BY_KEY[drug].name
    return charts.render(
        charts.trend(frame),
        "trend",
        f"Seizures of {label} per million people, every year",
        _trend_description(frame, label),
        _trend_table(frame),
        caption="England and Wales police leaves out British Transport Police and Border Force; "
        "it is missing where Border Force's figure was not published.",
        formats={c: "{:,.1f}" for c in frame["series"].unique()},
    )


def force_charts(stats: Stats, force: str, boundaries: dict) -> dict[str, str]:
    year = stats.latest
    out = {"shares": shares(stats, force, year)}
    if FORCE_BY_SLUG[force].kind == "territorial":
        out["compared"] = ranked(stats, "all-drugs", year, force, "compared")
        out["map"] = rate_map(stats, "all-drugs", year, boundaries, force, "map")
        out["trend"] = force_trend(stats, force)
    return out


def drug_charts(stats: Stats, drug: str, boundaries: dict) -> dict[str, str]:
    year = stats.latest
    return {
        "ranked": ranked(stats, drug, year, None, "ranked"),
        "map": rate_map(stats, drug, year, boundaries, None, "map"),
        "trend": national_trend(stats, drug),
    }
