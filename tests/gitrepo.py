"""Git repositories for tests: made with the real git, with fixed names and dates."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(root: Path, *args: str, date: str = "2026-03-01T10:00:00") -> str:
    env = {**os.environ, **_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    result = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, env=env, check=True
    )
    return result.stdout


def init_repo(root: Path) -> Path:
    git(root, "init", "-q", "-b", "main")
    return root


def commit(root: Path, message: str, *, date: str = "2026-03-01T10:00:00", tag: str | None = None) -> str:
    """Commits everything in ``root`` (optionally tagged, annotated); returns the commit id."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message, date=date)
    if tag:
        git(root, "tag", "-a", tag, "-m", tag, date=date)
    return git(root, "rev-parse", "HEAD").strip()
