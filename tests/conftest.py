"""Shared fixtures. No network at test time: everything reads data/ or tests/fixtures/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import data
from helpers.paths import ROOT

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"
ARTICLE = ROOT / "data" / "claims" / "diplomat-2025-07-travel-diplomacy.yaml"


@pytest.fixture(scope="session")
def ds() -> data.Dataset:
    """The real dataset, validated."""
    return data.load()


@pytest.fixture(scope="session")
def mini() -> data.Dataset:
    return data.load(MINI)


@pytest.fixture()
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the small fixture dataset."""
    dst = tmp_path / "data"
    shutil.copytree(MINI, dst)
    (dst / "claims").mkdir(exist_ok=True)
    shutil.copy(ARTICLE, dst / "claims" / ARTICLE.name)
    return dst
