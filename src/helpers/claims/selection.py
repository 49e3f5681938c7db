"""Event selection: the rows of the event table a claim's filter describes.

Filters arrive validated (``schema.Filter``; every list value is a list, every regex ran through
RE2 at load time). Plain dicts are accepted too, for callers and tests that build one by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from helpers.claims import patterns
from helpers.claims.values import Filter
from helpers.data import TAKEOVER

COLUMN_KEYS = (
    "event_type",
    "direction",
    "host_iso3",
    "counterpart_iso3",
    "lead_person_id",
    "counterpart_tier",
    "envoy_rank",
    "trip_id",
)
RECORDED_START = "_recorded_start"
REGEX_COLUMNS = (
    ("summary_regex", "summary"),
    ("role_regex", "counterpart_role"),
    ("forum_regex", "forum"),
)


def terms(flt: Filter | Mapping[str, Any] | None) -> dict[str, Any]:
    """A filter's set terms as a plain dict."""
    if flt is None:
        return {}
    return flt.terms() if isinstance(flt, Filter) else dict(flt)


def as_list(v: Any) -> list:
    if v is None:
        return []
    return list(v) if isinstance(v, list | tuple) else [v]


def select(
    events: pd.DataFrame,
    flt: Filter | Mapping[str, Any] | None,
    *,
    end_cap: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Rows of ``events`` matching a filter; only ``occurred`` events unless ``status`` says.

    Cheap column tests run first over the whole table; the string tests (persons, regexes) run
    only on the rows that survive, which keeps a 10^6-row registry run within seconds.
    """
    return events.take(positions(events, flt, end_cap=end_cap))


def positions(
    events: pd.DataFrame,
    flt: Filter | Mapping[str, Any] | None,
    *,
    end_cap: pd.Timestamp | None = None,
) -> np.ndarray:
    """The row positions :func:`select` returns (no copy of the wide table)."""
    f = terms(flt)
    m = pd.Series(True, index=events.index)
    statuses = as_list(f.get("status", "occurred"))
    if statuses != ["any"]:
        m &= events["status"].isin(statuses)
    for col in COLUMN_KEYS:
        if col in f:
            m &= events[col].isin(as_list(f[col]))
        if f"{col}_not" in f:
            m &= ~events[col].isin(as_list(f[f"{col}_not"]))
    # Date terms pick events by their recorded day, even while a re-run moves the day the check
    # reads (``uncertainty`` keeps it in RECORDED_START): a window that names an event keeps it.
    day = events[RECORDED_START] if RECORDED_START in events.columns else events["start"]
    if "month" in f:
        p = pd.Period(str(f["month"]), "M")
        m &= (day >= p.start_time) & (day <= p.end_time)
    if "start" in f:
        m &= day >= pd.Timestamp(str(f["start"]))
    if "end" in f:
        m &= day <= end_of(str(f["end"]))
    if f.get("since_takeover"):
        m &= day >= TAKEOVER
    if f.get("trip_stops"):
        m &= events["is_trip_stop"]
    if end_cap is not None:
        m &= events["known_by"] <= end_cap
    # Positions, not frames: each string test reads one column at the surviving positions, and
    # the wide table is copied once at the end (a take over ~30 columns is the costly step).
    pos = np.flatnonzero(m.to_numpy())
    if "persons" in f and len(pos):
        people = events["people"].take(pos)
        hit = np.zeros(len(pos), dtype=bool)
        for p in as_list(f["persons"]):
            hit |= people.str.contains(f";{p};", regex=False).to_numpy(dtype=bool)
        pos = pos[hit]
    for key, col in REGEX_COLUMNS:
        if key in f and len(pos):
            pos = pos[patterns.matches(events[col].take(pos), f[key])]
    return pos


def relevant(events: pd.DataFrame, filters: list[dict]) -> pd.DataFrame:
    """Rows any of ``filters`` selects, in table order.

    A check reads only what its filters select, so evaluating it on these rows gives the same
    verdict as on the whole table; the date-uncertainty and change-date searches re-run checks
    many times and do it on this small frame.
    """
    if not filters:
        return events.iloc[:0]
    pos = np.unique(np.concatenate([positions(events, f) for f in filters]))
    return events.take(pos)


def end_of(value: str) -> pd.Timestamp:
    """'2025-05' means the end of May; '2025-05-16' that day."""
    if len(value) == 7:
        return pd.Timestamp(value) + pd.offsets.MonthEnd(0)
    return pd.Timestamp(value)
