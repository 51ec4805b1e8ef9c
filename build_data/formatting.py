"""Numbers as the site writes them: one function per style, each named for what it writes.

Two styles of per cent: in words for sentences ("six per cent", as newspapers
write them) and as a figure for chart labels ("5.8 per cent").
"""

from __future__ import annotations

import math

import pandas as pd

SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def is_missing(value: object) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def whole_number(value: float | int) -> str:
    """1188 -> "1,188"."""
    return f"{int(round(value)):,}"


def figure(value: object, decimals: int = 0) -> str:
    """Thousands separators, "not published" where there is no figure: 11831.1 -> "11,831"."""
    if is_missing(value):
        return "not published"
    return f"{float(value):,.{decimals}f}"


def rate_in_text(value: float) -> str:
    """Rates per million in sentences: whole numbers, one decimal place below ten."""
    return f"{value:,.1f}" if round(value, 1) < 10 else f"{round(value):,}"


def per_cent_in_words(share: float) -> str:
    """0.18 -> "18 per cent"; words below ten, as newspapers write them."""
    value = round(share * 100, 9)  # 0.285 * 100 is 28.499999999999996
    if 0 < value < 0.5:
        return "less than one per cent"
    whole = int(math.floor(value + 0.5))
    return f"{SMALL[whole] if whole < 10 else whole} per cent"


def per_cent_as_figure(share: object) -> str:
    """A share (0 to 1) as a figure: "21 per cent", "0.4 per cent", "less than 0.1 per cent"."""
    if is_missing(share):
        return "not published"
    pct = float(share) * 100
    if pct == 0:
        return "0 per cent"
    if pct < 0.05:
        return "less than 0.1 per cent"
    if pct < 9.95:
        return f"{pct:.1f} per cent".replace(".0 per", " per")
    return f"{pct:,.0f} per cent"
