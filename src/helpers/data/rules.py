"""The dataset's own rules, beyond what Table Schema can say: one declarative list of errors.

Each entry names the rule, the table and column a hit points at, the vectorized test and the
message. These are errors: data that breaks one cannot be counted honestly (an end before its
start, a trip stop with no host, an event with no source, a role that ends before it begins, a
"journey" whose stops span months, an event that has happened in the future, a dataset with
nothing in it). Inconsistencies that may be true and need a look are warnings, in
``helpers.data.consistency``.
"""

from __future__ import annotations

from functools import cached_property

import pandas as pd

from helpers.data.rulebook import Rule
from helpers.data.vocab import (
    MAX_TRIP_DAYS,
    STATUS_TYPES,
    TRIP_DIRECTIONS,
    iso3_codes,
    parse_partial_dates,
    precision_of,
)


class Tables:
    """The validated string tables, with the parsed values several rules share."""

    def __init__(self, tables: dict[str, pd.DataFrame], today: pd.Timestamp) -> None:
        self.tables = tables
        self.today = today
        self.ev = tables["events"]

    def col(self, name: str) -> pd.Series:
        """An events column (strings, empty cells ``""``)."""
        return self.ev[name]

    @cached_property
    def start(self) -> tuple[pd.Series, pd.Series]:
        first, _, ok = parse_partial_dates(self.ev["start_date"], self.ev["date_precision"])
        return first, ok

    @cached_property
    def end(self) -> tuple[pd.Series, pd.Series]:
        raw = self.ev["end_date"].where(self.col("end_date") != "", self.ev["start_date"])
        _, last, ok = parse_partial_dates(raw, self.ev["date_precision"])
        return last, ok

    @cached_property
    def trip_span_days(self) -> pd.Series:
        """Days from a trip's first start to its last end, on each of its stops (0 off trips)."""
        trip = self.col("trip_id")
        (start, s_ok), (end, e_ok) = self.start, self.end
        f = pd.DataFrame({"trip": trip, "start": start, "end": end})[(trip != "") & s_ok & e_ok]
        g = f.groupby("trip")
        span = (g["end"].transform("max") - g["start"].transform("min")).dt.days
        return span.reindex(self.ev.index).fillna(0)


def _fits_precision(col: str):
    def test(t: Tables) -> pd.Series:
        vals, prec = t.col(col), t.ev["date_precision"]
        shape_ok = vals.str.fullmatch(r"\d{4}-\d{2}(-\d{2})?").fillna(False).astype(bool)
        has_day = vals.str.len() == 10
        return (
            (vals != "") & shape_ok & (((prec == "month") & has_day) | ((prec == "day") & ~has_day))
        )

    return test


def _end_before_start(t: Tables) -> pd.Series:
    (start, s_ok), (end, e_ok) = t.start, t.end
    return s_ok & e_ok & (end < start)


def _unknown_iso(col: str):
    return lambda t: (t.col(col) != "") & ~t.col(col).isin(iso3_codes())


def _no_region(col: str):
    def test(t: Tables) -> pd.Series:
        v = t.col(col)
        return (v != "") & v.isin(iso3_codes()) & ~v.isin(set(t.tables["regions"]["iso3"]))

    return test


def _unknown_participants(t: Tables) -> pd.Series:
    persons = set(t.tables["persons"]["person_id"])

    def unknown(cell: str) -> str:
        bad = [p.strip() for p in cell.split(";") if p.strip() and p.strip() not in persons]
        return "; ".join(f"{p!r} is not a known persons.person_id" for p in bad)

    return t.col("participants").map(unknown)


def _trip_span(t: Tables) -> pd.Series:
    span = t.trip_span_days
    msg = (
        "the stops of {trip} span {days} days (first start to last end); more than "
        f"{MAX_TRIP_DAYS} is not one journey: check the year and month of each stop"
    )
    texts = [
        msg.format(trip=trip, days=int(d)) if d > MAX_TRIP_DAYS else ""
        for trip, d in zip(t.col("trip_id"), span, strict=True)
    ]
    return pd.Series(texts, index=t.ev.index, dtype=object)


def _role_end_before_start(t: Tables) -> pd.Series:
    r = t.tables["person_roles"]
    first, _, f_ok = parse_partial_dates(r["valid_from"], precision_of(r["valid_from"]))
    _, last, l_ok = parse_partial_dates(r["valid_to"], precision_of(r["valid_to"]))
    return f_ok & l_ok & (last < first)


def _listing_without_source(t: Tables) -> pd.Series:
    """A listing that does not cite the UN list record it rests on (press lists are not the
    list; ``helpers.unlist`` then checks that the cited record names this person)."""
    p = t.tables["persons"]
    return (p["un_listed"] == "true") & (p["un_source"].fillna("") == "")


def _future(t: Tables) -> pd.Series:
    start, ok = t.start
    return ok & (t.ev["status"] == "occurred") & (start > t.today)


EV = "events"
ERROR_RULES: list[Rule[Tables]] = [
    Rule("start_fits_precision", EV, "start_date", _fits_precision("start_date"),
         lambda v: f"{v!r} does not fit date_precision (day: YYYY-MM-DD, month: YYYY-MM)"),
    Rule("end_fits_precision", EV, "end_date", _fits_precision("end_date"),
         lambda v: f"{v!r} does not fit date_precision (day: YYYY-MM-DD, month: YYYY-MM)"),
    Rule("end_before_start", EV, "end_date", _end_before_start,
         lambda v: f"{v!r} is before start_date"),
    Rule("occurred_in_future", EV, "start_date", _future,
         lambda v: f"{v!r} is after today, but the status is 'occurred'"),
    Rule("trip_span", EV, "trip_id", _trip_span),
    Rule("host_iso3_known", EV, "host_iso3", _unknown_iso("host_iso3"),
         lambda v: f"{v!r} is not an ISO 3166-1 alpha-3 code"),
    Rule("counterpart_iso3_known", EV, "counterpart_iso3", _unknown_iso("counterpart_iso3"),
         lambda v: f"{v!r} is not an ISO 3166-1 alpha-3 code"),
    Rule("host_region", EV, "host_iso3", _no_region("host_iso3"),
         lambda v: f"{v!r} has no continent in regions.csv; add its UN M49 region there"),
    Rule("counterpart_region", EV, "counterpart_iso3", _no_region("counterpart_iso3"),
         lambda v: f"{v!r} has no continent in regions.csv; add its UN M49 region there"),
    Rule("inbound_in_afghanistan", EV, "host_iso3",
         lambda t: (t.ev["direction"] == "inbound") & (t.col("host_iso3") != "AFG"),
         "an inbound event happens in Afghanistan: host_iso3 must be AFG"),
    Rule("stop_has_host", EV, "host_iso3",
         lambda t: t.ev["direction"].isin(TRIP_DIRECTIONS) & t.col("host_iso3").isin(["", "AFG"]),
         "a trip stop needs the foreign host country"),
    Rule("stop_has_trip", EV, "trip_id",
         lambda t: t.ev["direction"].isin(TRIP_DIRECTIONS) & (t.col("trip_id") == "")
         & (t.ev["status"] == "occurred"),
         "an outbound or third-country stop needs a trip_id"),
    Rule("trip_only_on_stops", EV, "trip_id",
         lambda t: ~t.ev["direction"].isin(TRIP_DIRECTIONS) & (t.col("trip_id") != ""),
         "only outbound or third-country stops carry a trip_id"),
    Rule("status_direction", EV, "direction",
         lambda t: t.ev["event_type"].isin(STATUS_TYPES) & (t.ev["direction"] != "status"),
         "status events (representation, recognition, designation, exemption) use direction=status"),
    Rule("call_remote", EV, "direction",
         lambda t: (t.ev["event_type"] == "call") & (t.ev["direction"] != "remote"),
         "a call uses direction=remote"),
    Rule("participants_known", EV, "participants", _unknown_participants),
    Rule("related_trip_known", EV, "related_trip_id",
         lambda t: (t.col("related_trip_id") != "")
         & ~t.col("related_trip_id").isin(set(t.col("trip_id")) - {""}),
         lambda v: f"{v!r} is not a trip_id in events.csv"),
    Rule("related_trip_only_exemption", EV, "related_trip_id",
         lambda t: (t.col("related_trip_id") != "") & (t.ev["event_type"] != "sanctions_exemption"),
         "only a sanctions_exemption refers to a trip"),
    Rule("event_has_source", EV, "event_id",
         lambda t: ~t.ev["event_id"].isin(set(t.tables["sources"]["event_id"])),
         lambda v: f"{v!r} has no row in sources.csv (every event needs a source)"),
    Rule("events_not_empty", EV, "event_id", lambda t: len(t.ev) == 0,
         "has a header but no data rows: an empty dataset cannot be counted or reported"),
    Rule("sources_not_empty", "sources", "event_id", lambda t: len(t.tables["sources"]) == 0,
         "has a header but no data rows: every event needs a source"),
    Rule("some_event_occurred", EV, "status",
         lambda t: len(t.ev) > 0 and not bool((t.ev["status"] == "occurred").any()),
         "no event has status 'occurred': there is nothing to count"),
    Rule("role_end_before_start", "person_roles", "valid_to", _role_end_before_start,
         lambda v: f"{v!r} is before valid_from"),
    Rule("un_ref_means_listed", "persons", "un_listed",
         lambda t: (t.tables["persons"]["un_ref"].fillna("") != "")
         & (t.tables["persons"]["un_listed"].fillna("") != "true"),
         "a person with a un_ref must have un_listed=true"),
    Rule("listing_has_source", "persons", "un_source", _listing_without_source,
         "un_listed=true needs un_source: the UN list record that states the listing"),
    Rule("region_iso3_known", "regions", "iso3",
         lambda t: (t.tables["regions"]["iso3"].fillna("") != "")
         & ~t.tables["regions"]["iso3"].isin(iso3_codes()),
         lambda v: f"{v!r} is not an ISO 3166-1 alpha-3 code"),
]  # fmt: skip
