"""Exemptions matched to trips of UN-listed officials (helpers.sanctions).

Real-data expectations are read by hand from data/events.csv; synthetic frames test the traps.
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import data, sanctions


def _row(t: pd.DataFrame, trip: str, person: str) -> pd.Series:
    hit = t[(t["trip_id"] == trip) & (t["person_id"] == person)]
    assert len(hit) == 1, (trip, person, hit)
    return hit.iloc[0]


# --------------------------------------------------------------------------- the real data


@pytest.fixture(scope="module")
def real(ds) -> pd.DataFrame:
    return sanctions.trips_by_listed_officials(ds.events, ds.persons)


def test_columns(real):
    assert list(real.columns) == [
        "trip_id",
        "person_id",
        "un_ref",
        "start",
        "end",
        "date_precision",
        "hosts",
        "exemptions",
        "coverage",
        "uncovered_stops",
        "named_exemptions",
    ]


def test_muttaqi_in_oman_is_covered_by_its_exemption(real):
    # AFE00146 (TRP0051): Muscat 9-10 March 2025; AFE00297: OMN, 9-14 March 2025, names Muttaqi.
    r = _row(real, "TRP0051", "amir-khan-muttaqi")
    assert (r["un_ref"], r["hosts"], r["exemptions"], r["coverage"]) == (
        "TAi.026",
        "OMN",
        "AFE00297",
        "full",
    )
    assert r["start"] == pd.Timestamp("2025-03-09") and r["end"] == pd.Timestamp("2025-03-10")


def test_haqqani_in_abu_dhabi_in_june_2024_has_none_recorded(real):
    # TRP0039: Abu Dhabi, 4 June 2024; the exemption for the UAE (AFE00107) is for 21-25 June.
    r = _row(real, "TRP0039", "sirajuddin-haqqani")
    assert (r["exemptions"], r["coverage"], r["uncovered_stops"]) == ("", "none", "AFE00103")


def test_the_kazan_exemption_covers_both_listed_ministers(real):
    # AFE00166 (Kazan, 12-19 May 2025) names Baradar and the transport minister (TAi.118, one
    # person id since dataset 0.4.0); both travelled on TRP0055.
    assert _row(real, "TRP0055", "abdul-ghani-baradar")["exemptions"] == "AFE00166"
    r = _row(real, "TRP0055", "hamidullah-akhundzada")
    assert (r["exemptions"], r["coverage"]) == ("AFE00166", "full")


def test_both_legs_of_the_moscow_delhi_trip(real):
    r = _row(real, "TRP0067", "amir-khan-muttaqi")
    assert r["hosts"] == "RUS;IND"
    assert r["exemptions"] == "AFE00203;AFE00208"
    assert r["coverage"] == "uncertain"  # the Moscow exemption AFE00203 is known to the month


def test_an_exemption_with_no_trip(ds):
    out = sanctions.exemptions_without_trip(ds.events, ds.persons)
    assert "AFE00107" in set(out["event_id"])  # UAE, 21-25 June 2024: no trip recorded then
    assert "AFE00297" not in set(out["event_id"])
    # refused exemptions are not grants and are never listed
    assert "AFE00189" not in set(out["event_id"])


def test_the_helpers_are_pure(ds):
    before = ds.events.copy()
    sanctions.uncovered_trips(ds.events, ds.persons)
    pd.testing.assert_frame_equal(ds.events, before)


# --------------------------------------------------------------------------- synthetic frames


def _events(rows: list[dict]) -> pd.DataFrame:
    """Typed events as helpers.data.load() gives them, from a few hand-written rows."""
    base = {
        "trip_id": "",
        "status": "occurred",
        "end_date": "",
        "date_precision": "day",
        "host_iso3": "",
        "lead_person_id": "",
        "participants": "",
        "related_trip_id": "",
    }
    ev = pd.DataFrame([{**base, **r} for r in rows])
    ev["start"], _, _ = data.parse_partial_dates(ev["start_date"], ev["date_precision"])
    end_raw = ev["end_date"].where(ev["end_date"] != "", ev["start_date"])
    _, ev["end"], _ = data.parse_partial_dates(end_raw, ev["date_precision"])
    ev["known_by"] = ev["end"].where(ev["date_precision"] == "month", ev["start"])
    ev["is_trip_stop"] = ev["event_type"] == "visit"
    ev["counts"] = ev["status"] == "occurred"
    return ev


def _stop(eid: str, trip: str, start: str, end: str = "", host: str = "QAT", **kw) -> dict:
    return {
        "event_id": eid,
        "trip_id": trip,
        "event_type": "visit",
        "direction": "outbound",
        "start_date": start,
        "end_date": end,
        "host_iso3": host,
        **kw,
    }


def _ex(eid: str, start: str, end: str = "", host: str = "QAT", **kw) -> dict:
    return {
        "event_id": eid,
        "event_type": "sanctions_exemption",
        "direction": "status",
        "start_date": start,
        "end_date": end,
        "host_iso3": host,
        **kw,
    }


PERSONS = pd.DataFrame(
    {
        "person_id": ["hamidullah-akhund", "hamidullah-akhundzada", "amir-khan-muttaqi", "x-y"],
        "un_listed": [True, True, True, False],
        "un_ref": ["TAi.118", "TAi.900", "TAi.026", ""],
        "un_listed_on": pd.to_datetime(["2001-01-25", "2001-01-25", "2001-01-25", None]),
    }
)


def test_the_substring_trap():
    ev = _events(
        [
            _stop("E1", "T1", "2025-05-14", lead_person_id="hamidullah-akhundzada"),
            _ex("X1", "2025-05-12", "2025-05-19", lead_person_id="hamidullah-akhund"),
        ]
    )
    t = sanctions.trips_by_listed_officials(ev, PERSONS)
    assert _row(t, "T1", "hamidullah-akhundzada")["coverage"] == "none"
    assert list(sanctions.exemptions_without_trip(ev, PERSONS)["event_id"]) == ["X1"]
    assert list(sanctions.uncovered_trips(ev, PERSONS)["person_id"]) == ["hamidullah-akhundzada"]
    # and the other way round: the exemption of the longer id does not cover the shorter one
    ev2 = _events(
        [
            _stop("E1", "T1", "2025-05-14", lead_person_id="hamidullah-akhund"),
            _ex("X1", "2025-05-12", "2025-05-19", participants="x-y;hamidullah-akhundzada"),
        ]
    )
    assert (
        _row(sanctions.trips_by_listed_officials(ev2, PERSONS), "T1", "hamidullah-akhund")[
            "exemptions"
        ]
        == ""
    )


def test_a_participant_in_the_middle_of_the_list_is_matched():
    ev = _events(
        [
            _stop("E1", "T1", "2025-05-14", lead_person_id="x-y", participants="hamidullah-akhund"),
            _ex("X1", "2025-05-12", "2025-05-19", participants="x-y;hamidullah-akhund;a-b"),
        ]
    )
    r = _row(sanctions.trips_by_listed_officials(ev, PERSONS), "T1", "hamidullah-akhund")
    assert (r["exemptions"], r["coverage"]) == ("X1", "full")
    assert sanctions.exemptions_without_trip(ev, PERSONS).empty


def test_a_window_ending_the_day_before_covers_nothing():
    ev = _events(
        [
            _stop("E1", "T1", "2025-05-20", "2025-05-21", lead_person_id="amir-khan-muttaqi"),
            _ex("X1", "2025-05-12", "2025-05-19", lead_person_id="amir-khan-muttaqi"),
        ]
    )
    r = _row(sanctions.trips_by_listed_officials(ev, PERSONS), "T1", "amir-khan-muttaqi")
    assert (r["exemptions"], r["coverage"]) == ("", "none")
    assert list(sanctions.exemptions_without_trip(ev, PERSONS)["event_id"]) == ["X1"]


def test_a_window_opening_after_the_arrival_covers_part():
    # the Islamabad case: arrival 5 May, exemption 6-9 May
    ev = _events(
        [
            _stop(
                "E1", "T1", "2023-05-05", "2023-05-08", "PAK", lead_person_id="amir-khan-muttaqi"
            ),
            _ex("X1", "2023-05-06", "2023-05-09", "PAK", lead_person_id="amir-khan-muttaqi"),
        ]
    )
    r = _row(sanctions.trips_by_listed_officials(ev, PERSONS), "T1", "amir-khan-muttaqi")
    assert (r["exemptions"], r["coverage"]) == ("X1", "partial")
    assert sanctions.uncovered_trips(ev, PERSONS).empty
    assert len(sanctions.uncovered_trips(ev, PERSONS, partial=True)) == 1


def test_month_precision_is_uncertain_not_full():
    ev = _events(
        [
            _stop("E1", "T1", "2023-04-13", "2023-04-14", "UZB", lead_person_id="amir-khan-muttaqi"),
            _ex("X1", "2023-04", host="UZB", date_precision="month", lead_person_id="amir-khan-muttaqi"),
            _stop("E2", "T2", "2024-06", "", "SAU", date_precision="month",
                  lead_person_id="amir-khan-muttaqi"),
            _ex("X2", "2024-06-05", host="SAU", lead_person_id="amir-khan-muttaqi"),
            _ex("X3", "2023-03", host="UZB", date_precision="month", lead_person_id="amir-khan-muttaqi"),
        ]
    )  # fmt: skip
    t = sanctions.trips_by_listed_officials(ev, PERSONS)
    assert tuple(_row(t, "T1", "amir-khan-muttaqi")[["exemptions", "coverage"]]) == (
        "X1",
        "uncertain",
    )
    r2 = _row(t, "T2", "amir-khan-muttaqi")
    assert (r2["exemptions"], r2["coverage"], r2["date_precision"]) == ("X2", "uncertain", "month")
    assert list(sanctions.exemptions_without_trip(ev, PERSONS)["event_id"]) == ["X3"]


def test_country_refused_grants_and_stops():
    ev = _events(
        [
            _stop("E1", "T1", "2025-01-08", host="ARE", lead_person_id="amir-khan-muttaqi"),
            _stop("E2", "T1", "2025-01-09", host="QAT", lead_person_id="amir-khan-muttaqi"),
            _ex("X1", "2025-01-01", "2025-01-31", "ARE", lead_person_id="amir-khan-muttaqi"),
            _ex("X2", "2025-01-01", "2025-01-31", "QAT", status="denied",
                lead_person_id="amir-khan-muttaqi"),
            _ex("X3", "2025-01-01", "2025-01-31", "SAU", lead_person_id="amir-khan-muttaqi"),
        ]
    )  # fmt: skip
    r = _row(sanctions.trips_by_listed_officials(ev, PERSONS), "T1", "amir-khan-muttaqi")
    # the UAE stop is covered; the Qatar one is not (refused), and a Saudi exemption is not for it
    assert (r["hosts"], r["exemptions"], r["coverage"]) == ("ARE;QAT", "X1", "partial")
    assert r["uncovered_stops"] == "E2"
    assert list(sanctions.exemptions_without_trip(ev, PERSONS)["event_id"]) == ["X3"]
    # an exemption with no country is for any country
    ev.loc[ev["event_id"] == "X3", "host_iso3"] = ""
    r = _row(sanctions.trips_by_listed_officials(ev, PERSONS), "T1", "amir-khan-muttaqi")
    assert (r["exemptions"], r["coverage"]) == ("X1;X3", "full")


def test_listed_by_the_trip_date_and_as_of():
    persons = PERSONS.assign(
        un_listed_on=pd.to_datetime(["2025-06-01", "2001-01-25", "2001-01-25", None])
    )
    ev = _events(
        [
            _stop("E1", "T1", "2025-05-14", lead_person_id="hamidullah-akhund;x-y"),
            _stop("E2", "T2", "2025-07-14", lead_person_id="hamidullah-akhund"),
            _stop("E3", "T3", "2025-08-14", lead_person_id="x-y"),  # never listed
        ]
    )
    ev.loc[ev["event_id"] == "E1", "lead_person_id"] = "hamidullah-akhund"
    t = sanctions.trips_by_listed_officials(ev, persons)
    assert list(zip(t["trip_id"], t["person_id"], strict=True)) == [("T2", "hamidullah-akhund")]
    assert sanctions.trips_by_listed_officials(ev, persons, as_of="2025-07-13").empty
