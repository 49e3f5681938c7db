"""The values the build passes between its stages: a planned job, its outcome, the summary of a
build and the progress events the command line turns into output.

Why plain dataclasses: a :class:`Job` crosses a process boundary (``spawn`` pickles it), so it
holds only strings and a parameter dict; nothing here imports papermill or nbformat, which keeps
the no-op path (plan, compare keys, stop) fast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

# Parameters every notebook must declare: the build sets them for each report.
REPORT_PARAMS = ("edition", "input_hash")
# Parameters the build injects when (and only when) a notebook declares them.
INJECTED_PARAMS = ("notebook", "title")


@dataclass
class Job:
    """One report to produce: a notebook run with one edition's parameters."""

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
    """What became of a job. ``error`` is one line naming the failing cell and its error."""

    job: Job
    ok: bool
    skipped: bool = False
    error: str = ""
    html_sha256: str = ""
    full_sha256: str = ""
    seconds: float = 0.0
    extra: dict = field(default_factory=dict)


@dataclass
class Summary:
    """The result of a build: the command line prints it and picks the exit status."""

    out_dir: Path
    outcomes: list[Outcome]
    interrupted: bool = False

    @property
    def built(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.ok and not o.skipped]

    @property
    def fresh(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.skipped]

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def status(self) -> int:
        """0 when every report is built or up to date, 1 otherwise (130 when interrupted)."""
        if self.interrupted:
            return 130
        return 1 if self.failed else 0

    def __eq__(self, other: object) -> bool:
        # Older callers compare the result of ``build()`` with an exit status (``== 0``).
        if isinstance(other, int):
            return self.status == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


EventKind = Literal["planned", "started", "finished"]


@dataclass(frozen=True)
class Event:
    """A progress event: ``planned`` (``total`` reports to run), ``started`` (a job), ``finished``
    (a job's outcome). Library code reports through these and never prints."""

    kind: EventKind
    total: int = 0
    job: Job | None = None
    outcome: Outcome | None = None


Progress = Callable[[Event], None]
