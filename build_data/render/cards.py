"""Social cards: the 1200x630 PNG a link preview shows for each page, drawn with Pillow.

The card for a page comes from its front matter. A generated force, drug or
overview page carries `card: {eyebrow, figure, caption}`, drawn as a headline
figure; any other page gets its title. The site name sits in an indigo band at
the top, as in the site's own header.

Drawing is offline (the fonts are in build_data/render/fonts/) and cached: a card is
stored as build/cards/<key>.png, where the key is the SHA-256 of its content,
the font files and RENDERER_VERSION, and is drawn again only when one of those
changes. Bump RENDERER_VERSION whenever the drawing code changes.

Imports nothing but Pillow and the standard library: the MkDocs hook
(build_data/hooks/social.py) loads it during the site build.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

RENDERER_VERSION = "1"
WIDTH, HEIGHT = 1200, 630
FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = FONT_DIR / "Roboto-Regular.ttf"
BOLD = FONT_DIR / "Roboto-Bold.ttf"

# Material's indigo palette, as the site uses it (primary: indigo).
INDIGO = (63, 81, 181)  # #3f51b5, the header
INDIGO_DARK = (40, 53, 147)  # #283593, figures: 10.4:1 on white
TEXT = (33, 33, 33)  # #212121: 16:1 on white
MUTED = (66, 66, 66)  # #424242: 10:1 on white
WHITE = (255, 255, 255)

MARGIN = 72
BAND = 112  # height of the indigo band with the site name
FOOT = 14  # indigo rule along the bottom edge
ACCENT_GAP = 40  # space between the short rule and a title


@dataclass(frozen=True)
class Card:
    """Everything drawn on one card; two equal cards are the same picture."""

    site_name: str
    title: str
    eyebrow: str = ""
    figure: str = ""
    caption: str = ""

    @property
    def alt(self) -> str:
        """The card's text, for og:image:alt."""
        if not self.figure:
            return f"{self.title}: {self.site_name}"
        head = f"{self.eyebrow}: " if self.eyebrow else ""
        title = self._shown_title()
        title = f"{title}. " if title else ""
        return f"{head}{title}{self.figure} {self.caption}".strip()

    def _shown_title(self) -> str:
        """The page title, unless the figure or the site name already says it."""
        if self.title in {self.figure, self.site_name}:
            return ""
        return self.title


def card_for(meta: dict[str, Any] | None, title: str, site_name: str) -> Card:
    """The card for a page, from its front matter (`card:`), title and the site name."""
    spec = (meta or {}).get("card") or {}
    if not isinstance(spec, dict):
        raise ValueError(f"front matter `card` must be a mapping, not {spec!r}")
    unknown = set(spec) - {"eyebrow", "figure", "caption"}
    if unknown:
        raise ValueError(f"front matter `card` has unknown keys: {', '.join(sorted(unknown))}")

    def text(key: str) -> str:
        value = spec.get(key)
        return "" if value is None else " ".join(str(value).split())

    return Card(
        site_name=" ".join(site_name.split()),
        title=" ".join(str(title or "").split()),
        eyebrow=text("eyebrow"),
        figure=text("figure"),
        caption=text("caption"),
    )


@functools.cache
def _font_digest() -> str:
    digest = hashlib.sha256()
    for path in (REGULAR, BOLD):
        digest.update(path.name.encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def card_key(card: Card) -> str:
    """SHA-256 of the card's content, the fonts and the renderer version."""
    payload = json.dumps(
        {"card": asdict(card), "fonts": _font_digest(), "renderer": RENDERER_VERSION},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def ensure(card: Card, cache_dir: Path) -> tuple[Path, bool]:
    """The cached PNG for a card, drawing it first if needed. Returns (path, drawn)."""
    cache_dir = Path(cache_dir)
    path = cache_dir / f"{card_key(card)}.png"
    if path.is_file():
        return path, False
    cache_dir.mkdir(parents=True, exist_ok=True)
    data = render(card)
    # Write beside the target, then rename: parallel builds never see half a file.
    temporary = cache_dir / f".{path.stem}.{os.getpid()}.tmp"
    temporary.write_bytes(data)
    os.replace(temporary, path)
    return path, True


# ------------------------------------------------------------------ drawing


@functools.cache
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def _width(text: str, font: ImageFont.FreeTypeFont) -> float:
    return font.getlength(text)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Greedy word wrap; a single word wider than `width` stays on its own line."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and _width(candidate, font) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def _ellipsise(line: str, font: ImageFont.FreeTypeFont, width: float) -> str:
    while line and _width(line + "…", font) > width:
        line = line[:-1].rstrip()
    return line + "…"


def _fit(
    text: str, path: Path, largest: int, smallest: int, width: float, max_lines: int
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size (down to `smallest`) at which the text fits; cut with … if it never does."""
    size = largest
    while True:
        font = _font(path, size)
        lines = _wrap(text, font, width)
        fits = len(lines) <= max_lines and all(_width(x, font) <= width for x in lines)
        if fits:
            return font, lines
        if size <= smallest:
            kept = lines[:max_lines]
            kept[-1] = _ellipsise(kept[-1], font, width)
            return font, kept
        size = max(smallest, size - 4)


def _line_height(font: ImageFont.FreeTypeFont) -> int:
    return round(font.size * 1.18)


def render(card: Card) -> bytes:
    """Draw one card as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN

    # The site's header: the site name, white on indigo.
    draw.rectangle((0, 0, WIDTH, BAND), fill=INDIGO)
    name_font, name_lines = _fit(card.site_name, REGULAR, 36, 24, inner, 1)
    draw.text((MARGIN, BAND // 2), name_lines[0], font=name_font, fill=WHITE, anchor="lm")
    draw.rectangle((0, HEIGHT - FOOT, WIDTH, HEIGHT), fill=INDIGO)

    # The body: blocks of (font, lines, colour, space above), centred in the space left.
    blocks: list[tuple[ImageFont.FreeTypeFont, list[str], tuple[int, int, int], int]] = []
    if card.figure:
        if card.eyebrow:
            font, lines = _fit(card.eyebrow, BOLD, 36, 28, inner, 1)
            blocks.append((font, lines, INDIGO, 0))
        title = card._shown_title()
        if title:
            font, lines = _fit(title, BOLD, 64, 44, inner, 1)
            blocks.append((font, lines, TEXT, 14))
        font, lines = _fit(card.figure, BOLD, 150, 72, inner, 2)
        blocks.append((font, lines, INDIGO_DARK, 6))
        if card.caption:
            font, lines = _fit(card.caption, REGULAR, 40, 30, inner, 2)
            blocks.append((font, lines, MUTED, 8))
    else:
        font, lines = _fit(card.title, BOLD, 88, 48, inner, 3)
        blocks.append((font, lines, TEXT, ACCENT_GAP))

    total = sum(gap + _line_height(font) * len(lines) for font, lines, _, gap in blocks)
    top, bottom = BAND, HEIGHT - FOOT
    y = top + max(0, (bottom - top - total) // 2)
    if not card.figure:  # a short indigo rule above a title
        draw.rectangle((MARGIN, y, MARGIN + 120, y + 10), fill=INDIGO)
    for font, lines, colour, gap in blocks:
        y += gap
        for line in lines:
            # "ls": the baseline sits one ascent below y, so mixed sizes line up evenly.
            ascent, _ = font.getmetrics()
            draw.text((MARGIN, y + ascent), line, font=font, fill=colour, anchor="ls")
            y += _line_height(font)

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()
