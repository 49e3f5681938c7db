"""Coverage figures reported in the dataset's closing notes and README: a later edit that drops
rows fails here loudly (adding rows means updating these figures on purpose)."""

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


def test_rows_by_year_at_least_reported(ds):
    got = coverage.rows_by_year(ds.events)
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
    got = coverage.trips_by_year(ds.events).loc[2025]
    for k, n in TRIPS_2025.items():
        assert got[k] >= n, f"2025 {k}: {got[k]}, the notes report {n}"


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
    """On the small fixture the per-year counts are those of counting.headline on that year."""
    from helpers import counting

    got = coverage.trips_by_year(mini.events)
    for year, row in got.iterrows():
        stops = counting.trip_stops(mini.events[mini.events["start"].dt.year == year])
        assert row.to_dict() == {k: counting.headline(stops)[k] for k in row.index}
    assert "baseline" not in got.index


def test_cli_coverage_prints_the_tables():
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-m", "helpers.cli", "coverage", "--year", "2025"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "Rows by year and event type" in run.stdout
    assert "2025-12" in run.stdout and "person_trips" in run.stdout
