"""Input hashing: the per-report key that decides whether a report must be re-run.

A report's key covers exactly what shapes it, so that an edit re-runs the reports it can change
and no others:

* the notebook (every cell's source: markdown is part of the report too);
* the modules of ``src/helpers`` it imports, transitively (read from the import graph with
  :mod:`ast`: a help-text edit in ``cli.py`` re-runs nothing), the package's non-Python files
  (templates) and the renderer (:mod:`helpers.build.execute`);
* the dataset files (``datapackage.json`` and every resource it lists), every claims registry
  (the scorecard and 02's published counts read them) and the map's shapes, all from the data
  folder in use;
* the versions of the packages that execute and render a report (not the whole lock file: a
  test-only dependency bump re-runs nothing);
* the parameters passed to the notebook, as written in the edition (``latest`` stays ``latest``:
  the data hash already fixes the date it resolves to);
* what every page's header shows of the whole site: the configured editions (navigation), the
  notebooks' titles (navigation) and the release the reports belong to (citation block).

Everything here reads bytes and parses with :mod:`ast`/:mod:`json`: computing the keys imports
neither pandas nor papermill, so a build with nothing to do finishes in well under a second.
"""

from __future__ import annotations

import ast
import hashlib
import json
import platform
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from helpers import paths
from helpers.errors import DataError, Problem

HELPERS_DIR = Path(__file__).resolve().parents[1]
# Distributions whose version can change a report's bytes: the kernel and the notebook runner, the
# HTML renderer and its markdown/highlighting, the computation and the figures (PNG encoder).
RENDER_PACKAGES = (
    "papermill",
    "nbclient",
    "nbconvert",
    "nbformat",
    "ipykernel",
    "ipython",
    "jupyter_client",
    "mistune",
    "pygments",
    "bleach",
    "jinja2",
    "markupsafe",
    "pandas",
    "numpy",
    "pyarrow",
    "matplotlib",
    "matplotlib-inline",
    "seaborn",
    "pillow",
    "pycountry",
    "pyyaml",
    "pydantic",
    "defusedxml",
    "itables",
)
GEO_FILE = Path("geo") / "countries-110m.json"


def sha256_bytes(*chunks: bytes) -> str:
    """SHA-256 over the SHA-256 of each chunk, so chunk boundaries count."""
    h = hashlib.sha256()
    for c in chunks:
        h.update(hashlib.sha256(c).digest())
    return h.hexdigest()


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@lru_cache(maxsize=1)
def package_versions() -> dict[str, str]:
    """Installed version of each render package ("absent" when not installed), and Python's."""
    out = {"python": platform.python_version()}
    for name in RENDER_PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "absent"
    return out


def _cell_sources(nb_path: Path) -> list[tuple[str, str]]:
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    return [
        (c["cell_type"], "".join(c["source"]) if isinstance(c["source"], list) else c["source"])
        for c in nb["cells"]
    ]


def code_digest(nb_path: Path) -> str:
    """SHA-256 over every cell's source (markdown is part of the report too)."""
    return sha256_bytes(*(s.encode() for _, s in _cell_sources(nb_path)))


def module_path(name: str) -> Path | None:
    """The file of a ``helpers`` module (``helpers.a.b``), or None if it is not one."""
    parts = name.split(".")
    if parts[0] != "helpers":
        return None
    base = HELPERS_DIR.joinpath(*parts[1:])
    for p in (base.with_suffix(".py"), base / "__init__.py"):
        if p.is_file():
            return p
    return None


def _imported(tree: ast.AST, package: str) -> set[str]:
    """Names of ``helpers`` modules an AST imports (anywhere, lazy imports included)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "helpers")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                mod = ".".join([*base, *([node.module] if node.module else [])])
            else:
                mod = node.module or ""
            if mod.split(".")[0] != "helpers":
                continue
            found.add(mod)
            found.update(f"{mod}.{a.name}" for a in node.names if module_path(f"{mod}.{a.name}"))
    return found


def _with_parents(names: set[str]) -> set[str]:
    out = set()
    for n in names:
        parts = n.split(".")
        out.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return {n for n in out if module_path(n)}


@lru_cache(maxsize=256)
def _module_imports(path: Path, mtime_ns: int, package: str) -> frozenset[str]:
    tree = ast.parse(path.read_bytes(), filename=str(path))
    return frozenset(_imported(tree, package))


def import_closure(start: set[str]) -> dict[str, Path]:
    """Every ``helpers`` module that importing ``start`` runs (parents' ``__init__`` included)."""
    todo = sorted(_with_parents(start))
    seen: dict[str, Path] = {}
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = module_path(name)
        if path is None:
            continue
        seen[name] = path
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        todo += sorted(_with_parents(set(_module_imports(path, path.stat().st_mtime_ns, package))))
    return dict(sorted(seen.items()))


def notebook_imports(nb_path: Path) -> set[str]:
    """The ``helpers`` modules a notebook's code cells import (IPython magics are skipped)."""
    names: set[str] = set()
    for kind, src in _cell_sources(nb_path):
        if kind != "code":
            continue
        text = "\n".join(
            ln for ln in src.splitlines() if not ln.lstrip().startswith(("%", "!", "?"))
        )
        try:
            names |= _imported(ast.parse(text), "")
        except SyntaxError:
            continue
    return names


def helper_files(nb_path: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every package file a notebook's report depends on."""
    files = set(import_closure(notebook_imports(nb_path)).values())
    # the renderer: how a run is normalized and turned into HTML (the kernel never imports it)
    files.add(HELPERS_DIR / "build" / "execute.py")
    # non-Python files of the package (nbconvert and Jinja templates): every report renders them
    files |= {
        p
        for p in HELPERS_DIR.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    }
    return {p.relative_to(HELPERS_DIR).as_posix(): file_sha256(p) for p in sorted(files)}


def data_files(data_dir: Path) -> list[Path]:
    """``datapackage.json`` and every resource it lists; a missing file or bad JSON is a
    DataError naming the file (and line)."""
    f = data_dir / "datapackage.json"
    if not f.is_file():
        raise DataError(Problem(str(f), 0, "", "missing data file"))
    try:
        desc = json.loads(f.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(Problem(str(f), exc.lineno, "", f"invalid JSON: {exc.msg}")) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(Problem(str(f), 0, "", f"cannot read: {exc}")) from exc
    resources = desc.get("resources") if isinstance(desc, dict) else None
    if not isinstance(resources, list) or not resources:
        raise DataError(Problem(str(f), 0, "resources", "expected a list of resources"))
    out = [f]
    for i, res in enumerate(resources):
        rel = res.get("path") if isinstance(res, dict) else None
        if not isinstance(rel, str) or not rel:
            raise DataError(Problem(str(f), 0, f"resources[{i}].path", "expected a file name"))
        p = data_dir / rel
        if not p.is_file():
            raise DataError(Problem(str(p), 0, "", "missing data file"))
        out.append(p)
    return out


def geo_file(data_dir: Path) -> Path:
    """The map's shapes: from the data folder in use, else the package's data folder."""
    p = data_dir / GEO_FILE
    return p if p.is_file() else paths.DATA_DIR / GEO_FILE


def inputs_digest(data_dir: Path) -> dict[str, str]:
    """Name -> SHA-256 of the data inputs every report reads: dataset files, registries, shapes."""
    out = {
        f"data/{p.relative_to(data_dir).as_posix()}": file_sha256(p) for p in data_files(data_dir)
    }
    for r in sorted((data_dir / "claims").glob("*.yaml")):
        out[f"claims/{r.name}"] = file_sha256(r)
    geo = geo_file(data_dir)
    out["geo"] = file_sha256(geo) if geo.is_file() else "absent"
    return out


def site_digest(cfg: dict, titles: dict[str, str]) -> str:
    """SHA-256 of what every page's header shows of the whole site: the configured editions (a
    one-off edition is not part of the others' navigation), every notebook's title and the
    release version."""
    editions = {k: v for k, v in cfg.get("editions", {}).items() if not v.get("adhoc")}
    doc = {"editions": editions, "titles": titles, "release": cfg.get("release", "")}
    return hashlib.sha256(json.dumps(doc, sort_keys=True, default=str).encode()).hexdigest()


def report_key(
    nb_path: Path,
    params: dict,
    edition: str,
    inputs: dict[str, str],
    helpers: dict[str, str],
    site: str = "",
) -> str:
    """The report's key: SHA-256 over a canonical JSON of everything listed in the module doc."""
    doc = {
        "notebook": code_digest(nb_path),
        "helpers": helpers,
        "inputs": inputs,
        "packages": package_versions(),
        "parameters": params,
        "edition": edition,
        "site": site,
    }
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()
