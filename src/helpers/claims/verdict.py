"""The values checks take and return: one context in, one :class:`Verdict` out.

Every check has the signature ``check(ctx: CheckContext, params) -> Verdict``, so one table maps a
claim kind to its check (``checks.CHECKS``) and the evaluation, the date-uncertainty re-runs and
the change-date search all call checks the same way.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

import pandas as pd

VerdictName = Literal["supported", "partly supported", "contradicted", "not in data", "opinion"]
VERDICTS: tuple[VerdictName, ...] = (
    "supported",
    "partly supported",
    "contradicted",
    "not in data",
    "opinion",
)


@dataclass(frozen=True)
class CheckContext:
    """What a check may read: the as-of view of the events and the dataset's other tables."""

    events: pd.DataFrame
    persons: pd.DataFrame
    regions: pd.DataFrame
    as_of: pd.Timestamp

    def with_events(self, events: pd.DataFrame) -> CheckContext:
        return replace(self, events=events)


@dataclass(frozen=True)
class Verdict:
    """A check's outcome. ``uncertain`` marks a verdict that changes within an evidence event's
    date range (``date_note`` says which event, its date basis, and what the verdict becomes)."""

    verdict: VerdictName
    computed: str
    claimed: str
    explanation: str
    evidence: tuple[str, ...] = ()
    uncertain: bool = False
    date_note: str = ""


@dataclass
class Result:
    """One row of the verdict table: a claim reading, as of a date."""

    claim_id: str
    reading: str
    kind: str
    verdict: str
    computed: str
    claimed: str
    explanation: str
    evidence: list[str] = field(default_factory=list)
    quote: str = ""
    paragraph: int | None = None
    as_of: str = ""
    uncertain: bool = False
    date_note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def fmt_date(row: pd.Series) -> str:
    """An event's date as precisely as the data knows it."""
    if row["date_precision"] == "month":
        return row["start"].strftime("%Y-%m")
    return row["start"].strftime("%Y-%m-%d")


def ids(df: pd.DataFrame, limit: int = 40) -> tuple[str, ...]:
    return tuple(df["event_id"].head(limit))


def by_start(df: pd.DataFrame) -> pd.DataFrame:
    """Rows by date, ties in table order (stable, so re-runs on a subset break ties alike)."""
    return df.sort_values("start", kind="stable")
