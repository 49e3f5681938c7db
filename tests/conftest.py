"""Shared fixtures. No network at test time: everything reads data/ or tests/fixtures/.

``built_reports`` is the one build of the real reports per test session (both editions, plus a
second parameter set as the one-off edition ``second``); every test that needs real report pages
reads them from there, and no other test runs the real notebooks. ``no_kernel_left`` fails the
session if any Jupyter kernel or build worker started by it is still running at the end.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import time
import uuid
from pathlib import Path

import pytest

from helpers import data
from helpers.paths import ROOT

# As in the build's workers (helpers.build.workers.init_worker): nbformat -> jsonschema would import
# rfc3987_syntax, which compiles grammars for ~4 s, for an "iri" string format no notebook uses.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"
ARTICLE = ROOT / "data" / "claims" / "diplomat-2025-07-travel-diplomacy.yaml"
SESSION_MARK = "TRACKER_TEST_SESSION"
# The second parameter set: a one-off edition built beside the two configured ones.
SECOND = {"name": "second", "as_of": "2024-12-31", "start": "2024-01-01", "end": "2024-12-31"}
# every report: a one-off edition is built whole, so its navigation resolves
SECOND_NOTEBOOKS = sorted(p.stem for p in (Path(__file__).parents[1] / "notebooks").glob("*.ipynb"))


# Shared builds stay in one worker each under pytest-xdist (`make test` runs `-n 2 --dist
# loadgroup`): every test that reads a build's pages joins that build's group, so the build runs
# once per session; the other tests spread over both workers.
GROUPS = {"built_reports": "built", "hostile_reports": "hostile"}


def pytest_itemcollected(item):
    # as each test is collected: xdist reads the group markers in its collection_modifyitems
    for fixture, group in GROUPS.items():
        if fixture in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session")
def ds() -> data.Dataset:
    """The real dataset, validated."""
    return data.load()


@pytest.fixture(scope="session")
def article_scorecard(ds):
    """The article registry's scorecard on the real dataset (computed once: about a second)."""
    from helpers import claims

    return claims.scorecard(ds, claims.load_registry(ARTICLE))


@pytest.fixture(scope="session")
def mini() -> data.Dataset:
    return data.load(MINI)


@pytest.fixture()
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the small fixture dataset."""
    dst = tmp_path / "data"
    shutil.copytree(MINI, dst)
    (dst / "claims").mkdir(exist_ok=True)
    shutil.copy(ARTICLE, dst / "claims" / ARTICLE.name)
    return dst


@pytest.fixture(scope="session")
def built_reports(tmp_path_factory) -> Path:
    """Every report of both editions (and the one-off ``second`` edition), built once into a
    temporary folder; returns that folder (``index.html``, ``manifest.json``, ``<edition>/``)."""
    from helpers import build

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:  # the workers' folders share a parent: a second build there means no grouping
        mark = tmp_path_factory.getbasetemp().parent / "built_reports.worker"
        if mark.exists() and mark.read_text() != worker:
            pytest.fail(
                f"built_reports was built by {mark.read_text()} already: run with --dist loadgroup"
            )
        mark.write_text(worker)
    out = tmp_path_factory.mktemp("built") / "reports"
    summary = build.build(force=True, out_dir=out)
    failed = [f"{o.job.edition}/{o.job.notebook}: {o.error}" for o in summary.failed]
    assert summary.status == 0, failed
    summary = build.build(out_dir=out, adhoc=SECOND)
    failed = [f"{o.job.edition}/{o.job.notebook}: {o.error}" for o in summary.failed]
    assert summary.status == 0, failed
    return out


def _session_kernels(token: str) -> list:
    """Kernels and build workers started by this session (orphans included)."""
    import psutil

    found = []
    for p in psutil.process_iter(["cmdline"]):
        with contextlib.suppress(psutil.Error):
            cmd = " ".join(p.info["cmdline"] or [])
            if ("ipykernel" in cmd or "spawn_main" in cmd) and (
                p.environ().get(SESSION_MARK) == token
            ):
                found.append(p)
    return found


@pytest.fixture(scope="session", autouse=True)
def no_kernel_left():
    """Tag every process the session starts (kernels inherit the environment); at the end, fail
    if a tagged kernel is still alive, orphans included (and stop it)."""
    token = uuid.uuid4().hex
    os.environ[SESSION_MARK] = token
    yield
    deadline = time.monotonic() + 10  # a kernel being shut down may take a moment
    left = _session_kernels(token)
    while left and time.monotonic() < deadline:
        time.sleep(0.5)
        left = _session_kernels(token)
    for p in left:
        with contextlib.suppress(Exception):
            p.kill()
    assert not left, f"kernels or workers left running by the session: {[p.pid for p in left]}"


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright, headless and offline, shared by every browser test.
    Skipped with one line where it is missing, unless CI requires it (TRACKER_REQUIRE_BROWSER=1)."""
    if not CHROMIUM.exists():
        if os.environ.get("TRACKER_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing (CI installs Debian's chromium)")
        pytest.skip("browser tests skipped: /usr/bin/chromium not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    pw = sync_api.sync_playwright().start()
    b = pw.chromium.launch(
        executable_path=str(CHROMIUM),
        args=[
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    )
    yield b
    b.close()
    pw.stop()


def offline_page(browser, *, js: bool = True):
    """A new context and page with every request outside file:// and data: blocked and recorded
    (``outside``), and every script error or console error recorded (``errors``)."""
    ctx = browser.new_context(java_script_enabled=js)
    outside: list[str] = []
    errors: list[str] = []

    def route(r):
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    ctx.route("**/*", route)
    page = ctx.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return ctx, page, outside, errors
