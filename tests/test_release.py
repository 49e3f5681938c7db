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

VERSION = "1.2.3"
RELEASED = f'[project]\nname = "proj"\nversion = "{VERSION}"\n\n{ONE_EDITION}'


@pytest.fixture()
def built(tmp_path, monkeypatch):
    """A one-edition project (two notebooks, version 1.2.3) whose reports are up to date."""
    root = project(tmp_path, ["01_dataset", "04_milestones"], pyproject=RELEASED)
    monkeypatch.setattr(paths, "ROOT", root)
    monkeypatch.setattr(paths, "DATA_DIR", root / "data")
    out = root / "reports"
    fake_built(root, out)
    return root, out


def release(out) -> int:
    return main(["release", "--out", str(out)])


def test_release_freezes_pages_index_and_manifest(built, capsys):
    root, out = built
    version = VERSION
    dataset = json.loads((root / "data" / "datapackage.json").read_text())["version"]
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
    assert doc["dataset"]["version"] == dataset  # the release records the data it was built from
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
    # a rebuild after a data edit, with the project's version left as it was
    ev = root / "data" / "events.csv"
    ev.write_bytes(ev.read_bytes().replace(b"day-long visit", b"one-day visit", 1))
    fake_built(root, out)
    capsys.readouterr()
    assert release(out) == 1
    err = capsys.readouterr().err
    assert "exists with different content" in err and "bump [project] version" in err, err
    assert "Traceback" not in err
    assert snapshot(out / "releases") == before
    assert not [p for p in (out / "releases").iterdir() if p.name.startswith(".")]


def test_a_new_version_is_released_beside_the_old_one(built, capsys):
    """After a release, reports that change get a new version: bumping it makes every report
    stale (its citation names the release), and once rebuilt they are frozen beside the old."""
    root, out = built
    assert release(out) == 0
    before = snapshot(out / "releases" / f"v{VERSION}")
    py = root / "pyproject.toml"
    py.write_text(py.read_text().replace(f'"{VERSION}"', '"1.3.0"'), encoding="utf-8")
    capsys.readouterr()
    assert release(out) == 1
    assert "not up to date" in capsys.readouterr().err
    fake_built(root, out)
    assert release(out) == 0
    assert "released v1.3.0" in capsys.readouterr().out
    assert snapshot(out / "releases" / f"v{VERSION}") == before
    doc = json.loads((out / "manifest.json").read_text())
    assert doc["release"] == "1.3.0"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="releases/v1.3.0/index.html"' in index
    assert f'href="releases/v{VERSION}/index.html"' in index


def test_a_project_without_a_version_is_not_released(tmp_path, monkeypatch, capsys):
    root = project(tmp_path, ["01_dataset"], pyproject=ONE_EDITION)
    monkeypatch.setattr(paths, "ROOT", root)
    monkeypatch.setattr(paths, "DATA_DIR", root / "data")
    fake_built(root, root / "reports")
    assert release(root / "reports") == 1
    err = capsys.readouterr().err
    assert "project.version" in err and "set [project] version" in err and "Traceback" not in err
    assert not (root / "reports" / "releases").exists()


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


def test_citation_file_names_the_current_versions():
    """CITATION.cff names the project's version (the release the reports belong to) and the
    dataset's version, as pyproject.toml and datapackage.json hold them."""
    import tomllib

    import yaml

    cff = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    dataset = json.loads((paths.DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert cff["version"] == project["project"]["version"]
    assert cff["references"][0]["version"] == dataset["version"]


def test_index_says_where_the_reports_stand_against_their_release(built, capsys):
    """Before a release the index says the citations' release is not frozen yet; after it, that
    the pages are frozen there (and the release's own index says it is the release); after a
    change under the same version, that they differ from it."""
    root, out = built
    index = out / "index.html"
    assert "release <strong>v1.2.3</strong>, which is not frozen yet" in index.read_text()
    assert release(out) == 0
    assert "are frozen, byte for byte" in index.read_text()
    own = (out / "releases" / f"v{VERSION}" / "index.html").read_text()
    assert "This is release <strong>v1.2.3</strong>, frozen" in own
    # a page rebuilt with other bytes under the same version (as after a code change)
    from helpers.build.release import rewrite_index

    page = out / "article" / "01_dataset.html"
    page.write_bytes(b"another page")
    doc = json.loads((out / "manifest.json").read_text())
    doc["reports"]["article/01_dataset"]["html_sha256"] = hashlib.sha256(
        b"another page"
    ).hexdigest()
    (out / "manifest.json").write_text(json.dumps(doc))
    rewrite_index(out)
    assert "These reports differ from the frozen release" in index.read_text()


def test_committed_releases_are_intact():
    """Every committed release holds exactly the files its release.json lists, with those
    SHA-256s; and if the release the current reports' citations name exists, it holds those very
    pages (else a citation would lead to other bytes: bump the version). Not yet released is
    allowed: the index page says so."""
    base = paths.REPORTS_DIR / "releases"
    versions = sorted(d.name for d in base.iterdir() if d.is_dir())
    assert "v0.4.0" in versions
    for v in versions:
        rel = base / v
        doc = json.loads((rel / "release.json").read_text(encoding="utf-8"))
        have = {
            p.relative_to(rel).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in rel.rglob("*")
            if p.is_file() and p.name != "release.json"
        }
        assert have == doc["files"], v
    manifest = json.loads((paths.REPORTS_DIR / "manifest.json").read_text(encoding="utf-8"))
    named = base / f"v{manifest['release']}" / "release.json"
    if not named.is_file():
        return
    frozen = json.loads(named.read_text(encoding="utf-8"))["files"]
    for name, entry in manifest["reports"].items():
        if name.split("/")[0] in frozen_editions(frozen):
            assert frozen[entry["html"]] == entry["html_sha256"], name


def frozen_editions(files: dict) -> set[str]:
    return {n.split("/")[0] for n in files if "/" in n}
