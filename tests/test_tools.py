"""tools/append_pass.py, the script that adds a sourcing pass to data/: on a copy of the small
fixture it appends rows with the next free ids, keeps the result valid, and refuses a re-run."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from helpers import data
from helpers.paths import ROOT

TOOL = ROOT / "tools" / "append_pass.py"
EVENT_COLS = [
    "tmp_id", "trip_tmp", "status", "start_date", "end_date", "date_precision", "event_type",
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
            status="occurred", date_precision="day", event_type="visit", direction="outbound",
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


def _run(staging: Path, data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(TOOL), str(staging), "X", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_append_pass_adds_valid_rows_with_next_ids(tmp_path, mini_copy):
    before = data.load(mini_copy)
    last_event = max(int(e[3:]) for e in before.events["event_id"])
    last_trip = max(int(t[3:]) for t in before.events["trip_id"].dropna() if t)
    run = _run(_stage(tmp_path), mini_copy)
    assert run.returncode == 0, run.stderr
    after = data.load(mini_copy)  # raises DataError if the appended rows are invalid
    new = after.events[~after.events["event_id"].isin(before.events["event_id"])]
    assert list(new["event_id"]) == [f"AFE{last_event + 1:05d}", f"AFE{last_event + 2:05d}"]
    assert set(new["trip_id"]) == {f"TRP{last_trip + 1:04d}"}
    assert set(new["cameo_code"]) == {"042"}
    assert "new-deputy-minister" in set(after.persons["person_id"])
    assert len(after.sources) == len(before.sources) + 2


def test_append_pass_refuses_a_rerun(tmp_path, mini_copy):
    staging = _stage(tmp_path)
    assert _run(staging, mini_copy).returncode == 0
    events = (mini_copy / "events.csv").read_bytes()
    again = _run(staging, mini_copy)
    assert again.returncode == 1 and "already in sources.csv" in again.stderr
    assert (mini_copy / "events.csv").read_bytes() == events
