"""What the notebooks call: one ``start()`` that parses parameters, loads the data, applies the
theme and prints the report header, plus the tables and figures each report shows.

Figures are emitted as ``<img alt=...>`` HTML (PNG bytes without metadata), so every figure has
real alt text for screen readers and is byte-identical between builds.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from helpers import cite, claims, counting, data, firsts, params, plots
from helpers import coverage as coverage_mod
from helpers.paths import DATA_DIR


@dataclass
class Context:
    """Everything a report needs: the data, the window, and the events in scope."""

    ds: data.Dataset
    window: params.Window
    edition: str
    notebook: str

    @property
    def events(self) -> pd.DataFrame:
        """Events known by the as-of date (all dates, baselines included)."""
        return counting.as_of(self.ds.events, self.window.as_of)

    @property
    def in_window(self) -> pd.DataFrame:
        return counting.in_window(self.events, self.window.start, self.window.end)

    @property
    def stops(self) -> pd.DataFrame:
        """Trip stops that count, inside the window."""
        return counting.trip_stops(self.in_window)

    @property
    def source_line(self) -> str:
        return self.ds.source_line()


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
        w = params.Window(claims.newest_event_date(ds), w.start, w.end)
    plots.setup()
    shown = {"as_of": as_of, "start": start, "end": end, **(extra or {})}
    from IPython.display import display

    display(
        cite.header(
            ds, title=title, notebook=notebook, edition=edition, params=shown, input_hash=input_hash
        )
    )
    return Context(ds, w, edition, notebook)


# --------------------------------------------------------------------------- display


def show(fig: plt.Figure, alt: str):
    """Render a figure as an <img> with alt text; close it so the inline backend adds nothing."""
    from IPython.display import HTML

    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    b64 = base64.b64encode(buf.getvalue()).decode()
    return HTML(
        f'<figure><img alt="{cite.esc(alt)}" src="data:image/png;base64,{b64}"/>'
        f'<figcaption class="tt-alt">{cite.esc(alt)}</figcaption></figure>'
    )


def table(df: pd.DataFrame, *, index: bool = False):
    """An escaped HTML table (pandas escapes cell text by default; we keep it that way)."""
    from IPython.display import HTML

    return HTML(df.to_html(index=index, escape=True, border=0, na_rep="", classes="tt-events"))


def events_table(ctx: Context, events: pd.DataFrame, columns: list[str] | None = None):
    from IPython.display import HTML

    return HTML(cite.events_html(ctx.ds, events, columns))


def paragraph(text: str):
    """Prose computed at build time, escaped like every other text from the data."""
    from IPython.display import HTML

    return HTML(f"<p>{cite.esc(text)}</p>")


def markdown_list(items: list[str]):
    from IPython.display import HTML

    return HTML("<ul>" + "".join(f"<li>{cite.esc(i)}</li>" for i in items) + "</ul>")


# --------------------------------------------------------------------------- 01 dataset


def coverage(ctx: Context) -> pd.DataFrame:
    """Events by year and type, with totals (baselines before the takeover shown as their own row)."""
    return coverage_mod.year_type_table(ctx.events).reset_index()


def empty_months(ctx: Context) -> list[str]:
    """Months since the takeover, up to the as-of date, in which the dataset records no event."""
    e = ctx.events[~ctx.events["pre_takeover"]]
    n = coverage_mod.monthly_rows(e, counting.TAKEOVER, ctx.window.as_of)
    return [str(m) for m in n.index[n == 0]]


def coverage_limits(ctx: Context) -> str:
    """One paragraph, computed from the data, on what an empty or thin stretch means."""
    months = pd.period_range(counting.TAKEOVER, ctx.window.as_of, freq="M")
    empty = empty_months(ctx)
    newest = ctx.events.loc[~ctx.events["pre_takeover"], "start"].max()
    listed = ", ".join(empty) if empty else "none"
    verb = "has" if len(empty) == 1 else "have"
    return (
        f"The newest event in this view is dated {newest:%Y-%m-%d}. {len(empty)} of the "
        f"{len(months)} months from August 2021 to {ctx.window.as_of:%B %Y} {verb} no recorded "
        f"event ({listed}). A month without rows means the sourcing found nothing in the stored "
        "news pages, not that nothing happened: every count in these reports is a lower bound."
    )


def fig_events_by_month(ctx: Context) -> plt.Figure:
    e = ctx.events[~ctx.events["pre_takeover"]]
    months = pd.period_range(counting.TAKEOVER, ctx.window.as_of, freq="M")
    t = pd.crosstab(e["month"], e["event_type"].astype(str)).reindex(months, fill_value=0)
    fig, ax = plt.subplots(figsize=(10, 4.2))
    bottom = pd.Series(0, index=t.index)
    for i, col in enumerate(sorted(t.columns)):
        ax.bar(
            range(len(t)),
            t[col],
            bottom=bottom,
            color=plots.OKABE_ITO[i % 8],
            label=col,
            width=0.85,
        )
        bottom += t[col]
    ticks = [i for i, m in enumerate(t.index) if m.month in (1, 7)]
    ax.set_xticks(ticks, [str(t.index[i]) for i in ticks])
    ax.legend(ncol=4, fontsize=8, frameon=False)
    busiest = bottom.idxmax() if len(bottom) else None
    title = (
        f"Recorded engagements peak in {busiest} ({int(bottom.max())} events)"
        if busiest
        else "No events"
    )
    return plots.finish(fig, title, ctx.source_line, xlabel="month", ylabel="events (count)", ax=ax)


def sources_summary(ctx: Context) -> pd.DataFrame:
    """Sourcing of the events in this view (counts as whole numbers; the median as printed)."""
    src = ctx.ds.sources[ctx.ds.sources["event_id"].isin(ctx.events["event_id"])]
    per = src.groupby("event_id").size()
    return pd.DataFrame(
        {
            "measure": [
                "events",
                "source rows",
                "distinct URLs",
                "publishers",
                "sources per event (median)",
                "events with one source",
            ],
            "value": [
                str(len(ctx.events)),
                str(len(src)),
                str(src["url"].nunique()),
                str(src["publisher"].nunique()),
                f"{per.median():g}",
                str(int((per == 1).sum())),
            ],
        }
    )


def fig_publishers(ctx: Context, top: int = 15) -> plt.Figure:
    s = ctx.ds.sources[ctx.ds.sources["event_id"].isin(ctx.events["event_id"])]
    counts = s.groupby("publisher")["event_id"].nunique().sort_values(ascending=False)
    counts = counts.head(top).sort_index(key=lambda x: -counts[x], kind="stable")
    fig, ax = plt.subplots(figsize=(9, 4.8))
    sns.barplot(x=counts.values, y=counts.index, ax=ax, color=plots.OKABE_ITO[0], errorbar=None)
    lead = counts.index[0] if len(counts) else "-"
    return plots.finish(
        fig,
        f"{lead} supports the most events",
        ctx.source_line,
        xlabel="events supported (count)",
        ylabel="publisher",
        ax=ax,
    )


def precision_table(ctx: Context) -> pd.DataFrame:
    t = ctx.events.groupby(["date_precision", "status"], observed=True).size().rename("events")
    return t.reset_index()


def row_counts(ctx: Context) -> pd.DataFrame:
    return pd.DataFrame(data.row_counts(ctx.ds).items(), columns=["table", "rows"])


def data_citation(ctx: Context) -> str:
    return str(ctx.ds.descriptor.get("x_citation", "")).format(version=ctx.ds.version)


def counting_rules(ctx: Context) -> list[str]:
    return list(ctx.ds.descriptor.get("x_counting_rules", []))


# --------------------------------------------------------------------------- 02 trips


def fig_trips_by_month(ctx: Context) -> plt.Figure:
    m = counting.by_month(
        ctx.stops, ctx.window.start, min(ctx.window.end or ctx.window.as_of, ctx.window.as_of)
    )
    long = m.melt(id_vars="month", var_name="measure", value_name="count")
    fig, ax = plt.subplots(figsize=(10, 4.2))
    sns.barplot(
        data=long,
        x="month",
        y="count",
        hue="measure",
        ax=ax,
        errorbar=None,
        palette=plots.OKABE_ITO[:2],
    )
    if len(m) > 14:
        for i, lab in enumerate(ax.get_xticklabels()):
            lab.set_visible(i % 6 == 0)
    ax.tick_params(axis="x", rotation=45)
    top = m.loc[m["trips"].idxmax()] if len(m) and m["trips"].max() > 0 else None
    title = (
        f"The busiest month was {top['month']} with {int(top['trips'])} trips"
        if top is not None
        else "No trips recorded in this window"
    )
    return plots.finish(
        fig, title, ctx.source_line, xlabel="month (trip start)", ylabel="count", ax=ax
    )


def trips_per_year(ctx: Context) -> pd.DataFrame:
    """Trips, country visits, host countries and person-trips per year, as of the report's date."""
    return coverage_mod.trips_by_year(ctx.events).reset_index()


def published_counts(ctx: Context, exclude: str = "") -> pd.DataFrame:
    """Counts other texts published (e.g. the spokesman's 99 visits), set against the data.

    Every registry in data/claims except ``exclude`` is evaluated as of the report's date; a text
    dated after that date is left out, since it did not exist yet in the report's view.
    """
    rows = []
    for f in sorted((ctx.ds.data_dir / "claims").glob("*.yaml")):
        if exclude and f.name == Path(exclude).name:
            continue
        reg = claims.load_registry(f)
        if reg.problems:  # the build refuses these before any kernel; say so here too
            raise ValueError("claims registry problems:\n" + "\n".join(reg.problems))
        if pd.Timestamp(reg.as_of) > ctx.window.as_of:
            continue
        res = claims.evaluate(ctx.ds, reg, ctx.window.as_of)
        for r in res[res["kind"] == "count"].itertuples():
            rows.append(
                {
                    "text": f"{reg.source.get('outlet', '')}, {reg.source.get('date', '')}",
                    "reading": r.reading,
                    "claimed": r.claimed,
                    "in the data": r.computed,
                    "verdict": r.verdict,
                }
            )
    cols = ["text", "reading", "claimed", "in the data", "verdict"]
    return pd.DataFrame(rows, columns=cols)


def published_counts_view(ctx: Context, exclude: str = ""):
    """The published counts as a table, or one sentence when no text predates the report."""
    t = published_counts(ctx, exclude)
    if t.empty:
        return paragraph(
            f"No other text in the claims registries is dated on or before "
            f"{ctx.window.as_of:%Y-%m-%d}, this report's as-of date."
        )
    return table(t)


def fig_by_person(ctx: Context, top: int = 12) -> plt.Figure:
    p = counting.by_person(ctx.stops).head(top)
    names = ctx.ds.persons.set_index("person_id")["name"]
    p["official"] = p["person_id"].map(names).fillna(p["person_id"])
    fig, ax = plt.subplots(figsize=(9, 4.8))
    sns.barplot(data=p, x="trips", y="official", ax=ax, color=plots.OKABE_ITO[2], errorbar=None)
    lead = p.iloc[0]["official"] if len(p) else "-"
    return plots.finish(
        fig,
        f"{lead} travelled most in this window",
        ctx.source_line,
        xlabel="trips (count)",
        ylabel="Taliban official",
        ax=ax,
    )


def fig_by_host(ctx: Context) -> plt.Figure:
    h = counting.by_key(ctx.stops, "host_iso3")
    reg = ctx.ds.regions.set_index("iso3")
    h["region"] = h["host_iso3"].map(reg["m49_region"])
    fig, ax = plt.subplots(figsize=(9, max(3.0, 0.32 * len(h) + 1)))
    sns.barplot(
        data=h,
        x="country_visits",
        y="host_iso3",
        hue="region",
        dodge=False,
        ax=ax,
        errorbar=None,
        palette={
            "Asia": plots.OKABE_ITO[0],
            "Europe": plots.OKABE_ITO[1],
            "Africa": plots.OKABE_ITO[3],
            "Americas": plots.OKABE_ITO[4],
            "Oceania": plots.OKABE_ITO[5],
        },
    )
    lead = h.iloc[0]["host_iso3"] if len(h) else "-"
    return plots.finish(
        fig,
        f"{lead} received the most Taliban country visits",
        ctx.source_line,
        xlabel="country visits (count)",
        ylabel="host country (ISO 3166 alpha-3)",
        ax=ax,
    )


def region_table(ctx: Context) -> pd.DataFrame:
    t = counting.trips(ctx.stops)
    return pd.DataFrame(
        {"trips": [len(t), int((~t["outside_asia"]).sum()), int(t["outside_asia"].sum())]},
        index=["all trips", "all stops in Asia (UN M49)", "at least one stop outside Asia"],
    ).reset_index(names="measure")


def outside_asia(ctx: Context) -> pd.DataFrame:
    s = ctx.stops
    return s[(s["host_region"] != "Asia") | s["host_transcontinental"]][
        [
            "event_id",
            "trip_id",
            "start_date",
            "host_iso3",
            "host_region",
            "host_transcontinental",
            "summary",
        ]
    ]


def sanctioned_trips(ctx: Context) -> pd.DataFrame:
    """Trips led or joined by UN-listed officials, with the exemption that covered each, if any."""
    pt = counting.person_trips(ctx.stops)
    listed = ctx.ds.persons[ctx.ds.persons["un_listed"]][["person_id", "name", "un_ref"]]
    pt = pt.merge(listed, on="person_id")
    t = counting.trips(ctx.stops)[["trip_id", "start", "end", "hosts"]]
    pt = pt.merge(t, on="trip_id")
    ex = ctx.ds.events[(ctx.ds.events["event_type"] == "sanctions_exemption")]
    ex = ex[
        [
            "event_id",
            "lead_person_id",
            "participants",
            "start",
            "end",
            "host_iso3",
            "related_trip_id",
            "status",
        ]
    ]
    rows = []
    for _, r in pt.sort_values(["start", "trip_id", "person_id"]).iterrows():
        cover = ex[
            (
                (ex["related_trip_id"] == r["trip_id"])
                | (
                    (ex["lead_person_id"] == r["person_id"])
                    | ex["participants"].str.contains(r["person_id"], regex=False)
                )
                & (ex["start"] <= r["start"])
                & (ex["end"] >= r["end"])
            )
            & (ex["status"] == "occurred")
        ]
        rows.append(
            {
                "trip_id": r["trip_id"],
                "start": r["start"].strftime("%Y-%m-%d"),
                "hosts": r["hosts"],
                "official": r["name"],
                "un_ref": r["un_ref"],
                "exemption": ", ".join(cover["event_id"]) or "none recorded",
            }
        )
    return pd.DataFrame(
        rows, columns=["trip_id", "start", "hosts", "official", "un_ref", "exemption"]
    )


# --------------------------------------------------------------------------- 04 milestones


def milestones(ctx: Context) -> pd.DataFrame:
    """Status changes plus first engagements (since the takeover) with each country, in the window."""
    e = ctx.in_window
    status = e[(e["direction"] == "status") & e["counts"]]
    first_ids = set(firsts.first_by(ctx.events, ["counterpart_iso3", "direction"])["event_id"])
    f = e[e["event_id"].isin(first_ids)]
    m = pd.concat([status.assign(why="status change"), f.assign(why="first since takeover")])
    m = m.drop_duplicates("event_id").sort_values(["start", "event_id"])
    return m


def counted_since_takeover(ctx: Context) -> pd.DataFrame:
    """Every counted (occurred) event since the takeover, as of the report's date."""
    e = ctx.events
    return e[e["counts"] & ~e["pre_takeover"]]


def fig_timeline(
    ctx: Context, events: pd.DataFrame, title: str, annotate: bool = True
) -> plt.Figure:
    types = sorted(events["event_type"].astype(str).unique())
    fig, ax = plt.subplots(figsize=(10, max(3.0, 0.5 * len(types) + 1.5)))
    for i, t in enumerate(types):
        sub = events[events["event_type"].astype(str) == t]
        ax.scatter(
            sub["start"], [i] * len(sub), color=plots.OKABE_ITO[i % 8], s=28, label=t, zorder=3
        )
        if annotate and len(events) <= 30:
            for k, (_, r) in enumerate(sub.iterrows()):
                ax.annotate(
                    r["counterpart_iso3"] or r["host_iso3"],
                    (r["start"], i),
                    xytext=(0, 6 if k % 2 == 0 else -10),
                    textcoords="offset points",
                    fontsize=7,
                    ha="center",
                )
    ax.set_yticks(range(len(types)), types)
    ax.set_ylim(-0.8, len(types) - 0.2)
    fig.autofmt_xdate()
    return plots.finish(
        fig, title, ctx.source_line, xlabel="date of event", ylabel="event type", ax=ax
    )


# --------------------------------------------------------------------------- 05 claims


def scorecard(ctx: Context, claims_file: str) -> tuple[claims.Registry, pd.DataFrame]:
    path = Path(claims_file)
    if not path.is_absolute():
        path = ctx.ds.data_dir / path
    reg = claims.load_registry(path)
    if reg.problems:
        raise ValueError("claims registry problems:\n" + "\n".join(reg.problems))
    sc = claims.scorecard(ctx.ds, reg)
    return reg, sc


def fig_verdicts(ctx: Context, sc: pd.DataFrame, as_of_label: str) -> plt.Figure:
    order = list(plots.VERDICT_COLOURS)
    a = sc["verdict"].value_counts().reindex(order, fill_value=0)
    b = sc["verdict_today"].value_counts().reindex(order, fill_value=0)
    long = pd.DataFrame(
        {
            "verdict": order * 2,
            "count": list(a) + list(b),
            "as of": ["article's date"] * len(order) + [as_of_label] * len(order),
        }
    )
    fig, ax = plt.subplots(figsize=(9, 4))
    sns.barplot(
        data=long,
        y="verdict",
        x="count",
        hue="as of",
        ax=ax,
        errorbar=None,
        palette=[plots.OKABE_ITO[0], plots.OKABE_ITO[1]],
    )
    checkable = int((sc["verdict"] != "opinion").sum())
    title = f"{int(a['supported'])} of {checkable} checkable readings are supported as of the article's date"
    return plots.finish(
        fig, title, ctx.source_line, xlabel="claim readings (count)", ylabel="verdict", ax=ax
    )


def changed_claims(sc: pd.DataFrame) -> pd.DataFrame:
    """Readings whose verdict differs between the text's date and today."""
    return sc.loc[
        sc["changed"], ["claim_id", "reading", "verdict", "verdict_today", "computed_today"]
    ]


def scorecard_html(ctx: Context, sc: pd.DataFrame):
    """The verdict table with each claim's evidence events linked to their sources."""
    from IPython.display import HTML

    rows = []
    for _, r in sc.iterrows():
        ev = [
            f"{cite.esc(eid)} {cite.source_links(ctx.ds, eid, numbered=True)}"
            for eid in r["evidence"][:12]
        ]
        colour = plots.VERDICT_COLOURS.get(r["verdict"], "#999")
        colour2 = plots.VERDICT_COLOURS.get(r["verdict_today"], "#999")
        rows.append(
            f"<tr><td>{cite.esc(r['claim_id'])}</td><td>{cite.esc(r['quote'])}"
            f"{'<br><em>reading: ' + cite.esc(r['reading']) + '</em>' if r['reading'] else ''}</td>"
            f"<td style='color:{colour}'><strong>{cite.esc(r['verdict'])}</strong></td>"
            f"<td style='color:{colour2}'>{cite.esc(r['verdict_today'])}"
            f"{'<br>(' + cite.esc(r['computed_today']) + ')' if r['changed'] else ''}</td>"
            f"<td>{cite.esc(r['claimed'])}</td><td>{cite.esc(r['computed'])}</td>"
            f"<td>{cite.esc(r['explanation'])}</td><td>{'<br>'.join(ev)}</td></tr>"
        )
    head = (
        "<tr><th>id</th><th>claim</th><th>verdict (text's date)</th><th>verdict (today)</th>"
        "<th>claimed</th><th>computed</th><th>explanation</th><th>evidence</th></tr>"
    )
    return HTML(
        f'<table class="tt-events"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'
    )


# --------------------------------------------------------------------------- 06 representation


def representation(ctx: Context) -> pd.DataFrame:
    e = ctx.events
    return e[(e["direction"] == "status") & (e["event_type"] != "sanctions_exemption")]


def fig_representation(ctx: Context) -> plt.Figure:
    r = representation(ctx)
    r = r[r["counts"] & ~r["pre_takeover"]]
    r = r.assign(country=r["counterpart_iso3"].where(r["counterpart_iso3"] != "", r["host_iso3"]))
    countries = sorted(r["country"].unique(), key=lambda c: r.loc[r["country"] == c, "start"].min())
    types = sorted(r["event_type"].astype(str).unique())
    fig, ax = plt.subplots(figsize=(10, max(3.0, 0.3 * len(countries) + 1.5)))
    for i, t in enumerate(types):
        sub = r[r["event_type"].astype(str) == t]
        ax.scatter(
            sub["start"],
            sub["country"].map({c: k for k, c in enumerate(countries)}),
            color=plots.OKABE_ITO[i % 8],
            label=t,
            s=30,
            zorder=3,
        )
    ax.set_yticks(range(len(countries)), countries)
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    fig.autofmt_xdate()
    n = len(countries)
    return plots.finish(
        fig,
        f"{n} countries changed their standing with the Taliban government",
        ctx.source_line,
        xlabel="date",
        ylabel="country (ISO 3166 alpha-3)",
        ax=ax,
    )


def envoys_accepted(ctx: Context) -> pd.DataFrame:
    """Foreign ambassadors in Kabul (host AFG) and Taliban envoys abroad, first milestone per country."""
    r = representation(ctx)
    r = r[(r["event_type"] == "representation") & r["counts"]]
    r = r.assign(
        side=r["host_iso3"]
        .eq("AFG")
        .map({True: "foreign mission in Kabul", False: "Taliban mission abroad"})
    )
    return r[["event_id", "start_date", "side", "host_iso3", "counterpart_iso3", "summary"]]


# --------------------------------------------------------------------------- 07 map


def engagement_counts(ctx: Context) -> pd.Series:
    e = firsts.engagements(ctx.in_window)
    return e.groupby("counterpart_iso3").size().sort_values(ascending=False)


def fig_map(ctx: Context) -> plt.Figure:
    from helpers import maps

    v = engagement_counts(ctx)
    fig, ax = plt.subplots(figsize=(10, 5.4))
    maps.choropleth(v, ax=ax, label="engagements (count)")
    lead = v.index[0] if len(v) else "-"
    return plots.finish(
        fig,
        f"{len(v)} countries engaged; {lead} most often",
        ctx.source_line,
        ax=ax,
        xlabel="",
        ylabel="",
    )
