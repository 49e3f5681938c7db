"""The numbers behind every figure and capped table, as CSV files beside the report.

A notebook never writes files (the build publishes atomically, under a lock). Instead each
figure or table output carries its data as an extra mimetype in the same display bundle::

    {"text/html": "...", "application/vnd.tracker.csv+json": {"name": "trips_by_month", "csv": "..."}}

and the build calls :func:`extract_csvs` on the executed notebook before exporting HTML: it
returns ``{name: bytes}`` and removes those entries, so the HTML carries none of it. The build
writes each as ``reports/<edition>/<notebook>/<name>.csv``.
"""

from __future__ import annotations

import re

import pandas as pd

from helpers.errors import BuildError

MIMETYPE = "application/vnd.tracker.csv+json"
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,80}$")


def to_csv(df: pd.DataFrame) -> str:
    """Deterministic CSV text: no index, '\\n' line ends, UTF-8 text as is."""
    return df.to_csv(index=False, lineterminator="\n")


def bundle(name: str, df: pd.DataFrame) -> dict:
    """The extra mimetype entry for a display bundle."""
    if not NAME.match(name):
        raise ValueError(f"CSV name {name!r}: use lower-case letters, digits, '_' or '-'")
    return {MIMETYPE: {"name": name, "csv": to_csv(df)}}


def extract_csvs(nb) -> dict[str, bytes]:
    """Take every figure/table CSV out of an executed notebook (mutates ``nb``).

    Returns ``{name: utf-8 bytes}`` in output order. Raises :class:`BuildError` when two outputs
    use the same name (one would silently overwrite the other) or a name is not a safe file name.
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
            name = str(item.get("name", ""))
            if not NAME.match(name):
                raise BuildError(f"figure CSV name {name!r} is not a safe file name")
            if name in out:
                raise BuildError(f"two outputs write the same CSV {name!r}")
            out[name] = str(item.get("csv", "")).encode("utf-8")
    return out
