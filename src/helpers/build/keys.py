"""Input hashing: the key that decides whether a report must be re-run.

A report is re-run only when its key changes; ``--force`` ignores keys. The key is a SHA-256 over
everything that shapes the report (see :func:`report_key`).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

HELPERS_DIR = Path(__file__).resolve().parents[1]


def sha256_bytes(*chunks: bytes) -> str:
    """SHA-256 over the SHA-256 of each chunk, so chunk boundaries count."""
    h = hashlib.sha256()
    for c in chunks:
        h.update(hashlib.sha256(c).digest())
    return h.hexdigest()


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def helpers_digest() -> str:
    """SHA-256 over the package's source and templates (anything that shapes a report)."""
    base = HELPERS_DIR
    files = sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return sha256_bytes(
        *(p.relative_to(base).as_posix().encode() + b"\0" + p.read_bytes() for p in files)
    )


def code_digest(nb_path: Path) -> str:
    """SHA-256 over every cell's source (markdown is part of the report too)."""
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    code = [
        ("".join(c["source"]) if isinstance(c["source"], list) else c["source"])
        for c in nb["cells"]
    ]
    return sha256_bytes(*(s.encode() for s in code))


def report_key(common: str, nb_path: Path, params: dict, edition: str) -> str:
    return sha256_bytes(
        common.encode(),
        code_digest(nb_path).encode(),
        json.dumps(params, sort_keys=True).encode(),
        edition.encode(),
    )
