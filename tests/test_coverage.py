"""Coverage figures reported in the dataset's closing notes and README: a later edit that drops
rows fails here loudly (adding rows means updating these figures on purpose)."""

from __future__ import annotations

import pandas as pd

from helpers import counting

ROWS_BY_YEAR = {
    "baseline": 2,
    "2021": 28,
    "2022": 31,
    "2023": 32,
    "2024": 39,
    "2025": 119,
    "2026": 11,
}
TRIPS_2025 = {"trips": 44, "country_visits": 47, "distinct_countries": 15, "person_trips": 67}


def _year(ev: pd.DataFrame) -> pd.Series:
    return ev["start"].dt.year.astype(str).where(~ev["pre_takeover"], "baseline")


def test_rows_by_year_at_least_reported(ds):
    got = _year(ds.events).value_counts().to_dict()
    for year, n in ROWS_BY_YEAR.items():
        assert got.get(year, 0) >= n, f"{year}: {got.get(year, 0)} rows, the notes report {n}"


def test_every_event_type_is_present(ds):
    assert set(ds.events["event_type"].astype(str)) == {
        "visit",
        "call",
        "multilateral",
        "third_country_meeting",
        "representation",
        "recognition",
        "designation",
        "sanctions_exemption",
    }


def test_2025_outbound_trips_at_least_reported(ds):
    ev = ds.events
    stops = counting.trip_stops(ev[ev["start"].dt.year == 2025])
    h = counting.headline(stops)
    for k, n in TRIPS_2025.items():
        assert h[k] >= n, f"2025 {k}: {h[k]}, the notes report {n}"


def test_version_and_changelog_agree(ds):
    from helpers.paths import DATA_DIR

    assert f"## {ds.version} " in (DATA_DIR / "CHANGELOG.md").read_text(encoding="utf-8")
