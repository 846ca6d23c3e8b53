"""The one pipeline step: what every command reads the standards through."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.errors import ProjectNotFound
from generator.pipeline import read_standards
from generator.project import Project
from tests.gitrepo import commit, git, init_repo


def test_a_working_tree_with_errors_has_no_model(project: Path) -> None:
    stage = project / "standards/stages/closing.yml"
    stage.write_text(stage.read_text().replace("owner: seller", "owner: sellr"))
    standards = read_standards(Project(project))
    assert [d.code for d in standards.errors] == ["ref"]
    assert standards.playbook is None


def test_a_revision_is_read_and_checked_once(project: Path) -> None:
    init_repo(project)
    commit(project, "first", tag="v1")
    first = read_standards(Project(project), "v1")
    assert first.playbook is not None and first.commit is not None
    # by its tag again, and by its commit (as the site's history asks): the same reading
    assert read_standards(Project(project), "v1") is first
    assert read_standards(Project(project), first.commit) is first
    # the working tree is read afresh each time: an edit shows, while the revision stays as it was
    stage = project / "standards/stages/closing.yml"
    stage.write_text(stage.read_text().replace("name: Closing", "name: Signing"))
    now = read_standards(Project(project)).playbook
    assert now is not None and now.entities["stage"]["closing"].name == "Signing"
    assert first.playbook.entities["stage"]["closing"].name == "Closing"


def test_a_revision_from_before_there_were_standards_says_so_every_time(project: Path) -> None:
    init_repo(project)
    commit(project, "standards", tag="v1")
    git(project, "checkout", "-q", "--orphan", "empty")
    shutil.rmtree(project / "standards")
    commit(project, "nothing", tag="empty")
    for _ in range(2):
        with pytest.raises(ProjectNotFound, match="no 'standards/' folder at revision 'empty'"):
            read_standards(Project(project), "empty")
