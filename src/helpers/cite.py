"""How to cite a report, and how a reader verifies the exact file they cite.

A file cannot contain its own hash, so the block names the build's *input hash*: it resolves to
exactly one entry of ``manifest.json`` (in ``reports/`` and in the release folder), and that entry
holds the SHA-256 of the HTML file. The block also names the dataset version and SHA-256, the
report's path and its frozen release path, and the date the report was built from (its as-of
date: the newest event it counts, never the build's wall-clock time).

:func:`esc` remains for code that still writes HTML outside the templates.
"""

from __future__ import annotations

import html
import platform
import re
from importlib.metadata import PackageNotFoundError, version

import pandas as pd

from helpers.data import Dataset

PROJECT = "Taliban engagement tracker"
AUTHORS = "Taliban engagement tracker team"
ACCESS_PLACEHOLDER = "YYYY-MM-DD"
PACKAGES = (
    "pandas",
    "numpy",
    "seaborn",
    "matplotlib",
    "papermill",
    "nbconvert",
    "nbclient",
    "ipykernel",
)


def esc(value: object) -> str:
    return html.escape(
        "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    )


def package_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for p in PACKAGES:
        try:
            out[p] = version(p)
        except PackageNotFoundError:
            out[p] = "not installed"
    return out


def inputs_date(ds: Dataset) -> str:
    """The dataset's own 'updated' date (when the data files were last edited)."""
    return str(ds.descriptor.get("updated") or ds.descriptor.get("created") or "")[:10]


def report_path(edition: str, notebook: str) -> str:
    return f"reports/{edition}/{notebook}.html"


def release_path(release: str, edition: str, notebook: str) -> str:
    """Where the release command freezes this report (never rewritten by a later build)."""
    return f"reports/releases/v{release}/{edition}/{notebook}.html"


def citation(
    title: str,
    edition: str,
    notebook: str,
    ds: Dataset,
    input_hash: str,
    as_of: pd.Timestamp | None = None,
    *,
    release: str = "",
) -> dict[str, str]:
    """Plain-text and BibTeX citations, plus the verification steps (all plain text).

    ``release`` is the version the release command freezes this report under (the project's
    version); without one (an interactive run) the working copy is the only address."""
    built_from = as_of.strftime("%Y-%m-%d") if as_of is not None else inputs_date(ds)
    year = built_from[:4] or "n.d."
    key = re.sub(r"[^a-z0-9]+", "", f"tracker{year}{notebook}{edition}".lower())
    path = report_path(edition, notebook)
    ih = input_hash or "interactive"
    if release:
        address = release_path(release, edition, notebook)
        where = f"{address} (working copy {path})"
        manifests = (
            f"the release, reports/releases/v{release}/manifest.json, or reports/manifest.json"
        )
    else:
        address = path
        where = f"{path} (not in a release)"
        manifests = "reports/manifest.json"
    plain = (
        f"{AUTHORS} ({year}). {title} [{edition} edition, data as of {built_from}]. {PROJECT}, "
        f"{where}. Dataset {ds.name} v{ds.version}, SHA-256 {ds.sha256}; "
        f"input hash {ih}. Data licence CC BY 4.0. Accessed {ACCESS_PLACEHOLDER}."
    )
    bib = (
        f"@misc{{{key},\n  author = {{{{{AUTHORS}}}}},\n"
        f"  title = {{{title} ({edition} edition, data as of {built_from})}},\n"
        f"  year = {{{year}}},\n  howpublished = {{{PROJECT}, {address}}},\n"
        f"  note = {{Dataset {ds.name} v{ds.version}, SHA-256 {ds.sha256}; input hash {ih}; "
        f"working copy {path}}},\n  urldate = {{{ACCESS_PLACEHOLDER}}}\n}}"
    )
    verify = (
        f"To verify the file you cite: find the entry whose key is {ih} in manifest.json (next to "
        f"{manifests}); "
        f"its html_sha256 must equal the SHA-256 of your copy (sha256sum {notebook}.html). Replace "
        f"{ACCESS_PLACEHOLDER} with the day you read the report."
    )
    return {
        "plain": plain,
        "bibtex": bib,
        "verify": verify,
        "release": address if release else "",
        "path": path,
        "built_from": built_from,
    }
