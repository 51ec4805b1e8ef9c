"""PNG copies of the charts' SVGs, drawn by vl-convert and kept in a content-hash cache.

A module of its own with nothing but vl-convert, svg_pool and the standard library
to import: the drawing runs in spawned worker processes (vl-convert holds the GIL,
and forking a process that has started vl-convert's runtime is unsafe), and
each worker imports only this.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

import vl_convert as vlc

from build_data.render.svg_pool import spawn_pool

# Charts are drawn 640 px wide: twice that is 1,280 px, enough for a newspaper column.
SCALE = 2
WORKERS = 2


def png_key(svg: str, scale: float = SCALE) -> str:
    """SHA-256 of what the picture depends on: the SVG, the scale and vl-convert's version."""
    return hashlib.sha256(f"{vlc.__version__}\n{scale}\n{svg}".encode()).hexdigest()


def cached(svg: str, cache: Path, scale: float = SCALE) -> Path:
    """Where `svg`'s PNG is kept in `cache`."""
    return Path(cache) / f"{png_key(svg, scale)}.png"


def draw(svg: str, scale: float = SCALE) -> bytes:
    return vlc.svg_to_png(svg, scale=scale)


def _draw_into(svg: str, path: str, scale: float) -> str:
    """Draw one PNG into the cache: written beside it, then renamed (no half files)."""
    temporary = f"{path}.{os.getpid()}.tmp"
    Path(temporary).write_bytes(draw(svg, scale))
    os.replace(temporary, path)
    return path


def prefetch(
    svg: str, cache: Path, run: Callable[..., Future[str]], scale: float = SCALE
) -> Future[str] | None:
    """Start drawing `svg`'s PNG into `cache` with `run` (a pool's), unless it is there.

    `ensure_all` then finds it in the cache: pages.build starts each PNG on the
    chart pool as the page hands its chart to the kit, rather than after every page.
    """
    path = cached(svg, cache, scale)
    if path.is_file():
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    return run(_draw_into, svg, str(path), scale)


def ensure_all(svgs: list[str], cache: Path, scale: float = SCALE) -> tuple[list[Path], int]:
    """The cached PNG of each SVG, drawing the missing ones in a process pool.

    Returns the paths (in the order of `svgs`) and how many were drawn.
    """
    cache = Path(cache)
    cache.mkdir(parents=True, exist_ok=True)
    paths = [cached(svg, cache, scale) for svg in svgs]
    missing = {str(p): svg for p, svg in zip(paths, svgs, strict=True) if not p.is_file()}
    if len(missing) == 1:
        ((path, svg),) = missing.items()
        _draw_into(svg, path, scale)
    elif missing:
        with spawn_pool(min(WORKERS, os.cpu_count() or 1, len(missing))) as pool:
            done = [pool.submit(_draw_into, svg, path, scale) for path, svg in missing.items()]
            for future in done:
                future.result()
    return paths, len(missing)
