"""What a rule is and how a list of rules is run: the machinery behind the declarative lists.

Why declarative: a rule is data (a name, the table and column it points at, a test, a message
and a severity), so the list of what ``validate`` checks reads as a table, each rule is tested on
its own, and adding one is one entry rather than another branch in a long function. A test is a
vectorized function of a context (the string tables, or the typed dataset) returning one of:

- a boolean Series aligned with the table: true where the row breaks the rule;
- a string Series aligned with the table: non-empty where the row breaks it, the text saying how;
- a plain bool: the table as a whole breaks it (reported at the header line, row 1).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import pandas as pd

from helpers.errors import Problem, Severity

C = TypeVar("C")
Message = str | Callable[[Any], str]


@dataclass(frozen=True)
class Rule(Generic[C]):
    """One check: ``test(context)`` says which rows of ``table`` break it."""

    name: str
    table: str
    column: str
    test: Callable[[C], pd.Series | bool]
    message: Message = ""
    severity: Severity = "error"


@dataclass(frozen=True)
class Finding:
    """A rule's hit on one row: the problem, plus the rule and row key an allow-list can match."""

    rule: str
    key: str
    problem: Problem


def run(
    rules: Iterable[Rule[C]],
    context: C,
    frames: dict[str, pd.DataFrame],
    files: dict[str, str],
    key: str = "event_id",
) -> list[Finding]:
    """Apply every rule; ``frames[table]`` must carry ``_row`` (the editor line of each row)."""
    out: list[Finding] = []
    for rule in rules:
        df = frames[rule.table]
        result = rule.test(context)
        file = files[rule.table]
        if isinstance(result, bool):
            if result:
                msg = rule.message if isinstance(rule.message, str) else rule.message(None)
                out.append(
                    Finding(rule.name, "", Problem(file, 1, rule.column, msg, rule.severity))
                )
            continue
        hit = result if result.dtype == bool else result.fillna("").astype(str) != ""
        if not bool(hit.any()):
            continue
        if result.dtype == bool:
            texts = df.loc[hit, rule.column].fillna("").map(_as_message(rule.message))
        else:
            texts = result[hit]
        keys = df[key] if key in df.columns else pd.Series("", index=df.index)
        for row, k, text in zip(df.loc[hit, "_row"], keys[hit], texts, strict=True):
            problem = Problem(file, int(row), rule.column, str(text), rule.severity)
            out.append(Finding(rule.name, str(k), problem))
    return out


def _as_message(message: Message) -> Callable[[Any], str]:
    return message if callable(message) else (lambda _v: message)
