"""Verdicts under date uncertainty, and the scorecard's evidence dates and change dates.

Expected values come from the rows of tests/fixtures/mini and data/events.csv: the India call
AFE00168 is dated 2025-05-15, Russia's Supreme Court ruling AFE00155 2025-04-17 and Dar's Kabul
visit AFE00156 2025-04-19; Russia's recognition AFE00181 is dated 2025-07-03 and Qatar's
ambassador in Kabul AFE00225 2025-11-25.
"""

from __future__ import annotations

import dataclasses

import pytest
import yaml

from helpers import claims


def with_basis(ds, **basis):
    """The dataset with a date_basis column: 'stated' except the events named."""
    ev = ds.events.assign(date_basis=ds.events["event_id"].map(basis).fillna("stated"))
    return dataclasses.replace(ds, events=ev)


def evaluate(ds, tmp_path, kind, check):
    p = tmp_path / "r.yaml"
    entry = {"id": "X", "quote": "q", "kind": kind, "check": check}
    p.write_text(
        yaml.safe_dump({"source": {"title": "t"}, "as_of": "2025-06-30", "claims": [entry]})
    )
    return claims.evaluate(ds, claims.load_registry(p)).iloc[0]


INDIA_CALL = {
    "filter": {"event_type": "call", "counterpart_iso3": "IND"},
    "claimed_date": "2025-05-16",
}
DAR_AFTER_RULING = {
    "a": {"event_type": "designation", "counterpart_iso3": "RUS"},
    "b": {"direction": "inbound", "counterpart_iso3": "PAK", "start": "2025-01-01"},
    "claimed_days": [2, 2],
}


def test_the_rules_table():
    assert claims.DATE_RANGE == {
        "stated": (0, 0),
        "weekday": (0, 0),
        "window": (0, 0),
        "dateline": (-2, 0),
        "publication": (-2, 0),
        "inferred": (-3, 3),
    }


def test_no_column_means_stated(mini, tmp_path):
    r = evaluate(mini, tmp_path, "date", INDIA_CALL)
    assert (r["verdict"], r["uncertain"], r["date_note"]) == ("contradicted", False, "")


def test_an_inferred_day_that_could_be_the_claimed_one(mini, tmp_path):
    r = evaluate(with_basis(mini, AFE00168="inferred"), tmp_path, "date", INDIA_CALL)
    assert r["verdict"] == "contradicted" and r["uncertain"]  # kept, but qualified
    assert r["date_note"] == (
        "Depends on the date: AFE00168 is dated 2025-05-15 from its inferred date, so it may "
        "have happened on any day from 2025-05-12 to 2025-05-18: the verdict would be supported "
        "if on 2025-05-16."
    )
    assert r["date_note"] in r["explanation"]


def test_a_publication_day_only_moves_earlier(mini, tmp_path):
    # 2025-05-13 .. 2025-05-15 never reaches the claimed 16 May: the verdict holds throughout
    r = evaluate(with_basis(mini, AFE00168="publication"), tmp_path, "date", INDIA_CALL)
    assert (r["verdict"], r["uncertain"]) == ("contradicted", False)


def test_an_interval_that_rests_on_a_dateline(mini, tmp_path):
    r = evaluate(with_basis(mini, AFE00156="dateline"), tmp_path, "interval", DAR_AFTER_RULING)
    assert (r["verdict"], r["computed"], r["uncertain"]) == ("supported", "2 days", True)
    assert "AFE00156 is dated 2025-04-19 from its dateline date" in r["date_note"]
    assert "contradicted if on 2025-04-17, 2025-04-18" in r["date_note"]


def test_a_filter_window_still_names_the_moved_event(mini, tmp_path):
    """``b`` finds Dar's visit by its recorded day; moving the day must not lose the event."""
    check = {**DAR_AFTER_RULING, "b": {**DAR_AFTER_RULING["b"], "start": "2025-04-19"}}
    r = evaluate(with_basis(mini, AFE00156="dateline"), tmp_path, "interval", check)
    assert (r["verdict"], r["uncertain"]) == ("supported", True)
    assert r["date_note"].endswith(
        "the verdict would be contradicted if on 2025-04-17, 2025-04-18."
    )


def test_a_stated_basis_or_a_weekday_is_certain(mini, tmp_path):
    d = with_basis(mini, AFE00155="weekday", AFE00156="stated")
    r = evaluate(d, tmp_path, "interval", DAR_AFTER_RULING)
    assert (r["verdict"], r["uncertain"]) == ("supported", False)


def test_sequence_under_uncertainty(mini, tmp_path):
    check = {
        "class": {"trip_stops": True, "host_iso3": "ARE", "persons": "sirajuddin-haqqani"},
        "target": {"month": "2025-01"},
        "claimed_rank": 2,
        "previous_month": "2024-06",
    }
    assert not evaluate(mini, tmp_path, "sequence", check)["uncertain"]
    # Haqqani's previous UAE stop is dated 2024-06-04 (AFE00103): three days earlier is still June
    r = evaluate(with_basis(mini, AFE00103="inferred"), tmp_path, "sequence", check)
    assert (r["verdict"], r["uncertain"]) == ("supported", False)
    assert r["evidence"] == ["AFE00137", "AFE00103"]  # the shifted event is the evidence


@pytest.fixture(scope="module")
def card(article_scorecard):
    return article_scorecard.set_index(["claim_id", "reading"])


def test_scorecard_evidence_dates_with_basis(card):
    row = card.loc[("P03-pakistan-upgrade-last-month", "")]
    assert row["evidence_dates"] == ["AFE00172 2025-05-30 (weekday)"]


def test_scorecard_names_the_date_and_event_that_changed_a_verdict(card):
    row = card.loc[("P02-no-recognition", "")]
    assert (row["verdict"], row["verdict_today"]) == ("supported", "contradicted")
    assert (row["changed_on"], row["changed_by"]) == ("2025-07-03", ["AFE00181"])
    row = card.loc[("P03-four-ambassadors", "foreign ambassadors posted in Kabul")]
    assert (row["changed_on"], row["changed_by"]) == ("2025-11-25", ["AFE00225"])
    unchanged = card[~card["changed"]]
    assert (unchanged["changed_on"] == "").all()
