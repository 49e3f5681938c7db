"""Report 01: what the dataset covers and how it is sourced."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from markupsafe import Markup

from helpers import counting, coverage, data, headline, plots
from helpers.render import Fragment, figures, page, words
from helpers.render.tables import figure_tag, table
from helpers.reporting.base import Context


def _since(ctx: Context) -> pd.DataFrame:
    return ctx.events[~ctx.events["pre_takeover"]]


def monthly_counts(ctx: Context) -> pd.Series:
    e = _since(ctx)
    return coverage.monthly_rows(e, counting.TAKEOVER, ctx.window.as_of)


def key_findings(ctx: Context) -> Fragment:
    v = headline.view_figures(ctx.ds, ctx.window.as_of)
    n = monthly_counts(ctx)
    busiest, top = words.leaders(pd.Series(n.to_numpy(), index=n.index.astype(str)))
    empty = coverage.empty_months(ctx.events, ctx.window.as_of)
    items = [
        Markup(
            "As of {}, the dataset holds {} events supported by {} source pages "
            "(distinct URLs); {} of these events are dated since the takeover."
        ).format(
            f"{ctx.window.as_of:%Y-%m-%d}",
            figure_tag(v.events, "events", "view"),
            figure_tag(v.pages, "sources", "view"),
            f"{len(_since(ctx)):,}",
        ),
        f"The month with the most recorded events: {words.tie_phrase(busiest, top, 'event')}.",
        f"{len(empty)} of the {len(n)} months since August 2021 "
        f"{'has' if len(empty) == 1 else 'have'} no recorded event. Every "
        "count is a lower bound: the sources report senior trips well and minor travel thinly.",
    ]
    return page.findings(items)


def year_table(ctx: Context) -> Fragment:
    """Events by year and type, with totals; the grand total is the view's event figure."""
    t = coverage.year_type_table(ctx.events).reset_index()
    t.columns = [str(c).replace("_", " ") for c in t.columns]
    total = t.loc[t["year"] == "all", "all"]
    t["all"] = t["all"].astype(object)
    t.loc[total.index, "all"] = [(int(total.iloc[0]), "events", "view")]
    return table(t, name="events_by_year_and_type", kinds={"all": "fig"}, cap=None)


def fig_events_by_month(ctx: Context) -> Fragment:
    n = monthly_counts(ctx)
    e = _since(ctx)
    busiest, top = words.leaders(pd.Series(n.to_numpy(), index=n.index.astype(str)))
    title = words.title_for(
        busiest, top, "had the most recorded events", "tie for the most recorded events", "event"
    )
    fig = plots.month_heatmap(n, title, ctx.source_line, "events (count)")
    t = pd.crosstab(e["month"], e["event_type"].astype(str)).reindex(n.index, fill_value=0)
    t = t.reindex(columns=sorted(t.columns))
    t.insert(0, "all events", n.to_numpy())
    t = t.reset_index(names="month")
    t["month"] = t["month"].astype(str)
    return figures.figure(
        fig,
        "Year by month grid of recorded events since August 2021; each cell holds the month's count.",
        t,
        "events_by_month",
    )


def coverage_limits(ctx: Context) -> Fragment:
    return page.paragraph(coverage.limits(ctx.events, ctx.window.as_of))


def sources_summary(ctx: Context) -> Fragment:
    v = headline.view_figures(ctx.ds, ctx.window.as_of)
    src = ctx.ds.sources[ctx.ds.sources["event_id"].isin(ctx.events["event_id"])]
    per = src.groupby("event_id").size()
    t = pd.DataFrame(
        {
            "measure": [
                "events",
                "source pages (distinct URLs)",
                "citations (event x page rows of sources.csv)",
                "publishers",
                "sources per event (median)",
                "events with one source",
            ],
            "value": [
                (v.events, "events", "view"),
                (v.pages, "sources", "view"),
                v.citations,
                v.publishers,
                f"{per.median():g}",
                int((per == 1).sum()),
            ],
        }
    )
    return _mixed(t)


def _mixed(t: pd.DataFrame) -> Fragment:
    """A two-column table whose values may be headline figures (tuples) or plain values."""
    rows = t.assign(value=[v if isinstance(v, tuple) else (v, "", "") for v in t["value"]])
    return table(rows, name="sources_summary", kinds={"value": "fig"}, cap=None)


def fig_publishers(ctx: Context, top: int = 15) -> Fragment:
    s = ctx.ds.sources[ctx.ds.sources["event_id"].isin(ctx.events["event_id"])]
    counts = s.groupby("publisher")["event_id"].nunique()
    counts = counts.sort_index().sort_values(ascending=False, kind="stable")
    lead, val = words.leaders(counts)
    shown = counts.head(top)
    fig, ax = plt.subplots(figsize=(9, 4.8))
    sns.barplot(
        x=shown.to_numpy(), y=list(shown.index), ax=ax, color=plots.OKABE_ITO[0], errorbar=None
    )
    title = words.title_for(
        lead, val, "supports the most events", "tie for the most events supported", "event"
    )
    fig = plots.finish(
        fig, title, ctx.source_line, xlabel="events supported (count)", ylabel="publisher", ax=ax
    )
    data_ = counts.rename("events supported").reset_index()
    return figures.figure(
        fig,
        f"Horizontal bar chart of the {top} publishers that support the most events.",
        data_,
        "publishers",
    )


def precision_table(ctx: Context) -> Fragment:
    t = ctx.events.groupby(["date_precision", "status"], observed=True).size().rename("events")
    return table(t.reset_index(), name="precision_and_status", cap=None)


def row_counts(ctx: Context) -> Fragment:
    labels = {"sources": "sources (rows: citations, one per event and page)"}
    t = pd.DataFrame(
        [(labels.get(k, k), v) for k, v in data.row_counts(ctx.ds).items()],
        columns=["table", "rows"],
    )
    return table(t, name="row_counts", cap=None)


def counting_rules(ctx: Context) -> Fragment:
    return page.bullets(list(ctx.ds.descriptor.get("x_counting_rules", [])))


def data_citation(ctx: Context) -> Fragment:
    return page.paragraph(
        str(ctx.ds.descriptor.get("x_citation", "")).format(version=ctx.ds.version)
    )
