"""This repository as a pre-commit hook, run by `pre-commit try-repo` on a repository made by
`playbook init`. pre-commit installs the hook from this repository into its own environment
(dependencies from the package index), as it would for any user."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.e2e.conftest import playbook
from tests.gitrepo import commit, init_repo

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


def _try_repo(root: Path, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(REPO), "playbook-check", "--all-files", "--color", "never"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "PRE_COMMIT_HOME": str(home)},
    )


@pytest.mark.slow
def test_the_hook_passes_a_clean_repository_and_stops_a_broken_one(tmp_path: Path) -> None:
    inside_git = subprocess.run(["git", "-C", str(REPO), "rev-parse"], capture_output=True).returncode == 0
    if not inside_git or not (REPO / ".pre-commit-hooks.yaml").is_file():
        pytest.skip("pre-commit installs hooks from a git repository; this copy of playbook is not one")
    root = tmp_path / "acme"
    assert playbook("init", str(root), cwd=tmp_path).returncode == 0
    init_repo(root)
    commit(root, "Sales standards")
    home = tmp_path / "pre-commit-home"

    clean = _try_repo(root, home)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "playbook check" in clean.stdout and "Passed" in clean.stdout

    stage = root / "standards/scripts/first-call.yml"
    stage.write_text(
        stage.read_text(encoding="utf-8").replace("stage: first-contact", "stage: first-contakt")
    )
    broken = _try_repo(root, home)
    assert broken.returncode == 1
    assert "Failed" in broken.stdout
    assert (
        "standards/scripts/first-call.yml:5:8: error: unknown stage 'first-contakt' (did you mean 'first-contact'?) [ref]"
        in broken.stdout
    )
