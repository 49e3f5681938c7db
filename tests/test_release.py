"""`taliban-tracker release`: the current reports frozen under reports/releases/v<version>/ with
their own manifest; never overwritten with different bytes; never written by `build`; listed on
the index page. Runs against pages written as a build would (no kernel)."""

from __future__ import annotations

import hashlib
import json

import pytest

from helpers import paths
from helpers.cli import main

from .test_build import ONE_EDITION, fake_built, project, snapshot


@pytest.fixture()
def built(tmp_path, monkeypatch):
    """A one-edition project (two notebooks) whose reports are up to date in ``out``."""
    root = project(tmp_path, ["01_dataset", "04_milestones"], pyproject=ONE_EDITION)
    monkeypatch.setattr(paths, "ROOT", root)
    monkeypatch.setattr(paths, "DATA_DIR", root / "data")
    out = root / "reports"
    fake_built(root, out)
    return root, out


def release(out) -> int:
    return main(["release", "--out", str(out)])


def test_release_freezes_pages_index_and_manifest(built, capsys):
    root, out = built
    version = json.loads((root / "data" / "datapackage.json").read_text())["version"]
    assert release(out) == 0
    rel = out / "releases" / f"v{version}"
    assert f"released v{version}: 6 files" in capsys.readouterr().out
    assert sorted(p.relative_to(rel).as_posix() for p in rel.rglob("*") if p.is_file()) == [
        "article/01_dataset.full.html",
        "article/01_dataset.html",
        "article/04_milestones.full.html",
        "article/04_milestones.html",
        "index.html",
        "manifest.json",
        "release.json",
    ]
    assert (rel / "article" / "01_dataset.html").read_bytes() == b"page article/01_dataset"
    doc = json.loads((rel / "release.json").read_text())
    assert doc["version"] == version and doc["editions"] == ["article"]
    page = hashlib.sha256(b"page article/01_dataset").hexdigest()
    assert doc["files"]["article/01_dataset.html"] == page
    assert set(doc["files"]) == {
        "article/01_dataset.full.html",
        "article/01_dataset.html",
        "article/04_milestones.full.html",
        "article/04_milestones.html",
        "index.html",
        "manifest.json",
    }
    for name, digest in doc["files"].items():
        assert hashlib.sha256((rel / name).read_bytes()).hexdigest() == digest
    # the index page lists the release
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="releases/v{version}/index.html"' in index


def test_releasing_the_same_reports_twice_is_a_no_op(built, capsys):
    _, out = built
    assert release(out) == 0
    before = snapshot(out / "releases")
    assert release(out) == 0
    assert "already released (identical)" in capsys.readouterr().out
    assert snapshot(out / "releases") == before


def test_a_release_is_never_overwritten_with_different_bytes(built, capsys):
    root, out = built
    assert release(out) == 0
    before = snapshot(out / "releases")
    # a rebuild after a data edit, with the dataset version left as it was
    ev = root / "data" / "events.csv"
    ev.write_bytes(ev.read_bytes().replace(b"day-long visit", b"one-day visit", 1))
    fake_built(root, out)
    capsys.readouterr()
    assert release(out) == 1
    err = capsys.readouterr().err
    assert "exists with different content" in err and "bump the version" in err, err
    assert "Traceback" not in err
    assert snapshot(out / "releases") == before
    assert not [p for p in (out / "releases").iterdir() if p.name.startswith(".")]


def test_stale_reports_are_not_released(built, capsys):
    root, out = built
    ev = root / "data" / "events.csv"
    ev.write_bytes(ev.read_bytes().replace(b"day-long visit", b"one-day visit", 1))
    assert release(out) == 1
    assert "not up to date" in capsys.readouterr().err
    assert not (out / "releases").exists()


def test_build_leaves_releases_alone(built, monkeypatch):
    """A build writes pages, manifest and index only: a release's bytes stay as they were."""
    from helpers.build import run as build_run

    root, out = built
    assert release(out) == 0
    before = snapshot(out / "releases")
    ev = root / "data" / "events.csv"
    ev.write_bytes(ev.read_bytes().replace(b"day-long visit", b"one-day visit", 1))
    monkeypatch.setattr(build_run, "_execute", lambda *a, **k: [])  # no kernel: nothing built
    assert main(["build", "--out", str(out), "--no-progress", "--force"]) == 0
    assert snapshot(out / "releases") == before
    assert "releases/v" in (out / "index.html").read_text(encoding="utf-8")
