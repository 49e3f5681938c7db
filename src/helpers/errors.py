"""One error hierarchy for the whole package.

Why one: the command line is the only place that prints and picks exit codes, and it can only do
that without a traceback if every failure a user can cause (bad data, a bad registry entry, a bad
parameter, a build that cannot start or a kernel that dies) arrives as one type that says *where*
the problem is. Every error carries a list of :class:`Problem` values, each naming a file, a row,
a column (or field) and a message; ``str(problem)`` is the ``file:row: column: message`` line a
user sees.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, printed as ``file:row: column: message``.

    ``row`` is the line a text editor shows (header = line 1) for CSV files, or 0 when the
    problem is about the whole file; for a YAML registry ``column`` names the claim id and field.
    """

    file: str
    row: int
    column: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.row}" if self.row else self.file
        col = f" {self.column}:" if self.column else ""
        tag = "warning: " if self.severity == "warning" else ""
        return f"{where}:{col} {tag}{self.message}"


class TrackerError(Exception):
    """Base of every error a user can cause; carries the problems it found (at least one)."""

    kind = "problem"

    def __init__(self, problems: Problem | str | Iterable[Problem], *, file: str = "") -> None:
        if isinstance(problems, str):
            problems = [Problem(file, 0, "", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = sorted(problems)
        head = "\n".join(str(p) for p in self.problems[:50])
        more = len(self.problems) - 50
        tail = f"\n... and {more} more" if more > 0 else ""
        n = len(self.problems)
        summary = head if n == 1 else f"{n} {self.kind}(s):\n{head}{tail}"
        super().__init__(summary)


class DataError(TrackerError):
    """The dataset under ``data/`` cannot be used as it is."""

    kind = "problem in the dataset"


class RegistryError(TrackerError):
    """A claims registry (``data/claims/*.yaml``) is malformed."""

    kind = "problem in a claims registry"


class ParameterError(TrackerError):
    """A parameter (edition, date, notebook name, option) cannot be used."""

    kind = "parameter problem"


class BuildError(TrackerError):
    """A build that cannot start or a report that could not be produced."""

    kind = "build problem"
