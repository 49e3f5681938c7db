"""The notebooks and the reports built from them: parameters declared once, no outputs committed,
every report built for both editions and for a second parameter set, reproducible byte for byte.
Report pages come from the session's one build (``built_reports``); no test here runs a notebook
except the one-report reproducibility check."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
import yaml

from helpers import build, params, paths
from helpers.errors import ParameterError

from .conftest import ARTICLE, SECOND, SECOND_NOTEBOOKS

NOTEBOOKS = sorted(p.stem for p in build.notebooks())
EDITIONS = ["article", "current"]


def page(out: Path, edition: str, name: str) -> str:
    return (out / edition / f"{name}.html").read_text(encoding="utf-8")


def test_notebooks_committed_without_outputs():
    for p in build.notebooks():
        nb = json.loads(p.read_text(encoding="utf-8"))
        for c in nb["cells"]:
            if c["cell_type"] == "code":
                assert not c.get("outputs") and c.get("execution_count") is None, p.name
        first_code = next(c for c in nb["cells"] if c["cell_type"] == "code")
        assert "parameters" in first_code["metadata"].get("tags", []), p.name


@pytest.mark.slow
def test_declared_parameters_agree_with_papermill():
    """The build reads the parameters cell with ast (no papermill import on a no-op build)."""
    import papermill

    for p in build.notebooks():
        declared = build.declared_parameters(p)
        assert declared == set(papermill.inspect_notebook(str(p))), p.name
        assert {"as_of", "start", "end", "data_dir", "edition", "input_hash"} <= declared, p.name


def test_bad_parameters_fail_clearly():
    with pytest.raises(ParameterError, match="is after end"):
        params.window("2025-06-30", "2025-06-01", "2025-01-01")
    with pytest.raises(ParameterError, match="expected an ISO date YYYY-MM-DD"):
        params.window("30/06/2025", None, None)


@pytest.mark.slow
@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_report_is_built_and_citable(built_reports, edition, name):
    html = page(built_reports, edition, name)
    assert "Cite this report" in html and "dataset SHA-256" in html
    assert "Traceback" not in html
    assert "<img alt=" in html or name in ("03_first_visits", "08_events"), "figures carry alt text"


@pytest.mark.slow
def test_scorecard_lists_every_claim_of_the_article(built_reports):
    ids = [c["id"] for c in yaml.safe_load(ARTICLE.read_text(encoding="utf-8"))["claims"]]
    assert len(ids) > 10
    for edition in [*EDITIONS, SECOND["name"]]:
        html = page(built_reports, edition, "05_claims_scorecard")
        missing = [i for i in ids if i not in html]
        assert not missing, (edition, missing)


@pytest.mark.slow
def test_second_parameter_set(built_reports, ds):
    for name in SECOND_NOTEBOOKS:
        assert SECOND["end"] in page(built_reports, SECOND["name"], name)  # header shows it
    html = page(built_reports, SECOND["name"], "02_trip_counts")
    ids = set(re.findall(r"AFE\d{5}", html.split("Every trip stop")[-1]))
    dates = ds.events.set_index("event_id")["start"]
    listed = [dates[i] for i in ids if i in dates.index]
    assert listed and all(str(d.date()) <= SECOND["end"] for d in listed)


@pytest.mark.slow
def test_manifest_index_and_offline_pages(built_reports):
    manifest = json.loads((built_reports / "manifest.json").read_text())
    expected = {f"{e}/{n}" for e in EDITIONS for n in NOTEBOOKS}
    expected |= {f"{SECOND['name']}/{n}" for n in SECOND_NOTEBOOKS}
    assert set(manifest["reports"]) == expected
    for name, entry in manifest["reports"].items():
        for k, f in (("html_sha256", "html"), ("full_sha256", "full_html")):
            digest = hashlib.sha256((built_reports / entry[f]).read_bytes()).hexdigest()
            assert digest == entry[k], name
    assert manifest["editions"][SECOND["name"]]["adhoc"] is True
    assert manifest["editions"][SECOND["name"]]["parameters"]["as_of"] == SECOND["as_of"]
    index = (built_reports / "index.html").read_text(encoding="utf-8")
    assert f'href="{SECOND["name"]}/02_trip_counts.html"' in index
    for html in built_reports.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "<script src=" not in text and "cdnjs" not in text and "cdn.jsdelivr" not in text


@pytest.mark.slow
def test_committed_reports_are_what_the_code_builds(built_reports):
    """Every committed page and CSV of both editions is byte for byte what this checkout builds,
    so a diff of reports/ shows every changed figure, and what readers cite is current."""
    for edition in EDITIONS:
        committed = paths.REPORTS_DIR / edition
        have = {p.relative_to(committed) for p in committed.rglob("*") if p.is_file()}
        want = {
            p.relative_to(built_reports / edition) for p in (built_reports / edition).rglob("*")
        }
        want = {p for p in want if (built_reports / edition / p).is_file()}
        assert have == want, (edition, sorted(have ^ want)[:5])
        stale = [
            str(p) for p in sorted(want)
            if (committed / p).read_bytes() != (built_reports / edition / p).read_bytes()
        ]  # fmt: skip
        assert not stale, f"reports/{edition}: {stale[:5]} differ: run `make reports`, commit"


@pytest.mark.slow
def test_reports_are_reproducible(built_reports, tmp_path):
    """A second forced build of one report gives the same bytes; a no-op build changes nothing."""
    out = tmp_path / "again"
    summary = build.build(
        force=True, out_dir=out, selected=["01_dataset"], editions=["article"], progress=False
    )
    assert summary.status == 0
    for suffix in (".html", ".full.html"):
        name = f"article/01_dataset{suffix}"
        assert (out / name).read_bytes() == (built_reports / name).read_bytes(), name
    before = {p: p.read_bytes() for p in built_reports.rglob("*") if p.is_file()}
    summary = build.build(out_dir=built_reports, progress=False)
    assert summary.status == 0 and not summary.built and len(summary.fresh) == 2 * len(NOTEBOOKS)
    assert {p: p.read_bytes() for p in built_reports.rglob("*") if p.is_file()} == before
