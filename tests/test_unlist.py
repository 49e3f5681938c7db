"""The vendored UN list: its hash, its parsing, and persons.csv checked against it.

Expected values are read by hand from data/un/consolidated-2026-05-08-taliban.xml.
"""

from __future__ import annotations

import hashlib
import importlib.util
from datetime import date

import pandas as pd
import pytest

from helpers import unlist
from helpers.errors import DataError
from helpers.paths import DATA_DIR, ROOT


@pytest.fixture(scope="module")
def lst() -> unlist.ConsolidatedList:
    return unlist.load_list()


@pytest.fixture(scope="module")
def persons() -> pd.DataFrame:
    p = pd.read_csv(DATA_DIR / "persons.csv", dtype=str, keep_default_na=False)
    p["_row"] = range(2, len(p) + 2)
    return p


def test_vendored_file_has_the_recorded_sha256():
    raw = (DATA_DIR / unlist.LIST_FILE).read_bytes()
    recorded = unlist.recorded_sha256()
    assert recorded == "1e726fcdf27fd84413d0bd079e3428de773f26fe3724ed261fd87ca251d2e482"
    assert hashlib.sha256(raw).hexdigest() == recorded


def test_the_list_parses_into_typed_records(lst):
    assert lst.generated == "2026-05-08T23:00:06.922Z"
    assert lst.as_of == date(2026, 5, 8)
    kinds = pd.Series([e.kind for e in lst.entries.values()]).value_counts().to_dict()
    assert kinds == {"individual": 135, "entity": 5}
    m = lst.entries["TAi.026"]
    assert m.name == "AMIR KHAN MOTAQI"
    assert m.listed_on == date(2001, 1, 25)
    assert unlist.Alias("Amir Khan Muttaqi", "Good") in m.aliases
    assert m.amended_on[-1] == date(2026, 4, 13)
    assert m.original_script == "امیر خان متقی"
    # a time-zone suffix on LISTED_ON (2015-03-27-04:00) is dropped, the day kept
    assert lst.entries["TAe.014"].listed_on == date(2015, 3, 27)
    assert lst.entries["TAi.173"].listed_on == date(2015, 3, 27)
    # low-quality aliases are kept but only used when asked for
    zakir = lst.entries["TAi.094"]
    assert unlist.Alias("Zakir", "Low") in zakir.aliases
    assert "Zakir" not in zakir.names()
    assert "Zakir" in zakir.names(low_quality=True)
    # records whose alias is empty have no alias
    assert lst.entries["TAi.002"].aliases == ()


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2001-01-25", date(2001, 1, 25)),
        ("2015-03-27-04:00", date(2015, 3, 27)),
        ("2026-05-08T23:00:06.922Z", date(2026, 5, 8)),
    ],
)
def test_list_dates(text, day):
    assert unlist.parse_list_date(text) == day


def test_names_are_compared_exactly_after_normalising():
    n = unlist.normalise_name
    assert n("Khalil al-Rahman Haqqani") == n("KHALIL AL RAHMAN HAQQANI")
    assert n("Abdul-Haq  Wassiq") == n("abdul haq wassiq")
    assert n("Noor Ahmad") != n("Noor Ahmad Noor")  # no token sets
    assert n("Pahlawan Shamsuddin") != n("Shamsuddin Pahlawan")  # word order kept


def test_by_name_is_exact(lst):
    assert lst.by_name(["Mullah Yaqoob", "Mohammad Yaqoob"]) == {}
    assert lst.by_name(["mohammad yaqoub"]) == {"TAi.052": "MOHAMMAD YAQOUB"}
    assert lst.by_name(["Hamidullah Akhund"]) == {"TAi.118": "Hamidullah Akhund"}


LISTED = {  # person_id -> reference, read by hand from the list
    "abdul-baqi-haqqani": "TAi.038",
    "abdul-ghani-baradar": "TAi.024",
    "abdul-haq-wasiq": "TAi.082",
    "abdul-kabir": "TAi.003",
    "abdul-latif-mansur": "TAi.007",
    "abdul-salam-hanafi": "TAi.027",
    "amir-khan-muttaqi": "TAi.026",
    "din-mohammad-hanif": "TAi.043",
    "fazl-mohammad-mazloom": "TAi.023",
    "hamidullah-akhundzada": "TAi.118",
    "hidayatullah-badri": "TAi.147",
    "khairullah-khairkhwah": "TAi.093",
    "khalil-haqqani": "TAi.150",
    "mohammad-hassan-akhund": "TAi.002",
    "najibullah-haqqani": "TAi.071",
    "noor-ahmad-agha": "TAi.156",
    "noor-mohammad-saqib": "TAi.110",
    "nurullah-nuri": "TAi.089",
    "said-ahmad-shahidkhel": "TAi.028",
    "shahabuddin-delawar": "TAi.113",
    "sher-mohammad-abbas-stanekzai": "TAi.067",
    "sirajuddin-haqqani": "TAi.144",
    "zia-ur-rahman-madani": "TAi.102",
}


def test_listed_officials_are_the_lists(persons):
    listed = persons[persons["un_listed"] == "true"].set_index("person_id")["un_ref"]
    assert listed.to_dict() == LISTED
    p = persons.set_index("person_id")
    assert p.loc["abdul-haq-wasiq", "un_listed_on"] == "2001-01-31"  # was 2001-02-01
    assert p.loc["sirajuddin-haqqani", "un_listed_on"] == "2007-09-13"
    # the defence minister is not TAi.052 and not on the list
    assert p.loc["mohammad-yaqoob", "un_listed"] == "false"
    assert p.loc["mohammad-yaqoob", "un_ref"] == ""
    # a resemblance no source confirms stays open, and the notes name the record
    assert p.loc["mohammad-zahid-ahmadzai", "un_listed"] == ""
    assert "TAi.127" in p.loc["mohammad-zahid-ahmadzai", "notes"]


def test_every_listed_person_matches_the_record(persons, lst):
    for _, r in persons[persons["un_listed"] == "true"].iterrows():
        e = lst.entries[r["un_ref"]]
        mine = {unlist.normalise_name(n) for n in unlist.person_names(r)}
        theirs = {unlist.normalise_name(n) for n in e.names(low_quality=True)}
        assert mine & theirs, r["person_id"]
        assert r["un_listed_on"] == e.listed_on.isoformat(), r["person_id"]
        assert r["un_source"] == f"un/consolidated-2026-05-08-taliban.xml#{e.ref}"
    assert (persons["un_checked_on"] == "2026-05-08").all()
    assert unlist.check_persons(persons, lst) == []


def _person(**kw: str) -> pd.DataFrame:
    row = {
        "person_id": "x-y",
        "name": "Amir Khan Muttaqi",
        "aliases": "",
        "un_listed": "true",
        "un_ref": "TAi.026",
        "un_listed_on": "2001-01-25",
        "un_checked_on": "2026-05-08",
        "un_source": "un/consolidated-2026-05-08-taliban.xml#TAi.026",
        "un_name": "AMIR KHAN MOTAQI",
        "notes": "",
        "_row": 2,
    }
    return pd.DataFrame([{**row, **kw}])


@pytest.mark.parametrize(
    ("change", "column", "severity"),
    [
        ({"un_ref": "TAi.999", "un_source": "un/consolidated-2026-05-08-taliban.xml#TAi.999"},
         "un_ref", "error"),
        ({"un_listed_on": "2001-02-01"}, "un_listed_on", "error"),
        ({"un_name": "AMIR KHAN MUTTAQI"}, "un_name", "error"),
        ({"name": "Mohammad Yaqoob"}, "aliases", "error"),
        ({"un_checked_on": "2025-01-01"}, "un_checked_on", "error"),
        ({"un_source": "https://example.org/list"}, "un_source", "error"),
        ({"un_ref": "", "un_source": "un/consolidated-2026-05-08-taliban.xml"}, "un_ref", "error"),
        ({"un_listed": "false", "un_ref": "", "un_listed_on": "", "un_name": "",
          "un_source": "un/consolidated-2026-05-08-taliban.xml"}, "un_ref", "warning"),
    ],
)  # fmt: skip
def test_check_persons_names_each_defect(lst, change, column, severity):
    problems = unlist.check_persons(_person(**change), lst)
    assert [(p.column, p.severity) for p in problems] == [(column, severity)], problems
    assert problems[0].file == "persons.csv" and problems[0].row == 2


def test_an_unmarked_namesake_explained_in_notes_is_not_flagged(lst):
    p = _person(
        un_listed="false",
        un_ref="",
        un_listed_on="",
        un_name="",
        un_source="un/consolidated-2026-05-08-taliban.xml",
        notes="Not TAi.026: another man.",
    )
    assert unlist.check_persons(p, lst) == []
    assert unlist.check_persons(_person(), lst) == []


def test_a_file_that_is_not_the_list_is_refused():
    with pytest.raises(DataError, match="not a readable UN list"):
        unlist.parse_list(b"<CONSOLIDATED_LIST><INDIVIDUALS>")
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><CONSOLIDATED_LIST>&b;</CONSOLIDATED_LIST>'
    )
    with pytest.raises(DataError):
        unlist.parse_list(bomb)
    with pytest.raises(DataError, match="root element"):
        unlist.parse_list(b"<OTHER/>")


def test_the_extract_keeps_taliban_records_byte_for_byte():
    spec = importlib.util.spec_from_file_location(
        "extract_un_taliban", ROOT / "tools" / "extract_un_taliban.py"
    )
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    ta = (
        b"    <INDIVIDUAL>\n      <REFERENCE_NUMBER>TAi.001</REFERENCE_NUMBER>\n"
        b"      <FIRST_NAME>A  B</FIRST_NAME>\n    </INDIVIDUAL>\n"
    )
    qd = (
        b"    <INDIVIDUAL>\n      <REFERENCE_NUMBER>QDi.001</REFERENCE_NUMBER>\n    </INDIVIDUAL>\n"
    )
    te = b"    <ENTITY>\n      <REFERENCE_NUMBER>TAe.001</REFERENCE_NUMBER>\n    </ENTITY>\n"
    head = b'<?xml version="1.0"?>\n<CONSOLIDATED_LIST dateGenerated="2026-05-08T00:00:00Z">\n'
    raw = (
        head + b"  <INDIVIDUALS>\n" + qd + ta + b"  </INDIVIDUALS>\n"
        b"  <ENTITIES>\n" + te + b"  </ENTITIES>\n</CONSOLIDATED_LIST>"
    )
    out = mod.extract(raw, check_sha256=None)
    assert out == (
        head + b"  <INDIVIDUALS>\n" + ta + b"  </INDIVIDUALS>\n"
        b"  <ENTITIES>\n" + te + b"  </ENTITIES>\n</CONSOLIDATED_LIST>"
    )
    with pytest.raises(SystemExit):
        mod.extract(raw)  # not the 2026-05-08 list


def test_a_new_person_is_checked_against_the_list_when_added():
    """add-pass fills a new person's UN columns from the list (by exact name, never listing
    anyone on a name alone)."""
    assert unlist.new_person_columns("New Deputy Minister", "", DATA_DIR) == {
        "un_checked_on": "2026-05-08",
        "un_source": "un/consolidated-2026-05-08-taliban.xml",
        "un_listed": "false",
    }
    namesake = unlist.new_person_columns("Mullah Yaqoob", "Mohammad Yaqoub", DATA_DIR)
    assert "un_listed" not in namesake  # left open for a person to decide
    assert "TAi.052 'MOHAMMAD YAQOUB'" in namesake["notes"]


def test_validate_refuses_a_changed_list(tmp_path):
    import shutil

    from helpers import data

    d = tmp_path / "data"
    shutil.copytree(DATA_DIR, d, ignore=shutil.ignore_patterns("claims", "geo", "sourcing"))
    f = d / unlist.LIST_FILE
    raw = f.read_bytes()
    assert raw.count(b">MOTAQI<") == 1
    f.write_bytes(raw.replace(b">MOTAQI<", b">MUTTAQI<"))
    problems, _, _ = data.validate(d)
    assert sorted((p.file, p.column) for p in problems) == [
        ("persons.csv", "un_name"),  # the record no longer says what persons.csv says
        (unlist.LIST_FILE, ""),  # and the hash differs from the recorded one
    ], problems
