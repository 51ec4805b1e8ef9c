"""The trend charts: each year's figures as lines, with the sentence that describes them.

A territorial force is drawn beside England and Wales police, as seizures per
million people; a drug, England and Wales beside all forces together. A force
with no resident population (British Transport Police, Border Force) has no
rate, so its chart is its own count of seizures, alone: a count set beside a
national rate would invite a comparison the figures cannot make.
"""

from __future__ import annotations

import pandas as pd

from build_data.analysis import breaks as series_breaks
from build_data.analysis import narrative
from build_data.analysis.stats import Stats
from build_data.reference import DRUG_BY_KEY, FORCE_BY_SLUG
from build_data.render import charts
from build_data.render.kit import PageKit, chart_with_kit

NATIONAL = "England and Wales police"
COUNT_COLUMN = "Seizures of any drug"


def _period(frame: pd.DataFrame) -> str:
    """The years a trend shows, for its file name: "2009-10-to-2018-19"."""
    years = frame[frame["rate"].notna()]["year"]
    return f"{years.min()}-to-{years.max()}"


def _figure(value: object, places: int) -> str:
    return "not published" if pd.isna(value) else f"{float(value):,.{places}f}"


def _trend_description(frame: pd.DataFrame, label: str, per_million: bool = True) -> str:
    """Each line's first and last figure; rates to one decimal place, counts whole."""
    places = 1 if per_million else 0
    parts = []
    for series, rows in frame.groupby("series", sort=False):
        rows = rows.dropna(subset=["rate"])
        if rows.empty:
            continue
        first, last = rows.iloc[0], rows.iloc[-1]
        parts.append(
            f"{series}: {_figure(first['rate'], places)} in {first['year']}, "
            f"{_figure(last['rate'], places)} in {last['year']}"
        )
    measure = " per million people" if per_million else ""
    return f"Seizures of {label}{measure} each year. " + "; ".join(parts) + "."


def _marks(stats: Stats, force: str) -> tuple[list[str], str]:
    """The years a force's line marks as breaks in the series, and the sentence saying so."""
    marked = series_breaks.marked_years(stats.breaks, force)
    name = FORCE_BY_SLUG[force].name
    if len(marked) > 1:
        return marked, f" Dashed lines mark {narrative._and(marked)}: {narrative.BREAK} for {name}."
    if marked:
        return marked, f" A dashed line marks {marked[0]}: {narrative.BREAK} for {name}."
    return marked, ""


def _from_first_figure(frame: pd.DataFrame) -> pd.DataFrame:
    """Start the series at the first year any line has a figure (mephedrone: 2015-16)."""
    published = frame[frame["rate"].notna()]["year"]
    return frame[frame["year"] >= published.min()] if not published.empty else frame


def _trend_table(frame: pd.DataFrame) -> pd.DataFrame:
    wide = frame.pivot(index="year", columns="series", values="rate")
    wide = wide[list(dict.fromkeys(frame["series"]))]
    return wide.reset_index().rename(columns={"year": "Year"})


def _line(stats: Stats, series: str, by_year: pd.Series) -> pd.DataFrame:
    """One line of a trend: `by_year`'s figure for each of the edition's years (missing: a gap)."""
    return pd.DataFrame(
        {"year": stats.years, "series": series, "rate": by_year.reindex(stats.years)}
    )


def _all_drugs(stats: Stats, force: str) -> pd.DataFrame:
    """A force's seizures of any drug, by year."""
    rows = stats.force_year[
        (stats.force_year["force"] == force) & (stats.force_year["drug"] == "all-drugs")
    ]
    return rows.set_index("year")


def force_trend(
    stats: Stats, force: str, cache: charts.Cache = None, kit: PageKit | None = None
) -> str:
    national = stats.national[stats.national["drug"] == "all-drugs"].set_index("year")["rate"]
    name = FORCE_BY_SLUG[force].name
    frame = pd.concat(
        [
            _line(stats, name, _all_drugs(stats, force)["rate"]),
            _line(stats, NATIONAL, national),
        ],
        ignore_index=True,
    )
    frame["rate"] = frame["rate"].astype("Float64").round(1)
    marked, marks = _marks(stats, force)
    return chart_with_kit(
        kit,
        "trend",
        _period(frame),
        charts.trend(frame, breaks=marked),
        "trend",
        f"{name} and England and Wales: seizures of any drug per million people",
        _trend_description(frame, "any drug") + marks,
        _trend_table(frame),
        caption="England and Wales police leaves out British Transport Police and Border Force.",
        formats={c: "{:,.1f}" for c in frame["series"].unique()},
        cache=cache,
    )


def national_trend(
    stats: Stats, drug: str, cache: charts.Cache = None, kit: PageKit | None = None
) -> str:
    national = stats.national[stats.national["drug"] == drug].set_index("year")["rate"]
    together = stats.together[stats.together["drug"] == drug].set_index("year")["rate"]
    place = narrative.place(stats, stats.latest)
    together_label = f"All forces in {place}"
    frame = pd.concat(
        [_line(stats, NATIONAL, national), _line(stats, together_label, together)],
        ignore_index=True,
    )
    frame["rate"] = frame["rate"].astype("Float64").round(1)
    frame = _from_first_figure(frame)
    label = DRUG_BY_KEY[drug].name
    return chart_with_kit(
        kit,
        "trend",
        _period(frame),
        charts.trend(frame),
        "trend",
        f"Seizures of {label} per million people, every year",
        _trend_description(frame, label),
        _trend_table(frame),
        caption="England and Wales police leaves out British Transport Police and Border Force; "
        "it is missing where Border Force's figure was not published.",
        formats={c: "{:,.1f}" for c in frame["series"].unique()},
        cache=cache,
    )


def count_trend(
    stats: Stats, force: str, cache: charts.Cache = None, kit: PageKit | None = None
) -> str:
    """A force with no resident population: its seizures of any drug each year, alone."""
    name = FORCE_BY_SLUG[force].name
    counts = _all_drugs(stats, force)["seizures"].astype("Float64")
    frame = _from_first_figure(_line(stats, name, counts))
    marked, marks = _marks(stats, force)
    table = _trend_table(frame).rename(columns={name: COUNT_COLUMN})
    return chart_with_kit(
        kit,
        "trend",
        _period(frame),
        charts.trend(frame, breaks=marked, measure=charts.COUNT_MEASURE),
        "trend",
        f"{name}: seizures of any drug, every year",
        _trend_description(frame, "any drug", per_million=False) + marks,
        table,
        caption=f"A count of seizures: {name} has no resident population, so no rate per "
        "person and no comparison with the England and Wales rate.",
        formats={COUNT_COLUMN: "{:,.0f}"},
        cache=cache,
    )
