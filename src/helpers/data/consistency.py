"""Consistency checks: what may be true but needs a look, as warnings with a rule name each.

Why warnings and not errors: each of these has legitimate exceptions (a delegation can fly from
Kabul to Doha on the day of a meeting in Kabul; an exemption may be granted for only part of a
trip), and the dataset must be able to record what the sources say. ``validate`` prints them,
``validate --strict`` refuses them (meant for CI), and ``data/validation-allow.yaml`` excuses an
exception that was checked, with its reason (``helpers.data.allow``).

The rules, by name: ``uncovered_trip``, ``window_mismatch``, ``host_city``, ``sources_predate``,
``two_places``, ``stop_order``. Each finding names its event, so an allow-list entry can match it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from helpers.data.allow import ALLOW_FILE, apply_allow_list, read_allow_list
from helpers.data.cities import CITY_COUNTRY, foreign_cities
from helpers.data.exemptions import sanctions_helper, uncovered_trip, window_mismatch
from helpers.data.model import Dataset
from helpers.data.rulebook import Finding, Rule, run
from helpers.data.vocab import TRIP_DIRECTIONS, parse_partial_dates, precision_of
from helpers.errors import Problem


def _stops(ds: Dataset) -> pd.DataFrame:
    ev = ds.events
    return ev[(ev["trip_id"].fillna("") != "") & ev["start"].notna()]


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
    """An ``occurred`` event whose every dated source is dated before the event starts.

    Undated sources are left out (they may be the reports of the event itself: the warning asks
    for a look). A source dated only to a month predates the event only if the whole month does.
    """
    src = ds.sources
    pub = src["published"].fillna("")
    _, last, ok = parse_partial_dates(pub, precision_of(pub))
    newest = pd.Series(last[ok].to_numpy(), index=src.loc[ok, "event_id"]).groupby(level=0).max()
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
    """The stops of a trip out of date order, or whose order their dates cannot settle.

    Two findings: a stop that, in ``event_id`` order, starts before an earlier stop of its trip
    (ids are given in the order of the journey); and, in date order, a stop whose dates run past
    the start of the next stop in another country (a month-precision stop usually), so the data
    does not say which came first.
    """
    stops = _stops(ds)
    stops = stops[stops["counts"]]
    msgs = pd.Series("", index=ds.events.index, dtype=object)
    by_id = stops.sort_values(["trip_id", "event_id"])
    back = by_id["start"] < by_id.groupby("trip_id")["start"].cummax()
    for i, trip in by_id.loc[back, "trip_id"].items():
        msgs[i] = f"the stops of {trip} are not in date order (by event_id)"
    by_day = stops.sort_values(["trip_id", "start", "event_id"])
    nxt = by_day.groupby("trip_id")[["start", "host_iso3", "event_id"]].shift(-1)
    over = nxt["start"].notna() & (nxt["start"] < by_day["end"])
    over &= nxt["host_iso3"] != by_day["host_iso3"]
    for i in by_day.index[over]:
        if not msgs[i]:
            r, n = by_day.loc[i], nxt.loc[i]
            msgs[i] = (
                f"this stop of {r['trip_id']} ({r['start']:%Y-%m-%d}..{r['end']:%Y-%m-%d}) runs "
                f"past the start of the next, {n['event_id']} in {n['host_iso3']} on "
                f"{n['start']:%Y-%m-%d}: the dates do not settle their order"
            )
    return msgs


EV, W = "events", "warning"
CONSISTENCY_RULES: list[Rule[Dataset]] = [
    Rule("uncovered_trip", EV, "trip_id", uncovered_trip, severity=W),
    Rule("window_mismatch", EV, "start_date", window_mismatch, severity=W),
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
    return [r for r in CONSISTENCY_RULES if r.name != "uncovered_trip" or sanctions_helper()]


def findings(ds: Dataset) -> list[Finding]:
    """Every consistency finding on the dataset, before the allow-list."""
    ev = ds.events.copy()
    ev["_row"] = ev["event_id"].map(ds.event_lines).fillna(0).astype(int)
    paths = {r.get("name"): r.get("path") for r in ds.descriptor.get("resources", [])}
    found = run(active_rules(), ds, {EV: ev}, {EV: paths.get(EV) or "events.csv"})
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
