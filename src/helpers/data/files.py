"""Read a file's bytes, or say in one line why it cannot be read.

Why its own module: the descriptor, every CSV and the allow-list are read the same way, and a
folder where a file belongs, a missing file or a file without read permission must each end as a
``file:1: -: message`` problem rather than an ``IsADirectoryError`` or ``PermissionError``.
"""

from __future__ import annotations

from pathlib import Path

from helpers.errors import Problem


def read_bytes(path: Path, name: str) -> tuple[bytes | None, list[Problem]]:
    """A file's bytes, or a problem saying why it cannot be read (missing, folder, no access)."""
    if path.is_dir():
        return None, [Problem(name, 1, "-", f"is a folder, not a file ({path})")]
    if not path.exists():
        return None, [Problem(name, 1, "-", f"file is missing ({path})")]
    try:
        return path.read_bytes(), []
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return None, [Problem(name, 1, "-", f"cannot be read: {reason} ({path})")]
