"""Each notebook runs under papermill with its defaults and with a second parameter set, with no
error output, and shows what its parameters ask for. Same code path as the build (papermill +
the project's kernel)."""

from __future__ import annotations

import json
import re

import nbformat
import papermill
import pytest

from helpers import build, claims, paths

from .conftest import ARTICLE

pytestmark = pytest.mark.slow
NOTEBOOKS = sorted(p.stem for p in build.notebooks())
SECOND = {"as_of": "2024-12-31", "start": "2024-01-01", "end": "2024-12-31"}


def run(name: str, params: dict) -> nbformat.NotebookNode:
    path = paths.NOTEBOOKS_DIR / f"{name}.ipynb"
    return papermill.execute_notebook(
        str(path),
        None,
        parameters=params,
        kernel_name=paths.KERNEL_NAME,
        progress_bar=False,
        cwd=str(paths.NOTEBOOKS_DIR),
        km=build.kernel_manager(),
    )


def text_of(nb) -> str:
    out = []
    for c in nb.cells:
        for o in c.get("outputs", []):
            assert o.get("output_type") != "error", f"{o.get('ename')}: {o.get('evalue')}"
            if o.get("name") == "stderr":
                assert "Traceback" not in o.get("text", "")
            data = o.get("data", {})
            out.append(data.get("text/html", "") + data.get("text/plain", "") + o.get("text", ""))
    return "\n".join(out)


def test_notebooks_committed_without_outputs():
    for p in build.notebooks():
        nb = json.loads(p.read_text(encoding="utf-8"))
        for c in nb["cells"]:
            if c["cell_type"] == "code":
                assert not c.get("outputs") and c.get("execution_count") is None, p.name
        first_code = next(c for c in nb["cells"] if c["cell_type"] == "code")
        assert "parameters" in first_code["metadata"].get("tags", []), p.name


def test_parameters_declared_everywhere():
    for p in build.notebooks():
        declared = build.declared_parameters(p)
        assert {"as_of", "start", "end", "data_dir", "edition", "input_hash"} <= declared, p.name


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_defaults(name):
    html = text_of(run(name, {}))
    assert "Cite this report" in html and "dataset SHA-256" in html
    assert "<img alt=" in html or name in ("03_first_visits", "08_events"), "figures carry alt text"
    if name == "05_claims_scorecard":
        reg = claims.load_registry(ARTICLE)
        for entry in reg.claims:
            assert entry["id"] in html, entry["id"]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_second_parameter_set(name, ds):
    html = text_of(run(name, SECOND))
    assert "2024-12-31" in html  # the header shows the parameters used
    if name == "02_trip_counts":
        # every event listed in the trip table lies in the window
        ids = set(
            re.findall(
                r"AFE\d{5}",
                html.split("Every trip stop")[-1] if "Every trip stop" in html else html,
            )
        )
        dates = ds.events.set_index("event_id")["start"]
        listed = [dates[i] for i in ids if i in dates.index]
        assert listed and all(str(d.date()) <= "2024-12-31" for d in listed)
    if name == "05_claims_scorecard":
        for entry in claims.load_registry(ARTICLE).claims:
            assert entry["id"] in html


def test_bad_parameter_fails_clearly():
    with pytest.raises(papermill.PapermillExecutionError, match="start"):
        run("02_trip_counts", {"start": "2025-06-01", "end": "2025-01-01"})
    with pytest.raises(papermill.PapermillExecutionError, match="ISO date"):
        run("02_trip_counts", {"as_of": "30/06/2025"})
