"""The context every report shares (data, window, the events in scope, names) and the event
tables they show.

Each event's sources are attached with one join (``groupby`` once per report), not one lookup
per row: at 100 times today's data the per-row lookup made report 02 take minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from helpers import counting, data, headline, params, plots
from helpers.paths import DATA_DIR
from helpers.render import Fragment, current, dates, names
from helpers.render.page import header
from helpers.render.tables import table


@dataclass
class Context:
    """Everything a report needs: the data, the window, and the events in scope."""

    ds: data.Dataset
    window: params.Window
    edition: str
    notebook: str

    @cached_property
    def events(self) -> pd.DataFrame:
        """Events known by the as-of date (all dates, baselines included)."""
        return counting.as_of(self.ds.events, self.window.as_of)

    @cached_property
    def in_window(self) -> pd.DataFrame:
        return counting.in_window(self.events, self.window.start, self.window.end)

    @cached_property
    def stops(self) -> pd.DataFrame:
        """Trip stops that count, inside the window."""
        return counting.trip_stops(self.in_window)

    @cached_property
    def people(self) -> names.People:
        return names.People(self.ds.persons, self.ds.roles)

    @cached_property
    def sources_by_event(self) -> dict[str, list[tuple[str, str]]]:
        """event_id -> [(url, publisher), ...] in file order, built once."""
        s = self.ds.sources
        out: dict[str, list[tuple[str, str]]] = {}
        for eid, url, pub in zip(s["event_id"], s["url"], s["publisher"], strict=True):
            out.setdefault(eid, []).append((url, pub))
        return out

    @property
    def source_line(self) -> str:
        """The line under every figure, with the dataset-wide figures named as such."""
        d = headline.dataset_figures(self.ds)
        return (
            f"Data: {self.ds.name} v{self.ds.version} (whole dataset: {d.events:,} events, "
            f"{d.pages:,} source pages; sha256 {self.ds.sha256[:12]}); counted as of "
            f"{self.window.as_of:%Y-%m-%d}"
        )

    @property
    def last_day(self) -> pd.Timestamp:
        """The window's last day, never after the as-of date."""
        end = self.window.end or self.window.as_of
        return min(end, self.window.as_of)

    @property
    def first_day(self) -> pd.Timestamp:
        return self.window.start or counting.TAKEOVER


REGISTER_PAGE = 1000  # events (or trips) per register page; today's data fits on the first


def trip_order(ds: data.Dataset) -> list[str]:
    """Every trip id, by the date of its first stop (then id): the register's order."""
    stops = ds.events[ds.events["trip_id"] != ""]
    first = stops.groupby("trip_id", observed=True)["start"].min().reset_index()
    return list(first.sort_values(["start", "trip_id"], kind="stable")["trip_id"])


def register_layout(ds: data.Dataset, size: int | None = None) -> dict[str, list[str]]:
    """Which ids go on which register page. Up to ``size`` events (and ``size`` trips) the whole
    register is one page (``{}``); beyond, events in date order fill ``events-01.html``,
    ``events-02.html`` ... and trips ``trips-01.html`` ..., in the register's subfolder, so no
    page grows past a few megabytes at 100 times today's data."""
    size = size or REGISTER_PAGE
    out: dict[str, list[str]] = {}
    ev = list(ds.events["event_id"])
    trips = trip_order(ds)
    for kind, ids in (("events", ev), ("trips", trips)):
        if len(ids) > size:
            for k in range(0, len(ids), size):
                out[f"{kind}-{k // size + 1:02d}.html"] = ids[k : k + size]
    return out


def locate_ids(ds: data.Dataset) -> None:
    """Tell every link which register page holds each id (nothing to tell for one page)."""
    stem = current.register.removesuffix(".html")
    current.locate = {i: f"{stem}/{p}" for p, ids in register_layout(ds).items() for i in ids}


def start(
    *,
    notebook: str,
    title: str,
    as_of: str | None,
    start: str | None,
    end: str | None,
    data_dir: str = "",
    edition: str = "interactive",
    input_hash: str = "",
    extra: dict | None = None,
) -> Context:
    """Parse and check parameters, load the data, show the header. Fails fast with a clear message."""
    w = params.window(as_of, start, end, allow_any_date=True)
    ds = data.load(Path(data_dir) if data_dir else DATA_DIR)
    if w.as_of is None:
        w = params.Window(counting.newest_event_date(ds), w.start, w.end)
    plots.setup()
    current.notebook = notebook
    locate_ids(ds)
    shown = {"as_of": as_of, "start": start, "end": end, **(extra or {})}
    from IPython.display import display

    display(
        header(
            ds,
            title=title,
            notebook=notebook,
            edition=edition,
            params=shown,
            input_hash=input_hash,
            as_of=w.as_of,
        )
    )
    return Context(ds, w, edition, notebook)


def kind_words(s: pd.Series) -> pd.Series:
    return s.astype(str).str.replace("_", " ", regex=False)


def event_frame(
    ctx: Context, events: pd.DataFrame, columns: list[str] | None = None
) -> pd.DataFrame:
    """A reader's view of events: names first, codes as secondary columns, sources joined."""
    cols = columns or [
        "event",
        "date",
        "type",
        "direction",
        "where",
        "taliban",
        "counterpart",
        "summary",
        "sources",
    ]
    e = events
    out = pd.DataFrame(index=e.index)
    for c in cols:
        if c == "event":
            out["event"] = e["event_id"]
        elif c == "trip":
            out["trip"] = e["trip_id"]
        elif c == "date":
            out["date"] = dates.column(e)
            out["date__sort"] = e["start_date"]
        elif c == "status":
            out["status"] = e["status"].astype(str)
        elif c == "type":
            out["type"] = kind_words(e["event_type"])
        elif c == "direction":
            out["direction"] = kind_words(e["direction"])
        elif c == "where":
            host = e["host_iso3"].map(names.country)
            out["where"] = [
                f"{city}, {h}" if city and h else (h or city)
                for city, h in zip(e["city"], host, strict=True)
            ]
        elif c == "host":
            out["host"] = e["host_iso3"].map(names.country)
        elif c == "region":
            out["region"] = e["host_region"]
        elif c == "taliban":
            out["Taliban officials"] = [
                ", ".join(
                    x
                    for x in (ctx.people.label(lead, d) if lead else "", ctx.people.names_of(parts))
                    if x
                )
                for lead, parts, d in zip(
                    e["lead_person_id"], e["participants"], e["start"], strict=True
                )
            ]
        elif c == "counterpart":
            country = e["counterpart_iso3"].map(names.country)
            out["counterpart"] = [
                ", ".join(x for x in (n, f"{r}" if r else "", c2) if x)
                for n, r, c2 in zip(
                    e["counterpart_name"], e["counterpart_role"], country, strict=True
                )
            ]
        elif c == "summary":
            out["summary"] = e["summary"]
        elif c == "sources":
            out["sources"] = [ctx.sources_by_event.get(i, []) for i in e["event_id"]]
        elif c == "codes":
            out["country codes"] = [
                ";".join(x for x in (h, k) if x)
                for h, k in zip(e["host_iso3"], e["counterpart_iso3"], strict=True)
            ]
        else:
            out[c] = e[c]
    return out.reset_index(drop=True)


EVENT_KINDS = {"event": "event", "trip": "trip", "sources": "sources"}


def events_table(
    ctx: Context,
    events: pd.DataFrame,
    name: str,
    columns: list[str] | None = None,
    cap: int | None = 200,
) -> Fragment:
    return table(event_frame(ctx, events, columns), name=name, kinds=EVENT_KINDS, cap=cap)
