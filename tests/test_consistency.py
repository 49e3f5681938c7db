"""Consistency warnings: each rule fires on its own fixture, at the row a reader must look at;
the allow-list excuses a checked exception with its reason; ``--strict`` refuses warnings."""

from __future__ import annotations

import shutil
import sys
import types
from pathlib import Path

import pandas as pd
import pytest

from helpers import data
from helpers.cli import main

from .conftest import FIXTURES, MINI

WARN = {
    # case: (row, column, message fragment); every case is a warning on events.csv
    "host_city": (4, "city", "host_city (AFE00103): Kabul is in AFG, not in host_iso3 ARE"),
    "stop_order": (16, "start_date", "stop_order (AFE00171): the stops of TRP0056 are not in"),
    "sources_predate": (16, "start_date", "sources_predate (AFE00171): every source"),
    "two_places": (
        11,
        "start_date",
        "two_places (AFE00146): amir-khan-muttaqi is in AFG on 2025-01-26 (AFE00139) and in OMN",
    ),
    "window_mismatch": (
        12,
        "start_date",
        "window_mismatch (AFE00155): the exemption window 2025-05-18..2025-05-18 does not cover "
        "TRP0056 (2025-05-17..2025-05-21)",
    ),
    "window_near": (
        12,
        "start_date",
        "window_mismatch (AFE00155): the exemption window 2025-03-05..2025-03-08 covers no stop of "
        "its officials in OMN; the nearest, AFE00146 (2025-03-09..2025-03-10), is not inside it",
    ),
}


# The mini dataset's one true finding: the Saudi stop of TRP0046 is known only to the month, so
# its dates (January-February 2025) run past the UAE stop of 21 January (AFE00137).
BASE_ALLOW = "- {rule: stop_order, event_id: AFE00133, reason: month-precision stop}\n"


def _allow(d: Path, text: str) -> None:
    (d / "validation-allow.yaml").write_text(BASE_ALLOW + text, encoding="utf-8")


@pytest.fixture(autouse=True)
def _no_sanctions_matcher(monkeypatch):
    """Each rule is tested on its own: ``uncovered_trip`` only where a test supplies the matcher
    (``helpers.sanctions`` has its own tests on the mini dataset)."""
    monkeypatch.setitem(sys.modules, "helpers.sanctions", None)


def _copy(tmp_path: Path, case: str | None = None) -> Path:
    d = tmp_path / (case or "clean")
    shutil.copytree(MINI, d)
    if case:
        for f in (FIXTURES / "warn" / case).iterdir():
            shutil.copy(f, d / f.name)
    _allow(d, "")
    return d


def _warnings(d: Path) -> list[data.Problem]:
    problems, _, _ = data.validate(d)
    assert problems == [], "a warning fixture must pass the error checks"
    return data.consistency_problems(data.load(d))


def test_mini_warnings(tmp_path):
    d = _copy(tmp_path)
    assert _warnings(d) == []
    (d / "validation-allow.yaml").unlink()
    found = _warnings(d)
    assert [(p.file, p.row, p.column) for p in found] == [("events.csv", 6, "start_date")]
    assert found[0].message == (
        "stop_order (AFE00133): this stop of TRP0046 (2025-01-01..2025-02-28) runs past the "
        "start of the next, AFE00137 in ARE on 2025-01-21: the dates do not settle their order"
    )


@pytest.mark.parametrize("case", sorted(WARN))
def test_each_rule_fires_on_its_row(tmp_path, case):
    row, column, fragment = WARN[case]
    found = _warnings(_copy(tmp_path, case))
    hits = [p for p in found if p.row == row and p.column == column and fragment in p.message]
    assert len(hits) == 1, [str(p) for p in found]
    assert hits[0].file == "events.csv" and hits[0].severity == "warning"


@pytest.mark.parametrize("case", sorted(WARN))
def test_cli_warns_and_strict_refuses(tmp_path, capsys, case):
    d = _copy(tmp_path, case)
    row, column, _ = WARN[case]
    assert main(["validate", "--data-dir", str(d)]) == 0
    out = capsys.readouterr()
    rule = "window_mismatch" if case == "window_near" else case
    assert f"events.csv:{row}: {column}: warning: {rule} (" in out.out
    assert main(["validate", "--strict", "--data-dir", str(d)]) == 1
    out = capsys.readouterr()
    assert f"events.csv:{row}: {column}: {rule} (" in out.out
    assert "Traceback" not in out.out + out.err


def test_travel_day_is_not_two_places(tmp_path):
    """Kabul on the 26th, then a Muscat stay from the 26th to the 27th: a travel day."""
    d = _copy(tmp_path, "two_places")
    text = (d / "events.csv").read_text(encoding="utf-8")
    text = text.replace(
        "AFE00146,TRP0051,occurred,2025-01-26,,", "AFE00146,TRP0051,occurred,2025-01-26,2025-01-27,"
    )
    (d / "events.csv").write_text(text, encoding="utf-8")
    assert _warnings(d) == []


def test_allow_list_excuses_with_reason(tmp_path, capsys):
    d = _copy(tmp_path, "host_city")
    _allow(
        d,
        "# checked exceptions\n"
        "- rule: host_city\n"
        "  event_id: AFE00103\n"
        "  reason: test fixture, the city is deliberately wrong\n",
    )
    assert _warnings(d) == []
    assert main(["validate", "--strict", "--data-dir", str(d)]) == 0


def test_allow_list_under_an_allow_key(tmp_path):
    d = _copy(tmp_path, "host_city")
    (d / "validation-allow.yaml").write_text(
        "allow:\n  - {rule: host_city, event_id: AFE00103, reason: checked}\n  " + BASE_ALLOW,
        encoding="utf-8",
    )
    assert _warnings(d) == []


def test_allow_entry_matching_nothing_is_a_warning(tmp_path):
    d = _copy(tmp_path, "host_city")
    _allow(
        d,
        "- {rule: host_city, event_id: AFE00103, reason: checked}\n"
        "- {rule: stop_order, event_id: AFE00103, reason: a stale entry}\n",
    )
    found = _warnings(d)
    assert [(p.file, p.row, p.column, p.severity) for p in found] == [
        ("validation-allow.yaml", 3, "event_id", "warning")
    ]
    assert "no stop_order warning on AFE00103" in found[0].message


@pytest.mark.parametrize(
    ("text", "row", "column", "fragment"),
    [
        ("- {rule: host_city, event_id: AFE00103}\n", 1, "reason", "is required"),
        ("- {rule: host_city, event_id: AFE00103, reason: '  '}\n", 1, "reason", "is required"),
        ("- {rule: hostcity, event_id: AFE00103, reason: x}\n", 1, "rule", "is not one of"),
        ("- {rule: host_city, event_id: AFE00103, reason: x, by: me}\n", 1, "by", "unknown"),
        ("- {rule: host_city, event_id: [AFE00103], reason: x}\n", 1, "event_id", "plain text"),
        ("\n\n- rule: host_city\n  event_id: AFE00103\n  reason: [x\n", 6, "-", "not valid YAML"),
        ("- {rule: host_city, event_id: AFE00103, reason: x}\n- just text\n", 2, "-", "mapping"),
        ("rules: []\n", 1, "-", "must be a list"),
    ],
)
def test_malformed_allow_entry_is_an_error_at_its_line(
    tmp_path, capsys, text, row, column, fragment
):
    d = _copy(tmp_path, "host_city")
    (d / "validation-allow.yaml").write_text(text, encoding="utf-8")
    errors = [p for p in _warnings(d) if p.severity == "error"]
    assert [(p.file, p.row, p.column) for p in errors] == [("validation-allow.yaml", row, column)]
    assert fragment in errors[0].message
    assert main(["validate", "--data-dir", str(d)]) == 1
    assert "Traceback" not in capsys.readouterr().err


def _fake_sanctions(monkeypatch, result) -> None:
    mod = types.ModuleType("helpers.sanctions")
    mod.uncovered_trips = lambda events, persons: result  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "helpers.sanctions", mod)


def test_uncovered_trip_uses_the_sanctions_helper(tmp_path, monkeypatch):
    _fake_sanctions(
        monkeypatch, pd.DataFrame({"trip_id": ["TRP0039"], "person_id": ["sirajuddin-haqqani"]})
    )
    found = _warnings(_copy(tmp_path))
    assert [(p.row, p.column) for p in found] == [(4, "trip_id")]
    assert found[0].message == (
        "uncovered_trip (AFE00103): trip TRP0039 by sirajuddin-haqqani: no exemption covers this stop"
    )


def test_uncovered_trip_is_skipped_without_the_helper(tmp_path, monkeypatch):
    """No helpers.sanctions yet: no warning, and allow entries for the rule are not 'unused'."""
    monkeypatch.setitem(sys.modules, "helpers.sanctions", None)  # import raises
    d = _copy(tmp_path)
    _allow(d, "- {rule: uncovered_trip, event_id: AFE00103, reason: exemption granted}\n")
    assert "uncovered_trip" not in {r.name for r in data.consistency.active_rules()}
    assert _warnings(d) == []


def test_registry_problems_are_reported(monkeypatch, capsys):
    from helpers import claims

    seen = []

    def registry_problems(data_dir, dataset):
        seen.append((Path(data_dir).name, len(dataset.events) > 0))
        return [data.Problem("x.yaml", 3, "C1: op", "unknown op 'gte'")]

    monkeypatch.setattr(claims, "registry_problems", registry_problems, raising=False)
    assert main(["validate"]) == 1
    assert "x.yaml:3: C1: op: unknown op 'gte'" in capsys.readouterr().out
    assert seen == [("data", True)]


def _edit(d: Path, file: str, key: tuple[str, str], column: str, value: str, nth: int = 0) -> None:
    """Set ``column`` of the ``nth`` row of ``file`` whose ``key[0]`` is ``key[1]``."""
    import csv

    path = d / file
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    hits = [r for r in rows if r[key[0]] == key[1]]
    hits[nth][column] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


@pytest.mark.parametrize(
    ("end", "start", "warned"),
    [("2025-03-10", "2025-03-05", False), ("2025-02-05", "2025-02-01", False)],
)
def test_window_covering_or_far_is_not_a_mismatch(tmp_path, end, start, warned):
    """A window that covers the Muscat stop, or lies 32 days before it, is not a near miss."""
    d = _copy(tmp_path, "window_near")
    _edit(d, "events.csv", ("event_id", "AFE00155"), "end_date", end)
    _edit(d, "events.csv", ("event_id", "AFE00155"), "start_date", start)
    assert any(p.row == 12 for p in _warnings(d)) == warned


def test_sources_predate_counts_dated_sources_only(tmp_path):
    """AFE00103 moved to 2024-06-08: its dated sources (06-05, 06-07) predate it, one is undated."""
    d = _copy(tmp_path)
    _edit(d, "events.csv", ("event_id", "AFE00103"), "start_date", "2024-06-08")
    found = _warnings(d)
    assert [(p.row, p.message.split(":")[0]) for p in found] == [(4, "sources_predate (AFE00103)")]
    # a source dated only to June 2024 may be from after the 8th: no longer certain to predate
    _edit(d, "sources.csv", ("event_id", "AFE00103"), "published", "2024-06")
    assert _warnings(d) == []


def test_uncovered_trip_names_each_stop_the_official_made(tmp_path, monkeypatch):
    _fake_sanctions(
        monkeypatch,
        pd.DataFrame(
            {
                "trip_id": ["TRP0056", "TRP0046"],
                "person_id": ["amir-khan-muttaqi", "abdul-haq-wasiq"],
            }
        ),
    )
    found = _warnings(_copy(tmp_path))
    # TRP0056: both Muttaqi stops (lines 15, 16); TRP0046: only AFE00137 (line 9) has Wasiq
    assert [(p.row, p.message.split(":")[0]) for p in found] == [
        (9, "uncovered_trip (AFE00137)"),
        (15, "uncovered_trip (AFE00169)"),
        (16, "uncovered_trip (AFE00171)"),
    ]


def test_uncovered_trip_names_the_stops_the_helper_names(tmp_path, monkeypatch):
    """With ``partial`` and an ``uncovered_stops`` column, only those stops are named."""
    asked = []

    def uncovered_trips(events, persons, as_of=None, *, partial=False):
        asked.append(partial)
        return pd.DataFrame(
            {
                "trip_id": ["TRP0056"],
                "person_id": ["amir-khan-muttaqi"],
                "coverage": ["partial"],
                "uncovered_stops": ["AFE00169"],
            }
        )

    mod = types.ModuleType("helpers.sanctions")
    mod.uncovered_trips = uncovered_trips  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "helpers.sanctions", mod)
    found = _warnings(_copy(tmp_path))
    assert asked == [True]
    assert [(p.row, p.message) for p in found] == [
        (
            15,
            "uncovered_trip (AFE00169): trip TRP0056 by amir-khan-muttaqi: no exemption covers this stop",
        )
    ]
