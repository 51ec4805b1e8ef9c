"""datapackage.json on the Downloads page: a valid Frictionless Data Package that matches its files.

Checked with the frictionless library itself (descriptor, every row against its
schema, primary keys unique), and against the data dictionary it is made from.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from frictionless import Package, validate

from build_data import dictionary, paths
from build_data.constants import OGL_URL
from build_data.render import datapackage, downloads

DATA = paths.DATA


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The Downloads files, written from the committed tables into a scratch docs/."""
    docs = tmp_path_factory.mktemp("docs")
    downloads.build(DATA, docs)
    return docs / "data"


def test_datapackage_is_valid_and_every_row_matches_its_schema(built):
    report = validate(built / "all" / datapackage.FILE)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert len(report.tasks) == len(dictionary.load().tables)


def test_every_resource_exists_with_the_columns_the_dictionary_describes(built):
    package = Package(built / "all" / datapackage.FILE)
    tables = {t.name: t for t in dictionary.load().tables}
    assert [r.name for r in package.resources] == list(tables)
    for resource in package.resources:
        path = built / "all" / resource.path
        assert path.is_file(), resource.path
        assert path.read_bytes() == (DATA / resource.path).read_bytes()
        table = tables[resource.name]
        header = pd.read_csv(path, nrows=0).columns.tolist()
        assert resource.schema.field_names == header == [c.name for c in table.columns]
        assert resource.schema.primary_key == list(table.primary_key)
        assert resource.schema.missing_values == [""]
        # rows as frictionless reads them: as many as the CSV has
        assert len(resource.read_rows()) == len(pd.read_csv(path))


def test_units_types_licence_and_sources_come_from_the_dictionary(built):
    raw = json.loads((built / "all" / datapackage.FILE).read_text())
    loaded = dictionary.load()
    assert raw["licenses"] == [
        {"name": "OGL-UK-3.0", "title": "Open Government Licence v3.0", "path": OGL_URL}
    ]
    assert raw["title"] == loaded.package.title
    assert [s["path"] for s in raw["sources"]] == [s.path for s in loaded.package.sources]
    assert {c["title"] for c in raw["contributors"]} == set(loaded.package.publishers)
    quantities = next(r for r in raw["resources"] if r["name"] == "quantities")
    fields = {f["name"]: f for f in quantities["schema"]["fields"]}
    assert fields["quantity"]["type"] == "number" and fields["quantity"]["unitField"] == "unit"
    seizures = next(r for r in raw["resources"] if r["name"] == "seizures")
    assert {f["name"]: f["type"] for f in seizures["schema"]["fields"]}["seizures"] == "integer"
    provenance = json.loads((DATA / "provenance.json").read_text())
    assert seizures["sources"] == [
        {"title": f"{provenance['seizures']['publisher']}, {provenance['seizures']['title']}"}
    ]


def test_downloads_page_links_the_datapackage(built):
    page = (built / "index.md").read_text()
    assert f"](all/{datapackage.FILE}){{ download }}" in page
