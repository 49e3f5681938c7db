"""Read ``datapackage.json`` and refuse a descriptor the loader could not follow.

Why a checked reader: every command starts here, so a descriptor with invalid JSON, without
``resources``, with a resource path that leaves the data folder, or with a citation template that
would run ``str.format`` on arbitrary text must end as ``datapackage.json:LINE: FIELD: message``
and exit 1, not as a ``KeyError`` or ``JSONDecodeError`` traceback in whichever command read it
first. Line numbers point at the key in the file, so a user can jump to it.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path, PurePosixPath
from typing import Any

from helpers.data.files import read_bytes
from helpers.errors import DataError, Problem

DESCRIPTOR = "datapackage.json"

#: The resources the package reads, with the columns its code relies on. Other columns may be
#: added in the descriptor (the reader follows it), but these must be there.
REQUIRED: dict[str, tuple[str, ...]] = {
    "events": (
        "event_id", "trip_id", "status", "start_date", "end_date", "date_precision",
        "event_type", "direction", "host_iso3", "counterpart_iso3", "city", "lead_person_id",
        "participants", "counterpart_tier", "related_trip_id", "summary",
    ),
    "sources": ("event_id", "url", "publisher", "published", "quote"),
    "persons": ("person_id", "name", "un_listed", "un_ref", "un_listed_on"),
    "person_roles": ("person_id", "role", "valid_from", "valid_to"),
    "regions": ("iso3", "m49_region", "transcontinental"),
}  # fmt: skip

#: The one placeholder a citation template may hold; anything else in braces is refused, so the
#: text can never reach ``str.format`` with a field name, attribute access or a stray brace.
CITATION_FIELDS = ("x_citation",)
_PLACEHOLDER = re.compile(r"\{version\}")


def _line_of(text: str, needle: str, start: int = 0) -> int:
    """The 1-based line of the first ``needle`` at or after ``start`` (1 if absent)."""
    at = text.find(needle, start)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def read_descriptor(data_dir: Path) -> tuple[dict[str, Any], list[Problem]]:
    """The parsed descriptor and every problem that stops the loader from following it."""
    raw, problems = read_bytes(data_dir / DESCRIPTOR, DESCRIPTOR)
    if raw is None:
        return {}, problems
    try:
        text = raw.decode("utf-8")
        desc = json.loads(text)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return {}, [Problem(DESCRIPTOR, line, "-", "is not UTF-8; save as UTF-8")]
    except json.JSONDecodeError as exc:
        col = f"character {exc.colno}"
        return {}, [Problem(DESCRIPTOR, exc.lineno, col, f"not valid JSON: {exc.msg}")]
    if not isinstance(desc, dict):
        return {}, [Problem(DESCRIPTOR, 1, "-", "must be a JSON object")]
    problems = _check_resources(desc, text) + _check_citation(desc, text)
    return (desc if not problems else {}), problems


def _check_resources(desc: dict[str, Any], text: str) -> list[Problem]:
    res = desc.get("resources")
    if not isinstance(res, list) or not res:
        line = _line_of(text, '"resources"')
        return [Problem(DESCRIPTOR, line, "resources", "must list the data files (a JSON array)")]
    out: list[Problem] = []
    names: dict[str, list[str]] = {}
    for i, r in enumerate(res):
        where = f"resources[{i}]"
        if not isinstance(r, dict):
            out.append(Problem(DESCRIPTOR, _line_of(text, '"resources"'), where, "not an object"))
            continue
        name, path = r.get("name"), r.get("path")
        line = _line_of(text, f'"{name}"') if isinstance(name, str) else 1
        fields = (
            (r.get("schema") or {}).get("fields") if isinstance(r.get("schema"), dict) else None
        )
        if not isinstance(name, str) or not isinstance(path, str):
            out.append(Problem(DESCRIPTOR, line, where, "needs a string name and path"))
            continue
        p = PurePosixPath(path)
        if p.is_absolute() or ".." in p.parts or "\\" in path or len(p.parts) != 1:
            out.append(
                Problem(DESCRIPTOR, line, f"{where}.path", f"{path!r} must be a file name in data/")
            )
        if not isinstance(fields, list) or not all(
            isinstance(f, dict) and isinstance(f.get("name"), str) for f in fields
        ):
            out.append(Problem(DESCRIPTOR, line, f"{where}.schema", "needs a list of named fields"))
            continue
        names[name] = [f["name"] for f in fields]
    for name, cols in REQUIRED.items():
        if name not in names:
            if not out:
                line = _line_of(text, '"resources"')
                out.append(Problem(DESCRIPTOR, line, "resources", f"no resource named {name!r}"))
            continue
        missing = [c for c in cols if c not in names[name]]
        if missing:
            line = _line_of(text, f'"{name}"')
            out.append(Problem(DESCRIPTOR, line, name, f"schema lacks the fields {missing}"))
    if not out:
        out += _check_foreign_keys(res, names, text)
    return out


def _check_foreign_keys(res: list[dict], names: dict[str, list[str]], text: str) -> list[Problem]:
    out = []
    for r in res:
        for fk in r["schema"].get("foreignKeys", []) or []:
            try:
                col, ref = fk["fields"][0], fk["reference"]
                target, tcol = ref["resource"], ref["fields"][0]
                ok = col in names[r["name"]] and tcol in names[target]
            except (KeyError, IndexError, TypeError):
                ok = False
            if not ok:
                line = _line_of(text, '"foreignKeys"', text.find(f'"{r["name"]}"'))
                out.append(
                    Problem(DESCRIPTOR, line, f"{r['name']}.foreignKeys", f"cannot follow {fk!r}")
                )
    return out


def _check_citation(desc: dict[str, Any], text: str) -> list[Problem]:
    out = []
    for key in CITATION_FIELDS:
        value = desc.get(key, "")
        if not isinstance(value, str):
            out.append(Problem(DESCRIPTOR, _line_of(text, f'"{key}"'), key, "must be a string"))
        elif "{" in _PLACEHOLDER.sub("", value) or "}" in _PLACEHOLDER.sub("", value):
            out.append(
                Problem(
                    DESCRIPTOR,
                    _line_of(text, f'"{key}"'),
                    key,
                    "braces are allowed only as the placeholder {version}",
                )
            )
    return out


def citation_text(desc: dict[str, Any], version: str) -> str:
    """The citation with its ``{version}`` placeholder filled, without ``str.format``."""
    return str(desc.get("x_citation", "")).replace("{version}", version)


def data_files(data_dir: Path) -> list[Path]:
    """The files whose bytes define the dataset (the descriptor and every resource)."""
    desc, problems = read_descriptor(data_dir)
    if problems:
        raise DataError(problems)
    return [data_dir / DESCRIPTOR] + [data_dir / r["path"] for r in desc["resources"]]


def dataset_sha256(data_dir: Path) -> str:
    """SHA-256 over the descriptor and every resource, in descriptor order (names included)."""
    h = hashlib.sha256()
    for f in data_files(data_dir):
        raw, problems = read_bytes(f, f.name)
        if raw is None:
            raise DataError(problems)
        h.update(f.name.encode())
        h.update(b"\0")
        h.update(raw)
        h.update(b"\0")
    return h.hexdigest()
