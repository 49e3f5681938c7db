"""The report build: per-report keys, checks before any kernel starts, paths, ad-hoc editions,
stopping, failures. Fast tests plan against fake outputs (no kernel); the tests marked slow run
tiny notebooks; the real reports are built once, by ``built_reports`` (see conftest)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from helpers import build, paths
from helpers.build import keys, publish
from helpers.build import run as build_run
from helpers.build.release import list_releases
from helpers.cli import main

ROOT = paths.ROOT
TINY_PARAMS = """
as_of = "2025-06-30"
start = "2025-01-01"
end = "2025-05-31"
data_dir = ""
edition = "interactive"
input_hash = ""
"""
ONE_EDITION = """[tool.taliban-tracker.editions.article]
title = "As of The Diplomat's July 2025 article"
as_of = "2025-06-30"
start = "2025-01-01"
end = "2025-05-31"
"""


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def snapshot(d: Path) -> dict[str, str]:
    return {
        str(p.relative_to(d)): sha(p)
        for p in sorted(d.rglob("*"))
        if p.is_file() and p.name != ".build.lock"
    }


def project(tmp_path: Path, notebooks: list[str] | None = None, pyproject: str = "") -> Path:
    """A copy of the project's inputs (pyproject, notebooks, data) to build elsewhere."""
    root = tmp_path / "proj"
    (root / "notebooks").mkdir(parents=True)
    text = pyproject or (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    if notebooks is not None and not {"02_trip_counts", "05_claims_scorecard"} & set(notebooks):
        # no notebook of this project reads a registry, so its editions name none
        text = re.sub(r"(?m)^claims_file = .*\n", "", text)
    (root / "pyproject.toml").write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "uv.lock", root / "uv.lock")
    for nb in build.notebooks():
        if notebooks is None or nb.stem in notebooks:
            shutil.copy(nb, root / "notebooks" / nb.name)
    shutil.copytree(ROOT / "data", root / "data")
    return root


def add_notebook(root: Path, name: str, body: str, params: str = TINY_PARAMS) -> Path:
    nb = nbformat.v4.new_notebook()
    p = nbformat.v4.new_code_cell(params)
    p.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# Title of {name}"),
        p,
        nbformat.v4.new_code_cell(body),
    ]
    nb.metadata["kernelspec"] = {
        "name": paths.KERNEL_NAME,
        "display_name": "x",
        "language": "python",
    }
    path = root / "notebooks" / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def plan(root: Path, out: Path, **kw):
    args = dict(root=root, out_dir=out, selected=None, editions=None, force=False)
    args.update(kw)
    args.setdefault("data_dir", root / "data")
    return build.plan(**args)


def fake_built(root: Path, out: Path, **kw) -> list:
    """Write pages and a manifest as a build would (no kernel): afterwards every report is up to
    date. Each page's bytes are 'page <edition>/<notebook>'."""
    to_run, _, ctx = plan(root, out, force=True, **kw)
    outcomes = []
    for job in to_run:
        pages = {
            ".html": f"page {job.edition}/{job.notebook}".encode(),
            ".full.html": f"full {job.edition}/{job.notebook}".encode(),
        }
        outcomes.append(
            build.Outcome(
                job,
                True,
                html_sha256=hashlib.sha256(pages[".html"]).hexdigest(),
                full_sha256=hashlib.sha256(pages[".full.html"]).hexdigest(),
                extra={"pages": pages},
            )
        )
        publish.write_pages(out, outcomes[-1])
    publish.write_manifest_and_index(out, outcomes, ctx, list_releases(out))
    return to_run


def stale(root: Path, out: Path, **kw) -> list[str]:
    to_run, _, _ = plan(root, out, **kw)
    return sorted(f"{j.edition}/{j.notebook}" for j in to_run)


@pytest.fixture()
def no_kernels(monkeypatch):
    """Fail the test if the build tries to run a notebook."""
    monkeypatch.setattr(build_run, "_execute", lambda *a, **k: pytest.fail("a kernel was started"))


@pytest.fixture()
def two(tmp_path, monkeypatch) -> tuple[Path, Path]:
    """A project with two real notebooks, built (fake pages) into ``out``; its data folder is
    the default one (as with TRACKER_ROOT pointing at the project)."""
    root = project(tmp_path, ["01_dataset", "04_milestones"])
    monkeypatch.setattr(paths, "DATA_DIR", root / "data")
    out = tmp_path / "out"
    fake_built(root, out)
    assert stale(root, out) == []
    return root, out


# --------------------------------------------------------------------------- keys


def test_editing_one_notebook_reruns_only_its_reports(two):
    root, out = two
    nbp = root / "notebooks" / "04_milestones.ipynb"
    nb = nbformat.read(nbp, as_version=4)
    nb.cells[-1].source += "\n# edited"
    nbformat.write(nb, nbp)
    assert stale(root, out) == ["article/04_milestones", "current/04_milestones"]


def test_lock_file_and_unrelated_files_rerun_nothing(two):
    root, out = two
    (root / "uv.lock").write_text("# a test-only dependency bump\n", encoding="utf-8")
    (root / "data" / "CHANGELOG.md").write_text("edited\n", encoding="utf-8")
    assert stale(root, out) == []


def test_data_registry_and_map_edits_rerun_every_report(two):
    root, out = two
    every = [
        "article/01_dataset",
        "article/04_milestones",
        "current/01_dataset",
        "current/04_milestones",
    ]
    ev = root / "data" / "events.csv"
    original = ev.read_bytes()
    ev.write_bytes(original.replace(b"day-long visit", b"one-day visit", 1))
    assert stale(root, out) == every
    ev.write_bytes(original)
    reg = root / "data" / "claims" / "mujahid-2025-year-end-99-visits.yaml"
    reg.write_text(reg.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert stale(root, out) == every
    fake_built(root, out)
    # the map's shapes are read from the data folder in use, not from the package's data/
    geo = root / "data" / "geo" / "countries-110m.json"
    geo.write_bytes(geo.read_bytes() + b"\n")
    assert stale(root, out) == every


def test_release_version_and_navigation_rerun_every_report(two):
    """Every page's header shows the release it belongs to (citation), the editions and the
    notebooks' titles (navigation): a change to any of them re-runs every report."""
    root, out = two
    every = sorted(
        f"{e}/{n}" for e in ("article", "current") for n in ("01_dataset", "04_milestones")
    )
    py = root / "pyproject.toml"
    text = py.read_text(encoding="utf-8")
    bumped = re.sub(r'(?m)^version = "[^"]+"$', 'version = "99.0.0"', text, count=1)
    assert bumped != text
    py.write_text(bumped, encoding="utf-8")
    assert stale(root, out) == every
    py.write_text(text.replace("As of The Diplomat", "As of the Diplomat"), encoding="utf-8")
    assert stale(root, out) == every
    py.write_text(text, encoding="utf-8")
    assert stale(root, out) == []
    nbp = root / "notebooks" / "04_milestones.ipynb"
    nb = nbformat.read(nbp, as_version=4)
    nb.cells[0].source = nb.cells[0].source.replace("# ", "# Renamed: ", 1)
    nbformat.write(nb, nbp)
    assert stale(root, out) == every


def test_package_versions_are_part_of_the_key(two, monkeypatch):
    root, out = two
    versions = dict(keys.package_versions())
    monkeypatch.setattr(keys, "package_versions", lambda: {**versions, "nbconvert": "0.0.1"})
    assert len(stale(root, out)) == 4


def test_helper_keys_follow_the_import_graph(tmp_path, monkeypatch):
    """A help-text edit in cli.py changes no report's key; an edit in a module the notebook
    imports (even indirectly) does."""
    pkg = tmp_path / "helpers"
    shutil.copytree(keys.HELPERS_DIR, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(keys, "HELPERS_DIR", pkg)
    nb = tmp_path / "n.ipynb"
    cells = [nbformat.v4.new_code_cell("from helpers import params\nparams.window()")]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), nb)
    files = keys.helper_files(nb)
    assert {"__init__.py", "params.py", "errors.py", "build/execute.py"} <= set(files)
    assert "cli.py" not in files and "report.py" not in files and "build/run.py" not in files
    cli = pkg / "cli.py"
    cli.write_text(cli.read_text(encoding="utf-8").replace("help=", "help='' or ", 1))
    assert keys.helper_files(nb) == files
    errors = pkg / "errors.py"  # imported by params.py, not by the notebook itself
    errors.write_text(errors.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert keys.helper_files(nb)["errors.py"] != files["errors.py"]


def test_no_op_build_imports_neither_pandas_nor_papermill(two):
    root, out = two
    code = (
        "import sys\nfrom helpers.cli import main\n"
        f"rc = main(['build', '--out', {str(out)!r}, '--jobs', '1', '--no-progress'])\n"
        "print(rc, sorted(m for m in ('pandas', 'papermill', 'nbformat', 'jsonschema') "
        "if m in sys.modules))\n"
    )
    env = dict(os.environ, TRACKER_ROOT=str(root))
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert run.stdout.splitlines()[-1] == "0 []", run.stdout + run.stderr
    assert "built 0, up to date 4, failed 0" in run.stdout


# --------------------------------------------------------------------------- refused up front


def _cli(root: Path, monkeypatch, *args: str) -> int:
    monkeypatch.setattr(paths, "ROOT", root)
    return main(["build", "--no-progress", *args])


def test_invalid_toml_names_file_and_line(tmp_path, monkeypatch, capsys, no_kernels):
    root = project(tmp_path, ["01_dataset"])
    text = (root / "pyproject.toml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(text, 1) if t.startswith("as_of ="))
    text[line - 1] = 'as_of = "2025-06-30'  # unterminated string
    (root / "pyproject.toml").write_text("\n".join(text) + "\n", encoding="utf-8")
    assert _cli(root, monkeypatch, "--out", str(tmp_path / "o")) == 1
    err = capsys.readouterr().err
    assert f"pyproject.toml:{line}:" in err and "invalid TOML" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "damage,fragment",
    [
        (lambda d: (d / "sources.csv").unlink(), "sources.csv: missing data file"),
        (
            lambda d: (d / "datapackage.json").write_text('{\n  "name": "x",\n  oops\n}'),
            "datapackage.json:3:",
        ),
        (
            lambda d: (d / "datapackage.json").write_text('{"name": "x"}'),
            "datapackage.json: resources:",
        ),
    ],
)
def test_broken_data_folder_stops_before_any_report(
    tmp_path, monkeypatch, capsys, no_kernels, damage, fragment
):
    out = tmp_path / "out"
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    damage(data)
    assert _cli(ROOT, monkeypatch, "--out", str(out), "--data-dir", str(data)) == 1
    err = capsys.readouterr().err
    assert fragment in err and "Traceback" not in err, err
    assert snapshot(out) == {}


@pytest.mark.parametrize(
    "args,fragment",
    [
        (["--edition", "nosuch"], "unknown edition"),
        (["no_such_notebook"], "unknown notebook"),
        (["--jobs", "0"], "--jobs 0: expected a whole number of at least 1"),
        (["--jobs", "-3"], "--jobs -3: expected a whole number of at least 1"),
        (["--name", "Bad Name", "--as-of", "2025-01-31", "--start", "2025-01-01", "--end", "2025-01-31"], "expected a slug"),
        (["--name", "article", "--as-of", "2025-01-31", "--start", "2025-01-01", "--end", "2025-01-31"], "configured already"),
        (["--name", "releases", "--as-of", "2025-01-31", "--start", "2025-01-01", "--end", "2025-01-31"], "reserved"),
        (["--name", "q1", "--as-of", "2025-02-30", "--start", "2025-01-01", "--end", "2025-01-31"], "--as-of '2025-02-30': not an ISO date"),
        (["--name", "q1", "--as-of", "31/01/2025", "--start", "2025-01-01", "--end", "2025-01-31"], "not an ISO date"),
        (["--name", "q1", "--start", "2025-01-01", "--end", "2025-01-31"], "--name needs --as-of"),
        (["--name", "q1", "--as-of", "2025-03-31", "--start", "2025-02-01", "--end", "2025-01-31"], "is after --end"),
        (["--name", "q1", "--as-of", "2999-01-31", "--start", "2025-01-01", "--end", "2025-01-31"], "in the future"),
        (["--name", "q1", "--edition", "article", "--as-of", "2025-01-31", "--start", "2025-01-01", "--end", "2025-01-31"], "leave out --edition"),
        (["02_trip_counts", "--name", "q1", "--as-of", "2025-01-31", "--start", "2025-01-01", "--end", "2025-01-31"], "leave out the notebook names"),
    ],
)  # fmt: skip
def test_bad_build_arguments_refused(tmp_path, monkeypatch, capsys, no_kernels, args, fragment):
    assert _cli(ROOT, monkeypatch, "--out", str(tmp_path / "o"), *args) == 1
    err = capsys.readouterr().err
    assert fragment in err and "Traceback" not in err, err
    assert not (tmp_path / "o" / "q1").exists()


def test_bad_output_folders_refused(tmp_path, monkeypatch, capsys, no_kernels):
    afile = tmp_path / "file.html"
    afile.write_text("x")
    for out, fragment in (
        (str(afile), "exists and is not a folder"),
        ("/", "refusing to write reports into the root folder"),
        (str(tmp_path / "reports" / "releases" / "v1"), "releases are written only by `release`"),
    ):
        assert _cli(ROOT, monkeypatch, "--out", out) == 1
        err = capsys.readouterr().err
        assert fragment in err and "Traceback" not in err, err
    assert afile.read_text() == "x"


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
    tmp_path, monkeypatch, capsys, no_kernels, edit, fragment
):
    root = project(tmp_path, ["01_dataset"])
    py = (root / "pyproject.toml").read_text()
    block = "[tool.taliban-tracker.editions.article]\n"
    extra = "".join(f'{k} = "{v}"\n' for k, v in edit.items())
    (root / "pyproject.toml").write_text(
        py.replace(block, "[tool.taliban-tracker.editions.bad]\n" + extra + block)
    )
    out = tmp_path / "o"
    assert _cli(root, monkeypatch, "--out", str(out), "--edition", "bad") == 1
    assert fragment in capsys.readouterr().err
    assert not (out / "bad").exists()


def test_a_claims_file_outside_data_claims_is_refused(tmp_path, monkeypatch, capsys, no_kernels):
    """A claims file must be a registry inside data/claims, never any file a path reaches."""
    root = project(tmp_path, ["05_claims_scorecard"])
    py = (root / "pyproject.toml").read_text()
    block = "[tool.taliban-tracker.editions.article]\n"
    bad = '[tool.taliban-tracker.editions.bad]\nas_of = "2025-06-30"\nclaims_file = "../pyproject.toml"\n'
    (root / "pyproject.toml").write_text(py.replace(block, bad + block))
    out = tmp_path / "o"
    assert _cli(root, monkeypatch, "--out", str(out), "--edition", "bad") == 1
    err = capsys.readouterr().err
    assert "data/claims" in err and "Traceback" not in err, err
    assert not (out / "bad").exists()


def test_a_broken_registry_is_refused_before_kernels(tmp_path, monkeypatch, capsys, no_kernels):
    root = project(tmp_path, ["01_dataset"])
    (root / "data" / "claims" / "zz-broken.yaml").write_text(
        "source: {id: x, title: x, date: '2025-01-01'}\nas_of: [unclosed\n", encoding="utf-8"
    )
    out = tmp_path / "o"
    assert _cli(root, monkeypatch, "--out", str(out), "--data-dir", str(root / "data")) == 1
    assert "zz-broken.yaml" in capsys.readouterr().err
    assert not (out / "article").exists()


def test_relative_data_dir_is_resolved_before_kernels_run(tmp_path, monkeypatch):
    """Kernels run in notebooks/, so the folder they are given must be absolute."""
    root = project(tmp_path, ["01_dataset"])
    monkeypatch.chdir(tmp_path)
    to_run, _, _ = build.plan(
        root=root,
        out_dir=tmp_path / "o",
        selected=None,
        editions=["article"],
        force=True,
        data_dir=Path("proj/data"),
    )
    assert to_run[0].parameters["data_dir"] == str(tmp_path / "proj" / "data")


def test_temporary_files_are_written_next_to_the_target(tmp_path, monkeypatch):
    """os.replace is atomic only within one filesystem: temporary files live beside the target."""
    import tempfile

    dirs = []
    real = tempfile.mkstemp

    def spy(*a, **k):
        dirs.append(Path(k["dir"]))
        return real(*a, **k)

    monkeypatch.setattr(tempfile, "mkstemp", spy)
    target = tmp_path / "out" / "article" / "x.html"
    publish.write_atomic(target, "<p>x</p>")
    assert dirs == [target.parent] and target.read_text() == "<p>x</p>"
    assert [p.name for p in target.parent.iterdir()] == ["x.html"]


def test_run_job_leaves_the_callers_environment_alone(monkeypatch):
    """The kernel's environment is a copy (PYTHONHASHSEED etc. set there only)."""
    from helpers.build import execute

    monkeypatch.delenv("PYTHONHASHSEED", raising=False)
    before = dict(os.environ)
    env = execute.kernel_env()
    assert env["PYTHONHASHSEED"] == "0" and env["TRACKER_BUILD"] == "1"
    assert dict(os.environ) == before


# --------------------------------------------------------------------------- tiny notebooks


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> tuple[Path, Path]:
    """A one-edition project with four tiny notebooks, built with two workers into /dev/shm
    (another filesystem than the project where /dev/shm is tmpfs)."""
    base = tmp_path_factory.mktemp("tiny")
    root = project(base, [], pyproject=ONE_EDITION)
    add_notebook(root, "96_ok", "print('fine')")
    add_notebook(root, "97_dies", "import os\nos._exit(1)")
    add_notebook(root, "98_named", "print(f'name={notebook} title={title}', 'claims_file' in globals())",
                 TINY_PARAMS + 'notebook = ""\ntitle = ""\n')  # fmt: skip
    add_notebook(root, "99_broken", "x = 1\nraise ValueError('boom in the data')")
    shm = Path("/dev/shm")
    out = (Path(os.path.realpath(shm)) if shm.is_dir() else base) / f"tt-test-{os.getpid()}" / "out"
    shutil.rmtree(out.parent, ignore_errors=True)
    yield root, out
    shutil.rmtree(out.parent, ignore_errors=True)


@pytest.mark.slow
def test_failures_are_one_line_each_and_the_others_are_built(tiny, monkeypatch, capsys):
    root, out = tiny
    assert (
        _cli(root, monkeypatch, "--out", str(out), "--data-dir", str(root / "data"), "--jobs", "2")
        == 1
    )
    cap = capsys.readouterr()
    assert "built 2, up to date 0, failed 2" in cap.out
    assert "FAILED 99_broken [article] cell 3: ValueError: boom in the data" in cap.err, cap.err
    assert "FAILED 97_dies [article] the kernel died" in cap.err, cap.err
    assert "Traceback" not in cap.err and "RuntimeError" not in cap.err
    assert sorted(p.name for p in (out / "article").iterdir()) == [
        "96_ok.full.html", "96_ok.html", "98_named.full.html", "98_named.html",
    ]  # fmt: skip
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    # the build injects the notebook's name and title where declared, and only declared parameters
    named = (out / "article" / "98_named.html").read_text(encoding="utf-8")
    assert "name=98_named title=Title of 98_named False" in named


@pytest.mark.slow
def test_lock_refuses_second_build_and_is_released_when_holder_dies(tiny, monkeypatch, capsys):
    root, out = tiny
    out.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from filelock import FileLock; l = FileLock(sys.argv[1]);"
            " l.acquire(); print('held', flush=True); time.sleep(600)",
            str(out / ".build.lock"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        assert (
            _cli(root, monkeypatch, "96_ok", "--out", str(out), "--data-dir", str(root / "data"))
            == 1
        )
        assert "another build holds" in capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait()
    assert (
        _cli(root, monkeypatch, "96_ok", "--out", str(out), "--data-dir", str(root / "data")) == 0
    )


def _descendants(pid: int) -> list:
    import psutil

    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_a_stopped_build_leaves_no_process_and_writes_nothing_after(tmp_path, sig):
    """--jobs 2: stop the build while kernels run; no worker or kernel survives, and no report
    file changes afterwards (workers never write: only the lock holder does)."""
    import psutil

    root = project(tmp_path, [], pyproject=ONE_EDITION)
    for i in range(6):
        add_notebook(root, f"{i + 10:02d}_slow", f"import time\ntime.sleep(3)\nprint({i})")
    out = tmp_path / "out"
    env = dict(os.environ, TRACKER_ROOT=str(root))
    cmd = [sys.executable, "-m", "helpers.cli", "build", "--force", "--jobs", "2", "--out", str(out),
           "--data-dir", str(root / "data"), "--no-progress"]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not any(
        "ipykernel" in " ".join(p.cmdline()) for p in _descendants(proc.pid) if p.is_running()
    ):
        time.sleep(0.2)
    time.sleep(1.5)
    family = _descendants(proc.pid)
    assert family, "the build started no worker"
    t0 = time.monotonic()
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    took = time.monotonic() - t0
    after_stop = snapshot(out) if out.exists() else {}
    time.sleep(6)  # long enough for a surviving worker to finish a notebook and write it
    alive = [p for p in family if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert alive == [], [" ".join(p.cmdline())[:80] for p in alive]
    assert (snapshot(out) if out.exists() else {}) == after_stop
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    if sig == signal.SIGTERM:
        assert proc.returncode == 130 and took < 8, (proc.returncode, took)
        assert "interrupted" in err and "Traceback" not in err and "asyncio" not in err, err


@pytest.mark.slow
def test_run_job_changes_neither_environment_nor_working_folder(tiny, monkeypatch):
    from helpers.build import execute

    root, _ = tiny
    monkeypatch.delenv("PYTHONHASHSEED", raising=False)
    env, cwd = dict(os.environ), os.getcwd()
    nb = root / "notebooks" / "96_ok.ipynb"
    job = build.Job("96_ok", "article", {"edition": "article"}, "k", str(nb), "", "", "t")
    outcome = execute.run_job(job)
    assert outcome.ok, outcome.error
    assert dict(os.environ) == env and os.getcwd() == cwd
    assert b"fine" in outcome.extra["pages"][".html"]


def test_the_next_build_removes_temporaries_left_by_a_killed_one(two, monkeypatch, no_kernels):
    root, out = two
    left = [out / "article" / ".01_dataset.html.k1ll3d.tmp", out / ".manifest.json.k1ll3d.tmp"]
    for p in left:
        p.write_text("partial")
    assert _cli(root, monkeypatch, "--out", str(out)) == 0
    assert not any(p.exists() for p in left)


def test_each_notebook_gets_only_the_parameters_it_declares(tmp_path):
    """The build injects the notebook's own name and title (declared once, in the parameters
    cell) and passes claims_file only to the notebooks that read a registry."""
    from helpers.build.plan import plan

    jobs, fresh, _ = plan(
        root=ROOT, out_dir=tmp_path, selected=None, editions=["article"], force=True
    )
    got = {j.notebook: j.parameters for j in jobs + fresh}
    assert got["01_dataset"]["notebook"] == "01_dataset"
    assert got["01_dataset"]["title"] == "The dataset: what it covers and how it is sourced"
    assert "claims_file" not in got["01_dataset"]
    assert "claims_file" in got["05_claims_scorecard"] and "claims_file" in got["02_trip_counts"]


def test_a_report_module_is_in_its_own_reports_key_only():
    """Each notebook imports its own module of helpers.reporting, so editing one (for example
    reporting/timeline.py) re-runs only that report's editions."""
    own = {
        "01_dataset": "reporting/dataset.py",
        "02_trip_counts": "reporting/trips.py",
        "04_milestones": "reporting/timeline.py",
        "08_events": "reporting/register.py",
    }
    for nb, module in own.items():
        files = keys.helper_files(ROOT / "notebooks" / f"{nb}.ipynb")
        assert module in files, nb
        others = {m for n, m in own.items() if n != nb}
        assert not others & set(files), (nb, sorted(others & set(files)))
    # the page header reads the project's configuration, not the build: a report that does not
    # check claims is not re-run by an edit of the claims engine or of the build's planning
    files = keys.helper_files(ROOT / "notebooks" / "01_dataset.ipynb")
    assert not [f for f in files if f.startswith("claims/") or f == "build/plan.py"]
