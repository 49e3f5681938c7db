"""Planning: check everything that can be checked without a kernel, then split the reports into
those to run and those already up to date.

Why up front: a bad data file, registry, edition or parameter must stop the build before any
kernel starts and before any file under the output folder changes.
"""

from __future__ import annotations

import json
from pathlib import Path

from helpers import paths
from helpers.build import keys
from helpers.build.config import (
    config,
    declared_parameters,
    notebook_title,
    notebooks,
    resolve_editions,
)
from helpers.build.model import REPORT_PARAMS, Job
from helpers.build.publish import files_match, read_manifest
from helpers.errors import BuildError, DataError, ParameterError, Problem, RegistryError


def _read_descriptor(data_dir: Path) -> dict:
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
    if not isinstance(resources, list):
        raise DataError(Problem(str(f), 0, "resources", "expected a list of resources"))
    for res in resources:
        p = data_dir / str(res.get("path", "")) if isinstance(res, dict) else None
        if p is None or not p.is_file():
            raise DataError(Problem(str(p or f), 0, "", "missing data file"))
    return desc


def _check_registry(path: Path):
    from helpers.claims import load_registry

    reg = load_registry(path)  # raises RegistryError
    if reg.problems:
        raise RegistryError(
            [
                p if isinstance(p, Problem) else Problem(str(path), 0, "", str(p))
                for p in reg.problems
            ]
        )
    return reg


def plan(
    *,
    root: Path,
    out_dir: Path,
    selected: list[str] | None,
    editions: list[str] | None,
    force: bool,
    allow_any_date: bool = False,
    data_dir: Path | None = None,
) -> tuple[list[Job], list[Job], dict]:
    """Return ``(to_run, up_to_date, context)``; raise a TrackerError before any kernel starts."""
    from helpers import data as data_mod
    from helpers import params as params_mod

    data_dir = Path(data_dir or root / "data").resolve()
    _read_descriptor(data_dir)
    ds = data_mod.load(data_dir)  # raises DataError before any kernel starts
    newest = ds.events.loc[ds.events["counts"], "known_by"].max().strftime("%Y-%m-%d")
    cfg = config(root)
    eds = resolve_editions(cfg, editions, newest)
    all_nbs = {p.stem: p for p in notebooks(root)}
    names = selected or sorted(all_nbs)
    unknown = [n for n in names if n not in all_nbs]
    if unknown:
        raise ParameterError(
            f"unknown notebook(s) {', '.join(unknown)}; known: {', '.join(sorted(all_nbs))}"
        )
    for ed, p in eds.items():
        try:
            params_mod.window(
                p.get("as_of"), p.get("start"), p.get("end"), allow_any_date=allow_any_date
            )
        except ParameterError as exc:
            raise ParameterError(f"edition {ed}: {exc}") from exc
        if p.get("claims_file"):
            reg_path = data_dir / p["claims_file"]
            if not reg_path.exists():
                raise ParameterError(f"edition {ed}: missing claims file {reg_path}")
    # Claims registries are read by the scorecard and by 02's published counts: a registry edit
    # must re-run the reports, so every registry's name and bytes are part of the key.
    registries = sorted((data_dir / "claims").glob("*.yaml"))
    for r in registries:
        _check_registry(r)
    lock = root / "uv.lock"
    geo = paths.DATA_DIR / "geo" / "countries-110m.json"  # the map's shapes (read by maps.py)
    common = keys.sha256_bytes(
        ds.sha256.encode(),
        keys.helpers_digest().encode(),
        lock.read_bytes() if lock.exists() else b"",
        geo.read_bytes() if geo.exists() else b"",
        *(r.name.encode() + b"\0" + r.read_bytes() for r in registries),
    )
    manifest = read_manifest(out_dir)
    to_run: list[Job] = []
    fresh: list[Job] = []
    tmp_dir = root / ".cache" / "build-tmp"
    declared = {n: declared_parameters(all_nbs[n]) for n in names}
    titles = {n: notebook_title(all_nbs[n]) for n in names}
    every_declared = set().union(*declared.values()) if declared else set()
    for ed, p in eds.items():
        stray = sorted(set(p) - every_declared)
        if stray:
            raise ParameterError(
                f"edition {ed}: parameter(s) {', '.join(stray)} are not declared by any notebook"
            )
        for n in names:
            missing = sorted(set(REPORT_PARAMS) - declared[n])
            if missing:
                raise BuildError(f"notebook {n}: parameters cell lacks {', '.join(missing)}")
            nb_params = {k: v for k, v in p.items() if k in declared[n]}
            if data_dir != paths.DATA_DIR.resolve():
                nb_params["data_dir"] = str(data_dir)
            key = keys.report_key(common, all_nbs[n], nb_params, ed)
            nb_params.update(edition=ed, input_hash=key)
            job = Job(n, ed, nb_params, key, str(all_nbs[n]), str(out_dir), str(tmp_dir), titles[n])
            entry = manifest["reports"].get(f"{ed}/{n}")
            if (
                not force
                and entry
                and entry.get("key") == key
                and files_match(out_dir, ed, n, entry)
            ):
                fresh.append(job)
            else:
                to_run.append(job)
    ctx = {
        "dataset": {
            "name": ds.name,
            "version": ds.version,
            "sha256": ds.sha256,
            "events": len(ds.events),
            "sources": ds.n_sources,
        },
        "editions": eds,
        "titles": titles,
    }
    return to_run, fresh, ctx
