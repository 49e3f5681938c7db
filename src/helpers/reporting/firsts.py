"""Report 03: the first engagement with each country since the takeover."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from helpers import firsts
from helpers.render import Fragment, dates, names, page, words
from helpers.render.tables import figure_tag, table
from helpers.reporting.base import Context


def _long(ctx: Context, f: pd.DataFrame, key: str, label: str) -> pd.DataFrame:
    ev = ctx.events.set_index("event_id")
    e = ev.loc[f["event_id"]]
    return pd.DataFrame(
        {
            "country": f["counterpart_iso3"].map(names.country).to_numpy(),
            label: f[key].astype(str).str.replace("_", " ").to_numpy(),
            "date": dates.column(e.reset_index()).to_numpy(),
            "date__sort": e["start_date"].to_numpy(),
            "event": f["event_id"].to_numpy(),
            "counterpart": f["counterpart_name"].to_numpy(),
            "summary": f["summary"].to_numpy(),
            "ISO3 code": f["counterpart_iso3"].to_numpy(),
        }
    ).sort_values(["country", "date__sort"], kind="stable")


def by_direction(ctx: Context) -> pd.DataFrame:
    return _long(
        ctx,
        firsts.first_by(ctx.events, ["counterpart_iso3", "direction"]),
        "direction",
        "direction",
    )


def at_tier(ctx: Context) -> pd.DataFrame:
    e = firsts.engagements(ctx.events)
    e = e[e["counterpart_tier"].isin(["head_of_state", "head_of_government", "minister"])]
    f = firsts.first_by(
        e.assign(counterpart_tier=e["counterpart_tier"].astype(str)),
        ["counterpart_iso3", "counterpart_tier"],
    )
    return _long(ctx, f, "counterpart_tier", "counterpart tier")


def key_findings(ctx: Context) -> Fragment:
    d = by_direction(ctx)
    countries = d["country"].nunique()
    w = d[
        (d["date__sort"] >= f"{ctx.first_day:%Y-%m-%d}")
        & (d["date__sort"] <= f"{ctx.last_day:%Y-%m-%d}")
    ]
    new = sorted(w["country"].unique())
    items = [
        Markup("Since the takeover the data records engagements with {} countries.").format(
            figure_tag(countries, "countries engaged", "view")
        ),
        f"{len(new)} countries had a first engagement (in at least one direction) inside the "
        f"window{': ' + words.join(new) if 0 < len(new) <= 12 else ''}.",
        "A 'first' here is the first engagement in the data: an earlier one that no stored source "
        "reports would move it earlier, so each first is an upper bound on the date.",
    ]
    return page.findings(items)


def direction_table(ctx: Context) -> Fragment:
    return table(by_direction(ctx), name="first_by_country_and_direction", kinds={"event": "event"})


def tier_table(ctx: Context) -> Fragment:
    return table(at_tier(ctx), name="first_by_country_and_tier", kinds={"event": "event"})


def claimed_table(ctx: Context) -> Fragment:
    c = firsts.claimed_firsts(ctx.events)
    ev = ctx.events.set_index("event_id").loc[c["event_id"]].reset_index()
    t = pd.DataFrame(
        {
            "event": c["event_id"],
            "date": dates.column(ev).to_numpy(),
            "date__sort": c["start_date"],
            "country": c["counterpart_iso3"].map(names.country),
            "direction": c["direction"].astype(str).str.replace("_", " "),
            "counterpart tier": c["counterpart_tier"].astype(str).str.replace("_", " "),
            "first in this direction since the takeover": c[
                "first_in_direction_since_takeover"
            ].map({True: "yes", False: "no"}),
            "what the source says (notes)": c["notes"],
        }
    )
    return table(t, name="claimed_firsts", kinds={"event": "event"})
