"""The HTML a chart is placed in: the figure block and its data table, from Jinja templates.

The templates are in build_data/render/templates/html/, rendered with
autoescaping. Values are escaped as the standard library's `html.escape` does
(`&quot;`, `&#x27;`), as the pages always have been; markupsafe's own escape
writes quotes differently.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping

import altair as alt
import jinja2
import pandas as pd
from markupsafe import Markup

from build_data.formatting import is_missing
from build_data.render.charts import interactive, static
from build_data.render.charts.theme import number

Formatter = Callable[[object], str] | str


def _escape(value: object) -> Markup:
    """Every value a template writes: escaped with html.escape, unless already markup."""
    return value if isinstance(value, Markup) else Markup(html.escape(str(value)))


def _squeeze(text: str) -> str:
    """No blank line inside a value: one would end the raw HTML block in Markdown."""
    return text.replace("\n\n", "\n")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("build_data.render", "templates/html"),
        autoescape=True,
        finalize=_escape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["squeeze"] = _squeeze
    return env


ENV = _environment()


def html_template(name: str) -> jinja2.Template:
    return ENV.get_template(name)


def json_for_html(value: dict) -> Markup:
    """JSON to sit as text in HTML: no <, > or &, so no tag, comment or entity can appear
    (JSON only has these inside strings, where \\u escapes mean the same)."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return Markup(
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _column_format(series: pd.Series) -> Callable[[object], str]:
    """Integers with separators; decimals to one place below 100, whole numbers above."""
    if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
        return lambda v: "" if is_missing(v) else str(v)
    values = pd.to_numeric(series, errors="coerce").dropna().astype(float)
    integral = bool(((values % 1) == 0).all()) if len(values) else True
    decimals = 0 if integral or (len(values) and values.abs().max() >= 100) else 1
    return lambda v: number(v, decimals)


def _formatter(fmt: Formatter | None, series: pd.Series, missing: str) -> Callable[[object], str]:
    if isinstance(fmt, str):
        return lambda v: missing if is_missing(v) else fmt.format(v)
    if callable(fmt):
        return fmt
    return _column_format(series)


def table_html(
    table: pd.DataFrame,
    formats: Mapping[str, Formatter] | None = None,
    missing: str = "not published",
    marked: str | None = None,
) -> str:
    """An HTML table: header row, first column as row headers, numbers formatted, all escaped.

    The row whose first cell reads `marked` (the page's own force) has class "marked".
    """
    formats = dict(formats or {})
    names = list(table.columns)
    formatters = {col: _formatter(formats.get(col), table[col], missing) for col in names}
    numeric = {
        col: pd.api.types.is_numeric_dtype(table[col])
        and not pd.api.types.is_bool_dtype(table[col])
        for col in names
    }
    rows = [
        {
            "marked": marked is not None and record[0] == marked,
            "cells": [
                {
                    "text": missing if is_missing(value) else formatters[col](value),
                    "numeric": numeric[col],
                }
                for col, value in zip(names, record, strict=True)
            ],
        }
        for record in table.itertuples(index=False, name=None)
    ]
    columns = [{"name": col, "numeric": numeric[col]} for col in names]
    return html_template("table.html.j2").render(columns=columns, rows=rows)


def figure(
    chart_id: str,
    title: str,
    description: str,
    static_html: Markup,
    page_spec: dict,
    table: Markup,
    caption: str | None,
    extra: Markup | str = "",
) -> str:
    """The HTML block every chart is placed in (md_in_html; no blank lines inside).

    `extra` is HTML placed last in the figure (the chart's downloads and embed code).
    """
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", chart_id):
        raise ValueError(f"chart_id must be lower-case letters, digits and hyphens: {chart_id!r}")
    return html_template("figure.html.j2").render(
        chart_id=chart_id,
        title=title,
        caption=caption,
        description=description,
        static=static_html,
        spec_json=json_for_html(page_spec),
        table=table,
        extra=Markup(extra),
    )


def render(
    chart: alt.TopLevelMixin | dict,
    chart_id: str,
    title: str,
    description: str,
    table: pd.DataFrame,
    caption: str | None = None,
    *,
    formats: Mapping[str, Formatter] | None = None,
    missing: str = "not published",
    cache: static.Cache = None,
    extra: Markup | str = "",
) -> str:
    """The chart as one HTML block for a Markdown page (md_in_html; no blank lines inside).

    A static SVG drawn now, the spec (JSON in a <template class="chart-spec">)
    for vega-embed to draw an interactive copy over it, a sentence describing
    it, and its data as a table. The SVG and the spec carry data-search-exclude
    so the site search indexes the description and table, not axis labels.
    `caption`, if given, is a note under the title (source, or what is left out).
    `formats` maps column names to a format string ("{:.1%}") or a function;
    other numeric columns get thousands separators; missing values read `missing`.
    `cache` is the folder of SVGs drawn by earlier builds (None: draw anew).
    `chart` may be its spec already (static.spec); `extra` as in `figure`.
    """
    # static.spec and static.svg are looked up on the module, so that the benchmark's
    # timers (bench/config.py TIMED) see these calls.
    vl_spec = chart if isinstance(chart, dict) else static.spec(chart)
    return figure(
        chart_id,
        title,
        description,
        Markup(static.svg(vl_spec, chart_id, cache)),
        interactive.interactive_spec(vl_spec),
        Markup(table_html(table, formats, missing)),
        caption,
        extra,
    )
