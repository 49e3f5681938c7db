"""Planning: which reports are stale, and (only when one is) every check that can be made
without a kernel.

Two steps, and why:

1. **Keys** (cheap: bytes, ``json``, ``ast``): each report's key (:mod:`helpers.build.keys`) is
   compared with the manifest's. When every report is up to date the build stops here, without
   importing pandas or papermill (a no-op build takes a fraction of a second).
2. **Checks** (loads the dataset): the dataset, the claims registries, the editions' dates and
   the notebooks' declared parameters are checked before any kernel starts and before any file
   under the output folder changes; ``latest`` is resolved to the newest event's date.
"""

from __future__ import annotations

from pathlib import Path

from helpers import paths
from helpers.build import keys
from helpers.build.model import INJECTED_PARAMS, REPORT_PARAMS, Job
from helpers.build.publish import MANIFEST, files_match, read_manifest
from helpers.errors import BuildError, ParameterError, Problem, RegistryError
from helpers.project import (
    config,
    declared_parameters,
    notebook_title,
    notebooks,
    resolve_editions,
)


def _check_registry(path: Path, data_dir: Path, ds) -> None:
    """A registry must lie in ``data_dir/claims`` and name only ids the dataset holds."""
    from helpers.claims import load_registry

    reg = load_registry(path, data_dir=data_dir, dataset=ds)  # raises RegistryError
    if reg.problems:
        raise RegistryError(
            [
                p if isinstance(p, Problem) else Problem(str(path), 0, "", str(p))
                for p in reg.problems
            ]
        )


def _checked_context(
    data_dir: Path, cfg: dict, chosen: list[str], allow_any_date: bool
) -> tuple[dict, dict]:
    """Load and check the dataset, registries and editions; return (resolved editions, ctx)."""
    from helpers import data as data_mod
    from helpers import params as params_mod

    ds = data_mod.load(data_dir)  # raises DataError
    counted = ds.events.loc[ds.events["counts"], "known_by"]
    if counted.empty:
        raise BuildError(
            Problem(
                str(data_dir / "events.csv"), 0, "status", "no counted event: nothing to report"
            )
        )
    newest = counted.max().strftime("%Y-%m-%d")
    eds = resolve_editions(cfg, chosen, newest)
    for ed, p in eds.items():
        try:
            params_mod.window(
                p.get("as_of"), p.get("start"), p.get("end"), allow_any_date=allow_any_date
            )
        except ParameterError as exc:
            raise ParameterError(f"edition {ed}: {exc}") from exc
        if p.get("claims_file"):
            path = data_dir / p["claims_file"]
            if not path.is_file():
                raise ParameterError(f"edition {ed}: missing claims file {path}")
            _check_registry(path, data_dir, ds)  # refuses a path outside data/claims
    # every registry may be read by a report (02's published counts), so each is checked
    for r in sorted((data_dir / "claims").glob("*.yaml")):
        _check_registry(r, data_dir, ds)
    titles = {k: str(v.get("title", k)) for k, v in cfg.get("editions", {}).items()}
    ctx = {
        "release": cfg.get("release", ""),
        "dataset": {
            "name": ds.name,
            "version": ds.version,
            "sha256": ds.sha256,
            "events": len(ds.events),
            "sources": ds.n_sources,
        },
        "editions": eds,
        "edition_meta": {
            ed: {
                "title": titles.get(ed, ed),
                "parameters": p,
                "adhoc": bool(cfg["editions"][ed].get("adhoc")),
            }
            for ed, p in eds.items()
        },
    }
    return eds, ctx


def plan(
    *,
    root: Path,
    out_dir: Path,
    selected: list[str] | None,
    editions: list[str] | None,
    force: bool,
    allow_any_date: bool = False,
    data_dir: Path | None = None,
    cfg: dict | None = None,
) -> tuple[list[Job], list[Job], dict | None]:
    """Return ``(to_run, up_to_date, ctx)``; ``ctx`` is None when nothing is to be done (the
    dataset was not loaded). Raises a TrackerError before any kernel starts."""
    data_dir = Path(data_dir or root / "data").resolve()
    cfg = cfg or config(root)
    known = cfg.get("editions", {})
    chosen = editions or sorted(k for k, v in known.items() if not v.get("adhoc"))
    unknown = [n for n in chosen if n not in known]
    if unknown:
        raise ParameterError(
            f"unknown edition(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    all_nbs = {p.stem: p for p in notebooks(root)}
    names = selected or sorted(all_nbs)
    unknown = [n for n in names if n not in all_nbs]
    if unknown:
        raise ParameterError(
            f"unknown notebook(s) {', '.join(unknown)}; known: {', '.join(sorted(all_nbs))}"
        )
    declared = {n: declared_parameters(all_nbs[n]) for n in names}
    titles = {n: notebook_title(all_nbs[n]) for n in names}
    # an edition's parameter must be read by some notebook of the project (a typo is refused),
    # not necessarily by one of those selected: `build 01_dataset` is fine with a claims_file
    every_declared = set().union(*(declared_parameters(p) for p in all_nbs.values()))
    for n in names:
        missing = sorted(set(REPORT_PARAMS) - declared[n])
        if missing:
            raise BuildError(
                Problem(str(all_nbs[n]), 0, "parameters cell", f"lacks {', '.join(missing)}")
            )
    raw = {ed: {k: v for k, v in known[ed].items() if k not in ("title", "adhoc")} for ed in chosen}
    for ed, p in raw.items():
        stray = sorted(set(p) - every_declared)
        if stray:
            raise ParameterError(
                f"edition {ed}: parameter(s) {', '.join(stray)} are not declared by any notebook"
            )
    inputs = keys.inputs_digest(data_dir)  # raises DataError for a missing or unreadable file
    default_data = data_dir == paths.DATA_DIR.resolve()
    manifest = read_manifest(out_dir)
    tmp_dir = str(out_dir)
    to_run: list[Job] = []
    fresh: list[Job] = []
    helpers = {n: keys.helper_files(all_nbs[n]) for n in names}
    site = keys.site_digest(cfg, {n: notebook_title(p) for n, p in all_nbs.items()})
    for ed in chosen:
        for n in names:
            params = {k: v for k, v in raw[ed].items() if k in declared[n]}
            if not default_data and "data_dir" in declared[n]:
                params["data_dir"] = str(data_dir)
            key = keys.report_key(all_nbs[n], params, ed, inputs, helpers[n], site)
            job = Job(n, ed, params, key, str(all_nbs[n]), str(out_dir), tmp_dir, titles[n])
            entry = manifest["reports"].get(f"{ed}/{n}")
            up_to_date = (
                not force
                and entry
                and entry.get("key") == key
                and files_match(out_dir, ed, n, entry)
            )
            (fresh if up_to_date else to_run).append(job)
    complete = (out_dir / MANIFEST).is_file() and (out_dir / "index.html").is_file()
    if not to_run and complete:
        return [], fresh, None
    eds, ctx = _checked_context(data_dir, cfg, chosen, allow_any_date)
    for job in to_run:
        resolved = eds[job.edition]
        job.parameters = {k: resolved[k] for k in job.parameters if k in resolved} | {
            k: v for k, v in job.parameters.items() if k not in resolved
        }
        injected = {"notebook": job.notebook, "title": job.title}
        for k in INJECTED_PARAMS:
            if k in declared[job.notebook]:
                job.parameters[k] = injected[k]
        job.parameters.update(edition=job.edition, input_hash=job.key)
    ctx["titles"] = titles
    return to_run, fresh, ctx
