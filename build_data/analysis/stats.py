"""Per-force statistics from the tidy tables: rates, ranks, shares and changes.

Pure functions over DataFrames. Rates use the ONS mid-year population of the
year a financial year starts in, as the Home Office does. Ranks compare only
territorial forces with a published figure and a population; British
Transport Police and Border Force are never ranked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from build_data.analysis import breaks as series_breaks
from build_data.constants import CITY
from build_data.reference import DRUG_BY_KEY

PER = 1_000_000


@dataclass(frozen=True)
class Stats:
    forces: pd.DataFrame  # the forces table
    force_year: pd.DataFrame  # one row per year, force, drug
    national: pd.DataFrame  # one row per year, drug: England and Wales
    together: pd.DataFrame  # one row per year, drug: all compared forces added up
    years: list[str]  # financial years with seizure figures, oldest first
    # One row per flagged force-year (build_data.analysis.breaks); empty if not computed.
    breaks: pd.DataFrame = field(default_factory=series_breaks.empty)
    # The quantities tables as imported (year, force, drug, quantity, unit; and England
    # and Wales: year, drug, unit, total, border_force, police); empty if not given.
    quantities: pd.DataFrame = field(default_factory=pd.DataFrame)
    national_quantities: pd.DataFrame = field(default_factory=pd.DataFrame)

    def flagged(self, force: str, year: str) -> bool:
        """Whether the force's figure for the year is a break in its series."""
        rows = self.breaks
        return bool(((rows["force"] == force) & (rows["year"] == year)).any())

    @property
    def latest(self) -> str:
        return self.years[-1]


def with_population(seizures: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """Attach the mid-year population of the year each financial year starts in."""
    frame = seizures.assign(pop_year=seizures["year"].str[:4].astype(int))
    pop = population.rename(columns={"area": "force", "year": "pop_year"})
    merged = frame.merge(pop, on=["force", "pop_year"], how="left")
    return merged.drop(columns="pop_year")


def rates(frame: pd.DataFrame, forces: pd.DataFrame) -> pd.DataFrame:
    """Seizures per million residents, for territorial forces only."""
    kind = frame["force"].map(forces.set_index("force")["kind"])
    territorial = kind == "territorial"
    rate = frame["seizures"].astype("Float64") / frame["population"].astype("Float64") * PER
    out = frame.assign(
        population=frame["population"].where(territorial),
        rate=rate.where(territorial),
        compared=territorial & frame["seizures"].notna() & frame["population"].notna(),
    )
    return out


def ranks(frame: pd.DataFrame) -> pd.DataFrame:
    """Rank 1 is the highest rate; ties share the better rank. With and without the City."""
    out = frame.copy()
    compared = out[out["compared"]]
    groups = compared.groupby(["year", "drug"])["rate"]
    out["rank"] = groups.rank(method="min", ascending=False).astype("Int64")
    out["n_compared"] = groups.transform("count").astype("Int64")
    no_city = compared[compared["force"] != CITY].groupby(["year", "drug"])["rate"]
    out["rank_excl_city"] = no_city.rank(method="min", ascending=False).astype("Int64")
    out["n_compared_excl_city"] = no_city.transform("count").astype("Int64")
    tie_key = ["year", "drug", "rank"]
    ties = out[out["rank"].notna()].groupby(tie_key)["force"].transform("count")
    out["tied"] = (ties > 1).reindex(out.index, fill_value=False)
    # Where the lowest-ranked position is, for "lowest rate" claims.
    out["rank_from_bottom"] = (
        compared.groupby(["year", "drug"])["rate"]
        .rank(method="min", ascending=True)
        .astype("Int64")
    )
    return out


def shares(frame: pd.DataFrame) -> pd.Series:
    """Each figure as a share of seizures where the drug type was known.

    A seizure of several drugs counts under each, so shares can add up to
    more than 100 per cent; the Home Office reports them this way.
    """
    wide = frame.pivot_table(
        index=["year", "force"], columns="drug", values="seizures", aggfunc="first"
    )
    # No "unknown" figure (a table without the column, or a blank cell): the share of
    # known seizures cannot be had, and a share of all seizures would mean something else.
    unknown = wide["unknown"] if "unknown" in wide else pd.Series(pd.NA, wide.index)
    known = wide["all-drugs"].astype("Float64") - unknown.astype("Float64")
    known = known.where(known > 0)
    index = pd.MultiIndex.from_frame(frame[["year", "force"]])
    denominator = known.reindex(index).to_numpy()
    return pd.Series(frame["seizures"].astype("Float64").to_numpy() / denominator, frame.index)


def changes(frame: pd.DataFrame) -> pd.DataFrame:
    """Change on the previous year and since the first published year in the series.

    "Previous" is the year before, even when it is not published (then the
    change is missing), never an earlier year silently skipped to.
    """
    ordered = frame.sort_values("year")
    group = ordered.groupby(["force", "drug"])
    published = ordered[ordered["seizures"].notna()].groupby(["force", "drug"])
    key = pd.MultiIndex.from_frame(ordered[["force", "drug"]])
    out = ordered.assign(
        previous=group["seizures"].shift(1),
        previous_rate=group["rate"].shift(1),
        first_year=published["year"].first().reindex(key).to_numpy(),
        first=published["seizures"].first().reindex(key).to_numpy(),
    )
    out["change"] = out["seizures"] - out["previous"]
    out["change_pct"] = out["change"].astype("Float64") / out["previous"].astype("Float64") * 100
    out["change_pct"] = out["change_pct"].where(out["previous"] > 0)
    return out.sort_index()


def national(england_and_wales: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """The England and Wales rate: police seizures excluding BTP, over the E&W population."""
    pop = population[population["area"] == "england-and-wales"][["year", "population"]]
    frame = england_and_wales.assign(pop_year=england_and_wales["year"].str[:4].astype(int))
    frame = frame.merge(pop.rename(columns={"year": "pop_year"}), on="pop_year", how="left").drop(
        columns="pop_year"
    )
    frame["rate"] = (
        frame["territorial_police"].astype("Float64") / frame["population"].astype("Float64") * PER
    )
    return frame


def forces_together(force_year: pd.DataFrame) -> pd.DataFrame:
    """All compared forces added up: the figure the site's comparisons are drawn from.

    Where Border Force did not publish a figure the England and Wales police
    figure cannot be derived; the sum of the forces in the data always can.
    """
    compared = force_year[force_year["compared"]]
    grouped = compared.groupby(["year", "drug"], as_index=False).agg(
        seizures=("seizures", "sum"),
        population=("population", "sum"),
        forces=("force", "nunique"),
    )
    grouped["rate"] = (
        grouped["seizures"].astype("Float64") / grouped["population"].astype("Float64") * PER
    )
    return grouped


def compute(tables: dict[str, pd.DataFrame]) -> Stats:
    """Every statistic the pages use, from the tidy tables."""
    forces = tables["forces"]
    frame = with_population(tables["seizures"], tables["population"])
    frame = rates(frame, forces)
    frame = ranks(frame)
    frame["share"] = shares(frame)
    frame = changes(frame)
    frame["kind"] = frame["drug"].map(lambda k: DRUG_BY_KEY[k].kind)
    years = sorted(tables["seizures"]["year"].unique())
    return Stats(
        forces,
        frame,
        national(tables["england_and_wales"], tables["population"]),
        forces_together(frame),
        years,
        series_breaks.breaks(tables["seizures"], tables["england_and_wales"]),
        tables.get("quantities", pd.DataFrame()),
        tables.get("england_and_wales_quantities", pd.DataFrame()),
    )


UNUSUAL_SHARE = 0.5  # a share below half the median force's is "far from every other force"
COMMON_DRUG = 0.2  # only drugs the median force's seizures involve at least this often


def unusual_mix(force_year: pd.DataFrame, year: str) -> pd.DataFrame:
    """Force-drug pairs whose share is less than half the median compared force's share.

    Only for drugs that are a large part of most forces' seizures (median share
    at least ``COMMON_DRUG``), so rare drugs never trigger it. Columns: force,
    drug, share, median_share, others (how many other forces the rule also flags).
    """
    rows = force_year[
        (force_year["year"] == year)
        & force_year["compared"]
        & (force_year["kind"] == "drug")
        & force_year["share"].notna()
    ]
    median = rows.groupby("drug")["share"].transform("median")
    unusual = rows[(median >= COMMON_DRUG) & (rows["share"] < UNUSUAL_SHARE * median)]
    out = unusual.assign(median_share=median[unusual.index])[
        ["force", "drug", "share", "median_share"]
    ]
    out["others"] = out.groupby("drug")["force"].transform("count") - 1
    return out.reset_index(drop=True)
