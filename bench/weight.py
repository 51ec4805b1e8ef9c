"""Page weight: the built site served with gzip on 127.0.0.1, each page opened in Chromium.

The server counts every byte it sends (compressed bodies and headers); a page is
weighed with and without the chart scripts, and read to the end for lazy images.
"""

from __future__ import annotations

import contextlib
import gzip
import http.server
import mimetypes
import threading
import time
from pathlib import Path
from typing import Any

from bench.config import CHART_SCRIPTS, GZIP_LEVEL
from bench.stats import compressible, first_view_parts, html_anatomy


class _Log:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: list[dict] = []

    def add(self, entry: dict) -> None:
        with self.lock:
            self.entries.append(entry)

    def take(self) -> list[dict]:
        with self.lock:
            out, self.entries = self.entries, []
        return out


def _handler(site: Path, log: _Log):
    cache: dict[str, bytes] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def end_headers(self) -> None:
            self._header_bytes = sum(len(b) for b in getattr(self, "_headers_buffer", []))
            super().end_headers()

        def do_GET(self) -> None:  # noqa: N802
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            from urllib.parse import unquote

            rel = unquote(path).lstrip("/")
            target = (site / rel).resolve()
            status = 200
            if site.resolve() not in [target, *target.parents]:
                target, status = site / "404.html", 404
            elif target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                target, status = site / "404.html", 404
            body = target.read_bytes()
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if target.suffix == ".js":
                kind = "text/javascript"
            encoded = body
            gzipped = compressible(kind) and "gzip" in self.headers.get("Accept-Encoding", "")
            if gzipped:
                key = str(target)
                if key not in cache:
                    cache[key] = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
                encoded = cache[key]
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(encoded)))
            if gzipped:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            self.wfile.write(encoded)
            log.add(
                {
                    "path": path,
                    "status": status,
                    "type": kind.split(";")[0],
                    "bytes": len(body),
                    "sent": len(encoded),
                    "header_bytes": getattr(self, "_header_bytes", 0),
                }
            )

    return Handler


@contextlib.contextmanager
def serve(site: Path):
    log = _Log()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(site, log))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()


_CHARTS_SETTLED = """() => {
  const figures = [...document.querySelectorAll('figure.chart')];
  if (!figures.length) return 'none';
  // Vega loads when the reader asks: a first view shows the static charts and controls.
  if (!figures.some(f => f.querySelector('.chart-interactive[data-state]')))
    return figures.some(f => f.querySelector('.chart-explore')) ? 'static, on demand' : null;
  const drawn = f => f.querySelector('.chart-interactive svg, .chart-interactive canvas');
  const failed = f => f.querySelector('.chart-interactive[data-state="failed"]');
  if (!figures.every(f => drawn(f) || failed(f))) return null;
  return figures.every(drawn) ? 'drawn' : 'failed';
}"""


def _blocker(blocked: list[str]):
    def block(route) -> None:
        blocked.append(route.request.url)
        route.abort()

    return block


def _bytes_sent(entries: list[dict]) -> int:
    """What the server sent for these responses: compressed bodies and headers."""
    return sum(e["sent"] + e["header_bytes"] for e in entries)


# Scroll down half a screen at a time, so each lazy image comes near the view.
_READ_TO_THE_END = """async () => {
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
    scrollTo(0, y);
    await new Promise(done => setTimeout(done, 50));
  }
}"""


def page_weight(site: Path, pages: dict[str, str], browser: Any = None) -> dict:
    """First-view bytes and requests for each page, with and without the chart scripts.

    `browser`: a Playwright browser already started (the browser tests'), else
    headless Chromium is started here.
    """
    if browser is None:
        from bench.headless import launched

        with launched() as started:
            return page_weight(site, pages, started)
    out: dict[str, Any] = {}
    with serve(site) as (base, log):
        for name, path in pages.items():
            out[name] = {"path": path}
            html = site / path.strip("/") / "index.html"
            if html.is_file():
                out[name]["anatomy"] = html_anatomy(html.read_text(encoding="utf-8"))
            for mode in ("with_chart_scripts", "without_chart_scripts"):
                out[name][mode] = _weigh(browser, base, log, path, mode)
    return out


def _settle(page: Any, mode: str) -> Any:
    """Wait for the network (and, with the scripts, the charts); what the charts became."""
    with contextlib.suppress(Exception):
        page.wait_for_load_state("networkidle", timeout=15_000)
    if mode != "with_chart_scripts":
        return page.evaluate("() => document.querySelectorAll('figure.chart').length")
    try:
        charts = page.wait_for_function(_CHARTS_SETTLED, timeout=20_000).json_value()
    except Exception:
        charts = "timeout"
    with contextlib.suppress(Exception):
        page.wait_for_load_state("networkidle", timeout=10_000)
    return charts


def _weigh(browser: Any, base: str, log: _Log, path: str, mode: str) -> dict:
    """One page's first view in a fresh context (empty cache), in one mode."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    blocked: list[str] = []
    if mode == "without_chart_scripts":
        page.route(CHART_SCRIPTS, _blocker(blocked))
    browser_requests: list[str] = []
    page.on("request", lambda r, seen=browser_requests: seen.append(r.url))
    log.take()
    started = time.perf_counter()
    page.goto(base + path, wait_until="load")
    charts = _settle(page, mode)
    settled = time.perf_counter() - started
    page.wait_for_timeout(300)
    entries = log.take()
    # Then read to the end: what lazy images below the first view add.
    later: list[dict] = []
    if mode == "without_chart_scripts":
        page.evaluate(_READ_TO_THE_END)
        with contextlib.suppress(Exception):
            page.wait_for_load_state("networkidle", timeout=10_000)
        page.wait_for_timeout(300)
        later = log.take()
    context.close()
    sent = _bytes_sent(entries)
    resources = sorted(entries, key=lambda e: -e["sent"])
    out = {
        "requests": len(entries),
        "browser_requests": len(browser_requests),
        "blocked": len(blocked),
        "compressed_bytes": sent,
        "compressed_kb": sent / 1000,
        "uncompressed_bytes": sum(e["bytes"] for e in entries),
        "charts": charts,
        "settled_s": settled,
        "parts": first_view_parts(resources, path),
        "resources": resources,
    }
    if mode == "without_chart_scripts":
        out["read_to_the_end"] = {
            "requests": len(entries) + len(later),
            "compressed_kb": (sent + _bytes_sent(later)) / 1000,
            "added": sorted(e["path"] for e in later),
        }
    return out


def heaviest(site: Path, folder: str) -> str | None:
    """The page under `folder` with the largest HTML file, as a URL path."""
    pages = [p for p in (site / folder).glob("*/index.html")]
    if not pages:
        return None
    page = max(pages, key=lambda p: p.stat().st_size)
    return "/" + str(page.parent.relative_to(site)) + "/"
