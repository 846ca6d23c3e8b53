from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CASES = Path(__file__).parent / "cases"
REPO = Path(__file__).parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-cases",
        action="store_true",
        help="Rewrite each case's expected.txt from the actual output (review the diff!).",
    )


def copy_base(target: Path) -> Path:
    """A fresh copy of the smallest valid project, one file of each kind."""
    shutil.copytree(CASES / "base", target)
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_base(tmp_path / "project")
