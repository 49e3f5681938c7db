"""Engine unit tests on the small fixture dataset (real rows), one or more per claim kind."""

from __future__ import annotations

import re

import pandas as pd
import pytest
import yaml

from helpers import claims, counting


def reg(tmp_path, entries, as_of="2025-06-30"):
    p = tmp_path / "r.yaml"
    p.write_text(
        yaml.safe_dump({"source": {"title": "t"}, "as_of": as_of, "claims": entries}),
        encoding="utf-8",
    )
    return claims.load_registry(p)


def one(ds, tmp_path, entry, as_of="2025-06-30"):
    r = reg(tmp_path, [{"id": "X", "quote": "q", **entry}], as_of)
    assert r.problems == []
    return claims.evaluate(ds, r).to_dict(orient="records")


def test_count_trips_multi_stop(mini, tmp_path):
    # Muttaqi's 8 January 2025 journey has two stops in the UAE (one trip, one country visit)
    res = one(
        mini,
        tmp_path,
        {
            "kind": "count",
            "check": {
                "filter": {"trip_stops": True, "persons": "amir-khan-muttaqi", "month": "2025-01"},
                "measure": "trips",
                "claimed": 1,
            },
        },
    )
    assert res[0]["verdict"] == "supported" and res[0]["computed"] == "1"
    res = one(
        mini,
        tmp_path,
        {
            "kind": "count",
            "check": {
                "filter": {
                    "trip_stops": True,
                    "persons": "amir-khan-muttaqi",
                    "start": "2025-05-01",
                    "end": "2025-05-31",
                },
                "measure": "country_visits",
                "claimed": 2,
            },
        },
    )
    assert res[0]["computed"] == "2"  # Tehran then Beijing, one trip


def test_headline_counts(mini):
    stops = counting.trip_stops(mini.events)
    h = counting.headline(stops)
    assert h["trips"] == stops["trip_id"].nunique()
    assert h["country_visits"] == len(stops.drop_duplicates(["trip_id", "host_iso3"]))
    assert h["person_trips"] >= h["trips"]
    assert h["trips_excl_forum_only"] <= h["trips"]


def test_month_precision_as_of(mini):
    # Haqqani's Saudi stop is known only as January-February 2025: it counts once February is over
    ev = mini.events
    saudi = ev[(ev["host_iso3"] == "SAU") & (ev["date_precision"] == "month")]
    assert len(saudi) == 1
    assert saudi.iloc[0]["end_date"] == "2025-02"
    assert saudi.iloc[0]["event_id"] not in set(counting.as_of(ev, "2025-02-27")["event_id"])
    assert saudi.iloc[0]["event_id"] in set(counting.as_of(ev, "2025-02-28")["event_id"])


def test_date_month_precision_vs_day_claim(mini, tmp_path):
    res = one(
        mini,
        tmp_path,
        {
            "kind": "date",
            "check": {
                "filter": {"trip_stops": True, "host_iso3": "SAU"},
                "claimed_date": "2025-01-25",
            },
        },
    )
    assert res[0]["verdict"] == "partly supported"  # the data only knows the month


def test_date_contradicted_gives_supported_date(mini, tmp_path):
    res = one(
        mini,
        tmp_path,
        {
            "kind": "date",
            "check": {
                "filter": {"event_type": "call", "counterpart_iso3": "IND"},
                "claimed_date": "2025-05-16",
            },
        },
    )
    assert res[0]["verdict"] == "contradicted" and res[0]["computed"] == "2025-05-15"


def test_first_kinds(mini, tmp_path):
    base = {
        "class": {"direction": "inbound", "counterpart_iso3": "IRN"},
        "target": {"month": "2025-01"},
    }
    ever = one(mini, tmp_path, {"kind": "first", "check": {**base, "mode": "ever"}})[0]
    assert ever["verdict"] == "contradicted" and "AFE00002" in ever["evidence"]  # Zarif 2017
    since = one(mini, tmp_path, {"kind": "first", "check": {**base, "mode": "since_takeover"}})[0]
    assert since["verdict"] == "supported"
    gap = one(mini, tmp_path, {"kind": "first", "check": {**base, "previous_gap_years": [7, 8]}})[0]
    assert gap["verdict"] == "supported" and "7.7 years" in gap["computed"]
    tier = one(
        mini,
        tmp_path,
        {
            "kind": "first",
            "check": {
                "class": {"counterpart_iso3": "IND", "counterpart_tier": ["minister"]},
                "target": {"month": "2025-05"},
                "mode": "since_takeover",
            },
        },
    )[0]
    assert tier["verdict"] == "supported"


def test_interval(mini, tmp_path):
    res = one(
        mini,
        tmp_path,
        {
            "kind": "interval",
            "check": {
                "a": {"event_type": "designation", "counterpart_iso3": "RUS"},
                "b": {"direction": "inbound", "counterpart_iso3": "PAK", "start": "2025-01-01"},
                "claimed_days": [2, 2],
            },
        },
    )[0]
    assert res["verdict"] == "supported" and res["computed"] == "2 days"


def test_sequence(mini, tmp_path):
    res = one(
        mini,
        tmp_path,
        {
            "kind": "sequence",
            "check": {
                "class": {"trip_stops": True, "host_iso3": "ARE", "persons": "sirajuddin-haqqani"},
                "target": {"month": "2025-01"},
                "claimed_rank": 2,
                "previous_month": "2024-06",
            },
        },
    )[0]
    assert res["verdict"] == "supported"
    res = one(
        mini,
        tmp_path,
        {
            "kind": "sequence",
            "check": {
                "class": {"trip_stops": True, "host_iso3": "ARE", "persons": "sirajuddin-haqqani"},
                "target": {"month": "2025-01"},
                "claimed_rank": 3,
            },
        },
    )[0]
    assert res["verdict"] == "contradicted"


def test_scope_transcontinental(ds, tmp_path):
    m49 = one(
        ds,
        tmp_path,
        {
            "kind": "scope",
            "check": {
                "filter": {"start": "2025-01-01"},
                "regions": ["Asia"],
                "claimed_exceptions": ["RUS"],
            },
        },
    )[0]
    strict = one(
        ds,
        tmp_path,
        {
            "kind": "scope",
            "check": {
                "filter": {"start": "2025-01-01"},
                "regions": ["Asia"],
                "claimed_exceptions": ["RUS"],
                "transcontinental_outside": True,
            },
        },
    )[0]
    assert m49["verdict"] == "supported"
    assert "TUR" in strict["computed"] and strict["verdict"] != "supported"


def test_membership(mini, tmp_path):
    res = one(
        mini,
        tmp_path,
        {
            "kind": "membership",
            "check": {
                "filter": {"trip_stops": True, "start": "2025-01-01"},
                "claimed_members": ["IRN", "CHN", "PAK"],
            },
        },
    )[0]
    assert res["verdict"] == "partly supported" and "PAK" in res["explanation"]


def test_status(mini, tmp_path):
    res = one(
        mini, tmp_path, {"kind": "status", "check": {"persons_listed": ["amir-khan-muttaqi"]}}
    )[0]
    assert res["verdict"] == "supported" and "TAi.026" in res["computed"]
    res = one(
        mini, tmp_path, {"kind": "status", "check": {"filter": {"event_type": "recognition"}}}
    )[0]
    assert res["verdict"] == "not in data"  # the recognition (3 July 2025) is after the as-of date


def test_cancelled_trips_never_count(ds):
    cancelled = ds.events[
        (ds.events["status"] == "cancelled") & ds.events["direction"].eq("outbound")
    ]
    assert len(cancelled) >= 1
    assert not counting.trip_stops(ds.events)["event_id"].isin(cancelled["event_id"]).any()


def test_as_of_before_any_event(ds, tmp_path):
    res = one(
        ds,
        tmp_path,
        {
            "kind": "count",
            "check": {"filter": {"trip_stops": True}, "measure": "trips", "claimed": 3},
        },
        as_of="2000-01-01",
    )
    assert res[0]["computed"] == "0" and res[0]["verdict"] == "not in data"


def test_opinion(mini, tmp_path):
    res = one(mini, tmp_path, {"kind": "opinion"})[0]
    assert res["verdict"] == "opinion"


@pytest.mark.parametrize(
    "entry,fragment",
    [
        ({"id": "B1", "quote": "q", "kind": "guess"}, "kind: unknown kind 'guess'"),
        (
            {"id": "B2", "kind": "count", "check": {"filter": {}, "claimed": 1}},
            "quote: required, but missing",
        ),
        (
            {
                "id": "B3",
                "quote": "q",
                "kind": "date",
                "check": {"filter": {}, "claimed_date": "2025-13-40"},
            },
            "check.claimed_date: '2025-13-40' is not a calendar date",
        ),
        (
            {
                "id": "B4",
                "quote": "q",
                "kind": "count",
                "check": {"filter": {"host_iso3": "XXX"}, "claimed": 1},
            },
            "check.filter.host_iso3[0]: 'XXX' is not an ISO 3166-1 alpha-3 code",
        ),
    ],
)
def test_malformed_entries_rejected_others_evaluated(mini, tmp_path, entry, fragment):
    good = {"id": "G1", "quote": "q", "kind": "opinion"}
    r = reg(tmp_path, [entry, good])
    # file:line: claim id: field: message (the line of the offending key, for an editor)
    assert any(
        re.match(rf"r\.yaml:\d+: {entry['id']}: {re.escape(fragment)}", p) for p in r.problems
    ), r.problems
    out = claims.evaluate(mini, r)
    assert list(out["claim_id"]) == ["G1"]


def test_yaml_syntax_error_is_named(tmp_path):
    from .conftest import FIXTURES

    with pytest.raises(claims.RegistryError, match=r"claims.yaml:2: YAML syntax error: column 6"):
        claims.load_registry(FIXTURES / "bad" / "claims_yaml_syntax" / "claims.yaml")


def test_scorecard_has_both_dates(article_scorecard):
    sc = article_scorecard
    assert {"verdict", "verdict_today", "changed"} <= set(sc.columns)
    assert sc.loc[sc["claim_id"] == "P02-no-recognition", "verdict_today"].item() == "contradicted"
    assert pd.Series(sc["verdict"]).isin(claims.VERDICTS).all()
