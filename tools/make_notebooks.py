"""Write the report notebooks (run once; the notebooks are then edited directly in JupyterLab).

Kept in tools/ as a record of how the notebooks were laid out; notebooks are the source of truth.
"""

from pathlib import Path

import nbformat as nbf

NB = Path(__file__).resolve().parents[1] / "notebooks"

PARAMS = """# Parameters (papermill overrides these; dates are ISO strings YYYY-MM-DD).
as_of = "2025-06-30"  # only events on or before this date (empty: newest event)
start = "2025-01-01"  # window start
end = "2025-05-31"  # window end
data_dir = ""  # empty: the data folder of this package
claims_file = "claims/diplomat-2025-07-travel-diplomacy.yaml"
edition = "interactive"  # set by the build
input_hash = ""  # set by the build"""


def start_cell(name: str, title: str, with_claims: bool = False) -> str:
    extra = 'extra={"claims_file": claims_file}, ' if with_claims else ""
    return f'''from helpers import report as r

ctx = r.start(
    notebook="{name}", title="{title}", as_of=as_of, start=start, end=end, data_dir=data_dir,
    edition=edition, input_hash=input_hash, {extra}
)'''


def md(s):
    return nbf.v4.new_markdown_cell(s.strip())


def code(s):
    return nbf.v4.new_code_cell(s.strip())


def write(name: str, title: str, cells: list, with_claims: bool = False) -> None:
    nb = nbf.v4.new_notebook()
    p = code(PARAMS)
    p.metadata["tags"] = ["parameters"]
    nb.cells = [md(f"# {title}"), p, code(start_cell(name, title, with_claims)), *cells]
    nb.metadata["kernelspec"] = {
        "name": "taliban-tracker",
        "display_name": "Python (taliban-tracker)",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    for i, c in enumerate(nb.cells):
        c.id = f"cell-{i:02d}"
    nbf.write(nb, NB / f"{name}.ipynb")


write(
    "01_dataset",
    "The dataset: what it covers and how it is sourced",
    [
        md("""What does the dataset hold, and how well is each event sourced? Every row is one
engagement (a meeting, a visit stop, a call or a status change) and cites at least one public page
with a verbatim quote. This report describes the whole dataset as of the report's date; the
window parameters do not narrow it."""),
        md(
            "## Events by year and type\nRows dated before the takeover are baselines for claims only."
        ),
        code("r.table(r.coverage(ctx))"),
        code("""r.show(
    r.fig_events_by_month(ctx),
    "Stacked bar chart of recorded events per month since August 2021, coloured by event type.",
)"""),
        md("""## Coverage and its limits
The dataset is hand-sourced from stored public news pages, which report senior trips well and minor
ministerial travel thinly. The paragraph below is computed from the data for this report's view."""),
        code("r.paragraph(r.coverage_limits(ctx))"),
        md("## Sources\nHow many pages support each event, and who published them."),
        code("r.table(r.sources_summary(ctx))"),
        code(
            """r.show(r.fig_publishers(ctx), "Horizontal bar chart of the publishers that support the most events.")"""
        ),
        md("""## Date precision and status
A month-precision event is known only to its month; it counts in an as-of view only once its month
is over. Announced, postponed, cancelled and denied events are kept but never counted as trips."""),
        code("r.table(r.precision_table(ctx))"),
        md(
            "## Validation\nThe loader checked every table against `datapackage.json` and the cross-field rules; a report is only built from data that passes. Row counts:"
        ),
        code("r.table(r.row_counts(ctx))"),
        md(
            "## Counting rules\nEvery count in these reports follows these rules, stated in the data package:"
        ),
        code("r.markdown_list(r.counting_rules(ctx))"),
        md(
            "## How to cite the data\nCite the dataset by name, version and SHA-256 (shown in the header above), under CC BY 4.0."
        ),
        code("print(r.data_citation(ctx))"),
    ],
)

write(
    "02_trip_counts",
    "Trip counts: how often Taliban officials travelled, where and who",
    [
        md("""How many trips abroad did Taliban officials make in the window? We give four numbers:
trips (journeys), country visits (a journey's distinct host countries), distinct host countries,
and person-trips (each official once per journey), with and without journeys made only for a
multilateral forum."""),
        code("r.table(r.counting.counts_table(ctx.stops))"),
        code("""r.show(
    r.fig_trips_by_month(ctx),
    "Bar chart of trips and country visits per month in the report window.",
)"""),
        md("## Who travelled"),
        code(
            """r.show(r.fig_by_person(ctx), "Horizontal bar chart of trips per Taliban official in the window.")"""
        ),
        md("## Where they went\nColour shows the UN M49 region of each host country."),
        code(
            """r.show(r.fig_by_host(ctx), "Horizontal bar chart of country visits per host country, coloured by region.")"""
        ),
        md("""## Inside and outside Asia
Continent follows the UN M49 region (data/regions.csv). Russia is placed in Europe by M49; Turkey,
Kazakhstan and Azerbaijan in Asia. Transcontinental hosts are listed below with the non-Asian stops,
so a reader who draws the line differently can recount."""),
        code("r.table(r.region_table(ctx))"),
        code("r.events_table(ctx, r.outside_asia(ctx))"),
        md("""## Sanctioned officials and their exemptions
Officials on the UN Security Council 1988 list need a travel-ban exemption to travel. For each trip
by a listed official, the exemption rows in the data that cover it (or 'none recorded')."""),
        code("r.table(r.sanctioned_trips(ctx))"),
        md("""## How complete are these counts?
Trips recorded per year since the takeover, as of this report's date, and the counts other texts
published (such as the Taliban spokesman's year-end figure), evaluated against the data. A text
dated after this report's as-of date is left out. The data is a lower bound: it confirms part of a
published figure or shows it exceeded, never that fewer trips happened."""),
        code("r.table(r.trips_per_year(ctx))"),
        code("r.published_counts_view(ctx, claims_file)"),
        md("## Every trip stop in the window"),
        code("""r.events_table(
    ctx, ctx.stops, ["event_id", "trip_id", "start_date", "host_iso3", "lead_person_id", "summary"]
)"""),
    ],
)

write(
    "03_first_visits",
    "First visits: the first engagement with each country since the takeover",
    [
        md("""For each country, when did the first engagement since the takeover (15 August 2021) happen,
in each direction and at each tier of the foreign counterpart? "First" is computed from the data,
never typed in; a first that a source claims is checked against it below."""),
        md("## First engagement per country and direction"),
        code("r.table(r.firsts.first_table(ctx.events))"),
        md(
            "## First engagement per country at minister, head-of-government and head-of-state tier"
        ),
        code("r.table(r.firsts.first_at_tier(ctx.events))"),
        md("""## Firsts that sources claim
Events whose notes record a source calling them a "first", and whether they are the first engagement
with that country in that direction since the takeover. A `False` is not necessarily an error in
the source: its qualifier (for example "first by a foreign minister") may be narrower."""),
        code("r.table(r.firsts.claimed_firsts(ctx.events))"),
    ],
)

write(
    "04_milestones",
    "Monthly milestones: a timeline of the window and of the whole period",
    [
        md("""What happened month by month? Milestones are status changes (ambassadors accepted,
recognition, designation changes, exemptions) and each country's first engagement since the takeover."""),
        code("""r.show(
    r.fig_timeline(ctx, r.milestones(ctx), "Milestones in the report window"),
    "Timeline of milestone events in the window, one row per event type, labelled by country code.",
)"""),
        code("r.events_table(ctx, r.milestones(ctx))"),
        md(
            "## The whole period since August 2021\nEvery counted event since the takeover, by type."
        ),
        code("""r.show(
    r.fig_timeline(ctx, r.counted_since_takeover(ctx), "Engagements since the takeover", annotate=False),
    "Timeline of every counted event since August 2021, one row per event type.",
)"""),
    ],
)

write(
    "05_claims_scorecard",
    "Claims scorecard: what the data says about each claim",
    [
        md("""Each checkable sentence of the registered text is an entry in `data/claims/`. The engine
evaluates each (and each reading of an ambiguous one) as of the text's own date, and again as of the
newest event in the data ("today"), so a reader sees which claims later events overturned. Evidence links go to the
sources of each event."""),
        code("""reg, sc = r.scorecard(ctx, claims_file)
print(reg.source.get("title"), "|", reg.source.get("outlet"), "|", "claims as of", reg.as_of)"""),
        code("""r.show(
    r.fig_verdicts(ctx, sc, "newest event (today)"),
    "Bar chart counting claim readings by verdict, as of the text's date and as of the newest event.",
)"""),
        md("## Every claim"),
        code("r.scorecard_html(ctx, sc)"),
        md("## Claims whose verdict changed since the article"),
        code("r.table(r.changed_claims(sc))"),
    ],
    with_claims=True,
)

write(
    "06_representation",
    "Recognition and representation: who accepted Taliban envoys, and when",
    [
        md("""Which countries accepted Taliban-appointed ambassadors, posted their own ambassadors in Kabul,
handed over Afghan embassies, recognised the government or changed its terrorist designation?"""),
        code("""r.show(
    r.fig_representation(ctx),
    "Timeline of representation, recognition and designation events, one row per country.",
)"""),
        md("## Ambassadors and missions"),
        code("r.events_table(ctx, r.envoys_accepted(ctx))"),
        md("## All status events (exemptions excluded)"),
        code("r.events_table(ctx, r.representation(ctx))"),
    ],
)

write(
    "07_map",
    "Map: the countries the Taliban government engaged with",
    [
        md("""Which countries did the Taliban government engage with in the window (visits either way,
calls, third-country meetings)? Shapes are Natural Earth 1:110m from the vendored `world-atlas`
package (data/geo); nothing is downloaded. Afghanistan is outlined; microstates get a marker."""),
        code("""r.show(
    r.fig_map(ctx),
    "World map shading each country by the number of engagements with the Taliban government in the window.",
)"""),
        code('r.table(r.engagement_counts(ctx).rename("engagements").reset_index())'),
    ],
)
