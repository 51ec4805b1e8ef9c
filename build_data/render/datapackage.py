"""datapackage.json for the Downloads page: the tidy tables as a Frictionless Data Package (v1).

Made from the same data dictionary as the Downloads page and the Parquet
metadata (references/data_dictionary.yaml): one file drives all three. Each
table is a tabular data resource with its schema: field names, types, units
(and which column holds the unit where it varies by row), primary key, and ""
as the marker of a figure not published.
"""

from __future__ import annotations

import json
from pathlib import Path

from build_data.constants import OGL, OGL_URL
from build_data.dictionary import Column, Dictionary, Table

FILE = "datapackage.json"
PROFILE = "tabular-data-package"
# The dictionary's types as Table Schema types.
FIELD_TYPES = {"text": "string", "whole number": "integer", "decimal": "number"}
MISSING = [""]  # an empty cell: not published, never zero
LICENCE = {"name": "OGL-UK-3.0", "title": OGL, "path": OGL_URL}


def _field(column: Column) -> dict:
    field = {
        "name": column.name,
        "type": FIELD_TYPES[column.type],
        "description": column.meaning,
    }
    if column.unit:
        field["unit"] = column.unit
    if column.unit_column:
        field["unitField"] = column.unit_column
    return field


def _resource(table: Table, source: dict | None) -> dict:
    schema: dict = {"fields": [_field(c) for c in table.columns], "missingValues": MISSING}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    resource = {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "title": table.title,
        "description": table.row,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }
    if source:
        resource["sources"] = [{"title": f"{source['publisher']}, {source['title']}"}]
    return resource


def descriptor(dictionary: Dictionary, provenance: dict[str, dict]) -> dict:
    """The package descriptor, as plain data: nothing in it is typed here but the mapping."""
    package = dictionary.package
    return {
        "profile": PROFILE,
        "name": package.name,
        "title": package.title,
        "description": package.description,
        "licenses": [LICENCE],
        "sources": [s.model_dump() for s in package.sources],
        "contributors": [{"title": name, "role": "publisher"} for name in package.publishers],
        "resources": [_resource(t, provenance.get(t.name)) for t in dictionary.tables],
    }


def write(package: dict, path: Path) -> Path:
    path = Path(path)
    path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
