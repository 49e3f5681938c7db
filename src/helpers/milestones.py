"""Milestones: status changes (ambassadors accepted or posted, recognition, designation changes,
exemptions) and each country's first engagement since the takeover, plus a month-by-month account
in words (who went where, who came to Kabul, what status changed), generated from the data.

Representation (status events other than exemptions) lives here too: it is the status-change
half of the milestones.
"""

from __future__ import annotations

import pandas as pd

from helpers import counting, firsts
from helpers.render import dates, names

INBOUND_TIERS = ("head_of_state", "head_of_government", "minister", "special_envoy")
PER_MONTH = 12  # entries shown per month; the rest are counted and left to the register


def milestones(events: pd.DataFrame, window: pd.DataFrame) -> pd.DataFrame:
    """Status changes plus first engagements since the takeover (with each country, per
    direction) among ``window``'s events; ``events`` is the as-of view that decides 'first'."""
    status = window[(window["direction"] == "status") & window["counts"]]
    first_ids = set(firsts.first_by(events, ["counterpart_iso3", "direction"])["event_id"])
    f = window[window["event_id"].isin(first_ids)]
    m = pd.concat([status.assign(why="status change"), f.assign(why="first since takeover")])
    return m.drop_duplicates("event_id").sort_values(["start", "event_id"])


def representation(events: pd.DataFrame) -> pd.DataFrame:
    """Status events other than sanctions exemptions (representation, recognition, designation)."""
    return events[
        (events["direction"] == "status") & (events["event_type"] != "sanctions_exemption")
    ]


def envoys(events: pd.DataFrame) -> pd.DataFrame:
    """Occurred representation events, with the side: a foreign mission in Kabul or a Taliban one
    abroad."""
    r = representation(events)
    r = r[(r["event_type"] == "representation") & r["counts"]]
    side = (
        r["host_iso3"]
        .eq("AFG")
        .map({True: "foreign mission in Kabul", False: "Taliban mission abroad"})
    )
    return r.assign(side=side)


def standing_country(events: pd.DataFrame) -> pd.Series:
    """The country whose standing a status event changes: the counterpart, else the host."""
    return events["counterpart_iso3"].where(events["counterpart_iso3"] != "", events["host_iso3"])


def _trip_lines(stops: pd.DataFrame, people: names.People) -> pd.DataFrame:
    t = counting.trips(stops)
    if t.empty:
        return pd.DataFrame(columns=["start", "month", "text", "id"])
    spans = dates.spans(stops)
    rows = []
    for r in t.sort_values(["start", "trip_id"]).itertuples():
        when = spans[r.trip_id]
        who = people.label(r.lead_person_id, r.start) or "A Taliban delegation"
        rows.append(
            {
                "start": r.start,
                "month": r.start.to_period("M"),
                "id": r.trip_id,
                "text": f"{who} went to {names.countries(r.hosts)} ({when}).",
            }
        )
    return pd.DataFrame(rows)


def _visit_lines(window: pd.DataFrame) -> pd.DataFrame:
    v = window[
        window["counts"]
        & (window["direction"] == "inbound")
        & (window["event_type"] == "visit")
        & window["counterpart_tier"].isin(INBOUND_TIERS)
    ]
    rows = []
    for r in v.itertuples():
        who = r.counterpart_name or f"An official of {names.country(r.counterpart_iso3)}"
        role = (
            f" ({r.counterpart_role})"
            if r.counterpart_role
            else f" of {names.country(r.counterpart_iso3)}"
        )
        where = r.city or names.country(r.host_iso3)
        when = dates.event_date(r.start_date, r.end_date, r.date_precision)
        rows.append(
            {
                "start": r.start,
                "month": r.month,
                "id": r.event_id,
                "text": f"{who}{role} came to {where} ({when}).",
            }
        )
    return pd.DataFrame(rows, columns=["start", "month", "text", "id"])


def _status_lines(window: pd.DataFrame) -> pd.DataFrame:
    s = window[(window["direction"] == "status") & window["counts"]]
    rows = []
    for r in s.itertuples():
        when = dates.event_date(r.start_date, r.end_date, r.date_precision)
        rows.append(
            {"start": r.start, "month": r.month, "id": r.event_id, "text": f"{r.summary} ({when})"}
        )
    return pd.DataFrame(rows, columns=["start", "month", "text", "id"])


def monthly(
    events: pd.DataFrame,
    window: pd.DataFrame,
    first: pd.Timestamp,
    last: pd.Timestamp,
    people: names.People,
    per_month: int = PER_MONTH,
) -> pd.DataFrame:
    """One row per month of [first, last]: the month, its entries in words, and the ids they
    rest on. Months with nothing recorded say so (a gap in the data, not a quiet month)."""
    stops = counting.trip_stops(window)
    lines = pd.concat(
        [_trip_lines(stops, people), _visit_lines(window), _status_lines(window)], ignore_index=True
    )
    first_ids = set(firsts.first_by(events, ["counterpart_iso3", "direction"])["event_id"])
    rows = []
    for m in pd.period_range(first, last, freq="M"):
        sub = (
            lines[lines["month"] == m].sort_values(["start", "id"], kind="stable")
            if len(lines)
            else lines
        )
        items = list(sub["text"])
        ids = list(sub["id"])
        more = max(0, len(items) - per_month)
        items = items[:per_month]
        firsts_here = window[(window["month"] == m) & window["event_id"].isin(first_ids)]
        fc = sorted({names.country(c) for c in firsts_here["counterpart_iso3"] if c})
        if fc:
            items.append("First engagement since the takeover with " + ", ".join(fc) + ".")
        if more:
            items.append(f"And {more} more (see the event register).")
        if not items:
            items = [
                "Nothing recorded in the data (a gap in the sources, not proof of a quiet month)."
            ]
        rows.append({"month": str(m), "milestones": items, "ids": ";".join(ids[:per_month])})
    return pd.DataFrame(rows, columns=["month", "milestones", "ids"])
