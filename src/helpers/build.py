"""Build every report: papermill executes each notebook once per edition, nbconvert renders it to
HTML in the same process, and the result is written atomically under ``reports/<edition>/``.

Design choices, and why:

* **In process, in parallel.** A naive loop pays Python start-up, papermill/nbconvert imports and a
  kernel start per CLI call. Here a pool of worker processes (``spawn``, so no forked ZeroMQ state)
  imports once and runs independent notebooks concurrently. Kernels talk over **IPC sockets** with
  unique paths, so parallel kernel starts cannot race for TCP ports (papermill issue 511).
* **Incremental.** A report is re-run only when its key changes: SHA-256 over the notebook's cells,
  its parameters, the dataset files, the claims registries, the map's shapes, ``src/helpers`` and
  ``uv.lock``. The manifest keeps
  each key and the SHA-256 of each HTML file; ``--force`` re-runs everything.
* **Deterministic.** Papermill and nbclient timestamps are removed, cell ids are renumbered, the
  injected-parameters cell gets a fixed id, the kernel runs with ``PYTHONHASHSEED=0``, figures are
  written without PNG metadata, and the date shown is the inputs' date, not the build time.
* **Safe.** Data and parameters are checked before any kernel starts. A failing notebook does not
  stop the others; its previous report stays. Files are written to ``.cache/build-tmp`` (same
  filesystem) and moved into place with ``os.replace``, so a killed build leaves no partial file
  under ``reports/``. A lock file (``flock``; released by the OS if the holder dies) keeps two
  builds from writing at once.
* **Sanitizing.** nbconvert's ``sanitize_html`` stays off on purpose: every text field from the
  dataset reaches the HTML through :mod:`helpers.cite` (escaped, http(s)-only links) or pandas'
  escaping ``to_html``, and the notebooks' markdown is ours. Sanitizing would also strip the
  report's own styles and data-URI figures. ``tests/test_hardening.py`` proves payloads stay inert.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import hashlib
import json
import multiprocessing as mp
import os
import sys
import tempfile
import tomllib
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from helpers import paths
from helpers.errors import BuildError

REPORT_PARAMS = ("edition", "input_hash")
TEMPLATE_DIR = Path(__file__).parent / "templates"


@dataclass
class Job:
    notebook: str  # stem, e.g. "01_dataset"
    edition: str
    parameters: dict
    key: str
    nb_path: str
    out_dir: str
    tmp_dir: str
    title: str = ""


@dataclass
class Outcome:
    job: Job
    ok: bool
    skipped: bool = False
    error: str = ""
    html_sha256: str = ""
    full_sha256: str = ""
    seconds: float = 0.0
    extra: dict = field(default_factory=dict)


# --------------------------------------------------------------------------- configuration


def config(root: Path | None = None) -> dict:
    root = root or paths.ROOT
    with open(root / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["tool"]["taliban-tracker"]


def notebooks(root: Path | None = None) -> list[Path]:
    root = root or paths.ROOT
    return sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def sha256_bytes(*chunks: bytes) -> str:
    h = hashlib.sha256()
    for c in chunks:
        h.update(hashlib.sha256(c).digest())
    return h.hexdigest()


def helpers_digest() -> str:
    """SHA-256 over the package's source and templates (anything that shapes a report)."""
    base = Path(__file__).parent
    files = sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return sha256_bytes(
        *(p.relative_to(base).as_posix().encode() + b"\0" + p.read_bytes() for p in files)
    )


def code_digest(nb_path: Path) -> str:
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    code = [
        ("".join(c["source"]) if isinstance(c["source"], list) else c["source"])
        for c in nb["cells"]
    ]
    # Markdown is part of the report too, so every cell's source counts.
    return sha256_bytes(*(s.encode() for s in code))


def notebook_title(nb_path: Path) -> str:
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    for c in nb["cells"]:
        if c["cell_type"] == "markdown":
            src = "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for line in src.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return nb_path.stem


def declared_parameters(nb_path: Path) -> set[str]:
    import papermill

    return set(papermill.inspect_notebook(str(nb_path)).keys())


def resolve_editions(cfg: dict, names: list[str] | None, newest: str) -> dict[str, dict]:
    editions = cfg.get("editions", {})
    chosen = names or sorted(editions)
    unknown = [n for n in chosen if n not in editions]
    if unknown:
        raise BuildError(
            f"unknown edition(s) {', '.join(unknown)}; known: {', '.join(sorted(editions))}"
        )
    out = {}
    for name in chosen:
        params = {
            k: (newest if v == "latest" else v) for k, v in editions[name].items() if k != "title"
        }
        out[name] = params
    return out


# --------------------------------------------------------------------------- planning


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
    """Check everything that can be checked without a kernel; return (to_run, up_to_date, context)."""
    from helpers import data as data_mod
    from helpers import params as params_mod
    from helpers.claims import RegistryError, load_registry

    data_dir = data_dir or root / "data"
    for f in ("datapackage.json",):
        if not (data_dir / f).exists():
            raise BuildError(f"missing data file: {data_dir / f}")
    desc = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    for res in desc["resources"]:
        if not (data_dir / res["path"]).exists():
            raise BuildError(f"missing data file: {data_dir / res['path']}")
    ds = data_mod.load(data_dir)  # raises DataError before any kernel starts
    newest = ds.events.loc[ds.events["counts"], "known_by"].max().strftime("%Y-%m-%d")
    cfg = config(root)
    eds = resolve_editions(cfg, editions, newest)
    all_nbs = {p.stem: p for p in notebooks(root)}
    names = selected or sorted(all_nbs)
    unknown = [n for n in names if n not in all_nbs]
    if unknown:
        raise BuildError(
            f"unknown notebook(s) {', '.join(unknown)}; known: {', '.join(sorted(all_nbs))}"
        )
    for ed, p in eds.items():
        try:
            params_mod.window(
                p.get("as_of"), p.get("start"), p.get("end"), allow_any_date=allow_any_date
            )
        except params_mod.ParameterError as exc:
            raise BuildError(f"edition {ed}: {exc}") from exc
        if p.get("claims_file"):
            reg_path = data_dir / p["claims_file"]
            if not reg_path.exists():
                raise BuildError(f"edition {ed}: missing claims file {reg_path}")
            try:
                reg = load_registry(reg_path)
            except RegistryError as exc:
                raise BuildError(str(exc)) from exc
            if reg.problems:
                raise BuildError("\n".join(reg.problems))
    lock = root / "uv.lock"
    geo = paths.DATA_DIR / "geo" / "countries-110m.json"  # the map's shapes (read by maps.py)
    # Claims registries are read by the scorecard and by 02's published counts: a registry edit
    # must re-run the reports, so every registry's name and bytes are part of the key.
    registries = sorted((data_dir / "claims").glob("*.yaml"))
    for r in registries:  # every report may read any registry (02's published counts)
        try:
            problems = load_registry(r).problems
        except RegistryError as exc:
            raise BuildError(str(exc)) from exc
        if problems:
            raise BuildError("\n".join(problems))
    common = sha256_bytes(
        ds.sha256.encode(),
        helpers_digest().encode(),
        lock.read_bytes() if lock.exists() else b"",
        geo.read_bytes() if geo.exists() else b"",
        *(r.name.encode() + b"\0" + r.read_bytes() for r in registries),
    )
    manifest = read_manifest(out_dir)
    to_run, fresh = [], []
    tmp_dir = root / ".cache" / "build-tmp"
    declared = {n: declared_parameters(all_nbs[n]) for n in names}
    every_declared = set().union(*declared.values()) if declared else set()
    for ed, p in eds.items():
        stray = sorted(set(p) - every_declared)
        if stray:
            raise BuildError(
                f"edition {ed}: parameter(s) {', '.join(stray)} are not declared by any notebook"
            )
        for n in names:
            missing = sorted(set(REPORT_PARAMS) - declared[n])
            if missing:
                raise BuildError(f"notebook {n}: parameters cell lacks {', '.join(missing)}")
            nb_params = {k: v for k, v in p.items() if k in declared[n]}
            if Path(data_dir).resolve() != paths.DATA_DIR.resolve():
                nb_params["data_dir"] = str(data_dir)
            key = sha256_bytes(
                common.encode(),
                code_digest(all_nbs[n]).encode(),
                json.dumps(nb_params, sort_keys=True).encode(),
                ed.encode(),
            )
            nb_params.update(edition=ed, input_hash=key)
            job = Job(
                n,
                ed,
                nb_params,
                key,
                str(all_nbs[n]),
                str(out_dir),
                str(tmp_dir),
                notebook_title(all_nbs[n]),
            )
            entry = manifest["reports"].get(f"{ed}/{n}")
            if (
                not force
                and entry
                and entry.get("key") == key
                and _files_match(out_dir, ed, n, entry)
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
        "titles": {n: notebook_title(all_nbs[n]) for n in names},
    }
    return to_run, fresh, ctx


def _files_match(out_dir: Path, ed: str, n: str, entry: dict) -> bool:
    for suffix, k in ((".html", "html_sha256"), (".full.html", "full_sha256")):
        f = out_dir / ed / f"{n}{suffix}"
        if not f.exists() or hashlib.sha256(f.read_bytes()).hexdigest() != entry.get(k):
            return False
    return True


# --------------------------------------------------------------------------- executing


def normalize(nb) -> None:
    """Strip everything that differs between two runs of the same inputs."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {
        "name": paths.KERNEL_NAME,
        "display_name": "Python (taliban-tracker)",
        "language": "python",
    }
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i:02d}"
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                out.get("metadata", {}).pop("execution", None)


def _kernel_manager():
    from jupyter_client.manager import KernelManager

    # IPC transport with a unique socket prefix: no TCP port to race for.
    sock = Path(tempfile.gettempdir()) / f"tt-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    return KernelManager(kernel_name=paths.KERNEL_NAME, transport="ipc", ip=str(sock))


def _shutdown(km) -> None:
    """Stop the kernel and remove its IPC socket files; a kernel that already died is fine."""
    with contextlib.suppress(Exception):
        if km.has_kernel:
            km.shutdown_kernel(now=True)
    with contextlib.suppress(Exception):
        km.cleanup_resources()


def exporter(exclude_input: bool):
    from nbconvert import HTMLExporter

    ex = HTMLExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATE_DIR)])
    ex.exclude_input = exclude_input
    ex.exclude_input_prompt = exclude_input
    ex.exclude_output_prompt = exclude_input
    ex.sanitize_html = False  # deliberate: see the module docstring
    ex.embed_images = True
    return ex


def run_job(job: Job) -> Outcome:
    """Execute, normalize, render and atomically write one report (runs in a worker process)."""
    import time

    import papermill
    from papermill.exceptions import PapermillExecutionError

    t0 = time.perf_counter()
    os.environ["PYTHONHASHSEED"] = "0"
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    os.environ["TRACKER_BUILD"] = "1"
    # nbclient shuts a kernel down only when it created the manager itself; this one is ours
    # (IPC transport), so it is shut down here, or each kernel would live until its worker exits.
    km = _kernel_manager()
    try:
        nb = papermill.execute_notebook(
            job.nb_path,
            None,
            parameters=job.parameters,
            kernel_name=paths.KERNEL_NAME,
            progress_bar=False,
            cwd=str(Path(job.nb_path).parent),
            km=km,
            record_timing=False,
            request_save_on_cell_execute=False,
        )
    except PapermillExecutionError as exc:
        last = (exc.evalue or "").strip().splitlines()[-1:] or [""]
        return Outcome(
            job,
            False,
            error=f"cell {exc.exec_count or exc.cell_index}: {exc.ename}: {last[0]}",
            seconds=time.perf_counter() - t0,
        )
    except Exception as exc:  # kernel died, timeout ...
        return Outcome(
            job,
            False,
            error=f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1:] or ''}",
            seconds=time.perf_counter() - t0,
        )
    finally:
        _shutdown(km)
    normalize(nb)
    nb.metadata["title"] = f"{job.title} ({job.edition})"
    reader, _ = exporter(True).from_notebook_node(
        nb, resources={"metadata": {"name": job.notebook}}
    )
    full, _ = exporter(False).from_notebook_node(nb, resources={"metadata": {"name": job.notebook}})
    out = Path(job.out_dir) / job.edition
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(job.tmp_dir)
    tmp.mkdir(parents=True, exist_ok=True)
    shas = {}
    for suffix, text in ((".html", reader), (".full.html", full)):
        data = text.encode("utf-8")
        shas[suffix] = hashlib.sha256(data).hexdigest()
        fd, tmp_name = tempfile.mkstemp(dir=tmp, prefix=f"{job.edition}-{job.notebook}-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp_name, 0o644)  # mkstemp makes 0600; reports are meant to be read and served
        os.replace(tmp_name, out / f"{job.notebook}{suffix}")
    return Outcome(
        job,
        True,
        html_sha256=shas[".html"],
        full_sha256=shas[".full.html"],
        seconds=time.perf_counter() - t0,
    )


# --------------------------------------------------------------------------- manifest and index


def read_manifest(out_dir: Path) -> dict:
    f = out_dir / "manifest.json"
    if f.exists():
        try:
            m = json.loads(f.read_text(encoding="utf-8"))
            m.setdefault("reports", {})
            return m
        except json.JSONDecodeError:
            pass
    return {"reports": {}}


def write_atomic(path: Path, text: str, tmp_dir: Path) -> None:
    tmp_dir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=tmp_dir, prefix=path.name + "-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(name, 0o644)
    os.replace(name, path)


def write_manifest_and_index(
    out_dir: Path, outcomes: list[Outcome], ctx: dict, tmp_dir: Path
) -> None:
    from helpers.cite import esc

    manifest = read_manifest(out_dir)
    for o in outcomes:
        if o.ok and not o.skipped:
            manifest["reports"][f"{o.job.edition}/{o.job.notebook}"] = {
                "key": o.job.key,
                "parameters": o.job.parameters,
                "html": f"{o.job.edition}/{o.job.notebook}.html",
                "html_sha256": o.html_sha256,
                "full_html": f"{o.job.edition}/{o.job.notebook}.full.html",
                "full_sha256": o.full_sha256,
                "title": o.job.title,
            }
    manifest["reports"] = dict(sorted(manifest["reports"].items()))
    manifest["dataset"] = ctx["dataset"]
    write_atomic(
        out_dir / "manifest.json", json.dumps(manifest, indent=2, sort_keys=True) + "\n", tmp_dir
    )
    rows = []
    for name, r in manifest["reports"].items():
        ed, nb = name.split("/", 1)
        rows.append(
            f'<tr><td>{esc(ed)}</td><td><a href="{esc(r["html"])}">{esc(r.get("title", nb))}</a></td>'
            f'<td><a href="{esc(r["full_html"])}">with code</a></td>'
            f"<td><code>{esc(r['html_sha256'][:16])}</code></td></tr>"
        )
    d = ctx["dataset"]
    eds = "".join(
        f"<li><strong>{esc(k)}</strong>: {esc(json.dumps(v, sort_keys=True))}</li>"
        for k, v in sorted(ctx["editions"].items())
    )
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Taliban engagement tracker: reports</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto;}} td,th{{padding:2px 8px;text-align:left}}</style>
</head><body>
<h1>Taliban engagement tracker: reports</h1>
<p>Dataset {esc(d["name"])} v{esc(d["version"])}: {d["events"]} events, {d["sources"]} sources,
SHA-256 <code>{esc(d["sha256"])}</code>. Cite the reader's version of a report (the first link);
its SHA-256 is listed here and in <a href="manifest.json">manifest.json</a>.</p>
<h2>Editions</h2><ul>{eds}</ul>
<h2>Reports</h2>
<table><thead><tr><th>edition</th><th>report</th><th>full notebook</th><th>SHA-256 (reader)</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table>
</body></html>
"""
    write_atomic(out_dir / "index.html", page, tmp_dir)


# --------------------------------------------------------------------------- entry point


def build(
    *,
    selected: list[str] | None = None,
    editions: list[str] | None = None,
    force: bool = False,
    jobs: int | None = None,
    out_dir: Path | None = None,
    root: Path | None = None,
    allow_any_date: bool = False,
    progress: bool = True,
    lock_timeout: float = 0,
    data_dir: Path | None = None,
) -> int:
    """Build reports; return the process exit status (0 ok, 1 failures)."""
    from filelock import FileLock, Timeout

    from helpers.data import DataError

    root = root or paths.ROOT
    out_dir = Path(out_dir or root / "reports")
    out_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(out_dir / ".build.lock"))
    try:
        lock.acquire(timeout=lock_timeout)
    except Timeout:
        print(
            f"error: another build holds {out_dir / '.build.lock'}; wait for it to finish",
            file=sys.stderr,
        )
        return 1
    try:
        try:
            to_run, fresh, ctx = plan(
                root=root,
                out_dir=out_dir,
                selected=selected,
                editions=editions,
                force=force,
                allow_any_date=allow_any_date,
                data_dir=data_dir,
            )
        except DataError as exc:
            for p in exc.problems:
                print(str(p), file=sys.stderr)
            print(
                f"error: the dataset has {len(exc.problems)} problem(s); no report was built",
                file=sys.stderr,
            )
            return 1
        except BuildError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        tmp_dir = root / ".cache" / "build-tmp"
        outcomes = [Outcome(j, True, skipped=True) for j in fresh]
        if to_run:
            outcomes += _execute(to_run, jobs, progress)
        write_manifest_and_index(out_dir, outcomes, ctx, tmp_dir)
        failed = [o for o in outcomes if not o.ok]
        built = sum(1 for o in outcomes if o.ok and not o.skipped)
        print(
            f"built {built}, up to date {len(fresh)}, failed {len(failed)} -> {out_dir}/index.html"
        )
        for o in failed:
            print(f"FAILED {o.job.notebook} [{o.job.edition}] {o.error}", file=sys.stderr)
        return 1 if failed else 0
    finally:
        lock.release()


def _execute(to_run: list[Job], jobs: int | None, progress: bool) -> list[Outcome]:
    from tqdm import tqdm

    jobs = max(1, min(jobs or os.cpu_count() or 1, len(to_run)))
    bar = tqdm(total=len(to_run), unit="report", disable=not progress, file=sys.stderr)
    results: list[Outcome] = []
    if jobs == 1:
        for j in to_run:
            bar.set_postfix_str(f"{j.edition}/{j.notebook}")
            results.append(run_job(j))
            bar.update()
        bar.close()
        return results
    ctx = mp.get_context("spawn")
    with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        futures = {pool.submit(run_job, j): j for j in to_run}
        pending = set(futures)
        while pending:
            flight = sorted(
                f"{futures[f].edition}/{futures[f].notebook}" for f in pending if f.running()
            )
            bar.set_postfix_str(", ".join(flight)[:60])
            done, pending = cf.wait(pending, timeout=0.5, return_when=cf.FIRST_COMPLETED)
            for f in done:
                try:
                    results.append(f.result())
                except Exception as exc:  # a worker died
                    results.append(Outcome(futures[f], False, error=f"worker failed: {exc}"))
                bar.update()
    bar.close()
    return sorted(results, key=lambda o: (o.job.edition, o.job.notebook))
