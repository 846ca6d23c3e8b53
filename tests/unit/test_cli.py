"""The command line as a user meets it: exit codes, colour, `new` and `schemas`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.output


def test_clean_project_exits_0(project: Path) -> None:
    assert run("check", "-C", str(project)) == (0, "9 files checked: no problems found\n")


def test_no_standards_folder_exits_2_with_one_line(tmp_path: Path) -> None:
    code, output = run("check", "-C", str(tmp_path))
    assert code == 2
    assert (
        output
        == f"playbook: error: no 'standards/' folder in {tmp_path}: run playbook in a project's root folder\n"
    )


def test_warnings_fail_only_under_strict(project: Path) -> None:
    playbook = project / "standards/playbook.yml"
    playbook.write_text(playbook.read_text().replace("roles:\n", "roles:\n  intern:\n    name: Intern\n"))
    assert run("check", "-C", str(project))[0] == 0
    assert run("check", "-C", str(project), "--strict")[0] == 1


def _broken(project: Path) -> Path:
    stage = project / "standards/stages/closing.yml"
    stage.write_text(stage.read_text().replace("goal:", "gaol:"))
    return project


def test_colour_only_when_asked_or_on_a_terminal(project: Path) -> None:
    _broken(project)
    assert "\x1b[" not in run("check", "-C", str(project))[1]  # not a terminal
    assert "\x1b[31m" in run("check", "-C", str(project), "--color", "always")[1]
    assert "\x1b[" not in run("check", "-C", str(project), "--color", "never")[1]


def test_no_color_is_respected_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import cli as cli_module

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(cli_module.sys, "stdout", Terminal())
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli_module._use_color("auto") is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli_module._use_color("auto") is False


def test_new_stage_joins_the_pipeline_keeping_comments(project: Path) -> None:
    playbook = project / "standards/playbook.yml"
    before = playbook.read_text()
    code, output = run("new", "stage", "after-sale", "-C", str(project))
    assert code == 0
    assert output.splitlines()[1] == "added 'after-sale' to pipeline 'sales' in standards/playbook.yml"
    assert playbook.read_text() == before.replace(
        "      - closing\n", "      - closing\n      - after-sale\n"
    )


def test_new_stage_in_a_flow_list(project: Path) -> None:
    playbook = project / "standards/playbook.yml"
    playbook.write_text(
        playbook.read_text().replace(
            "stages:\n      - first-call\n      - closing\n", "stages: [first-call, closing]  # the funnel\n"
        )
    )
    assert run("new", "stage", "after-sale", "-C", str(project))[0] == 0
    assert "stages: [first-call, closing, after-sale]  # the funnel\n" in playbook.read_text()
    assert run("check", "-C", str(project), "--strict")[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "stage", "closing"], "playbook: error: stage 'closing' already exists\n"),
        (
            ["new", "stage", "Bad Id"],
            "playbook: error: 'Bad Id' is not a valid id: use lowercase Latin letters and digits joined by hyphens, e.g. 'cold-call'\n",
        ),
        (
            ["new", "stage", "x", "--pipeline", "nope"],
            "playbook: error: no pipeline 'nope' with a list of stages in standards/playbook.yml\n",
        ),
        (
            ["new", "document", "offer"],
            "playbook: error: no template to refer to yet: add one to templates/documents/ first\n",
        ),
    ],
)
def test_new_refuses_with_a_reason(project: Path, args: list[str], message: str) -> None:
    assert run(*args, "-C", str(project)) == (2, message)


def test_new_unknown_kind_is_a_usage_error(project: Path) -> None:
    from generator.kinds import WITH_FILES

    code, output = run("new", "stages", "x", "-C", str(project))
    kinds = "|".join(kind.name for kind in WITH_FILES)  # every kind with files, in the registry's order
    assert code == 2 and f"Invalid value for '{{{kinds}}}': 'stages' is not one of" in output


def test_readme_documents_every_diagnostic_code() -> None:
    from generator.diagnostics import CODES
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert [code for code in CODES if f"| `{code}` |" not in readme] == []


def test_every_limit_is_a_documented_setting() -> None:
    import dataclasses

    from generator.documents.render import Limits as TemplateLimits
    from generator.load import Limits
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    security = (REPO / "SECURITY.md").read_text(encoding="utf-8")
    for limits in (Limits, TemplateLimits):
        for field in dataclasses.fields(limits):
            name = f"`PLAYBOOK_{field.name.upper()}`"
            assert name in readme and name in security, name
