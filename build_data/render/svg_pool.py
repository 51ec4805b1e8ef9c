"""vl-convert's drawing of static charts: on a pool of processes, kept by content hash.

Drawing a chart takes vl-convert about 60 ms, one at a time (its JavaScript
runtime is a single thread per process), and a build draws hundreds: a
`Drawer` hands them to a process per core while the pages are still being
written, and keeps every SVG in a folder keyed by the spec's content hash, so
a later build draws only what changed.

A worker draws with vl-convert's own Liberation Sans and the project's fonts
folder, not the machine's fonts (`start_worker`): the same drawing on every
machine, and three times faster, because vl-convert reopens and maps a system
font file for every piece of text it measures (about 3,000 times a chart).

A module of its own, outside the charts package: a worker process imports
this module and vl_convert, not Altair and pandas.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TypeVar

import vl_convert as vlc

# A placeholder a deferred drawing leaves in a page, replaced by `Drawer.fill`.
_PLACEHOLDER = re.compile(r"<!--static-svg (\d+)-->")
T = TypeVar("T")
# In the cache key: the cache holds SVGs as `tidy` leaves them. Change it with `tidy`.
TIDY = "tidy 1"
# A fontconfig file naming build_data/render/fonts as the only font folder. vl-convert's
# font database reads FONTCONFIG_FILE when it starts; its built-in Liberation Sans (the
# font that measures STATIC_FONT, Arial's metrics) is held in memory.
FONTS_CONF = Path(__file__).resolve().parent / "fonts" / "vl-convert.conf"


def start_worker() -> None:
    """A drawing worker's set-up: vl-convert pointed at FONTS_CONF, and a lower priority.

    The fonts only in worker processes: set in the building process, the variable would
    also reach what that process starts later, such as the tests' Chromium. The priority:
    the process writing the pages is the one the build waits for, so while it works the
    drawing takes the other core and what it leaves.
    """
    os.environ["FONTCONFIG_FILE"] = str(FONTS_CONF)
    os.nice(10)


def spawn_pool(workers: int) -> ProcessPoolExecutor:
    """Processes that draw with vl-convert: spawned, since a worker must not inherit
    this process's vl-convert runtime, and drawing with the project's fonts."""
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(workers, mp_context=context, initializer=start_worker)


def _round_path(d: str) -> str:
    return re.sub(r"-?\d+\.\d+", lambda m: f"{float(m.group(0)):.1f}".rstrip("0").rstrip("."), d)


def tidy(out: str) -> str:
    """vl-convert's SVG with paths to a tenth of a pixel and nothing remote.

    Done where it is drawn, in the worker, and kept so in the cache: a warm build
    reads the SVGs as the pages use them.
    """
    out = re.sub(r"<\?xml[^>]*\?>\s*", "", out)
    # Path coordinates to a tenth of a pixel: plenty, and a quarter smaller.
    out = re.sub(r'\bd="([^"]*)"', lambda m: f'd="{_round_path(m.group(1))}"', out)
    # Nothing fetched from elsewhere: no @import, no remote fonts or images.
    out = re.sub(r"@import[^;]*;", "", out)
    out = re.sub(r"@font-face\s*\{[^}]*\}", "", out)
    return re.sub(r"<image\b[^>]*>(?:</image>)?", "", out)


def draw(text: str, vl_version: str | None) -> str:
    """vl-convert's SVG of a Vega-Lite spec given as JSON text, tidied (runs in a worker)."""
    return tidy(vlc.vegalite_to_svg(json.loads(text), vl_version=vl_version))


def bundle(snippet: str, vl_version: str | None) -> str:
    """vl-convert's JavaScript bundle (runs in a worker: see charts.start_vendor_bundle)."""
    return vlc.javascript_bundle(snippet=snippet, vl_version=vl_version)


class Drawer:
    """Draws static charts, from `cache` when the same spec was drawn before.

    `workers`: processes to draw in (None: one per core; 0: draw in this
    process, as tests and single charts do). The pool starts at the first
    drawing the cache does not have, so a warm build starts none.
    """

    def __init__(
        self, cache: Path | None, vl_version: str | None, workers: int | None = None
    ) -> None:
        self.cache = Path(cache) if cache is not None else None
        self.vl_version = vl_version
        self.workers = (os.cpu_count() or 1) if workers is None else workers
        self._pool: ProcessPoolExecutor | None = None
        self._futures: dict[str, Future[str]] = {}
        self._pending: list[tuple[Future[str], Callable[[str], str]]] = []

    def _path(self, key: str) -> Path | None:
        return None if self.cache is None else self.cache / f"{key}.svg"

    def _store(self, key: str, svg: str) -> None:
        path = self._path(key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(svg)
        temporary.replace(path)

    def submit(self, spec: dict) -> Future[str]:
        """The tidied SVG of `spec`, as a future: from the cache, or drawn (in the pool if any)."""
        text = json.dumps(spec, separators=(",", ":"), ensure_ascii=False)
        canonical = json.dumps(spec, sort_keys=True, separators=(",", ":"))
        key = hashlib.sha256(
            f"{vlc.__version__}\n{self.vl_version}\n{TIDY}\n{canonical}".encode()
        ).hexdigest()
        if key in self._futures:
            return self._futures[key]
        path = self._path(key)
        if path is not None and path.exists():
            future: Future[str] = Future()
            future.set_result(path.read_text())
        else:
            future = self.run(draw, text, self.vl_version)
            future.add_done_callback(
                lambda done: done.exception() is None and self._store(key, done.result())
            )
        self._futures[key] = future
        return future

    def run(self, function: Callable[..., T], *args: object) -> Future[T]:
        """`function(*args)` on the pool, started at the first call (without workers: now).

        Other drawings (the kit's PNGs) share the pool, so both cores stay busy and
        no second pool starts its processes and vl-convert's runtime again.
        """
        if self.workers <= 0:
            future: Future[T] = Future()
            future.set_result(function(*args))
            return future
        if self._pool is None:
            self._pool = spawn_pool(self.workers)
        return self._pool.submit(function, *args)

    def defer(self, spec: dict, finish: Callable[[str], str]) -> str:
        """A placeholder for `finish(svg of spec)`, for `fill` to replace once drawn."""
        self._pending.append((self.submit(spec), finish))
        return f"<!--static-svg {len(self._pending) - 1}-->"

    def fill(self, text: str) -> str:
        """`text` with every placeholder replaced by its finished SVG."""
        return _PLACEHOLDER.sub(
            lambda m: self._pending[int(m.group(1))][1](self._pending[int(m.group(1))][0].result()),
            text,
        )

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
