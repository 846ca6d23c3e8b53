"""The wheel as a user installs it: built from this repository, installed (not editable) into a
fresh virtual environment, and used outside the repository — its schemas and templates are
package data, and a project's own templates/site/ files override the built-in ones."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.e2e.pagetext import text_of


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_the_installed_wheel_inits_checks_and_builds_outside_the_repository(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    built = _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        REPO,
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "-w",
        dist,
        cwd=tmp_path,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = dist.glob("playbook-*.whl")
    venv = tmp_path / "venv"
    assert _run(sys.executable, "-m", "venv", venv, cwd=tmp_path).returncode == 0
    installed = _run(venv / "bin/python", "-m", "pip", "install", "-q", wheel, cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr
    work = tmp_path / "work"
    work.mkdir()
    where = _run(venv / "bin/python", "-c", "import generator; print(generator.__file__)", cwd=work)
    assert where.stdout.strip().startswith(str(venv)), where.stdout  # the wheel's copy, not this repository

    playbook = venv / "bin/playbook"
    assert _run(playbook, "init", "acme", cwd=work).returncode == 0
    acme = work / "acme"
    check = _run(playbook, "check", "--strict", cwd=acme)
    assert (check.returncode, check.stdout) == (0, "11 files checked: no problems found\n")
    assert _run(playbook, "new", "objection", "no-time", cwd=acme).returncode == 0
    build = _run(playbook, "build", cwd=acme)
    assert build.returncode == 0, build.stderr
    assert text_of(acme / "site/objections/no-time/index.html")[0] == "«No time»"

    # the project's own template wins over the built-in one of the same name, the rest stay built-in
    own = acme / "templates/site/tags.md.j2"
    own.parent.mkdir(parents=True)
    own.write_text("# {{ L.tags }} — {{ pb.title }}\n\nOur own page.\n", encoding="utf-8")
    assert _run(playbook, "build", cwd=acme).returncode == 0
    assert text_of(acme / "site/tags/index.html") == ["Теги — Стандарты продаж", "Our own page."]
    assert text_of(acme / "site/roles/index.html")[0] == "Роли"
