"""Apply the Table Schema constraints of ``datapackage.json`` to frames of strings.

Why read the descriptor rather than restate it: the Frictionless descriptor is the single
statement of the schema (required, enum, pattern, unique, minLength, date/boolean types, primary
and foreign keys); ``tests/test_data.py`` runs the ``frictionless`` library over the real package
to prove the descriptor and this reading of it agree. Checks are vectorized with pandas so that
loading stays in the tens of milliseconds.

One addition Table Schema cannot say: a field whose pattern is the partial date
``YYYY-MM(-DD)`` must also be a real calendar date (``2025-02-30`` matches the pattern).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from helpers.data.vocab import PARTIAL_DATE_PATTERN, parse_partial_dates, precision_of
from helpers.errors import Problem, Severity

Message = str | Callable[[Any], str]


def flag(
    problems: list[Problem],
    name: str,
    df: pd.DataFrame,
    mask: pd.Series,
    col: str,
    message: Message,
    severity: Severity = "error",
) -> None:
    """Add one problem per row where ``mask`` is true, pointing at that row's line and ``col``."""
    if not bool(mask.any()):
        return
    for row, value in zip(df.loc[mask, "_row"], df.loc[mask, col], strict=True):
        msg = message(value) if callable(message) else message
        problems.append(Problem(name, int(row), col, msg, severity))


def check_schema(name: str, df: pd.DataFrame, schema: dict, problems: list[Problem]) -> None:
    """Apply one resource's field constraints and composite primary key."""
    for fld in schema["fields"]:
        col = fld["name"]
        values = df[col]  # strings from read_table: empty cells are "" already
        cons = fld.get("constraints") or {}
        present = values != ""
        if cons.get("required"):
            flag(problems, name, df, ~present, col, "is required but empty")
        if "enum" in cons:
            bad = present & ~values.isin(cons["enum"])
            flag(problems, name, df, bad, col, lambda v, e=cons["enum"]: f"{v!r} is not one of {e}")
        if "pattern" in cons:
            bad = present & ~values.str.fullmatch(cons["pattern"]).fillna(False).astype(bool)
            flag(
                problems,
                name,
                df,
                bad,
                col,
                lambda v, p=cons["pattern"]: f"{v!r} does not match {p}",
            )
            if cons["pattern"] == PARTIAL_DATE_PATTERN:
                _, _, ok = parse_partial_dates(values, precision_of(values))
                unreal = present & ~bad & ~ok
                flag(
                    problems, name, df, unreal, col, lambda v: f"{v!r} is not a real calendar date"
                )
        if "minLength" in cons:
            bad = present & (values.str.strip().str.len() < cons["minLength"])
            flag(problems, name, df, bad, col, f"is shorter than {cons['minLength']} characters")
        if fld.get("type") == "date":
            parsed = pd.to_datetime(values.where(present), format="%Y-%m-%d", errors="coerce")
            bad = present & parsed.isna()
            flag(problems, name, df, bad, col, lambda v: f"{v!r} is not a real date (YYYY-MM-DD)")
        if fld.get("type") == "boolean":
            bad = present & ~values.isin(["true", "false"])
            flag(problems, name, df, bad, col, lambda v: f"{v!r} is not true/false")
        if cons.get("unique"):
            dup = present & values.duplicated(keep="first")
            flag(problems, name, df, dup, col, lambda v: f"{v!r} is a duplicate")
    pk = schema.get("primaryKey")
    if pk and isinstance(pk, list) and len(pk) > 1:
        dup = df.duplicated(subset=pk, keep="first")
        flag(problems, name, df, dup, pk[-1], f"duplicate primary key {tuple(pk)}")


def check_foreign_keys(
    tables: dict[str, pd.DataFrame], desc: dict, problems: list[Problem]
) -> None:
    """Each declared foreign key's values exist in the table it refers to."""
    for res in desc["resources"]:
        for fk in res["schema"].get("foreignKeys", []) or []:
            df = tables[res["name"]]
            col = fk["fields"][0]
            ref = tables[fk["reference"]["resource"]][fk["reference"]["fields"][0]]
            values = df[col].fillna("")
            bad = (values != "") & ~values.isin(set(ref))
            target = f"{fk['reference']['resource']}.{fk['reference']['fields'][0]}"
            flag(
                problems, res["path"], df, bad, col, lambda v, t=target: f"{v!r} is not a known {t}"
            )
