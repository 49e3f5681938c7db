"""Report 07: the countries engaged with in the window, on an offline Natural Earth map."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from markupsafe import Markup

from helpers import firsts, maps, plots
from helpers.render import Fragment, figures, names, page, words
from helpers.render.tables import figure_tag, table
from helpers.reporting.base import Context


def engagement_counts(ctx: Context) -> pd.DataFrame:
    e = firsts.engagements(ctx.in_window)
    n = e.groupby("counterpart_iso3").size().rename("engagements").reset_index()
    n["country"] = n["counterpart_iso3"].map(names.country)
    n = n.sort_values(["engagements", "country"], ascending=[False, True], kind="stable")
    return n[["country", "engagements", "counterpart_iso3"]].rename(
        columns={"counterpart_iso3": "ISO3 code"}
    )


def key_findings(ctx: Context) -> Fragment:
    n = engagement_counts(ctx)
    top, k = words.leaders(n.set_index("country")["engagements"])
    items = [
        Markup(
            "In the window the Taliban government engaged with {} countries (visits either way, "
            "calls, third-country meetings)."
        ).format(figure_tag(len(n), "countries engaged", "window")),
        f"Most engagements: {words.tie_phrase(top, k, 'engagement')}.",
        "A country with no shade has no engagement in the data, which is a lower bound.",
    ]
    return page.findings(items)


def fig_map(ctx: Context) -> Fragment:
    n = engagement_counts(ctx)
    v = n.set_index("ISO3 code")["engagements"]
    fig, ax = plt.subplots(figsize=(11, 5.6))
    own = ctx.ds.data_dir / "geo" / maps.GEO.name
    maps.choropleth(v, ax=ax, label="engagements (count)", path=own if own.is_file() else maps.GEO)
    top, k = words.leaders(n.set_index("country")["engagements"])
    lead = words.title_for(top, k, "most often", "most often", "engagement")
    fig = plots.finish(
        fig, f"{len(n)} countries engaged; {lead}", ctx.source_line, ax=ax, xlabel="", ylabel=""
    )
    return figures.figure(
        fig,
        "World map shading each country by the number of engagements with the Taliban government in the window.",
        n,
        "engagements_by_country",
    )


def counts_table(ctx: Context) -> Fragment:
    return table(engagement_counts(ctx), name="engagements_by_country_table", cap=None)
