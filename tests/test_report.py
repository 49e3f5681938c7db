"""The report helpers that tell a reader how complete the counts are: computed from the data,
and honest about time (a text published after a report's as-of date is not shown in it)."""

from __future__ import annotations

import pandas as pd

from helpers import params, report

ARTICLE_FILE = "claims/diplomat-2025-07-travel-diplomacy.yaml"


def _ctx(ds, as_of: str) -> report.Context:
    w = params.window(as_of, "2025-01-01", "2025-05-31", allow_any_date=True)
    return report.Context(ds, w, "test", "02_trip_counts")


def test_published_counts_respect_the_as_of_date(ds):
    before = report.published_counts(_ctx(ds, "2025-06-30"), ARTICLE_FILE)
    assert before.empty  # the spokesman's year-end figure did not exist yet
    after = report.published_counts(_ctx(ds, "2026-01-31"), ARTICLE_FILE)
    trips = after.set_index("reading").loc["trips (journeys) in 2025"]
    assert trips["claimed"] == "99" and 0 < int(trips["in the data"]) < 99
    assert trips["verdict"] == "partly supported"
    assert not after["reading"].str.contains("Diplomat").any()


def test_trips_per_year_stops_at_the_as_of_date(ds):
    t = report.trips_per_year(_ctx(ds, "2024-12-31")).set_index("year")
    assert t.index.max() == 2024
    full = report.trips_per_year(_ctx(ds, "2026-03-31")).set_index("year")
    assert full.loc[2024, "trips"] == t.loc[2024, "trips"]


def test_coverage_limits_names_the_empty_months(mini):
    ctx = _ctx(mini, "2025-06-30")
    empty = report.empty_months(ctx)
    # the small fixture leaves most months empty; each listed month truly has no event
    months = set(mini.events.loc[~mini.events["pre_takeover"], "month"].astype(str))
    assert empty and not set(empty) & months
    text = report.coverage_limits(ctx)
    assert f"{len(empty)} of the" in text and "lower bound" in text
    assert pd.Period(empty[0]).strftime("%Y-%m") in text


def test_published_counts_view_says_why_it_is_empty(ds):
    html = report.published_counts_view(_ctx(ds, "2025-06-30"), ARTICLE_FILE).data
    assert "dated on or before 2025-06-30" in html and "<table" not in html
    html = report.published_counts_view(_ctx(ds, "2026-01-31"), ARTICLE_FILE).data
    assert "<table" in html and "99" in html
