"""The importer against the real published tables: each quirk, each check, all or nothing.

Figures asserted here were read off the raw CSV files by hand (columns counted
from "Police force" = column 1), not taken from the importer's output.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest
from scopes import shared_but_not_under_mutmut

from build_data.cli import main
from build_data.ingest import importer
from build_data.ingest.force_tables import parse_force_table
from build_data.ingest.layouts import read_force_table
from build_data.ingest.normalise import parse_count, parse_quantity
from build_data.ingest.population import _la_to_force as la_to_force
from build_data.ingest.sources import SourceError
from build_data.ingest.validate import consistency, stop_if_systematic
from build_data.reference import HEADER_ERRATA, LA_SUCCESSORS

pytestmark = pytest.mark.raw

SEIZURES = Path("home-office/seizures-by-force")
QUANTITIES = Path("home-office/quantities-by-force")
NATIONAL = Path("home-office/england-and-wales")
ONS = Path("ons")
DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope=shared_but_not_under_mutmut)
def dataset(raw_dir):
    """Every raw table imported once (per test worker)."""
    return importer.import_raw(raw_dir)


def seizures(dataset, year, force, drug=None):
    frame = dataset.tables["seizures"]
    rows = frame[(frame["year"] == year) & (frame["force"] == force)]
    if drug is None:
        return dict(zip(rows["drug"], rows["seizures"], strict=True))
    (value,) = rows.loc[rows["drug"] == drug, "seizures"]
    return value


def quantity(dataset, year, force, drug):
    frame = dataset.tables["quantities"]
    (value,) = frame.loc[
        (frame["year"] == year) & (frame["force"] == force) & (frame["drug"] == drug), "quantity"
    ]
    return value


def text(path: Path) -> str:
    """A file's text exactly as published (line endings kept), without its byte-order mark."""
    return path.read_bytes().decode("utf-8-sig")


def parse(path: Path, year: str = "2018-19"):
    return parse_force_table(read_force_table(path), year, parse_count)


def edited(source: Path, target: Path, old: str, new: str) -> Path:
    """A copy of a raw table with one piece of text replaced (it must be there, once)."""
    text = source.read_bytes().decode("utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {source.name} exactly once"
    target.write_bytes(text.replace(old, new).encode("utf-8"))
    return target


# ---------------------------------------------------------------- the quirks of the raw tables


def test_byte_order_mark(raw_dir):
    path = raw_dir / SEIZURES / "Seizures14-15.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbfPolice force,")
    grid = read_force_table(path)
    assert grid.header[0] == "Police force"
    assert grid.header_row == 1
    assert grid.rows[0][0] == 2
    assert grid.rows[0][1][:4] == ["Cleveland", "2357", "299", "48"]


def test_header_with_embedded_newline(raw_dir, dataset):
    path = raw_dir / SEIZURES / "Seizures18-19.csv"
    assert ',"Mephedrone\n(non-injection)",' in text(path)
    grid = read_force_table(path)
    assert grid.header[15] == "Mephedrone (non-injection)"
    # the newline inside the header cell does not shift the row numbers: Cleveland is row 2
    assert grid.rows[0][0] == 2 and grid.rows[0][1][0] == "Cleveland"
    # Cleveland 2018-19: ... Amphetamines 107, Barbiturates 0, Ketamine 2, Mephedrone 0,
    # Other Class B 29, Total Class B 1086
    assert seizures(dataset, "2018-19", "cleveland", "mephedrone") == 0
    assert seizures(dataset, "2018-19", "cleveland", "other-class-b") == 29
    assert seizures(dataset, "2018-19", "cleveland", "class-b") == 1086
    # The 2015-16 quantities header breaks "Anabolic \nsteroids"; Cleveland: Ketamine 0.00000,
    # Anabolic steroids 8.43449 kg, Benzodiazepines 6.65890 doses.
    assert quantity(dataset, "2015-16", "cleveland", "ketamine") == 0.0
    assert quantity(dataset, "2015-16", "cleveland", "anabolic-steroids") == 8.43449
    assert quantity(dataset, "2015-16", "cleveland", "benzodiazepines") == 6.65890


def test_anabolic0steroids(raw_dir, dataset):
    for name in ("Seizures10-11.csv", "Seizures11-12.csv", "Seizures12-13.csv"):
        assert ",Anabolic0steroids," in text(raw_dir / SEIZURES / name)
    # Cleveland 2011-12: Total Class B 1542, Anabolic0steroids 8, Benzodiazepines 73
    assert seizures(dataset, "2011-12", "cleveland", "class-b") == 1542
    assert seizures(dataset, "2011-12", "cleveland", "anabolic-steroids") == 8
    assert seizures(dataset, "2011-12", "cleveland", "benzodiazepines") == 73


def test_whitespace_padded_force_names(raw_dir, dataset):
    published = text(raw_dir / SEIZURES / "Seizures16-17.csv")
    assert "\n Cheshire ,1064," in published and "\n Hampshire  ,3241," in published
    assert '\n" London, City of ",317,' in published
    assert seizures(dataset, "2016-17", "cheshire", "all-drugs") == 1064
    assert seizures(dataset, "2016-17", "hampshire", "all-drugs") == 3241
    assert seizures(dataset, "2016-17", "city-of-london", "all-drugs") == 317
    assert seizures(dataset, "2016-17", "british-transport-police", "all-drugs") == 1136
    # every force of the file is there, once, under its own slug
    year = dataset.tables["seizures"].query("year == '2016-17'")
    assert year["force"].nunique() == 41
    assert len(year) == 41 * 24  # 24 drug columns from 2015-16 (mephedrone added)


def test_ampersand_and_and(dataset):
    assert seizures(dataset, "2016-17", "avon-and-somerset", "all-drugs") == 3783  # "and"
    assert seizures(dataset, "2017-18", "avon-and-somerset", "all-drugs") == 3070  # "&"
    assert seizures(dataset, "2017-18", "devon-and-cornwall", "all-drugs") == 4054
    assert seizures(dataset, "2018-19", "devon-and-cornwall", "all-drugs") == 4521


def test_london_city_of(dataset):
    assert seizures(dataset, "2009-10", "city-of-london", "all-drugs") == 771
    assert seizures(dataset, "2018-19", "city-of-london", "all-drugs") == 321
    assert seizures(dataset, "2018-19", "city-of-london", "cocaine") == 103


def test_blank_border_force_cells_are_not_zero(dataset):
    border = seizures(dataset, "2018-19", "border-force")
    blank = {"methadone", "barbiturates", "benzodiazepines", "ghb", "temazepam", "unknown"}
    assert {drug for drug, value in border.items() if pd.isna(value)} == blank
    assert border["lsd"] == 34 and border["morphine"] == 8 and border["all-drugs"] == 8937
    # a published zero stays zero: 2017-18 Border Force methadone is "0" in the file
    assert seizures(dataset, "2017-18", "border-force", "methadone") == 0
    # so the police-only national figure is not published either, rather than the total
    national = dataset.tables["england_and_wales"].set_index(["year", "drug"])
    assert national.loc[("2018-19", "methadone"), "total"] == 407
    assert pd.isna(national.loc[("2018-19", "methadone"), "police"])
    # and the committed table writes an empty cell, never 0
    text = (DATA / "seizures.csv").read_text()
    assert "\n2018-19,border-force,methadone,\n" in text
    assert "\n2017-18,border-force,methadone,0\n" in text


def test_hampshire_2012_13_is_not_published_not_zero(raw_dir, dataset):
    assert "\nHampshire,,,,,,,,,,,,,,,,,,,,,,,\r\n" in text(
        raw_dir / SEIZURES / "Seizures12-13.csv"
    )
    values = seizures(dataset, "2012-13", "hampshire")
    assert len(values) == 23
    assert all(pd.isna(v) for v in values.values())
    quantities = dataset.tables["quantities"].query("year == '2012-13' and force == 'hampshire'")
    assert len(quantities) == 17 and quantities["quantity"].isna().all()
    # the years either side are published
    assert seizures(dataset, "2011-12", "hampshire", "all-drugs") > 0
    assert seizures(dataset, "2013-14", "hampshire", "all-drugs") > 0
    assert "\n2012-13,hampshire,all-drugs,\n" in (DATA / "seizures.csv").read_text()


def test_2014_15_bedfordshire_and_hampshire_rows_are_empty(dataset):
    # Not in the README's list of quirks, but in the file: both rows are all blank.
    for force in ("bedfordshire", "hampshire"):
        assert all(pd.isna(v) for v in seizures(dataset, "2014-15", force).values())
    assert "  2014-15: 39 forces with figures;" in importer.summary(dataset)
    assert "  2012-13: 40 forces with figures;" in importer.summary(dataset)


def test_2014_15_header_erratum(dataset):
    # Cleveland,2357,299,48,24,163,0,19,3,8,533,1512,194,0,5,18,1689,15,121,0,14,50,195,206
    # The published header puts "Other Class B" over 5 and "Total Class B" over 18; the
    # figures follow the 2014 layout: Ketamine 5, Other Class B 18, Total Class B 1689, ...
    expected = {
        "all-drugs": 2357,
        "class-a": 533,
        "cannabis": 1512,
        "amphetamines": 194,
        "barbiturates": 0,
        "ketamine": 5,
        "other-class-b": 18,
        "class-b": 1689,
        "anabolic-steroids": 15,
        "benzodiazepines": 121,
        "ghb": 0,
        "temazepam": 14,
        "other-class-c": 50,
        "class-c": 195,
        "unknown": 206,
    }
    cleveland = seizures(dataset, "2014-15", "cleveland")
    assert {k: cleveland[k] for k in expected} == expected
    classes = dataset.tables["drug_classes"].set_index(["year", "drug"])["drug_class"]
    assert classes[("2014-15", "ketamine")] == "B"
    assert classes[("2013-14", "ketamine")] == "C"  # before the June 2014 reclassification
    assert any(m.startswith("Seizures14-15.csv: header corrected.") for m in dataset.messages)


def test_2015_16_header_erratum(dataset):
    # Cleveland,1935,...,All Cannabis 1120,139,0,0,7,12,1243,19,73,0,5,74,159,293: the
    # first "Total Class C" (1243) is the Class B total; the second (159) is Class C's.
    cleveland = seizures(dataset, "2015-16", "cleveland")
    assert cleveland["class-b"] == 1243
    assert cleveland["class-c"] == 159
    assert cleveland["mephedrone"] == 7
    assert any(m.startswith("Seizures15-16.csv: header corrected.") for m in dataset.messages)


def test_erratum_follows_the_exact_bytes_not_the_name(raw_dir, tmp_path):
    source = raw_dir / SEIZURES / "Seizures14-15.csv"
    same = tmp_path / "renamed.csv"
    same.write_bytes(source.read_bytes())
    assert (
        parse(same, "2014-15")
        .values.query("force == 'cleveland' and drug == 'ketamine'")["value"]
        .item()
        == 5
    )
    # One figure changed (Durham's all-drugs): a different file, so no erratum; the header
    # is read as published, and its duplicate column stops the import.
    changed = edited(source, tmp_path / "Seizures14-15.csv", "Durham,1833,", "Durham,1834,")
    with pytest.raises(SourceError) as caught:
        parse(changed, "2014-15")
    assert str(caught.value) == (
        f"file {changed}, row 1, column 'column 23', value 'Other Class C': "
        "duplicate drug column: Other Class C appears twice"
    )


def test_without_the_errata_the_import_stops(raw_dir, monkeypatch):
    for sha in list(HEADER_ERRATA):
        monkeypatch.delitem(HEADER_ERRATA, sha)
    with pytest.raises(SourceError) as caught:
        importer.import_raw(raw_dir)
    path = raw_dir / SEIZURES / "Seizures14-15.csv"
    assert str(caught.value) == (
        f"file {path}, row 1, column 'column 23', value 'Other Class C': "
        "duplicate drug column: Other Class C appears twice"
    )


def test_2014_15_read_as_labelled_is_stopped_as_systematic(raw_copy):
    # Give the second "Other Class C" the label it should have had, but leave Ketamine where
    # the header says: the Class B total then sits over "Other Class B" figures (Cleveland
    # 18 against cannabis 1512), and the Class C total under Anabolic steroids' 1689.
    path = raw_copy / SEIZURES / "Seizures14-15.csv"
    edited(path, path, "Other Class C,Other Class C,", "Other Class C,Total Class C,")
    parsed = parse(path, "2014-15")
    found = consistency(parsed.values, parsed.classes, path.name)
    cleveland = found[found["force"] == "cleveland"].set_index("check")
    assert cleveland.loc["class-b below its largest drug", "figure"] == 18
    assert cleveland.loc["class-b below its largest drug", "bound"] == 1512
    assert cleveland.loc["class-c below its largest drug", "bound"] == 1689
    with pytest.raises(SourceError) as caught:
        stop_if_systematic(found, 41, str(path))
    message = (
        f"file {path}, row 36, column 'class-c', value 208: 'class-c below its largest "
        "drug' fails for 39 of 41 forces: the columns are probably not in the order the "
        "header says"
    )
    assert str(caught.value) == message
    # and the whole import stops there
    with pytest.raises(SourceError) as caught:
        importer.import_raw(raw_copy)
    assert str(caught.value) == message


def test_population_codes_with_non_breaking_space(raw_dir, dataset):
    with gzip.open(raw_dir / ONS / "la-population-mid-2001-2020.csv.gz", "rt") as handle:
        lines = handle.read().splitlines()
    nbsp = sorted({line.split(",")[0] for line in lines if "\u00a0" in line})
    assert nbsp == ["E06000061\u00a0", "E06000062\u00a0"]
    assert sum("E06000061\u00a0," in line for line in lines) == 20
    # North Northamptonshire 348,228 + West Northamptonshire 405,050 (mid-2019)
    population = dataset.tables["population"].set_index(["area", "year"])["population"]
    assert population[("northamptonshire", 2019)] == 753_278


def test_authorities_formed_after_2016(raw_dir):
    population = pd.read_csv(raw_dir / ONS / "la-population-mid-2001-2020.csv.gz", dtype=str)
    lookup = importer._lookup(raw_dir / ONS / "lad16-csp16-pfa16-lookup.csv")
    codes = {c.replace("\u00a0", "").strip() for c in population["code"]}
    assert len(codes) == 331
    # Eight in the population file (2021 boundaries); four more made in 2023.
    of_2023 = {"E06000063", "E06000064", "E06000065", "E06000066"}
    assert codes - set(lookup["LAD16CD"]) == set(LA_SUCCESSORS) - of_2023
    assert not of_2023 & codes
    mapping = la_to_force(lookup, Path("population"))
    assert {code: mapping[code] for code in LA_SUCCESSORS} == {
        "E06000058": "dorset",  # Bournemouth, Christchurch and Poole
        "E06000059": "dorset",
        "E06000060": "thames-valley",  # Buckinghamshire
        "E06000061": "northamptonshire",
        "E06000062": "northamptonshire",
        "E07000244": "suffolk",  # East Suffolk
        "E07000245": "suffolk",
        "E07000246": "avon-and-somerset",  # Somerset West and Taunton
        "E06000063": "cumbria",  # Cumberland
        "E06000064": "cumbria",  # Westmorland and Furness
        "E06000065": "north-yorkshire",
        "E06000066": "avon-and-somerset",  # Somerset, Somerset West and Taunton among them
    }


def test_successor_split_across_forces_is_refused(raw_dir, monkeypatch):
    lookup = importer._lookup(raw_dir / ONS / "lad16-csp16-pfa16-lookup.csv")
    # Poole (Dorset) with Bedford (Bedfordshire): not wholly inside one force
    monkeypatch.setitem(LA_SUCCESSORS, "E06000058", ("E06000029", "E06000055"))
    with pytest.raises(SourceError) as caught:
        la_to_force(lookup, Path("population.csv.gz"))
    assert str(caught.value) == (
        "file population.csv.gz, column 'code', value 'E06000058': predecessor districts "
        "E06000029, E06000055 do not lie in one force area"
    )


def test_population_check_values(dataset):
    population = dataset.tables["population"].set_index(["area", "year"])["population"]
    assert population[("sussex", 2019)] == 1_712_094
    assert population[("west-mercia", 2019)] == 1_291_577
    assert population[("england-and-wales", 2019)] == 59_439_840
    assert population[("england", 2019)] + population[("wales", 2019)] == 59_439_840
    assert set(population.index.get_level_values("year")) == set(range(2001, 2021))


def test_police_only_national_figures(dataset):
    national = dataset.tables["england_and_wales"].set_index(["year", "drug"])
    all_drugs = national.loc[("2018-19", "all-drugs")]
    assert (all_drugs["total"], all_drugs["border_force"], all_drugs["police"]) == (
        153_135,
        8_937,
        144_198,
    )
    cocaine = national.loc[("2018-19", "cocaine")]
    assert (cocaine["total"], cocaine["border_force"], cocaine["police"]) == (17_038, 385, 16_653)
    # seizures_EW.csv's "year" is the year ending in March: 2010 is 2009-10
    assert national.loc[("2009-10", "cocaine"), "total"] == 21_377
    assert "  2018-19: 41 forces with figures; England and Wales police seizures 144,198" in (
        importer.summary(dataset)
    )


# ---------------------------------------------------------------- each check names where and what

BAD_CELLS = {
    "unknown force": (
        "Cleveland,1812,",
        "Clevland,1812,",
        "row 2, column 'Police force', value 'Clevland': unknown police force name (add a "
        "spelling to build_data/reference.py if it is a known force)",
    ),
    "unknown drug": (
        ",Heroin,",
        ",Heroine,",
        "row 1, column 'column 6', value 'Heroine': unknown drug column header (add it to "
        "build_data/reference.py if it is a new drug type)",
    ),
    "duplicate row": (
        "\nDurham,",
        "\nCleveland,",
        "row 3, column 'Police force', value 'Cleveland': duplicate row: this force already "
        "appears in row 2",
    ),
    "duplicate column": (
        ",Crack,",
        ",Cocaine,",
        "row 1, column 'column 4', value 'Cocaine': duplicate drug column: Cocaine appears twice",
    ),
    "non-numeric cell": (
        "Cleveland,1812,220,",
        "Cleveland,1812,22O,",
        "row 2, column 'Cocaine', value '22O': cell is not a number",
    ),
    "negative cell": (
        "Cleveland,1812,220,",
        "Cleveland,1812,-220,",
        "row 2, column 'Cocaine', value '-220': cell is negative",
    ),
    "fractional count": (
        "Cleveland,1812,220,",
        "Cleveland,1812,220.5,",
        "row 2, column 'Cocaine', value '220.5': cell is not a whole number of seizures",
    ),
    "decimal comma": (
        "Cleveland,1812,220,",
        'Cleveland,1812,"2,20",',
        "row 2, column 'Cocaine', value '2,20': cell is not a number",
    ),
    "last row": (
        "Border Force,8937,385,",
        "Border Force,8937,-385,",
        "row 42, column 'Cocaine', value '-385': cell is negative",
    ),
    "extra cell": (
        ",237,340\r\n",
        ",237,340,7\r\n",
        "row 2, column 'column 26', value '7': row has more cells than the header has columns",
    ),
}


@pytest.mark.parametrize("case", BAD_CELLS, ids=list(BAD_CELLS))
def test_each_check_names_file_row_column_and_value(case, raw_dir, tmp_path):
    old, new, where_and_what = BAD_CELLS[case]
    path = edited(
        raw_dir / SEIZURES / "Seizures18-19.csv", tmp_path / "Seizures18-19.csv", old, new
    )
    with pytest.raises(SourceError) as caught:
        parse(path)
    assert str(caught.value) == f"file {path}, {where_and_what}"


def test_thousands_separators_are_read(raw_dir, tmp_path):
    path = edited(
        raw_dir / SEIZURES / "Seizures18-19.csv",
        tmp_path / "Seizures18-19.csv",
        "Border Force,8937,",
        'Border Force,"8,937",',
    )
    values = parse(path).values
    assert values.query("force == 'border-force' and drug == 'all-drugs'")["value"].item() == 8937


def test_bad_quantity_cell(raw_dir, tmp_path):
    path = edited(
        raw_dir / QUANTITIES / "Quantities18-19.csv",
        tmp_path / "Quantities18-19.csv",
        "Hampshire,9.16,",
        "Hampshire,-9.16,",
    )
    with pytest.raises(SourceError) as caught:
        parse_force_table(read_force_table(path), "2018-19", parse_quantity)
    assert str(caught.value).startswith(f"file {path}, row ")
    assert str(caught.value).endswith(", column 'Cocaine', value '-9.16': cell is negative")


def test_missing_year(raw_copy):
    (raw_copy / SEIZURES / "Seizures13-14.csv").unlink()
    (raw_copy / QUANTITIES / "Quantities13-14.csv").unlink()
    with pytest.raises(SourceError) as caught:
        importer.import_raw(raw_copy)
    assert str(caught.value) == (
        f"file {raw_copy / SEIZURES / 'Seizures14-15.csv'}, column 'year', value '2013-14': a "
        "year is missing between the first and last year imported (the file named is the next "
        "year's table)"
    )
    assert caught.value.row is None  # a missing year has no row to point at


def test_seizures_and_quantities_must_cover_the_same_years(raw_copy):
    (raw_copy / QUANTITIES / "Quantities18-19.csv").unlink()
    with pytest.raises(SourceError) as caught:
        importer.import_raw(raw_copy)
    assert str(caught.value) == (
        f"file {raw_copy / 'home-office'}, column 'year', value '2018-19': seizures and "
        "quantities tables cover different years"
    )


def test_missing_english_force(raw_copy):
    path = raw_copy / SEIZURES / "Seizures13-14.csv"
    text = path.read_bytes().decode("utf-8")
    kent = next(line for line in text.split("\n") if line.startswith("Kent,"))
    path.write_bytes(text.replace(kent + "\n", "").encode("utf-8"))
    with pytest.raises(SourceError) as caught:
        importer.import_raw(raw_copy)
    assert str(caught.value) == (
        f"file {path}, column 'Police force', value 'Kent': an English force has no row (a "
        "force that did not supply data still needs a row with empty cells)"
    )
    assert caught.value.row is None  # the force has no row: that is the problem


# ---------------------------------------------------------------- all or nothing, through the CLI

CLI_FAILURES = {
    "per-force table": (
        SEIZURES / "Seizures18-19.csv",
        "Cleveland,1812,220,",
        "Cleveland,1812,22O,",
        "row 2, column 'Cocaine', value '22O': cell is not a number",
    ),
    # read only after every per-force table has passed
    "national totals": (
        NATIONAL / "seizures_EW.csv",
        "\n2019,17038,",
        "\n2019,17038.5,",
        "row 12, column 'Cocaine', value '17038.5': cell is not a whole number of seizures",
    ),
    # read last of all
    "force lookup": (
        ONS / "lad16-csp16-pfa16-lookup.csv",
        "E07000144,Broadland,E22000219,Broadland,E23000024,",
        "E07000144,Broadland,E22000219,Broadland,E23000099,",
        "row 2, column 'PFA16CD', value 'E23000099': unknown police force area code",
    ),
}


@pytest.mark.parametrize("case", CLI_FAILURES, ids=list(CLI_FAILURES))
def test_cli_stops_and_writes_nothing(case, raw_copy, data_copy, snapshot, capsys):
    relative, old, new, where_and_what = CLI_FAILURES[case]
    path = edited(raw_copy / relative, raw_copy / relative, old, new)
    before = snapshot(data_copy)
    assert main(["import", "--raw", str(raw_copy), "--data", str(data_copy)]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"import stopped, nothing written: file {path}, {where_and_what}\n"
    assert captured.out == ""
    assert snapshot(data_copy) == before  # same files, same bytes, no temporaries left


# ---------------------------------------------------------------- reproduction


def test_reimport_reproduces_the_committed_tables(raw_dir, tmp_path, snapshot, capsys):
    out = tmp_path / "data"
    assert main(["import", "--raw", str(raw_dir), "--data", str(out)]) == 0
    report = capsys.readouterr().out
    assert report.startswith("Imported 10 years (2009-10 to 2018-19), 41 forces and agencies.\n")
    written = snapshot(out)
    expected = {f"{name}.csv" for name in importer.TABLES} | {"provenance.json"}
    assert expected <= set(written)
    committed = snapshot(DATA)
    for name, content in written.items():
        assert name in committed, f"the import writes {name}, which is not committed"
        assert content == committed[name], f"data/{name} is not what the import writes"


def test_quantities_keep_their_published_precision(dataset):
    # Border Force 2009-10 cocaine: 1996.50575 kg; the police-only figure keeps 5 places
    assert quantity(dataset, "2009-10", "border-force", "cocaine") == 1996.50575
    national = dataset.tables["england_and_wales_quantities"].set_index(["year", "drug"])
    row = national.loc[("2009-10", "cocaine")]
    assert row["police"] == 646.16546  # 2642.67121 - 1996.50575, rounded to 5 places
    assert row["unit"] == "kg"
