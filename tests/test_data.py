"""The real dataset validates, the loader types it, and each kind of defect is reported precisely."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers import data
from helpers.paths import DATA_DIR

from .conftest import FIXTURES, MINI


def test_real_dataset_validates(ds):
    problems, _, _ = data.validate()
    assert problems == []
    assert len(ds.events) >= 200
    # every event has at least one source with a non-empty quote and an http(s) URL
    assert set(ds.events["event_id"]) <= set(ds.sources["event_id"])
    assert ds.sources["url"].str.match(r"^https?://").all()
    assert (ds.sources["quote"].str.len() >= 10).all()


def test_frictionless_agrees_with_descriptor():
    """The descriptor is a real Frictionless package, and the library finds no error either."""
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(DATA_DIR / "datapackage.json"))
    errors = [e.message for e in report.errors] + [
        e.message for t in report.tasks for e in t.errors
    ][:5]
    assert report.valid, errors


def test_typed_columns(ds):
    ev = ds.events
    assert pd.api.types.is_datetime64_any_dtype(ev["start"])
    assert (ev["end"] >= ev["start"]).all()
    month = ev[ev["date_precision"] == "month"]
    assert (month["end"].dt.is_month_end).all(), "a month-precision event spans its whole month"
    assert ev.loc[ev["start"] < data.TAKEOVER, "pre_takeover"].all()
    assert not ev.loc[ev["start"] >= data.TAKEOVER, "pre_takeover"].any()


def test_baselines_are_marked_and_excluded(ds):
    from helpers import counting

    pre = ds.events[ds.events["pre_takeover"]]
    assert len(pre) >= 2  # Zarif 2017 (Iran), Kyoto 2012 (Japan)
    stops = counting.trip_stops(ds.events)
    assert not stops["event_id"].isin(pre["event_id"]).any()


def test_trip_stops_share_trip_ids_in_date_order(ds):
    stops = ds.events[ds.events["trip_id"] != ""].sort_values(["trip_id", "event_id"])
    assert (stops.groupby("trip_id")["start"].apply(lambda s: s.is_monotonic_increasing)).all()
    multi = stops.groupby("trip_id").size()
    assert (multi > 1).any(), "at least one multi-stop journey is recorded"


def test_only_occurred_counts(ds):
    assert set(ds.events["status"]) >= {"occurred", "cancelled"}
    assert (ds.events["counts"] == (ds.events["status"] == "occurred")).all()


def test_persons_un_refs(ds):
    p = ds.persons.set_index("person_id")
    assert p.loc["amir-khan-muttaqi", "un_ref"] == "TAi.026"
    listed = p[p["un_listed"]]
    assert (p.loc[p["un_ref"] != "", "un_listed"]).all()
    assert (listed["un_source_url"].str.match(r"^https?://")).all()


EXPECTED = {
    # case: (file, row, column, message fragment)
    "bad_date": ("events.csv", 3, "start_date", "not a real calendar date"),
    "unknown_iso": ("events.csv", 3, "counterpart_iso3", "not an ISO 3166-1 alpha-3 code"),
    "duplicate_id": ("events.csv", 4, "event_id", "is a duplicate"),
    "unknown_person": ("events.csv", 3, "lead_person_id", "not a known persons.person_id"),
    "event_without_source": ("events.csv", 3, "event_id", "has no row in sources.csv"),
    "end_before_start": ("events.csv", 3, "end_date", "is before start_date"),
    "too_many_columns": ("events.csv", 3, "column 23", "row has 23 fields"),
    "open_quote": ("events.csv", 3, "summary", "quoted field left open"),
    "non_utf8": ("events.csv", 3, "event_type", "is not UTF-8"),
    "bom": ("events.csv", 1, "event_id", "byte-order mark"),
    "month_with_day": ("events.csv", 3, "start_date", "does not fit date_precision"),
    "url_not_http": ("sources.csv", 3, "url", "does not match"),
    "empty_quote": ("sources.csv", 3, "quote", "is required but empty"),
}


def _bad_copy(tmp_path: Path, case: str) -> Path:
    d = tmp_path / case
    shutil.copytree(MINI, d)
    for f in (FIXTURES / "bad" / case).iterdir():
        shutil.copy(f, d / f.name)
    return d


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_each_defect_is_named(tmp_path, case):
    d = _bad_copy(tmp_path, case)
    before = {f.name: f.read_bytes() for f in d.iterdir()}
    problems, _, _ = data.validate(d)
    file, row, column, fragment = EXPECTED[case]
    assert any(
        p.file == file and p.row == row and p.column == column and fragment in p.message
        for p in problems
    ), [str(p) for p in problems]
    with pytest.raises(data.DataError):
        data.load(d)
    assert {f.name: f.read_bytes() for f in d.iterdir()} == before, (
        "validation never rewrites files"
    )


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_cli_validate_exit_status(tmp_path, case):
    d = _bad_copy(tmp_path, case)
    run = subprocess.run(
        [sys.executable, "-m", "helpers.cli", "validate", "--data-dir", str(d)],
        capture_output=True,
        text=True,
    )
    file, row, column, _ = EXPECTED[case]
    assert run.returncode == 1
    assert f"{file}:{row}: {column}:" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


def test_cli_validate_clean_prints_counts():
    run = subprocess.run(
        [sys.executable, "-m", "helpers.cli", "validate"], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout
    assert "events" in run.stdout and "valid" in run.stdout


def test_missing_file_is_named(tmp_path):
    d = tmp_path / "d"
    shutil.copytree(MINI, d)
    (d / "persons.csv").unlink()
    problems, _, _ = data.validate(d)
    assert any(p.file == "persons.csv" and "missing" in p.message for p in problems)


def test_cli_claims_bad_yaml_exits_1_without_traceback():
    bad = FIXTURES / "bad" / "claims_yaml_syntax" / "claims.yaml"
    run = subprocess.run(
        [sys.executable, "-m", "helpers.cli", "claims", "--source", str(bad)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert "claims.yaml:2: YAML syntax error" in run.stderr and "Traceback" not in run.stderr


def test_cli_claims_json(tmp_path):
    out = tmp_path / "c.json"
    run = subprocess.run(
        [sys.executable, "-m", "helpers.cli", "claims", "--json", str(out)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    import json

    rows = json.loads(out.read_text())
    assert {r["registry"] for r in rows} == {
        "diplomat-2025-07-travel-diplomacy.yaml",
        "mujahid-2025-year-end-99-visits.yaml",
    }
    assert all(
        r["verdict"] in ("supported", "partly supported", "contradicted", "not in data", "opinion")
        for r in rows
    )


def test_cli_claims_bad_as_of():
    run = subprocess.run(
        [sys.executable, "-m", "helpers.cli", "claims", "--as-of", "2025-13-01"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1 and "Traceback" not in run.stderr


def test_resident_meetings_are_engagements_not_trips(ds):
    """A meeting with an official posted abroad (the Doha political office) is not a journey."""
    from helpers import firsts

    res = ds.events[ds.events["direction"] == "resident"]
    assert len(res) >= 4
    assert not res["is_trip_stop"].any() and (res["trip_id"].fillna("") == "").all()
    assert set(res["event_id"]) <= set(firsts.engagements(ds.events)["event_id"])
