"""Releases: freeze the current reports under ``reports/releases/v<version>/``.

Why: a rebuild after any data edit rewrites the file a reader cited. A release is a copy that no
command ever rewrites, so a citation of
``reports/releases/v<version>/<edition>/<notebook>.html`` keeps resolving. ``<version>`` is the
project's version (``[project] version`` in ``pyproject.toml``; the first release, v0.4.0, was
named after the dataset's version): every report's citation block names the release it belongs
to, so the version is part of each report's key, and bumping it rebuilds them. Each release holds its
own ``release.json`` (the SHA-256 of every file in it), the build's ``manifest.json`` and
``index.html`` as they were, and every configured edition's folder (pages and CSV folders).

Rules: the reports must be up to date (``build`` first); an existing release is never
overwritten with different bytes (bump the project's version instead); releasing the same bytes
twice is a no-op. A release is assembled in a hidden folder beside its target and renamed into
place in one step, under the build lock.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from helpers.build.publish import MANIFEST, files_match, read_manifest, write_atomic
from helpers.errors import BuildError, Problem
from helpers.project import RELEASE

RELEASES = "releases"
RELEASE_MANIFEST = "release.json"


@dataclass
class Release:
    version: str
    path: Path
    files: dict[str, str]
    created: bool  # False: an identical release existed already


def _version_key(v: str) -> tuple:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.+-]", v))


def list_releases(out_dir: Path) -> list[dict]:
    """The releases under ``<out>/releases/``, newest version first (for the index page)."""
    base = out_dir / RELEASES
    found = []
    for d in base.glob("v*") if base.is_dir() else []:
        if (d / RELEASE_MANIFEST).is_file():
            try:
                files = json.loads((d / RELEASE_MANIFEST).read_text(encoding="utf-8"))["files"]
            except (OSError, ValueError, KeyError, TypeError):
                files = {}
            found.append(
                {
                    "version": d.name[1:],
                    "path": f"{RELEASES}/{d.name}",
                    "manifest": f"{RELEASES}/{d.name}/{RELEASE_MANIFEST}",
                    "files": files if isinstance(files, dict) else {},
                }
            )
    return sorted(found, key=lambda r: _version_key(r["version"]), reverse=True)


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def release_files(out_dir: Path, editions: list[str]) -> dict[str, Path]:
    """Relative path -> file for what a release freezes: the index, the manifest and every file
    under each edition's folder (pages and their CSV folders; hidden files left out)."""
    files = {n: out_dir / n for n in ("index.html", MANIFEST)}
    for ed in editions:
        for p in sorted((out_dir / ed).rglob("*")):
            rel = p.relative_to(out_dir)
            if p.is_file() and not any(part.startswith(".") for part in rel.parts):
                files[rel.as_posix()] = p
    return files


def freeze(out_dir: Path, editions: list[str], version: str) -> Release:
    """Copy the current reports of ``editions`` into ``<out>/releases/v<version>/`` (the caller
    holds the build lock and has checked that the reports are up to date, so their citation
    blocks name this version)."""
    manifest = read_manifest(out_dir)
    if not RELEASE.fullmatch(version):
        raise BuildError(
            Problem(
                "pyproject.toml",
                0,
                "project.version",
                f"not a usable release version: {version!r} (set [project] version)",
            )
        )
    for ed in editions:
        entries = {k: v for k, v in manifest["reports"].items() if k.split("/", 1)[0] == ed}
        if not entries:
            raise BuildError(f"edition {ed} has no report in {out_dir}: run `build` first")
        for name, entry in entries.items():
            if not files_match(out_dir, ed, name.split("/", 1)[1], entry):
                raise BuildError(
                    f"{out_dir / entry['html']} differs from its manifest entry: run `build` first"
                )
    files = release_files(out_dir, editions)
    missing = [n for n, p in files.items() if not p.is_file()]
    if missing:
        raise BuildError(f"missing {', '.join(missing)} in {out_dir}: run `build` first")
    # the release's own index page: rendered from the manifest without the releases list (its
    # links would not resolve inside a release, and releasing twice must give the same bytes)
    index = _index_page(manifest, None).encode("utf-8")
    shas = {
        n: (hashlib.sha256(index).hexdigest() if n == "index.html" else _sha(p))
        for n, p in files.items()
    }
    doc = {
        "version": version,
        "dataset": manifest.get("dataset", {}),
        "editions": editions,
        "files": dict(sorted(shas.items())),
    }
    text = json.dumps(doc, indent=2, sort_keys=True) + "\n"
    target = out_dir / RELEASES / f"v{version}"
    if target.exists():
        return _compare(target, shas, text, version)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    try:
        for rel, src in files.items():
            dst = staging / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            if rel == "index.html":
                dst.write_bytes(index)
            else:
                shutil.copyfile(src, dst)
            os.chmod(dst, 0o644)
        (staging / RELEASE_MANIFEST).write_text(text, encoding="utf-8")
        os.chmod(staging, 0o755)
        os.rename(staging, target)  # one step; fails if the target appeared meanwhile
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(staging)
        raise
    return Release(version, target, shas, True)


def _compare(target: Path, shas: dict[str, str], text: str, version: str) -> Release:
    """An existing release: fine if it holds exactly these bytes, refused otherwise."""
    have = {
        p.relative_to(target).as_posix(): _sha(p)
        for p in target.rglob("*")
        if p.is_file() and p.name != RELEASE_MANIFEST
    }
    same_manifest = (target / RELEASE_MANIFEST).is_file() and (target / RELEASE_MANIFEST).read_text(
        encoding="utf-8"
    ) == text
    if have != shas or not same_manifest:
        differ = sorted(set(have.items()) ^ set(shas.items()))
        first = differ[0][0] if differ else RELEASE_MANIFEST
        raise BuildError(
            Problem(
                str(target / first),
                0,
                "",
                f"release v{version} exists with different content; a release is never "
                "rewritten: bump [project] version in pyproject.toml and build again",
            )
        )
    return Release(version, target, shas, False)


def _index_page(manifest: dict, releases: list[dict] | None) -> str:
    """The index page from a manifest: the working copy's (``releases`` listed) or, with
    ``releases=None``, the release's own copy, which says it is the release."""
    from helpers.build.index import render_index

    ctx = {
        "dataset": manifest["dataset"],
        "editions": {k: v["parameters"] for k, v in manifest.get("editions", {}).items()},
        "release": manifest.get("release", ""),
        "in_release": releases is None,
    }
    return render_index(manifest, ctx, releases)


def rewrite_index(out_dir: Path) -> None:
    """Re-render the index page from the manifest so it lists the releases."""
    manifest = read_manifest(out_dir)
    if "dataset" in manifest:
        write_atomic(out_dir / "index.html", _index_page(manifest, list_releases(out_dir)))
