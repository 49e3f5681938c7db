""" "First" is computed, never typed in: the first engagement with each country since a date, per
direction and per counterpart tier, and a check of the firsts that sources claim."""

from __future__ import annotations

import pandas as pd

from helpers.data import TAKEOVER

ENGAGEMENT_DIRECTIONS = ("outbound", "inbound", "third_country", "resident", "remote")
TIERS = (
    "head_of_state",
    "head_of_government",
    "minister",
    "deputy_minister",
    "special_envoy",
    "official",
)


def engagements(events: pd.DataFrame, since: pd.Timestamp | None = TAKEOVER) -> pd.DataFrame:
    """Occurred engagements with a foreign counterpart state, on or after ``since``."""
    m = (
        events["counts"]
        & events["direction"].isin(ENGAGEMENT_DIRECTIONS)
        & (events["counterpart_iso3"] != "")
    )
    if since is not None:
        m &= events["start"] >= since
    return events[m]


def first_by(
    events: pd.DataFrame, keys: list[str], since: pd.Timestamp | None = TAKEOVER
) -> pd.DataFrame:
    """The earliest engagement per group of ``keys`` (vectorized: sort, then drop duplicates)."""
    e = engagements(events, since).sort_values(["start", "event_id"])
    first = e.drop_duplicates(keys, keep="first")
    cols = [*keys, "start_date", "event_id", "event_type", "counterpart_name", "summary"]
    return first[cols].sort_values(keys).reset_index(drop=True)


def first_table(events: pd.DataFrame, since: pd.Timestamp | None = TAKEOVER) -> pd.DataFrame:
    """One row per country: date of the first engagement in each direction since ``since``."""
    f = first_by(events, ["counterpart_iso3", "direction"], since)
    f["direction"] = f["direction"].astype(str)
    wide = f.pivot(index="counterpart_iso3", columns="direction", values="start_date")
    wide = wide.reindex(columns=[d for d in ENGAGEMENT_DIRECTIONS if d in wide.columns])
    return wide.fillna("").reset_index().rename(columns={"counterpart_iso3": "country"})


def first_at_tier(events: pd.DataFrame, since: pd.Timestamp | None = TAKEOVER) -> pd.DataFrame:
    """One row per country: date of the first engagement at each counterpart tier."""
    e = engagements(events, since)
    e = e[e["counterpart_tier"].isin(["head_of_state", "head_of_government", "minister"])]
    f = first_by(
        e.assign(counterpart_tier=e["counterpart_tier"].astype(str)),
        ["counterpart_iso3", "counterpart_tier"],
        since,
    )
    wide = f.pivot(index="counterpart_iso3", columns="counterpart_tier", values="start_date")
    wide = wide.reindex(
        columns=[
            t for t in ("minister", "head_of_government", "head_of_state") if t in wide.columns
        ]
    )
    return wide.fillna("").reset_index().rename(columns={"counterpart_iso3": "country"})


def claimed_firsts(events: pd.DataFrame) -> pd.DataFrame:
    """Events whose sources' notes call them a 'first', and whether the data agrees.

    The data agrees when no earlier occurred engagement with the same country in the same
    direction exists since the takeover (a loose test: the source's own qualifier, such as
    'first by a foreign minister', is shown so the reader can judge).
    """
    text = events["notes"].str.contains(r"\bfirst\b", case=False, regex=True)
    cand = events[text & events["counts"] & (events["counterpart_iso3"] != "")]
    e = engagements(events).sort_values(["start", "event_id"])
    first_ids = set(e.drop_duplicates(["counterpart_iso3", "direction"])["event_id"])
    out = cand[
        ["event_id", "start_date", "direction", "counterpart_iso3", "counterpart_tier", "notes"]
    ].copy()
    out["first_in_direction_since_takeover"] = out["event_id"].isin(first_ids)
    return out.reset_index(drop=True)
