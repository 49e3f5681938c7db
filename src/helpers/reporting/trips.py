"""Report 02: how often Taliban officials travelled, where and who."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from markupsafe import Markup

from helpers import claims, counting, coverage, headline, plots, sanctions
from helpers.render import Fragment, dates, figures, names, page, words
from helpers.render.tables import figure_tag, table
from helpers.reporting.base import EVENT_KINDS, Context, event_frame

REGION_COLOURS = {
    "Asia": plots.OKABE_ITO[0],
    "Europe": plots.OKABE_ITO[1],
    "Africa": plots.OKABE_ITO[3],
    "Americas": plots.OKABE_ITO[4],
    "Oceania": plots.OKABE_ITO[5],
}


def by_person(ctx: Context) -> pd.DataFrame:
    p = counting.by_person(ctx.stops)
    p["official"] = p["person_id"].map(ctx.people.name)
    return p[["official", "trips", "person_id"]].rename(columns={"person_id": "person id code"})


def by_host(ctx: Context) -> pd.DataFrame:
    h = counting.by_key(ctx.stops, "host_iso3")
    h["host country"] = h["host_iso3"].map(names.country)
    h["region"] = h["host_iso3"].map(ctx.ds.regions.set_index("iso3")["m49_region"])
    return h[["host country", "region", "country_visits", "trips", "host_iso3"]].rename(
        columns={"country_visits": "country visits", "host_iso3": "ISO3 code"}
    )


def key_findings(ctx: Context) -> Fragment:
    h = headline.trip_figures(ctx.stops)
    p = by_person(ctx)
    who, n = words.leaders(p.set_index("official")["trips"])
    hosts = by_host(ctx)
    where, k = words.leaders(hosts.set_index("host country")["country visits"])
    w0, w1 = ctx.first_day, ctx.last_day
    items = [
        Markup(
            "From {} to {}, the data records {} trips abroad ({} country visits to {} countries, "
            "{} person-trips)."
        ).format(
            f"{w0:%Y-%m-%d}",
            f"{w1:%Y-%m-%d}",
            figure_tag(h["trips"], "trips", "window"),
            figure_tag(h["country_visits"], "country visits", "window"),
            figure_tag(h["distinct_countries"], "countries", "window"),
            figure_tag(h["person_trips"], "person-trips", "window"),
        ),
        f"Most trips by one official: {words.tie_phrase(who, n, 'trip')}.",
        f"Most visited host: {words.tie_phrase(where, k, 'country visit')}.",
        "These are lower bounds: the stored news pages report senior trips well and minor "
        "ministerial travel thinly, so more trips happened than the data holds.",
    ]
    return page.findings(items)


def counts_table(ctx: Context) -> Fragment:
    t = counting.counts_table(ctx.stops)
    measure = {
        "Trips (journeys)": "trips",
        "Country visits (trip x host)": "country visits",
        "Distinct host countries": "countries",
        "Person-trips": "person-trips",
    }
    t["all journeys"] = [
        (int(v), measure[m], "window") for m, v in zip(t["measure"], t["all journeys"], strict=True)
    ]
    return table(t, name="trip_counts", kinds={"all journeys": "fig"}, cap=None)


def fig_trips_by_month(ctx: Context) -> Fragment:
    m = counting.by_month(ctx.stops, ctx.window.start, ctx.last_day)
    s = pd.Series(m["trips"].to_numpy(), index=m["month"])
    busiest, top = words.leaders(s)
    title = words.title_for(
        busiest, top, "was the busiest month", "tie as the busiest months", "trip"
    )
    if len(m) > 14:
        fig = plots.month_heatmap(
            pd.Series(s.to_numpy(), index=pd.PeriodIndex(m["month"], freq="M")),
            title,
            ctx.source_line,
            "trips (count)",
        )
        alt = "Year by month grid of trips abroad; each cell holds the month's count."
    else:
        long = m.melt(id_vars="month", var_name="measure", value_name="count")
        long["measure"] = long["measure"].str.replace("_", " ")
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
        ax.tick_params(axis="x", rotation=45)
        fig = plots.finish(
            fig, title, ctx.source_line, xlabel="month (trip start)", ylabel="count", ax=ax
        )
        alt = "Bar chart of trips and country visits per month in the report window."
    data = m.rename(columns={"country_visits": "country visits"})
    return figures.figure(fig, alt, data, "trips_by_month")


def fig_by_person(ctx: Context, top: int = 12) -> Fragment:
    p = by_person(ctx)
    who, n = words.leaders(p.set_index("official")["trips"])
    shown = p.head(top)
    fig, ax = plt.subplots(figsize=(9, 4.8))
    sns.barplot(data=shown, x="trips", y="official", ax=ax, color=plots.OKABE_ITO[2], errorbar=None)
    title = words.title_for(who, n, "made the most trips", "tie for the most trips", "trip")
    fig = plots.finish(
        fig, title, ctx.source_line, xlabel="trips (count)", ylabel="Taliban official", ax=ax
    )
    return figures.figure(
        fig,
        "Horizontal bar chart of trips per Taliban official in the window.",
        p,
        "trips_by_official",
    )


def fig_by_host(ctx: Context) -> Fragment:
    h = by_host(ctx)
    where, k = words.leaders(h.set_index("host country")["country visits"])
    fig, ax = plt.subplots(figsize=(9, max(3.0, 0.32 * len(h) + 1)))
    sns.barplot(
        data=h,
        x="country visits",
        y="host country",
        hue="region",
        dodge=False,
        ax=ax,
        errorbar=None,
        palette=REGION_COLOURS,
    )
    title = words.title_for(
        where, k, "received the most country visits", "tie for the most country visits", "visit"
    )
    fig = plots.finish(
        fig, title, ctx.source_line, xlabel="country visits (count)", ylabel="host country", ax=ax
    )
    return figures.figure(
        fig,
        "Horizontal bar chart of country visits per host country, coloured by region.",
        h,
        "visits_by_host",
    )


def region_table(ctx: Context) -> Fragment:
    t = counting.trips(ctx.stops)
    df = pd.DataFrame(
        {
            "measure": [
                "all trips",
                "all stops in Asia (UN M49)",
                "at least one stop outside Asia",
            ],
            "trips": [
                (len(t), "trips", "window"),
                (int((~t["outside_asia"]).sum()), "", ""),
                (int(t["outside_asia"].sum()), "", ""),
            ],
        }
    )
    return table(df, name="inside_outside_asia", kinds={"trips": "fig"}, cap=None)


def outside_asia(ctx: Context) -> Fragment:
    s = ctx.stops
    s = s[(s["host_region"] != "Asia") | s["host_transcontinental"]]
    f = event_frame(ctx, s, ["event", "trip", "date", "host", "region", "summary", "sources"])
    f.insert(
        5, "transcontinental", s["host_transcontinental"].map({True: "yes", False: "no"}).to_numpy()
    )
    return table(f, name="stops_outside_asia", kinds=EVENT_KINDS)


COVERAGE_WORDS = {
    "full": "covered",
    "uncertain": "covered if the month-precision dates fall inside the window",
    "partial": "partly covered (a stop lies outside every exemption)",
    "none": "none recorded",
}


def sanctioned_trips(ctx: Context) -> pd.DataFrame:
    """Each trip in the window by a UN-listed official, with the exemptions that covered it.

    The matching is ``helpers.sanctions`` (exact person id, the stop's country, date overlap),
    the same helper the claims engine and ``validate`` use, so the three never disagree.
    """
    t = sanctions.trips_by_listed_officials(ctx.events, ctx.ds.persons, as_of=ctx.window.as_of)
    t = t[t["trip_id"].isin(set(ctx.stops["trip_id"]))]
    t = t.sort_values(["start", "trip_id", "person_id"], kind="stable")
    spans = dates.spans(ctx.stops)
    return pd.DataFrame(
        {
            "trip": t["trip_id"],
            "date": t["trip_id"].map(spans),
            "date__sort": t["start"].dt.strftime("%Y-%m-%d"),
            "hosts": t["hosts"].map(names.countries),
            "official": [
                ctx.people.label(p, d) for p, d in zip(t["person_id"], t["start"], strict=True)
            ],
            "UN reference": t["un_ref"],
            "exemptions": t["exemptions"],
            "cover": t["coverage"].map(COVERAGE_WORDS),
        }
    )


def sanctioned_view(ctx: Context) -> Fragment:
    return table(
        sanctioned_trips(ctx),
        name="sanctioned_officials_trips",
        kinds={"trip": "trip", "exemptions": "events"},
    )


def unused_exemptions(ctx: Context) -> pd.DataFrame:
    """Exemptions in the window that cover no recorded trip (a trip the data lacks, or one not made)."""
    x = sanctions.exemptions_without_trip(ctx.events, ctx.ds.persons, as_of=ctx.window.as_of)
    x = x[(x["end"] >= ctx.first_day) & (x["start"] <= ctx.last_day)]
    rows = ctx.events.set_index("event_id").loc[x["event_id"]]
    return pd.DataFrame(
        {
            "exemption": x["event_id"].to_numpy(),
            "window": dates.column(rows).to_numpy(),
            "window__sort": rows["start_date"].to_numpy(),
            "for": x["host_iso3"].map(names.country).to_numpy(),
            "officials": [ctx.people.names_of(v) for v in x["person_ids"]],
        }
    )


def unused_exemptions_view(ctx: Context) -> Fragment:
    return table(
        unused_exemptions(ctx), name="exemptions_without_trip", kinds={"exemption": "events"}
    )


def trips_per_year(ctx: Context) -> pd.DataFrame:
    """Trips, country visits, host countries and person-trips per year, as of the report's date."""
    return coverage.trips_by_year(ctx.events).reset_index()


def trips_per_year_view(ctx: Context) -> Fragment:
    t = trips_per_year(ctx).rename(columns=lambda c: str(c).replace("_", " "))
    return table(t, name="trips_per_year", cap=None)


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
    return pd.DataFrame(rows, columns=["text", "reading", "claimed", "in the data", "verdict"])


def published_counts_view(ctx: Context, exclude: str = "") -> Fragment:
    """The published counts as a table, or one sentence when no text predates the report."""
    t = published_counts(ctx, exclude)
    if t.empty:
        return page.paragraph(
            f"No other text in the claims registries is dated on or before "
            f"{ctx.window.as_of:%Y-%m-%d}, this report's as-of date."
        )
    return table(t, name="published_counts", cap=None)


def trip_stops(ctx: Context) -> Fragment:
    f = event_frame(
        ctx, ctx.stops, ["event", "trip", "date", "where", "taliban", "summary", "sources"]
    )
    return table(f, name="trip_stops", kinds=EVENT_KINDS)
