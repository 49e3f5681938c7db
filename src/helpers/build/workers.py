"""Worker processes that stop with their parent.

Why: a build that is killed must not leave processes behind that finish the queued notebooks
(workers, and the kernels they started). Three layers: each worker asks Linux to kill it when its
parent dies (``PR_SET_PDEATHSIG``), a watchdog thread in each worker exits when its parent pid
changes (other systems, or a parent thread that exited), and each kernel runs ipykernel's own
parent poller (``JPY_PARENT_PID``, set by jupyter_client), so it exits within a second of its
worker. On SIGINT/SIGTERM the build itself kills its workers and their kernels (:func:`kill_all`).
Workers ignore SIGINT: Ctrl-C in a terminal reaches the whole process group, and only the build
decides what happens (no asyncio noise from interrupted workers).
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1


def _watch_parent(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            os._exit(1)
        time.sleep(0.5)


def init_worker(parent: int) -> None:
    """Pool initializer: die with the parent, leave SIGINT to the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # papermill -> nbformat -> jsonschema imports rfc3987_syntax when it is installed, which
    # compiles grammars for ~2-3 s in every worker; it only checks the "iri" string format, which
    # no notebook schema uses. Marking it absent makes jsonschema skip that one checker.
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    # a failing notebook is reported once, by the build, as one line: not by papermill's logger
    logging.getLogger("papermill").setLevel(logging.CRITICAL)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above ran
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def kill_all(pids: list[int]) -> None:
    """SIGKILL the given worker processes and everything they started (kernels included)."""
    import psutil

    procs: list[psutil.Process] = []
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            p = psutil.Process(pid)
            procs += [p, *p.children(recursive=True)]
    for p in procs:  # workers first, so that no new kernel starts while the kernels are killed
        with contextlib.suppress(psutil.Error):
            p.kill()
    psutil.wait_procs(procs, timeout=5)
