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
    """The event's country by name; a status change for no one country (a UN committee's
    exemption for several officials' travel) says so rather than leaving a blank."""
    c = r["counterpart_iso3"] or r["host_iso3"]
    return names.country(c) if c else "no single country"


#: Up to this many points, labels sit beside the points on one row per event type; past it they
#: would overlap, so each event gets its own row, labelled on the axis (a dot plot).
LABELS_BESIDE = 40


def fig_timeline(
    ctx: Context, events: pd.DataFrame, noun: str, name: str, annotate: bool = True
) -> Fragment:
    """The events on a time axis, coloured by type. With ``annotate`` every point is labelled:
    by country beside it (up to :data:`LABELS_BESIDE` points), else one labelled row each."""
    # The title states the finding, ties included: '24 milestones; busiest month: 2025-05 leads
    # with 7 milestones'.
    per = events.groupby(events["month"].astype(str)).size()
    top, n = words.leaders(per)
    busiest = words.tie_phrase(top, n, noun) if top else "none"
    title = f"{words.plural(len(events), noun)}; busiest month: {busiest}"
    types = sorted(events["event_type"].astype(str).unique())
    when = dates.column(events)
    countries = [_label(r) for _, r in events.iterrows()]
    if annotate and len(events) > LABELS_BESIDE:
        fig, ax = _one_row_each(events, types, when, countries)
        alt = "Timeline of events, one labelled row per event (date, country, type)."
        ylabel = None
    else:
        fig, ax = _rows_by_type(events, types, countries, annotate)
        alt = "Timeline of events, one row per event type" + (
            ", each point labelled by country." if annotate else "."
        )
        ylabel = "event type"
    fig.autofmt_xdate()
    fig = plots.finish(fig, title, ctx.source_line, xlabel="date of event", ylabel=ylabel, ax=ax)
    data = pd.DataFrame(
        {
            "event": events["event_id"].to_numpy(),
            "date": when.to_numpy(),
            "type": events["event_type"].astype(str).to_numpy(),
            "country": countries,
            "summary": events["summary"].to_numpy(),
        }
    )
    return figures.figure(fig, alt, data, name)


def _rows_by_type(
    events: pd.DataFrame, types: list[str], countries: list[str], annotate: bool
) -> tuple[plt.Figure, plt.Axes]:
    fig, ax = plt.subplots(figsize=(10, max(3.0, 0.7 * len(types) + 1.5)))
    label = dict(zip(events.index, countries, strict=True))
    for i, t in enumerate(types):
        sub = events[events["event_type"].astype(str) == t]
        ax.scatter(sub["start"], [i] * len(sub), color=plots.OKABE_ITO[i % 8], s=28, zorder=3)
        if annotate:
            for k, (idx, r) in enumerate(sub.iterrows()):
                ax.annotate(
                    label[idx],
                    (r["start"], i),
                    xytext=(0, 7 if k % 2 == 0 else -12),
                    textcoords="offset points",
                    fontsize=7,
                    ha="center",
                )
    ax.set_yticks(range(len(types)), [t.replace("_", " ") for t in types])
    ax.set_ylim(-0.8, len(types) - 0.2)
    return fig, ax


def _one_row_each(
    events: pd.DataFrame, types: list[str], when: pd.Series, countries: list[str]
) -> tuple[plt.Figure, plt.Axes]:
    """One row per event, earliest at the top, labelled 'date · country · type' on the axis; a
    month-precision event is drawn as a bar over its month."""
    order = events.assign(_c=countries, _w=when.to_numpy()).sort_values(
        ["start", "event_id"], kind="stable"
    )
    fig, ax = plt.subplots(figsize=(10, 0.19 * len(order) + 1.8))
    colour = {t: plots.OKABE_ITO[i % 8] for i, t in enumerate(types)}
    y = list(range(len(order)))
    kinds = order["event_type"].astype(str)
    ax.hlines(y, order["start"], order["end"], colors=[colour[t] for t in kinds], lw=3, zorder=2)
    for t in types:
        pick = (kinds == t).to_numpy()
        ax.scatter(
            order.loc[pick, "start"],
            [v for v, p in zip(y, pick, strict=True) if p],
            color=colour[t],
            s=22,
            zorder=3,
            label=t.replace("_", " "),
        )
    labels = [
        f"{w} · {c} · {t.replace('_', ' ')}"
        for w, c, t in zip(order["_w"], order["_c"], kinds, strict=True)
    ]
    ax.set_yticks(y, labels, fontsize=7)
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.legend(loc="upper right", fontsize=8, frameon=True)
    return fig, ax


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
