"""The event register (notebook 08): every event of the dataset with its sources, each anchored by
its id (``#AFE00146``), and every trip anchored by its id (``#TRP0042``) with its stops. Every
event or trip id in the other reports links here.

Today's data fits on one page. Past ``REGISTER_PAGE`` events (or trips) the register splits
into pages published beside it (``08_events/events-01.html`` ...; see
:func:`helpers.reporting.base.register_layout`): the first page then lists the pages, and every
link in every report points at the page that holds the id.
"""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from helpers import counting, headline
from helpers.render import Fragment, csvs, current, dates, names, page, render
from helpers.render.tables import figure_tag, table
from helpers.reporting.base import EVENT_KINDS, Context, event_frame, register_layout, trip_order

COLUMNS = [
    "event",
    "trip",
    "date",
    "status",
    "type",
    "where",
    "taliban",
    "counterpart",
    "summary",
    "sources",
    "codes",
]


def key_findings(ctx: Context) -> Fragment:
    whole = headline.dataset_figures(ctx.ds)
    v = headline.view_figures(ctx.ds, ctx.window.as_of)
    t = counting.trips(counting.trip_stops(ctx.events), with_hosts=False)
    items = [
        Markup(
            "This register lists every event in the dataset ({} events, {} source pages), so "
            "every id in every edition resolves here. {} of them are counted in this edition "
            "(as of {}); the others are marked."
        ).format(
            figure_tag(whole.events, "events", "dataset"),
            figure_tag(whole.pages, "sources", "dataset"),
            figure_tag(v.events, "events", "view"),
            f"{ctx.window.as_of:%Y-%m-%d}",
        ),
        f"{len(t):,} trips abroad since the takeover count as of that date; every trip id is "
        "listed under Trips with its stops.",
        "Use your browser's find (Ctrl+F) for a name or place; every id is a link target.",
    ]
    return page.findings(items)


def _event_rows(ctx: Context, e: pd.DataFrame) -> pd.DataFrame:
    f = event_frame(ctx, e, COLUMNS)
    seen = set(ctx.events["event_id"])
    counted = [
        "no: after this edition's as-of date" if i not in seen else "yes" if k else f"no: {st}"
        for i, k, st in zip(e["event_id"], e["counts"], e["status"].astype(str), strict=True)
    ]
    f.insert(4, "counted in this edition", counted)
    return f


def _trip_rows(ctx: Context, ids: list[str]) -> list[dict]:
    stops = ctx.ds.events[ctx.ds.events["trip_id"].isin(ids)]
    counted = set(counting.trip_stops(ctx.events)["trip_id"])
    t = counting.trips(stops).set_index("trip_id")
    per = stops.sort_values(["start", "event_id"]).groupby("trip_id", sort=False, observed=True)
    stop_ids = per["event_id"].agg(list)
    spans = dates.spans(stops)
    rows = []
    for i in ids:
        r = t.loc[i]
        rows.append(
            {
                "id": i,
                "dates": spans.get(i, ""),
                "lead": ctx.people.label(r["lead_person_id"], r["start"]),
                "hosts": names.countries(r["hosts"]),
                "stops": stop_ids.get(i, []),
                "forum_only": bool(r["forum_only"]),
                "counted": i in counted,
            }
        )
    return rows


def _part(ctx: Context, title: str, body: str) -> str:
    return str(
        render(
            "register_part.html.j2",
            title=title,
            body=Markup(body),
            register=current.register,
            edition=ctx.edition,
        )
    )


def _split(ctx: Context, kind: str) -> Fragment:
    """The listing of the register's further pages of one ``kind``; the pages ride along as
    published files (``08_events/events-01.html`` ...)."""
    layout = {k: v for k, v in register_layout(ctx.ds).items() if k.startswith(kind)}
    ev = ctx.ds.events.set_index("event_id")
    files: dict[str, str] = {}
    listing = []
    saved = current.prefix
    current.prefix = "../"  # links from a page in the register's subfolder
    try:
        for name, ids in layout.items():
            if kind == "events":
                rows = _event_rows(ctx, ev.loc[ids].reset_index())
                body = table(
                    rows,
                    name="events",
                    kinds=EVENT_KINDS,
                    cap=None,
                    row_id="event",
                    csv=False,
                    enhance=False,
                ).html
                label = f"events dated {ev.loc[ids[0], 'start_date']} to {ev.loc[ids[-1], 'start_date']}"
            else:
                body = str(render("trips.html.j2", rows=_trip_rows(ctx, ids)))
                label = f"trips {ids[0]} to {ids[-1]}"
            label += f" ({len(ids):,})"
            files[name] = str(
                render(
                    "register_part.html.j2",
                    title=label,
                    body=Markup(body),
                    register=current.register,
                    edition=ctx.edition,
                )
            )
            listing.append((f"{current.register.removesuffix('.html')}/{name}", label))
    finally:
        current.prefix = saved
    html = render("register_index.html.j2", listing=listing, what=kind)
    return Fragment(html, csvs.files_bundle(files))


def trips(ctx: Context) -> Fragment:
    """Every trip with its stops (on this page, or listed by page when the register is split)."""
    if any(k.startswith("trips") for k in register_layout(ctx.ds)):
        return _split(ctx, "trips")
    return Fragment(render("trips.html.j2", rows=_trip_rows(ctx, trip_order(ctx.ds))))


def events(ctx: Context) -> Fragment:
    """Every event of the dataset, one row each, anchored by its id."""
    if any(k.startswith("events") for k in register_layout(ctx.ds)):
        return _split(ctx, "events")
    return table(
        _event_rows(ctx, ctx.ds.events), name="events", kinds=EVENT_KINDS, cap=None, row_id="event"
    )
