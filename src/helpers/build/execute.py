"""Kernel execution: run one notebook with papermill, normalize it, render it with nbconvert.

Why the rendered pages are returned rather than written: this runs in a worker process, and only
the process that holds the build lock may write under the output folder (a killed build must not
keep replacing files once its lock is free). The caller writes them (:mod:`helpers.build.publish`).

Determinism: papermill and nbclient timestamps are removed, cell ids are renumbered, the kernel
runs with ``PYTHONHASHSEED=0`` and figures carry no PNG metadata. ``sanitize_html`` stays off on
purpose: every text field from the dataset reaches the HTML escaped (``helpers.cite``, pandas'
``to_html``), the notebooks' markdown is ours, and sanitizing would strip the report's own styles
and data-URI figures (``tests/test_hardening.py`` proves payloads stay inert).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
import uuid
from functools import lru_cache
from pathlib import Path

from helpers import paths
from helpers.build.model import Job, Outcome

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates"


def kernel_env() -> dict[str, str]:
    """The kernel's environment: the caller's, plus what makes a run reproducible. A copy: the
    caller's ``os.environ`` is never changed."""
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    env.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    env["TRACKER_BUILD"] = "1"
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return env


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


def kernel_manager():
    """A kernel manager on the IPC transport with a unique socket path: parallel kernel starts
    have no TCP port to race for (papermill issue 511).

    Asynchronous, as nbclient's own: with a blocking client, nbclient waits for output in a
    blocking call and never notices that the kernel died (the build would hang)."""
    from jupyter_client.manager import AsyncKernelManager

    sock = Path(tempfile.gettempdir()) / f"tt-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    return AsyncKernelManager(kernel_name=paths.KERNEL_NAME, transport="ipc", ip=str(sock))


def start(km, **kw) -> None:
    from jupyter_core.utils import run_sync

    run_sync(km.start_kernel)(**kw)


def shutdown(km) -> None:
    """Stop the kernel and remove its IPC socket files; a kernel that already died is fine."""
    from jupyter_core.utils import run_sync

    with contextlib.suppress(Exception):
        if km.has_kernel:
            run_sync(km.shutdown_kernel)(now=True)
    with contextlib.suppress(Exception):
        run_sync(km.cleanup_resources)()


@lru_cache(maxsize=2)
def exporter(exclude_input: bool):
    """One HTML exporter per kind and worker process (its templates are loaded once)."""
    from nbconvert import HTMLExporter

    ex = HTMLExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATE_DIR)])
    ex.exclude_input = exclude_input
    ex.exclude_input_prompt = exclude_input
    ex.exclude_output_prompt = exclude_input
    ex.sanitize_html = False  # deliberate: see the module docstring
    # Off: every figure reaches the page as a data: URI already (helpers.render.figures), and
    # nbconvert embeds by parsing and re-serializing the whole page with BeautifulSoup, which cost
    # up to a second per page for identical bytes. A markdown image of a local file would not be
    # embedded: the browser tests' "every image decodes" check would catch it.
    ex.embed_images = False
    return ex


def _last_line(text: str) -> str:
    lines = [ln for ln in (text or "").strip().splitlines() if ln.strip()]
    return lines[-1].strip() if lines else ""


def run_job(job: Job) -> Outcome:
    """Execute, normalize and render one report; the pages come back in ``Outcome.extra``."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    t0 = time.perf_counter()
    cwd = str(Path(job.nb_path).parent)
    km = kernel_manager()
    try:
        # Started here rather than by nbclient so that the kernel gets its own environment and
        # working folder without touching this process's os.environ or current directory.
        start(km, env=kernel_env(), cwd=cwd)
        nb = papermill.execute_notebook(
            job.nb_path,
            None,
            parameters=job.parameters,
            kernel_name=paths.KERNEL_NAME,
            progress_bar=False,
            km=km,
            record_timing=False,
            request_save_on_cell_execute=False,
        )
    except PapermillExecutionError as exc:
        # papermill's index counts the cell it injects after the parameters cell: as a 1-based
        # position it is the failing cell's position in the notebook file
        cell = exc.cell_index
        return Outcome(
            job,
            False,
            error=f"cell {cell}: {exc.ename}: {_last_line(exc.evalue)}",
            seconds=time.perf_counter() - t0,
        )
    except Exception as exc:  # the kernel died or timed out
        what = "the kernel died" if "died" in str(exc).lower() else "the kernel failed"
        detail = _last_line(str(exc).strip("[]'\" "))
        return Outcome(
            job,
            False,
            error=f"{what} ({type(exc).__name__}: {detail})",
            seconds=time.perf_counter() - t0,
        )
    finally:
        shutdown(km)
    normalize(nb)
    from helpers.render.csvs import extract_files  # CSVs and register pages, before HTML export

    files = extract_files(nb)
    nb.metadata["title"] = f"{job.title} ({job.edition})"
    res = {"metadata": {"name": job.notebook}}
    reader, _ = exporter(True).from_notebook_node(nb, resources=res)
    full, _ = exporter(False).from_notebook_node(nb, resources=res)
    pages = {".html": reader.encode("utf-8"), ".full.html": full.encode("utf-8")}
    return Outcome(
        job,
        True,
        html_sha256=hashlib.sha256(pages[".html"]).hexdigest(),
        full_sha256=hashlib.sha256(pages[".full.html"]).hexdigest(),
        seconds=time.perf_counter() - t0,
        extra={"pages": pages, "files": files},
    )
