"""How much was seized, in the Home Office's own units.

Quantities are published in kilograms, plants, or thousands of doses ("doses
(in thousands)", Home Office written answer 153299, 26 February 2021); the
tidy tables keep the published number, so doses are multiplied by 1,000 here
and always written as whole doses ("15,060 doses", never "15.06 doses").

- ``force_table(quantities, national, force, year)``: one row per drug the
  force published a quantity for: drug, label, unit, quantity (in the unit
  shown), text, england_and_wales_police (police, including British Transport
  Police), england_and_wales_text, share (of the England and Wales police
  quantity; missing where that is zero or not published).
- ``drug_table(quantities, drug, year)``: one row per force, largest first:
  force, name, quantity, text, rank. Only ever shown with ``CAVEAT``.
- ``force_sentences`` / ``drug_sentences``: the prose, caveat last.
"""

from __future__ import annotations

import pandas as pd

from build_data.analysis.narrative import subject
from build_data.analysis.wording import and_list, number, per_cent
from build_data.reference import DRUG_BY_KEY, FORCE_BY_SLUG

DOSES_PER_PUBLISHED_UNIT = 1000
CAVEAT = (
    "Annual movements in quantities are often driven by a few very large seizures, so one "
    "year's quantity says little about a trend (Home Office, Seizures of drugs in England and "
    "Wales: user guide)."
)
# Drugs a force page's sentence names, where published: what local readers look for.
HEADLINE_DRUGS = ("cocaine", "heroin", "herbal-cannabis", "cannabis-plants")
UNITS = {"kg": ("kg", "kg"), "plants": ("plant", "plants"), "doses": ("dose", "doses")}


def in_unit(value: float, unit: str) -> float:
    """The published number in the unit a reader sees (whole doses, not thousands)."""
    return value * DOSES_PER_PUBLISHED_UNIT if unit == "doses" else value


def quantity_text(value: float, unit: str) -> str:
    """ "23.2 kg", "0.45 kg", "15,060 doses", "1 plant"; value already in the unit shown."""
    if unit == "kg":
        if value == 0:
            return "0 kg"
        if value < 0.01:
            return "less than 0.01 kg"
        # The precision by the figure as shown: 9.999 kg shows as "10.0 kg", as 10 does.
        if round(value, 2) < 10:
            return f"{value:,.2f} kg".replace(".00 kg", " kg")
        return f"{value:,.1f} kg" if round(value, 1) < 100 else f"{number(value)} kg"
    one, many = UNITS[unit]
    whole = int(round(value))
    return f"{whole:,} {one if whole == 1 else many}"


def force_table(
    quantities: pd.DataFrame, national: pd.DataFrame, force: str, year: str
) -> pd.DataFrame:
    """A force's quantities for a year beside England and Wales police quantities."""
    rows = quantities[
        (quantities["force"] == force)
        & (quantities["year"] == year)
        & quantities["quantity"].notna()
    ]
    ew = national[national["year"] == year].set_index("drug")
    out = []
    for row in rows.itertuples():
        drug = DRUG_BY_KEY[row.drug]
        amount = in_unit(row.quantity, row.unit)
        police = ew["police"].get(row.drug, float("nan"))
        police = in_unit(police, row.unit) if pd.notna(police) else float("nan")
        out.append(
            {
                "drug": row.drug,
                "label": drug.label,
                "unit": row.unit,
                "quantity": amount,
                "text": quantity_text(amount, row.unit),
                "england_and_wales_police": police,
                "england_and_wales_text": ""
                if pd.isna(police)
                else quantity_text(police, row.unit),
                "share": amount / police if pd.notna(police) and police > 0 else float("nan"),
            }
        )
    return pd.DataFrame(
        out,
        columns=[
            "drug",
            "label",
            "unit",
            "quantity",
            "text",
            "england_and_wales_police",
            "england_and_wales_text",
            "share",
        ],
    )


def drug_table(quantities: pd.DataFrame, drug: str, year: str) -> pd.DataFrame:
    """Every force's quantity of one drug, largest first; ties share the better rank."""
    rows = quantities[
        (quantities["drug"] == drug)
        & (quantities["year"] == year)
        & quantities["quantity"].notna()
        & (quantities["force"] != "border-force")
    ].copy()
    rows["quantity"] = [in_unit(v, u) for v, u in zip(rows["quantity"], rows["unit"], strict=True)]
    rows["text"] = [
        quantity_text(v, u) for v, u in zip(rows["quantity"], rows["unit"], strict=True)
    ]
    rows["name"] = rows["force"].map(lambda f: FORCE_BY_SLUG[f].name)
    rows["rank"] = rows["quantity"].rank(method="min", ascending=False).astype(int)
    rows = rows.sort_values(["rank", "name"], ignore_index=True)
    return rows[["force", "name", "quantity", "text", "rank"]]


def _of(drug: str, text: str) -> str:
    """ "23.2 kg of cocaine", "18,366 cannabis plants", "no heroin"."""
    name = DRUG_BY_KEY[drug].name
    if text.startswith("0 "):
        return f"no {name}"
    if drug == "cannabis-plants":
        return text.replace(" plant", " cannabis plant")
    return f"{text} of {name}"


def force_sentences(table: pd.DataFrame, force: str, year: str) -> list[str]:
    """The main drugs' quantities, then their shares of England and Wales police quantities.

    Border Force is not a police force, so its quantities are not given as shares of theirs.
    """
    rows = table[table["drug"].isin(HEADLINE_DRUGS)]
    rows = rows.set_index("drug").reindex([d for d in HEADLINE_DRUGS if d in set(rows["drug"])])
    if rows.empty:
        return []
    parts = [_of(drug, text) for drug, text in zip(rows.index, rows["text"], strict=True)]
    sentences = [f"{subject(force)} seized {and_list(parts)} in {year}."]
    shares = rows["share"].dropna()
    if len(shares) == len(rows) and force != "border-force":
        words = [per_cent(s).removesuffix(" per cent") for s in shares]
        if len(set(words)) == 1:  # "each was less than one per cent", not the same word four times
            what, listed, each = ("That was" if len(rows) == 1 else "Each was"), words[0], ""
        else:
            what, listed, each = "Those were", and_list(words), " respectively"
        sentences.append(
            f"{what} {listed} per cent{each} of the quantities seized by all police forces in "
            "England and Wales, including British Transport Police."
        )
    return [*sentences, CAVEAT]


def national_sentence(national: pd.DataFrame, drug: str, year: str) -> str:
    """The England and Wales quantities of one drug, as the release gives them."""
    rows = national[(national["year"] == year) & (national["drug"] == drug)]
    if rows.empty or pd.isna(rows.iloc[0]["total"]):
        return ""
    row = rows.iloc[0]
    unit = str(row["unit"])
    total = quantity_text(in_unit(row["total"], unit), unit)
    text = f"In {year} police forces and Border Force seized {_of(drug, total)} in England and "
    text += "Wales"
    if pd.isna(row["police"]):
        return text + "."
    police = quantity_text(in_unit(row["police"], unit), unit)
    return f"{text}; police forces, including British Transport Police, seized {police}."


def drug_sentences(table: pd.DataFrame, drug: str, year: str) -> list[str]:
    """The force that seized the most of a drug, always with the caveat beside it."""
    if table.empty or table.iloc[0]["quantity"] == 0:
        return []
    top = table[table["rank"] == 1]
    names = and_list([subject(f) for f in top["force"]])
    names = names[0].upper() + names[1:]
    verb = "seized joint largest quantities" if len(top) > 1 else "seized the largest quantity"
    return [
        f"{names} {verb} of {DRUG_BY_KEY[drug].name} of any police force in {year}: "
        f"{top.iloc[0]['text']}.",
        CAVEAT,
    ]
