"""Hand-written metadata in references/: read, checked, and true to the files it describes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from build_data import dictionary, paths, tidy
from build_data.ingest.layouts import read_force_table
from build_data.ingest.sources import sha256
from build_data.reference import HEADER_ERRATA, load_header_errata

DATA = paths.DATA
SEIZURES = Path("home-office/seizures-by-force")


def _write(path: Path, value: object) -> Path:
    path.write_text(yaml.safe_dump(value, sort_keys=False, allow_unicode=True))
    return path


def test_data_holds_only_what_the_importer_writes_and_the_raw_sources():
    written = {f"{name}.csv" for name in tidy.TABLES} | {"provenance.json", "boundaries.geojson"}
    # data/raw/ is the published tables as downloaded (immutable input); the rest is output.
    found = {p.name for p in DATA.iterdir() if not p.name.startswith(".")}
    assert found == written | {"raw"}
    assert (DATA / "raw").is_dir()
    assert (paths.REFERENCES / "notes.yaml").is_file()


def test_notes_are_read_from_references_and_checked():
    notes = tidy.load_notes(paths.REFERENCES / "notes.yaml")
    raw = yaml.safe_load((paths.REFERENCES / "notes.yaml").read_text())
    assert [(n["force"], n["text"]) for n in notes] == [(r["force"], r["text"]) for r in raw]


@pytest.mark.raw
def test_each_header_erratum_names_the_exact_published_file(raw_dir):
    for sha, erratum in HEADER_ERRATA.items():
        path = raw_dir / SEIZURES / erratum.file
        assert sha256(path) == sha == erratum.sha256, erratum.file
        # the corrected header has one label per column of the published table
        assert len(erratum.header) == len(read_force_table(path).header), erratum.file


def test_header_errata_loader_rejects_an_incomplete_or_repeated_record(tmp_path):
    records = yaml.safe_load((paths.REFERENCES / "header_errata.yaml").read_text())
    assert load_header_errata(paths.REFERENCES / "header_errata.yaml") == HEADER_ERRATA
    no_source = [{k: v for k, v in records[0].items() if k != "source"}]
    with pytest.raises(ValueError, match="source"):
        load_header_errata(_write(tmp_path / "a.yaml", no_source))
    with pytest.raises(ValueError, match="more than once"):
        load_header_errata(_write(tmp_path / "b.yaml", [records[0], records[0]]))
    bad_sha = [{**records[0], "sha256": "not-a-fingerprint"}]
    with pytest.raises(ValueError, match="sha256"):
        load_header_errata(_write(tmp_path / "c.yaml", bad_sha))


def test_data_dictionary_describes_every_tidy_table_in_its_column_order():
    loaded = dictionary.load()
    assert {t.name for t in loaded.tables} == set(tidy.TABLES)
    for table in loaded.tables:
        header = pd.read_csv(DATA / f"{table.name}.csv", nrows=0).columns.tolist()
        assert header == [c.name for c in table.columns], table.name


def test_each_primary_key_names_one_row_in_the_committed_tables():
    tables = tidy.read_dataset(DATA).tables
    for table in dictionary.load().tables:
        if table.primary_key:
            frame = tables[table.name]
            assert not frame.duplicated(list(table.primary_key)).any(), table.name


def test_data_dictionary_loader_rejects_what_it_cannot_check(tmp_path):
    raw = yaml.safe_load(dictionary.DICTIONARY.read_text())
    unknown_type = {**raw, "tables": [dict(raw["tables"][0])] + raw["tables"][1:]}
    unknown_type["tables"][0]["columns"] = [
        {**raw["tables"][0]["columns"][0], "type": "date"},
        *raw["tables"][0]["columns"][1:],
    ]
    with pytest.raises(dictionary.DictionaryError, match="type"):
        dictionary.load(_write(tmp_path / "a.yaml", unknown_type))
    missing_table = {**raw, "tables": raw["tables"][1:]}
    with pytest.raises(dictionary.DictionaryError, match="differ from the tidy tables"):
        dictionary.load(_write(tmp_path / "b.yaml", missing_table))
    bad_key = {**raw, "tables": [{**raw["tables"][0], "primary_key": ["nope"]}, *raw["tables"][1:]]}
    with pytest.raises(dictionary.DictionaryError, match="primary key"):
        dictionary.load(_write(tmp_path / "c.yaml", bad_key))
