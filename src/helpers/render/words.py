"""Sentences that are honest about ties: a finding names every leader that shares the top value
("Muttaqi and Azizi tie with 5 trips each"), never one picked by sort order."""

from __future__ import annotations

import pandas as pd


def leaders(values: pd.Series) -> tuple[list[str], int]:
    """All index labels sharing the largest value (sorted by label), and that value."""
    if values.empty or values.max() <= 0:
        return [], 0
    top = values.max()
    return sorted(str(i) for i in values.index[values == top]), int(top)


def join(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def tie_phrase(
    names: list[str], value: int, unit: str, units: str | None = None, most: int = 4
) -> str:
    """'Muttaqi leads with 5 trips', 'Muttaqi and Azizi tie with 5 trips each', or, for a wide
    tie, '6 tie with 1 trip each: A, B, ...'."""
    what = plural(value, unit, units)
    if not names:
        return f"none has any {units or unit + 's'}"
    if len(names) == 1:
        return f"{names[0]} leads with {what}"
    if len(names) <= most:
        return f"{join(names)} tie with {what} each"
    return f"{len(names)} tie with {what} each: {join(names)}"


def title_for(
    names: list[str], value: int, single: str, tied: str, unit: str, units: str | None = None
) -> str:
    """A chart title stating the finding and admitting a tie:
    'Muttaqi made the most trips (5)' / 'Muttaqi and Azizi tie for the most trips (5 each)'."""
    if not names:
        return f"No {units or unit + 's'} recorded"
    if len(names) == 1:
        return f"{names[0]} {single} ({plural(value, unit, units)})"
    who = join(names) if len(names) <= 4 else f"{len(names)} tie"
    return f"{who} {tied} ({plural(value, unit, units)} each)"
