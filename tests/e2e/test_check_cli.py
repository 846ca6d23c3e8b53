"""`playbook check` run as a user runs it: the installed command, in a subprocess, on a copy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.conftest import copy_example, playbook


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "example")


def _files(root: Path) -> int:
    return sum(1 for _ in (root / "standards").rglob("*.yml"))


# a day when none of the example's reviews is overdue yet, so the output never depends on the
# calendar; the example's lapsed certification is about a person, and `make check` leaves it out too
TODAY = "2026-09-01"
CALM = ["--today", TODAY, "--ignore", "certification-lapsed"]


def test_the_example_standards_are_clean_under_strict(example: Path) -> None:
    for args in (
        ["--ignore", "review-overdue", "--ignore", "certification-lapsed"],
        CALM,
    ):  # as `make check` runs it; on a fixed day
        result = playbook("check", "--strict", *args, cwd=example)
        assert (result.returncode, result.stderr) == (0, "")
        assert result.stdout == f"{_files(example)} files checked: no problems found\n"


def _line_of(path: Path, text: str) -> int:
    return next(
        n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(text)
    )


def _first_key_line(path: Path) -> int:
    """Where a file's mapping starts: its first line that is not a comment."""
    return next(
        n
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if not line.startswith("#")
    )


def test_a_misspelt_key_and_a_wrong_stage_are_reported_at_their_place(example: Path) -> None:
    stage = example / "standards/stages/closing.yml"
    stage.write_text(
        stage.read_text(encoding="utf-8").replace("\nexit_criteria:", "\nexit_critera:"), encoding="utf-8"
    )
    script = example / "standards/scripts/cold-call.yml"
    script.write_text(
        script.read_text(encoding="utf-8").replace("\nstage: lead-generation", "\nstage: closng"),
        encoding="utf-8",
    )

    result = playbook("check", *CALM, cwd=example)

    allowed = "name, summary, description, goal, owner, entry_criteria, exit_criteria, steps, duration, tools, tips, mistakes, tags, reviewed"
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"standards/scripts/cold-call.yml:{_line_of(script, 'stage:')}:8: error: unknown stage 'closng' (did you mean 'closing'?) [ref]",
        # a missing required key is reported even where a misspelling of it explains it
        f"standards/stages/closing.yml:{_first_key_line(stage)}:1: error: missing required key 'exit_criteria' (is 'exit_critera' it, misspelt?) [schema]",
        f"standards/stages/closing.yml:{_line_of(stage, 'exit_critera:')}:1: error: unknown key 'exit_critera' (did you mean 'exit_criteria'?); allowed: {allowed} [schema]",
        f"3 errors in 2 of {_files(example)} files",
    ]


def test_json_and_github_formats(example: Path) -> None:
    script = example / "standards/scripts/cold-call.yml"
    script.write_text(
        script.read_text(encoding="utf-8").replace("\nchannel: phone", "\nchannel: phon"), encoding="utf-8"
    )
    report = json.loads(playbook("check", "--format", "json", *CALM, cwd=example).stdout)
    assert report["summary"] == {
        "files": _files(example),
        "errors": 1,
        "warnings": 0,
        "files_with_findings": 1,
    }
    [finding] = report["diagnostics"]
    assert finding["code"] == "schema" and finding["message"].startswith("channel: 'phon' is not one of")
    github = playbook("check", "--format", "github", *CALM, cwd=example)
    assert github.returncode == 1
    assert github.stdout.splitlines()[0].startswith("::error file=standards/scripts/cold-call.yml,line=")


def test_hostile_yaml_executes_nothing(example: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    stage = example / "standards/stages/closing.yml"
    stage.write_text(f"name: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    result = playbook("check", cwd=example)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert not marker.exists()


def test_not_a_project_exits_2_without_a_traceback(tmp_path: Path) -> None:
    result = playbook("check", cwd=tmp_path)
    assert result.returncode == 2
    assert (
        result.stderr
        == f"playbook: error: no 'standards/' folder in {tmp_path.resolve()}: run playbook in a project's root folder\n"
    )
