"""The report build: reproducible, incremental, safe under failure, interruption and concurrency,
and strict about parameters (refused before any kernel starts)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from helpers import build, paths
from helpers.build import run as build_run
from helpers.cli import main

pytestmark = pytest.mark.slow
ROOT = paths.ROOT


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def snapshot(d: Path) -> dict[str, str]:
    return {
        str(p.relative_to(d)): sha(p)
        for p in sorted(d.rglob("*"))
        if p.is_file() and p.name != ".build.lock"
    }


def project(tmp_path: Path, notebooks: list[str] | None = None) -> Path:
    """A copy of the project's inputs (pyproject, lock, notebooks, data) to build elsewhere."""
    root = tmp_path / "proj"
    (root / "notebooks").mkdir(parents=True)
    for f in ("pyproject.toml", "uv.lock"):
        shutil.copy(ROOT / f, root / f)
    for nb in build.notebooks():
        if notebooks is None or nb.stem in notebooks:
            shutil.copy(nb, root / "notebooks" / nb.name)
    shutil.copytree(ROOT / "data", root / "data")
    return root


def cli(*args: str, root: Path | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    env = dict(os.environ, **({"TRACKER_ROOT": str(root)} if root else {}))
    return subprocess.run(
        [sys.executable, "-m", "helpers.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def test_committed_reports_are_reproducible(tmp_path):
    """Rebuild every report into a temporary folder: byte-identical to the committed ones."""
    out = tmp_path / "reports"
    status = build.build(force=True, out_dir=out, progress=False)
    assert status == 0
    committed = snapshot(ROOT / "reports")
    rebuilt = snapshot(out)
    assert committed == rebuilt, sorted(set(committed.items()) ^ set(rebuilt.items()))[:6]
    manifest = json.loads((out / "manifest.json").read_text())
    for name, entry in manifest["reports"].items():
        assert sha(out / entry["html"]) == entry["html_sha256"], name
    # offline: no script or stylesheet is fetched from the network when a report opens
    for html in out.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "<script src=" not in text and "cdnjs" not in text and "cdn.jsdelivr" not in text, (
            html
        )
        assert "Cite this report" in text or html.name == "index.html"


def test_incremental_and_subset(tmp_path):
    root = project(tmp_path, ["01_dataset", "04_milestones"])
    out = tmp_path / "out"
    args = dict(
        root=root, out_dir=out, editions=["article"], data_dir=root / "data", progress=False
    )
    assert build.build(selected=["01_dataset"], **args) == 0
    assert sorted(p.name for p in (out / "article").iterdir()) == [
        "01_dataset.full.html",
        "01_dataset.html",
    ]
    run, fresh, _ = build.plan(
        root=root,
        out_dir=out,
        selected=None,
        editions=["article"],
        force=False,
        data_dir=root / "data",
    )
    assert [j.notebook for j in run] == ["04_milestones"] and [j.notebook for j in fresh] == [
        "01_dataset"
    ]
    assert build.build(**args) == 0
    run, fresh, _ = build.plan(
        root=root,
        out_dir=out,
        selected=None,
        editions=["article"],
        force=False,
        data_dir=root / "data",
    )
    assert run == [] and len(fresh) == 2, "nothing changed: nothing re-runs"
    # touching a data file re-runs everything that reads it
    ev = root / "data" / "events.csv"
    ev.write_text(
        ev.read_text(encoding="utf-8").replace("day-long visit", "one-day visit", 1),
        encoding="utf-8",
    )
    run, _, _ = build.plan(
        root=root,
        out_dir=out,
        selected=None,
        editions=["article"],
        force=False,
        data_dir=root / "data",
    )
    assert len(run) == 2
    # editing one notebook re-runs only that notebook (data restored first)
    shutil.copy(ROOT / "data" / "events.csv", ev)
    nbp = root / "notebooks" / "04_milestones.ipynb"
    nb = nbformat.read(nbp, as_version=4)
    nb.cells[-1].source += "\n# edited"
    nbformat.write(nb, nbp)
    run, _, _ = build.plan(
        root=root,
        out_dir=out,
        selected=None,
        editions=["article"],
        force=False,
        data_dir=root / "data",
    )
    assert [j.notebook for j in run] == ["04_milestones"]


BROKEN = """
as_of = "2025-06-30"
start = "2025-01-01"
end = "2025-05-31"
data_dir = ""
claims_file = ""
edition = "interactive"
input_hash = ""
"""


def add_notebook(root: Path, name: str, body: str) -> None:
    nb = nbformat.v4.new_notebook()
    p = nbformat.v4.new_code_cell(BROKEN)
    p.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {name}"), p, nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {
        "name": paths.KERNEL_NAME,
        "display_name": "x",
        "language": "python",
    }
    nbformat.write(nb, root / "notebooks" / f"{name}.ipynb")


def test_failure_is_reported_and_previous_report_kept(tmp_path):
    root = project(tmp_path, ["01_dataset"])
    out = tmp_path / "out"
    args = dict(
        root=root, out_dir=out, editions=["article"], data_dir=root / "data", progress=False
    )
    assert build.build(**args) == 0
    before = snapshot(out / "article")
    add_notebook(root, "98_ok", "print('fine')")
    add_notebook(root, "99_broken", "x = 1\nraise ValueError('boom in the data')")
    # make the good notebook stale too, so it re-runs beside the failing one
    ev = root / "data" / "events.csv"
    ev.write_text(
        ev.read_text(encoding="utf-8").replace("day-long visit", "one-day visit", 1),
        encoding="utf-8",
    )
    run = cli(
        "build",
        "--out",
        str(out),
        "--edition",
        "article",
        "--data-dir",
        str(root / "data"),
        "--no-progress",
        root=root,
        timeout=600,
    )
    env_ok = run.returncode == 1
    assert env_ok, run.stdout + run.stderr
    assert (
        "FAILED 99_broken [article] cell" in run.stderr
        and "ValueError: boom in the data" in run.stderr
    )
    assert "Traceback" not in run.stderr
    assert (out / "article" / "98_ok.html").exists(), "a failing notebook does not stop the others"
    assert not (out / "article" / "99_broken.html").exists()
    assert (
        sha(out / "article" / "01_dataset.html") != before["01_dataset.html"]
    )  # rebuilt with new data


def test_missing_data_file_stops_before_any_report(tmp_path):
    out = tmp_path / "out"
    shutil.copytree(ROOT / "reports", out)
    before = snapshot(out)
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "sources.csv").unlink()
    run = cli("build", "--out", str(out), "--data-dir", str(data), "--no-progress")
    assert run.returncode == 1
    lines = [ln for ln in run.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "sources.csv" in lines[0], run.stderr
    assert snapshot(out) == before


@pytest.mark.parametrize(
    "args,fragment",
    [
        (["--edition", "nosuch"], "unknown edition"),
        (["no_such_notebook"], "unknown notebook"),
    ],
)
def test_bad_build_arguments_refused(tmp_path, args, fragment):
    run = cli("build", "--out", str(tmp_path / "o"), "--no-progress", *args)
    assert run.returncode == 1 and fragment in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize(
    "edit,fragment",
    [
        ({"start": "2025-06-01", "end": "2025-01-01"}, "is after end"),
        ({"as_of": "2999-01-01"}, "in the future"),
        ({"as_of": "2020-01-01"}, "before the takeover"),
        ({"as_of": "2025-02-30"}, "not a real date"),
    ],
)
def test_bad_edition_parameters_refused_before_kernels(
    tmp_path, monkeypatch, capsys, edit, fragment
):
    root = project(tmp_path, ["01_dataset"])
    py = (root / "pyproject.toml").read_text()
    block = "[tool.taliban-tracker.editions.article]\n"
    extra = "".join(f'{k} = "{v}"\n' for k, v in edit.items())
    py = py.replace(block, "[tool.taliban-tracker.editions.bad]\n" + extra + block)
    (root / "pyproject.toml").write_text(py)
    monkeypatch.setattr(build_run, "_execute", lambda *a, **k: pytest.fail("a kernel was started"))
    monkeypatch.setenv("TRACKER_ROOT", str(root))
    monkeypatch.setattr(paths, "ROOT", root)
    status = main(
        [
            "build",
            "--out",
            str(tmp_path / "o"),
            "--edition",
            "bad",
            "--data-dir",
            str(root / "data"),
            "--no-progress",
        ]
    )
    assert status == 1
    assert fragment in capsys.readouterr().err


def test_lock_refuses_second_build_and_is_released_when_holder_dies(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time; from filelock import FileLock; l = FileLock(sys.argv[1]); l.acquire();"
                " print('held', flush=True); time.sleep(600)"
            ),
            str(out / ".build.lock"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    run = cli("build", "01_dataset", "--edition", "article", "--out", str(out), "--no-progress")
    assert run.returncode == 1 and "another build holds" in run.stderr
    holder.kill()
    holder.wait()
    run = cli("build", "01_dataset", "--edition", "article", "--out", str(out), "--no-progress")
    assert run.returncode == 0, run.stderr


def test_sigkill_mid_build_leaves_no_partial_report(tmp_path):
    out = tmp_path / "out"
    shutil.copytree(ROOT / "reports", out)
    before = snapshot(out)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "helpers.cli",
            "build",
            "--force",
            "--jobs",
            "1",
            "--out",
            str(out),
            "--no-progress",
        ],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(9)  # well inside the first notebooks
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    after = snapshot(out)
    # every file is either the old report or a complete new one (same bytes: the build is deterministic)
    assert after == before
    assert not [p for p in out.rglob("*") if p.is_file() and ".tmp" in p.name]
    run = cli("build", "--out", str(out), "--no-progress")
    assert run.returncode == 0, run.stderr


def test_many_notebooks_concurrently(tmp_path):
    """Parallel kernel starts do not collide (IPC transport with unique socket paths)."""
    root = project(tmp_path, [])
    for i in range(12):
        add_notebook(root, f"{i + 10:02d}_tiny", f"print({i})")
    status = build.build(
        root=root,
        out_dir=tmp_path / "o",
        editions=["article"],
        jobs=4,
        data_dir=root / "data",
        progress=False,
    )
    assert status == 0
    assert len(list((tmp_path / "o" / "article").glob("*_tiny.html"))) == 12


def test_kernels_are_shut_down_after_each_notebook(tmp_path):
    """nbclient leaves running a kernel whose manager it did not create: the build stops each one
    itself, after a good notebook and after a failing one (in-process run, so kernels are children)."""
    import psutil

    root = project(tmp_path, [])
    add_notebook(root, "98_ok", "print('fine')")
    add_notebook(root, "99_broken", "raise ValueError('boom')")
    status = build.build(
        root=root,
        out_dir=tmp_path / "out",
        editions=["article"],
        data_dir=root / "data",
        jobs=1,
        progress=False,
    )
    assert status == 1  # the broken notebook fails, the other is built
    time.sleep(0.5)
    kernels = [
        p for p in psutil.Process().children(recursive=True) if "ipykernel" in " ".join(p.cmdline())
    ]
    assert kernels == []


def test_editing_a_claims_registry_reruns_the_reports(tmp_path):
    """Registries are inputs too: the scorecard and 02's published counts read them."""
    root = project(tmp_path, ["01_dataset"])
    out = tmp_path / "out"
    args = dict(root=root, out_dir=out, editions=["article"], data_dir=root / "data")
    assert build.build(progress=False, **args) == 0
    run, fresh, _ = build.plan(selected=None, force=False, **args)
    assert not run and [j.notebook for j in fresh] == ["01_dataset"]
    reg = root / "data" / "claims" / "mujahid-2025-year-end-99-visits.yaml"
    reg.write_text(reg.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    run, fresh, _ = build.plan(selected=None, force=False, **args)
    assert [j.notebook for j in run] == ["01_dataset"] and not fresh


def test_a_broken_registry_is_refused_before_kernels(tmp_path, monkeypatch, capsys):
    """Any registry in data/claims may be read by a report, so each is checked up front."""
    root = project(tmp_path, ["01_dataset"])
    (root / "data" / "claims" / "zz-broken.yaml").write_text(
        "source: {id: x, title: x, date: '2025-01-01'}\nas_of: [unclosed\n", encoding="utf-8"
    )
    monkeypatch.setattr(build_run, "_execute", lambda *a, **k: pytest.fail("a kernel was started"))
    monkeypatch.setattr(paths, "ROOT", root)
    status = main(
        [
            "build",
            "--out",
            str(tmp_path / "o"),
            "--edition",
            "article",
            "--data-dir",
            str(root / "data"),
            "--no-progress",
        ]
    )
    assert status == 1
    assert "zz-broken.yaml" in capsys.readouterr().err
    assert not (tmp_path / "o" / "article").exists()
