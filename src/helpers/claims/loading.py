"""Load registries: safe YAML, typed entries, references checked against the dataset.

A malformed entry becomes a :class:`~helpers.errors.Problem` printed as
``file:line: claim_id: field: message`` and is left out; the registry's other entries are still
evaluated, and so are the other registries. A file that cannot be a registry at all (YAML syntax,
an alias bomb, a path outside ``data/claims/``, no ``claims`` list) raises :class:`RegistryError`.

Names the dataset must know (person ids, trip ids) are checked against it: an unknown id would
otherwise select nothing and read as "not in data", which is a typo passing for a finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from helpers.claims import yamlsafe
from helpers.claims.schema import CLAIM, KINDS, Entry, Filter, Header
from helpers.data import Dataset
from helpers.errors import Problem, RegistryError

FILTER_FIELDS = ("filter", "class_", "target", "a", "b")
_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass
class Registry:
    path: Path
    source: dict
    as_of: str
    claims: list[Entry]
    issues: list[Problem] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        """The issues as printable lines (kept for callers that join them)."""
        return [str(p) for p in self.issues]


def registry_path(data_dir: Path | str, name: Path | str) -> Path:
    """``name`` (relative to ``data_dir``, or absolute) if it lies inside ``data_dir/claims/``.

    Why: an edition's or notebook's ``claims_file`` is a parameter; without this check an
    absolute path or ``../`` made the build read any file on the machine.
    """
    base = (Path(data_dir) / "claims").resolve()
    p = Path(name)
    target = (p if p.is_absolute() else Path(data_dir) / p).resolve()
    if not target.is_relative_to(base) or target.suffix != ".yaml":
        raise RegistryError(
            Problem(str(name), 0, "", f"a claims registry must be a .yaml file inside {base}")
        )
    return target


def load_registry(
    path: Path | str, *, dataset: Dataset | None = None, data_dir: Path | str | None = None
) -> Registry:
    """Read and check one registry.

    ``data_dir``: refuse a path outside its ``claims/`` folder. ``dataset``: also refuse ids the
    dataset does not know (without it, :func:`evaluation.evaluate` checks them before running).
    """
    path = registry_path(data_dir, path) if data_dir is not None else Path(path)
    name = path.name
    doc, root = yamlsafe.read(path)
    if not isinstance(doc, dict) or not isinstance(root, yaml.MappingNode):
        raise RegistryError(
            Problem(name, 0, "", "a registry is a mapping with 'source', 'as_of' and 'claims'")
        )
    header = {k: v for k, v in doc.items() if k != "claims"}
    try:
        head = Header.model_validate(header)
    except ValidationError as exc:
        raise RegistryError(list(_problems(exc, name, "", root, ()))) from None
    entries = doc.get("claims")
    if not isinstance(entries, list):
        line = yamlsafe.line_of(root, ("claims",))
        got = type(entries).__name__ if "claims" in doc else "nothing"
        msg = f"'claims' must be a list of claim entries, not {got}"
        raise RegistryError(Problem(name, line, "claims", msg))
    issues: list[Problem] = []
    good: list[Entry] = []
    seen: set[str] = set()
    for i, raw in enumerate(entries):
        cid = str(raw.get("id") or f"#{i + 1}") if isinstance(raw, dict) else f"#{i + 1}"
        node_loc = ("claims", i)
        try:
            entry = CLAIM.validate_python(raw)
        except ValidationError as exc:
            issues += _problems(exc, name, cid, root, node_loc, strip_tag=True)
            continue
        if cid in seen:
            line = yamlsafe.line_of(root, (*node_loc, "id"))
            issues.append(Problem(name, line, f"{cid}: id", "duplicate claim id"))
            continue
        seen.add(cid)
        refs = unknown_references(entry, dataset) if dataset is not None else []
        for loc, msg in refs:
            line = yamlsafe.line_of(root, (*node_loc, *loc))
            issues.append(Problem(name, line, f"{cid}: {_dotted(loc)}", msg))
        if not refs:
            good.append(entry)
    source = head.source.model_dump(exclude_none=True)
    return Registry(path, source, head.as_of, good, sorted(issues))


def registry_problems(data_dir: Path | str, dataset: Dataset) -> list[Problem]:
    """Every problem of every registry in ``data_dir/claims`` (for ``taliban-tracker validate``)."""
    problems: list[Problem] = []
    for f in sorted((Path(data_dir) / "claims").glob("*.yaml")):
        try:
            problems += load_registry(f, dataset=dataset, data_dir=data_dir).issues
        except RegistryError as exc:
            problems += exc.problems
    return problems


# --------------------------------------------------------------------------- references


def unknown_references(entry: Entry, dataset: Dataset) -> list[tuple[tuple, str]]:
    """(path in the entry, message) for each person or trip id the dataset does not hold."""
    persons = set(dataset.persons["person_id"])
    trips: set[str] | None = None
    out: list[tuple[tuple, str]] = []
    for loc, key, value in _named_values(entry):
        if key == "trip_id":
            if trips is None:
                trips = set(dataset.events["trip_id"].dropna().unique())
            known, what = trips, "trip id"
        else:
            known, what = persons, "person id"
        if value not in known:
            out.append((loc, f"{value!r} is not a {what} in the dataset"))
    return out


def _named_values(entry: Entry) -> Iterator[tuple[tuple, str, str]]:
    for r, (_, check) in enumerate(entry.readings()):
        base = ("check",) if getattr(entry, "check", None) is not None else ("readings", r, "check")
        for fname in FILTER_FIELDS:
            flt = getattr(check, fname, None)
            if not isinstance(flt, Filter):
                continue
            alias = "class" if fname == "class_" else fname
            for key in (
                "persons",
                "lead_person_id",
                "lead_person_id_not",
                "trip_id",
                "trip_id_not",
            ):
                for j, v in enumerate(getattr(flt, key) or []):
                    yield (*base, alias, key, j), key.removesuffix("_not"), v
        for j, v in enumerate(getattr(check, "persons_listed", None) or []):
            yield (*base, "persons_listed", j), "persons", v


# --------------------------------------------------------------------------- messages


def _problems(
    exc: ValidationError, name: str, cid: str, root: Any, at: tuple, *, strip_tag: bool = False
) -> list[Problem]:
    out: dict[str, Problem] = {}
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        if strip_tag and loc and loc[0] in KINDS:
            loc = loc[1:]
        loc = tuple(
            "class" if x == "class_" else "readings" if x == "readings_" else x for x in loc
        )
        if (
            err["type"] != "extra_forbidden"
        ):  # drop union member tags ('list[...]', 'constrained-float')
            loc = tuple(x for x in loc if isinstance(x, int) or _FIELD.match(x))
        if err["type"].startswith("union_tag"):
            loc = (*loc, "kind")
        if err["type"] == "invalid_key":  # the int is a key, not a list index
            loc = loc[:-1]
        where = _dotted(loc) or "entry"
        line = yamlsafe.line_of(root, (*at, *loc))
        column = f"{cid}: {where}" if cid else where
        out.setdefault(where, Problem(name, line, column, _message(err)))
    return sorted(out.values())


def _dotted(loc: tuple) -> str:
    text = ""
    for x in loc:
        text += f"[{x}]" if isinstance(x, int) else (f".{x}" if text else str(x))
    return text


def _message(err: dict) -> str:
    kind, msg, value = err["type"], err["msg"], err.get("input")
    if kind == "extra_forbidden":
        return "unknown key (a typo? see data/claims/schema.json for the keys each kind takes)"
    if kind == "missing":
        return "required, but missing"
    if kind == "invalid_key":
        return f"a key must be text, not {_show(value)}"
    if kind == "literal_error":
        return f"{value!r} is not one of {err['ctx']['expected']}"
    if kind == "union_tag_invalid":
        return f"unknown kind {err['ctx']['tag']!r} (one of {', '.join(KINDS)})"
    if kind == "union_tag_not_found":
        return f"missing 'kind' (one of {', '.join(KINDS)})"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"should be a mapping of keys, not {_show(value)}"
    if kind == "string_pattern_mismatch" and err["ctx"]["pattern"] == r"\S":
        return "must not be blank"
    msg = msg.removeprefix("Value error, ")
    if kind.endswith("_type") or kind.startswith("literal") or kind == "string_pattern_mismatch":
        msg = f"{msg} (got {_show(value)})"
    return msg


def _show(value: Any) -> str:
    text = repr(value)
    text = text if len(text) <= 60 else text[:57] + "..."
    return f"{type(value).__name__} {text}" if not isinstance(value, str) else text
