"""Data-driven cases: each folder under cases/negative and cases/positive is a project overlay.

A case holds ``files/`` (laid over a copy of ``cases/base``), optionally ``delete`` (paths to
remove) and ``args`` (extra arguments to ``playbook check``), and ``expected.txt``: the exact
output. Negative cases must exit 1, positive ones 0.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import CASES, copy_base

NEGATIVE = sorted(p for p in (CASES / "negative").iterdir() if p.is_dir())
POSITIVE = sorted(p for p in (CASES / "positive").iterdir() if p.is_dir())


def run_case(case: Path, tmp_path: Path) -> tuple[int, str]:
    root = copy_base(tmp_path / "project")
    if (case / "files").is_dir():
        shutil.copytree(case / "files", root, dirs_exist_ok=True)
    if (case / "delete").is_file():
        for rel in (case / "delete").read_text().split():
            (root / rel).unlink()
    args = (case / "args").read_text().split() if (case / "args").is_file() else []
    result = CliRunner().invoke(cli, ["check", "-C", str(root), *args])
    return result.exit_code, result.output


def _compare(case: Path, output: str, update: bool) -> None:
    expected_file = case / "expected.txt"
    if update:
        expected_file.write_text(output, encoding="utf-8")
    assert output == expected_file.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", NEGATIVE, ids=[p.name for p in NEGATIVE])
def test_negative_case(case: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    exit_code, output = run_case(case, tmp_path)
    _compare(case, output, request.config.getoption("--update-cases"))
    assert exit_code == 1


@pytest.mark.parametrize("case", POSITIVE, ids=[p.name for p in POSITIVE])
def test_positive_case(case: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    exit_code, output = run_case(case, tmp_path)
    _compare(case, output, request.config.getoption("--update-cases"))
    assert exit_code == 0


def test_every_code_has_a_negative_case() -> None:
    """Every code is shown by a case: a check case here, or (for what `render` reports) a case of
    the adversarial corpus, which runs any command."""
    from generator.diagnostics import CODES
    from tests.test_adversarial import CASES as ADVERSARIAL

    seen = set()
    for case in [*NEGATIVE, *ADVERSARIAL]:
        text = (case / "expected.txt").read_text(encoding="utf-8")
        seen.update(re.findall(r"\[([a-z-]+)\]$", text, flags=re.M))
        seen.update(re.findall(r'"code": "([a-z-]+)"', text))
        seen.update(re.findall(r"title=([a-z-]+)::", text))
    assert seen <= set(CODES), f"codes missing from CODES: {seen - set(CODES)}"
    untested = (
        set(CODES) - seen - {"io", "limit", "symlink"}
    )  # unit-tested: they need a real filesystem state
    assert not untested, f"codes with no case: {sorted(untested)}"
