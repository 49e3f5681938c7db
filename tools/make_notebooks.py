"""Write the report notebooks (the notebooks are the source of truth once written; rerun this
only to re-lay them out). Each notebook: title, parameters, ``r.start`` (header, navigation,
citation), key findings, contents (from its own ``##`` headings), then its sections.
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


def start_cell(name: str, title: str, module: str, with_claims: bool = False) -> str:
    extra = '\n    extra={"claims_file": claims_file},' if with_claims else ""
    return f'''from helpers import report as r

rep = r.{module}
ctx = r.start(
    notebook="{name}",
    title="{title}",
    as_of=as_of,
    start=start,
    end=end,
    data_dir=data_dir,
    edition=edition,
    input_hash=input_hash,{extra}
)'''


def md(s):
    return nbf.v4.new_markdown_cell(s.strip())


def code(s):
    return nbf.v4.new_code_cell(s.strip())


def contents(cells) -> list:
    heads = []
    for c in cells:
        if c.cell_type == "markdown":
            for line in c.source.splitlines():
                if line.startswith("## "):
                    t = line[3:].strip()
                    heads.append(f"- [{t}](#{t.replace(' ', '-')})")
    return [md("**Contents**\n\n" + "\n".join(heads))] if len(heads) >= 3 else []


def write(name, title, module, intro, cells, findings="rep.key_findings(ctx)", with_claims=False):
    nb = nbf.v4.new_notebook()
    p = code(PARAMS)
    p.metadata["tags"] = ["parameters"]
    head = [md(f"# {title}"), p, code(start_cell(name, title, module, with_claims))]
    if findings:
        head.append(code(findings))
    nb.cells = [*head, md(intro), *contents(cells), *cells]
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
    "dataset",
    """What does the dataset hold, and how well is each event sourced? Every row is one
engagement (a meeting, a visit stop, a call or a status change) and cites at least one public page
with a verbatim quote. This report describes the whole dataset as of the report's date; the
window parameters do not narrow it.""",
    [
        md(
            "## Events by year and type\nRows dated before the takeover are baselines for claims only. The grand total is this report's view (see the header)."
        ),
        code("rep.year_table(ctx)"),
        code("rep.fig_events_by_month(ctx)"),
        md(
            "## Coverage and its limits\nThe dataset is hand-sourced from stored public news pages, which report senior trips well and minor\nministerial travel thinly. The paragraph below is computed from the data for this report's view."
        ),
        code("rep.coverage_limits(ctx)"),
        md(
            "## Sources\nHow many pages support each event, and who published them. A source page is one distinct URL; a citation is one event-page pair, so one page cited for two events is one page and two citations."
        ),
        code("rep.sources_summary(ctx)"),
        code("rep.fig_publishers(ctx)"),
        md(
            "## Date precision and status\nA month-precision event is known only to its month and is shown as YYYY-MM; it counts in an as-of view only once its month\nis over. Announced, postponed, cancelled and denied events are kept but never counted as trips."
        ),
        code("rep.precision_table(ctx)"),
        md(
            "## Validation\nThe loader checked every table against `datapackage.json` and the cross-field rules; a report is only built from data that passes. Row counts of the whole dataset (every date):"
        ),
        code("rep.row_counts(ctx)"),
        md(
            "## Counting rules\nEvery count in these reports follows these rules, stated in the data package:"
        ),
        code("rep.counting_rules(ctx)"),
        md(
            "## How to cite the data\nCite the dataset by name, version and SHA-256 (shown in the header above), under CC BY 4.0."
        ),
        code("rep.data_citation(ctx)"),
    ],
)

write(
    "02_trip_counts",
    "Trip counts: how often Taliban officials travelled, where and who",
    "trips",
    """How many trips abroad did Taliban officials make in the window? We give four numbers:
trips (journeys), country visits (a journey's distinct host countries), distinct host countries,
and person-trips (each official once per journey), with and without journeys made only for a
multilateral forum.""",
    [
        md("## The four counts"),
        code("rep.counts_table(ctx)"),
        code("rep.fig_trips_by_month(ctx)"),
        md("## Who travelled"),
        code("rep.fig_by_person(ctx)"),
        md("## Where they went\nColour shows the UN M49 region of each host country."),
        code("rep.fig_by_host(ctx)"),
        md(
            "## Inside and outside Asia\nContinent follows the UN M49 region (data/regions.csv). Russia is placed in Europe by M49; Türkiye,\nKazakhstan and Azerbaijan in Asia. Transcontinental hosts are listed below with the non-Asian stops,\nso a reader who draws the line differently can recount."
        ),
        code("rep.region_table(ctx)"),
        code("rep.outside_asia(ctx)"),
        md(
            "## Sanctioned officials and their exemptions\nOfficials on the UN Security Council 1988 list need a travel-ban exemption to travel. For each trip\nby a listed official, the exemption rows in the data that cover it (empty: none recorded)."
        ),
        code("rep.sanctioned_view(ctx)"),
        md(
            "## How complete are these counts?\nTrips recorded per year since the takeover, as of this report's date (a journey over New Year counts in both years, so the years need not add up to the window's total), and the counts other texts\npublished (such as the Taliban spokesman's year-end figure), evaluated against the data. A text\ndated after this report's as-of date is left out. The data is a lower bound: it confirms part of a\npublished figure or shows it exceeded, never that fewer trips happened."
        ),
        code("rep.trips_per_year_view(ctx)"),
        code("rep.published_counts_view(ctx, claims_file)"),
        md("## Every trip stop in the window"),
        code("rep.trip_stops(ctx)"),
    ],
)

write(
    "03_first_visits",
    "First visits: the first engagement with each country since the takeover",
    "firsts",
    """For each country, when did the first engagement since the takeover (15 August 2021) happen,
in each direction and at each tier of the foreign counterpart? "First" is computed from the data,
never typed in; each row links the event it counted, and a first that a source claims is checked
against it below.""",
    [
        md("## First engagement per country and direction"),
        code("rep.direction_table(ctx)"),
        md(
            "## First engagement per country at minister, head-of-government and head-of-state tier"
        ),
        code("rep.tier_table(ctx)"),
        md(
            '## Firsts that sources claim\nEvents whose notes record a source calling them a "first", and whether they are the first engagement\nwith that country in that direction since the takeover. A "no" is not necessarily an error in\nthe source: its qualifier (for example "first by a foreign minister") may be narrower.'
        ),
        code("rep.claimed_table(ctx)"),
    ],
)

write(
    "04_milestones",
    "Monthly milestones: a timeline of the window and of the whole period",
    "timeline",
    """What happened month by month? Milestones are status changes (ambassadors accepted,
recognition, designation changes, exemptions) and each country's first engagement since the
takeover; the month-by-month account also says who went where and who came to Kabul.""",
    [
        md("## Month by month"),
        code(
            'rep.fig_timeline(ctx, rep.window_milestones(ctx), "milestone", "milestones_timeline")'
        ),
        code("rep.monthly_view(ctx)"),
        md("## The milestone events"),
        code("rep.milestones_table(ctx)"),
        md(
            "## The whole period since August 2021\nEvery counted event since the takeover, by type."
        ),
        code(
            'rep.fig_timeline(ctx, rep.counted_since_takeover(ctx), "counted event", "all_events_timeline", annotate=False)'
        ),
    ],
)

write(
    "05_claims_scorecard",
    "Claims scorecard: what the data says about each claim",
    "scorecard",
    """Each checkable sentence of the registered text is an entry in `data/claims/`. The engine
evaluates each (and each reading of an ambiguous one) as of the text's own date, and again as of the
newest event in the data, so a reader sees which claims later events overturned. Evidence links go to
the event register and to the sources of each event.""",
    [
        md("## Verdicts"),
        code("rep.describe(reg)"),
        code('rep.fig_verdicts(ctx, sc, "newest event")'),
        md("## Every claim"),
        code("rep.scorecard_view(ctx, sc)"),
        md("## Claims whose verdict changed since the article"),
        code("rep.changed_claims(sc)"),
    ],
    findings="reg, sc = rep.scorecard(ctx, claims_file)\nrep.key_findings(ctx, sc)",
    with_claims=True,
)

write(
    "06_representation",
    "Recognition and representation: who accepted Taliban envoys, and when",
    "representation",
    """Which countries accepted Taliban-appointed ambassadors, posted their own ambassadors in Kabul,
handed over Afghan embassies, recognised the government or changed its terrorist designation?""",
    [
        md("## Timeline"),
        code("rep.fig_representation(ctx)"),
        md("## Ambassadors and missions"),
        code("rep.envoys_table(ctx)"),
        md("## All status events (exemptions excluded)"),
        code("rep.status_table(ctx)"),
    ],
)

write(
    "07_map",
    "Map: the countries the Taliban government engaged with",
    "worldmap",
    """Which countries did the Taliban government engage with in the window (visits either way,
calls, third-country meetings)? Shapes are Natural Earth 1:110m from the vendored `world-atlas`
package (data/geo); nothing is downloaded. Afghanistan is outlined; microstates get a marker.""",
    [
        code("rep.fig_map(ctx)"),
        code("rep.counts_table(ctx)"),
    ],
)

write(
    "08_events",
    "Event register: every event with its sources",
    "register",
    """Every event in the dataset, with its date as precisely as the data knows it, the officials
involved, and its sources. Each event is anchored by its id (for example `#AFE00146`) and each trip
by its id (for example `#TRP0042`): every id in the other reports links here.""",
    [
        md("## Trips"),
        code("rep.trips(ctx)"),
        md("## Events"),
        code("rep.events(ctx)"),
    ],
)
