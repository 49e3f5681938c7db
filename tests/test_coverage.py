"""Coverage figures reported in the dataset's closing notes and README, compared exactly: a later
edit that adds or drops rows fails here loudly (update these figures on purpose)."""

from __future__ import annotations

from helpers import coverage

ROWS_BY_YEAR = {
    "baseline": 2,
    "2021": 33,
    "2022": 41,
    "2023": 41,
    "2024": 65,
    "2025": 172,
    "2026": 18,
}
TRIPS_2025 = {"trips": 71, "country_visits": 74, "distinct_countries": 17, "person_trips": 97}


def test_rows_by_year_as_reported(ds):
    assert coverage.rows_by_year(ds.events) == ROWS_BY_YEAR


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


def test_2025_outbound_trips_as_reported(ds):
    got = coverage.trips_by_year(ds.events).loc[2025]
    assert {k: int(got[k]) for k in TRIPS_2025} == TRIPS_2025


def test_version_and_changelog_agree(ds):
    from helpers.paths import DATA_DIR

    assert f"## {ds.version} " in (DATA_DIR / "CHANGELOG.md").read_text(encoding="utf-8")


def test_coverage_figures_agree_with_each_other(ds):
    table = coverage.year_type_table(ds.events)
    assert table.loc["all", "all"] == len(ds.events)
    assert {y: table.loc[y, "all"] for y in coverage.rows_by_year(ds.events)} == (
        coverage.rows_by_year(ds.events)
    )
    assert sum(coverage.rows_by_month(ds.events, 2025).values()) == table.loc["2025", "all"]
    assert coverage.rows_by_type(ds.events) == {
        c: int(table.loc["all", c]) for c in table.columns if c != "all"
    }


def test_trips_by_year_on_a_fixture(mini):
    """Counted by hand from tests/fixtures/mini/events.csv: 2024 has one stop (TRP0039, ARE,
    Sirajuddin Haqqani with Abdul Haq Wasiq); 2025 has TRP0046 (SAU, ARE), TRP0047 (ARE twice),
    TRP0051 (OMN) and TRP0056 (IRN, CHN): 4 trips, 6 trip x country pairs, 5 countries, and
    2 + 1 + 1 + 1 person-trips. Inbound visits, calls and status rows are not trips."""
    got = coverage.trips_by_year(mini.events)
    assert {y: {k: int(v) for k, v in row.items()} for y, row in got.iterrows()} == {
        2024: {"trips": 1, "country_visits": 1, "distinct_countries": 1, "person_trips": 2},
        2025: {"trips": 4, "country_visits": 6, "distinct_countries": 5, "person_trips": 5},
    }


def test_cli_coverage_prints_the_tables(capsys):
    from helpers.cli import main

    assert main(["coverage", "--year", "2025"]) == 0
    out = capsys.readouterr().out
    assert "Rows by year and event type" in out
    assert "2025-12" in out and "person_trips" in out
