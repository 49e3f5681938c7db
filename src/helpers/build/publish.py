"""Publishing: write report pages, the manifest and the index page atomically.

Why temporary files *next to* their target: ``os.replace`` is atomic only within one filesystem,
so a temporary file in ``/tmp`` or ``.cache`` fails with EXDEV when the output folder is on another
filesystem. A temporary file is hidden (``.name.XXXX.tmp``), removed if anything goes wrong, and
renamed over the target only once it is complete, so a reader (or a killed build) never sees a
partial file. Only the process that holds the build lock calls these functions.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path

from helpers.build.index import render_index
from helpers.build.model import Outcome

MANIFEST = "manifest.json"


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(name, 0o644)  # mkstemp makes 0600; reports are meant to be read and served
        os.replace(name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise


def read_manifest(out_dir: Path) -> dict:
    """The output folder's manifest, or an empty one (a damaged manifest means: rebuild)."""
    f = out_dir / MANIFEST
    if f.is_file():
        try:
            m = json.loads(f.read_text(encoding="utf-8"))
            if isinstance(m, dict) and isinstance(m.get("reports", {}), dict):
                m.setdefault("reports", {})
                return m
        except (ValueError, OSError):
            pass
    return {"reports": {}}


def files_match(out_dir: Path, ed: str, n: str, entry: dict) -> bool:
    """Both pages of a report exist with the SHA-256 the manifest records."""
    for suffix, k in ((".html", "html_sha256"), (".full.html", "full_sha256")):
        f = out_dir / ed / f"{n}{suffix}"
        if not f.is_file() or hashlib.sha256(f.read_bytes()).hexdigest() != entry.get(k):
            return False
    return True


def write_pages(out_dir: Path, outcome: Outcome) -> None:
    """Write a finished report's pages (returned by the worker) under ``out_dir/<edition>/``."""
    job = outcome.job
    for suffix, data in outcome.extra.pop("pages", {}).items():
        write_atomic(out_dir / job.edition / f"{job.notebook}{suffix}", data)
    # Files beside the report (figure/table CSVs, further register pages):
    # reports/<edition>/<notebook>/<file name>
    for name, data in outcome.extra.pop("files", {}).items():
        write_atomic(out_dir / job.edition / job.notebook / name, data)


def write_manifest_and_index(
    out_dir: Path, outcomes: list[Outcome], ctx: dict, releases: list[dict] | None = None
) -> dict:
    """Record the reports built now (keeping earlier entries) and rewrite the index page."""
    manifest = read_manifest(out_dir)
    for o in outcomes:
        if o.ok and not o.skipped:
            manifest["reports"][f"{o.job.edition}/{o.job.notebook}"] = {
                "key": o.job.key,
                "parameters": o.job.parameters,
                "html": f"{o.job.edition}/{o.job.notebook}.html",
                "html_sha256": o.html_sha256,
                "full_html": f"{o.job.edition}/{o.job.notebook}.full.html",
                "full_sha256": o.full_sha256,
                "title": o.job.title,
            }
    manifest["reports"] = dict(sorted(manifest["reports"].items()))
    manifest["dataset"] = ctx["dataset"]
    manifest["release"] = ctx.get("release", "")
    # every edition ever built into this folder (ad-hoc ones included), so the index lists them all
    editions = manifest.setdefault("editions", {})
    editions.update(ctx.get("edition_meta", {}))
    manifest["editions"] = dict(sorted(editions.items()))
    write_atomic(out_dir / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    page_ctx = {**ctx, "editions": {k: v["parameters"] for k, v in manifest["editions"].items()}}
    write_atomic(out_dir / "index.html", render_index(manifest, page_ctx, releases))
    return manifest
