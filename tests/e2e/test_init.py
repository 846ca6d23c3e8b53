"""`playbook init`: another company's standards repository that checks and builds on the first run."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.e2e.conftest import playbook
from tests.e2e.pagetext import text_of
from tests.gitrepo import commit, init_repo


def test_init_then_check_and_build(tmp_path: Path) -> None:
    target = tmp_path / "acme-standards"
    result = playbook("init", str(target), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        f"created {target}: 18 files, the schemas in schemas/ and .vscode/settings.json"
    )
    # one of every kind, a pipeline of three stages
    kinds = sorted(p.parent.name for p in (target / "standards").glob("*/*.yml"))
    assert kinds == [
        "checklists",
        "crm",
        "documents",
        "kpis",
        "objections",
        "samples",
        "scripts",
        "stages",
        "stages",
        "stages",
    ]
    check = playbook("check", "--strict", cwd=target)
    assert (check.returncode, check.stdout) == (0, "11 files checked: no problems found\n")
    build = playbook("build", cwd=target)
    assert build.returncode == 0, build.stderr
    home = text_of(target / "site/index.html")
    assert home[0] == "Стандарты продаж"
    assert "Владелец: Руководитель отдела продаж" in " ".join(
        text_of(target / "site/stages/closing/index.html")
    )

    # the editor maps each schema to its folder; the schemas are there
    settings = json.loads((target / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"]["./schemas/stage.schema.json"] == [
        "standards/stages/*.yml",
        "standards/stages/*.yaml",
    ]
    assert (target / "schemas/stage.schema.json").is_file()


def test_ci_and_hooks_run_the_check_and_publish_the_site(tmp_path: Path) -> None:
    target = tmp_path / "acme"
    assert playbook("init", str(target), cwd=tmp_path).returncode == 0
    github = yaml.safe_load((target / ".github/workflows/playbook.yml").read_text(encoding="utf-8"))
    steps = [step.get("run", step.get("uses", "")) for step in github["jobs"]["check"]["steps"]]
    assert "playbook check --strict --ignore review-overdue --format github" in steps
    assert "playbook build" in steps
    assert github["jobs"]["pages"]["steps"][0]["uses"].startswith("actions/deploy-pages")
    gitlab = yaml.safe_load((target / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert any("--format gitlab" in line for line in gitlab["check"]["script"])
    assert gitlab["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]
    hooks = yaml.safe_load((target / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [hook] = hooks["repos"][0]["hooks"]
    assert (hook["id"], hook["entry"], hook["files"]) == (
        "playbook-check",
        "playbook check --strict --ignore review-overdue",
        "^(standards|templates)/",
    )


def test_a_released_scaffold_shows_what_changed(tmp_path: Path) -> None:
    target = tmp_path / "acme"
    assert playbook("init", str(target), cwd=tmp_path).returncode == 0
    init_repo(target)
    commit(target, "Sales standards", tag="v1.0")
    assert playbook("build", cwd=target).returncode == 0
    assert text_of(target / "site/changes/v1.0/index.html")[-1] == "Добавлено: 11"


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    target = tmp_path / "acme"
    target.mkdir()
    (target / "notes.txt").write_text("mine\n")
    result = playbook("init", str(target), cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"playbook: error: {target} is not empty: choose a new folder, or add --force to write over its files\n"
    )
    assert not (target / "standards").exists()
    forced = playbook("init", str(target), "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert (target / "notes.txt").read_text() == "mine\n"
    assert playbook("check", "--strict", cwd=target).returncode == 0
    file = tmp_path / "file"
    file.write_text("x")
    assert (
        playbook("init", str(file), cwd=tmp_path).stderr
        == f"playbook: error: {file} is a file, not a folder\n"
    )
