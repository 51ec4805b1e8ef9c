"""How numbers are written in sentences: shared by every module that writes prose."""

from __future__ import annotations

import math

SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
ORDINALS = ["", "", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]


def number(value: float | int) -> str:
    """1188 -> "1,188"."""
    return f"{int(round(value)):,}"


def rate(value: float) -> str:
    """Rates per million: whole numbers, one decimal place below ten."""
    return f"{value:,.1f}" if round(value, 1) < 10 else f"{round(value):,}"


def per_cent(share: float) -> str:
    """0.18 -> "18 per cent"; words below ten, as newspapers write them."""
    value = round(share * 100, 9)  # 0.285 * 100 is 28.499999999999996
    if 0 < value < 0.5:
        return "less than one per cent"
    whole = int(math.floor(value + 0.5))
    return f"{SMALL[whole] if whole < 10 else whole} per cent"


def ordinal(position: int) -> str:
    if position == 1:
        return "first"
    if position < len(ORDINALS):
        return ORDINALS[position]
    suffix = (
        "th" if 10 <= position % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(position % 10, "th")
    )
    return f"{position}{suffix}"


def plural(count: int, one: str, many: str) -> str:
    return f"{number(count)} {one if count == 1 else many}"


def and_list(items: list[str]) -> str:
    """["a", "b", "c"] -> "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
