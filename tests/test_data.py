"""The real dataset validates, the loader types it, and each kind of defect is reported precisely."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers import data
from helpers.cli import main
from helpers.paths import DATA_DIR

from .conftest import FIXTURES, MINI


def test_real_dataset_validates(ds):
    problems, _, _ = data.validate()
    assert problems == []
    assert (len(ds.events), len(ds.sources)) == (372, 869)  # dataset 0.4.0 (data/CHANGELOG.md)
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
    assert sorted(pre["event_id"]) == ["AFE00001", "AFE00002"]  # Kyoto 2012, Zarif in Kabul 2017
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
    assert (
        listed["un_source"] == "un/consolidated-2026-05-08-taliban.xml#" + listed["un_ref"]
    ).all()


EXPECTED = {
    # case: (file, row, column, message fragment)
    "bad_date": ("events.csv", 3, "start_date", "not a real calendar date"),
    "unknown_iso": ("events.csv", 3, "counterpart_iso3", "not an ISO 3166-1 alpha-3 code"),
    "duplicate_id": ("events.csv", 4, "event_id", "is a duplicate"),
    "unknown_person": ("events.csv", 3, "lead_person_id", "not a known persons.person_id"),
    "event_without_source": ("events.csv", 3, "event_id", "has no row in sources.csv"),
    "end_before_start": ("events.csv", 3, "end_date", "is before start_date"),
    "too_many_columns": ("events.csv", 3, "column 24", "row has 24 fields"),
    "open_quote": ("events.csv", 3, "summary", "quoted field left open"),
    "non_utf8": ("events.csv", 3, "event_type", "is not UTF-8"),
    "bom": ("events.csv", 1, "event_id", "byte-order mark"),
    "month_with_day": ("events.csv", 3, "start_date", "does not fit date_precision"),
    "url_not_http": ("sources.csv", 3, "url", "does not match"),
    "empty_quote": ("sources.csv", 3, "quote", "is required but empty"),
    # the descriptor: line and key in datapackage.json
    "no_resources": ("datapackage.json", 1, "resources", "must list the data files"),
    "invalid_json": ("datapackage.json", 6, "character 22", "not valid JSON"),
    "citation_braces": ("datapackage.json", 29, "x_citation", "only as the placeholder {version}"),
    # an empty dataset, and one with nothing that happened
    "header_only": ("events.csv", 1, "event_id", "no data rows"),
    "no_occurred": ("events.csv", 1, "status", "no event has status 'occurred'"),
    # hostile or impossible values
    "nul_byte": ("events.csv", 3, "summary", "NUL byte"),
    "source_bad_date": ("sources.csv", 3, "published", "not a real calendar date"),
    "role_end_before_start": ("person_roles.csv", 3, "valid_to", "is before valid_from"),
    "trip_span": ("events.csv", 15, "trip_id", "span 735 days"),
    "future_event": ("events.csv", 3, "start_date", "is after today"),
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
    before = {f.name: f.read_bytes() for f in d.iterdir() if f.is_file()}
    problems, _, _ = data.validate(d)
    file, row, column, fragment = EXPECTED[case]
    assert any(
        p.file == file and p.row == row and p.column == column and fragment in p.message
        for p in problems
    ), [str(p) for p in problems]
    with pytest.raises(data.DataError):
        data.load(d)
    assert {f.name: f.read_bytes() for f in d.iterdir() if f.is_file()} == before, (
        "validation never rewrites files"
    )


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_cli_validate_exit_status(tmp_path, capsys, case):
    d = _bad_copy(tmp_path, case)
    status = main(["validate", "--data-dir", str(d)])
    out = capsys.readouterr()
    file, row, column, _ = EXPECTED[case]
    assert status == 1
    assert f"{file}:{row}: {column}:" in out.out
    assert "Traceback" not in out.out + out.err


def test_cli_validate_clean_prints_counts(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "events" in out and "valid" in out


def test_header_only_sources_is_refused(tmp_path):
    """Sources alone emptied: every event is named as unsourced, and the file as empty."""
    d = tmp_path / "d"
    shutil.copytree(MINI, d)
    shutil.copy(FIXTURES / "bad" / "header_only" / "sources.csv", d / "sources.csv")
    problems, _, _ = data.validate(d)
    assert ("sources.csv", 1, "event_id") in {(p.file, p.row, p.column) for p in problems}
    assert sum("has no row in sources.csv" in p.message for p in problems) == 17


def test_events_folder_is_named(tmp_path, capsys):
    d = tmp_path / "d"
    shutil.copytree(MINI, d)
    (d / "events.csv").unlink()
    (d / "events.csv").mkdir()
    problems, _, _ = data.validate(d)
    assert [(p.file, p.row, p.column) for p in problems] == [("events.csv", 1, "-")]
    assert "is a folder" in problems[0].message
    assert main(["validate", "--data-dir", str(d)]) == 1
    assert "events.csv:1: -: " in capsys.readouterr().out


def test_unreadable_file_is_named(tmp_path, monkeypatch, capsys):
    d = tmp_path / "d"
    shutil.copytree(MINI, d)
    target = d / "sources.csv"
    target.chmod(0)
    if os.access(target, os.R_OK):  # root reads anything: simulate the refusal instead
        real = Path.read_bytes

        def read_bytes(self: Path) -> bytes:
            if self == target:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)
    try:
        problems, _, _ = data.validate(d)
        assert [(p.file, p.row, p.column) for p in problems] == [("sources.csv", 1, "-")]
        assert "cannot be read: Permission denied" in problems[0].message
        assert main(["validate", "--data-dir", str(d)]) == 1
        assert "Traceback" not in capsys.readouterr().err
        with pytest.raises(data.DataError):
            data.dataset_sha256(d)
    finally:
        target.chmod(0o644)


def test_descriptor_problems_reach_every_reader(tmp_path):
    """data_files and dataset_sha256 (used by the build) refuse a broken descriptor cleanly."""
    d = _bad_copy(tmp_path, "no_resources")
    for fn in (data.data_files, data.dataset_sha256):
        with pytest.raises(data.DataError) as exc:
            fn(d)
        assert exc.value.problems[0].column == "resources"


@pytest.mark.parametrize(
    "path", ["../events.csv", "/etc/passwd", "sub/events.csv", "..\\events.csv"]
)
def test_resource_path_stays_in_the_data_folder(tmp_path, path):
    import json

    d = tmp_path / "d"
    shutil.copytree(MINI, d)
    desc = json.loads((d / "datapackage.json").read_text())
    desc["resources"][0]["path"] = path
    (d / "datapackage.json").write_text(json.dumps(desc, indent=2))
    problems, _, _ = data.validate(d)
    assert [p.column for p in problems] == ["resources[0].path"]


def test_trip_span_limit_is_60_days(tmp_path):
    """61 days from first start to last end is refused; 60 is a (long) journey."""
    import csv

    for last, refused in (("2025-07-16", False), ("2025-07-17", True)):
        d = tmp_path / last
        shutil.copytree(MINI, d)
        rows = list(csv.DictReader((d / "events.csv").open(encoding="utf-8", newline="")))
        for r in rows:  # TRP0056: AFE00169 starts 2025-05-17; move the second stop's day
            if r["event_id"] == "AFE00171":
                r["start_date"] = last
        with (d / "events.csv").open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        problems, _, _ = data.validate(d)
        assert any(p.column == "trip_id" for p in problems) == refused, problems


def test_future_is_relative_to_today(tmp_path):
    d = _bad_copy(tmp_path, "future_event")
    problems, _, _ = data.validate(d, today=pd.Timestamp("2099-02-22"))
    assert problems == []


def test_citation_is_filled_without_str_format(mini):
    assert mini.citation.endswith("version 0.1.0. CC BY 4.0.")
    desc = {"x_citation": "A {version} {0} {version.__class__}"}
    assert data.citation_text(desc, "1.0") == "A 1.0 {0} {version.__class__}"


def test_missing_file_is_named(tmp_path):
    d = tmp_path / "d"
    shutil.copytree(MINI, d)
    (d / "persons.csv").unlink()
    problems, _, _ = data.validate(d)
    assert any(p.file == "persons.csv" and "missing" in p.message for p in problems)


def test_cli_claims_bad_yaml_exits_1_without_traceback(capsys):
    bad = FIXTURES / "bad" / "claims_yaml_syntax" / "claims.yaml"
    assert main(["claims", "--source", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "claims.yaml:2: YAML syntax error" in err and "Traceback" not in err


def test_cli_claims_json(tmp_path):
    out = tmp_path / "c.json"
    assert main(["claims", "--json", str(out)]) == 0
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


def test_cli_claims_bad_as_of(capsys):
    assert main(["claims", "--as-of", "2025-13-01"]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_resident_meetings_are_engagements_not_trips(ds):
    """A meeting with an official posted abroad (the Doha political office) is not a journey."""
    from helpers import firsts

    res = ds.events[ds.events["direction"] == "resident"]
    assert len(res) >= 4
    assert not res["is_trip_stop"].any() and (res["trip_id"].fillna("") == "").all()
    assert set(res["event_id"]) <= set(firsts.engagements(ds.events)["event_id"])


def test_validation_is_memoized_by_content_not_by_path(tmp_path):
    """Validating the same bytes twice gives the same answer as independent copies; an edit
    (even one that keeps the file's size and modification time) is validated afresh."""
    d = tmp_path / "data"
    shutil.copytree(MINI, d)
    problems, tables, _ = data.validate(d)
    assert problems == []
    tables["events"].loc[:, "summary"] = "changed by a caller"
    again, tables2, _ = data.validate(d)
    assert again == [] and "changed by a caller" not in set(tables2["events"]["summary"])
    ev = d / "events.csv"
    st = ev.stat()
    text = ev.read_text(encoding="utf-8")
    first = text.splitlines()[1].split(",")[0]  # the first event id
    ev.write_text(text.replace(first + ",", first[:-1] + "X,", 1), encoding="utf-8")
    os.utime(ev, ns=(st.st_atime_ns, st.st_mtime_ns))
    found, _, _ = data.validate(d)
    assert any(p.file == "events.csv" and p.column == "event_id" for p in found), found


def test_an_edited_un_list_is_parsed_again(tmp_path):
    from helpers import unlist

    d = tmp_path / "data"
    shutil.copytree(MINI, d)
    before = unlist.load_list(d)
    xml = d / unlist.LIST_FILE
    st = xml.stat()
    xml.write_bytes(xml.read_bytes().replace(b"CONSOLIDATED_LIST", b"OTHER_LIST"))
    os.utime(xml, ns=(st.st_atime_ns, st.st_mtime_ns))  # same time: only the bytes tell
    with pytest.raises(data.DataError, match="not a UN Consolidated List"):
        unlist.load_list(d)
    assert before.entries  # the first parse stands for the bytes it read
