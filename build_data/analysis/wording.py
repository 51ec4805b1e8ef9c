"""How numbers are written in sentences: shared by every module that writes prose."""

from __future__ import annotations

from build_data.formatting import SMALL, per_cent_in_words, rate_in_text, whole_number

__all__ = ["ORDINALS", "SMALL", "and_list", "number", "ordinal", "per_cent", "plural", "rate"]

ORDINALS = ["", "", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]

# The site's one set of number formats (build_data/formatting.py), by the names prose uses.
number = whole_number
rate = rate_in_text
per_cent = per_cent_in_words


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
