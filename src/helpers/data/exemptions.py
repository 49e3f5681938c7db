"""The two consistency rules about UN travel-ban exemptions: ``uncovered_trip``, ``window_mismatch``.

Why apart from the other rules: both match exemptions to trips, which needs the exemption's
people and host country and the trip stops' dates, and ``uncovered_trip`` defers to
``helpers.sanctions`` (the one matcher report 02 and the claims engine use), imported lazily so
that the dataset package does not depend on it: without that module the rule is skipped.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable

import pandas as pd

from helpers.data.model import Dataset

#: How far (days) from an exemption's window a stop of its officials in its country may lie and
#: still be the trip the exemption was most likely granted for.
NEAR_DAYS = 30


def sanctions_helper() -> Callable | None:
    """``helpers.sanctions.uncovered_trips`` if that module exists (the rule is skipped if not)."""
    try:
        mod = importlib.import_module("helpers.sanctions")
    except ModuleNotFoundError:
        return None
    return getattr(mod, "uncovered_trips", None)


def uncovered_trip(ds: Dataset) -> pd.Series:
    """Each stop a UN-listed official made that no recorded exemption covers.

    One finding per stop (not per trip), so an allow-list entry names the stop whose cover is
    missing. ``helpers.sanctions.uncovered_trips`` decides which (trip, official) pairs those are,
    partly covered trips included where it offers ``partial``; its ``uncovered_stops`` column,
    where present, names the stops; otherwise every stop of the trip the official made is named.
    """
    fn = sanctions_helper()
    assert fn is not None  # only run when available (see active_rules)
    takes_partial = "partial" in inspect.signature(fn).parameters
    found = fn(ds.events, ds.persons, partial=True) if takes_partial else fn(ds.events, ds.persons)
    if not isinstance(found, pd.DataFrame):
        found = pd.DataFrame({"trip_id": list(found)})
    ev = ds.events
    msgs = pd.Series("", index=ev.index, dtype=object)
    if found.empty:
        return msgs
    if "person_id" not in found.columns:
        found = found.assign(person_id="a UN-listed official")
    if "uncovered_stops" in found.columns:
        per_stop = found.assign(event_id=found["uncovered_stops"].fillna("").str.split(";"))
        per_stop = per_stop.explode("event_id")
    else:
        stops = ev[ev["is_trip_stop"] & ev["counts"]]
        per_stop = found.merge(
            pd.DataFrame({"person_id": _people(stops)}).join(stops[["event_id", "trip_id"]]),
            on=["trip_id", "person_id"],
        )
        if (found["person_id"] == "a UN-listed official").all():
            per_stop = found.merge(stops[["event_id", "trip_id"]], on="trip_id")
    per_stop = per_stop[per_stop["event_id"].fillna("") != ""]
    names = per_stop.groupby("event_id").agg(
        trip=("trip_id", "first"), who=("person_id", lambda s: ", ".join(sorted(set(s))))
    )
    where = pd.Series(ev.index, index=ev["event_id"])
    for eid, r in names.iterrows():
        if eid in where.index:
            msgs[where[eid]] = f"trip {r['trip']} by {r['who']}: no exemption covers this stop"
    return msgs


def _people(frame: pd.DataFrame) -> pd.Series:
    """Each row's person ids (lead and participants), one row per person."""
    ids = (frame["lead_person_id"].fillna("") + ";" + frame["participants"].fillna("")).str.split(
        ";"
    )
    out = ids.explode().str.strip()
    return out[out != ""]


def window_mismatch(ds: Dataset) -> pd.Series:
    """An exemption whose window does not cover the trip it was granted for.

    The trip is the one it names (``related_trip_id``): its window must span every stop. An
    exemption that names no trip is checked against the stops its officials made in its host
    country (any country if it has none): when none of them lies wholly inside the window but one
    lies within ``NEAR_DAYS`` of it, the window or the stop's dates are probably off by a little
    (a window that ends the day before the meetings, or opens after the arrival).
    """
    ev = ds.events
    msgs = pd.Series("", index=ev.index, dtype=object)
    stops = ev[ev["is_trip_stop"] & ev["counts"]]
    ex = ev[(ev["event_type"] == "sanctions_exemption") & ev["counts"]]
    span = stops.groupby("trip_id").agg(first=("start", "min"), last=("end", "max"))
    named = ex[ex["related_trip_id"].fillna("") != ""].join(span, on="related_trip_id")
    for i, r in named[
        (named["start"] > named["first"]) | (named["end"] < named["last"])
    ].iterrows():
        msgs[i] = (
            f"the exemption window {r['start']:%Y-%m-%d}..{r['end']:%Y-%m-%d} does not cover "
            f"{r['related_trip_id']} ({r['first']:%Y-%m-%d}..{r['last']:%Y-%m-%d})"
        )
    free = ex[ex["related_trip_id"].fillna("") == ""]
    pairs = (
        pd.DataFrame({"x": _people(free)})
        .join(free[["event_id", "start", "end", "host_iso3"]])
        .merge(
            pd.DataFrame({"x": _people(stops)}).join(
                stops[["event_id", "start", "end", "host_iso3"]]
            ),
            on="x",
            suffixes=("", "_s"),
        )
    )
    pairs = pairs[(pairs["host_iso3"] == "") | (pairs["host_iso3"] == pairs["host_iso3_s"])]
    pairs = pairs.assign(
        covered=(pairs["start"] <= pairs["start_s"]) & (pairs["end_s"] <= pairs["end"]),
        gap=pd.concat(
            [(pairs["start"] - pairs["end_s"]).dt.days, (pairs["start_s"] - pairs["end"]).dt.days],
            axis=1,
        ).max(axis=1),
    )
    covered = set(pairs.loc[pairs["covered"], "event_id"])
    near = pairs[~pairs["event_id"].isin(covered) & (pairs["gap"] <= NEAR_DAYS)]
    near = near.sort_values(["event_id", "gap", "event_id_s"]).drop_duplicates("event_id")
    where = pd.Series(ev.index, index=ev["event_id"])
    for r in near.itertuples():
        msgs[where[r.event_id]] = (
            f"the exemption window {r.start:%Y-%m-%d}..{r.end:%Y-%m-%d} covers no stop of its "
            f"officials in {r.host_iso3_s}; the nearest, {r.event_id_s} "
            f"({r.start_s:%Y-%m-%d}..{r.end_s:%Y-%m-%d}), is not inside it"
        )
    return msgs
