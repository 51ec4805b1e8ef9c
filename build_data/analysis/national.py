"""The Home Office's England and Wales figures, and how they add up to the site's forces.

The release quotes two national figures: seizures by police forces and Border
Force together, and by police forces (which include British Transport Police).
The site's rates and comparisons use the territorial forces (police minus
British Transport Police) over the resident population; the per-force table
covers only the English forces, so the Welsh forces, and any force that
supplied no figure, are the remainder.

- ``reconciliation(england_and_wales, seizures, forces, drug)``: one row per
  year: total, border_force, police, british_transport_police,
  territorial_police, english_forces (their sum in the per-force table),
  english_forces_supplied, english_forces_missing (names), remainder, estimated.
- ``headline_sentences(national, year, drug)``: the release's figures exactly
  as the table gives them, then the comparison base, then why they differ.
  ``national`` is ``Stats.national`` (the table plus population and rate).
"""

from __future__ import annotations

import pandas as pd

from build_data.analysis.wording import and_list, number, rate
from build_data.reference import DRUG_BY_KEY, FORCES

# Years whose England and Wales totals the Home Office published "including
# estimated figures" (2014-15: release of 5 November 2015, as summarised by
# russellwebster.com; 2016-17: as recorded in GitHub issue 12). A description of
# the published figure, never a figure.
ESTIMATED_YEARS = frozenset({"2014-15", "2016-17"})
ESTIMATED = "including estimated figures"
TERRITORIAL = sum(1 for f in FORCES if f.kind == "territorial")


def _english(forces: pd.DataFrame) -> list[str]:
    codes = forces.set_index("force")["code"] if "code" in forces else None
    territorial = forces[forces["kind"] == "territorial"]["force"]
    if codes is None:
        return list(territorial)
    return [f for f in territorial if str(codes[f]).startswith("E")]


def reconciliation(
    england_and_wales: pd.DataFrame,
    seizures: pd.DataFrame,
    forces: pd.DataFrame,
    drug: str = "all-drugs",
) -> pd.DataFrame:
    """Total - Border Force = police; - British Transport Police = territorial; - English forces."""
    english = _english(forces)
    names = forces.set_index("force")["name"] if "name" in forces else None
    national = england_and_wales[england_and_wales["drug"] == drug].set_index("year")
    rows = []
    for year, row in national.sort_index().iterrows():
        table = seizures[
            (seizures["year"] == year)
            & (seizures["drug"] == drug)
            & seizures["force"].isin(english)
        ]
        supplied = table[table["seizures"].notna()]
        missing = sorted(set(english) - set(supplied["force"]))
        english_sum = int(supplied["seizures"].sum())
        territorial = row["territorial_police"]
        rows.append(
            {
                "year": year,
                **{k: row[k] for k in ("total", "border_force", "police")},
                "british_transport_police": row["british_transport_police"],
                "territorial_police": territorial,
                "english_forces": english_sum,
                "english_forces_supplied": len(supplied),
                "english_forces_missing": and_list(
                    [str(names[f]) if names is not None else f for f in missing]
                ),
                "remainder": pd.NA if pd.isna(territorial) else int(territorial) - english_sum,
                "estimated": year in ESTIMATED_YEARS,
            }
        )
    frame = pd.DataFrame(rows)
    for column in ("english_forces", "remainder"):
        frame[column] = frame[column].astype("Int64")
    return frame


def _of(drug: str) -> str:
    return "drug seizures" if drug == "all-drugs" else f"seizures of {DRUG_BY_KEY[drug].name}"


def headline_sentences(national: pd.DataFrame, year: str, drug: str = "all-drugs") -> list[str]:
    """The release's England and Wales figures, then the site's comparison base, then why."""
    rows = national[(national["year"] == year) & (national["drug"] == drug)]
    if rows.empty or pd.isna(rows.iloc[0]["total"]):
        return []
    row = rows.iloc[0]
    when = f"In {year}, {ESTIMATED}," if year in ESTIMATED_YEARS else f"In {year}"
    total = f"police forces and Border Force made {number(row['total'])} {_of(drug)}"
    if pd.isna(row["police"]):
        return [
            f"{when} {total} in England and Wales, the Home Office's figures show. "
            "It did not publish Border Force's figure separately, so there is no figure for "
            "police forces alone."
        ]
    sentences = [
        f"{when} {total} in England and Wales, and police forces, including British "
        f"Transport Police, made {number(row['police'])}, the Home Office's "
        "figures show."
    ]
    if pd.isna(row["territorial_police"]):
        return sentences
    sentences.append(
        f"The {TERRITORIAL} territorial police forces, which each police an area, made "
        f"{number(row['territorial_police'])}: {rate(row['rate'])} per million people, the "
        "rate this site compares each force with."
    )
    btp = row["british_transport_police"]
    sentences.append(
        "British Transport Police made none, so the two police figures are the same."
        if btp == 0
        else f"The difference is British Transport Police ({number(btp)}), which polices the "
        "railways and has no resident population to set a rate against."
    )
    return sentences


def _when(year: str) -> str:
    """ "2016-17, including estimated figures": a year as the release describes its total."""
    return f"{year}, {ESTIMATED}" if year in ESTIMATED_YEARS else year


def change_sentences(
    national: pd.DataFrame, years: list[str], year: str, drug: str = "all-drugs"
) -> list[str]:
    """The territorial forces' total against the year before and the first year, standalone."""
    police = national[national["drug"] == drug].set_index("year")["territorial_police"]
    index = years.index(year)
    if index == 0 or pd.isna(police.get(year)) or pd.isna(police.get(years[index - 1])):
        return []
    now, before, previous = int(police[year]), int(police[years[index - 1]]), years[index - 1]
    what = "drug seizures" if drug == "all-drugs" else f"seizures of {DRUG_BY_KEY[drug].name}"
    if now == before:
        change = f"the same number as in {previous}"
    else:
        more = "more" if now > before else "fewer"
        change = f"{number(abs(now - before))} {more} than the {number(before)} in "
        change += _when(previous)
    sentences = [
        f"The territorial police forces made {number(now)} {what} in {_when(year)}, {change}."
    ]
    first = police.get(years[0])
    if index > 1 and pd.notna(first) and int(first) != now:
        verb = "rose" if now > int(first) else "fell"
        # The estimate's clause closed by a comma, as a parenthesis: "in 2014-15,
        # including estimated figures, to".
        since = _when(years[0]) + ("," if years[0] in ESTIMATED_YEARS else "")
        sentences.append(
            f"Over the whole series, their {what} {verb} from {number(first)} in "
            f"{since} to {number(now)} in {year}."
        )
    return sentences
