"""The allow-list: consistency warnings that were checked and are true, each with its reason.

``data/validation-allow.yaml`` is a YAML list (or a mapping whose ``allow`` key holds the list)
of entries ``{rule, event_id, reason}``. Why so strict: an allow-list is where a real mistake
can hide, so every entry must say why the exception is true (``reason`` non-empty), must name a
rule that exists, and must still match a warning; an entry that matches nothing is itself a
warning (the data was fixed, or the id is mistyped), and a malformed entry is an error at its
line. The file is parsed into YAML nodes, never constructed into objects, so aliases cannot
expand and every entry keeps its line number.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from helpers.data.files import read_bytes
from helpers.data.rulebook import Finding
from helpers.errors import Problem

ALLOW_FILE = "validation-allow.yaml"
MAX_BYTES = 1_000_000
FIELDS = ("rule", "event_id", "reason")


@dataclass(frozen=True)
class Allowed:
    """One excused finding: rule name, event id, why it is true, and its line in the file."""

    rule: str
    event_id: str
    reason: str
    line: int


def read_allow_list(path: Path, rules: tuple[str, ...]) -> tuple[list[Allowed], list[Problem]]:
    """The entries of ``path`` (none if it does not exist) and its problems, as errors."""
    if not path.exists():
        return [], []
    name = path.name
    raw, problems = read_bytes(path, name)
    if raw is None:
        return [], problems
    if len(raw) > MAX_BYTES:
        return [], [Problem(name, 1, "-", f"is larger than {MAX_BYTES} bytes")]
    try:
        root = yaml.compose(raw.decode("utf-8"), Loader=yaml.SafeLoader)
    except UnicodeDecodeError:
        return [], [Problem(name, 1, "-", "is not UTF-8; save as UTF-8")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        return [], [Problem(name, line, "-", f"not valid YAML: {getattr(exc, 'problem', exc)}")]
    if root is None:
        return [], []
    if isinstance(root, yaml.MappingNode):
        items = {k.value: v for k, v in root.value if isinstance(k, yaml.ScalarNode)}
        if set(items) != {"allow"}:
            msg = "must be a list of {rule, event_id, reason} entries (or `allow:` with that list)"
            return [], [Problem(name, root.start_mark.line + 1, "-", msg)]
        root = items["allow"]
    if not isinstance(root, yaml.SequenceNode):
        msg = "must be a list of {rule, event_id, reason} entries"
        return [], [Problem(name, root.start_mark.line + 1, "-", msg)]
    entries: list[Allowed] = []
    for node in root.value:
        entry, found = _entry(node, name, rules)
        problems += found
        if entry is not None:
            entries.append(entry)
    return entries, problems


def _entry(node: yaml.Node, name: str, rules: tuple[str, ...]) -> tuple[Allowed | None, list]:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        return None, [
            Problem(name, line, "-", "an entry must be a mapping {rule, event_id, reason}")
        ]
    values: dict[str, str] = {}
    problems = []
    for k, v in node.value:
        key = k.value if isinstance(k, yaml.ScalarNode) else "?"
        if key not in FIELDS:
            problems.append(Problem(name, k.start_mark.line + 1, str(key), "unknown field"))
        elif not isinstance(v, yaml.ScalarNode):
            problems.append(Problem(name, v.start_mark.line + 1, key, "must be a plain text value"))
        else:
            values[key] = str(v.value).strip()
    for key in FIELDS:
        if not values.get(key) and not any(p.column == key for p in problems):
            problems.append(Problem(name, line, key, "is required and must not be empty"))
    if values.get("rule") and values["rule"] not in rules:
        problems.append(
            Problem(name, line, "rule", f"{values['rule']!r} is not one of {list(rules)}")
        )
    if problems:
        return None, problems
    return Allowed(values["rule"], values["event_id"], values["reason"], line), []


def apply_allow_list(
    found: list[Finding], entries: list[Allowed], active: set[str], file: str = ALLOW_FILE
) -> list[Problem]:
    """The findings no entry excuses, plus a warning for each entry that excuses nothing.

    Entries for a rule that did not run (``active`` lacks it) are neither used nor reported.
    """
    keys = {(e.rule, e.event_id) for e in entries}
    left = [f.problem for f in found if (f.rule, f.key) not in keys]
    hits = {(f.rule, f.key) for f in found}
    unused = [
        Problem(
            file,
            e.line,
            "event_id",
            f"no {e.rule} warning on {e.event_id}: remove this entry (or fix the id)",
            "warning",
        )
        for e in entries
        if e.rule in active and (e.rule, e.event_id) not in hits
    ]
    return [*left, *unused]


def as_errors(problems: list[Problem]) -> list[Problem]:
    """``--strict``: every warning becomes an error."""
    return [replace(p, severity="error") for p in problems]
