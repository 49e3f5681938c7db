"""`taliban-tracker add-pass`, which adds a sourcing pass to data/: on a copy of the small fixture
it appends rows with the next free ids, keeps the result valid, lists likely duplicates before
writing anything, refuses a re-run, and leaves the data folder untouched when the result is
invalid."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from helpers import data
from helpers.cli import main

EVENT_COLS = [
    "tmp_id", "trip_tmp", "status", "start_date", "end_date", "date_precision", "date_basis",
    "event_type",
    "direction", "host_iso3", "counterpart_iso3", "city", "forum", "lead_person_id",
    "participants", "counterpart_name", "counterpart_role", "counterpart_tier", "cameo_code",
    "related_trip_tmp", "summary", "notes",
]  # fmt: skip


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, header)
        w.writeheader()
        w.writerows(rows)


def _stage(tmp_path: Path) -> Path:
    """One two-stop journey by an official already in the fixture, and one new person."""
    st = tmp_path / "staging"
    st.mkdir()
    base = dict.fromkeys(EVENT_COLS, "")
    stops = [
        dict(base, tmp_id="X001", trip_tmp="X-T01", start_date="2025-03-02", host_iso3="UZB"),
        dict(base, tmp_id="X002", trip_tmp="X-T01", start_date="2025-03-04", host_iso3="KAZ"),
    ]
    for s in stops:
        s.update(
            status="occurred", date_precision="day", date_basis="stated", event_type="visit", direction="outbound",
            counterpart_iso3=s["host_iso3"], lead_person_id="amir-khan-muttaqi",
            participants="new-deputy-minister", cameo_code="42", summary="A test journey.",
        )  # fmt: skip
    _write(st / "X_events.csv", EVENT_COLS, stops)
    _write(
        st / "X_sources.csv",
        ["tmp_id", "url", "publisher", "published", "quote"],
        [
            {"tmp_id": t, "url": f"https://example.org/{t}", "publisher": "Example",
             "published": "2025-03-05", "quote": f"quote for {t}"}
            for t in ("X001", "X002")
        ],
    )  # fmt: skip
    _write(
        st / "X_persons.csv",
        ["person_id", "name", "aliases", "role", "valid_from", "valid_to", "source_url", "quote"],
        [
            {"person_id": "new-deputy-minister", "name": "New Deputy Minister", "aliases": "",
             "role": "Deputy Minister", "valid_from": "", "valid_to": "",
             "source_url": "https://example.org/X001", "quote": "quote for X001"}
        ],
    )  # fmt: skip
    return st


def _run(staging: Path, data_dir: Path, *extra: str) -> int:
    return main(["add-pass", str(staging), "--data-dir", str(data_dir), *extra])


def _snapshot(d: Path) -> dict[str, str]:
    return {
        str(p.relative_to(d)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(d.rglob("*"))
        if p.is_file()
    }


def test_append_pass_adds_valid_rows_with_next_ids(tmp_path, mini_copy):
    before = data.load(mini_copy)
    last_event = max(int(e[3:]) for e in before.events["event_id"])
    last_trip = max(int(t[3:]) for t in before.events["trip_id"].dropna() if t)
    assert _run(_stage(tmp_path), mini_copy) == 0
    after = data.load(mini_copy)  # raises DataError if the appended rows are invalid
    new = after.events[~after.events["event_id"].isin(before.events["event_id"])]
    assert list(new["event_id"]) == [f"AFE{last_event + 1:05d}", f"AFE{last_event + 2:05d}"]
    assert set(new["trip_id"]) == {f"TRP{last_trip + 1:04d}"}
    assert set(new["cameo_code"]) == {"042"}
    assert "new-deputy-minister" in set(after.persons["person_id"])
    assert len(after.sources) == len(before.sources) + 2


def test_append_pass_refuses_a_rerun(tmp_path, mini_copy, capsys):
    staging = _stage(tmp_path)
    assert _run(staging, mini_copy) == 0
    events = (mini_copy / "events.csv").read_bytes()
    capsys.readouterr()
    assert _run(staging, mini_copy) == 1
    assert "already in sources.csv" in capsys.readouterr().err
    assert (mini_copy / "events.csv").read_bytes() == events


def test_columns_come_from_the_datapackage(tmp_path, mini_copy):
    """Rows are written in the descriptor's column order, whatever the staging file's order."""
    assert _run(_stage(tmp_path), mini_copy) == 0
    with (mini_copy / "events.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    new = rows[-2:]
    assert [r["host_iso3"] for r in new] == ["UZB", "KAZ"]
    assert [r["start_date"] for r in new] == ["2025-03-02", "2025-03-04"]
    assert all(r["direction"] == "outbound" and r["cameo_code"] == "042" for r in new)


def test_likely_duplicate_is_listed_and_nothing_written_without_yes(tmp_path, mini_copy, capsys):
    """AFE00146 in the fixture: Muttaqi in Oman (OMN) on 2025-03-09; a staged stop on
    2025-03-11 in OMN led by Muttaqi is a likely duplicate."""
    st = _stage(tmp_path)
    rows = list(csv.DictReader((st / "X_events.csv").open(encoding="utf-8", newline="")))
    rows[0].update(start_date="2025-03-11", host_iso3="OMN", counterpart_iso3="OMN")
    _write(st / "X_events.csv", EVENT_COLS, rows)
    before = _snapshot(mini_copy)
    n_before = len(data.load(mini_copy).events)
    assert _run(st, mini_copy) == 1
    out = capsys.readouterr()
    assert "X001 (2025-03-11 OMN) may repeat AFE00146 (2025-03-09 OMN" in out.out, out.out
    assert "amir-khan-muttaqi" in out.out and "--yes" in out.err
    assert _snapshot(mini_copy) == before
    assert _run(st, mini_copy, "--yes") == 0
    assert len(data.load(mini_copy).events) == n_before + 2


def test_an_invalid_result_leaves_the_data_folder_untouched(tmp_path, mini_copy, capsys):
    st = _stage(tmp_path)
    rows = list(csv.DictReader((st / "X_events.csv").open(encoding="utf-8", newline="")))
    rows[1]["host_iso3"] = "XXX"  # not a country the dataset knows
    _write(st / "X_events.csv", EVENT_COLS, rows)
    before = _snapshot(mini_copy)
    assert _run(st, mini_copy) == 1
    err = capsys.readouterr().err
    assert "events.csv" in err and "Traceback" not in err
    assert _snapshot(mini_copy) == before
    assert not [p for p in mini_copy.parent.iterdir() if p.name.endswith(".tmp")]
