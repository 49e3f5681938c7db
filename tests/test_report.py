"""Report layer, fast and in process: names, dates, headline definitions, templates (escaping),
findings honest about ties, figure CSVs, citations, and the report helpers that tell a reader how
complete the counts are. Expected values are written by hand from the data files or the spec."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from helpers import cite, headline, milestones, params, plots  # noqa: E402
from helpers.errors import BuildError  # noqa: E402
from helpers.render import csvs, dates, names, page, tables, words  # noqa: E402
from helpers.reporting import trips  # noqa: E402
from helpers.reporting.base import Context  # noqa: E402

ARTICLE_FILE = "claims/diplomat-2025-07-travel-diplomacy.yaml"


def _ctx(ds, as_of: str, start="2025-01-01", end="2025-05-31") -> Context:
    w = params.window(as_of, start, end, allow_any_date=True)
    return Context(ds, w, "test", "02_trip_counts")


# --------------------------------------------------------------------------- names and dates


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("RUS", "Russia"),
        ("IRN", "Iran"),
        ("TUR", "Türkiye"),
        ("ARE", "UAE"),
        ("CHN", "China"),
        ("KOR", "South Korea"),
        ("TZA", "Tanzania"),
        ("DEU", "Germany"),
        ("UZB", "Uzbekistan"),
        ("", ""),
    ],
)
def test_country_names(code, name):
    assert names.country(code) == name


def test_country_lists_keep_order():
    assert names.countries("IRN;TUR;QAT") == "Iran, Türkiye, Qatar"


def test_role_at_the_time(ds):
    people = names.People(ds.persons, ds.roles)
    # person_roles.csv: abdul-ghafar-bahr, "Ambassador to Uzbekistan", valid_from 2024-10-09
    assert (
        people.role("abdul-ghafar-bahr", pd.Timestamp("2024-10-10")) == "Ambassador to Uzbekistan"
    )
    # amir-khan-muttaqi: the dated role from 2021-09-07 wins over the undated ones
    assert people.role("amir-khan-muttaqi", pd.Timestamp("2025-01-08")) == (
        "Acting Minister of Foreign Affairs"
    )
    assert people.label("amir-khan-muttaqi", pd.Timestamp("2025-01-08")) == (
        "Amir Khan Muttaqi (Acting Minister of Foreign Affairs)"
    )
    assert people.name("no-such-person") == "no-such-person"


@pytest.mark.parametrize(
    ("start", "end", "precision", "shown"),
    [
        ("2025-03", "", "month", "2025-03"),
        ("2025-01", "2025-02", "month", "2025-01 to 2025-02"),
        ("2025-03-09", "", "day", "9 Mar 2025"),
        ("2025-03-09", "2025-03-14", "day", "9-14 Mar 2025"),
        ("2025-03-30", "2025-04-02", "day", "30 Mar-2 Apr 2025"),
        ("2024-12-30", "2025-01-02", "day", "30 Dec 2024-2 Jan 2025"),
        ("2025-03-09", "2025-03-09", "day", "9 Mar 2025"),
    ],
)
def test_dates_as_the_data_knows_them(start, end, precision, shown):
    assert dates.event_date(start, end, precision) == shown


# --------------------------------------------------------------------------- headline figures


def test_headline_definitions_on_the_small_fixture(mini):
    # tests/fixtures/mini: 17 events; sources.csv 47 rows; one URL (china.org.cn ...117755961)
    # supports two events, so 46 distinct pages.
    whole = headline.dataset_figures(mini)
    assert (whole.events, whole.citations, whole.pages) == (17, 47, 46)
    # As of 2025-02-15 eight events are certainly over; AFE00133 (2025-01 to 2025-02, month
    # precision) counts only from 28 Feb. Their sources: 1+2+3+4+3+2+2+3 = 20 rows, 20 URLs.
    view = headline.view_figures(mini, pd.Timestamp("2025-02-15"))
    assert (view.events, view.citations, view.pages) == (8, 20, 20)
    why = headline.why_view_differs(mini, pd.Timestamp("2025-02-15"))
    assert why.startswith("9 events are not counted") and "1 of them known only to the month" in why
    assert headline.why_view_differs(mini, pd.Timestamp("2026-01-01")) == ""


# --------------------------------------------------------------------------- ties


def test_leaders_name_every_tie():
    s = pd.Series({"Muttaqi": 5, "Azizi": 5, "Baradar": 3})
    assert words.leaders(s) == (["Azizi", "Muttaqi"], 5)
    assert (
        words.tie_phrase(["Azizi", "Muttaqi"], 5, "trip")
        == "Azizi and Muttaqi tie with 5 trips each"
    )
    assert words.tie_phrase(["Muttaqi"], 1, "trip") == "Muttaqi leads with 1 trip"
    assert words.title_for(
        ["Azizi", "Muttaqi"], 5, "made the most trips", "tie for the most trips", "trip"
    ) == ("Azizi and Muttaqi tie for the most trips (5 trips each)")
    assert words.leaders(pd.Series(dtype=int)) == ([], 0)


def test_findings_admit_a_tie(mini):
    # mini, window 2025-01-01..2025-05-31: Muttaqi leads TRP0047, TRP0051 and TRP0056 (3 trips);
    # the fixture's findings must name the leader(s) from the data, never one picked by sort order
    ctx = _ctx(mini, "2025-06-30")
    html = trips.key_findings(ctx).html
    assert "Key findings" in html and "lower bounds" in html
    p = trips.by_person(ctx)
    top = p[p["trips"] == p["trips"].max()]["official"].tolist()
    for name in top:
        assert name in html


# --------------------------------------------------------------------------- templates


def test_tables_escape_and_refuse_unsafe_links():
    df = pd.DataFrame(
        {
            "event": ["AFE00146"],
            "summary": ["<script>alert(1)</script>"],
            "sources": [[("javascript:alert(1)", "<b>x</b>"), ("https://example.org/a", "Ex")]],
        }
    )
    html = tables.table(df, name="t", kinds={"event": "event", "sources": "sources"}).html
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript' not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert '<a href="08_events.html#AFE00146">AFE00146</a>' in html
    assert '<a href="https://example.org/a" rel="noopener noreferrer">Ex</a>' in html


def test_long_tables_are_capped_but_the_csv_is_whole():
    df = pd.DataFrame({"n": range(500)})
    frag = tables.table(df, name="long", cap=200)
    assert frag.html.count("<tr>") == 200 + 1  # header row + 200
    assert "first 200 of 500 rows" in frag.html
    csv = frag.extra[csvs.MIMETYPE]["files"]["long.csv"]
    assert csv.splitlines()[0] == "n" and len(csv.splitlines()) == 501


def test_header_escapes_and_names_its_figures(mini):
    frag = page.header(
        mini,
        title="<i>T</i>",
        notebook="02_trip_counts",
        edition="current",
        params={"as_of": "<b>2025-06-30</b>"},
        input_hash="abc",
        as_of=pd.Timestamp("2025-02-15"),
        cat=page.Catalogue(
            {"current": {"title": "Newest", "as_of": "latest"}}, {"02_trip_counts": "Trips"}
        ),
    )
    html = frag.html
    assert "<i>T</i>" not in html and "&lt;i&gt;T&lt;/i&gt;" in html
    assert "&lt;b&gt;2025-06-30&lt;/b&gt;" in html
    assert 'data-measure="events" data-scope="dataset">17<' in html
    assert 'data-measure="events" data-scope="view">8<' in html
    assert 'class="tt-why"' in html  # the two event figures differ, so the page says why
    assert '<a href="../index.html">' in html


def test_index_describes_editions_in_words():
    manifest = {
        "reports": {
            "article/01_dataset": {
                "html": "article/01_dataset.html",
                "full_html": "article/01_dataset.full.html",
                "html_sha256": "0" * 64,
                "title": "The dataset",
            }
        }
    }
    ctx = {
        "dataset": {"name": "d", "version": "1", "sha256": "f" * 64, "events": 3, "sources": 2},
        "editions": {
            "article": {"as_of": "2025-06-30", "start": "2025-01-01", "end": "2025-05-31"}
        },
    }
    html = page.index_page(
        manifest,
        ctx,
        [
            {
                "version": "1",
                "path": "releases/v1",
                "manifest": "releases/v1/manifest.json",
                "created": "",
            }
        ],
    )
    assert "counts events up to 30 June 2025" in html and "{" not in html.split("<body>")[1]
    assert 'href="releases/v1/index.html"' in html


# --------------------------------------------------------------------------- figures and CSVs


def test_extract_csvs_takes_them_out_of_the_notebook():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    out = nbformat.v4.new_output(
        "display_data",
        data={
            "text/html": "<p>f</p>",
            **csvs.bundle("trips_by_month", pd.DataFrame({"a": [1, 2]})),
        },
    )
    cell.outputs = [out]
    nb.cells = [cell]
    got = csvs.extract_csvs(nb)
    assert got == {"trips_by_month.csv": b"a\n1\n2\n"}
    assert csvs.MIMETYPE not in nb.cells[0].outputs[0]["data"]
    twice = []
    for _ in range(2):
        c = nbformat.v4.new_code_cell("y")
        c.outputs = [
            nbformat.v4.new_output("display_data", data=dict(csvs.bundle("x", pd.DataFrame())))
        ]
        twice.append(c)
    nb.cells = twice
    with pytest.raises(BuildError, match="same file"):
        csvs.extract_csvs(nb)


def test_labels_are_plain_text_not_mathtext():
    plots.setup()
    fig, ax = plt.subplots()
    ax.barh(["$\\notacommand$ Ali", "Pay $5$ Ltd"], [1, 2])
    ax.set_title("$\\alsonot$ a title")
    from helpers.render import figures

    frag = figures.figure(fig, "alt", pd.DataFrame({"a": [1]}), "dollars")
    assert "data:image/png;base64," in frag.html


# --------------------------------------------------------------------------- citation


def test_citation_names_what_a_reader_needs(mini):
    day = pd.Timestamp("2025-06-30")
    c = cite.citation("T", "current", "02_trip_counts", mini, "k" * 64, day, release="9.8.7")
    for text in (c["plain"], c["bibtex"]):
        assert mini.sha256 in text and f"v{mini.version}" in text
        assert "reports/releases/v9.8.7/current/02_trip_counts.html" in text
        assert "2025-06-30" in text and "YYYY-MM-DD" in text
    assert "reports/releases/v9.8.7/manifest.json" in c["verify"]
    # without a release (an interactive run, a one-off edition): the working copy, said so
    c = cite.citation("T", "second", "02_trip_counts", mini, "k" * 64, day)
    assert "releases" not in c["plain"] + c["bibtex"] + c["verify"]
    assert "reports/second/02_trip_counts.html (not in a release)" in c["plain"]
    assert c["release"] == ""
    c = cite.citation("T", "current", "02_trip_counts", mini, "k" * 64, day, release="9.8.7")
    assert (
        "k" * 64 in c["verify"] and "manifest.json" in c["verify"] and "html_sha256" in c["verify"]
    )
    assert c["bibtex"].startswith("@misc{tracker202502tripcountscurrent,")


# --------------------------------------------------------------------------- milestones


def test_monthly_milestones_in_words(mini):
    ctx = _ctx(mini, "2025-06-30")
    m = milestones.monthly(ctx.events, ctx.in_window, ctx.first_day, ctx.last_day, ctx.people)
    assert list(m["month"]) == ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"]
    text = dict(zip(m["month"], [" ".join(i) for i in m["milestones"]], strict=True))
    # AFE00146 (TRP0051): Muttaqi in Oman 9-10 Mar 2025; AFE00156: Dar came to Kabul 19 Apr 2025
    assert "Amir Khan Muttaqi" in text["2025-03"] and "Oman (9-10 Mar 2025)" in text["2025-03"]
    assert "came to Kabul (19 Apr 2025)" in text["2025-04"]
    assert text["2025-02"].startswith("Nothing recorded")


# --------------------------------------------------------------------------- completeness


def test_published_counts_respect_the_as_of_date(ds):
    before = trips.published_counts(_ctx(ds, "2025-06-30"), ARTICLE_FILE)
    assert before.empty  # the spokesman's year-end figure did not exist yet
    after = trips.published_counts(_ctx(ds, "2026-01-31"), ARTICLE_FILE)
    row = after.set_index("reading").loc["trips (journeys) in 2025"]
    assert row["claimed"] == "99" and 0 < int(row["in the data"]) < 99
    assert row["verdict"] == "partly supported"
    assert not after["reading"].str.contains("Diplomat").any()


def test_trips_per_year_stops_at_the_as_of_date(ds):
    t = trips.trips_per_year(_ctx(ds, "2024-12-31")).set_index("year")
    assert t.index.max() == 2024
    full = trips.trips_per_year(_ctx(ds, "2026-03-31")).set_index("year")
    assert full.loc[2024, "trips"] == t.loc[2024, "trips"]


def test_coverage_limits_names_the_empty_months(mini):
    from helpers import coverage

    ctx = _ctx(mini, "2025-06-30")
    empty = coverage.empty_months(ctx.events, ctx.window.as_of)
    months = set(mini.events.loc[~mini.events["pre_takeover"], "month"].astype(str))
    assert empty and not set(empty) & months
    text = coverage.limits(ctx.events, ctx.window.as_of)
    assert f"{len(empty)} of the" in text and "lower bound" in text


def test_published_counts_view_says_why_it_is_empty(ds):
    html = trips.published_counts_view(_ctx(ds, "2025-06-30"), ARTICLE_FILE).html
    assert "dated on or before 2025-06-30" in html and "<table" not in html
    html = trips.published_counts_view(_ctx(ds, "2026-01-31"), ARTICLE_FILE).html
    assert "<table" in html and "99" in html


def test_register_splits_into_pages_at_scale(mini, monkeypatch):
    from helpers.render import current
    from helpers.reporting import base, register

    monkeypatch.setattr(base, "REGISTER_PAGE", 5)
    monkeypatch.setattr(current, "locate", {})
    ctx = _ctx(mini, "2025-06-30")
    base.locate_ids(mini)
    try:
        frag = register.events(ctx)
        files = frag.extra[csvs.MIMETYPE]["files"]
        # 17 events in date order, 5 per page: 5 + 5 + 5 + 2
        assert sorted(files) == [
            "events-01.html",
            "events-02.html",
            "events-03.html",
            "events-04.html",
        ]
        assert '<a href="08_events/events-04.html">' in frag.html
        # the sixth event in date order (AFE00134, 2025-01-08) opens page 2 and is anchored there
        assert '<tr id="AFE00134">' in files["events-02.html"]
        # links elsewhere point at the page holding the id
        html = tables.table(
            pd.DataFrame({"event": ["AFE00134"]}), name="x", kinds={"event": "event"}
        ).html
        assert 'href="08_events/events-02.html#AFE00134"' in html
        # from inside a register page, links climb out of its folder
        assert 'href="../08_events/events-02.html#AFE00134"' in files["events-02.html"]
    finally:
        current.locate = {}


def test_an_empty_table_says_so():
    html = tables.table(pd.DataFrame({"event": []}), name="empty").html
    assert "None recorded in this view." in html and "<table" not in html


def test_a_journey_known_to_the_month_shows_the_month(mini):
    # mini TRP0046: AFE00133 (2025-01 to 2025-02, month precision) and AFE00137 (2025-01-21)
    stops = mini.events[mini.events["trip_id"] == "TRP0046"]
    assert dates.span(stops) == "2025-01 to 2025-02"
    # TRP0056: AFE00169 17-19 May 2025 and AFE00171 21 May 2025
    assert dates.span(mini.events[mini.events["trip_id"] == "TRP0056"]) == "17-21 May 2025"
    both = mini.events[mini.events["trip_id"].isin(["TRP0046", "TRP0056"])]
    assert dates.spans(both) == {"TRP0046": "2025-01 to 2025-02", "TRP0056": "17-21 May 2025"}


def test_nav_lists_every_report_and_the_other_edition():
    cat = page.Catalogue(
        {
            "article": {"title": "A", "as_of": "2025-06-30"},
            "current": {"title": "C", "as_of": "latest"},
        },
        {"01_dataset": "One", "02_trip_counts": "Two", "08_events": "Register"},
    )
    html = str(page.nav("02_trip_counts", "current", cat))
    assert '<a href="../index.html">' in html
    assert (
        '<a href="01_dataset.html">One</a>' in html
        and '<a href="08_events.html">Register</a>' in html
    )
    assert '<strong aria-current="page">Two</strong>' in html
    assert (
        'href="../article/02_trip_counts.html"' in html
        and "counts events up to 30 June 2025" in html
    )
    assert "../current/" not in html


def test_sanctioned_trips_match_by_person_country_and_dates(ds):
    """Report 02 reads the exemptions through helpers.sanctions. Expected rows read by hand from
    events.csv: Badri's Tehran trip (TRP0057, 18 May 2025) has no exemption for Iran (AFE00166,
    which names him, is for Russia, 12-19 May); Muttaqi's Iran-China journey (TRP0056) is covered
    in China only (AFE00302); the transport minister's Kazan trip is covered by AFE00166."""
    t = trips.sanctioned_trips(_ctx(ds, "2025-06-30")).set_index(["trip", "UN reference"])
    assert t.loc[("TRP0057", "TAi.147"), "exemptions"] == ""
    assert t.loc[("TRP0057", "TAi.147"), "cover"] == "none recorded"
    assert t.loc[("TRP0056", "TAi.026"), "exemptions"] == "AFE00302"
    assert t.loc[("TRP0056", "TAi.026"), "cover"].startswith("partly covered")
    assert t.loc[("TRP0055", "TAi.118"), "exemptions"] == "AFE00166"
    assert "Hamidullah Akhundzada" in t.loc[("TRP0055", "TAi.118"), "official"]
    unused = trips.unused_exemptions(_ctx(ds, "2025-06-30"))
    # the UAE window of 28 Dec 2024-7 Jan 2025 ended the day before Muttaqi's Dubai meeting
    assert "AFE00132" in set(unused["exemption"])


# --------------------------------------------------------------------------- timeline labels


def _timeline_figure(monkeypatch, ctx, events) -> plt.Figure:
    from helpers.reporting import timeline

    seen: list[plt.Figure] = []  # the finished figure, taken before it is encoded as a PNG
    monkeypatch.setattr(timeline.figures, "figure", lambda fig, *a, **k: seen.append(fig))
    timeline.fig_timeline(ctx, events, "milestone", "t")
    return seen[0]


def test_every_milestone_point_is_labelled_even_past_forty(ds, monkeypatch):
    """The current window holds over a hundred milestones: each gets its own labelled row
    (date as precise as known, country by name, type), earliest first."""
    plots.setup()
    ctx = _ctx(ds, "2026-03-31", "2021-08-15", "2026-03-31")
    m = milestones.milestones(ctx.events, ctx.in_window)
    assert len(m) > 40
    fig = _timeline_figure(monkeypatch, ctx, m)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == len(m)
    assert labels[0].startswith("23 Aug 2021 · United States")  # the first milestone, on top
    assert any(lb.startswith("2024-08 · Turkmenistan") for lb in labels)  # a month-precision one
    assert not [lb for lb in labels if " ·  · " in lb]  # no blank country
    plt.close("all")


def test_a_short_timeline_labels_points_by_country(mini, monkeypatch):
    plots.setup()
    ctx = _ctx(mini, "2025-06-30")
    m = milestones.milestones(ctx.events, ctx.in_window)
    assert 0 < len(m) <= 40
    fig = _timeline_figure(monkeypatch, ctx, m)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert len(texts) == len(m) and "Oman" in texts
    plt.close("all")


def test_a_one_off_edition_is_described_by_its_dates_not_as_interactive(mini):
    cat = page.Catalogue({"current": {"title": "C", "as_of": "latest"}}, {"02_trip_counts": "Two"})
    shown = {"as_of": "2024-12-31", "start": "2024-01-01", "end": "2024-12-31"}
    html = str(
        page.header(
            mini,
            title="Two",
            notebook="02_trip_counts",
            edition="second",
            params=shown,
            input_hash="k" * 64,
            as_of=pd.Timestamp("2024-12-31"),
            cat=cat,
        ).html
    )
    assert "One-off edition second: counts events up to 31 December 2024" in html
    assert "interactive run" not in html
    assert "reports/second/02_trip_counts.html (not in a release)" in html
