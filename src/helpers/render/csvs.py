"""Files published beside a report: the numbers behind every figure and table (CSV) and, when the
event register is too long for one page, its further pages (HTML).

A notebook never writes files (the build publishes atomically, under a lock). Instead an output
carries each file as an extra mimetype in its display bundle::

    {"text/html": "...",
     "application/vnd.tracker.file+json": {"files": {"trips_by_month.csv": "month,trips\n..."}}}

and the build calls :func:`extract_files` on the executed notebook before exporting HTML: it
returns ``{file name: bytes}`` and removes those entries, so the HTML carries none of it. The
build writes each as ``reports/<edition>/<notebook>/<file name>``.
"""

from __future__ import annotations

import re

import pandas as pd

from helpers.errors import BuildError

MIMETYPE = "application/vnd.tracker.file+json"
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,80}$")
FILE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,80}\.(csv|html)$")


def to_csv(df: pd.DataFrame) -> str:
    """Deterministic CSV text: no index, '\\n' line ends, UTF-8 text as is."""
    return df.to_csv(index=False, lineterminator="\n")


def files_bundle(files: dict[str, str]) -> dict:
    """The extra mimetype entry for a display bundle carrying files (name -> text)."""
    for filename in files:
        if not FILE.match(filename):
            raise ValueError(
                f"file name {filename!r}: lower-case letters, digits, '_', '-', .csv/.html"
            )
    return {MIMETYPE: {"files": dict(files)}}


def file_bundle(filename: str, text: str) -> dict:
    return files_bundle({filename: text})


def bundle(name: str, df: pd.DataFrame) -> dict:
    """A table's rows as ``<name>.csv``."""
    if not NAME.match(name):
        raise ValueError(f"CSV name {name!r}: use lower-case letters, digits, '_' or '-'")
    return file_bundle(f"{name}.csv", to_csv(df))


def extract_files(nb) -> dict[str, bytes]:
    """Take every published file out of an executed notebook (mutates ``nb``).

    Returns ``{file name: utf-8 bytes}`` in output order. Raises :class:`BuildError` when two
    outputs use the same name (one would silently overwrite the other) or a name is not a safe
    file name.
    """
    out: dict[str, bytes] = {}
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        for o in cell.get("outputs", []):
            data = o.get("data") or {}
            item = data.pop(MIMETYPE, None)
            if item is None:
                continue
            for name, text in (item.get("files") or {}).items():
                if not FILE.match(str(name)):
                    raise BuildError(f"published file name {name!r} is not a safe file name")
                if name in out:
                    raise BuildError(f"two outputs publish the same file {name!r}")
                out[str(name)] = str(text).encode("utf-8")
    return out


extract_csvs = extract_files  # the name the build first used
