"""Where things live. The package is installed editable from the checkout, so the project root
is two levels above this file; ``TRACKER_ROOT`` overrides it (tests build into temporary copies)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("TRACKER_ROOT", Path(__file__).resolve().parents[2]))
DATA_DIR = ROOT / "data"
NOTEBOOKS_DIR = ROOT / "notebooks"
REPORTS_DIR = ROOT / "reports"
CLAIMS_DIR = DATA_DIR / "claims"
KERNEL_NAME = "taliban-tracker"
