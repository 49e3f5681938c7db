"""The event register (notebook 08): one page per edition listing every event in the report's
view with its sources, each anchored by its id (``#AFE00146``), and every trip anchored by its id
(``#TRP0042``) with its stops. Every event or trip id in the other reports links here."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from helpers import counting, headline
from helpers.render import Fragment, dates, names, page, render
from helpers.render.tables import figure_tag
from helpers.reports.base import Context


def key_findings(ctx: Context) -> Fragment:
    whole = headline.dataset_figures(ctx.ds)
    v = headline.view_figures(ctx.ds, ctx.window.as_of)
    t = counting.trips(counting.trip_stops(ctx.events), with_hosts=False)
    items = [
        Markup("This register lists every event in the dataset ({} events, {} source pages), so "
               "every id in every edition resolves here. {} of them are counted in this edition "
               "(as of {}); the others are marked.").format(
            figure_tag(whole.events, "events", "dataset"), figure_tag(whole.pages, "sources", "dataset"),
            figure_tag(v.events, "events", "view"), f"{ctx.window.as_of:%Y-%m-%d}"),
        f"{len(t):,} trips abroad since the takeover count as of that date; every trip id is "
        "listed under Trips with its stops.",
        "Use your browser's find (Ctrl+F) for a name or place; every id is a link target.",
    ]
    return page.findings(items)


def events(ctx: Context) -> Fragment:
    e = ctx.ds.events
    seen = set(ctx.events["event_id"])
    rows = []
    for r in e.itertuples():
        lead = ctx.people.label(r.lead_person_id, r.start) if r.lead_person_id else ""
        rows.append({
            "id": r.event_id, "trip": r.trip_id or "", "in_view": r.event_id in seen,
            "date": dates.event_date(r.start_date, r.end_date, r.date_precision),
            "status": str(r.status), "type": str(r.event_type).replace("_", " "),
            "direction": str(r.direction).replace("_", " "),
            "where": ", ".join(x for x in (r.city, names.country(r.host_iso3)) if x),
            "counterpart": ", ".join(x for x in (r.counterpart_name, r.counterpart_role,
                                                 names.country(r.counterpart_iso3)) if x),
            "taliban": ", ".join(x for x in (lead, ctx.people.names_of(r.participants)) if x),
            "summary": r.summary, "sources": ctx.sources_by_event.get(r.event_id, []),
            "codes": ";".join(x for x in (r.host_iso3, r.counterpart_iso3) if x),
        })
    return Fragment(render("register.html.j2", rows=rows))


def trips(ctx: Context) -> Fragment:
    stops = ctx.ds.events[ctx.ds.events["trip_id"] != ""]
    counted = set(counting.trip_stops(ctx.events)["trip_id"])
    t = counting.trips(stops)
    ids = stops.sort_values(["start", "event_id"]).groupby("trip_id", sort=False, observed=True)["event_id"].agg(list)
    rows = []
    for r in t.sort_values(["start", "trip_id"]).itertuples():
        rows.append({
            "id": r.trip_id,
            "dates": dates.event_date(f"{r.start:%Y-%m-%d}", f"{r.end:%Y-%m-%d}"),
            "lead": ctx.people.label(r.lead_person_id, r.start),
            "hosts": names.countries(r.hosts), "stops": ids.get(r.trip_id, []),
            "forum_only": bool(r.forum_only), "counted": r.trip_id in counted,
        })
    return Fragment(render("trips.html.j2", rows=rows))


def summary_frame(ctx: Context) -> pd.DataFrame:
    """Not shown: kept for tests that recount the register."""
    return ctx.events[["event_id", "trip_id", "start_date"]]
