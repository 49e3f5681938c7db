"""Build every report: papermill executes each notebook once per edition, nbconvert renders it to
HTML, and the result is written atomically under ``reports/<edition>/``.

One job per module:

* :mod:`~helpers.build.model`: Job, Outcome, Summary, progress events;
* :mod:`helpers.project` (outside this package, so that a report's page header can read it
  without importing the build): editions from ``pyproject.toml``, the release version, notebooks,
  declared parameters;
* :mod:`~helpers.build.keys`: the input hash that decides whether a report re-runs;
* :mod:`~helpers.build.plan`: checks before any kernel starts, stale versus up to date;
* :mod:`~helpers.build.execute`: one notebook through papermill and nbconvert (in a worker);
* :mod:`~helpers.build.workers`: worker processes that stop with the build;
* :mod:`~helpers.build.publish` and :mod:`~helpers.build.index`: pages, manifest, index page;
* :mod:`~helpers.build.run`: the lock, the worker pool, stopping on SIGINT/SIGTERM.

Library code never prints: the command line passes a progress callback and prints the
:class:`Summary` it gets back.
"""

from __future__ import annotations

from helpers.build.execute import kernel_manager, normalize, run_job
from helpers.build.index import render_index
from helpers.build.model import REPORT_PARAMS, Event, Job, Outcome, Summary
from helpers.build.plan import plan
from helpers.build.publish import read_manifest
from helpers.build.run import build
from helpers.project import (
    config,
    declared_parameters,
    notebook_title,
    notebooks,
    resolve_editions,
)

__all__ = [
    "REPORT_PARAMS",
    "Event",
    "Job",
    "Outcome",
    "Summary",
    "build",
    "config",
    "declared_parameters",
    "kernel_manager",
    "normalize",
    "notebook_title",
    "notebooks",
    "plan",
    "read_manifest",
    "render_index",
    "resolve_editions",
    "run_job",
]
