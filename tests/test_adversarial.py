"""The adversarial corpus: whatever is put in standards/, templates/ or a deal file, Playbook
answers with a clear message and the right exit code, loses nothing and runs nothing.

Each folder under tests/adversarial/ (but `base`) is a case, laid over a copy of
`adversarial/base` (a Russian project with a contract template and a deal file, `deal.yml`):

* `files/` — files laid over the copy; `delete` — paths to remove;
* `generate.py` — optional, run as `python generate.py PROJECT` to make inputs too big or too odd
  to keep in git (a 20 MB file, a zip bomb, a symlink);
* `command` — the arguments to `playbook` (default: `check`), run in the project;
* `env` — `NAME=VALUE` lines added to the environment (the limits are settings there);
* `expected.txt` — stdout and stderr as a terminal shows them, `{*}` standing for any text;
* `exit` — the exit code;
* `contains.txt` / `absent.txt` — `PATH :: TEXT` lines: the file (a .docx read as its text) must
  hold / must not hold TEXT; an empty TEXT in absent.txt means the file must not exist.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.docx_factory import text_of

CORPUS = Path(__file__).parent / "adversarial"
CASES = sorted(p for p in CORPUS.iterdir() if p.is_dir() and p.name != "base")
PLAYBOOK = Path(sys.executable).parent / "playbook"


def run_case(case: Path, root: Path) -> tuple[int, str]:
    shutil.copytree(CORPUS / "base", root)
    if (case / "files").is_dir():
        shutil.copytree(case / "files", root, dirs_exist_ok=True, symlinks=True)
    if (case / "delete").is_file():
        for rel in (case / "delete").read_text().split():
            target = root / rel
            shutil.rmtree(target) if target.is_dir() else target.unlink()
    if (case / "generate.py").is_file():
        subprocess.run([sys.executable, str(case / "generate.py"), str(root)], check=True, timeout=120)
    command = shlex.split((case / "command").read_text()) if (case / "command").is_file() else ["check"]
    environment = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1", "COLUMNS": "200"}
    if (case / "env").is_file():
        environment.update(line.split("=", 1) for line in (case / "env").read_text().splitlines() if line)
    result = subprocess.run(
        [str(PLAYBOOK), *command],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,  # a hang is a failure too
        env=environment,
    )
    return result.returncode, result.stdout


def _matches(pattern: str, line: str) -> bool:
    return re.fullmatch(".*".join(map(re.escape, pattern.split("{*}"))), line) is not None


def _file_text(path: Path) -> str:
    return (
        text_of(path.read_bytes())
        if path.suffix == ".docx"
        else path.read_text(encoding="utf-8", errors="replace")
    )


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_adversarial_case(case: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    root = tmp_path / "project"
    code, output = run_case(case, root)
    assert "Traceback" not in output
    if request.config.getoption("--update-cases"):
        # how long a command took differs from run to run
        (case / "expected.txt").write_text(
            re.sub(r" in \d+\.\d+ s\b", " in {*} s", output).replace(str(root), "{*}"), encoding="utf-8"
        )
        (case / "exit").write_text(f"{code}\n")
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    actual = output.splitlines()
    assert len(actual) == len(expected), output
    for pattern, line in zip(expected, actual, strict=True):
        assert _matches(pattern, line), f"{line!r} does not match {pattern!r}"
    assert code == int((case / "exit").read_text())
    for name, present in (("contains.txt", True), ("absent.txt", False)):
        if (case / name).is_file():
            for line in (case / name).read_text(encoding="utf-8").splitlines():
                rel, _, text = line.partition(" :: ")
                target = root / rel
                if present:
                    assert text in _file_text(target), line
                elif text:
                    assert not target.exists() or text not in _file_text(target), line
                else:
                    assert not target.exists(), line


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40
