"""Command line: `python -m build_data import ...`, `... pages` and `... edition`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from build_data import paths
from build_data.ingest.sources import SourceError


def _import(args: argparse.Namespace) -> int:
    from build_data.ingest import boundaries, importer, new_year

    data = Path(args.data)
    if args.population:
        from build_data.ingest import mid_year

        dataset, report = mid_year.add_population(
            data, Path(args.population), args.mid_year, Path(args.raw), args.sheet
        )
    elif args.table:
        dataset, report = new_year.add_year(
            data,
            Path(args.table),
            args.year,
            quantities=args.quantities and Path(args.quantities),
            sheet=args.sheet,
            quantities_sheet=args.quantities_sheet,
            accept=args.accept,
        )
    else:
        dataset = importer.import_raw(Path(args.raw), accept=args.accept)
        if (data / "seizures.csv").exists():
            dataset, _ = new_year.carry_over(dataset, importer.read_dataset(data))
        report = importer.summary(dataset)
        # Before any table is written: a bad boundaries file stops the whole import.
        boundaries.write_boundaries(Path(args.raw), data)
    importer.write_dataset(dataset, data)
    print(report)
    return 0


def _pages(args: argparse.Namespace) -> int:
    from build_data.render import pages

    written = pages.build(Path(args.data), Path(args.docs))
    print(f"wrote {len(written)} pages into {args.docs}/")
    return 0


def _edition(args: argparse.Namespace) -> int:
    from build_data.publish import PublishError, publish

    try:
        print(publish(paths.ROOT, branch=args.branch))
    except PublishError as exc:
        print(f"edition not published: {exc}", file=sys.stderr)
        return 2
    return 0


def _golden(args: argparse.Namespace) -> int:
    from build_data.analysis.stats import compute
    from build_data.render import prose
    from build_data.tidy import load_notes, read_dataset

    stats = compute(read_dataset(Path(args.data)).tables)
    text = prose.golden(stats, load_notes(paths.REFERENCES / "notes.yaml"))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    print(f"wrote {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_data", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    imp = sub.add_parser("import", help="import raw tables into data/ (checked; all or nothing)")
    imp.add_argument("--raw", default=str(paths.RAW), help="folder of raw published tables")
    imp.add_argument("--data", default=str(paths.DATA), help="folder of tidy tables")
    imp.add_argument("--table", help="a new year's per-force seizures table (CSV, ODS or XLSX)")
    imp.add_argument("--quantities", help="that year's per-force quantities table, if any")
    imp.add_argument("--year", help="financial year of --table, such as 2019-20")
    imp.add_argument("--sheet", help="the sheet of a workbook to read, where several qualify")
    imp.add_argument("--quantities-sheet", help="the sheet of the --quantities workbook")
    imp.add_argument(
        "--accept",
        action="append",
        default=[],
        metavar="NAME",
        help="import a figure the plausibility guard stopped on, after checking it "
        "(NAME as the message gives it, such as 2019-20:kent:all-drugs); repeatable",
    )
    imp.add_argument("--population", help="ONS mid-year population estimates (XLSX, ODS or CSV)")
    imp.add_argument("--mid-year", type=int, help="the mid-year of --population, such as 2023")
    imp.set_defaults(run=_import)

    pag = sub.add_parser("pages", help="write the generated Markdown pages into docs/")
    pag.add_argument("--data", default=str(paths.DATA))
    pag.add_argument("--docs", default=str(paths.DOCS))
    pag.set_defaults(run=_pages)

    edi = sub.add_parser(
        "edition", help="publish the newest year as an edition on the local gh-pages branch"
    )
    edi.add_argument("--branch", default="gh-pages", help="the branch mike publishes to")
    edi.set_defaults(run=_edition)

    gold = sub.add_parser("golden", help="write every generated paragraph to the golden file")
    gold.add_argument("--data", default=str(paths.DATA))
    gold.add_argument("--out", default=str(paths.ROOT / "tests" / "golden" / "paragraphs.md"))
    gold.set_defaults(run=_golden)

    args = parser.parse_args(argv)
    if getattr(args, "table", None) and not args.year:
        parser.error("--table needs --year, such as --year 2019-20")
    if getattr(args, "population", None) and not args.mid_year:
        parser.error("--population needs --mid-year, such as --mid-year 2023")
    if getattr(args, "year", None):
        from build_data.ingest.normalise import financial_year

        try:
            financial_year(args.year)
        except ValueError as exc:  # a usage error, not a traceback
            parser.error(str(exc))
    try:
        return args.run(args)
    except SourceError as exc:
        print(f"import stopped, nothing written: {exc}", file=sys.stderr)
        return 2
