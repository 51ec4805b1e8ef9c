"""Benchmark: how long a build takes, how heavy each page is, and how both grow.

`python -m bench` (or `make bench`) writes bench/results.md and
bench/results.json and exits non-zero if a budget fails. Everything it builds
goes into a temporary folder: a copy of the work tree without .git, .venv,
site/, build/ and the generated pages. It never touches the project's own
site/, docs/ or data/.

What it measures
----------------
Build time by stage, each in a fresh Python process (a "worker": `python -m bench
_worker`, see bench/worker.py), median of --runs runs:

- import: `importer.import_raw` on the raw folder (and the whole
  `python -m build_data import`, which also re-derives the boundaries and
  writes data/);
- statistics: `stats.compute` on the tidy tables;
- pages and charts: `python -m build_data pages` (`pages.build`), with a
  breakdown of where its time goes (chart building, vl-convert SVG renders,
  the Vega bundle, the downloads);
- social cards: the hook's own timer (build_data/hooks/social.py logs the
  CPU-seconds its two threads spent finding or drawing cards);
- mkdocs build: `load_config` + `build` in-process, --strict.

"Cold" is the first call in a fresh process with build/ removed (no social
card cache, no SVG cache, vl-convert not yet started); "warm" is a second
call with the caches kept. The full build is timed from process start
(interpreter start-up and imports included), as `make site` runs it: import,
then pages, then mkdocs, each a fresh process.

Baseline: the same mkdocs.yml with the social hook and the chart script left
out, building the same pages (same paths, same nav) with the chart figures
and the card front matter removed from their Markdown; same run, same machine.

Growth: synthetic inputs made from the real ones (see `scale_forces`,
`scale_years`, `scale_raw_forces`, `scale_raw_years`), by default three and
ten times the forces and three times the years; the whole bench takes about
seven minutes on two cores (`--forces 3` leaves out the slowest, ten times
the forces, about three minutes). A stage is flagged when its time per page
(or per row of input) rose more than 1.5 times, compared on CPU time where
measured. Peak
memory is the process's peak resident set size during the stage (VmHWM, reset
before each stage through /proc/self/clear_refs): it counts what tracemalloc
cannot see, such as vl-convert's JavaScript engine.

Page weight: site/ served on 127.0.0.1 by a small threaded server that
gzips text responses (level 6); headless Chromium opens each page type in a
fresh context (empty cache) and the server counts every byte it sends. "Without
chart scripts" aborts the requests for charts.js and the Vega bundle.
"""
