"""UN travel-ban exemptions matched to the trips of UN-listed officials.

Why one module: report 02, the claims engine and ``validate`` all ask "which trips did a listed
official make, and which exemption covered each?", and must get one answer. The matching is:

* **people by exact id.** An exemption's people are its ``lead_person_id`` and the ``;``-separated
  ``participants``, split and compared whole; a substring test would let the exemption of
  ``hamidullah-akhund`` cover ``hamidullah-akhundzada`` (or the reverse).
* **stops, not whole trips.** A trip by a listed official is the set of that official's stops on one
  ``trip_id`` (stops as :func:`helpers.counting.trip_stops` defines them: occurred, abroad, since the
  takeover). An exemption covers a stop when it names the official, its window overlaps the stop's
  dates, and it is for that stop's country (an exemption with no ``host_iso3`` is for any country).
* **listed by the trip's date.** An official counts when ``un_listed`` and ``un_listed_on`` is on or
  before the first day of the trip (the listing dates come from the UN list itself, helpers.unlist).
* **month precision is kept, not guessed.** A month-precision date spans its whole month (``start``
  first day, ``end`` last day, as ``helpers.data`` types it); a match that holds only at that
  resolution is reported as ``uncertain``, never as full cover.

Only granted exemptions (``status`` occurred) cover a trip; refused or lapsed ones never do.
Every function takes the typed frames of ``helpers.data.load()`` and returns a new DataFrame.
"""

from __future__ import annotations

import pandas as pd

from helpers import counting
from helpers.data import TAKEOVER

EXEMPTION = "sanctions_exemption"
COVERAGE = ("full", "uncertain", "partial", "none")
TRIP_COLUMNS = [
    "trip_id",
    "person_id",
    "un_ref",
    "start",
    "end",
    "date_precision",
    "hosts",
    "exemptions",
    "coverage",
    "uncovered_stops",
    "named_exemptions",
]
EXEMPTION_COLUMNS = [
    "event_id",
    "start",
    "end",
    "date_precision",
    "host_iso3",
    "person_ids",
    "related_trip_id",
]


def split_ids(value: object) -> list[str]:
    """``"a;b; c"`` -> ``["a", "b", "c"]``; empty or missing -> ``[]``. Whole ids, never parts."""
    if not isinstance(value, str):
        return []
    return [v.strip() for v in value.split(";") if v.strip()]


def _people(events: pd.DataFrame) -> list[list[str]]:
    """Each row's people: its lead and its participants, whole ids, in order, each once."""
    return [
        list(dict.fromkeys(split_ids(lead) + split_ids(parts)))
        for lead, parts in zip(events["lead_person_id"], events["participants"], strict=True)
    ]


def _known(events: pd.DataFrame, as_of: object) -> pd.DataFrame:
    """Events known by ``as_of`` (a month-precision event by the last day of its month)."""
    if as_of is None:
        return events
    return events[events["known_by"] <= pd.Timestamp(as_of)]


def exemption_people(events: pd.DataFrame, as_of: object = None) -> pd.DataFrame:
    """One row per granted exemption x person it names: event_id, person_id and its window."""
    ex = _known(events, as_of)
    ex = ex[(ex["event_type"] == EXEMPTION) & (ex["status"] == "occurred")]
    people = _people(ex)
    out = pd.DataFrame(
        {
            "event_id": ex["event_id"].to_numpy(),
            "person_id": pd.Series(people, dtype=object).to_numpy(),
            "ex_start": ex["start"].to_numpy(),
            "ex_end": ex["end"].to_numpy(),
            "ex_month": (ex["date_precision"] == "month").to_numpy(),
            "ex_host": ex["host_iso3"].fillna("").to_numpy(),
            "related_trip_id": ex["related_trip_id"].fillna("").to_numpy(),
        }
    ).explode("person_id")
    return out[out["person_id"].notna()].reset_index(drop=True)


def _listed_stops(events: pd.DataFrame, persons: pd.DataFrame, as_of: object) -> pd.DataFrame:
    """One row per trip stop x listed official on it (listed by the first day of the trip)."""
    stops = counting.trip_stops(_known(events, as_of), since=TAKEOVER)
    people = _people(stops)
    s = pd.DataFrame(
        {
            "trip_id": stops["trip_id"].to_numpy(),
            "stop_id": stops["event_id"].to_numpy(),
            "person_id": pd.Series(people, dtype=object).to_numpy(),
            "s_start": stops["start"].to_numpy(),
            "s_end": stops["end"].to_numpy(),
            "s_month": (stops["date_precision"] == "month").to_numpy(),
            "host": stops["host_iso3"].fillna("").to_numpy(),
        }
    ).explode("person_id")
    listed = persons.loc[persons["un_listed"].astype(bool), ["person_id", "un_ref", "un_listed_on"]]
    s = s.merge(listed, on="person_id")
    first = s.groupby(["trip_id", "person_id"])["s_start"].transform("min")
    on_list = s["un_listed_on"].isna() | (s["un_listed_on"] <= first)
    return s[on_list].drop(columns="un_listed_on")


def _stop_cover(stops: pd.DataFrame, ex: pd.DataFrame) -> pd.DataFrame:
    """Each (stop, person) with each exemption naming the person whose window and country fit.

    Joined on the person and the country (an exemption for any country on the person alone), so
    the pairs to test for date overlap stay few as the data grows."""
    anywhere = ex["ex_host"] == ""
    j = pd.concat(
        [
            stops.merge(
                ex[~anywhere], left_on=["person_id", "host"], right_on=["person_id", "ex_host"]
            ),
            stops.merge(ex[anywhere], on="person_id"),
        ],
        ignore_index=True,
    )
    overlap = (j["ex_start"] <= j["s_end"]) & (j["ex_end"] >= j["s_start"])
    j = j[overlap].copy()
    j["contains"] = (j["ex_start"] <= j["s_start"]) & (j["ex_end"] >= j["s_end"])
    j["exact"] = j["contains"] & ~j["ex_month"] & ~j["s_month"]
    return j


def _coverage(stops: list[str], exact: set[str], by_month: set[str]) -> str:
    """How the exemptions cover these stops (one of :data:`COVERAGE`), from the stops that some
    window meets exactly (``exact``) or only at month resolution (``by_month``).

    full: every stop lies inside a window, both known to the day. uncertain: every stop meets a
    window, but for some only at month resolution (a month-precision stop or window), so whether
    the window held on the day is unknown. partial: some stop meets no window, or a day-precise
    window that misses part of it (e.g. opens after the arrival). none: no window meets any stop.
    """
    wanted = set(stops)
    if exact >= wanted:
        return "full"
    if (exact | by_month) >= wanted:
        return "uncertain"
    return "partial"


def _sets(frame: pd.DataFrame, column: str) -> dict[tuple[str, str], set[str]]:
    """(trip_id, person_id) -> the set of ``column`` values in that group."""
    if frame.empty:
        return {}
    return {k: set(v) for k, v in frame.groupby(["trip_id", "person_id"], sort=False)[column]}


def trips_by_listed_officials(
    events: pd.DataFrame, persons: pd.DataFrame, as_of: object = None
) -> pd.DataFrame:
    """One row per trip x UN-listed official on it, with the exemptions that cover it.

    Columns: trip_id, person_id, un_ref, start and end (the official's first and last day on the
    trip), date_precision (``month`` if any of those stops is month-precise), hosts (ISO3 of the
    official's stops, in date order, ``;``-joined), exemptions (covering exemption event ids,
    ``;``-joined, ``""`` if none), coverage (one of :data:`COVERAGE`), uncovered_stops (the
    official's stop event ids that no exemption meets, ``;``-joined), named_exemptions (exemption
    ids whose ``related_trip_id`` is this trip, whoever they name). Sorted by start, trip, person.

    Grouped once, never filtered per group: filtering the cover table for each (trip, official)
    made this quadratic (minutes at 100 times today's data).
    """
    stops = _listed_stops(events, persons, as_of)
    if stops.empty:
        return pd.DataFrame(columns=TRIP_COLUMNS)
    ex = exemption_people(events, as_of)
    cover = _stop_cover(stops, ex)
    named = ex.drop_duplicates("event_id").groupby("related_trip_id")["event_id"]
    named_by_trip = {t: ";".join(sorted(ids)) for t, ids in named if t}
    met = _sets(cover, "stop_id")
    used = _sets(cover, "event_id")
    exact = _sets(cover[cover["exact"]], "stop_id")
    by_month = _sets(cover[cover["ex_month"] | cover["s_month"]], "stop_id")
    g = stops.sort_values(["s_start", "stop_id"]).groupby(["trip_id", "person_id"], sort=False)
    agg = g.agg(
        un_ref=("un_ref", "first"),
        start=("s_start", "min"),
        end=("s_end", "max"),
        month=("s_month", "any"),
        hosts=("host", lambda h: ";".join(dict.fromkeys(h))),
        stop_ids=("stop_id", list),
    )
    rows = []
    for (trip, pid), r in zip(agg.index, agg.itertuples(index=False), strict=True):
        key = (trip, pid)
        covered = met.get(key, set())
        rows.append(
            {
                "trip_id": trip,
                "person_id": pid,
                "un_ref": r.un_ref,
                "start": r.start,
                "end": r.end,
                "date_precision": "month" if r.month else "day",
                "hosts": r.hosts,
                "exemptions": ";".join(sorted(used.get(key, ()))),
                "coverage": _coverage(r.stop_ids, exact.get(key, set()), by_month.get(key, set()))
                if covered
                else "none",
                "uncovered_stops": ";".join(x for x in r.stop_ids if x not in covered),
                "named_exemptions": named_by_trip.get(trip, ""),
            }
        )
    out = pd.DataFrame(rows, columns=TRIP_COLUMNS)
    return out.sort_values(["start", "trip_id", "person_id"]).reset_index(drop=True)


def uncovered_trips(
    events: pd.DataFrame, persons: pd.DataFrame, as_of: object = None, *, partial: bool = False
) -> pd.DataFrame:
    """Trips by listed officials that no recorded exemption covers (``partial=True``: also those
    covered only in part), as :func:`trips_by_listed_officials` rows. For a validator rule."""
    t = trips_by_listed_officials(events, persons, as_of)
    bad = ("none", "partial") if partial else ("none",)
    return t[t["coverage"].isin(bad)].reset_index(drop=True)


def exemptions_without_trip(
    events: pd.DataFrame, persons: pd.DataFrame, as_of: object = None
) -> pd.DataFrame:
    """Granted exemptions that cover no recorded trip of a listed official they name.

    Columns: event_id, start, end, date_precision, host_iso3, person_ids (``;``-joined, the
    exemption's lead then participants), related_trip_id. Sorted by start, event_id.
    """
    used = set()
    t = trips_by_listed_officials(events, persons, as_of)
    for ids in t["exemptions"]:
        used.update(split_ids(ids))
    ex = _known(events, as_of)
    ex = ex[(ex["event_type"] == EXEMPTION) & (ex["status"] == "occurred")]
    ex = ex[~ex["event_id"].isin(used)]
    people = [
        ";".join(dict.fromkeys(split_ids(lead) + split_ids(parts)))
        for lead, parts in zip(ex["lead_person_id"], ex["participants"], strict=True)
    ]
    out = pd.DataFrame(
        {
            "event_id": ex["event_id"].to_numpy(),
            "start": ex["start"].to_numpy(),
            "end": ex["end"].to_numpy(),
            "date_precision": ex["date_precision"].astype(str).to_numpy(),
            "host_iso3": ex["host_iso3"].fillna("").to_numpy(),
            "person_ids": people,
            "related_trip_id": ex["related_trip_id"].fillna("").to_numpy(),
        },
        columns=EXEMPTION_COLUMNS,
    )
    return out.sort_values(["start", "event_id"]).reset_index(drop=True)
