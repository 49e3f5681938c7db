"""The typed registry: every malformed entry of tests/fixtures/claims_bad is refused with its own
message (``file:line: claim id: field: message``), the entry's neighbours still load, hostile
files are refused fast, and the published JSON Schema is the one the models generate."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
import yaml

from helpers import claims, cli, paths
from helpers.claims import patterns, schema, values, yamlsafe
from helpers.claims.checks import CHECKS

from .conftest import FIXTURES

BAD = FIXTURES / "claims_bad"
MEASURES = (
    "'events', 'distinct_counterparts', 'distinct_hosts', 'unlisted_travellers', "
    "'listed_travellers', 'exempted_trips', 'trips', 'country_visits', 'distinct_countries', 'person_trips', "
    "'trips_excl_forum_only', 'country_visits_excl_forum_only', "
    "'distinct_countries_excl_forum_only' or 'person_trips_excl_forum_only'"
)
KINDS = "count, first, date, interval, sequence, scope, membership, status, opinion"

# file -> the problems it must give, written by hand from the file (line numbers included).
ENTRY_PROBLEMS = {
    "measure_typo.yaml": [f"13: BAD: check.measure: 'trip' is not one of {MEASURES}"],
    "claimed_missing.yaml": ["12: BAD: check.claimed: required, but missing"],
    "op_unknown.yaml": [
        "15: BAD: check.op: 'gte' is not one of 'eq', 'ge', 'le', 'approx' or 'data_lower_bound'"
    ],
    "mode_unknown.yaml": [
        "14: BAD: check.mode: 'since' is not one of 'ever', 'since_takeover' or 'since_date'"
    ],
    "kind_unknown.yaml": [f"10: BAD: kind: unknown kind 'guess' (one of {KINDS})"],
    "regex_invalid.yaml": [
        "12: BAD: check.filter.summary_regex: 'Araghchi[' is not a regex RE2 can run: missing ]: ["
    ],
    "regex_backreference.yaml": [
        "12: BAD: check.filter.summary_regex: '(Ara)\\1ghchi' uses a backreference, which "
        "linear-time matching (RE2) cannot run; spell the alternatives out instead"
    ],
    "regex_catastrophic.yaml": [
        "12: BAD: check.filter.summary_regex: '^(\\w+\\s?)*$' repeats a group that itself repeats "
        "without bound (catastrophic backtracking in most engines); a substring search never "
        "needs it"
    ],
    "filter_is_list.yaml": [
        "12: BAD: check.filter: should be a mapping of keys, not list ['event_type', 'call']"
    ],
    "reading_is_string.yaml": [
        "12: BAD: readings[0]: should be a mapping of keys, not 'trips in 2025'"
    ],
    "filter_key_int.yaml": ["12: BAD: check.filter: a key must be text, not int 1"],
    "check_keys_missing.yaml": [
        "12: BAD: check.b: required, but missing",
        "12: BAD: check.claimed_days: required, but missing",
    ],
    "check_absent.yaml": [
        "8: BAD: entry: give either 'check' or 'readings' (a list of labelled checks)"
    ],
    "claimed_string.yaml": ["13: BAD: check.claimed: Input should be a valid integer (got '3')"],
    "claimed_date_impossible.yaml": [
        "13: BAD: check.claimed_date: '2025-02-30' is not a calendar date"
    ],
    "person_unknown.yaml": [
        "12: BAD: check.filter.persons[0]: 'amir-khan-mutaqi' is not a person id in the dataset"
    ],
    "iso3_unknown.yaml": [
        "12: BAD: check.filter.host_iso3[0]: 'IRA' is not an ISO 3166-1 alpha-3 code"
    ],
    "key_misspelt.yaml": [
        "15: BAD: check.tolerence: unknown key (a typo? see data/claims/schema.json for the keys "
        "each kind takes)"
    ],
    "id_twice.yaml": ["8: GOOD: id: duplicate claim id"],
}
# files that cannot be a registry at all: refused whole
FILE_PROBLEMS = {
    "claims_is_int.yaml": "4: claims: 'claims' must be a list of claim entries, not int",
    "as_of_impossible.yaml": "3: as_of: '2025-02-30' is not a calendar date",
    "key_twice.yaml": "14: duplicate key 'claimed' (YAML would keep only the last)",
    "alias_bomb.yaml": "9: the YAML expands to more than 200000 nodes (an alias bomb?); refused",
}


def test_the_corpus_is_complete():
    assert sorted(p.name for p in BAD.glob("*.yaml")) == sorted({**ENTRY_PROBLEMS, **FILE_PROBLEMS})


@pytest.mark.parametrize("name", sorted(ENTRY_PROBLEMS))
def test_malformed_entry_is_refused_and_its_neighbour_loads(ds, name):
    reg = claims.load_registry(BAD / name, dataset=ds)
    assert reg.problems == [f"{name}:{p}" for p in ENTRY_PROBLEMS[name]]
    assert [e.id for e in reg.claims] == ["GOOD"]
    assert claims.evaluate(ds, reg)["claim_id"].tolist() == ["GOOD"]


@pytest.mark.parametrize("name", sorted(FILE_PROBLEMS))
def test_malformed_file_is_refused_whole(ds, name):
    t0 = time.perf_counter()
    with pytest.raises(claims.RegistryError) as err:
        claims.load_registry(BAD / name, dataset=ds)
    assert [str(p) for p in err.value.problems] == [f"{name}:{FILE_PROBLEMS[name]}"]
    assert time.perf_counter() - t0 < 0.5  # the alias bomb too: refused before it expands


def test_too_many_aliases_are_refused(tmp_path):
    f = tmp_path / "r.yaml"
    f.write_text("x: &x 1\ny: [" + ", ".join(["*x"] * (yamlsafe.MAX_ALIASES + 1)) + "]\n")
    with pytest.raises(claims.RegistryError, match=r"r.yaml:2: more than 100 YAML aliases"):
        claims.load_registry(f)


def test_oversized_file_is_refused_unread(tmp_path):
    f = tmp_path / "big.yaml"
    f.write_text("# " + "x" * yamlsafe.MAX_BYTES + "\n")
    with pytest.raises(claims.RegistryError, match="big.yaml: .* bytes; a registry is at most"):
        claims.load_registry(f)


@pytest.mark.parametrize(
    "name", ["../events.csv", "/etc/passwd", "claims/../persons.csv", "../claims/x.txt"]
)
def test_a_registry_path_outside_data_claims_is_refused(mini_copy, name):
    with pytest.raises(claims.RegistryError, match="must be a .yaml file inside"):
        claims.load_registry(name, data_dir=mini_copy)


def test_a_registry_path_inside_data_claims_is_read(mini_copy):
    rel = "claims/diplomat-2025-07-travel-diplomacy.yaml"
    assert claims.load_registry(rel, data_dir=mini_copy).as_of == "2025-06-30"
    absolute = (mini_copy / rel).resolve()
    assert claims.registry_path(mini_copy, absolute) == absolute


def test_evaluate_refuses_an_unknown_id_it_was_not_loaded_against(ds):
    reg = claims.load_registry(BAD / "person_unknown.yaml")  # no dataset: the schema cannot know
    with pytest.raises(claims.RegistryError, match="'amir-khan-mutaqi' is not a person id"):
        claims.evaluate(ds, reg)


def test_re2_matching_is_linear_in_the_text():
    """The catastrophic pattern is refused at load; were one to slip through, RE2 still runs it."""
    text = pd.Series(["a" * 40 + "!", "Muttaqi met Araghchi in Tehran"] * 2000)
    t0 = time.perf_counter()
    hit = patterns.matches(text, r"^(\w+\s?)*$")
    assert time.perf_counter() - t0 < 1
    assert hit[:2].tolist() == [False, True]


# --------------------------------------------------------------------------- several registries


def _data_with(mini_copy: Path, *bad: str) -> Path:
    for name in bad:
        shutil.copy(BAD / name, mini_copy / "claims" / name)
    return mini_copy


def test_registry_problems_checks_every_registry(mini, mini_copy):
    d = _data_with(mini_copy, "op_unknown.yaml", "alias_bomb.yaml")
    found = [str(p) for p in claims.registry_problems(d, mini)]
    assert found == [
        f"alias_bomb.yaml:{FILE_PROBLEMS['alias_bomb.yaml']}",
        f"op_unknown.yaml:{ENTRY_PROBLEMS['op_unknown.yaml'][0]}",
    ]


def test_cli_claims_reports_a_bad_registry_and_evaluates_the_others(mini_copy, capsys):
    d = _data_with(mini_copy, "op_unknown.yaml", "claims_is_int.yaml")
    status = cli.main(["claims", "--data-dir", str(d)])
    out, err = capsys.readouterr()
    assert status == 1 and "Traceback" not in err
    assert "claims_is_int.yaml:4: claims:" in err and "op_unknown.yaml:15: BAD: check.op:" in err
    assert "diplomat-2025-07-travel-diplomacy.yaml: as of 2025-06-30" in out
    assert "op_unknown.yaml: as of 2025-06-30" in out  # its good entry is still evaluated


def test_cli_validate_checks_the_registries(mini_copy, capsys):
    d = _data_with(mini_copy, "person_unknown.yaml")
    assert cli.main(["validate", "--data-dir", str(d)]) == 1
    out = capsys.readouterr().out
    assert "person_unknown.yaml:12: BAD: check.filter.persons[0]:" in out


# --------------------------------------------------------------------------- the schema


def test_schema_json_is_the_generated_one():
    committed = (paths.CLAIMS_DIR / "schema.json").read_text(encoding="utf-8")
    assert committed == schema.json_schema_text(), (
        "regenerate: python -c 'from helpers.claims import write_json_schema; write_json_schema()'"
    )


def test_every_registry_points_editors_at_the_schema_and_passes_it():
    validator = jsonschema.Draft202012Validator(
        json.loads((paths.CLAIMS_DIR / "schema.json").read_text())
    )
    for f in sorted(paths.CLAIMS_DIR.glob("*.yaml")):
        assert (
            f.read_text(encoding="utf-8").splitlines()[0]
            == "# yaml-language-server: $schema=schema.json"
        )
        doc, _ = yamlsafe.read(f)
        assert list(validator.iter_errors(doc)) == [], f.name
    bad, _ = yamlsafe.read(BAD / "op_unknown.yaml")
    assert not validator.is_valid(bad)  # editors see the typo too


def test_schema_enums_match_the_datapackage():
    desc = json.loads((paths.DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for r in desc["resources"] for f in r["schema"]["fields"]}
    enum = {n: f.get("constraints", {}).get("enum") for n, f in fields.items()}
    args = lambda t: list(t.__args__)  # noqa: E731
    assert args(values.EventType) == enum["event_type"]
    assert args(values.Direction) == enum["direction"]
    assert args(values.Status) == [*enum["status"], "any"]
    assert args(values.Tier) == enum["counterpart_tier"]
    assert args(values.EnvoyRank) == enum["envoy_rank"]
    assert args(values.Region) == enum["m49_region"]


def test_one_check_per_kind():
    assert sorted(CHECKS) == sorted(k for k in values.KINDS if k != "opinion")


def test_a_date_left_unquoted_stays_a_string(tmp_path):
    f = tmp_path / "r.yaml"
    f.write_text(yaml.safe_dump({"source": {"title": "t"}, "claims": []}) + "as_of: 2025-06-30\n")
    assert claims.load_registry(f).as_of == "2025-06-30"


@pytest.mark.parametrize(
    "text,expected",
    [
        (b"\x00\x01", "r.yaml: YAML syntax error: unacceptable character #x0000"),
        (b"claims: [!!python/object:os.system {}]\n", "could not determine a constructor"),
        (
            b"[" * 3000 + b"]" * 3000,
            "r.yaml:1: YAML syntax error: column 1001: exceeded maximum nesting depth",
        ),
        (b"- a\n", "r.yaml: a registry is a mapping with 'source', 'as_of' and 'claims'"),
        (b"source: {title: t}\nclaims: []\n", "r.yaml:1: as_of: required, but missing"),
    ],
)
def test_hostile_files_are_refused_without_a_traceback(tmp_path, text, expected):
    f = tmp_path / "r.yaml"
    f.write_bytes(text)
    with pytest.raises(claims.RegistryError) as err:
        claims.load_registry(f)
    assert expected in str(err.value)
