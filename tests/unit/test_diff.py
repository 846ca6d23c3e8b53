"""The semantic diff: what changed between two versions of the standards, in words a seller reads."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.changes.diff import ABSENT, Action, FieldChange, diff
from generator.cli import cli
from tests.conftest import copy_base, source_of
from tests.gitrepo import commit, git, init_repo


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_values_are_compared_not_text(tmp_path: Path) -> None:
    old = copy_base(tmp_path / "old")
    new = copy_base(tmp_path / "new")
    # the same values written differently: flow style, quotes, comments, key order
    (new / "standards/stages/closing.yml").write_text(
        '# closing\nowner: seller\nname: "Closing"\ngoal: The contract is signed and paid.\n'
        "summary: Sign the contract.\nexit_criteria: [The contract is signed.]\n",
        encoding="utf-8",
    )
    assert diff(source_of(old), source_of(new)) == []


def test_added_removed_and_changed_fields(tmp_path: Path) -> None:
    old = copy_base(tmp_path / "old")
    new = copy_base(tmp_path / "new")
    _edit(
        new,
        "standards/stages/closing.yml",
        "  - The contract is signed.\n",
        "  - The contract is signed by both.\n  - The invoice is paid.\n",
    )
    _edit(new, "standards/kpis/win-rate.yml", "target: 30\n", "target: 35\n")
    _edit(new, "standards/kpis/win-rate.yml", "stage: closing\n", "")
    (new / "standards/objections/too-expensive.yml").unlink()
    shutil.copy(new / "standards/stages/closing.yml", new / "standards/stages/signing.yml")
    changes = diff(source_of(old), source_of(new))
    assert [(c.kind.name, c.id, c.action) for c in changes] == [
        ("stage", "closing", Action.CHANGED),
        ("stage", "signing", Action.ADDED),
        ("objection", "too-expensive", Action.REMOVED),
        ("kpi", "win-rate", Action.CHANGED),
    ]
    assert changes[0].fields == (
        FieldChange(("exit_criteria", 0), "The contract is signed.", "The contract is signed by both."),
        FieldChange(("exit_criteria", 1), ABSENT, "The invoice is paid."),
    )
    assert changes[3].fields == (
        FieldChange(("target",), 30, 35),
        FieldChange(("stage",), "closing", ABSENT),
    )


def test_an_inserted_list_item_is_one_change_not_a_shift(tmp_path: Path) -> None:
    old = copy_base(tmp_path / "old")
    new = copy_base(tmp_path / "new")
    _edit(
        new,
        "standards/scripts/cold-call.yml",
        "steps:\n",
        "steps:\n  - id: intro\n    say: Hello!\n    next: greeting\n",
    )
    [change] = diff(source_of(old), source_of(new))
    assert change.fields == (
        FieldChange(("steps", 0), ABSENT, {"id": "intro", "say": "Hello!", "next": "greeting"}),
    )


def test_a_file_that_does_not_load_is_not_compared(tmp_path: Path) -> None:
    old = copy_base(tmp_path / "old")
    new = copy_base(tmp_path / "new")
    (new / "standards/stages/closing.yml").write_text("name: [broken\n", encoding="utf-8")
    assert diff(source_of(old), source_of(new)) == []  # neither removed nor changed: that side had errors


@pytest.fixture
def history(project: Path) -> Path:
    """The base project in git: v1.0, then v1.1 with a changed stage, then an uncommitted edit."""
    init_repo(project)
    commit(project, "first release", date="2026-01-10T10:00:00", tag="v1.0")
    _edit(
        project,
        "standards/stages/closing.yml",
        "  - The contract is signed.\n",
        "  - The contract is signed by both sides.\n",
    )
    commit(project, "clearer exit", date="2026-02-10T10:00:00", tag="v1.1")
    _edit(
        project,
        "standards/scripts/cold-call.yml",
        "say: Shall we meet on Tuesday?",
        "say: Shall we meet on Wednesday?",
    )
    return project


def test_diff_text_json_and_markdown(history: Path) -> None:
    code, out, err = run("diff", "v1.0", "-C", str(history))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Changes to the standards: v1.0 → working tree",
        "Changed stage “Closing” (standards/stages/closing.yml)",
        "  exit_criteria[0]: “The contract is signed.” → “The contract is signed by both sides.”",
        "Changed script “Cold call” (standards/scripts/cold-call.yml)",
        "  steps[2].say: “Shall we meet on Tuesday?” → “Shall we meet on Wednesday?”",
        "Changed: 2",
    ]
    code, out, _ = run("diff", "v1.0", "v1.1", "-C", str(history), "--format", "json")
    report = json.loads(out)
    assert report["old"]["revision"] == "v1.0" and report["new"]["revision"] == "v1.1"
    assert report["old"]["errors"] is False and len(report["old"]["commit"]) == 40
    assert report["changes"] == [
        {
            "kind": "stage",
            "id": "closing",
            "action": "changed",
            "name": "Closing",
            "path": "standards/stages/closing.yml",
            "fields": [
                {
                    "path": "exit_criteria[0]",
                    "old": "The contract is signed.",
                    "new": "The contract is signed by both sides.",
                }
            ],
        }
    ]
    code, out, _ = run("diff", "v1.1", "-C", str(history), "--format", "markdown")
    assert out == (
        "# Changes to the standards: v1.1 → working tree\n\n"
        "- **Changed script “Cold call”** (`standards/scripts/cold-call.yml`)\n"
        "    - `steps[2].say`: “Shall we meet on Tuesday?” → “Shall we meet on Wednesday?”\n\n"
        "Changed: 1\n"
    )


def test_diff_speaks_the_playbooks_language(history: Path) -> None:
    _edit(history, "standards/playbook.yml", "language: en", "language: ru")
    code, out, _ = run("diff", "v1.1", "-C", str(history))
    assert code == 0
    assert out.splitlines() == [
        "Изменения стандартов: v1.1 → рабочая копия",
        "Изменены общие положения «Acme sales standards» (standards/playbook.yml)",
        "  language: «en» → «ru»",
        "Изменён скрипт «Cold call» (standards/scripts/cold-call.yml)",
        "  steps[2].say: «Shall we meet on Tuesday?» → «Shall we meet on Wednesday?»",
        "Изменено: 2",
    ]


def test_a_side_with_errors_is_noted_and_still_compared(history: Path) -> None:
    _edit(history, "standards/scripts/cold-call.yml", "stage: first-call", "stage: nowhere")
    code, out, _ = run("diff", "v1.1", "-C", str(history))
    assert code == 0
    assert out.splitlines()[:2] == [
        "Changes to the standards: v1.1 → working tree",
        "working tree: the standards do not pass the check; files that could not be read were not compared",
    ]
    assert "  stage: “first-call” → “nowhere”" in out.splitlines()


def test_a_revision_whose_standards_did_not_validate(history: Path) -> None:
    (history / "standards/stages/closing.yml").write_text("name: [broken\n", encoding="utf-8")
    commit(history, "broken", date="2026-03-01T10:00:00", tag="broken")
    code, out, _ = run("diff", "broken", "v1.1", "-C", str(history))
    assert code == 0
    # the stage that did not load is not reported as added back; the script is compared as usual
    assert out.splitlines() == [
        "Changes to the standards: broken → v1.1",
        "broken: the standards do not pass the check; files that could not be read were not compared",
        "Changed script “Cold call” (standards/scripts/cold-call.yml)",
        "  steps[2].say: “Shall we meet on Wednesday?” → “Shall we meet on Tuesday?”",
        "Changed: 1",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["diff", "v9"],
            "playbook: error: unknown revision 'v9': name a tag, a branch or a commit (git tag lists the tags)\n",
        ),
        (
            ["diff", "v1.0", "nope"],
            "playbook: error: unknown revision 'nope': name a tag, a branch or a commit (git tag lists the tags)\n",
        ),
    ],
)
def test_unknown_revisions_exit_2_with_one_line(history: Path, args: list[str], message: str) -> None:
    assert run(*args, "-C", str(history)) == (2, "", message)


def test_a_revision_without_standards(history: Path) -> None:
    git(history, "stash", "-q")
    git(history, "checkout", "-q", "--orphan", "empty")
    shutil.rmtree(history / "standards")
    commit(history, "nothing", date="2026-03-01T10:00:00", tag="empty")
    git(history, "checkout", "-q", "main")
    assert run("diff", "empty", "-C", str(history)) == (
        2,
        "",
        "playbook: error: no 'standards/' folder at revision 'empty'\n",
    )


def test_a_shallow_clone_says_how_to_get_the_history(history: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", "--no-tags", history.as_uri(), str(clone))
    code, out, err = run("diff", "v1.0", "-C", str(clone))
    assert (code, out) == (2, "")
    assert err == (
        "playbook: error: revision 'v1.0' is not in this shallow clone: fetch the history with "
        "'git fetch --unshallow --tags' (in CI: fetch-depth 0 or GIT_DEPTH 0)\n"
    )


def test_not_a_git_repository(project: Path) -> None:
    assert run("diff", "v1.0", "-C", str(project)) == (
        2,
        "",
        f"playbook: error: {project.resolve()} is not in a git repository: there are no revisions to compare\n",
    )


def test_an_edited_template_changes_its_document(tmp_path: Path) -> None:
    from tests import docx_factory
    from tests.conftest import write_yaml

    sides = []
    for name, clause in (("old", "Срок поставки 10 дней."), ("new", "Срок поставки 5 дней.")):
        root = copy_base(tmp_path / name)
        write_yaml(
            root / "standards/documents/offer.yml",
            {
                "name": "Предложение",
                "kind": "proposal",
                "template": "offer.docx",
                "owner": "seller",
                "fields": {"buyer": {"type": "string", "label": "Покупатель"}},
            },
        )
        (root / "templates/documents").mkdir(parents=True)
        (root / "templates/documents/offer.docx").write_bytes(
            docx_factory.build(docx_factory.Spec(paragraphs=["{{ buyer }}", clause]))
        )
        sides.append(source_of(root))
    [change] = diff(*sides)
    assert (change.kind.name, change.id, change.action) == ("document", "offer", Action.CHANGED)
    [field] = change.fields
    assert field.where == "template_file"
    assert (
        field.old.startswith("offer.docx, ")
        and field.new.startswith("offer.docx, ")
        and field.old != field.new
    )
