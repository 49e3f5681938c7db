"""The project as configured: the editions and release version declared in ``pyproject.toml``, the
notebooks under ``notebooks/``, each notebook's title and the parameters its parameters cell
declares. Read by the build and by every report's page header (navigation, citation).

Why a module of its own, outside :mod:`helpers.build`: a report's key covers the helper modules
its notebook imports; were the header to import the build package, every report's key would
cover the whole build (and, through it, the claims loader), and an edit there would re-run every
report.

Why parse the parameters cell with :mod:`ast` rather than ``papermill.inspect_notebook``: the
answer is the same for the plain assignments a parameters cell holds (a test checks it against
papermill), and importing papermill pulls in nbformat and jsonschema, which costs seconds on a
build that turns out to have nothing to do.
"""

from __future__ import annotations

import ast
import json
import re
import tomllib
from pathlib import Path

from helpers import paths
from helpers.errors import ParameterError, Problem

#: A release version: what ``reports/releases/v<version>/`` may be named.
RELEASE = re.compile(r"[0-9A-Za-z][0-9A-Za-z.+-]{0,63}")


def config(root: Path | None = None) -> dict:
    """The ``[tool.taliban-tracker]`` table, plus ``release`` (``[project] version``, "" when
    absent); invalid TOML is a ParameterError naming the line."""
    root = root or paths.ROOT
    path = root / "pyproject.toml"
    try:
        with open(path, "rb") as fh:
            doc = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ParameterError(Problem(str(path), 0, "", "file not found")) from exc
    except OSError as exc:
        raise ParameterError(Problem(str(path), 0, "", f"cannot read: {exc.strerror}")) from exc
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        if line is None:
            m = re.search(r"line (\d+)", str(exc))
            line = int(m.group(1)) if m else 0
        msg = getattr(exc, "msg", None) or re.sub(r"\s*\(at .*\)$", "", str(exc))
        raise ParameterError(Problem(str(path), int(line), "", f"invalid TOML: {msg}")) from exc
    table = doc.get("tool", {}).get("taliban-tracker")
    if not isinstance(table, dict):
        raise ParameterError(Problem(str(path), 0, "", "no [tool.taliban-tracker] table"))
    # the release the current reports belong to: the project's version (``release`` freezes them
    # under reports/releases/v<version>/; bump it once a release was cut and the reports change)
    project = doc.get("project")
    release = project.get("version", "") if isinstance(project, dict) else ""
    if not isinstance(release, str) or not RELEASE.fullmatch(release or "0"):
        raise ParameterError(
            Problem(str(path), 0, "project.version", f"not a usable version: {release!r}")
        )
    table = {**table, "release": release}
    editions = table.get("editions", {})
    if not isinstance(editions, dict) or not all(isinstance(v, dict) for v in editions.values()):
        raise ParameterError(
            Problem(str(path), 0, "tool.taliban-tracker.editions", "expected one table per edition")
        )
    return table


def notebooks(root: Path | None = None) -> list[Path]:
    """The report notebooks: ``notebooks/NN_name.ipynb``, in name order."""
    root = root or paths.ROOT
    return sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _cells(nb_path: Path) -> list[dict]:
    try:
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        return list(nb["cells"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ParameterError(
            Problem(str(nb_path), 0, "", f"not a readable notebook: {exc}")
        ) from exc


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def notebook_title(nb_path: Path) -> str:
    """The first ``# `` heading of the notebook's markdown, or its file stem."""
    for c in _cells(nb_path):
        if c.get("cell_type") == "markdown":
            for line in _source(c).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return nb_path.stem


def declared_parameters(nb_path: Path) -> set[str]:
    """Names assigned in the cell tagged ``parameters`` (what papermill would report)."""
    for c in _cells(nb_path):
        if c.get("cell_type") == "code" and "parameters" in c.get("metadata", {}).get("tags", []):
            try:
                tree = ast.parse(_source(c))
            except SyntaxError as exc:
                raise ParameterError(
                    Problem(str(nb_path), 0, "parameters cell", f"syntax error: {exc.msg}")
                ) from exc
            names: set[str] = set()
            for node in tree.body:
                targets = (
                    node.targets
                    if isinstance(node, ast.Assign)
                    else [node.target]
                    if isinstance(node, ast.AnnAssign)
                    else []
                )
                names.update(t.id for t in targets if isinstance(t, ast.Name))
            return names
    return set()


def resolve_editions(cfg: dict, names: list[str] | None, newest: str) -> dict[str, dict]:
    """The chosen editions' parameters, with ``latest`` replaced by the newest event's date."""
    editions = cfg.get("editions", {})
    chosen = names or sorted(editions)
    unknown = [n for n in chosen if n not in editions]
    if unknown:
        raise ParameterError(
            f"unknown edition(s) {', '.join(unknown)}; known: {', '.join(sorted(editions))}"
        )
    return {
        name: {
            k: (newest if v == "latest" else v)
            for k, v in editions[name].items()
            if k not in ("title", "adhoc")
        }
        for name in chosen
    }


def edition_titles(cfg: dict) -> dict[str, str]:
    return {k: str(v.get("title", k)) for k, v in cfg.get("editions", {}).items()}


SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
RESERVED = {"releases", "notebooks", "data"}
ADHOC_BASE = "current"  # an ad-hoc edition takes its other parameters (claims_file) from here


def _iso_date(option: str, value: object) -> str:
    text = str(value or "")
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError("expected YYYY-MM-DD")
        import datetime as dt

        dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ParameterError(f"{option} {text!r}: not an ISO date YYYY-MM-DD ({exc})") from None
    return text


def adhoc_edition(
    cfg: dict, name: str, as_of: str | None, start: str | None, end: str | None
) -> dict:
    """Add a one-off edition ``name`` (built into ``reports/<name>/``) to a copy of ``cfg``.

    The name must be a slug (lower-case letters, digits and dashes) and not clash with a configured
    edition; the three dates are required ISO strings (passed to the notebooks quoted, as strings).
    Other parameters (the claims file) come from the ``current`` edition.
    """
    if not SLUG.fullmatch(name or "") or name in RESERVED:
        raise ParameterError(
            f"--name {name!r}: expected a slug (a-z, 0-9 and dashes, at most 64 characters)"
            + (", not a reserved folder name" if name in RESERVED else "")
        )
    editions = dict(cfg.get("editions", {}))
    if name in editions:
        raise ParameterError(f"--name {name!r}: an edition of that name is configured already")
    missing = [o for o, v in (("--as-of", as_of), ("--start", start), ("--end", end)) if not v]
    if missing:
        raise ParameterError(f"--name needs {', '.join(missing)}")
    base = {
        k: v
        for k, v in editions.get(ADHOC_BASE, {}).items()
        if k not in ("title", "as_of", "start", "end")
    }
    a, s, e = _iso_date("--as-of", as_of), _iso_date("--start", start), _iso_date("--end", end)
    if s > e:
        raise ParameterError(f"--start {s} is after --end {e}")
    editions[name] = {
        **base,
        "title": f"One-off edition {name}: {s} to {e}, as of {a}",
        "as_of": a,
        "start": s,
        "end": e,
        "adhoc": True,
    }
    return {**cfg, "editions": editions}
