"""Report 04: monthly milestones, a labelled timeline of the window, and the whole period."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from markupsafe import Markup

from helpers import milestones, plots
from helpers.render import Fragment, dates, figures, names, page, words
from helpers.render.tables import figure_tag, table
from helpers.reporting.base import EVENT_KINDS, Context, event_frame


def window_milestones(ctx: Context) -> pd.DataFrame:
    return milestones.milestones(ctx.events, ctx.in_window)


def counted_since_takeover(ctx: Context) -> pd.DataFrame:
    e = ctx.events
    return e[e["counts"] & ~e["pre_takeover"]]


def key_findings(ctx: Context) -> Fragment:
    m = window_milestones(ctx)
    per = m.groupby(m["month"].astype(str)).size()
    top, n = words.leaders(per)
    status = int((m["why"] == "status change").sum())
    items = [
        Markup(
            "The window holds {} milestones: {} status changes and {} first engagements "
            "since the takeover."
        ).format(figure_tag(len(m), "milestones", "window"), status, len(m) - status),
        f"Month with the most milestones: {words.tie_phrase(top, n, 'milestone')}.",
        "Months listed as having nothing recorded are gaps in the sources, not quiet months.",
    ]
    return page.findings(items)


def _label(r) -> str:
    c = r["counterpart_iso3"] or r["host_iso3"]
    return names.country(c)


def fig_timeline(
    ctx: Context, events: pd.DataFrame, noun: str, name: str, annotate: bool = True
) -> Fragment:
    # The title states the finding, ties included: '24 milestones; busiest month: 2025-05 leads
    # with 7 milestones'.
    per = events.groupby(events["month"].astype(str)).size()
    top, n = words.leaders(per)
    busiest = words.tie_phrase(top, n, noun) if top else "none"
    title = f"{words.plural(len(events), noun)}; busiest month: {busiest}"
    types = sorted(events["event_type"].astype(str).unique())
    fig, ax = plt.subplots(figsize=(10, max(3.0, 0.7 * len(types) + 1.5)))
    for i, t in enumerate(types):
        sub = events[events["event_type"].astype(str) == t]
        ax.scatter(sub["start"], [i] * len(sub), color=plots.OKABE_ITO[i % 8], s=28, zorder=3)
        if annotate and len(events) <= 40:
            for k, (_, r) in enumerate(sub.iterrows()):
                ax.annotate(
                    _label(r),
                    (r["start"], i),
                    xytext=(0, 7 if k % 2 == 0 else -12),
                    textcoords="offset points",
                    fontsize=7,
                    ha="center",
                )
    ax.set_yticks(range(len(types)), [t.replace("_", " ") for t in types])
    ax.set_ylim(-0.8, len(types) - 0.2)
    fig.autofmt_xdate()
    fig = plots.finish(
        fig, title, ctx.source_line, xlabel="date of event", ylabel="event type", ax=ax
    )
    data = pd.DataFrame(
        {
            "event": events["event_id"].to_numpy(),
            "date": dates.column(events).to_numpy(),
            "type": events["event_type"].astype(str).to_numpy(),
            "country": [_label(r) for _, r in events.iterrows()],
            "summary": events["summary"].to_numpy(),
        }
    )
    alt = "Timeline of events, one row per event type" + (
        ", each point labelled by country." if annotate and len(events) <= 40 else "."
    )
    return figures.figure(fig, alt, data, name)


def monthly_view(ctx: Context) -> Fragment:
    m = milestones.monthly(ctx.events, ctx.in_window, ctx.first_day, ctx.last_day, ctx.people)
    t = pd.DataFrame(
        {
            "month": [dates.month_words(x) for x in m["month"]],
            "month__sort": m["month"],
            "what happened": list(m["milestones"]),
            "events and trips": m["ids"],
        }
    )
    return table(
        t,
        name="monthly_milestones",
        kinds={"events and trips": "events", "what happened": "lines"},
        cap=None,
    )


def milestones_table(ctx: Context) -> Fragment:
    m = window_milestones(ctx)
    f = event_frame(ctx, m, ["event", "date", "type", "where", "counterpart", "summary", "sources"])
    f.insert(3, "why a milestone", m["why"].to_numpy())
    return table(f, name="milestones", kinds=EVENT_KINDS)
