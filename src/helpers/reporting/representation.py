"""Report 06: who accepted Taliban envoys, posted ambassadors, recognised the government or
changed its designation."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from markupsafe import Markup

from helpers import milestones, plots
from helpers.render import Fragment, dates, figures, names, page, words
from helpers.render.tables import figure_tag, table
from helpers.reporting.base import EVENT_KINDS, Context, event_frame

MARKERS = {"recognition": "*", "designation": "s", "representation": "o"}


def counted(ctx: Context) -> pd.DataFrame:
    r = milestones.representation(ctx.events)
    r = r[r["counts"] & ~r["pre_takeover"]]
    return r.assign(country=milestones.standing_country(r))


def key_findings(ctx: Context) -> Fragment:
    r = counted(ctx)
    rec = r[r["event_type"] == "recognition"]
    env = milestones.envoys(ctx.events)
    abroad = env[env["side"] == "Taliban mission abroad"]
    items = [
        Markup(
            "{} countries changed their standing with the Taliban government in the data "
            "(representation, recognition or designation)."
        ).format(figure_tag(r["country"].nunique(), "countries (status)", "view")),
        f"Recognition events: {len(rec)}"
        + (
            f" ({words.join(sorted({names.country(c) for c in rec['country']}))})."
            if len(rec)
            else "."
        ),
        f"Countries hosting a Taliban mission event: {abroad['host_iso3'].nunique()}. These are the "
        "events the sources report; an unreported acceptance would be missing.",
    ]
    return page.findings(items)


def fig_representation(ctx: Context) -> Fragment:
    r = counted(ctx)
    countries = sorted(
        r["country"].unique(), key=lambda c: (r.loc[r["country"] == c, "start"].min(), c)
    )
    types = sorted(r["event_type"].astype(str).unique())
    fig, ax = plt.subplots(figsize=(10, max(3.0, 0.3 * len(countries) + 1.5)))
    pos = {c: k for k, c in enumerate(countries)}
    for i, t in enumerate(types):
        sub = r[r["event_type"].astype(str) == t]
        ax.scatter(
            sub["start"],
            sub["country"].map(pos),
            color=plots.OKABE_ITO[i % 8],
            label=t.replace("_", " "),
            # distinct shapes, rarer kinds drawn larger and on top, so a recognition on the same
            # day as a representation event stays visible
            marker=MARKERS.get(t, "o"),
            s=90 if t == "recognition" else 40 if t == "designation" else 30,
            zorder=5 if t == "recognition" else 4 if t == "designation" else 3,
        )
    ax.set_yticks(range(len(countries)), [names.country(c) for c in countries])
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    fig.autofmt_xdate()
    fig = plots.finish(
        fig,
        f"{len(countries)} countries changed their standing with the Taliban government",
        ctx.source_line,
        xlabel="date",
        ylabel="country",
        ax=ax,
    )
    data = pd.DataFrame(
        {
            "country": r["country"].map(names.country).to_numpy(),
            "date": dates.column(r).to_numpy(),
            "type": r["event_type"].astype(str).to_numpy(),
            "event": r["event_id"].to_numpy(),
            "summary": r["summary"].to_numpy(),
        }
    )
    return figures.figure(
        fig,
        "Timeline of representation, recognition and designation events, one row per country.",
        data,
        "status_changes",
    )


def envoys_table(ctx: Context) -> Fragment:
    e = milestones.envoys(ctx.events)
    f = event_frame(ctx, e, ["event", "date", "where", "counterpart", "summary", "sources"])
    f.insert(2, "side", e["side"].to_numpy())
    return table(f, name="ambassadors_and_missions", kinds=EVENT_KINDS)


def status_table(ctx: Context) -> Fragment:
    r = milestones.representation(ctx.events)
    f = event_frame(ctx, r, ["event", "date", "type", "where", "counterpart", "summary", "sources"])
    return table(f, name="status_events", kinds=EVENT_KINDS)
