"""The one loader: read ``data/``, validate it, return the typed :class:`Dataset`.

Order matters and is the reason this is one module: the descriptor first (nothing else can be
read without it), then each table's structure and schema, and only when every table was read
whole, the checks across tables and the domain rules; otherwise those would report the rows the
reader had to skip and bury the real defect.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pandas as pd

from helpers.data import rulebook
from helpers.data.csvread import read_table
from helpers.data.descriptor import dataset_sha256, read_descriptor
from helpers.data.model import Dataset, type_tables
from helpers.data.rules import ERROR_RULES, Tables
from helpers.data.schema import check_foreign_keys, check_schema
from helpers.errors import DataError, Problem
from helpers.paths import DATA_DIR


def validate(
    data_dir: Path | str | None = None, today: pd.Timestamp | None = None
) -> tuple[list[Problem], dict[str, pd.DataFrame], dict]:
    """Check every table; return (errors, string tables, descriptor). Never writes a file.

    ``today`` (default: the current date) is the day after which no event can have occurred.
    """
    data_dir = Path(data_dir or DATA_DIR)
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
    when = (today or pd.Timestamp.today()).normalize()
    findings = rulebook.run(ERROR_RULES, Tables(tables, when), tables, files)
    problems += [f.problem for f in findings]
    problems += _un_list_problems(tables["persons"], data_dir)
    return sorted(set(problems)), tables, desc


def _un_list_problems(persons: pd.DataFrame, data_dir: Path) -> list[Problem]:
    """Every person's UN columns against the vendored UN list, where ``helpers.unlist`` exists.

    Imported lazily: the list and its checker are their own module, and a dataset without them
    (or a checkout from before them) is validated by the rules above alone.
    """
    try:
        unlist = importlib.import_module("helpers.unlist")
    except ModuleNotFoundError:
        return []
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
