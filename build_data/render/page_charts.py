"""The charts on each page: which figures they draw, and the sentence that describes them.

Each function picks its rows from the statistics, builds the chart with
`charts`, and renders it with a description that states the key numbers,
so a reader who cannot see the chart still gets what it shows.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from build_data.analysis import narrative
from build_data.analysis.stats import Stats
from build_data.constants import CITY
from build_data.reference import DRUG_BY_KEY, FORCE_BY_SLUG, WELSH_FORCES
from build_data.render import charts, trend_charts
from build_data.render.kit import PageKit, chart_with_kit


def _rate(value: object) -> str:
    return "not published" if pd.isna(value) else f"{float(value):,.1f}"


def _year_rows(stats: Stats, drug: str, year: str) -> pd.DataFrame:
    rows = stats.force_year[(stats.force_year["year"] == year) & (stats.force_year["drug"] == drug)]
    rows = rows[rows["force"].map(lambda f: FORCE_BY_SLUG[f].kind == "territorial")]
    return rows.assign(
        name=rows["force"].map(lambda f: FORCE_BY_SLUG[f].name),
        code=rows["force"].map(lambda f: FORCE_BY_SLUG[f].code),
        rate=rows["rate"].astype("Float64").round(1),
        flagged=rows["force"].map(lambda f: stats.flagged(f, year)).astype(bool),
    )


def _end(rows: pd.DataFrame) -> str:
    """One end of the range: the force, the forces level there, or how many (from "0.0 (21
    forces)"; naming one of 21 forces with none as the lowest would read as if it were alone)."""
    rate = _rate(rows.iloc[0]["rate"])
    if len(rows) > 3:
        return f"{rate} ({len(rows)} forces)"
    flagged = sorted(rows[rows["flagged"]]["name"])
    breaks = f"; {narrative._and(flagged)}: {narrative.BREAK} in {rows.iloc[0]['year']}"
    breaks = breaks if flagged else ""
    if len(rows) == 1:
        return f"{rows.iloc[0]['name']} ({rate}{breaks})"
    return f"{narrative._and(sorted(rows['name']))} ({rate} each{breaks})"


def _extremes(rows: pd.DataFrame) -> str:
    """The lowest and highest rates, leaving out the City and forces whose year is a break
    (except at none: no seizures is a fact whatever the series does, as in the narrative)."""
    ranked = rows[(rows["force"] != CITY) & rows["rate"].notna()].sort_values("rate")
    usable = ranked[~ranked["flagged"]]
    if usable.empty:
        return ""
    low, high = usable["rate"].min(), usable["rate"].max()
    flagged = ranked["flagged"]
    aside = ranked[flagged & (ranked["rate"] >= high)]
    lowest = usable[usable["rate"] == low]
    if low == 0:
        lowest = ranked[ranked["rate"] == 0]
    else:
        aside = pd.concat([ranked[flagged & (ranked["rate"] <= low)], aside])
    left_out = "the City of London"
    if len(aside) == 1:
        left_out += f" and {aside.iloc[0]['name']} ({narrative.BREAK} in {aside.iloc[0]['year']})"
    elif len(aside) > 1:
        names = narrative._and(sorted(aside["name"]))
        year = aside.iloc[0]["year"]
        left_out += f" and {len(aside)} forces whose figures for {year} are {narrative.BREAK}"
        left_out += f" ({names})"
    if low == high:
        return f"Leaving out {left_out}, every force's rate is {_rate(low)}."
    highest = usable[usable["rate"] == high]
    return f"Leaving out {left_out}, rates run from {_end(lowest)} to {_end(highest)}."


def _city(rows: pd.DataFrame) -> str:
    city = rows[(rows["force"] == CITY) & rows["rate"].notna()]
    if city.empty:
        return ""
    # Its bar is cut short only when its rate would squash the others' (charts.force_rates).
    shown = (
        "is drawn off the scale"
        if charts.city_off_scale(rows)
        else "is shown but left out of the range"
    )
    return (
        f" The City of London ({_rate(city.iloc[0]['rate'])}), where many people work but few "
        f"live, {shown}."
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


def _not_published(rows: pd.DataFrame) -> str:
    missing = rows[rows["rate"].isna()]["name"].tolist()
    return f" Not published: {narrative._and(missing)}." if missing else ""


def ranked(
    stats: Stats,
    drug: str,
    year: str,
    chart_id: str,
    cache: charts.Cache = None,
    kit: PageKit | None = None,
) -> str:
    """Every force's rate for one drug and year, the City of London off the scale."""
    rows = _year_rows(stats, drug, year)
    label = DRUG_BY_KEY[drug].name
    title = f"Seizures of {label} per million people, {year}"
    description = _extremes(rows) + _city(rows) + _not_published(rows)
    chart = charts.force_rates(rows[["force", "name", "rate"]])
    table = _ranking_table(rows)
    return chart_with_kit(
        kit,
        "ranking",
        year,
        chart,
        chart_id,
        title,
        description.strip(),
        table,
        caption=f"Police forces in {narrative.place(stats, year)}.",
        formats={"Per million people": "{:,.1f}"},
        cache=cache,
    )


def _no_data(rows: pd.DataFrame, boundaries: dict) -> list[str]:
    """The forces whose areas the map shows as no data."""
    with_rate = set(rows[rows["rate"].notna()]["code"])
    return [
        f["properties"]["force"]
        for f in boundaries["features"]
        if f["properties"]["code"] not in with_rate
    ]


def _map_caption(rows: pd.DataFrame, boundaries: dict) -> str | None:
    absent = _no_data(rows, boundaries)
    if not absent:
        return None
    if set(absent) == {f.slug for f in WELSH_FORCES}:
        return "Welsh forces are shown as no data: their figures are not in this edition."
    return f"Shown as no data: {narrative._and([FORCE_BY_SLUG[f].name for f in absent])}."


def _map_description(rows: pd.DataFrame, boundaries: dict, label: str, year: str) -> str:
    absent = [FORCE_BY_SLUG[f].name for f in _no_data(rows, boundaries)]
    return (
        f"Map of police force areas shaded by seizures of {label} per million people in {year}. "
        + _extremes(rows)
        + (f" No data: {narrative._and(absent)}." if absent else "")
    )


def rate_map(
    stats: Stats,
    drug: str,
    year: str,
    boundaries: dict,
    chart_id: str,
    cache: charts.Cache = None,
    kit: PageKit | None = None,
) -> str:
    rows = _year_rows(stats, drug, year)
    label = DRUG_BY_KEY[drug].name
    description = _map_description(rows, boundaries, label, year)
    chart = charts.rate_map(rows[["code", "name", "rate"]], boundaries)
    return chart_with_kit(
        kit,
        "map",
        year,
        chart,
        chart_id,
        f"Seizures of {label} per million people by force area, {year}",
        description,
        _ranking_table(rows),
        caption=_map_caption(rows, boundaries),
        formats={"Per million people": "{:,.1f}"},
        cache=cache,
    )


def shares(
    stats: Stats, force: str, year: str, cache: charts.Cache = None, kit: PageKit | None = None
) -> str:
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
    return chart_with_kit(
        kit,
        "drug-mix",
        year,
        charts.drug_shares(frame),
        "what-was-seized",
        f"What was seized in {name}, {year}",
        description,
        table,
        formats={"Share of seizures where the type was known": "{:.1%}"},
        cache=cache,
    )


# A force page's address of docs/assets/generated/: force pages are built at
# forces/<slug>/ (use_directory_urls), so the site works under any sub-path.
FORCE_PAGE_ASSETS = "../../assets/generated/"
# The neighbour table: this many forces at each end of the ranking, and either side.
ENDS = 3
AROUND = 2


@dataclass(frozen=True)
class Comparison:
    """The all-forces charts every force page shows: drawn once (see charts.SharedFigure)."""

    year: str
    rows: pd.DataFrame  # _year_rows for any drug in `year`
    ranked: charts.SharedFigure
    map: charts.SharedFigure

    def figures(self) -> list[charts.SharedFigure]:
        return [self.ranked, self.map]


def comparison(stats: Stats, boundaries: dict, cache: charts.Cache = None) -> Comparison:
    """Every force's rate for the latest year, as a ranking and a map, with no force marked."""
    year = stats.latest
    rows = _year_rows(stats, "all-drugs", year)
    ranked_chart = charts.shared_figure(
        charts.force_rates(rows[["force", "name", "rate"]]),
        name=f"compared-all-drugs-{year}",
        prefix="bar",
        ids={"bar": "force"},
        overlay=False,
        cache=cache,
    )
    map_chart = charts.shared_figure(
        charts.rate_map(rows[["code", "name", "rate"]], boundaries),
        name=f"map-all-drugs-{year}",
        prefix="area",
        ids={"geoshape": "properties.force"},
        overlay=True,
        cache=cache,
    )
    return Comparison(year, rows, ranked_chart, map_chart)


def _position(rows: pd.DataFrame, force: str) -> str:
    row = rows[rows["force"] == force]
    if row.empty or pd.isna(row.iloc[0]["rate"]):
        return ""
    r = row.iloc[0]
    position = (
        f"ranked {int(r['rank'])} of {int(r['n_compared'])}"
        if force == CITY
        else f"ranked {int(r['rank_excl_city'])} of {int(r['n_compared_excl_city'])} "
        "leaving out the City of London"
    )
    broken = f", though its figure for {r['year']} is {narrative.BREAK}" if r["flagged"] else ""
    return f"{r['name']}: {_rate(r['rate'])}, {position}{broken}. "


def neighbours(rows: pd.DataFrame, force: str) -> tuple[pd.DataFrame, int, int]:
    """The forces a force page lists: the top and bottom of the ranking, and either side of it.

    In the chart's order (highest rate first). Returns the table, how many
    forces it lists and how many have a rate.
    """
    ranked = rows[rows["rate"].notna()].sort_values("rate", ascending=False, kind="stable")
    ranked = ranked.reset_index(drop=True)
    n = len(ranked)
    here = ranked.index[ranked["force"] == force]
    keep = set(range(min(ENDS, n))) | set(range(max(n - ENDS, 0), n))
    if len(here):
        keep |= set(range(max(here[0] - AROUND, 0), min(here[0] + AROUND + 1, n)))
    shown = ranked.iloc[sorted(keep)]
    if force == CITY:
        rank_title = "Rank (highest = 1)"
        rank = shown["rank"].map(lambda v: str(int(v)))
    else:
        rank_title = "Rank (highest = 1), leaving out the City of London"
        rank = [
            "not ranked" if f == CITY else str(int(v))
            for f, v in zip(shown["force"], shown["rank_excl_city"], strict=True)
        ]
    table = pd.DataFrame(
        {
            "Force": shown["name"].tolist(),
            rank_title: list(rank),
            "Seizures": shown["seizures"].tolist(),
            "Per million people": shown["rate"].tolist(),
        }
    )
    return table, len(shown), n


def _neighbour_note(shown: int, n: int, name: str) -> str:
    which = (
        f"All {n} forces."
        if shown >= n
        else f"{shown} of the {n} forces: the {ENDS} highest, the {ENDS} lowest and those "
        f"either side of {html.escape(name)}."
    )
    return (
        f'<p class="chart-table-note">{which} '
        '<a href="../../#chart-ranked">Every force, ranked, on the overview</a>.</p>'
    )


def _on_force_page(
    shared: charts.SharedFigure,
    comparison: Comparison,
    force: str,
    chart_id: str,
    title: str,
    description: str,
    caption: str | None,
    kit: PageKit | None = None,
) -> str:
    """A shared chart on a force page: this force marked, its neighbours in the table.

    Its downloads (with `kit`) are the chart with this force marked, and every force's figures.
    """
    name = FORCE_BY_SLUG[force].name
    table, shown, n = neighbours(comparison.rows, force)
    extra = ""
    if kit is not None:
        kind = "ranking" if chart_id == "compared" else chart_id
        svg = shared.standalone(force)
        every = _ranking_table(comparison.rows)
        extra = kit.add(kind, comparison.year, chart_id, title, description, caption, svg, every)
    return shared.render(
        chart_id,
        title,
        description,
        table,
        caption,
        mark=force,
        highlight=name,
        assets=FORCE_PAGE_ASSETS,
        formats={"Per million people": "{:,.1f}"},
        table_note=_neighbour_note(shown, n, name),
        extra=extra,
    )


def compared(stats: Stats, comparison: Comparison, force: str, kit: PageKit | None = None) -> str:
    """This force among all forces: the shared ranking, this force marked."""
    rows = comparison.rows
    description = _position(rows, force) + _extremes(rows) + _city(rows) + _not_published(rows)
    return _on_force_page(
        comparison.ranked,
        comparison,
        force,
        "compared",
        f"Seizures of any drug per million people, {comparison.year}",
        description.strip(),
        f"Police forces in {narrative.place(stats, comparison.year)}; the highlighted bar is "
        f"{FORCE_BY_SLUG[force].name}.",
        kit,
    )


def force_map(
    comparison: Comparison, force: str, boundaries: dict, kit: PageKit | None = None
) -> str:
    """This force's area on the shared map, outlined."""
    description = _map_description(comparison.rows, boundaries, "any drug", comparison.year)
    return _on_force_page(
        comparison.map,
        comparison,
        force,
        "map",
        f"Seizures of any drug per million people by force area, {comparison.year}",
        f"{description} {FORCE_BY_SLUG[force].name} is outlined.",
        _map_caption(comparison.rows, boundaries),
        kit,
    )


def force_charts(
    stats: Stats,
    force: str,
    comparison: Comparison,
    boundaries: dict,
    cache: charts.Cache = None,
    kit: PageKit | None = None,
) -> dict:
    """A force page's charts. `cache`: the folder of SVGs drawn by earlier builds;
    `kit`: the page's share of the downloads and embed pages (None: none)."""
    out = {"shares": shares(stats, force, comparison.year, cache, kit)}
    if FORCE_BY_SLUG[force].kind == "territorial":
        out["compared"] = compared(stats, comparison, force, kit)
        out["map"] = force_map(comparison, force, boundaries, kit)
        out["trend"] = trend_charts.force_trend(stats, force, cache, kit)
    else:
        out["trend"] = trend_charts.count_trend(stats, force, cache, kit)
    return out


def drug_charts(
    stats: Stats,
    drug: str,
    boundaries: dict,
    cache: charts.Cache = None,
    kit: PageKit | None = None,
) -> dict[str, str]:
    """A drug page's charts (and the overview's). `cache` and `kit` as in force_charts."""
    year = stats.latest
    return {
        "ranked": ranked(stats, drug, year, "ranked", cache, kit),
        "map": rate_map(stats, drug, year, boundaries, "map", cache, kit),
        "trend": trend_charts.national_trend(stats, drug, cache, kit),
    }
