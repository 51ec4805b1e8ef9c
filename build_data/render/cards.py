"""Social cards: the 1200x630 PNG a link preview shows for each page, drawn with Pillow.

The card for a page comes from its front matter. A generated force, drug,
region or overview page carries `card: {eyebrow, figure, caption, flag, chart}`
(build_data/render/card_content.py): the lead figure, what it is, any
qualification, and a small chart (a ranking strip with the force marked, or a
few bars); any other page gets its title. The site name sits in an indigo band at
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

RENDERER_VERSION = "2"
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
FLAG = (183, 28, 28)  # #b71c1c, a qualification: 6.6:1 on white
BAR = (0, 114, 178)  # the charts' blue (charts.theme.BAR)
MARKED = (213, 94, 0)  # the charts' highlight (charts.theme.HIGHLIGHT)

MARGIN = 72
BAND = 112  # height of the indigo band with the site name
FOOT = 14  # indigo rule along the bottom edge
ACCENT_GAP = 40  # space between the short rule and a title


@dataclass(frozen=True)
class CardChart:
    """A small chart on a card: "strip" (every force, one marked) or "bars" (a few forces)."""

    kind: str
    title: str
    values: tuple[float, ...]
    labels: tuple[str, ...]
    texts: tuple[str, ...]  # each value as written
    marked: int | None = None
    off_scale: tuple[bool, ...] = ()  # drawn cut short (the City of London)
    alt: str = ""


@dataclass(frozen=True)
class Card:
    """Everything drawn on one card; two equal cards are the same picture."""

    site_name: str
    title: str
    eyebrow: str = ""
    figure: str = ""
    caption: str = ""
    flag: str = ""  # a qualification the figure never appears without
    chart: CardChart | None = None

    @property
    def alt(self) -> str:
        """The card's text, for og:image:alt: what it says, then its chart in words."""
        if not self.figure and self.chart is None:
            return f"{self.title}: {self.site_name}"
        head = f"{self.eyebrow}: " if self.eyebrow else ""
        title = self._shown_title()
        title = f"{title}. " if title else ""
        flag = f"{self.flag} " if self.flag else ""
        body = f"{self.figure} {self.caption}".strip()
        chart = f" {self.chart.alt}" if self.chart and self.chart.alt else ""
        return f"{head}{title}{flag}{body}{'.' if body else ''}{chart}".strip()

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
    unknown = set(spec) - {"eyebrow", "figure", "caption", "flag", "chart"}
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
        flag=text("flag"),
        chart=_chart(spec.get("chart")),
    )


def _chart(spec: dict[str, Any] | None) -> CardChart | None:
    if not spec:
        return None
    if spec.get("kind") not in {"strip", "bars"}:
        raise ValueError(f"a card's chart must be a strip or bars, not {spec.get('kind')!r}")
    values = tuple(float(v) for v in spec["values"])
    labels, texts = tuple(map(str, spec["labels"])), tuple(map(str, spec["texts"]))
    off = tuple(bool(v) for v in spec.get("off_scale") or [False] * len(values))
    if not (len(values) == len(labels) == len(texts) == len(off)) or not values:
        raise ValueError("a card's chart needs as many values, labels and texts")
    marked = spec.get("marked")
    return CardChart(
        kind=spec["kind"],
        title=" ".join(str(spec.get("title", "")).split()),
        values=values,
        labels=labels,
        texts=texts,
        marked=None if marked is None else int(marked),
        off_scale=off,
        alt=" ".join(str(spec.get("alt", "")).split()),
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
    if card.chart is not None:
        _with_chart(draw, card)
    else:
        _headline(draw, card)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()


Block = tuple[ImageFont.FreeTypeFont, list[str], tuple[int, int, int], int]


def _headline(draw: ImageDraw.ImageDraw, card: Card) -> None:
    """A card without a chart: the figure and its caption (or the title), centred."""
    inner = WIDTH - 2 * MARGIN
    # The body: blocks of (font, lines, colour, space above), centred in the space left.
    blocks: list[Block] = []
    if card.figure:
        if card.eyebrow:
            font, lines = _fit(card.eyebrow, BOLD, 36, 28, inner, 1)
            blocks.append((font, lines, INDIGO, 0))
        title = card._shown_title()
        if title:
            font, lines = _fit(title, BOLD, 64, 44, inner, 1)
            blocks.append((font, lines, TEXT, 14))
        if card.flag:
            font, lines = _fit(card.flag, BOLD, 30, 22, inner, 2)
            blocks.append((font, lines, FLAG, 8))
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
        y = _lines(draw, font, lines, colour, MARGIN, y)


def _lines(
    draw: ImageDraw.ImageDraw,
    font: ImageFont.FreeTypeFont,
    lines: list[str],
    colour: tuple[int, int, int],
    x: float,
    y: float,
) -> float:
    """Draw lines from `y` down; returns the y below them."""
    ascent, _ = font.getmetrics()
    for line in lines:
        # "ls": the baseline sits one ascent below y, so mixed sizes line up evenly.
        draw.text((x, y + ascent), line, font=font, fill=colour, anchor="ls")
        y += _line_height(font)
    return y


def _with_chart(draw: ImageDraw.ImageDraw, card: Card) -> None:
    """Eyebrow, title, any qualification, the figure with its caption beside it, the chart."""
    inner = WIDTH - 2 * MARGIN
    y: float = BAND + 26
    if card.eyebrow:
        y = _lines(draw, *_fit(card.eyebrow, BOLD, 32, 26, inner, 1), INDIGO, MARGIN, y)
    title = card._shown_title()
    if title:
        y = _lines(draw, *_fit(title, BOLD, 54, 40, inner, 1), TEXT, MARGIN, y + 2)
    if card.flag:
        y = _lines(draw, *_fit(card.flag, BOLD, 28, 22, inner, 2), FLAG, MARGIN, y + 4)
    if card.figure:
        font, lines = _fit(card.figure, BOLD, 112, 64, inner * 0.55, 1)
        width = font.getlength(lines[0])
        beside = inner - width - 32
        small, said = _fit(card.caption, REGULAR, 30, 22, beside, 4)
        tall = max(_line_height(font), _line_height(small) * len(said))
        _lines(draw, font, lines, INDIGO_DARK, MARGIN, y + (tall - _line_height(font)) / 2)
        top = y + (tall - _line_height(small) * len(said)) / 2
        _lines(draw, small, said, MUTED, MARGIN + width + 32, top)
        y += tall
    elif card.caption:
        y = _lines(draw, *_fit(card.caption, REGULAR, 32, 24, inner, 2), MUTED, MARGIN, y + 4)
    chart = card.chart
    assert chart is not None
    box = (MARGIN, y + 16, inner, HEIGHT - FOOT - 20 - (y + 16))
    (_strip if chart.kind == "strip" else _bars)(draw, chart, *box)


def _scale(chart: CardChart) -> float:
    shown = [v for v, off in zip(chart.values, chart.off_scale, strict=True) if not off]
    return max([*shown, 0.0]) or 1.0


def _strip(draw: ImageDraw.ImageDraw, chart: CardChart, x: float, y: float, w: float, h: float):
    """Every force's bar, highest first, the marked one in the highlight colour and named."""
    font, lines = _fit(chart.title, REGULAR, 22, 18, w, 1)
    bold = _font(BOLD, 26)
    height = max(h - _line_height(font) - 4 - _line_height(bold) - 8, 24)
    bottom = _lines(draw, font, lines, MUTED, x, y) + 4 + height
    scale = _scale(chart)
    slot = w / len(chart.values)
    for i, (value, off) in enumerate(zip(chart.values, chart.off_scale, strict=True)):
        left = x + i * slot
        top = bottom - (height if off else height * value / scale)
        colour = MARKED if i == chart.marked else BAR
        draw.rectangle((left, top, left + max(slot * 0.72, 2), bottom), fill=colour)
        if off:  # cut short: a white break across the bar
            draw.rectangle((left - 1, top + 8, left + slot, top + 14), fill=WHITE)
    if chart.marked is not None:
        label = f"{chart.labels[chart.marked]}: {chart.texts[chart.marked]}"
        centre = x + (chart.marked + 0.36) * slot
        half = bold.getlength(label) / 2
        centre = min(max(centre, x + half), x + w - half)
        draw.text((centre, bottom + 8), label, font=bold, fill=MARKED, anchor="mt")


def _bars(draw: ImageDraw.ImageDraw, chart: CardChart, x: float, y: float, w: float, h: float):
    """A few forces' bars, each named, with its value."""
    title, lines = _fit(chart.title, REGULAR, 22, 18, w, 1)
    y = _lines(draw, title, lines, MUTED, x, y) + 2
    row = min(36.0, (h - _line_height(title) - 2) / len(chart.values))
    font = _font(REGULAR, max(14, int(row * 0.66)))
    label_width = min(max(font.getlength(label) for label in chart.labels), w * 0.36)
    value_width = max(font.getlength(text) for text in chart.texts) + 12
    longest, scale = w - label_width - 16 - value_width, _scale(chart)
    pairs = zip(chart.labels, chart.texts, chart.values, chart.off_scale, strict=True)
    for i, (label, text, value, off) in enumerate(pairs):
        middle = y + i * row + row / 2
        draw.text((x + label_width, middle), label, font=font, fill=TEXT, anchor="rm")
        start = x + label_width + 12
        length = longest if off else max(longest * value / scale, 2)
        draw.rectangle((start, middle - row * 0.34, start + length, middle + row * 0.34), fill=BAR)
        if off:
            cut = start + length - 24
            draw.rectangle((cut, middle - row * 0.4, cut + 6, middle + row * 0.4), fill=WHITE)
        draw.text((start + length + 8, middle), text, font=font, fill=TEXT, anchor="lm")
