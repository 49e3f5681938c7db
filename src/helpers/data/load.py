"""The one loader: read ``data/``, validate it, return the typed :class:`Dataset`.

Order matters and is the reason this is one module: the descriptor first (nothing else can be
read without it), then each table's structure and schema, and only when every table was read
whole, the checks across tables and the domain rules; otherwise those would report the rows the
reader had to skip and bury the real defect.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections import OrderedDict
from pathlib import Path

import pandas as pd

from helpers import unlist
from helpers.data import rulebook
from helpers.data.csvread import read_table
from helpers.data.descriptor import DESCRIPTOR, dataset_sha256, read_descriptor
from helpers.data.model import Dataset, type_tables
from helpers.data.rules import ERROR_RULES, Tables
from helpers.data.schema import check_foreign_keys, check_schema
from helpers.errors import DataError, Problem
from helpers.paths import DATA_DIR

Checked = tuple[list[Problem], dict[str, pd.DataFrame], dict]
#: Results of :func:`validate` by the SHA-256 of every file it reads (and the day it judged by).
_CHECKED: OrderedDict[tuple[str, str], Checked] = OrderedDict()
_CHECKED_MAX = 8


def _inputs_key(data_dir: Path) -> str | None:
    """SHA-256 over the names and bytes of every file :func:`validate` reads: the descriptor, the
    files it lists and the UN list with its provenance. ``None`` when one cannot be read (then
    nothing is memoized and the checks themselves say what is wrong)."""
    h = hashlib.sha256()
    try:
        raw = (data_dir / DESCRIPTOR).read_bytes()
        paths = [r["path"] for r in json.loads(raw)["resources"]]
        for rel in [DESCRIPTOR, *paths, unlist.LIST_FILE, unlist.PROVENANCE_FILE]:
            h.update(f"{rel}\0".encode())
            h.update((data_dir / rel).read_bytes())
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return h.hexdigest()


def validate(data_dir: Path | str | None = None, today: pd.Timestamp | None = None) -> Checked:
    """Check every table; return (errors, string tables, descriptor). Never writes a file.

    ``today`` (default: the current date) is the day after which no event can have occurred.

    Why memoized: a process that validates the same bytes again (the CLI's ``validate`` then its
    warnings, ``build``'s plan then the loader, the test suite's many checks of one fixture) gets
    the first answer, as copies, keyed by the content of every file read, not by path or time.
    """
    data_dir = Path(data_dir or DATA_DIR)
    when = (today or pd.Timestamp.today()).normalize()
    digest = _inputs_key(data_dir)
    key = (digest or "", str(when.date()))
    if digest and key in _CHECKED:
        _CHECKED.move_to_end(key)
        return _copied(_CHECKED[key])
    result = _validate(data_dir, when)
    if digest:
        _CHECKED[key] = _copied(result)
        while len(_CHECKED) > _CHECKED_MAX:
            _CHECKED.popitem(last=False)
    return result


def _copied(result: Checked) -> Checked:
    problems, tables, desc = result
    return list(problems), {k: v.copy() for k, v in tables.items()}, copy.deepcopy(desc)


def _validate(data_dir: Path, when: pd.Timestamp) -> Checked:
    desc, problems = read_descriptor(data_dir)
    if problems:
        return sorted(set(problems)), {}, {}
    tables: dict[str, pd.DataFrame] = {}
    broken: set[str] = set()
    for res in desc["resources"]:
        fields = [f["name"] for f in res["schema"]["fields"]]
        before = len(problems)
        df = read_table(data_dir / res["path"], fields, problems)
        if len(problems) > before:  # structural defect: rows may be missing
            broken.add(res["name"])
        check_schema(res["path"], df, res["schema"], problems)
        tables[res["name"]] = df.fillna("")
    if broken:
        return sorted(set(problems)), tables, desc
    check_foreign_keys(tables, desc, problems)
    files = {r["name"]: r["path"] for r in desc["resources"]}
    findings = rulebook.run(ERROR_RULES, Tables(tables, when), tables, files)
    problems += [f.problem for f in findings]
    problems += _un_list_problems(tables["persons"], data_dir)
    return sorted(set(problems)), tables, desc


def _un_list_problems(persons: pd.DataFrame, data_dir: Path) -> list[Problem]:
    """Every person's UN columns against the vendored UN list (``helpers.unlist``)."""
    try:
        lst = unlist.load_list(data_dir)
        return list(unlist.check_file(lst, data_dir)) + list(unlist.check_persons(persons, lst))
    except DataError as exc:
        return list(exc.problems)


def load(data_dir: Path | str | None = None) -> Dataset:
    """Load and validate ``data/``. Raises :class:`DataError` listing every problem."""
    data_dir = Path(data_dir or DATA_DIR)
    problems, tables, desc = validate(data_dir)
    if problems:
        raise DataError(problems)
    typed = type_tables(tables)
    ev = tables["events"]
    lines = pd.Series(ev["_row"].to_numpy(), index=ev["event_id"].to_numpy(), name="line")
    return Dataset(
        **typed,
        descriptor=desc,
        sha256=dataset_sha256(data_dir),
        data_dir=data_dir,
        event_lines=lines,
    )
