"""Data facts of dataset 0.4.0: date provenance, the corrections it made, the consistency
allow-list and reader-facing notes. Expected values are written by hand from the data and its
sources (see data/CHANGELOG.md, 0.4.0), never computed by the code under test."""

from __future__ import annotations

import re

import yaml

from helpers.paths import DATA_DIR

BASES = {"stated", "weekday", "dateline", "publication", "inferred", "window"}
RULES = {
    "uncovered_trip",
    "window_mismatch",
    "host_city",
    "sources_predate",
    "two_places",
    "stop_order",
}


def test_every_event_says_how_its_day_is_known(ds):
    ev = ds.events
    assert set(ev["date_basis"]) <= BASES
    counts = ev["date_basis"].value_counts().to_dict()
    assert counts == {
        "stated": 158,
        "weekday": 112,
        "publication": 39,
        "inferred": 40,
        "window": 18,
        "dateline": 5,
    }


def test_dateline_rows(ds):
    ev = ds.events
    assert sorted(ev.loc[ev["date_basis"] == "dateline", "event_id"]) == [
        "AFE00146",
        "AFE00160",
        "AFE00162",
        "AFE00228",
        "AFE00315",
    ]


def test_exemption_windows_have_basis_window(ds):
    """Rows whose dates are an exemption's validity window (e.g. 28 Dec 2024-7 Jan 2025)."""
    ev = ds.events.set_index("event_id")
    for eid in ("AFE00009", "AFE00029", "AFE00132", "AFE00138", "AFE00208", "AFE00297"):
        assert ev.at[eid, "date_basis"] == "window", eid
    # dated by the day of a decision, not a window
    assert ev.at["AFE00047", "date_basis"] == "weekday"
    assert ev.at["AFE00104", "date_basis"] == "stated"


def test_corrections_of_040(ds):
    ev = ds.events.set_index("event_id")
    # Sharaee left Kabul for the St Petersburg legal forum on Saturday 17 May 2025
    assert ev.at["AFE00305", "start_date"] == "2025-05-17"
    assert ev.at["AFE00305", "end_date"] == "2025-05-21"
    # Russia's acceptance of the Taliban nominee concerns the embassy in Moscow
    assert (ev.at["AFE00308", "host_iso3"], ev.at["AFE00308", "city"]) == ("RUS", "Moscow")
    # Gul Hassan Hassan was in Moscow on 3 July 2025 (AFE00182), not at the Kabul meeting
    assert ev.at["AFE00181", "participants"] == ""
    assert ev.at["AFE00182", "lead_person_id"] == "gul-hassan-hassan"
    src = ds.sources
    assert "kabulnow.com/2025/06/russia-officially-accepts" in " ".join(
        src.loc[src["event_id"] == "AFE00308", "url"]
    )


def test_dates_found_by_the_040_sweep(ds):
    """Days a page states (or a weekday resolves), replacing publication, dateline or inferred
    days; see data/CHANGELOG.md 0.4.0 for the sources."""
    ev = ds.events.set_index("event_id")
    expected = {
        "AFE00014": ("2021-10-09", "stated"),  # talks held on October 9 and 10
        "AFE00159": ("2025-04-27", "weekday"),  # Prakash met Muttaqi on Sunday
        "AFE00170": ("2025-05-18", "weekday"),  # Badri arrived in Tehran last night
        "AFE00240": ("2026-02-28", "stated"),  # Uzbek MFA: On February 28
        "AFE00298": ("2025-04-27", "window"),  # exemption: 27 April to 4 May 2025
    }
    for eid, (start, basis) in expected.items():
        assert (ev.at[eid, "start_date"], ev.at[eid, "date_basis"]) == (start, basis), eid
    assert ev.at["AFE00298", "end_date"] == "2025-05-04"


def test_allow_list_entries_are_well_formed(ds):
    entries = yaml.safe_load((DATA_DIR / "validation-allow.yaml").read_text(encoding="utf-8"))
    ids = set(ds.events["event_id"])
    seen = set()
    for e in entries:
        assert set(e) == {"rule", "event_id", "reason"}, e
        assert e["rule"] in RULES, e
        assert e["event_id"] in ids, e
        assert len(e["reason"]) > 30, e
        assert (e["rule"], e["event_id"]) not in seen, e
        seen.add((e["rule"], e["event_id"]))
    by_rule = {r: sum(1 for e in entries if e["rule"] == r) for r in RULES}
    assert by_rule == {
        # 0.4.0 after the UN-list re-check: 10 uncovered_trip entries fell away (Yaqoob is not
        # listed; matching by host country and date overlap covers others), 5 were added
        # (AFE00101, 00169, 00170, 00304, 00342); AFE00143's month-precision trip; AFE00219
        "uncovered_trip": 49,
        "window_mismatch": 7,
        "sources_predate": 6,
        "stop_order": 2,
        "host_city": 0,
        "two_places": 0,
    }
    # the two known window findings are left with their reasons, not hidden
    assert ("window_mismatch", "AFE00132") in seen
    assert ("window_mismatch", "AFE00074") in seen


WORKING_WORDS = re.compile(
    r"\bagents?\b|\bhelpers?\b|\bremit\b|\bmerg(?:e|er|ing)\b|\bstaging\b|existing_events"
    r"|_events\.csv|\bpass[- ]?\d+ (?:agent|helper)|\b[A-Z]-T\d\d\b|\b[A-Z]\d{3}\b",
    re.IGNORECASE,
)


def test_notes_carry_no_working_words(ds):
    for col in ("notes", "summary"):
        bad = ds.events.loc[ds.events[col].str.contains(WORKING_WORDS), "event_id"].tolist()
        assert bad == [], (col, bad)


def test_sourcing_files_are_named_by_pass_and_theme():
    names = sorted(p.name for p in (DATA_DIR / "sourcing").glob("*.md"))
    assert len(names) == 29
    assert all(re.fullmatch(r"pass[1-7]-[a-z0-9-]+\.md", n) for n in names), names
    assert not [n for n in names if "agent" in n or "helper" in n]
    for p in (DATA_DIR / "sourcing").glob("*.md"):
        text = p.read_text(encoding="utf-8")
        assert not re.search(r"\b(agents?|helpers?)\b", text, re.IGNORECASE), p.name
