"""Breaks in a force's series: years whose figures cannot be read as a trend.

The Home Office says the number of seizures "can be affected by police and
Border Force activity and changes in recording practices"; a few forces' totals
jump or collapse from one year to the next (Thames Valley, 4,405 to 917 in
2016-17; Merseyside, 12,946 to 1,797 in 2010-11). The rule is deliberately
conservative, over seizures of any drug only:

- ``fall`` / ``rise``: the figure is at most half, or at least twice, the
  figure for the year before, and both figures are at least ``MIN_BASE``
  (a few hundred seizures), so small forces' noise is never flagged.
- ``low``: the force's share of all England and Wales territorial police
  seizures that year is less than half its median share over all its earlier
  published years (at least ``MIN_HISTORY`` of them). Measuring the share, not
  the count, leaves out the decline every force shared.

``breaks(seizures, england_and_wales)`` returns one row per flagged force-year:
force, year, kind, previous_year, previous, seizures, share, usual_share.
``flagged(table)`` is the set of (force, year) pairs; ``break_note`` the
sentences a force page shows. No cause is ever given: none is published.
"""

from __future__ import annotations

import pandas as pd

from build_data.analysis.wording import and_list
from build_data.reference import FORCE_BY_SLUG

FACTOR = 2.0
MIN_BASE = 300
LOW_SHARE = 0.5
MIN_HISTORY = 3
COLUMNS = [
    "force",
    "year",
    "kind",
    "previous_year",
    "previous",
    "seizures",
    "share",
    "usual_share",
]
HOME_OFFICE_CAVEAT = (
    "The Home Office says the number of seizures can be affected by police activity and "
    "changes in recording practices, and should not be taken as an indicator of how common "
    "drugs are."
)


def _steps(series: pd.Series, force: str) -> list[dict]:
    """Year-on-year jumps by a factor of two or more between consecutive published years."""
    rows = []
    years = list(series.index)
    for before_year, year in zip(years, years[1:], strict=False):
        before, now = series[before_year], series[year]
        if pd.isna(before) or pd.isna(now) or min(before, now) < MIN_BASE:
            continue
        if max(before, now) >= FACTOR * min(before, now):
            kind = "fall" if now < before else "rise"
            rows.append(
                {"force": force, "year": year, "kind": kind, "previous_year": before_year}
                | {"previous": int(before), "seizures": int(now)}
            )
    return rows


def _lows(series: pd.Series, national: pd.Series, force: str) -> list[dict]:
    """Years far below the force's own earlier share of England and Wales police seizures."""
    share = (series.astype("Float64") / national.reindex(series.index).astype("Float64")).dropna()
    rows = []
    for position in range(MIN_HISTORY, len(share)):
        usual = float(share.iloc[:position].median())
        now = float(share.iloc[position])
        if now < LOW_SHARE * usual:
            year = share.index[position]
            rows.append(
                {"force": force, "year": year, "kind": "low", "seizures": int(series[year])}
                | {"share": now, "usual_share": usual}
            )
    return rows


def breaks(seizures: pd.DataFrame, england_and_wales: pd.DataFrame) -> pd.DataFrame:
    """Every flagged force-year, oldest first within each force."""
    totals = seizures[seizures["drug"] == "all-drugs"]
    wide = totals.pivot_table(
        index="year", columns="force", values="seizures", aggfunc="first", dropna=False
    ).sort_index()
    national = england_and_wales[england_and_wales["drug"] == "all-drugs"].set_index("year")[
        "territorial_police"
    ]
    rows: list[dict] = []
    for force in wide.columns:
        series = wide[force]
        rows += _steps(series, force)
        rows += _lows(series.dropna(), national, force)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["previous"] = frame["previous"].astype("Int64")
    frame["seizures"] = frame["seizures"].astype("Int64")
    return frame.sort_values(["force", "year", "kind"], ignore_index=True)


def empty() -> pd.DataFrame:
    return pd.DataFrame(columns=COLUMNS)


def flagged(table: pd.DataFrame) -> set[tuple[str, str]]:
    """(force, year) pairs whose figures are not comparable with the force's earlier ones."""
    return set(zip(table["force"], table["year"], strict=True))


def first_break(
    table: pd.DataFrame,
    force: str,
    since: str,
    until: str,
    kinds: tuple[str, ...] = ("fall", "rise", "low"),
) -> str | None:
    """The first flagged year after ``since`` up to ``until``: a comparison across it is unsafe."""
    years = table[
        (table["force"] == force)
        & (table["year"] > since)
        & (table["year"] <= until)
        & table["kind"].isin(kinds)
    ]
    return None if years.empty else str(years["year"].min())


def _figure(count: int) -> str:
    return f"{count:,}"


def step_years(table: pd.DataFrame, force: str, since: str, until: str) -> list[str]:
    """Every year after ``since`` up to ``until`` where the series steps (a fall or a rise)."""
    rows = table[
        (table["force"] == force)
        & (table["year"] > since)
        & (table["year"] <= until)
        & table["kind"].isin(["fall", "rise"])
    ]
    return sorted(rows["year"].astype(str).unique())


def break_note(table: pd.DataFrame, force: str) -> list[str]:
    """What a flagged force's page says: the years and figures, and the Home Office's caveat."""
    rows = table[table["force"] == force]
    if rows.empty:
        return []
    name = FORCE_BY_SLUG[force].name
    sentences, changes, said = [], [], None
    for row in rows[rows["kind"].isin(["fall", "rise"])].itertuples():
        verb = "fell" if row.kind == "fall" else "rose"
        changes.append(
            f"{'' if verb == said else verb + ' '}from {_figure(row.previous)} in "
            f"{row.previous_year} to {_figure(row.seizures)} in {row.year}"
        )
        said = verb
    if changes:
        each = "a break" if len(changes) == 1 else "each a break"
        sentences.append(
            f"Seizures of any drug recorded by {name} {and_list(changes)}, {each} in the series."
        )
    low = rows[rows["kind"] == "low"]
    if not low.empty:
        parts = [
            f"{row.year} ({_figure(row.seizures)} seizures, {row.share * 100:.1f} per cent "
            f"against a usual {row.usual_share * 100:.1f} per cent)"
            for row in low.itertuples()
        ]
        listed = and_list(parts)
        sentences.append(
            f"{name}'s share of all seizures by territorial police forces in England and Wales was "
            f"less than half its usual share in earlier years in {listed}."
        )
    sentences.append(
        "Figures on either side of a break are not a like-for-like trend. " + HOME_OFFICE_CAVEAT
    )
    return sentences


def left_out(pairs: list[tuple[str, str]], what: str) -> str:
    """Forces set aside from a list because a year compared is a break: who, which year, why."""
    if not pairs:
        return ""
    parts = [
        f"{FORCE_BY_SLUG[f].name} (its figure for {y} is a break in the series)" for f, y in pairs
    ]
    listed = and_list(parts)
    verb = "is" if len(parts) == 1 else "are"
    return f"{listed} {verb} left out of {what}: figures either side of a break are not a trend."


def marked_years(table: pd.DataFrame, force: str) -> list[str]:
    """The years a chart marks: each step, and the first of each run of low years."""
    rows = table[table["force"] == force]
    steps = set(rows[rows["kind"].isin(["fall", "rise"])]["year"])
    lows = sorted(set(rows[rows["kind"] == "low"]["year"]))
    marked = set(steps)
    for before, year in zip([None, *lows], lows, strict=False):
        starts_run = before is None or int(year[:4]) - int(before[:4]) > 1
        after_step = any(int(year[:4]) - int(s[:4]) in (0, 1) for s in steps if s <= year)
        if starts_run and not after_step:
            marked.add(year)
    return sorted(marked)
