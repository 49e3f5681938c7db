"""Counting trips under the package's stated rules (see ``x_counting_rules`` in datapackage.json).

Four numbers, not one: trips (journeys, one ``trip_id``), country visits (trip x host country),
distinct host countries, and person-trips (each Taliban official once per trip). Each is given
with and without journeys made only for a multilateral forum. All functions are vectorized pandas
so the claims benchmark on 10^6 synthetic rows stays within seconds.
"""

from __future__ import annotations

import pandas as pd

from helpers.data import TAKEOVER


def as_of(events: pd.DataFrame, date: pd.Timestamp | str | None) -> pd.DataFrame:
    """Events certainly over by ``date`` (a month-precision event counts from its month's end)."""
    if date is None:
        return events
    return events[events["known_by"] <= pd.Timestamp(date)]


def in_window(events: pd.DataFrame, start=None, end=None) -> pd.DataFrame:
    """Events whose start falls in [start, end] (either bound may be None)."""
    mask = pd.Series(True, index=events.index)
    if start is not None:
        mask &= events["start"] >= pd.Timestamp(start)
    if end is not None:
        mask &= events["start"] <= pd.Timestamp(end)
    return events[mask]


def trip_stops(events: pd.DataFrame, *, since: pd.Timestamp | None = TAKEOVER) -> pd.DataFrame:
    """Stops that count as travel: occurred, outbound/third-country, on or after ``since``."""
    m = events["is_trip_stop"] & events["counts"]
    if since is not None:
        m &= events["start"] >= since
    return events[m]


def trips(stops: pd.DataFrame, *, with_hosts: bool = True) -> pd.DataFrame:
    """One row per journey: dates, host countries (in stop order), lead, forum-only flag.

    ``with_hosts=False`` skips the per-trip string join, the only non-vectorized step.
    """
    if stops.empty:
        return pd.DataFrame(
            columns=[
                "trip_id",
                "start",
                "end",
                "hosts",
                "n_stops",
                "lead_person_id",
                "forum_only",
                "outside_asia",
            ]
        )
    s = stops.sort_values(["trip_id", "start", "event_id"]).assign(
        _multi=lambda d: d["event_type"].astype(str).eq("multilateral"),
        _outside=lambda d: d["host_region"].ne("Asia"),
    )
    g = s.groupby("trip_id", sort=True, observed=True)
    out = g.agg(
        start=("start", "min"),
        end=("end", "max"),
        n_stops=("event_id", "size"),
        lead_person_id=("lead_person_id", "first"),
        forum_only=("_multi", "all"),
        outside_asia=("_outside", "any"),
    )
    if with_hosts:
        out["hosts"] = g["host_iso3"].agg(lambda x: ";".join(dict.fromkeys(x)))
    return out.reset_index()


def country_visits(stops: pd.DataFrame) -> pd.DataFrame:
    """Distinct (trip, host country) pairs."""
    return stops.drop_duplicates(["trip_id", "host_iso3"])


def person_trips(stops: pd.DataFrame) -> pd.DataFrame:
    """Distinct (trip, person) pairs from each stop's lead and participants."""
    people = (
        stops["lead_person_id"].fillna("") + ";" + stops["participants"].fillna("")
    ).str.split(";")
    pairs = pd.DataFrame({"trip_id": stops["trip_id"].to_numpy(), "person_id": people.to_numpy()})
    pairs = pairs.explode("person_id")
    pairs["person_id"] = pairs["person_id"].str.strip()
    return pairs[pairs["person_id"] != ""].drop_duplicates()


def headline(stops: pd.DataFrame) -> dict[str, int]:
    """The four counts for a set of stops, and the same without forum-only journeys."""
    t = trips(stops, with_hosts=False)
    forum_only = t.loc[t["forum_only"], "trip_id"]
    bilateral = stops[~stops["trip_id"].isin(forum_only)]
    out = {}
    for suffix, s in (("", stops), ("_excl_forum_only", bilateral)):
        out["trips" + suffix] = int(s["trip_id"].nunique())
        out["country_visits" + suffix] = int(len(country_visits(s)))
        out["distinct_countries" + suffix] = int(s["host_iso3"].nunique())
        out["person_trips" + suffix] = int(len(person_trips(s)))
    return out


def counts_table(stops: pd.DataFrame) -> pd.DataFrame:
    """The headline numbers as a two-column table a report can print."""
    h = headline(stops)
    rows = [
        ("Trips (journeys)", "trips"),
        ("Country visits (trip x host)", "country_visits"),
        ("Distinct host countries", "distinct_countries"),
        ("Person-trips", "person_trips"),
    ]
    return pd.DataFrame(
        {
            "measure": [r[0] for r in rows],
            "all journeys": [h[r[1]] for r in rows],
            "excluding forum-only journeys": [h[r[1] + "_excl_forum_only"] for r in rows],
        }
    )


def by_month(stops: pd.DataFrame, start=None, end=None) -> pd.DataFrame:
    """Trips and country visits per calendar month (a journey counts in the month it starts)."""
    t = trips(stops)
    cv = country_visits(stops)
    months = pd.period_range(
        pd.Timestamp(start) if start is not None else (t["start"].min() if len(t) else TAKEOVER),
        pd.Timestamp(end) if end is not None else (t["start"].max() if len(t) else TAKEOVER),
        freq="M",
    )
    tm = t["start"].dt.to_period("M").value_counts() if len(t) else pd.Series(dtype=int)
    cm = cv["start"].dt.to_period("M").value_counts() if len(cv) else pd.Series(dtype=int)
    return pd.DataFrame(
        {
            "month": months.astype(str),
            "trips": [int(tm.get(m, 0)) for m in months],
            "country_visits": [int(cm.get(m, 0)) for m in months],
        }
    )


def by_key(stops: pd.DataFrame, key: str) -> pd.DataFrame:
    """Country visits and trips grouped by a stop column (host_iso3, host_region, lead_person_id)."""
    cv = country_visits(stops)
    g = cv.groupby(key, observed=True)
    out = pd.DataFrame({"country_visits": g.size(), "trips": g["trip_id"].nunique()})
    return out.sort_values(["country_visits", "trips"], ascending=False).reset_index()


def by_person(stops: pd.DataFrame) -> pd.DataFrame:
    """Trips per Taliban official (lead or participant)."""
    pt = person_trips(stops)
    return (
        pt.groupby("person_id")
        .size()
        .rename("trips")
        .reset_index()
        .sort_values(["trips", "person_id"], ascending=[False, True])
        .reset_index(drop=True)
    )


def newest_event_date(ds) -> pd.Timestamp:
    """The day by which the newest counted event is known: what an as-of of ``latest`` means."""
    return ds.events.loc[ds.events["counts"], "known_by"].max()
