"""Consistency checks: what may be true but needs a look, as warnings with a rule name each.

Why warnings and not errors: each of these has legitimate exceptions (a delegation can fly from
Kabul to Doha on the day of a meeting in Kabul; an exemption may be granted for only part of a
trip), and the dataset must be able to record what the sources say. ``validate`` prints them,
``validate --strict`` (run by CI) refuses them, and ``data/validation-allow.yaml`` excuses an
exception that was checked, with its reason (``helpers.data.allow``).

The rules, by name: ``uncovered_trip``, ``window_mismatch``, ``host_city``, ``sources_predate``,
``two_places``, ``stop_order``. Each finding names its event, so an allow-list entry can match it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pandas as pd

from helpers.data.allow import ALLOW_FILE, apply_allow_list, read_allow_list
from helpers.data.cities import CITY_COUNTRY, foreign_cities
from helpers.data.model import Dataset
from helpers.data.rulebook import Finding, Rule, run
from helpers.data.vocab import TRIP_DIRECTIONS, parse_partial_dates, precision_of
from helpers.errors import Problem


def _uncovered_trips() -> Callable | None:
    """``helpers.sanctions.uncovered_trips`` if that module exists (the rule is skipped if not)."""
    try:
        mod = importlib.import_module("helpers.sanctions")
    except ModuleNotFoundError:
        return None
    return getattr(mod, "uncovered_trips", None)


def _uncovered_trip(ds: Dataset) -> pd.Series:
    """Each trip by a UN-listed official with no covering exemption, on its first stop."""
    fn = _uncovered_trips()
    assert fn is not None  # only run when available (see active_rules)
    found = fn(ds.events, ds.persons)
    found = pd.DataFrame({"trip_id": list(found)}) if not isinstance(found, pd.DataFrame) else found
    ev = ds.events
    if "event_id" in found.columns:
        hit = ev["event_id"].isin(set(found["event_id"]))
    else:
        trips = set(found["trip_id"])
        first = ev[ev["trip_id"].isin(trips)].sort_values(["start", "event_id"])
        hit = ev["event_id"].isin(set(first.drop_duplicates("trip_id")["event_id"]))
    who = {}
    if "person_id" in found.columns:
        key = "event_id" if "event_id" in found.columns else "trip_id"
        who = found.groupby(key)["person_id"].agg(lambda s: ", ".join(sorted(set(s)))).to_dict()

    def text(row: pd.Series) -> str:
        people = who.get(row["event_id"]) or who.get(row["trip_id"]) or "a UN-listed official"
        return f"trip {row['trip_id']} by {people} has no covering travel-ban exemption"

    msgs = pd.Series("", index=ev.index, dtype=object)
    msgs[hit] = ev[hit].apply(text, axis=1)
    return msgs


def _stops(ds: Dataset) -> pd.DataFrame:
    ev = ds.events
    return ev[(ev["trip_id"].fillna("") != "") & ev["start"].notna()]


def _window_mismatch(ds: Dataset) -> pd.Series:
    """An exemption whose window does not cover the dates of the trip it names."""
    ev = ds.events
    span = _stops(ds).groupby("trip_id").agg(first=("start", "min"), last=("end", "max"))
    ex = ev[(ev["related_trip_id"].fillna("") != "") & ev["related_trip_id"].isin(span.index)]
    j = ex.join(span, on="related_trip_id")
    bad = j[(j["start"] > j["first"]) | (j["end"] < j["last"])]
    msgs = pd.Series("", index=ev.index, dtype=object)
    for i, r in bad.iterrows():
        msgs[i] = (
            f"the exemption window {r['start']:%Y-%m-%d}..{r['end']:%Y-%m-%d} does not cover "
            f"{r['related_trip_id']} ({r['first']:%Y-%m-%d}..{r['last']:%Y-%m-%d})"
        )
    return msgs


def _host_city(ds: Dataset) -> pd.Series:
    """A city that lies in another country than the row's host_iso3."""
    ev = ds.events

    def text(city: str, host: str) -> str:
        if not host or not city:
            return ""
        bad = foreign_cities(city, host)
        return "; ".join(f"{c} is in {CITY_COUNTRY[c]}, not in host_iso3 {host}" for c in bad)

    texts = [
        text(c, h) for c, h in zip(ev["city"].fillna(""), ev["host_iso3"].fillna(""), strict=True)
    ]
    return pd.Series(texts, index=ev.index, dtype=object)


def _sources_predate(ds: Dataset) -> pd.Series:
    """An ``occurred`` event whose every source is dated before the event starts."""
    src = ds.sources
    pub = src["published"].fillna("")
    _, last, ok = parse_partial_dates(pub, precision_of(pub))
    per = pd.DataFrame({"event_id": src["event_id"], "last": last.where(ok)})
    g = per.groupby("event_id")["last"]
    newest = g.max().where(g.count() == g.size())  # NaT unless every source is dated
    ev = ds.events
    latest = ev["event_id"].map(newest)
    return ev["counts"] & latest.notna() & (latest < ev["start"])


def _two_places(ds: Dataset) -> pd.Series:
    """One person in two countries on one day, among occurred day-precision events.

    Where a person is: the host country of an outbound, third-country or resident event, and
    Afghanistan for an inbound one; calls and status events place nobody. A day on which one
    stay ends and another begins is a travel day and is not a conflict, unless both are one-day
    events (then the sources say both happened that day: worth a look).
    """
    ev = ds.events
    placed = (
        ev["counts"]
        & (ev["date_precision"] == "day")
        & ev["direction"].isin([*TRIP_DIRECTIONS, "resident", "inbound"])
    )
    e = ev[placed].copy()
    e["where"] = e["host_iso3"].where(e["direction"] != "inbound", "AFG")
    e["person"] = (e["lead_person_id"] + ";" + e["participants"]).str.split(";")
    e = e.explode("person")
    e = e[e["person"].str.strip() != ""].drop_duplicates(["event_id", "person"])
    e["day"] = [pd.date_range(s, t) for s, t in zip(e["start"], e["end"], strict=True)]
    days = e[["event_id", "person", "where", "start", "end", "day"]].explode("day")
    pairs = days.merge(days, on=["person", "day"], suffixes=("", "_o"))
    pairs = pairs[(pairs["where"] != pairs["where_o"]) & (pairs["event_id"] > pairs["event_id_o"])]
    one_day = (pairs["start"] == pairs["end"]) & (pairs["start_o"] == pairs["end_o"])
    travel = ((pairs["day"] == pairs["end"]) & (pairs["day"] == pairs["start_o"])) | (
        (pairs["day"] == pairs["start"]) & (pairs["day"] == pairs["end_o"])
    )
    pairs = pairs[one_day | ~travel].drop_duplicates(["event_id", "person", "event_id_o"])
    msgs = pd.Series("", index=ev.index, dtype=object)
    for eid, g in pairs.groupby("event_id", sort=True):
        parts = [
            f"{r.person} is in {r.where_o} on {r.day:%Y-%m-%d} ({r.event_id_o}) and in {r.where}"
            for r in g.sort_values(["day", "person", "event_id_o"]).itertuples()
        ]
        msgs[ev.index[ev["event_id"] == eid]] = "; ".join(parts)
    return msgs


def _stop_order(ds: Dataset) -> pd.Series:
    """The stops of a trip, in event_id order, go back in time."""
    stops = _stops(ds).sort_values(["trip_id", "event_id"])
    back = stops["start"] < stops.groupby("trip_id")["start"].cummax()
    msgs = pd.Series("", index=ds.events.index, dtype=object)
    for i, trip in stops.loc[back, "trip_id"].items():
        msgs[i] = f"the stops of {trip} are not in date order (by event_id)"
    return msgs


EV, W = "events", "warning"
CONSISTENCY_RULES: list[Rule[Dataset]] = [
    Rule("uncovered_trip", EV, "trip_id", _uncovered_trip, severity=W),
    Rule("window_mismatch", EV, "start_date", _window_mismatch, severity=W),
    Rule("host_city", EV, "city", _host_city, severity=W),
    Rule(
        "sources_predate",
        EV,
        "start_date",
        _sources_predate,
        "every source of this occurred event is dated before it started: is it announced?",
        severity=W,
    ),
    Rule("two_places", EV, "start_date", _two_places, severity=W),
    Rule("stop_order", EV, "start_date", _stop_order, severity=W),
]
RULE_NAMES = tuple(r.name for r in CONSISTENCY_RULES)


def active_rules() -> list[Rule[Dataset]]:
    """The rules that can run now (``uncovered_trip`` needs ``helpers.sanctions``)."""
    return [r for r in CONSISTENCY_RULES if r.name != "uncovered_trip" or _uncovered_trips()]


def findings(ds: Dataset) -> list[Finding]:
    """Every consistency finding on the dataset, before the allow-list."""
    ev = ds.events.copy()
    ev["_row"] = ev["event_id"].map(ds.event_lines).fillna(0).astype(int)
    found = run(active_rules(), ds, {EV: ev}, {EV: "events.csv"})
    # The rule and event id lead the message: what an allow-list entry needs to match it.
    return [
        replace(f, problem=replace(f.problem, message=f"{f.rule} ({f.key}): {f.problem.message}"))
        for f in found
    ]


def consistency_problems(ds: Dataset, allow_file: Path | None = None) -> list[Problem]:
    """Warnings left after the allow-list, plus the allow-list's own problems.

    ``allow_file`` defaults to ``validation-allow.yaml`` in the dataset's folder; when that file
    does not exist, nothing is excused.
    """
    path = allow_file or ds.data_dir / ALLOW_FILE
    rules = active_rules()
    entries, problems = read_allow_list(path, RULE_NAMES)
    return sorted(problems + apply_allow_list(findings(ds), entries, {r.name for r in rules}))
