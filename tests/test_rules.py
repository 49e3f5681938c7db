"""Each error rule of ``helpers.data.rules`` on its own: one edit of the mini dataset, and the
problem it must produce at the line and column a reader would fix (written by hand from the
fixture: events.csv line 3 is AFE00064, 4 AFE00103, 5 AFE00114, 11 AFE00146, 12 AFE00155,
14 AFE00168, 16 AFE00171, 18 AFE00187; persons.csv line 5 is amir-khan-muttaqi)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from helpers import data
from helpers.data.rules import ERROR_RULES

from .conftest import MINI

E, P = "events.csv", "persons.csv"
Edit = tuple[str, str, str, str]  # file, key value (first column), column, new value
CASES: dict[str, tuple[list[Edit], tuple[str, int, str, str]]] = {
    "start_fits_precision": (
        [(E, "AFE00064", "date_precision", "month")],
        (E, 3, "start_date", "does not fit date_precision"),
    ),
    "end_fits_precision": ([(E, "AFE00146", "end_date", "2025-03")], (E, 11, "end_date", "fit")),
    "end_before_start": (
        [(E, "AFE00146", "end_date", "2025-03-08")],
        (E, 11, "end_date", "before"),
    ),
    "occurred_in_future": (
        [(E, "AFE00187", "start_date", "2099-07-21")],
        (E, 18, "start_date", "'2099-07-21' is after today"),
    ),
    "trip_span": (
        [(E, "AFE00171", "start_date", "2025-07-17")],
        (E, 16, "trip_id", "the stops of TRP0056 span 61 days"),
    ),
    "host_iso3_known": ([(E, "AFE00103", "host_iso3", "XXX")], (E, 4, "host_iso3", "not an ISO")),
    "counterpart_iso3_known": (
        [(E, "AFE00064", "counterpart_iso3", "XYZ")],
        (E, 3, "counterpart_iso3", "not an ISO"),
    ),
    "host_region": ([(E, "AFE00103", "host_iso3", "BRA")], (E, 4, "host_iso3", "no continent")),
    "counterpart_region": (
        [(E, "AFE00064", "counterpart_iso3", "BRA")],
        (E, 3, "counterpart_iso3", "'BRA' has no continent"),
    ),
    "inbound_in_afghanistan": (
        [(E, "AFE00064", "host_iso3", "PAK")],
        (E, 3, "host_iso3", "an inbound event happens in Afghanistan"),
    ),
    "stop_has_host": (
        [(E, "AFE00103", "host_iso3", "AFG")],
        (E, 4, "host_iso3", "a trip stop needs the foreign host country"),
    ),
    "stop_has_trip": ([(E, "AFE00146", "trip_id", "")], (E, 11, "trip_id", "needs a trip_id")),
    "trip_only_on_stops": (
        [(E, "AFE00064", "trip_id", "TRP0039")],
        (E, 3, "trip_id", "only outbound or third-country stops"),
    ),
    "status_direction": (
        [(E, "AFE00114", "direction", "remote")],
        (E, 5, "direction", "status events"),
    ),
    "call_remote": ([(E, "AFE00168", "direction", "status")], (E, 14, "direction", "a call")),
    "participants_known": (
        [(E, "AFE00064", "participants", "mohammad-yaqoob;nobody-here")],
        (E, 3, "participants", "'nobody-here' is not a known persons.person_id"),
    ),
    "related_trip_known": (
        [
            (E, "AFE00155", "event_type", "sanctions_exemption"),
            (E, "AFE00155", "related_trip_id", "TRP9999"),
        ],
        (E, 12, "related_trip_id", "'TRP9999' is not a trip_id"),
    ),
    "related_trip_only_exemption": (
        [(E, "AFE00064", "related_trip_id", "TRP0039")],
        (E, 3, "related_trip_id", "only a sanctions_exemption refers to a trip"),
    ),
    "event_has_source": (
        [("sources.csv", "AFE00187", "event_id", "AFE00181")] * 3,
        (E, 18, "event_id", "'AFE00187' has no row in sources.csv"),
    ),
    "events_not_empty": ([], (E, 1, "event_id", "no data rows")),
    "sources_not_empty": ([], ("sources.csv", 1, "event_id", "no data rows")),
    "some_event_occurred": ([], (E, 1, "status", "no event has status 'occurred'")),
    "role_end_before_start": (
        [("person_roles.csv", "abdul-haq-wasiq", "valid_to", "2021-09-06")],
        ("person_roles.csv", 5, "valid_to", "'2021-09-06' is before valid_from"),
    ),
    "un_ref_means_listed": (
        [(P, "amir-khan-muttaqi", "un_listed", "false")],
        (P, 5, "un_listed", "a person with a un_ref must have un_listed=true"),
    ),
    "listing_has_source": (
        [(P, "amir-khan-muttaqi", "un_source", "")],
        (P, 5, "un_source", "needs un_source"),
    ),
    "region_iso3_known": (
        [("regions.csv", "GMB", "iso3", "XXA")],
        ("regions.csv", 71, "iso3", "'XXA' is not an ISO 3166-1 alpha-3 code"),
    ),
}
#: Rules whose input is a whole file emptied (edited below rather than cell by cell).
EMPTY = {
    "events_not_empty": ["events.csv", "sources.csv"],
    "sources_not_empty": ["events.csv", "sources.csv"],
}


def _apply(d: Path, edits: list[Edit]) -> None:
    for file, key, column, value in edits:
        path = d / file
        rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
        assert column in rows[0], f"{file} has no column {column}"
        first = next(iter(rows[0]))
        row = next(r for r in rows if r[first] == key)
        row[column] = value
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)


def test_every_error_rule_has_a_case():
    assert {r.name for r in ERROR_RULES} == set(CASES)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_names_its_row(tmp_path, rule):
    d = tmp_path / "d"
    shutil.copytree(MINI, d)
    edits, (file, row, column, fragment) = CASES[rule]
    for f in EMPTY.get(rule, []):
        header = (d / f).read_text(encoding="utf-8").splitlines()[0]
        (d / f).write_text(header + "\n", encoding="utf-8")
    if rule == "some_event_occurred":
        text = (d / E).read_text(encoding="utf-8").replace(",occurred,", ",announced,")
        (d / E).write_text(text, encoding="utf-8")
    _apply(d, edits)
    problems, _, _ = data.validate(d)
    hits = [
        p
        for p in problems
        if (p.file, p.row, p.column) == (file, row, column) and fragment in p.message
    ]
    assert hits, [str(p) for p in problems]
