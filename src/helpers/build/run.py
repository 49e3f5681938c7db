"""The build's entry point: take the lock, plan, run the stale reports in worker processes,
write what they return, record the manifest and the index page.

Why the main process writes every file: only the holder of the lock (``<out>/.build.lock``,
``flock``, released by the OS if the holder dies) may change the output folder, so a stopped or
killed build cannot keep replacing files once another build can hold the lock. SIGINT and SIGTERM
stop a build within seconds: the workers and their kernels are killed, the reports finished so far
stay (and are recorded), nothing is left half-written.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import multiprocessing as mp
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

from helpers import paths
from helpers.build import publish
from helpers.build.execute import run_job
from helpers.build.model import Event, Job, Outcome, Progress, Summary
from helpers.build.plan import plan
from helpers.build.release import Release, freeze, list_releases, rewrite_index
from helpers.build.workers import init_worker, kill_all
from helpers.errors import BuildError, ParameterError
from helpers.project import adhoc_edition, config

LOCK_NAME = ".build.lock"


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived."""


class _Stopper:
    """Turns SIGINT/SIGTERM into :class:`Interrupted`, but never inside a critical section (a
    file being written): there the signal is remembered and raised when the section ends."""

    def __init__(self) -> None:
        self.depth = 0
        self.pending = False

    def _handler(self, signum, frame) -> None:
        if self.depth:
            self.pending = True
        else:
            raise Interrupted(signum)

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        old = {s: signal.signal(s, self._handler) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for s, h in old.items():
                signal.signal(s, h)

    @contextlib.contextmanager
    def critical(self) -> Iterator[None]:
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1
            if not self.depth and self.pending:
                self.pending = False
                raise Interrupted(signal.SIGTERM)


def check_out_dir(out_dir: Path) -> Path:
    """Refuse an output folder that is a file, the filesystem root, or inside a release."""
    out = Path(out_dir).expanduser().resolve()
    if out == Path(out.anchor):
        raise ParameterError(f"--out {out_dir}: refusing to write reports into the root folder")
    if out.exists() and not out.is_dir():
        raise ParameterError(f"--out {out_dir}: exists and is not a folder")
    if "releases" in out.parts[:-1] or out.name == "releases":
        raise ParameterError(f"--out {out_dir}: releases are written only by `release`")
    return out


def remove_stale_temporaries(out: Path) -> None:
    """Temporary files left by a holder of the lock that was killed mid-write (we hold the lock
    now, so no one else is writing them)."""
    import shutil

    for p in [*out.glob(".*.tmp"), *out.glob("*/.*.tmp"), *out.glob("releases/.*.tmp")]:
        with contextlib.suppress(OSError):
            shutil.rmtree(p) if p.is_dir() else p.unlink()


def check_jobs(jobs: int | None) -> int | None:
    if jobs is not None and jobs < 1:
        raise ParameterError(f"--jobs {jobs}: expected a whole number of at least 1")
    return jobs


def build(
    *,
    selected: list[str] | None = None,
    editions: list[str] | None = None,
    force: bool = False,
    jobs: int | None = None,
    out_dir: Path | None = None,
    root: Path | None = None,
    allow_any_date: bool = False,
    progress: Progress | bool | None = None,
    lock_timeout: float = 0,
    data_dir: Path | None = None,
    adhoc: dict | None = None,
) -> Summary:
    """Build reports. Raises a TrackerError when the build cannot start (nothing is written);
    a failing report does not stop the others and is listed in ``Summary.failed``.

    ``adhoc`` (``name``, ``as_of``, ``start``, ``end``) builds a one-off edition into
    ``<out>/<name>/`` instead of the configured editions, without editing ``pyproject.toml``.
    """
    from filelock import FileLock, Timeout

    root = Path(root or paths.ROOT).resolve()
    out = check_out_dir(Path(out_dir or root / "reports"))
    check_jobs(jobs)
    if data_dir is not None:
        data_dir = Path(data_dir).expanduser().resolve()
    report: Progress = progress if callable(progress) else (lambda e: None)
    cfg = config(root)
    if adhoc:
        if editions:
            raise ParameterError("--name builds one edition of its own: leave out --edition")
        if selected:
            # every page of an edition links to its sibling reports: a partial one-off edition
            # would publish links that lead nowhere
            raise ParameterError(
                "--name builds every report of the one-off edition: leave out the notebook names"
            )
        cfg = adhoc_edition(
            cfg, adhoc.get("name", ""), adhoc.get("as_of"), adhoc.get("start"), adhoc.get("end")
        )
        editions = [adhoc["name"]]
    out.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(out / LOCK_NAME))
    try:
        lock.acquire(timeout=lock_timeout)
    except Timeout as exc:
        raise BuildError(
            f"another build holds {out / LOCK_NAME}; wait for it to finish (or use --wait)"
        ) from exc
    stopper = _Stopper()
    try:
        remove_stale_temporaries(out)
        with stopper.installed():
            to_run, fresh, ctx = plan(
                root=root,
                out_dir=out,
                selected=selected,
                editions=editions,
                force=force,
                allow_any_date=allow_any_date,
                data_dir=data_dir,
                cfg=cfg,
            )
            outcomes = [Outcome(j, True, skipped=True) for j in fresh]
            if ctx is None:  # every report is up to date: nothing to write
                return Summary(out, outcomes)
            report(Event("planned", total=len(to_run)))
            interrupted = False
            try:
                if to_run:
                    outcomes += _execute(to_run, jobs, report, out, stopper)
            except Interrupted as exc:
                outcomes += exc.args[1] if len(exc.args) > 1 else []
                interrupted = True
            with stopper.critical():
                publish.write_manifest_and_index(out, outcomes, ctx, list_releases(out))
            outcomes.sort(key=lambda o: (o.job.edition, o.job.notebook))
            return Summary(out, outcomes, interrupted=interrupted)
    except Interrupted:
        return Summary(out, [], interrupted=True)
    finally:
        lock.release()


def _execute(
    to_run: list[Job], jobs: int | None, report: Progress, out: Path, stopper: _Stopper
) -> list[Outcome]:
    """Run jobs in ``spawn`` worker processes (no forked ZeroMQ state) and write each result as
    it arrives. On interruption, kill the workers and kernels and re-raise with what finished."""
    # default: one worker more than cores, since a worker's core idles while its kernel starts
    n = max(1, min(jobs or (os.cpu_count() or 1) + 1, len(to_run)))
    ctx = mp.get_context("spawn")
    results: list[Outcome] = []
    pool = cf.ProcessPoolExecutor(
        max_workers=n, mp_context=ctx, initializer=init_worker, initargs=(os.getpid(),)
    )
    try:
        futures = {}
        for j in to_run:
            futures[pool.submit(run_job, j)] = j
            report(Event("started", job=j))
        pending = set(futures)
        while pending:
            done, pending = cf.wait(pending, timeout=0.5, return_when=cf.FIRST_COMPLETED)
            for f in done:
                try:
                    o = f.result()
                except Exception as exc:  # a worker died
                    o = Outcome(futures[f], False, error=f"the worker process failed ({exc})")
                if o.ok:
                    with stopper.critical():
                        publish.write_pages(out, o)
                results.append(o)
                report(Event("finished", job=o.job, outcome=o))
    except Interrupted as exc:
        kill_all(list(getattr(pool, "_processes", {}) or {}))
        pool.shutdown(wait=False, cancel_futures=True)
        raise Interrupted(exc.args[0] if exc.args else 0, results) from None
    pool.shutdown(wait=True)
    return results


def release(
    *,
    root: Path | None = None,
    out_dir: Path | None = None,
    data_dir: Path | None = None,
    lock_timeout: float = 0,
) -> Release:
    """Freeze the configured editions' current reports (see :mod:`helpers.build.release`),
    under the build lock, after checking that every report is up to date."""
    from filelock import FileLock, Timeout

    root = Path(root or paths.ROOT).resolve()
    out = check_out_dir(Path(out_dir or root / "reports"))
    if not (out / "manifest.json").is_file():
        raise BuildError(f"no reports in {out}: run `build` first")
    lock = FileLock(str(out / LOCK_NAME))
    try:
        lock.acquire(timeout=lock_timeout)
    except Timeout as exc:
        raise BuildError(f"another build holds {out / LOCK_NAME}; wait for it to finish") from exc
    try:
        cfg = config(root)
        to_run, fresh, _ = plan(
            root=root,
            out_dir=out,
            selected=None,
            editions=None,
            force=False,
            data_dir=data_dir,
            cfg=cfg,
        )
        if to_run:
            stale = ", ".join(f"{j.edition}/{j.notebook}" for j in to_run[:5])
            raise BuildError(f"reports are not up to date ({stale}...): run `build` first")
        editions = sorted({j.edition for j in fresh})
        rel = freeze(out, editions, cfg["release"])
        rewrite_index(out)
        return rel
    finally:
        lock.release()
