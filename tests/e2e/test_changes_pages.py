"""«What changed» on the site: a page per release tag and one for what is not released yet."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tests.conftest import CASES, copy_base
from tests.e2e.conftest import playbook
from tests.e2e.pagetext import text_of
from tests.gitrepo import commit, init_repo


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def _nav(root: Path) -> list[object]:
    config = yaml.safe_load((root / "build/mkdocs.yml").read_text(encoding="utf-8").split("\n", 1)[1])
    return list(config["nav"])


def test_a_page_per_release_newest_first(tmp_path: Path) -> None:
    root = copy_base(tmp_path / "acme")
    init_repo(root)
    commit(root, "first", date="2026-01-10T10:00:00", tag="v1.0")
    _edit(
        root,
        "standards/stages/closing.yml",
        "  - The contract is signed.\n",
        "  - The contract is signed by both sides.\n",
    )
    (root / "standards/objections/too-expensive.yml").unlink()
    _edit(root, "standards/scripts/cold-call.yml", "        objection: too-expensive\n", "")
    commit(root, "second", date="2026-02-10T10:00:00", tag="release/2026-02")
    _edit(root, "standards/kpis/win-rate.yml", "target: 30", "target: 35")

    result = playbook("build", "--today", "2026-03-01", cwd=root)
    assert result.returncode == 0, result.stderr
    assert {
        "What changed": [
            "changes/index.md",
            "changes/unreleased.md",
            "changes/release-2026-02.md",
            "changes/v1.0.md",
        ]
    } in _nav(root)

    site = root / "site/changes"
    assert text_of(site / "index.html")[2:] == [
        "Release What changed",
        "Unreleased Changed: 1",
        "Release release/2026-02 · 2026-02-10 Removed: 1 · changed: 2",
        "Release v1.0 · 2026-01-10 Added: 9",
    ]
    assert text_of(site / "unreleased/index.html") == [
        "Unreleased",
        "Not in a release yet · Changes since release release/2026-02.",
        "Changed KPI “Win rate” (standards/kpis/win-rate.yml)",
        "target: 30 → 35",
        "Changed: 1",
    ]
    assert text_of(site / "release-2026-02/index.html") == [
        "Release release/2026-02",
        "2026-02-10 · Changes since release v1.0.",
        "Changed stage “Closing” (standards/stages/closing.yml)",
        "exit_criteria[0]: “The contract is signed.” → “The contract is signed by both sides.”",
        "Changed script “Cold call” (standards/scripts/cold-call.yml)",
        "steps[0].options[1].objection: removed “too-expensive”",
        "Removed objection “Too expensive” (standards/objections/too-expensive.yml)",
        "Removed: 1 · changed: 2",
    ]
    first = text_of(site / "v1.0/index.html")
    assert first[:3] == [
        "Release v1.0",
        "2026-01-10 · The first release of the standards.",
        "Added the playbook “Acme sales standards” (standards/playbook.yml)",
    ]
    # an entity that still exists links to its page; a removed one has none to link to
    release = (site / "release-2026-02/index.html").read_text(encoding="utf-8")
    assert 'href="../../stages/closing/"' in release
    assert 'href="../../objections/too-expensive/"' not in release


def test_no_tags_or_no_git_no_section(tmp_path: Path) -> None:
    root = copy_base(tmp_path / "acme")
    assert playbook("build", cwd=root).returncode == 0  # not in git at all
    init_repo(root)
    commit(root, "untagged")
    assert playbook("build", cwd=root).returncode == 0
    assert not (root / "site/changes").exists()
    assert not any(isinstance(item, dict) and "What changed" in item for item in _nav(root))


def test_a_release_that_did_not_validate_is_shown_with_a_warning(tmp_path: Path) -> None:
    root = copy_base(tmp_path / "acme")
    init_repo(root)
    _edit(root, "standards/scripts/cold-call.yml", "stage: first-call", "stage: nowhere")
    commit(root, "broken", date="2026-01-10T10:00:00", tag="v0.9")
    _edit(root, "standards/scripts/cold-call.yml", "stage: nowhere", "stage: first-call")
    commit(root, "fixed", date="2026-01-11T10:00:00", tag="v1.0")
    result = playbook("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert text_of(root / "site/changes/v1.0/index.html") == [
        "Release v1.0",
        "2026-01-11 · Changes since release v0.9.",
        "⚠ One of the versions compared does not pass the check: files that could not be read were not compared.",
        "Changed script “Cold call” (standards/scripts/cold-call.yml)",
        "stage: “nowhere” → “first-call”",
        "Changed: 1",
    ]


def test_a_tag_from_before_the_standards_counts_as_nothing(tmp_path: Path) -> None:
    root = tmp_path / "acme"
    root.mkdir()
    init_repo(root)
    (root / "README.md").write_text("Acme\n", encoding="utf-8")
    commit(root, "empty repository", date="2026-01-01T10:00:00", tag="v0")
    shutil.copytree(CASES / "base", root, dirs_exist_ok=True)
    commit(root, "standards", date="2026-01-02T10:00:00", tag="v1")
    assert playbook("build", cwd=root).returncode == 0
    assert text_of(root / "site/changes/v0/index.html") == [
        "Release v0",
        "2026-01-01 · The first release of the standards.",
        "No changes",
    ]
    assert text_of(root / "site/changes/v1/index.html")[-1] == "Added: 9"
