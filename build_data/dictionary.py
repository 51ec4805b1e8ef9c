"""The data dictionary (references/data_dictionary.yaml), read and checked.

Hand-written metadata lives beside the data, not in Python: this module only
reads the YAML, checks its shape (pydantic) and its sense (every tidy table
described once, keys among the columns), and hands back frozen records. The
Downloads page, the Parquet metadata and datapackage.json are all made from it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from build_data import paths, tidy

DICTIONARY = paths.REFERENCES / "data_dictionary.yaml"


class DictionaryError(ValueError):
    """The data dictionary is malformed, or a table's columns differ from it."""


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Column(_Record):
    name: str = Field(min_length=1)
    type: Literal["text", "whole number", "decimal"]
    unit: str  # "" where the column is a key or text
    meaning: str = Field(min_length=1)
    unit_column: str | None = None  # the column giving this one's unit, row by row


def _unique(names: list[str], what: str) -> None:
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ValueError(f"{what} listed more than once: {', '.join(repeated)}")


class Table(_Record):
    name: str = Field(min_length=1)
    title: str = Field(min_length=1)
    row: str = Field(min_length=1)  # what one row is
    primary_key: tuple[str, ...] = ()
    columns: tuple[Column, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _keys_are_columns(self) -> Table:
        names = [c.name for c in self.columns]
        _unique(names, f"{self.name}: columns")
        unknown = [k for k in self.primary_key if k not in names]
        if unknown:
            raise ValueError(f"{self.name}: primary key {unknown} not among its columns")
        units = [c.unit_column for c in self.columns if c.unit_column not in (None, *names)]
        if units:
            raise ValueError(f"{self.name}: unit column {units} not among its columns")
        return self


class Source(_Record):
    title: str = Field(min_length=1)
    path: str = Field(pattern=r"^https://")


class Package(_Record):
    """What datapackage.json says of the whole, and the attribution to copy."""

    name: str = Field(pattern=r"^[a-z0-9._-]+$")
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    attribution: str = Field(min_length=1)
    publishers: tuple[str, ...] = Field(min_length=1)
    sources: tuple[Source, ...] = Field(min_length=1)


class PerPage(_Record):
    page: str
    address: str
    csv: str


class OtherFile(_Record):
    name: str
    description: str


class Dictionary(_Record):
    package: Package
    tables: tuple[Table, ...]
    page_columns: tuple[Column, ...]
    per_page: tuple[PerPage, ...]
    other_files: tuple[OtherFile, ...]

    @model_validator(mode="after")
    def _every_table_once(self) -> Dictionary:
        names = [t.name for t in self.tables]
        _unique(names, "tables")
        _unique([c.name for c in self.page_columns], "page columns")
        if set(names) != set(tidy.TABLES):
            raise ValueError(f"tables {sorted(names)} differ from the tidy tables {tidy.TABLES}")
        return self


def load(path: Path = DICTIONARY) -> Dictionary:
    """The checked dictionary; a DictionaryError names the file and what is wrong."""
    try:
        return Dictionary.model_validate(yaml.safe_load(Path(path).read_text(encoding="utf-8")))
    except (ValidationError, yaml.YAMLError) as exc:
        raise DictionaryError(f"{path}: {exc}") from exc
